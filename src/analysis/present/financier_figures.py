"""The whole financing by kind of financier: public or private, money or in kind (issue 20).

Each factory takes :func:`analysis.analyses.financing.financing_by_kind` (or computes it with the
defaults) and returns an :class:`analysis.present.figures.Chart` or a reader's table; kinds,
sectors and forms come from the financier register, their Swedish names from ``data/labels.yml``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..analyses import financing as fin
from ..core.formatting import format_percent, format_sek, lower_first
from ..sources.decisions import project_ids, project_label
from .figures import Chart, chart_tables, percent, sek, style_figure, title_margin

SOURCE = "Regionernas beslut om projekten, finansieringsbudgeten; typ av finansiär enligt finansiärsregistret"
# Okabe–Ito colours, one per kind; contributions in kind carry a hatch besides.
KIND_COLOURS = {"region": "#0072B2", "state_agency": "#56B4E9", "municipality": "#009E73",
                "university": "#F0E442", "eu_fund": "#E69F00", "other": "#999999",
                "private": "#D55E00"}
DARK_TEXT = {"state_agency", "university", "eu_fund", "other"}


def _segment_name(row) -> str:
    """'Regioner', 'Övriga finansiärer (offentlig)', 'Privata finansiärer, bidrag i annat än
    pengar' …: public or private named where the kind does not say it."""
    name = row["kind_label"]
    if row["kind"] == "other":
        name += f" ({row['sector_label']})"
    return name + (f", {row['form_label']}" if row["form"] == "in_kind" else "")


def financing_kinds_chart(by_kind: pd.DataFrame | None = None) -> Chart:
    """100 % stacked bars: each project's financing by kind of financier, money and in kind."""
    k = fin.financing_by_kind() if by_kind is None else by_kind
    pids = [p for p in project_ids() if p in set(k["project_id"])]
    pids += [p for p in dict.fromkeys(k["project_id"]) if p not in pids]
    k = k.assign(segment=[_segment_name(r) for _, r in k.iterrows()])
    fig = go.Figure()
    for (kind, form, segment), d in k.groupby(["kind", "form", "segment"], sort=False):
        # one segment per kind, sector and form: the name carries what the colour does not
        d = d.set_index("project_id")
        fig.add_trace(go.Bar(
            y=[project_label(p) for p in pids],
            x=[float(d["share_of_total"].get(p, 0)) * 100 for p in pids],
            orientation="h", name=segment,
            marker={"color": KIND_COLOURS.get(kind, "#999999"),
                    "pattern": {"shape": "/" if form == "in_kind" else "",
                                "fgcolor": "#FFFFFF", "fgopacity": 0.5},
                    "line": {"color": "#222222", "width": 0.5}},
            text=[format_percent(d["share_of_total"][p], 0) if p in d.index else ""
                  for p in pids],
            textposition="inside", insidetextanchor="middle", textangle=0,
            textfont={"color": "#000000" if kind in DARK_TEXT else "#FFFFFF", "size": 13},
            customdata=[format_sek(d["amount_sek"][p]) if p in d.index else "" for p in pids],
            hovertemplate="%{y}: %{customdata} (%{text})<extra>" + segment + "</extra>"))
    fig.update_xaxes(range=[0, 100], ticksuffix=" %")
    fig.update_yaxes(autorange="reversed")  # the projects top down in register order
    rows = -(-len(fig.data) // 3)  # the legend above the plot, about three entries a row
    style_figure(fig, title="Finansieringen per typ av finansiär", source=SOURCE,
                 x_title="Andel av hela finansieringen (randigt = bidrag i annat än pengar)",
                 height=260 + 60 * len(pids) + 24 * rows)
    fig.update_layout(barmode="stack", uniformtext={"minsize": 11, "mode": "hide"},
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0,
                              "traceorder": "normal"},
                      margin={"t": title_margin(fig, 16 + 24 * rows)})
    table, raw = chart_tables(_columns(k))
    alt = ("Staplat liggande stapeldiagram över varje projekts finansiering per typ av finansiär, "
           "pengar och bidrag i annat än pengar. " + "; ".join(
               f"{project_label(p)}: " + ", ".join(
                   f"{lower_first(seg)} {format_percent(sh, 0)}"
                   for seg, sh in zip(k.loc[k['project_id'] == p, 'segment'],
                                      k.loc[k['project_id'] == p, 'share_of_total']))
               for p in pids) + ".")
    return Chart(fig, table, alt, SOURCE, "finansiering-per-typ", raw=raw)


def _columns(k: pd.DataFrame) -> dict:
    return {
        "Projekt": k["project_id"].map(project_label),
        "Typ av finansiär": k["kind_label"],
        "Offentlig eller privat": k["sector_label"],
        "Pengar eller annat": k["form_label"],
        "Belopp": sek(k["amount_sek"]),
        "Andel av finansieringen": percent(k["share_of_total"]),
    }


def financing_kinds_table(by_kind: pd.DataFrame | None = None, *,
                          numbers: bool = False) -> pd.DataFrame:
    """The financing by kind as a reader's table (``numbers=True``: the raw twin)."""
    k = fin.financing_by_kind() if by_kind is None else by_kind
    shown, raw = chart_tables(_columns(k))
    return raw if numbers else shown


__all__ = ["financing_kinds_chart", "financing_kinds_table"]
