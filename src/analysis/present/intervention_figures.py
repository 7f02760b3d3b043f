"""The intervention logic figure and table: every registered project side by side, five levels
from resources to impact, with what the project controls and the decision references."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..core.formatting import format_msek, format_number, upper_first
from .figures import Chart, style_figure, title_margin

SOURCE = "Regionernas beslutsunderlag för projekten"
CONTROL_COLOURS = {"direct": "#009E73", "shared": "#56B4E9", "contributes": "#E69F00"}
CONTROL_SHORT = {"direct": "styr själv", "shared": "påverkar med andra", "contributes": "kan bidra"}


def intervention_table(df: pd.DataFrame) -> pd.DataFrame:
    """Projekt, Nivå, I beslutet, Vad projektet kan påverka, Källa (the decision paper and its
    sections, as a reader looks it up)."""
    from ..narrative.citations import cite_lines
    from ..narrative.intervention_text import LEVEL_LABELS, control_text, level_content
    from ..sources.decisions import project_label

    return pd.DataFrame({
        "Projekt": [project_label(p) for p in df["project_id"]],
        "Nivå": [LEVEL_LABELS[lv] for lv in df["level"]],
        "I beslutet": [level_content(r) for _, r in df.iterrows()],
        "Vad projektet kan påverka": [control_text(c) for c in df["control"]],
        "Källa": [upper_first(cite_lines(d, ls)) if d is not None and ls else
                  (upper_first(cite_lines(d, [])) if d is not None else "–")
                  for d, ls in zip(df["document"], df["lines"])],
    })


def intervention_chart(df: pd.DataFrame) -> Chart:
    """Boxes: one column per project, one row per level (resources at the top, impact at the
    bottom), each with its count and how far the project steers it; arrows down the chain."""
    from ..narrative.intervention_text import LEVEL_ITEMS, LEVEL_LABELS
    from ..sources.decisions import project_label

    projects = list(dict.fromkeys(df["project_id"]))
    levels = list(LEVEL_LABELS)
    fig = go.Figure()
    w, h = 0.8, 0.62
    for x, pid in enumerate(projects):
        for y, level in enumerate(levels):
            r = df[(df["project_id"] == pid) & (df["level"] == level)].iloc[0]
            top = len(levels) - 1 - y
            fig.add_shape(type="rect", x0=x - w / 2, x1=x + w / 2, y0=top - h / 2, y1=top + h / 2,
                          line={"color": "#333333", "width": 1},
                          fillcolor=CONTROL_COLOURS[r["control"]], opacity=0.35, layer="below")
            if level == "resources":
                cost = sum(a for a, part in zip(r["amounts"], r["parts"]) if part == "cost")
                count = f"budget {format_msek(cost)}" if r["n"] else "ingen budget i underlaget"
            else:
                what = LEVEL_ITEMS[level]
                count = f"{format_number(r['n'])} {what}" if r["n"] else f"inga {what} i underlaget"
            # counts and fixed words only: no document text enters the figure
            fig.add_annotation(x=x, y=top, showarrow=False, font={"size": 12},
                               text=f"{LEVEL_LABELS[level]}: {count}"
                               + "<br><i>" + CONTROL_SHORT[r["control"]] + "</i>")
            if y < len(levels) - 1:
                fig.add_annotation(x=x, y=top - 0.5 - 0.02, ax=x, ay=top - h / 2, xref="x", yref="y",
                                   axref="x", ayref="y", showarrow=True, arrowhead=2,
                                   arrowwidth=1.5, text="")
    # one invisible point per box: the boxes' words on hover and keyboard, and a figure that
    # holds data (a plot of shapes alone has no trace to draw)
    points = [(x, len(levels) - 1 - y, f"{project_label(pid)}: {LEVEL_LABELS[level]}")
              for x, pid in enumerate(projects) for y, level in enumerate(levels)]
    fig.add_trace(go.Scatter(x=[p[0] for p in points], y=[p[1] for p in points], mode="markers",
                             marker={"size": 30, "opacity": 0}, showlegend=False,
                             hovertext=[p[2] for p in points], hoverinfo="text"))
    fig.update_xaxes(tickvals=list(range(len(projects))),
                     ticktext=[project_label(p) for p in projects], side="top",
                     range=[-0.55, len(projects) - 0.45], showgrid=False, zeroline=False)
    fig.update_yaxes(visible=False, range=[-0.6, len(levels) - 0.4])
    style_figure(fig, title="Programteori: från resurser till effekter, projekt för projekt",
                 source=SOURCE, height=520)
    fig.update_layout(margin={"l": 20, "r": 20, "t": title_margin(fig, 40), "b": 60},
                      plot_bgcolor="white")
    table = intervention_table(df)
    alt = ("Fem rutor per projekt, uppifrån: resurser, aktiviteter, prestationer, resultat och "
           "effekter, med pilar nedåt. "
           + " ".join(f"{project_label(p)}: " + ", ".join(
               f"{LEVEL_LABELS[lv].lower()} {format_number(int(n))}"
               for lv, n in zip(df.loc[df['project_id'] == p, 'level'],
                                df.loc[df['project_id'] == p, 'n'])) + "."
               for p in projects)
           + " Projekten styr resurser, aktiviteter och prestationer själva, påverkar resultaten "
             "tillsammans med andra och kan bara bidra till effekterna.")
    # the table of the same levels follows the figure in the chapter: the PDF shows it once
    return Chart(fig, table, alt, SOURCE, name="programteori", pdf_table=False)
