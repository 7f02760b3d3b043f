"""How a :class:`~analysis.figures.Chart` (and a report table) shows itself.

Four places, one module:

``notebook``
    Jupyter and nbval. ``application/vnd.plotly.v1+json`` (what JupyterLab draws, with the
    plotly extension that ships with the plotly package), ``text/html`` (plotly div without
    plotly.js, caption, source, the data as a table) and ``text/plain`` (alt text and the table
    as text, what nbval compares). Div ids are fixed (``fig-<name>``, numbered on repeats), so
    the stored HTML does not change between runs. No static image: notebooks stay fast.
``preview``
    The HTML preview written by ``python -m analysis report`` without Quarto
    (:mod:`analysis.report`): the same HTML; the page loads plotly.js once.
``quarto``
    A Quarto render. Here a cell must never produce ``text/html``: Quarto then adds require.js
    and jQuery from a CDN to the page head, and plotly.js registers itself with require.js
    instead of ``window.Plotly``. So figures and tables are ``text/markdown``: a raw HTML block
    for HTML output, and for Typst/PDF an image made by kaleido (Chromium) with the caption,
    followed by the data as a Markdown table. Both variants are written, each inside a
    ``content-visible`` div, so the same executed chapter serves HTML and PDF.

Every figure has its alt text (what it shows) as the visible description, and its data as a
table (in the page) and as a CSV download (a ``data:`` link, so it works offline and in the
single-file e-mail version).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core import paths, settings
from ..core.escape import (html_attr, html_text, markdown_attr, markdown_fence,
                           markdown_paragraphs, plotly_figure_text)
# The kernel's display state (its own module, shared with the table modules) and the report's
# tables (their own module): these names stay importable from here
from .display_state import (MODE_ENV, MODES, QUARTO_ENV_VARS, QUARTO_TARGETS,  # noqa: F401
                            TARGET_ENV, TARGETS, YEAR_HEADERS, _chapter_prefix, _state,
                            chart_title, configure, current_mode, current_target, detect_mode,
                            quarto_target, unique_id)
from .report_tables import (FORMATTED_NUMBER, MISSING_TEXT,  # noqa: F401
                            _column_decimals, _is_number_cell, _md_escape, _number_columns,
                            _numeric_columns, _rows, csv_data_uri, csv_rounded, csv_text, format_cell,
                            scroll_box, table_html, table_markdown, table_text)
from .table_records import record

FIGURE_DIR = paths.REPORT / "assets" / "figures"
PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True}
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PNG_WIDTH = 900

# --- figures --------------------------------------------------------------------------------

SOURCE_PREFIX = "Källa: "
LONG_WORD = re.compile(r"\S{46,}")


def _break_long_word(match) -> str:
    """A long word (a web address) in lines of at most 45 characters, broken after / or -."""
    lines, line = [], ""
    for piece in re.findall(r"[^/-]*[/-]?", match.group(0)):
        if line and len(line) + len(piece) > 45:
            lines.append(line)
            line = ""
        line += piece
    return "<br>".join([*lines, line] if line else lines)


def report_figure(chart):
    """The figure as the report draws it (web page and PDF image); notebooks get it unchanged.

    The figure's own source line (an annotation from ``figures.style_figure``) is left out: the
    report prints the source under every figure, and in the figure it starts at the plot area's
    left edge, so beside long axis labels it ran past the figure's right edge. Long words in a
    table figure's cells (web addresses) are broken so that they stay inside their column.
    """
    if current_mode() == "notebook":
        return figure_text_escaped(chart.figure)
    import plotly.graph_objects as go

    fig = go.Figure(chart.figure)
    fig.layout.annotations = [a for a in fig.layout.annotations
                              if not str(a.text or "").startswith(SOURCE_PREFIX)]
    for trace in fig.data:
        if trace.type == "table" and trace.cells.values is not None:
            trace.cells.values = [[LONG_WORD.sub(_break_long_word, v) if isinstance(v, str) else v
                                   for v in column] for column in trace.cells.values]
            fig.layout.height = max(fig.layout.height or 450, _table_height(fig, trace))
    return figure_text_escaped(fig)


def figure_text_escaped(fig):
    """The figure with every text it shows escaped for plotly's pseudo-HTML
    (:func:`analysis.core.escape.plotly_figure_text`): a title, label or hover text from the data
    can never become a link or an element. The same figure when nothing needed escaping."""
    import plotly.graph_objects as go

    spec = fig.to_plotly_json()
    escaped = plotly_figure_text(spec)
    if escaped == _comparable(spec):
        return fig
    return go.Figure(escaped)


def _comparable(spec):
    """``spec`` with numpy arrays of text as lists, as :func:`plotly_figure_text` returns them."""
    return plotly_figure_text(spec, escape=False)


def _table_height(fig, trace) -> int:
    """Height a table figure needs so that no row is cut off (in the PDF's image above all).

    Estimated from the lines each row takes at the image width: a character is about 0.6 of
    the font size wide, and a cell's text wraps at its column's share of the plot width.
    """
    columns = list(trace.cells.values)
    widths = list(trace.columnwidth or [1] * len(columns))
    margin = fig.layout.margin
    plot = PNG_WIDTH - (margin.l or 80) - (margin.r or 80)
    size = (trace.cells.font.size if trace.cells.font and trace.cells.font.size else 12)
    row_h = trace.cells.height or 20
    chars = [max(8, int(plot * w / sum(widths) / (0.6 * size)) - 2) for w in widths]
    total = 0
    for row in zip(*columns):
        lines = max(sum(-(-len(part) // n) or 1 for part in str(v).split("<br>"))
                    for v, n in zip(row, chars))
        total += row_h + (lines - 1) * size * 1.3
    header = (trace.header.height or 28) * 1.5
    return int(total + header + (margin.t or 80) + (margin.b or 80))


def figure_div(chart, div_id: str) -> str:
    """The plotly div and its newPlot script, without plotly.js (the page loads it once)."""
    fig = report_figure(chart)
    height = fig.layout.height or 450
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config=PLOTLY_CONFIG, default_height=f"{height}px")


def _plot_box_attributes(title: str) -> str:
    """The plot's box is a named, focusable region in the report (it may scroll sideways);
    notebooks keep their stored markup (nbval compares it)."""
    if current_mode() == "notebook":
        return ""
    return f' role="region" tabindex="0" aria-label="Diagram: {html_attr(title)}"'


def chart_html(chart, div_id: str | None = None) -> str:
    div_id = div_id or unique_id(f"fig-{chart.name}")
    title = chart_title(chart)
    notes = "".join(f'<p class="oms-chart-note">{html_text(n)}</p>' for n in chart.notes)
    return (
        f'<figure class="oms-chart" aria-labelledby="{div_id}-caption">'
        # The plot keeps the width it is designed for (PNG_WIDTH, as in the PDF): where the
        # column is narrower (a phone) it scrolls sideways inside this focusable box instead of
        # cutting off labels, legend and source line.
        f'<div class="oms-chart-plot"{_plot_box_attributes(title)}>{figure_div(chart, div_id)}</div>'
        f'<figcaption id="{div_id}-caption"><strong>{html_text(title)}.</strong> '
        f"{html_text(chart.alt)}</figcaption>"
        f'<p class="oms-chart-source">Källa: {html_text(chart.source)}</p>{notes}'
        f"<details><summary>Visa diagrammets data som tabell</summary>"
        f"{table_html(chart.data, f'Data bakom diagrammet: {title}')}</details>"
        f'<p class="oms-chart-download"><a download="{div_id}.csv" href="{csv_data_uri(chart.numbers)}">'
        f"Ladda ner diagrammets data (CSV): {html_text(title)}</a></p>"
        f"</figure>"
    )


def static_png(chart, path: Path | None = None, figure_json: str | None = None) -> Path:
    """A PNG of the figure made by kaleido (which drives the system Chromium); for Typst/PDF.

    Drawn in this kernel, or left for the parent process to draw with the book's other images
    (``OMS_REPORT_IMAGES=defer``, see :mod:`analysis.static_images`); retried once on failure.
    """
    from .static_images import ImageJob, ensure_png

    path = Path(path) if path else FIGURE_DIR / f"{chart.name}.png"
    figure = json.loads(figure_json or report_figure(chart).to_json())
    height = int(figure.get("layout", {}).get("height") or 450)
    chapter = settings.report_chapter() or os.environ.get("QUARTO_DOCUMENT_FILE") or "?"
    job = ImageJob(figure, path, PNG_WIDTH, height, Path(chapter).name, chart_title(chart))
    return ensure_png(job)


def _attr(text: str) -> str:
    return markdown_attr(text)


def _raw_html_block(content: str) -> str:
    """Escaped HTML as a pandoc raw block; its fence is longer than any run of backticks in it,
    so that no text (a title holding a line of backticks) can close the block early."""
    fence = markdown_fence(content, 4)
    return f"{fence}{{=html}}\n{content}\n{fence}"


# The PDF's text area (report/pdf-style.typ, the Typst book template): 425 pt wide, 686 pt high.
# A figure with its caption (up to five lines) must fit on one page, so an image is at most
# 560 pt high: a tall figure (one row per goal) is drawn narrower than the text column.
PDF_TEXT_WIDTH_PT = 425.0
PDF_IMAGE_MAX_HEIGHT_PT = 560.0


def pdf_image_width(height_px: int, width_px: int = PNG_WIDTH) -> int:
    """The image's width in the PDF, in percent of the text column, so that it fits the page."""
    height_pt = height_px * PDF_TEXT_WIDTH_PT / width_px
    return min(100, int(100 * PDF_IMAGE_MAX_HEIGHT_PT / height_pt))


def chart_markdown(chart, target: str | None, variants: dict | None = None) -> str:
    div_id = unique_id(f"fig-{chart.name}")
    parts = []
    # On Quarto's page the figure may use the right margin too (column-page-right), so that it
    # gets the width it is designed for on a laptop; on a phone it scrolls in its box.
    html_part = ("::: {.column-page-right}\n\n" + _raw_html_block(chart_html(chart, div_id))
                 + "\n\n:::")
    if target == "html":
        return html_part
    # The file name carries a hash of the figure and the image size: chapters rendered one after
    # another can never overwrite each other's images, and an unchanged figure is drawn once.
    from .static_images import image_name

    fig = report_figure(chart)
    figure_json = fig.to_json()
    png = static_png(chart, FIGURE_DIR / image_name(figure_json, div_id, PNG_WIDTH,
                                                    int(fig.layout.height or 450)), figure_json)
    rel = os.path.relpath(png, Path.cwd()).replace(os.sep, "/")
    title = chart_title(chart)
    width = min(chart.pdf_width or 100, pdf_image_width(int(fig.layout.height or 450)))
    static = (f"![{_md_escape(title)}. {_md_escape(chart.alt)} Källa: {_md_escape(chart.source)}]"
              f'({rel}){{fig-alt="{_attr(chart.alt)}" width="{width}%"}}\n\n'
              + (table_markdown(chart.data, f"Data bakom diagrammet: {title}", f"{chart.name}-data")
                 if chart.pdf_table else ""))
    if target == "typst":
        return static
    if variants is not None:
        variants.update(html=html_part, typst=static)
    parts.append('::: {.content-visible when-format="html"}\n\n' + html_part + "\n\n:::")
    parts.append('::: {.content-visible unless-format="html"}\n\n' + static + "\n\n:::")
    return "\n\n".join(parts)


# Beside the Markdown with both variants, each format's variant alone: the report's own build
# hands Quarto's HTML pass only the web page's figures and its Typst pass only the images, so
# neither parses (and then hides) the other's (analysis.pipeline.quarto_book.output_markdown).
# Only where the report's own build asks for them (VARIANTS_ENV, set for its kernels alone):
# Quarto's Jupyter engine gets Markdown and plain text only.
FORMAT_MIME = {"html": "text/x-oms-html", "typst": "text/x-oms-typst"}
VARIANTS_ENV = "OMS_REPORT_VARIANTS"


def chart_mimebundle(chart) -> dict:
    mode = current_mode()
    if mode == "quarto":
        variants: dict = {}
        # text/plain too, or IPython adds the dataclass repr (the whole figure) as text/plain
        bundle = {"text/markdown": chart_markdown(chart, current_target(), variants),
                  "text/plain": f"{chart_title(chart)}. {chart.alt}"}
        if settings.report_variants():
            bundle.update({FORMAT_MIME[fmt]: md for fmt, md in variants.items()})
        return bundle | _recorded(chart, "figure")
    plain = f"{chart_title(chart)}. {chart.alt}\nKälla: {chart.source}\n\n{table_text(chart.data)}"
    bundle = {"text/html": chart_html(chart), "text/plain": plain}
    if mode == "notebook":
        # JupyterLab draws this with the plotly extension that ships with the plotly package,
        # without plotly.js on the page (the text/html above needs it); other front ends fall
        # back to the HTML with its caption and data table.
        bundle[PLOTLY_MIME] = plotly_json(chart)
    return bundle | _recorded(chart, "figure")


def _recorded(shown, kind: str) -> dict:
    """The table as the workbook records it (:mod:`analysis.present.table_records`)."""
    return record(shown, kind) or {}


def plotly_json(chart) -> dict:

    spec = json.loads(figure_text_escaped(chart.figure).to_json())
    return {"data": spec.get("data", []), "layout": spec.get("layout", {}), "config": PLOTLY_CONFIG}


# --- tables and generated text for chapters ---------------------------------------------------

@dataclass
class Table:
    """A report table (see ``analysis.report_setup.table``)."""

    data: object
    caption: str
    name: str | None = None
    notes: list[str] = field(default_factory=list)
    unit: str = ""    # for the workbook: the unit and source of the whole table, where one holds
    source: str = ""

    def _repr_mimebundle_(self, include=None, exclude=None):
        notes_md = "\n\n".join(markdown_paragraphs(n) for n in self.notes)
        if current_mode() == "quarto":
            md = table_markdown(self.data, self.caption, self.name, box=True)
            return {"text/markdown": md + (f"\n\n{notes_md}" if notes_md else ""),
                    "text/plain": self.caption} | _recorded(self, "table")
        notes_html = "".join(f'<p class="oms-table-note">{html_text(n)}</p>' for n in self.notes)
        return {"text/html": table_html(self.data, self.caption) + notes_html,
                "text/plain": f"{self.caption}\n{table_text(self.data)}"
                              + (f"\n{notes_md}" if notes_md else "")} | _recorded(self, "table")


@dataclass
class MarkdownText:
    """Generated Markdown shown as prose (Quarto and the preview render it as Markdown)."""

    markdown: str

    def _repr_mimebundle_(self, include=None, exclude=None):
        # Plain text (a finding, a sentence with a document's title) is escaped; text that is
        # Markdown already (core.escape.Markdown, e.g. a findings list) passes through.
        return {"text/markdown": str(markdown_paragraphs(self.markdown)),
                "text/plain": getattr(self.markdown, "plain", str(self.markdown))}


# Styles for the markup above, shared by the Quarto page head and the preview pages.
# Colours keep at least 4.5:1 contrast on white (WCAG 2.1 AA).
CHART_CSS = """
.oms-chart { margin: 1.5rem 0; }
.oms-chart figcaption { margin-top: .5rem; }
.oms-chart-plot { overflow-x: auto; }
.oms-chart-plot .plotly-graph-div { min-width: PNG_WIDTH_PX; }
.oms-chart-plot:focus { outline: 2px solid #0b5394; }
.oms-chart-source, .oms-chart-note, .oms-table-note { color: #444; font-size: .9rem; margin: .25rem 0; }
.oms-table-wrap { overflow-x: auto; max-width: 100%; }
.oms-table-wrap:focus { outline: 2px solid #0b5394; }
.oms-table { border-collapse: collapse; margin: .75rem 0; font-variant-numeric: tabular-nums; }
.oms-table caption { caption-side: top; text-align: left; font-weight: bold; padding: .25rem 0; color: #222; }
.oms-table th, .oms-table td { border-bottom: 1px solid #bbb; padding: .25rem .6rem; text-align: left; vertical-align: top; }
.oms-table td.num { text-align: right; white-space: nowrap; }
.oms-chart details summary { cursor: pointer; color: #0b5394; }
.oms-chart a, .oms-chart details summary { text-decoration: underline; }
""".replace("PNG_WIDTH_PX", f"{PNG_WIDTH}px")


def init_notebook() -> None:
    """Load plotly.js (from the local plotly package) once into a live notebook session.

    Charts in notebooks are stored without plotly.js (nbval compares the outputs, and the file
    stays small); call this in an interactive session to draw them. Not for stored notebooks.
    """
    import plotly
    from IPython.display import HTML, display

    js = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    display(HTML(f'<script type="text/javascript">{js}</script>'))
