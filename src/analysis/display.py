"""How a :class:`~analysis.figures.Chart` shows itself in notebooks and report chapters.

First version; the report issue refines it (offline plotly.js once per page, static images for PDF).
"""

from __future__ import annotations

import html


def chart_mimebundle(chart) -> dict:
    fig_html = chart.figure.to_html(full_html=False, include_plotlyjs=False,
                                    div_id=f"fig-{chart.name}")
    table_html = chart.data.to_html(index=False, border=0)
    return {
        "text/plain": chart.alt,
        "text/html": (f'<figure role="group" aria-label="{html.escape(chart.alt)}">{fig_html}'
                      f"<figcaption>{html.escape(chart.alt)}</figcaption></figure>"
                      f"<details><summary>Visa data som tabell</summary>{table_html}</details>"),
    }
