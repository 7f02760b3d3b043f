"""Figures and tables for "Utveckling över tid": the register's projects by start date, each
pair of consecutive projects, each region's change in the latest pair, the fixed-price
sensitivity and what is known and missing about a project that ran past its decided period.

Every factory takes a result of :mod:`analysis.analyses.financing` (or computes it with the
defaults) and returns a :class:`analysis.present.figures.Chart` or a reader's table with Swedish
headers. Project names come from the register; nothing here names a project.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..analyses import financing as fin
from ..core import regions
from ..core.formatting import (format_date, format_number, format_percent, format_sek,
                               upper_first, with_unit)
from ..sources.decisions import project_label
from .budget_figures import budget_source, project_marks
from .figures import Chart, chart_tables, number, percent, region_colour, sek, style_figure

KPI_SOURCE = "SCB KPI (fastställda tal)"
# the earlier and the later project of a pair (never colour alone: ring and diamond)
PAIR_SYMBOLS = ("circle-open", "diamond")


def _short(code: str) -> str:
    return regions.short_name(code)


def _tkr(value) -> str:
    """A short bar label: thousands of kronor, ``'367 tkr'``."""
    return with_unit(format_number(float(value) / 1000, 0), "tkr")


def monthly_budget_chart(yearly: pd.DataFrame | None = None) -> Chart:
    """Budget per project month, year by year, in current and (if present) fixed prices; one
    bar series per project in start order (each project its colour and pattern)."""
    y = fin.yearly_budget() if yearly is None else yearly.copy()
    fixed = "total_sek_fixed" in y.columns
    if fixed:
        y["fixed_per_month"] = y["total_sek_fixed"] / y["months"]
    order = fin.project_order(y["project_id"].unique())
    y = y.set_index("project_id").loc[order].reset_index()
    fig = go.Figure()
    y["x"] = [f"{int(yr)}{'*' if fixed and a else ''}<br>({int(m)} mån.)" for yr, m, a in
              zip(y["year"], y["months"], y.get("price_assumed", [False] * len(y)))]
    marks = project_marks(order)
    for pid in order:
        d = y[y["project_id"] == pid]
        colour, pattern = marks[pid]
        series = [("total_per_month_sek", "löpande priser", colour, pattern)]
        if fixed:
            series.append(("fixed_per_month",
                           f"fasta priser ({int(d['base_year'].iloc[0])} års priser)",
                           "#D55E00", "."))
        for col, what, col_colour, col_pattern in series:
            fig.add_trace(go.Bar(
                x=d["x"], y=d[col], name=f"{project_label(pid)}, {what}",
                offsetgroup=col,  # the projects share slots: wider bars, legible labels
                marker={"color": col_colour, "pattern": {"shape": col_pattern},
                        "line": {"color": "#222222", "width": 0.5}},
                text=[_tkr(v) for v in d[col]], textposition="outside", cliponaxis=False,
                textangle=0, textfont={"size": 12}, customdata=[format_sek(v) for v in d[col]],
                hovertemplate="%{x}: %{customdata}<extra>" + what + "</extra>"))
    top = float(y["total_per_month_sek"].max())
    fig.update_yaxes(range=[0, top * 1.45], tickformat=",.0f")
    fig.update_xaxes(type="category")
    style_figure(fig, title="Budget per projektmånad, år för år, enligt besluten",
                 source=budget_source() + (f"; {KPI_SOURCE}" if fixed else ""),
                 x_title="Budgetår och projektmånader" + (" (* = prisnivån antagen, KPI saknas)"
                                                          if fixed and y["price_assumed"].any()
                                                          else ""),
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
    partial = [project_label(p) for p in order
               if (y.loc[y["project_id"] == p, "months"] < 12).any()]
    parts = [f"{project_label(p)} {r}: {format_sek(v)}" for p, r, v in
             zip(y["project_id"], y["year"], y["total_per_month_sek"])]
    alt = ("Stapeldiagram över budgeten per projektmånad för varje budgetår"
           + (f" (delår i {', '.join(partial)})" if partial else "") + ". "
           + "; ".join(parts) + ".")
    return Chart(fig, table, alt, budget_source() + (f"; {KPI_SOURCE}" if fixed else ""),
                 "budget-per-manad", raw=raw)


def change_chart(change: pd.DataFrame | None = None, focus: str | None = None) -> Chart:
    """Dumbbell: each region's contribution in two consecutive projects (by default the latest
    pair), with the change in %. The title names the pair."""
    ch = fin.change_by_region() if change is None else change
    earlier, later = ch["from_project"].iloc[0], ch["to_project"].iloc[0]
    before, after = project_label(earlier), project_label(later)
    codes = [c for c in regions.oms_county_codes() if c in set(ch["county_code"])][::-1]
    d = ch.set_index("county_code")
    fig = go.Figure()
    for c in codes:
        fig.add_trace(go.Scatter(
            x=[d.at[c, "before"], d.at[c, "after"]], y=[_short(c)] * 2, mode="lines",
            line={"color": region_colour(c), "width": 4 if c == focus else 2},
            showlegend=False, hoverinfo="skip"))
    for name, col, symbol in zip((before, after), ("before", "after"), PAIR_SYMBOLS):
        fig.add_trace(go.Scatter(
            x=[d.at[c, col] for c in codes], y=[_short(c) for c in codes], mode="markers",
            name=name,
            marker={"symbol": symbol, "size": 14,
                    "color": [region_colour(c) for c in codes],
                    "line": {"color": "#222222", "width": 1.5}},
            hovertemplate="%{y}: %{x:,.0f}\u00a0kr<extra>" + name + "</extra>"))
    fig.add_trace(go.Scatter(
        x=[d.at[c, "after"] for c in codes], y=[_short(c) for c in codes], mode="text",
        text=[f"   {format_percent(d.at[c, 'change_pct'], 0, signed=True)}" for c in codes],
        textposition="middle right", showlegend=False, hoverinfo="skip"))
    top = float(max(d["after"].max(), d["before"].max()))
    fig.update_xaxes(range=[0, top * 1.3], tickformat=",.0f")
    style_figure(fig, title=f"Bidrag per region: {before} mot {after}", source=budget_source(),
                 x_title="Kronor (löpande priser, hela projektet)", height=400)
    fig.update_layout(legend={"orientation": "h", "y": 1.1, "x": 0})
    table, raw = chart_tables({
        "Region": ch["region"], before: sek(ch["before"]), after: sek(ch["after"]),
        "Förändring": sek(ch["change_sek"], signed=True),
        "Förändring, %": percent(ch["change_pct"], 1, signed=True),
        "Förändring per tolv projektmånader, %": percent(ch["change_pct_per_year"], 1, signed=True),
    })
    alt = (f"Hantelsdiagram: för varje region en ring för bidraget till {before} och en romb för "
           f"bidraget till {after}, med förändringen i procent. " + "; ".join(
               f"{_short(c)} {format_sek(d.at[c, 'before'])} till {format_sek(d.at[c, 'after'])}"
               for c in codes[::-1]) + ".")
    return Chart(fig, table, alt, budget_source(), "forandring-per-region", raw=raw)


def over_time_table(totals: pd.DataFrame, *, numbers: bool = False) -> pd.DataFrame:
    """Every project (from :func:`analysis.analyses.financing.over_time`) in start order, as a
    reader's table."""
    order = fin.project_order(totals["project_id"].unique())
    t = totals.set_index("project_id").loc[order].reset_index()
    out = {
        "Projekt": t["project_id"].map(project_label),
        "Budgetår": [f"{a}–{b}" for a, b in zip(t["first_year"], t["last_year"])],
        "Månader": number(t["months"]),
        "Budget": sek(t["total_sek"]),
        "Regionernas medfinansiering": sek(t["regional_sek"]),
        "Budget per projektmånad": sek(t["total_per_month_sek"]),
    }
    if "total_sek_fixed" in t.columns:  # ERUF stands in the co-financing table
        base = int(t["base_year"].iloc[0])
        out[f"Per projektmånad, {base} års priser"] = sek(t["total_per_month_sek_fixed"])
        out["Antagen prisnivå"] = t["price_assumed"].map({True: "ja", False: "nej"})
    shown, raw = chart_tables(out)
    return raw if numbers else shown


def pairs_table(pairs: pd.DataFrame | None = None, *, numbers: bool = False) -> pd.DataFrame:
    """Each project against the one before it (:func:`analysis.analyses.financing.pair_comparison`):
    budget per project month and the regions' co-financing per twelve project months."""
    p = fin.pair_comparison() if pairs is None else pairs
    shown, raw = chart_tables({
        "Från": p["earlier"].map(project_label), "Till": p["later"].map(project_label),
        "Budget per projektmånad, från": sek(p["earlier_per_month_sek"]),
        "Budget per projektmånad, till": sek(p["later_per_month_sek"]),
        "Förändring per projektmånad": percent(p["change_per_month"], 1, signed=True),
        "Regionernas medfinansiering per tolv månader, från":
            sek(p["earlier_regional_per_year_sek"]),
        "Regionernas medfinansiering per tolv månader, till":
            sek(p["later_regional_per_year_sek"]),
        "Förändring per tolv månader": percent(p["change_regional_per_year"], 1, signed=True),
    })
    return raw if numbers else shown


def sensitivity_table(sens: pd.DataFrame) -> pd.DataFrame:
    """The fixed-price changes of a pair under each yearly KPI change after the latest
    published month (:func:`analysis.analyses.financing.price_sensitivity`)."""
    shown, _ = chart_tables({
        "Antagande om KPI efter senast publicerade månad": [
            "oförändrat" if r == 0 else f"+{format_percent(r, 0)} per år" for r in sens["rate"]],
        "Budget per projektmånad, förändring": percent(sens["change_per_month"], 1, signed=True),
        "Regionernas medfinansiering per tolv månader, förändring": percent(
            sens["change_regional_per_year"], 1, signed=True),
    })
    return shown


def period_known_table(project_id: str, end: dict) -> pd.DataFrame:
    """What is known and what is missing about a project that ran past its decided period:
    the decided period and budget, the reported end and its source, the extension's budget."""
    from ..narrative.citations import cite_document, cite_project
    from ..tables.budgets import projects

    p = projects().set_index("project_id").loc[project_id]
    t = fin.project_totals().set_index("project_id").loc[project_id]
    decision = upper_first(cite_project(project_id))
    return pd.DataFrame({
        "Uppgift": ["Beslutad period", "Budget för den beslutade perioden",
                    "Rapporterat slut", "Ändrat beslut och budget för förlängningen"],
        "Värde": [f"{format_date(p['start_date'])} – {format_date(p['end_date'])} "
                  f"({format_number(p['months'])} månader)",
                  f"{format_sek(t['total_sek'])} för {format_number(p['months'])} månader",
                  end["words"], "saknas i underlaget"],
        "Källa": [decision, decision, cite_document(end["document"], end["line"])
                  + ("; nyhet från Region Sörmland" if end.get("source") else ""), "–"],
    })
