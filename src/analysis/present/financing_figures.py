"""Figures for the financing chapter; each factory returns an :class:`analysis.present.figures.Chart`.

A factory takes the result of a function in :mod:`analysis.analyses.financing` (or computes it with the
defaults), so a figure never holds a number of its own. Regions keep their colour and bar
pattern from :mod:`analysis.present.figures`, every bar carries a direct label, and each chart carries
its table (Swedish headers, Swedish number format) and a Swedish alt text built from the data.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..analyses import financing as fin
from ..core import regions
from ..core.formatting import decimals_of, format_number, format_percent, format_sek, with_unit
from ..core.labels import label
from ..sources.decisions import project_ids, project_label
from .budget_figures import budget_source, decision_citation
from .figures import (Chart, chart_tables, number, percent, region_colour,
                      region_pattern, region_symbol, sek, style_figure, title_margin)



def _budget_source() -> str:
    """The register's decisions as a figure's source line (read when a figure is made)."""
    return budget_source() + ", kostnads- och finansieringsbudget"


def _short_source() -> str:
    return budget_source() + "; SCB (folkmängd, BRP)"


POPULATION_SOURCE = "SCB folkmängd 31 december (via Eurostat)"
GRP_SOURCE = "SCB regionalräkenskaper (BRP, via Eurostat och RegionFakta)"
COST_PATTERNS = {"staff": "", "external_services": "/", "other_costs": ".",
                 "indirect_costs": "x"}
COST_COLOURS = {"staff": "#0072B2", "external_services": "#E69F00", "other_costs": "#F0E442",
                "indirect_costs": "#CC79A7"}
DENOMINATOR_SYMBOLS = {"population": "circle", "grp": "square", "mix": "diamond"}
DENOMINATOR_NAMES = {"population": "Befolkning", "grp": "BRP", "mix": "Blandning"}


def _short(code: str) -> str:
    return regions.short_name(code)


def _region_order(codes) -> list[str]:
    order = regions.oms_county_codes()
    return [c for c in order if c in set(codes)]


def _project_panels(frame: pd.DataFrame):
    """One panel per project (ECS3, REAL ÖMS) sharing the region axis.

    Returns the figure and, per panel, ``(column, project_id, rows by county_code, region
    codes in drawing order)``."""
    pids = fin.project_order(frame["project_id"].unique())
    fig = make_subplots(rows=1, cols=len(pids), shared_yaxes=True, horizontal_spacing=0.08,
                        subplot_titles=[project_label(p) for p in pids])
    panels = []
    for i, pid in enumerate(pids, start=1):
        d = frame[frame["project_id"] == pid].set_index("county_code")
        panels.append((i, pid, d, _region_order(d.index)[::-1]))
    return fig, panels


def _tkr(value) -> str:
    """A short bar label: thousands of kronor, ``'367 tkr'``."""
    return with_unit(format_number(float(value) / 1000, 0), "tkr")


def _region_bars(frame: pd.DataFrame, value: str, label_fn, *, title: str, x_title: str,
                 source: str, focus: str | None = None) -> go.Figure:
    """Horizontal bars per region, one panel per project, direct labels, region colour+pattern."""
    fig, panels = _project_panels(frame)
    for i, pid, d, codes in panels:
        fig.add_trace(go.Bar(
            x=[d.at[c, value] for c in codes], y=[_short(c) for c in codes], orientation="h",
            name=project_label(pid), showlegend=False,
            text=[label_fn(d.at[c, value]) for c in codes], textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra>" + project_label(pid) + "</extra>",
            marker={"color": [region_colour(c) for c in codes],
                    "pattern": {"shape": [region_pattern(c) for c in codes]},
                    "line": {"color": ["#000000" if c == focus else "#222222" for c in codes],
                             "width": [3 if c == focus else 0.5 for c in codes]}}), row=1, col=i)
        top = float(frame[value].max())
        fig.update_xaxes(range=[0, top * 1.35], row=1, col=i)
    style_figure(fig, title=title, source=source, height=420)
    fig.update_xaxes(title_text=x_title, tickformat=",.0f")
    return fig


def contributions_chart(contrib: pd.DataFrame | None = None, focus: str | None = None) -> Chart:
    """Each region's contribution (kronor) to ECS3 and REAL ÖMS."""
    c = fin.regional_contributions() if contrib is None else contrib
    fig = _region_bars(c, "amount_sek", format_sek, title="Regionernas bidrag till projekten",
                       x_title="Kronor (löpande priser)", source=_budget_source(), focus=focus)
    table, raw = chart_tables({
        "Projekt": c["project_id"].map(project_label), "Region": c["region"],
        "Bidrag": sek(c["amount_sek"]),
        "Andel av regionernas medfinansiering": percent(c["share_of_regional"]),
        "Andel av hela budgeten": percent(c["share_of_total"]),
        "Antal finansieringskällor": number(c["n_sources"]),
    })
    parts = []
    for pid, d in c.groupby("project_id", sort=False):
        parts.append(f"{project_label(pid)}: " + ", ".join(
            f"{r} {format_sek(a)}" for r, a in zip(d["region"], d["amount_sek"])))
    alt = ("Liggande stapeldiagram med en panel per projekt som visar varje regions bidrag i "
           "kronor. " + "; ".join(parts) + ".")
    return Chart(fig, table, alt, _budget_source(), "bidrag-per-region", raw=raw)


def per_inhabitant_chart(cap: pd.DataFrame | None = None, focus: str | None = None) -> Chart:
    """Kronor per inhabitant per region and project (population of the budget years)."""
    c = fin.capacity() if cap is None else cap
    label = lambda v: format_sek(v, 2)  # noqa: E731 - a small formatter
    fig = _region_bars(c, "sek_per_inhabitant", label,
                       title="Bidrag per invånare under hela projektet",
                       x_title="Kronor per invånare", source=f"{_budget_source()}; {POPULATION_SOURCE}",
                       focus=focus)
    table, raw = chart_tables({
        "Projekt": c["project_id"].map(project_label), "Region": c["region"],
        "Bidrag": sek(c["amount_sek"]),
        "Kronor per invånare": number(c["sek_per_inhabitant"], 2),
        "Kronor per invånare och år": number(c["sek_per_inhabitant_per_year"], 2),
        "Befolkningsår": c["population_years"],
        "Kronor per mnkr BRP": number(c["sek_per_msek_grp"], 1),
        "BRP-år": c["grp_year"].astype(int).astype(str),
    })
    parts = []
    for pid, d in c.groupby("project_id", sort=False):
        hi = d.loc[d["sek_per_inhabitant"].idxmax()]
        lo = d.loc[d["sek_per_inhabitant"].idxmin()]
        parts.append(f"i {project_label(pid)} högst för {_short(hi['county_code'])} "
                     f"({format_sek(hi['sek_per_inhabitant'], 2)}) och lägst för "
                     f"{_short(lo['county_code'])} ({format_sek(lo['sek_per_inhabitant'], 2)})")
    alt = ("Liggande stapeldiagram över bidrag per invånare per region och projekt; "
           + "; ".join(parts) + ".")
    notes = []
    if c["population_assumed"].any():
        notes.append("För budgetår efter den senaste befolkningsstatistiken används senast kända "
                     "folkmängd (se kolumnen Befolkningsår).")
    notes += _population_gap_notes(c)
    return Chart(fig, table, alt, f"{_budget_source()}; {POPULATION_SOURCE}", "bidrag-per-invanare",
                 notes, raw=raw)


def _population_gap_notes(c: pd.DataFrame) -> list[str]:
    """A note per region and project where a budget year inside the statistics has no published
    population (suppressed in the source): which years, and that an earlier year stands in."""
    notes = []
    for _, r in c.iterrows():
        used = [int(y) for y in str(r["population_years"]).split(", ") if y.strip().isdigit()]
        if not used:
            continue
        gaps = [y for y in range(int(r["first_year"]), int(r["last_year"]) + 1)
                if y <= max(used) and y not in used]
        if gaps:
            notes.append(f"Folkmängden för {r['region']} {', '.join(map(str, gaps))} saknas i statistiken "
                         f"(undertryckt); i {project_label(r['project_id'])} används närmast tidigare "
                         "publicerade år (se kolumnen Befolkningsår).")
    return notes


def contribution_ratio_chart(fs: pd.DataFrame | None = None, focus: str | None = None) -> Chart:
    """The contribution ratio (bidragskvot) per region and project, with the line at 100."""
    f = fin.contribution_ratio() if fs is None else fs
    denominator = f["denominator"].iloc[0]
    dlabel = fin.DENOMINATOR_LABELS[denominator]
    fig = _region_bars(f, "index", lambda v: format_number(v, 0),
                       title=f"Bidragskvot: andel av medfinansieringen mot andel av {dlabel}",
                       x_title="Bidragskvot (100 = lika stor andel av pengarna som av storleken)",
                       source=_short_source(), focus=focus)
    for i in range(1, f["project_id"].nunique() + 1):
        fig.add_vline(x=100, line={"color": "#222222", "dash": "dash", "width": 1.5},
                      row=1, col=i)
    table, raw = chart_tables({
        "Projekt": f["project_id"].map(project_label), "Region": f["region"],
        "Andel av medfinansieringen": percent(f["share_of_regional"]),
        f"Andel av {dlabel}": percent(f["denominator_share"]),
        "Bidragskvot": number(f["index"], 0),
    })
    above = f[f["index"] > 100]
    alt = (f"Liggande stapeldiagram över bidragskvoten (andel av medfinansieringen delat med "
           f"andel av {dlabel}, gånger 100) per region och projekt. Över 100, det vill säga mer "
           "än sin andel: " + ", ".join(
               f"{_short(c)} i {project_label(p)} ({format_number(v, 0)})"
               for p, c, v in zip(above["project_id"], above["county_code"], above["index"]))
           + ".")
    return Chart(fig, table, alt, _short_source(), f"bidragskvot-{denominator}", raw=raw)


def contribution_ratio_sensitivity_chart(sens: pd.DataFrame | None = None) -> Chart:
    """Dot plot: the contribution ratio under each denominator, per region and project."""
    s = fin.contribution_ratio_sensitivity() if sens is None else sens
    fig, panels = _project_panels(s)
    for i, pid, d, codes in panels:
        for den in fin.DENOMINATORS:
            fig.add_trace(go.Scatter(
                x=[d.at[c, den] for c in codes], y=[_short(c) for c in codes], mode="markers",
                name=DENOMINATOR_NAMES[den], legendgroup=den, showlegend=False,
                marker={"symbol": DENOMINATOR_SYMBOLS[den], "size": 12,
                        "color": [region_colour(c) for c in codes],
                        "line": {"color": "#222222", "width": 1}},
                hovertemplate="%{y}: %{x:.0f}<extra>" + fin.DENOMINATOR_LABELS[den] + "</extra>"),
                row=1, col=i)
        fig.add_vline(x=100, line={"color": "#222222", "dash": "dash", "width": 1.5},
                      row=1, col=i)
    for den in fin.DENOMINATORS:  # legend entries in neutral grey: the symbol is the key
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=DENOMINATOR_NAMES[den],
                                 legendgroup=den, marker={"symbol": DENOMINATOR_SYMBOLS[den],
                                                          "size": 12, "color": "#BBBBBB",
                                                          "line": {"color": "#222222", "width": 1}}))
    style_figure(fig, title="Bidragskvoten med olika mått på storlek", source=_short_source(),
                 x_title="Bidragskvot (100 = lika stora andelar)", height=450)
    # Both panels compare the same index: one scale, so equal distances mean equal differences.
    top = float(s[list(fin.DENOMINATORS)].max().max())
    fig.update_xaxes(range=[0, max(top, 100) * 1.1])
    for i, *_ in panels[1:]:
        fig.update_xaxes(matches="x", row=1, col=i)
    n_rows = max(len(codes) for *_, codes in panels)
    fig.update_yaxes(range=[-0.6, n_rows - 0.4])  # the top and bottom dots are never cut
    fig.update_layout(legend={"orientation": "h", "y": 1.08, "yanchor": "bottom", "x": 0,
                              "title": {"text": "Mått:"}},
                      margin={"t": title_margin(fig, 50)})
    table, raw = chart_tables({
        "Projekt": s["project_id"].map(project_label), "Region": s["region"],
        "Kvot, befolkning": number(s["population"], 0),
        "Kvot, BRP": number(s["grp"], 0),
        "Kvot, blandning": number(s["mix"], 0),
        "Skillnad största–minsta": number(s["spread"], 0),
    })
    big = s.loc[s["spread"].idxmax()]
    alt = ("Punktdiagram som för varje region och projekt visar bidragskvoten med befolkning "
           "(cirkel), BRP (kvadrat) och en blandning (romb) som mått. Störst skillnad mellan "
           f"måtten har {_short(big['county_code'])} i {project_label(big['project_id'])}: "
           f"{format_number(big['population'], 0)}, {format_number(big['grp'], 0)} och "
           f"{format_number(big['mix'], 0)}.")
    return Chart(fig, table, alt, _short_source(), "bidragskvot-kanslighet", raw=raw)


def _cost_order(categories) -> list[str]:
    """Own staff first, then every itemised category (in the label registry's order, then any
    other), the flat rate last: staff against everything else reads left to right."""
    from ..core.labels import labels

    present = list(dict.fromkeys(categories))
    known = [c for c in labels("cost_category") if c in present]
    rest = [c for c in present if c not in known]
    middle = [c for c in known + rest if c not in ("staff", "indirect_costs")]
    return (["staff"] if "staff" in present else []) + middle + (
        ["indirect_costs"] if "indirect_costs" in present else [])


# Costs other than own staff share the warm colours (the flat rate, which stands for them, too).
OTHER_COST_COLOURS = ("#D55E00", "#F0E442", "#E69F00", "#CC79A7", "#009E73")
FLAT_RATE_TEXT = "Schablon för alla andra kostnader"


def cost_structure_chart(cs: pd.DataFrame | None = None) -> Chart:
    """100 % stacked bars: each project's booked costs by category, every category shown (none
    dropped); own staff in blue, every other cost, the flat rate included, in warm colours, so
    that staff against everything else compares like with like."""
    c = fin.cost_structure() if cs is None else cs
    pids = [p for p in project_ids() if p in set(c["project_id"])]
    fig = go.Figure()
    spare = iter(OTHER_COST_COLOURS * 3)
    for cat in _cost_order(c["category"]):
        d = c[c["category"] == cat].set_index("project_id")
        colour = COST_COLOURS.get(cat) or next(spare)
        name = FLAT_RATE_TEXT if cat == "indirect_costs" else str(d["category_label"].iloc[0])
        short = name.split(" (")[0]
        fig.add_trace(go.Bar(
            y=[project_label(p) for p in pids], x=[d["share"].get(p, 0) * 100 for p in pids],
            orientation="h", name=name,
            # faint patterns: a second carrier of the category that keeps the labels legible
            marker={"color": colour, "pattern": {"shape": COST_PATTERNS.get(cat, "."),
                                                 "fgcolor": "#FFFFFF", "fgopacity": 0.35},
                    "line": {"color": "#222222", "width": 0.5}},
            text=[f"{short}<br>{format_percent(d['share'][p], 0)}" if p in d.index else ""
                  for p in pids],
            textposition="inside", insidetextanchor="middle",
            textfont={"color": "#FFFFFF" if cat == "staff" else "#000000", "size": 13},
            hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_xaxes(range=[0, 100], ticksuffix=" %")
    style_figure(fig, title="Vad pengarna går till", source=_budget_source(),
                 x_title="Andel av de bokförda kostnaderna", height=380)
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": 1.2, "x": 0,
                                               "traceorder": "normal"},
                      uniformtext={"minsize": 11, "mode": "hide"})
    fig.update_yaxes(autorange="reversed")  # the projects top down in register order
    table, raw = chart_tables({
        "Projekt": c["project_id"].map(project_label), "Kostnadsslag": c["category_label"],
        "Belopp": sek(c["amount_sek"]), "Andel": percent(c["share"]),
    })
    alt = ("Staplat stapeldiagram över de bokförda kostnaderna per kostnadsslag. " + "; ".join(
        f"{project_label(p)}: " + ", ".join(
            f"{lab.split(' (')[0].lower()} {format_percent(s, 0)}"
            for lab, s in zip(c.loc[c['project_id'] == p, 'category_label'],
                              c.loc[c['project_id'] == p, 'share'])) for p in pids) + ".")
    notes = []
    flat = sorted(set(c.loc[c["category"] == "indirect_costs", "project_id"]),
                  key=lambda p: pids.index(p) if p in pids else len(pids))
    if flat:
        from ..narrative.financing_text import FLAT_RATE_RULE

        notes.append(f"Schablonen i {' och '.join(project_label(p) for p in flat)} står för alla "
                     "kostnader utom egen personal, också externa tjänster och resor "
                     f"({FLAT_RATE_RULE}). Jämför därför egen personal mot allt annat, inte "
                     "kostnadsslag för kostnadsslag.")
        alt += " " + notes[0]
    return Chart(fig, table, alt, _budget_source(), "kostnadsstruktur", notes, raw=raw)


def targets_table(targets: pd.DataFrame) -> pd.DataFrame:
    """The targets with outcomes as a reader's table (Swedish headers and formats). The public
    money per target unit is not a column: it divides the whole budget by one target, so it
    stands only in the sentence that says so (:func:`analysis.narrative.outcome_text.cost_per_unit_text`)."""
    return pd.DataFrame({
        "Projekt": targets["project_id"].map(project_label),
        "Mål": targets["description"],
        "Målvärde": [with_unit(format_number(v), u) for v, u in zip(targets["value"], targets["unit"])],
        "Utfall": [("–" if pd.isna(a) else with_unit(format_number(a, decimals_of(a)), u))
                   for a, u in zip(targets["achieved_value"], targets["unit"])],
        "Måluppfyllelse": [("–" if pd.isna(a) else format_percent(a, 0))
                           for a in targets["attainment"]],
        "Status": targets["status"],
        "Källa för utfallet": _outcome_sources(targets),
    })


def _outcome_sources(targets: pd.DataFrame) -> list[str]:
    """'Slutrapport … (införd i utfallsfilen)', or '–' for a target without an outcome."""
    entered = targets["entered_in"] if "entered_in" in targets else [None] * len(targets)
    return [("–" if not (isinstance(s, str) and s) else
             s + (f" (införd i {e})" if isinstance(e, str) and e else ""))
            for s, e in zip(targets["source"], entered)]


# The over-time figures live in over_time_figures (one module per topic); kept importable here.
from .over_time_figures import (change_chart, monthly_budget_chart,  # noqa: E402,F401
                                over_time_table)

__all__ = ["contributions_chart", "per_inhabitant_chart", "contribution_ratio_chart",
           "contribution_ratio_sensitivity_chart", "monthly_budget_chart", "change_chart",
           "cost_structure_chart", "targets_table", "region_symbol"]


def _dash_or(fmt, *, zero: bool = False):
    """``fmt``, but "–" for a missing value (and for 0 with ``zero=True``)."""
    return lambda v: "–" if pd.isna(v) or (zero and v == 0) else fmt(v)


def _kind_text(kind: str, sector: str, form: str) -> str:
    """'Regioner', 'Övriga finansiärer (offentlig)', 'Privata finansiärer, i annat än pengar':
    the kind from the register, public or private where the kind does not say it."""
    text = label("financier_kind", kind)
    if kind == "other":
        text += f" ({label('financier_sector', sector)})"
    if form == "in_kind":
        text += ", i annat än pengar"
    return text


def contributions_table(contrib: pd.DataFrame | None = None, *,
                        numbers: bool = False) -> pd.DataFrame:
    """Every financier and funding source per project, as a reader's table (``numbers=True``:
    the raw twin for the workbook, with the source on every row; the reader's table has it once,
    :func:`contributions_source`)."""
    c = fin.contributions() if contrib is None else contrib
    columns = {
        "Projekt": c["project_id"].map(project_label),
        "Finansiär (som i beslutet)": c["label"],
        "Typ av finansiär": [_kind_text(k, s, f) for k, s, f in zip(c["kind"], c["sector"], c["form"])],
        "Slag av medel": c["funding_source_label"],
        "Belopp": sek(c["amount_sek"]),
        "Andel av regionernas medfinansiering": replace(percent(c["share_of_regional"]),
                                                        fmt=_dash_or(format_percent)),
        "Andel av budgeten": percent(c["share_of_total"]),
        "Avrundning i beslutet": replace(sek(c["rounding_difference_sek"], signed=True),
                                         fmt=_dash_or(lambda d: format_sek(d, signed=True),
                                                      zero=True)),
    }
    if numbers:  # the data file keeps the source on every row, and the document and its lines
        columns |= {"Källa": c["project_id"].map(decision_citation),
                    "Dokument": c["document"], "Rader": c["lines"]}
    return _shown_or_raw(numbers, columns)


def contributions_source(contrib: pd.DataFrame | None = None) -> str:
    """The reader's table's source, once below it rather than on every row: each project's
    decision by Dnr and section."""
    c = fin.contributions() if contrib is None else contrib
    cites = [decision_citation(p) for p in dict.fromkeys(c["project_id"])]
    return f"Källa: {'; '.join(cites)}."


def cofinancing_table(shares: pd.DataFrame | None = None, *,
                      numbers: bool = False) -> pd.DataFrame:
    """ERUF, regions, other public and private money, contributions in kind and the deciding
    region as shares of the booked costs (the columns of money no project has are left out)."""
    s = fin.cofinancing_shares() if shares is None else shares
    columns = {
        "Projekt": s["project_id"].map(project_label),
        "Bokförda kostnader": sek(s["total_cost_sek"]),
        "ERUF": sek(s["erdf_sek"]),
        "ERUF-andel": percent(s["erdf_share"]),
        "Regionerna": sek(s["regional_sek"]),
        "Regionernas andel": percent(s["regional_share"]),
    }
    for part, name in (("other_public", "Övriga offentliga"), ("private", "Privata"),
                       ("in_kind", "I annat än pengar")):
        if f"{part}_sek" in s and (s[f"{part}_sek"] != 0).any():
            columns[name] = sek(s[f"{part}_sek"])
            columns[f"{name}, andel"] = percent(s[f"{part}_share"])
    columns |= {
        "Beslutande region": s["deciding_authority"],
        "Beslutande regions andel": percent(s["deciding_share"]),
        "Sökt andel enligt beslutet": replace(percent(s["applied_share"]),
                                              fmt=_dash_or(format_percent)),
    }
    return _shown_or_raw(numbers, columns)


def _shown_or_raw(numbers: bool, columns: dict) -> pd.DataFrame:
    shown, raw = chart_tables(columns)
    return raw if numbers else shown


def flat_rate_table(ratio: pd.DataFrame | None = None) -> pd.DataFrame:
    """Indirect costs against staff costs per year (the 40 % flat rate)."""
    r = fin.indirect_cost_ratio() if ratio is None else ratio
    r = r[r["ratio"].notna()]
    return pd.DataFrame({
        "Projekt": r["project_id"].map(project_label), "År": r["year"].astype(str),
        "Egen personal": r["staff"].map(format_sek),
        "Indirekta kostnader": r["indirect_costs"].map(format_sek),
        "Andel av personalkostnaden": r["ratio"].map(lambda v: format_percent(v, 2)),
    })
