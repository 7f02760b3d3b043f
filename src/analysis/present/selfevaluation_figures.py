"""The self-evaluation's overview figure: every goal of both projects with its status.

Goal × project: one panel per project, one row per item of the results framework, the marker
placed at the item's status on the scale (ej bedömt, 1–4). The activities of ECS3's work packages
(32 rows) are left out to keep the figure readable; each work package has its row, and the
activities' statuses stand in the work-package table
(:func:`analysis.present.selfevaluation_tables.work_package_table`). Status is carried by position, by a
text label beside the marker, by the marker's shape and by its colour, so the figure reads
without colour. Returns :class:`analysis.figures.Chart` with the table behind it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..tables import assessment as asm
from .figures import Chart, style_figure, title_margin
from ..core.formatting import format_number

# Okabe–Ito colours, low to high, and a grey for "ej bedömt"; shapes as a second carrier.
STATUS_STYLE: dict[str, tuple[str, str]] = {
    asm.NOT_ASSESSED: ("#BBBBBB", "circle-open"),
    "1": ("#D55E00", "x"),
    "2": ("#E69F00", "triangle-down"),
    "3": ("#56B4E9", "triangle-up"),
    "4": ("#009E73", "star"),
}
SOURCE = "Regionernas beslutsunderlag för projekten och utvärderarens bedömning"
_ROW_PX = 22


def _category(rating) -> str:
    return asm.NOT_ASSESSED if pd.isna(rating) else str(int(rating))


def _axis_label(item_id: str, title: str, width: int = 60) -> str:
    text = f"{item_id} {title}"
    return text if len(text) <= width else text[: width - 2].rstrip() + " …"


def _unique(labels: list[str]) -> list[str]:
    """Axis labels made unique within a panel (an invisible counter where two read the same)."""
    seen: dict[str, int] = {}
    out = []
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
        out.append(lab if seen[lab] == 1 else f"{lab} ({seen[lab]})")
    return out


def overview_chart(status: pd.DataFrame) -> Chart:
    """The framework's items by project, each at its status (from
    :func:`analysis.selfevaluation.status_table`)."""
    from ..sources.decisions import project_label

    left_out = int((status["kind"] == "package_activity").sum())
    with_packages = " och ".join(f"{project_label(p)}:s" for p in dict.fromkeys(
        status.loc[status["kind"] == "package_activity", "project_id"]))
    status = status[status["kind"] != "package_activity"]
    projects = list(dict.fromkeys(status["project_id"]))
    sizes = [int((status["project_id"] == p).sum()) for p in projects]
    fig = make_subplots(rows=len(projects), cols=1, shared_xaxes=True, vertical_spacing=0.06,
                        row_heights=sizes, subplot_titles=[project_label(p) for p in projects])
    categories = list(STATUS_STYLE)
    shown: set[str] = set()
    for row, pid in enumerate(projects, start=1):
        s = status[status["project_id"] == pid]
        labels = _unique([_axis_label(f"{k}:", t) for k, t in zip(s["kind_label"], s["title"])])
        cats = [_category(r) for r in s["rating"]]
        for cat in categories:
            mask = [c == cat for c in cats]
            if not any(mask):
                continue
            colour, symbol = STATUS_STYLE[cat]
            sub = s[mask]
            names = [lab for lab, m in zip(labels, mask) if m]
            fig.add_trace(go.Scatter(
                x=[cat] * len(sub), y=names, mode="markers+text",
                text=["  " + t for t in sub["status"]], textposition="middle right",
                textfont={"size": 11, "color": "#222222"},
                name=asm.NOT_ASSESSED if cat == asm.NOT_ASSESSED else f"{cat} – {asm.SCALE[int(cat)][0]}",
                legendgroup=cat, showlegend=cat not in shown,
                hovertemplate="%{y}: %{text}<extra></extra>",
                marker={"color": colour, "symbol": symbol, "size": 12,
                        "line": {"width": 1.5, "color": colour if cat == asm.NOT_ASSESSED else "#222222"}},
            ), row=row, col=1)
            shown.add(cat)
        fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(labels)),
                         tickfont={"size": 11}, row=row, col=1)
    fig.update_xaxes(categoryorder="array", categoryarray=categories, type="category",
                     range=[-0.5, len(categories) + 0.3])
    n_rated = int(status["rating"].notna().sum())
    style_figure(fig, title="Självvärdering: målen i besluten och deras status", source=SOURCE,
                 x_title="Status (ej bedömt, eller betyg 1–4)", height=200 + _ROW_PX * len(status))
    for row in range(1, len(projects)):
        fig.update_xaxes(title_text=None, row=row, col=1)
    fig.update_layout(margin={"l": 420, "r": 30, "t": title_margin(fig, 45), "b": 110},
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    # style_figure puts the source line at a fixed paper offset; keep it below this tall figure
    fig.layout.annotations[-1].update(y=-60 / (200 + _ROW_PX * len(status)))
    from .selfevaluation_tables import reader_sources

    table = pd.DataFrame({
        "Projekt": [project_label(p) for p in status["project_id"]],
        "Nivå": status["kind_label"], "Mål": status["title"],
        "Källa": reader_sources(status), "Status": status["status"],
    })
    per = "; ".join(
        f"{project_label(p)}: {format_number(int(status.loc[status['project_id'] == p, 'rating'].notna().sum()))} "
        f"av {format_number(n)} bedömda" for p, n in zip(projects, sizes))
    alt = (f"Punktdiagram med {format_number(len(status))} mål och åtaganden i besluten, ett "
           f"fält per projekt, placerade efter status (ej bedömt eller betyg 1–4); varje punkt har "
           f"statusen utskriven. {per}."
           + ("" if n_rated else " Inget mål är ännu bedömt.")
           + (f" Aktiviteterna i {with_packages} arbetspaket ({format_number(left_out)} stycken) står i "
              "tabellen över arbetspaketen." if left_out else ""))
    return Chart(fig, table, alt, SOURCE, name="sjalvvardering-status")
