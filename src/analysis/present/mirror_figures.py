"""Figures for the mirror (spegling) and the challenge areas; each returns a :class:`Chart`.

Every factory takes the result of a function in :mod:`analysis.analyses.mirror` or
:mod:`analysis.tables.challenges` (or computes it with the defaults), so a figure never holds a number
of its own. Regions are told apart by colour *and* marker symbol / line dash / bar pattern, and
every chart carries its table and a Swedish alt text built from the data.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ..core.formatting import format_number, format_percent
from ..analyses import mirror
from ..core import regions
from .figures import (OTHER_COLOUR, Chart, Shown, chart_tables, interval, number, percent, rank,
                      region_colour, region_dash, region_symbol, style_figure)
from .table_records import excel_format

_INDICATOR_SOURCE = "SCB (folkmängd, BRP, FoU) via Eurostat, RegionFakta och Kolada; Reglab"


def format_value(value, measure: str) -> str:
    """A profile value as a reader sees it: growth in % per year, levels in their unit."""
    if pd.isna(value):
        return "uppgift saknas"
    if measure.endswith("_growth"):
        return f"{format_percent(value, 1, signed=True)} per år"
    if measure == "innovation_index_reglab":
        return format_number(value, 1)
    return format_number(value, 0)


def _source_of(table: pd.DataFrame) -> str:
    if "source" not in table.columns:
        return _INDICATOR_SOURCE
    sources = [s for s in dict.fromkeys(table["source"].dropna().astype(str)) if s]
    return "; ".join(sources) if sources else _INDICATOR_SOURCE


def _short_source(table: pd.DataFrame) -> str:
    # The figure's source line stays short; the full per-row sources are in the table.
    text = _source_of(table)
    return text if len(text) <= 100 else _INDICATOR_SOURCE + " (källa per rad i tabellen)"


# ---------------------------------------------------------------------------- profile


def profile_chart(profile: pd.DataFrame | None = None, title: str | None = None) -> Chart:
    """Dot plot: each region's percentile among the 21 counties, per measure."""
    p = mirror.profile() if profile is None else profile.copy()
    measures = list(dict.fromkeys(p["measure"]))
    y_labels = {m: mirror.label_with_period(p.loc[p["measure"] == m, "label"].iloc[0],
                                            p.loc[p["measure"] == m, "period"].iloc[0])
                for m in measures}
    fig = go.Figure()
    for code in dict.fromkeys(p["county_code"]):
        d = p[(p["county_code"] == code) & p["percentile"].notna()]
        if d.empty:
            continue
        hover = [f"{regions.short_name(code)}: {format_value(v, m)}"
                 + (f", plats {int(r)} av {int(n)}" if pd.notna(r) else "")
                 for v, m, r, n in zip(d["value"], d["measure"], d["rank"], d["n_counties"])]
        fig.add_trace(go.Scatter(
            x=d["percentile"], y=[y_labels[m] for m in d["measure"]], mode="markers",
            name=regions.short_name(code), text=hover, hovertemplate="%{text}<extra></extra>",
            marker={"color": region_colour(code), "symbol": region_symbol(code), "size": 12,
                    "line": {"width": 1, "color": "#222222"}}))
    fig.update_xaxes(range=[-3, 103], ticksuffix=" %", dtick=25)
    fig.update_yaxes(categoryorder="array", categoryarray=[y_labels[m] for m in reversed(measures)])
    style_figure(fig, title=title or "Läget bland Sveriges 21 län", source=_short_source(p),
                 x_title="Percentil bland länen (andel län med lika högt eller lägre värde)",
                 height=140 + 55 * len(measures))
    table, raw = chart_tables({
        "Region": p["region"], "Mått": p["label"], "Period": p["period"],
        "Värde": Shown(p["value"], str, excel="General",
                       texts=[format_value(v, m) for v, m in zip(p["value"], p["measure"])]),
        "Plats bland länen": rank(p["rank"], p["n_counties"], header="Plats bland länen",
                                  of_header="Antal län"),
        "Percentil": Shown(p["percentile"], str, decimals=0, excel=excel_format("integer"),
                           texts=[format_number(x, 0) if pd.notna(x) else "–"
                                  for x in p["percentile"]]),
        "Källa": p["source"],
    })
    raw.insert(2, "Måttets kod", p["measure"].to_numpy())
    names = ", ".join(regions.short_name(c) for c in dict.fromkeys(p["county_code"]))
    alt = (f"Punktdiagram över {len(measures)} mått för {names}: varje punkt visar regionens "
           f"percentil bland de 21 länen (0–100\u00a0%). Värden, placeringar och källor finns i tabellen.")
    return Chart(fig, table, alt, _short_source(p), "profil", raw=raw)


# ---------------------------------------------------------------------------- similar regions


def similar_regions_chart(similarity: mirror.Similarity | None = None) -> Chart:
    """Horizontal bars: distance from the focus region to every candidate county (short = alike)."""
    s = mirror.similar_regions() if similarity is None else similarity
    t = s.table.iloc[::-1]  # nearest at the top
    peer = t["peer"].to_numpy()
    focus_name = regions.short_name(s.focus)
    fig = go.Figure(go.Bar(
        x=t["distance"], y=[regions.short_name(c) for c in t["county_code"]], orientation="h",
        marker={"color": [region_colour(s.focus) if p else OTHER_COLOUR for p in peer],
                "pattern": {"shape": ["/" if p else "" for p in peer]},
                "line": {"color": "#222222", "width": 0.5}},
        text=[f"{format_number(d, 2)}{'  (jämförelselän)' if p else ''}"
              for d, p in zip(t["distance"], peer)],
        textposition="outside", hovertemplate="%{y}: avstånd %{x:.2f}<extra></extra>",
        showlegend=False))
    kind, peer_col = ("Regioner", "Jämförelseregion") if s.nuts2 else ("Län", "Jämförelselän")
    style_figure(fig, title=f"{kind} som liknar {focus_name} mest",
                 source="Egen beräkning på " + _INDICATOR_SOURCE,
                 x_title="Avstånd i standardiserad profil (kortare = mer likt)",
                 height=160 + 24 * len(t))
    fig.update_xaxes(range=[0, float(t["distance"].max()) * 1.35])
    table, raw = chart_tables({
        "Ordning": s.table["order"], ("Region" if s.nuts2 else "Län"): s.table["region"],
        "Avstånd": number(s.table["distance"], 2),
        peer_col: np.where(s.table["peer"], "ja", "nej"),
        **{f"z: {mirror.indicator_label(i)}": number(s.table[f"z_{i}"], 2) for i in s.indicators},
    })
    genitive = focus_name if focus_name[-1:].lower() in "sxz" else focus_name + "s"
    alt = (f"Stapeldiagram: de {len(s.table)} {'regionernas' if s.nuts2 else 'länens'} avstånd "
           f"till {genitive} profil. "
           f"Närmast ligger {', '.join(regions.short_name(c) for c in s.peers)}.")
    return Chart(fig, table, alt, "Egen beräkning", "liknande-lan", notes=[s.basis, *s.notes],
                 raw=raw)


# ---------------------------------------------------------------------------- dendrogram


def dendrogram_chart(clustering: mirror.Clustering | None = None) -> Chart:
    """Dendrogram of the 21 counties (Ward), or of the eight NUTS 2 regions; ÖMS marked."""
    from scipy.cluster import hierarchy

    c = mirror.cluster_counties() if clustering is None else clustering
    oms = {"SE12"} if c.nuts2 else set(regions.oms_county_codes())
    labels = [f"{regions.short_name(code)}{' (ÖMS)' if code in oms else ''}" for code in c.codes]
    dendro = hierarchy.dendrogram(c.linkage, labels=labels, no_plot=True)
    # Drawn lying down: the county names stand horizontally on the left, where they are never
    # cut off or rotated, and the figure reads the same on a 390 px phone as at 1366 px.
    fig = go.Figure()
    for xs, ys in zip(dendro["icoord"], dendro["dcoord"]):
        fig.add_trace(go.Scatter(x=ys, y=xs, mode="lines", line={"color": "#333333", "width": 1.5},
                                 hoverinfo="skip", showlegend=False))
    ticks = [5 + 10 * i for i in range(len(dendro["ivl"]))]
    fig.update_yaxes(tickvals=ticks, ticktext=dendro["ivl"], showgrid=False, automargin=True,
                     range=[0, 10 * len(ticks)])
    fig.update_xaxes(rangemode="tozero", automargin=True)
    style_figure(fig, title=("NUTS 2-regionerna" if c.nuts2 else "Länen")
                 + " grupperade efter likhet (hierarkisk klustring)",
                 source="Egen beräkning på " + _INDICATOR_SOURCE,
                 x_title="Sammanslagningsavstånd", height=140 + 24 * len(ticks))
    fig.layout.annotations[-1].update(y=-70 / (140 + 24 * len(ticks)))
    order = {code: i for i, code in enumerate(c.codes)}
    leaves = [c.codes[i] for i in dendro["leaves"]]
    table = pd.DataFrame({
        ("Region" if c.nuts2 else "Län"): [regions.county_name(code) for code in leaves],
        "ÖMS": ["ja" if code in oms else "nej" for code in leaves],
        "Grupp": [int(c.clusters.iloc[order[code]]["cluster"]) for code in leaves],
    })
    groups = table.groupby("Grupp")[table.columns[0]].apply(
        lambda s: ", ".join(x.replace(" län", "") for x in s))
    alt = (f"Dendrogram över {c.scale}. Delat i {len(groups)} grupper: "
           + "; ".join(f"grupp {g}: {names}" for g, names in groups.items()) + ".")
    return Chart(fig, table, alt, "Egen beräkning", "dendrogram", notes=[c.basis, *c.notes])


# ---------------------------------------------------------------------------- trajectories


# Peers get dash patterns the named regions do not use, so no two lines look alike in greyscale.
_PEER_DASHES = ["2px,2px", "8px,3px,2px,3px", "12px,4px", "4px,6px", "10px,2px,2px,2px,2px,2px"]
_PEER_SYMBOLS = ["circle-open", "square-open", "diamond-open", "triangle-up-open",
                 "triangle-down-open", "star-open"]


def trajectories_chart(trajectory: pd.DataFrame) -> Chart:
    """Lines: the indicator indexed to the base year (= 100) for focus, peers, ÖMS, Riket."""
    t = trajectory
    indicator, base = t.attrs["indicator"], t.attrs["base_year"]
    label = mirror.indicator_label(indicator)
    fig = go.Figure()
    peer_i = 0
    for (code, region, role), g in t.groupby(["county_code", "region", "role"], sort=False):
        if role == t.attrs.get("peer_role", "jämförelselän"):
            colour, dash, symbol = OTHER_COLOUR, _PEER_DASHES[peer_i % 5], _PEER_SYMBOLS[peer_i % 6]
            width, peer_i = 1.5, peer_i + 1
        elif role == t.attrs.get("mean_role", "jämförelselän, medel"):
            colour, dash, symbol, width = "#555555", "dash", "square", 3
        else:
            colour, dash, symbol = region_colour(code), region_dash(code), region_symbol(code)
            width = 3.5 if role == "fokus" else 2.5
        name = region if role != "fokus" else f"{region} (fokus)"
        fig.add_trace(go.Scatter(
            x=g["year"], y=g["index"], mode="lines+markers", name=name,
            line={"color": colour, "dash": dash, "width": width},
            marker={"symbol": symbol, "size": 8, "color": colour},
            hovertemplate=f"{region} %{{x}}: %{{y:.1f}}<extra></extra>"))
    fig.add_hline(y=100, line={"color": "#999999", "width": 1})
    fig.update_xaxes(dtick=1 if t["year"].nunique() <= 12 else 2)
    style_figure(fig, title=f"{label}: utveckling (index {base} = 100)",
                 source="Egen beräkning på " + _INDICATOR_SOURCE, x_title="År",
                 y_title=f"Index, {base} = 100")
    table = pd.DataFrame({
        "Region": t["region"], "Roll": t["role"], "År": t["year"],
        "Värde": [format_value(v, indicator) for v in t["value"]],
        f"Index ({base} = 100)": [format_number(v, 1) for v in t["index"]],
    })
    raw = table.assign(**{"Värde": t["value"].to_numpy(dtype=float),
                          f"Index ({base} = 100)": t["index"].to_numpy(dtype=float)})
    last = t[t["year"] == t["year"].max()]
    focus = last[last["role"] == "fokus"].iloc[0]
    mean_role = t.attrs.get("mean_role", "jämförelselän, medel")
    mean = last[last["role"] == mean_role].iloc[0]
    alt = (f"Linjediagram över {mirror.label_in_sentence(indicator)} {t['year'].min()}–"
           f"{t['year'].max()}, index {base} = 100. {focus['region']} når "
           f"{format_number(focus['index'], 1)} år {int(focus['year'])}, "
           f"{'jämförelseregionerna' if t.attrs.get('nuts2') else 'jämförelselänen'} i medel "
           f"{format_number(mean['index'], 1)}.")
    notes = list(t.attrs.get("notes", []))
    if notes:
        alt += " " + " ".join(notes)
    return Chart(fig, table, alt, "Egen beräkning", f"utveckling-{indicator}", notes=notes,
                 raw=raw)


def trend_table(comparison: mirror.GrowthComparison) -> pd.DataFrame:
    """Trend slopes with 95 % intervals as a reader sees them."""
    s = comparison.slopes
    return chart_tables({
        "Region": s["region"], "Roll": s["role"],
        "Trend (procent av basårets nivå per år)": number(s["slope"], 2, signed=True),
        "95 % konfidensintervall": interval(s["ci_low"], s["ci_high"], 2,
                                            header="95 % konfidensintervall"),
        "År": [f"{a}–{b}" for a, b in zip(s["first_year"], s["last_year"])],
    })[0]


def windows_table(growth: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Growth per project window for ``codes`` (e.g. ÖMS and its five counties) and Riket, a row
    per region and window, as a reader sees it: nominal growth in kronor (own conversion) and
    the change of the share of Sweden's GDP in percentage points (numbers in the workbook).
    ``growth``: :func:`analysis.analyses.mirror.windows.window_growth`."""
    g = growth[growth["code"].isin(codes)]
    windows = g[["window", "start_year", "end_year", "complete"]].drop_duplicates()
    heads = {w: f"{w}{'' if c else ', hittills'} {a}–{b}"
             for w, a, b, c in windows.itertuples(index=False)}
    rows = [("Riket", heads[w], g.loc[g["window"] == w, "riket_growth_sek"].iloc[0], None)
            for w in heads]
    for code in codes:
        r = g[g["code"] == code].set_index("window")
        name = regions.short_name(code)  # "ÖMS" for SE12
        rows += [(name, heads[w], r.at[w, "growth_sek"], r.at[w, "share_change_pp"])
                 for w in heads if w in r.index]
    shown, _ = chart_tables({
        "Region": [x[0] for x in rows],
        "Period": [x[1] for x in rows],
        "Tillväxt i kronor": percent([x[2] for x in rows], 1, signed=True),
        "Andelen av Sveriges BRP, ändring (procentenheter)": replace(
            number([x[3] for x in rows], 2, signed=True),
            fmt=lambda v: "–" if pd.isna(v) else format_number(v, 2, signed=True)),
    })
    return shown


def sensitivity_table(sensitivity) -> pd.DataFrame:
    """The growth verdict's sensitivity (känslighet) as a reader sees it: every variant."""
    t = sensitivity.table
    from ..core.params import region_focus

    nuts2 = region_focus(sensitivity.focus).is_nuts2
    variant = {"alla": "Alla jämförelseregioner" if nuts2 else "Alla jämförelselän",
               "andra mått": ("Jämförelseregioner" if nuts2 else "Jämförelselän")
               + " valda på andra mått"}
    return chart_tables({
        "Variant": [f"Utan {regions.short_name(r['left_out'])}" if r["variant"] == "utan ett län"
                    else variant[r["variant"]] for _, r in t.iterrows()],
        "Jämförs med": [", ".join(regions.short_name(c) for c in p) for p in t["peers"]],
        "Skillnad (procentenheter per år)": number(t["difference"], 2, signed=True),
        "95 % konfidensintervall": interval(t["ci_low"], t["ci_high"], 2,
                                            header="95 % konfidensintervall"),
        "Slutsats": t["verdict"].map({"snabbare": "växer snabbare", "långsammare": "växer långsammare",
                                      "osäkert": "osäkert"}),
    })[0]


# ---------------------------------------------------------------------------- NUTS 2


# The RIS's group names and the press pages' words, as a Swedish reader reads them.
_RIS_WORDS = {"Strong Innovator": "stark innovatör", "Moderate Innovator": "måttlig innovatör",
              "Innovation Leader": "innovationsledare", "Emerging Innovator": "framväxande innovatör",
              "top 15": "bland de 15 främsta", " -": " (nedre delen)", " +": " (övre delen)"}
# Who published the page each row quotes, named as the publisher, not as a web address.
_PUBLISHERS = {"warpnews.org": "Warp News (2021)",
               "stockholmregion.org": "Stockholmsregionens Europakontor (2023)",
               "pressmeddelanden/2025/07": "Regeringskansliet, pressmeddelande juli 2025",
               "centralsweden.se": "Central Sweden, ÖMS-regionernas EU-kontor (2021)",
               "northsweden.eu": "North Sweden European Office (2021)"}
_NOTES = {"conflicts with stockholmregion.org": "Stockholmsregionens Europakontor (2023) anger i "
                                                "stället plats 2 i 2021 års utgåva."}


def ris_swedish(text: str) -> str:
    """A RIS value or statement with the scoreboard's English group names in Swedish."""
    out = str(text)
    for english, swedish in _RIS_WORDS.items():
        if english.startswith(" "):
            out = out[:-2] + swedish if out.endswith(english) else out
        else:
            out = out.replace(english, swedish)
    return out


def ris_publisher(source: str) -> str:
    """The publisher of a quoted page: ``'Central Sweden, ÖMS-regionernas EU-kontor (2021)'``."""
    return next((name for key, name in _PUBLISHERS.items() if key in str(source)),
                str(source) or "–")


def _ris_note(note: str) -> str:
    return next((sv for key, sv in _NOTES.items() if str(note).startswith(key)), str(note) or "–")


def nuts2_table(v: pd.DataFrame) -> pd.DataFrame:
    """The RIS rows as a Swedish reader's table: who, which edition, what, and who says so."""
    return pd.DataFrame({
        "Region": [f"{r} ({c})" for r, c in zip(v["region"], v["nuts2_code"])],
        "Utgåva": v["edition"].replace("", "–"), "Mått": v["measure"].replace("", "–"),
        "Värde": v["value"].map(ris_swedish), "Källa": v["source"].map(ris_publisher),
        "Anmärkning": v["note"].map(_ris_note),
    })


def nuts2_chart(view: pd.DataFrame | None = None) -> Chart:
    """Table figure: Swedish NUTS 2 regions in the Regional Innovation Scoreboard (press pages)."""
    v = mirror.nuts2_view() if view is None else view
    table = nuts2_table(v)
    marker = ["▶ " if o else "" for o in v["is_oms"]]
    cells = [[f"{m}{r}" for m, r in zip(marker, table["Region"])],
             table["Utgåva"].tolist(), table["Mått"].tolist(), table["Värde"].tolist(),
             table["Källa"].tolist()]
    fill = [["#E8F1FA" if o else "white" for o in v["is_oms"]]] * len(cells)
    fig = go.Figure(go.Table(
        columnwidth=[170, 80, 190, 150, 260],
        header={"values": ["Region", "Utgåva", "Mått", "Värde", "Källa"], "align": "left",
                "fill": {"color": "#DDDDDD"}, "font": {"size": 13}},
        cells={"values": cells, "align": "left", "fill": {"color": fill}, "font": {"size": 13},
               "height": 28}))
    style_figure(fig, title="Sveriges NUTS 2-regioner i EU:s regionala innovationsmätning (RIS)",
                 source="Press- och nyhetssidor (se tabellen); " + mirror.RIS_CAVEAT,
                 height=560)
    fig.layout.annotations[-1].update(y=-0.05)
    raw = pd.DataFrame({"NUTS 2": v["nuts2_code"], "Region": v["region"], "Utgåva": v["edition"],
                        "Mått": v["measure"], "Värde": v["value"], "Citat": v["evidence"],
                        "Källa (adress)": v["source"], "Anmärkning": v["note"]})
    oms = v[v["is_oms"] & (v["value"] != "uppgift saknas")]
    oms_text = "; ".join(f"{ris_swedish(st)} ({e})" for st, e in zip(oms["statement"], oms["edition"])) \
        or "uppgift saknas"
    alt = (f"Tabell över Sveriges åtta NUTS 2-regioner i EU:s regionala innovationsmätning "
           f"(Regional Innovation Scoreboard). Östra Mellansverige (SE12): {oms_text}. "
           f"{mirror.RIS_CAVEAT}")
    return Chart(fig, table, alt, "Press- och nyhetssidor (källa per rad)", "nuts2",
                 notes=[mirror.RIS_CAVEAT], raw=raw)


# ---------------------------------------------------------------------------- challenge areas


def challenge_trends_chart(data: pd.DataFrame | None = None, focus: str = regions.OMS_CODE) -> Chart:
    """One panel per challenge area with a proxy: the location quotient (against population) of
    every NUTS 2 region by year, ``focus`` highlighted and the others grey; the table behind it
    has employed, share of women and the quotient for every region and year."""
    from plotly.subplots import make_subplots

    from ..analyses.mirror.industry import area_employment

    d = area_employment() if data is None else data
    areas = list(dict.fromkeys(d["area"]))
    fig = make_subplots(rows=1, cols=len(areas), subplot_titles=areas, shared_yaxes=True,
                        horizontal_spacing=0.04)
    for i, area in enumerate(areas, start=1):
        a = d[(d["area"] == area) & (d["code"] != "SE")]
        for code, g in a.groupby("code", sort=True):
            is_focus = code == focus
            fig.add_trace(go.Scatter(
                x=g["year"], y=g["lq"], mode="lines+markers", name=g["region"].iloc[0],
                legendgroup=code, showlegend=(i == 1 and is_focus),
                line={"color": region_colour(code) if is_focus else OTHER_COLOUR,
                      "width": 3.5 if is_focus else 1.2},
                marker={"size": 7 if is_focus else 4},
                hovertemplate=f"{g['region'].iloc[0]} %{{x}}: %{{y:.2f}}<extra></extra>"),
                row=1, col=i)
        fig.add_hline(y=1, line={"color": "#999999", "width": 1}, row=1, col=i)
    years = sorted(d["year"].unique())
    style_figure(fig, title=f"Utmaningsområdena i sysselsättningen {years[0]}–{years[-1]}: "
                 f"{regions.nuts2_name(focus)} (färg) och övriga NUTS 2-regioner (grått)",
                 source="Egen beräkning på SCB:s registerbaserade arbetsmarknadsstatistik och folkmängd",
                 y_title="Lokaliseringskvot (Sverige = 1)")
    # compact: one row per area and region, the quotient per year, employed and women at the ends
    first, last = years[0], years[-1]
    groups = [(f"{area}: {g['region'].iloc[0]}", g.set_index("year"))
              for (area, code), g in d.groupby(["area", "code"], sort=False)]
    columns: dict = {"Område: region": [name for name, _ in groups]}
    columns.update({f"Kvot {y}": number([g["lq"].get(y) for _, g in groups], 2) for y in years})
    for y in (first, last):
        columns[f"Andel kvinnor {y}"] = percent([g["share_women"].get(y) for _, g in groups], 0)
    table, raw = chart_tables(columns)
    f = d[d["code"] == focus]
    alt = (f"Linjediagram i {len(areas)} delar, ett per utmaningsområde, med lokaliseringskvoten för "
           f"Sveriges NUTS 2-regioner {years[0]}–{years[-1]}. "
           + " ".join(f"{area}: {regions.nuts2_name(focus)} "
                      f"{format_number(g['lq'].iloc[0], 2)} till {format_number(g['lq'].iloc[-1], 2)}."
                      for area, g in ((a, f[f["area"] == a].sort_values("year", kind="stable"))
                                      for a in areas if (f["area"] == a).any())))
    return Chart(fig, table, alt, "Egen beräkning", "utmaningsomraden-over-tid", raw=raw)
