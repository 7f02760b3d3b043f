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
from ..core.formatting import format_number, format_percent, format_sek, with_unit
from ..core.labels import label
from ..sources.decisions import project_ids, project_label
from .budget_figures import decision_citation
from .figures import (REGION_COLOURS, Chart, chart_tables, number, percent, region_colour,
                      region_pattern, region_symbol, sek, style_figure, title_margin)

BUDGET_SOURCE = "Besluten om ECS3 (2017) och REAL ÖMS (2023), kostnads- och finansieringsbudget"
POPULATION_SOURCE = "SCB folkmängd 31 december (via Eurostat)"
GRP_SOURCE = "SCB regionalräkenskaper (BRP, via Eurostat och RegionFakta)"
KPI_SOURCE = "SCB KPI (fastställda tal)"
# The two projects' marks, in register order (the earlier project first).
PROJECT_PATTERNS = ("", "/")
PROJECT_SYMBOLS = ("circle-open", "diamond")
NEUTRAL = ("#7F7F7F", REGION_COLOURS["SE12"])
COST_PATTERNS = {"staff": "", "external_services": "/", "other_costs": ".",
                 "indirect_costs": "x"}
COST_COLOURS = {"staff": "#0072B2", "external_services": "#E69F00", "other_costs": "#009E73",
                "indirect_costs": "#CC79A7"}
DENOMINATOR_SYMBOLS = {"population": "circle", "grp": "square", "mix": "diamond"}
DENOMINATOR_NAMES = {"population": "Befolkning", "grp": "BRP", "mix": "Blandning"}
SHORT_SOURCE = "Besluten om ECS3 och REAL ÖMS; SCB (folkmängd, BRP)"


def _short(code: str) -> str:
    return regions.short_name(code)


def _region_order(codes) -> list[str]:
    order = regions.oms_county_codes()
    return [c for c in order if c in set(codes)]


def _project_panels(frame: pd.DataFrame):
    """One panel per project (ECS3, REAL ÖMS) sharing the region axis.

    Returns the figure and, per panel, ``(column, project_id, rows by county_code, region
    codes in drawing order)``."""
    pids = [p for p in project_ids() if p in set(frame["project_id"])]
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
                       x_title="Kronor (löpande priser)", source=BUDGET_SOURCE, focus=focus)
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
    return Chart(fig, table, alt, BUDGET_SOURCE, "bidrag-per-region", raw=raw)


def per_inhabitant_chart(cap: pd.DataFrame | None = None, focus: str | None = None) -> Chart:
    """Kronor per inhabitant per region and project (population of the budget years)."""
    c = fin.capacity() if cap is None else cap
    label = lambda v: format_sek(v, 2)  # noqa: E731 - a small formatter
    fig = _region_bars(c, "sek_per_inhabitant", label,
                       title="Bidrag per invånare under hela projektet",
                       x_title="Kronor per invånare", source=f"{BUDGET_SOURCE}; {POPULATION_SOURCE}",
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
    return Chart(fig, table, alt, f"{BUDGET_SOURCE}; {POPULATION_SOURCE}", "bidrag-per-invanare",
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


def fair_share_chart(fs: pd.DataFrame | None = None, focus: str | None = None) -> Chart:
    """Fair-share index per region and project, with the line at 100 (proportional)."""
    f = fin.fair_share() if fs is None else fs
    denominator = f["denominator"].iloc[0]
    dlabel = fin.DENOMINATOR_LABELS[denominator]
    fig = _region_bars(f, "index", lambda v: format_number(v, 0),
                       title=f"Rättvisekvot: andel av medfinansieringen mot andel av {dlabel}",
                       x_title="Index (100 = bidrar i proportion till sin storlek)",
                       source=SHORT_SOURCE, focus=focus)
    for i in range(1, f["project_id"].nunique() + 1):
        fig.add_vline(x=100, line={"color": "#222222", "dash": "dash", "width": 1.5},
                      row=1, col=i)
    table, raw = chart_tables({
        "Projekt": f["project_id"].map(project_label), "Region": f["region"],
        "Andel av medfinansieringen": percent(f["share_of_regional"]),
        f"Andel av {dlabel}": percent(f["denominator_share"]),
        "Index": number(f["index"], 0),
    })
    above = f[f["index"] > 100]
    alt = (f"Liggande stapeldiagram över rättvisekvoten (andel av medfinansieringen delat med "
           f"andel av {dlabel}, gånger 100) per region och projekt. Över 100, det vill säga mer "
           "än sin andel: " + ", ".join(
               f"{_short(c)} i {project_label(p)} ({format_number(v, 0)})"
               for p, c, v in zip(above["project_id"], above["county_code"], above["index"]))
           + ".")
    return Chart(fig, table, alt, SHORT_SOURCE, f"rattvisekvot-{denominator}", raw=raw)


def fair_share_sensitivity_chart(sens: pd.DataFrame | None = None) -> Chart:
    """Dot plot: the index under each denominator, per region and project."""
    s = fin.fair_share_sensitivity() if sens is None else sens
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
    style_figure(fig, title="Rättvisekvoten med olika mått på storlek", source=SHORT_SOURCE,
                 x_title="Index (100 = proportionellt)", height=450)
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
        "Index, befolkning": number(s["population"], 0),
        "Index, BRP": number(s["grp"], 0),
        "Index, blandning": number(s["mix"], 0),
        "Skillnad största–minsta": number(s["spread"], 0),
    })
    big = s.loc[s["spread"].idxmax()]
    alt = ("Punktdiagram som för varje region och projekt visar rättvisekvoten med befolkning "
           "(cirkel), BRP (kvadrat) och en blandning (romb) som mått. Störst skillnad mellan "
           f"måtten har {_short(big['county_code'])} i {project_label(big['project_id'])}: "
           f"{format_number(big['population'], 0)}, {format_number(big['grp'], 0)} och "
           f"{format_number(big['mix'], 0)}.")
    return Chart(fig, table, alt, SHORT_SOURCE, "rattvisekvot-kanslighet", raw=raw)


def monthly_budget_chart(yearly: pd.DataFrame | None = None) -> Chart:
    """Budget per project month, year by year, in current and (if present) fixed prices."""
    y = fin.yearly_budget() if yearly is None else yearly.copy()
    fixed = "total_sek_fixed" in y.columns
    if fixed:
        y["fixed_per_month"] = y["total_sek_fixed"] / y["months"]
    fig = go.Figure()
    y["x"] = [f"{int(yr)}{'*' if fixed and a else ''}<br>({int(m)} mån.)" for yr, m, a in
              zip(y["year"], y["months"], y.get("price_assumed", [False] * len(y)))]
    for pid, neutral, pattern in zip(project_ids(), NEUTRAL, PROJECT_PATTERNS):
        d = y[y["project_id"] == pid]
        if d.empty:
            continue
        series = [("total_per_month_sek", "löpande priser", neutral, pattern)]
        if fixed:
            series.append(("fixed_per_month",
                           f"fasta priser ({int(d['base_year'].iloc[0])} års priser)",
                           "#D55E00", "."))
        for col, what, colour, pattern in series:
            fig.add_trace(go.Bar(
                x=d["x"], y=d[col], name=f"{project_label(pid)}, {what}",
                offsetgroup=col,  # the two projects share slots: wider bars, legible labels
                marker={"color": colour, "pattern": {"shape": pattern},
                        "line": {"color": "#222222", "width": 0.5}},
                # horizontal labels in thousands of kronor fit the bar; the hover has kronor
                text=[_tkr(v) for v in d[col]], textposition="outside", cliponaxis=False,
                textangle=0, textfont={"size": 12}, customdata=[format_sek(v) for v in d[col]],
                hovertemplate="%{x}: %{customdata}<extra>" + what + "</extra>"))
    top = float(y["total_per_month_sek"].max())
    fig.update_yaxes(range=[0, top * 1.45], tickformat=",.0f")
    fig.update_xaxes(type="category")
    style_figure(fig, title="Budget per projektmånad, år för år (ECS3: beslutad period)",
                 source=BUDGET_SOURCE + (f"; {KPI_SOURCE}" if fixed else ""),
                 x_title="Budgetår och projektmånader" + (" (* = prisnivån antagen, KPI saknas)"
                                       if fixed and y["price_assumed"].any() else ""),
                 y_title="Kronor per projektmånad", height=460)
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": 1.1, "x": 0})
    columns = {
        "Projekt": y["project_id"].map(project_label), "År": y["year"].astype(str),
        "Månader": number(y["months"]),
        "Bokförda kostnader": sek(y["total_sek"]),
        "Per projektmånad": sek(y["total_per_month_sek"]),
        "Regionernas medfinansiering per månad": sek(y["regional_per_month_sek"]),
    }
    if fixed:
        columns["Per projektmånad, fasta priser"] = sek(y["fixed_per_month"])
        columns["Prisnivå antagen"] = y["price_assumed"].map({True: "ja", False: "nej"})
    table, raw = chart_tables(columns)
    parts = [f"{project_label(p)} {r}: {format_sek(v)}" for p, r, v in
             zip(y["project_id"], y["year"], y["total_per_month_sek"])]
    alt = ("Stapeldiagram över budgeten per projektmånad för varje budgetår (första och sista "
           "året i REAL ÖMS är delår). " + "; ".join(parts) + ".")
    return Chart(fig, table, alt, BUDGET_SOURCE + (f"; {KPI_SOURCE}" if fixed else ""),
                 "budget-per-manad", raw=raw)


_PERIOD_MEASURES = {
    "per_month": ("total_per_month_sek", "later_total_per_month_sek",
                  "Budget per projektmånad", "Kronor per projektmånad", "budget-per-manad-perioder"),
    "regional_per_year": ("regional_per_year_sek", "later_regional_per_year_sek",
                          "Regionernas medfinansiering per tolv projektmånader",
                          "Kronor per tolv projektmånader", "medfinansiering-perioder"),
}


def period_chart(cmp: pd.DataFrame | None = None, measure: str = "per_month") -> Chart:
    """ECS3's decided period and its reported end side by side, against REAL ÖMS (issue 15).

    ``cmp`` is :func:`analysis.analyses.financing.period.period_comparison`; ``measure``
    ``per_month`` (total budget per project month) or ``regional_per_year`` (the regions'
    co-financing per twelve project months). The reported end has no budget of its own: its bars
    spread the decided budget over the longer period and are hatched to say so.
    """
    from ..analyses.financing.period import period_comparison

    c = period_comparison() if cmp is None else cmp
    if measure not in _PERIOD_MEASURES:
        from ..core.errors import ParameterError

        raise ParameterError(f"Okänt mått {measure!r}. Giltiga val: {', '.join(_PERIOD_MEASURES)}.")
    col, later_col, title, y_title, name = _PERIOD_MEASURES[measure]
    ecs3, real = project_label("ECS3"), project_label("REAL_OMS")
    months_sv = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                 "september", "oktober", "november", "december")
    labels = [f"{ecs3}, {'beslutad period' if k else f'slut {months_sv[e.month - 1]} {e.year}'}<br>"
              f"({int(m)} mån.{'' if k else ', samma budget'})"
              for k, e, m in zip(c["budget_known"], c["end_date"], c["months"])]
    values = c[col].tolist()
    later = float(c[later_col].iloc[0])
    x = [*labels, f"{real}<br>(beslutad period)"]
    y = [*values, later]
    known = [*c["budget_known"].tolist(), True]
    fig = go.Figure(go.Bar(
        x=x, y=y, marker={"color": [NEUTRAL[0]] * len(values) + [NEUTRAL[1]],
                          "pattern": {"shape": ["" if k else "x" for k in known]},
                          "line": {"color": "#222222", "width": 0.5}},
        text=[_tkr(v) for v in y], textposition="outside", cliponaxis=False, textangle=0,
        customdata=[format_sek(v) for v in y], hovertemplate="%{x}: %{customdata}<extra></extra>",
        showlegend=False))
    fig.update_yaxes(range=[0, max(y) * 1.3], tickformat=",.0f")
    fig.update_xaxes(type="category")
    style_figure(fig, title=f"{title}: {ecs3}:s beslutade period och rapporterade slut",
                 source=BUDGET_SOURCE + "; regionernas sida om ECS3 (slutet)",
                 x_title="Period (randig stapel = beslutad budget utslagen på den längre perioden)",
                 y_title=y_title, height=440)
    table, raw = chart_tables({
        "Projekt och period": [lbl.replace("<br>", " ") for lbl in x],
        "ECS3:s månader": replace(number([*c["months"], None]), fmt=_dash_or(format_number)),
        title: sek(pd.Series(y)),
        f"{real} jämfört med perioden": replace(
            percent([later / v - 1 for v in values] + [None], 1, signed=True),
            fmt=_dash_or(lambda v: format_percent(v, 1, signed=True))),
    })
    alt = (f"Stapeldiagram: {title.lower()} i {ecs3} med den beslutade perioden och med det "
           f"rapporterade slutet (samma budget utslagen på fler månader), och i {real}. "
           + "; ".join(f"{lbl.replace('<br>', ' ')}: {format_sek(v)}" for lbl, v in zip(x, y)) + ".")
    return Chart(fig, table, alt, BUDGET_SOURCE, name, raw=raw)


def change_chart(change: pd.DataFrame | None = None, focus: str | None = None) -> Chart:
    """Dumbbell: each region's contribution in ECS3 and in REAL ÖMS, with the change in %."""
    ch = fin.change_by_region() if change is None else change
    codes = _region_order(ch["county_code"])[::-1]
    d = ch.set_index("county_code")
    fig = go.Figure()
    for c in codes:
        fig.add_trace(go.Scatter(
            x=[d.at[c, "before"], d.at[c, "after"]], y=[_short(c)] * 2, mode="lines",
            line={"color": region_colour(c), "width": 4 if c == focus else 2},
            showlegend=False, hoverinfo="skip"))
    earlier, later = project_ids()[0], project_ids()[-1]
    for pid, col, symbol in zip((earlier, later), ("before", "after"), PROJECT_SYMBOLS):
        fig.add_trace(go.Scatter(
            x=[d.at[c, col] for c in codes], y=[_short(c) for c in codes], mode="markers",
            name=project_label(pid),
            marker={"symbol": symbol, "size": 14,
                    "color": [region_colour(c) for c in codes],
                    "line": {"color": "#222222", "width": 1.5}},
            hovertemplate="%{y}: %{x:,.0f}\u00a0kr<extra>" + project_label(pid) + "</extra>"))
    fig.add_trace(go.Scatter(
        x=[d.at[c, "after"] for c in codes], y=[_short(c) for c in codes], mode="text",
        text=[f"   {format_percent(d.at[c, 'change_pct'], 0, signed=True)}" for c in codes],
        textposition="middle right", showlegend=False, hoverinfo="skip"))
    fig.update_xaxes(range=[0, float(d["after"].max()) * 1.3], tickformat=",.0f")
    style_figure(fig, title="Bidrag per region: ECS3 mot REAL ÖMS", source=BUDGET_SOURCE,
                 x_title="Kronor (löpande priser, hela projektet)", height=400)
    fig.update_layout(legend={"orientation": "h", "y": 1.1, "x": 0})
    table, raw = chart_tables({
        "Region": ch["region"], project_label(earlier): sek(ch["before"]),
        project_label(later): sek(ch["after"]),
        "Förändring": sek(ch["change_sek"], signed=True),
        "Förändring, %": percent(ch["change_pct"], 1, signed=True),
        "Förändring per tolv projektmånader, %": percent(ch["change_pct_per_year"], 1, signed=True),
    })
    alt = ("Hantelsdiagram: för varje region en ring för bidraget till ECS3 och en romb för "
           "bidraget till REAL ÖMS, med förändringen i procent. " + "; ".join(
               f"{_short(c)} {format_sek(d.at[c, 'before'])} till {format_sek(d.at[c, 'after'])}"
               for c in codes[::-1]) + ".")
    return Chart(fig, table, alt, BUDGET_SOURCE, "forandring-per-region", raw=raw)


def cost_structure_chart(cs: pd.DataFrame | None = None) -> Chart:
    """100 % stacked bars: each project's booked costs by category."""
    c = fin.cost_structure() if cs is None else cs
    pids = [p for p in project_ids() if p in set(c["project_id"])]
    fig = go.Figure()
    for cat in ("staff", "external_services", "other_costs", "indirect_costs"):
        d = c[c["category"] == cat].set_index("project_id")
        if d.empty:
            continue
        fig.add_trace(go.Bar(
            y=[project_label(p) for p in pids], x=[d["share"].get(p, 0) * 100 for p in pids],
            orientation="h", name=label("cost_category", cat),
            # faint patterns: a second carrier of the category that keeps the labels legible
            marker={"color": COST_COLOURS[cat], "pattern": {"shape": COST_PATTERNS[cat],
                                                           "fgcolor": "#FFFFFF",
                                                           "fgopacity": 0.35},
                    "line": {"color": "#222222", "width": 0.5}},
            text=[f"{label('cost_category', cat).split(' (')[0]}<br>{format_percent(d['share'][p], 0)}"
                  if p in d.index else "" for p in pids],
            textposition="inside", insidetextanchor="middle",
            textfont={"color": "#000000" if cat in ("external_services", "other_costs")
                      else "#FFFFFF", "size": 13},
            hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_xaxes(range=[0, 100], ticksuffix=" %")
    style_figure(fig, title="Vad pengarna går till", source=BUDGET_SOURCE,
                 x_title="Andel av de bokförda kostnaderna", height=380)
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": 1.2, "x": 0},
                      uniformtext={"minsize": 11, "mode": "hide"})
    table, raw = chart_tables({
        "Projekt": c["project_id"].map(project_label), "Kostnadsslag": c["category_label"],
        "Belopp": sek(c["amount_sek"]), "Andel": percent(c["share"]),
    })
    alt = ("Staplat stapeldiagram över de bokförda kostnaderna per kostnadsslag. " + "; ".join(
        f"{project_label(p)}: " + ", ".join(
            f"{lab.split(' (')[0].lower()} {format_percent(s, 0)}"
            for lab, s in zip(c.loc[c['project_id'] == p, 'category_label'],
                              c.loc[c['project_id'] == p, 'share'])) for p in pids) + ".")
    return Chart(fig, table, alt, BUDGET_SOURCE, "kostnadsstruktur", raw=raw)


def targets_table(targets: pd.DataFrame) -> pd.DataFrame:
    """The targets with outcomes as a reader's table (Swedish headers and formats)."""
    return pd.DataFrame({
        "Projekt": targets["project_id"].map(project_label),
        "Mål": targets["description"],
        "Målvärde": [with_unit(format_number(v), u) for v, u in zip(targets["value"], targets["unit"])],
        "Offentlig finansiering per målenhet": [
            (f"{format_number(v, 2)}\u00a0kr per krona" if "krona" in lab
             else f"{format_sek(v)} per {str(u)}")
            for v, lab, u in zip(targets["public_sek_per_unit"], targets["per_unit_label"],
                                 targets["unit"])],
        "Utfall": [("–" if pd.isna(a) else with_unit(format_number(a), u))
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


__all__ = ["contributions_chart", "per_inhabitant_chart", "fair_share_chart",
           "fair_share_sensitivity_chart", "monthly_budget_chart", "change_chart",
           "cost_structure_chart", "targets_table", "region_symbol"]


def _dash_or(fmt, *, zero: bool = False):
    """``fmt``, but "–" for a missing value (and for 0 with ``zero=True``)."""
    return lambda v: "–" if pd.isna(v) or (zero and v == 0) else fmt(v)


def contributions_table(contrib: pd.DataFrame | None = None, *,
                        numbers: bool = False) -> pd.DataFrame:
    """Every financier and funding source per project, as a reader's table (``numbers=True``:
    the raw twin for the workbook)."""
    c = fin.contributions() if contrib is None else contrib
    columns = {
        "Projekt": c["project_id"].map(project_label),
        "Finansiär (som i beslutet)": c["label"],
        "Slag av medel": c["funding_source_label"],
        "Belopp": sek(c["amount_sek"]),
        "Andel av regionernas medfinansiering": replace(percent(c["share_of_regional"]),
                                                        fmt=_dash_or(format_percent)),
        "Andel av budgeten": percent(c["share_of_total"]),
        "Avrundning i beslutet": replace(sek(c["rounding_difference_sek"], signed=True),
                                         fmt=_dash_or(lambda d: format_sek(d, signed=True),
                                                      zero=True)),
        "Källa": c["project_id"].map(decision_citation),
    }
    if numbers:  # the data file keeps the document and its lines
        columns |= {"Dokument": c["document"], "Rader": c["lines"]}
    return _shown_or_raw(numbers, columns)


def over_time_table(totals: pd.DataFrame, *, numbers: bool = False) -> pd.DataFrame:
    """ECS3 against REAL ÖMS (from :func:`analysis.analyses.financing.over_time`), as a reader's table."""
    t = totals
    out = {
        "Projekt": t["project_id"].map(project_label),
        "Budgetår": [f"{a}–{b}" for a, b in zip(t["first_year"], t["last_year"])],
        "Projektmånader": number(t["months"]),
        "Budget": sek(t["total_sek"]),
        "Regionernas medfinansiering": sek(t["regional_sek"]),
        "ERUF": sek(t["erdf_sek"]),
        "Budget per projektmånad": sek(t["total_per_month_sek"]),
    }
    if "total_sek_fixed" in t.columns:
        base = int(t["base_year"].iloc[0])
        out[f"Budget, fasta priser ({base})"] = sek(t["total_sek_fixed"])
        out[f"Per projektmånad, fasta priser ({base})"] = sek(t["total_per_month_sek_fixed"])
        out["Prisnivå antagen för något år"] = t["price_assumed"].map({True: "ja", False: "nej"})
    return _shown_or_raw(numbers, out)


def cofinancing_table(shares: pd.DataFrame | None = None, *,
                      numbers: bool = False) -> pd.DataFrame:
    """ERUF, regions and the deciding region as shares of the booked costs."""
    s = fin.cofinancing_shares() if shares is None else shares
    return _shown_or_raw(numbers, {
        "Projekt": s["project_id"].map(project_label),
        "Bokförda kostnader": sek(s["total_cost_sek"]),
        "ERUF": sek(s["erdf_sek"]),
        "ERUF-andel": percent(s["erdf_share"]),
        "Regionerna": sek(s["regional_sek"]),
        "Regionernas andel": percent(s["regional_share"]),
        "Beslutande region": s["deciding_authority"],
        "Beslutande regions andel": percent(s["deciding_share"]),
        "Sökt andel enligt beslutet": replace(percent(s["applied_share"]),
                                              fmt=_dash_or(format_percent)),
    })


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
