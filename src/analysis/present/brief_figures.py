"""The brief's overview figure: each project's top-level goals and commitments by status.

One bar per project and level (övergripande mål, projektmål, delmål, numeriska mål, horisontella
kriterier, perspektiv, åtaganden: :data:`analysis.analyses.brief.TOP_KINDS`), split by status:
"ej bedömt" or a rating 1–4. "Ej bedömt" is a segment like a rating, with its own pattern and
its name written in the bar, so the figure reads without colour. Returns a
:class:`analysis.present.figures.Chart` with the table behind it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..core.formatting import format_number
from ..tables import assessment as asm
from .figures import Chart, style_figure, title_margin
from .selfevaluation_figures import STATUS_STYLE

SOURCE = "Besluten om projekten och utvärderarens bedömning"
PATTERNS = {asm.NOT_ASSESSED: "/", "1": "x", "2": "-", "3": ".", "4": ""}
_ROW_PX = 17


def _status_name(cat: str) -> str:
    return asm.NOT_ASSESSED if cat == asm.NOT_ASSESSED else f"{cat} – {asm.SCALE[int(cat)][0]}"


def overview_chart(overview: pd.DataFrame) -> Chart:
    """:func:`analysis.analyses.brief.goal_overview` as stacked bars, one per project and level."""
    from ..analyses.brief import STATUS_CATEGORIES
    from ..sources.decisions import project_label

    labels = [f"{project_label(p)}: {k.lower()} ({format_number(n)})"
              for p, k, n in zip(overview["project_id"], overview["kind_label"], overview["items"])]
    fig = go.Figure()
    for cat in STATUS_CATEGORIES:
        counts = overview[cat].astype(int).tolist()
        if not any(counts):
            continue
        colour = STATUS_STYLE[cat][0]
        name = _status_name(cat)
        fig.add_trace(go.Bar(
            y=labels, x=counts, orientation="h", name=name,
            text=[(f"{name.split(' – ')[0]}: {c}" if cat == asm.NOT_ASSESSED else str(c)) if c else ""
                  for c in counts],
            textposition="inside", insidetextanchor="start", textfont={"color": "#111111", "size": 12},
            marker={"color": colour, "line": {"color": "#444444", "width": 1},
                    "pattern": {"shape": PATTERNS[cat], "fgcolor": "#777777", "size": 6}},
            hovertemplate="%{y}: %{x} " + name + "<extra></extra>"))
    n_rows = len(labels)
    style_figure(fig, title="Målen på översta nivån, efter status",
                 source=SOURCE, x_title="Antal mål och åtaganden", height=95 + _ROW_PX * n_rows)
    fig.update_layout(barmode="stack", bargap=0.25, showlegend=True,
                      margin={"l": 260, "r": 20, "t": title_margin(fig, 20), "b": 45},
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0})
    # every level labelled, however small the figure (plotly skips labels that crowd)
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)),
                     tickmode="array", tickvals=labels, ticktext=labels, tickfont={"size": 11})
    fig.update_xaxes(rangemode="tozero", dtick=2)
    table = pd.DataFrame({
        "Projekt": [project_label(p) for p in overview["project_id"]],
        "Nivå": overview["kind_label"],
        "Antal": overview["items"].astype(int),
        **{_status_name(c).capitalize() if c == asm.NOT_ASSESSED else f"Betyg {c}":
           overview[c].astype(int) for c in STATUS_CATEGORIES},
    })
    rated = int(overview[[c for c in STATUS_CATEGORIES if c != asm.NOT_ASSESSED]].sum().sum())
    total = int(overview["items"].sum())
    alt = (f"En stapel per projekt och målnivå, delad efter status: {format_number(rated)} av "
           f"{format_number(total)} bedömda, {format_number(total - rated)} ej bedömda.")
    return Chart(fig, table, alt, SOURCE, name="sammanfattning-status", pdf_table=False,
                 pdf_width=72)  # page one holds the whole brief
