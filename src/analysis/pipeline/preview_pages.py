"""The HTML preview of the report, written without Quarto from the executed chapters.

Every chapter is executed through the Jupyter kernel (:mod:`analysis.kernels`) in display mode
``preview`` and written as an HTML page in ``report/_preview/`` (clearly labelled as a preview,
with navigation, plotly.js once per page from the local plotly package), plus one self-contained
file for e-mail (``rapport-epost.html``) and a manifest the tests read. The whole set is
swapped in at once (:func:`write_preview`). The preview notice is shown in full on the first page
and as one short line, linking to it, on the others.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..core import paths
from .chapters import INLINE, INLINE_MIME, chapter_files, escape_markdown, quarto_config
from .kernels import (default_jobs, execute_chapters, foreign_outputs, inline_results,
                      stderr_outputs)

PREVIEW_DIR = paths.REPORT / "_preview"
EMAIL_FILE = "rapport-epost.html"
QUARTO_HELP = ("Quarto finns inte på den här datorn, så rapporten skrivs som en "
               "förhandsversion (HTML) av samma kapitel. Den slutliga rapporten (HTML och PDF) "
               "görs med Quarto: installera det med conda (conda env create -f environment.yml, "
               "som hämtar quarto från conda-forge) eller från https://quarto.org/docs/get-started/, "
               "och kör sedan kommandot igen.")



def _markdown_renderer():
    import mistune

    return mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "footnotes"])


RAW_BLOCK = re.compile(r"^(`{3,})\{=(\w+)\}\s*\n(.*?)\n\1\s*$", re.S | re.M)
DIV_OPEN = re.compile(r"^:::+\s*\{([^}]*)\}\s*$")
DIV_CLOSE = re.compile(r"^:::+\s*$")
HEADING_ATTR = re.compile(r"^(#{1,6} .*?)\s*\{[^}]*\}\s*$")


def markdown_to_html(markdown: str) -> str:
    """Quarto-flavoured Markdown to HTML for the preview.

    Handles what chapters use: raw ``{=html}`` blocks (kept) and other raw blocks (dropped),
    fenced divs (``content-visible``/``-hidden`` by format; other divs become ``<div class>``),
    heading attributes and table captions (``: caption``). Everything else is CommonMark.
    """
    raws: list[str] = []

    def keep_raw(m):
        if m.group(2) != "html":
            return ""
        raws.append(m.group(3))
        return f"\n<!--OMS-RAW-{len(raws) - 1}-->\n"

    text = RAW_BLOCK.sub(keep_raw, markdown)
    out: list[str] = []
    stack: list[str] = []  # "keep", "drop" or "div"
    for line in text.split("\n"):
        m = DIV_OPEN.match(line)
        if m:
            attrs = m.group(1)
            classes = re.findall(r"\.([\w-]+)", attrs)
            if "content-visible" in classes or "content-hidden" in classes:
                is_html = bool(re.search(r'(when|unless)-format="?html', attrs))
                when = "when-format" in attrs
                visible = (when == is_html) if "content-visible" in classes else (when != is_html)
                stack.append("keep" if visible else "drop")
            else:
                stack.append("div")
                if "drop" not in stack[:-1]:
                    out.append(f'\n<div class="{html.escape(" ".join(classes))}">\n')
            continue
        if DIV_CLOSE.match(line) and stack:
            kind = stack.pop()
            if kind == "div" and "drop" not in stack:
                out.append("\n</div>\n")
            continue
        if "drop" in stack:
            continue
        line = HEADING_ATTR.sub(r"\1", line)
        if re.match(r"^: \S", line):  # pandoc table caption
            line = f'<p class="table-caption">{html.escape(line[2:])}</p>'
        out.append(line)
    rendered = _markdown_renderer()("\n".join(out))
    for n, raw in enumerate(raws):
        rendered = rendered.replace(f"<!--OMS-RAW-{n}-->", raw)
    return rendered


def _output_html(output) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr":
            return f'<pre class="oms-stderr">{html.escape(output.get("text", ""))}</pre>'
        return f'<pre class="oms-stdout">{html.escape(output.get("text", ""))}</pre>'
    data = output.get("data", {})
    if INLINE_MIME in data:
        return ""
    if "text/html" in data:
        return data["text/html"]
    if "text/markdown" in data:
        return markdown_to_html(data["text/markdown"])
    if "image/png" in data:
        alt = data.get("text/plain", "Figur")
        return f'<img src="data:image/png;base64,{data["image/png"]}" alt="{html.escape(alt)}">'
    if "text/plain" in data:
        return f"<pre>{html.escape(data['text/plain'])}</pre>"
    return ""


def chapter_parts(nb):
    """The executed chapter in reading order, as Quarto would show it.

    Yields ``("markdown", prose)`` with inline values filled in (escaped as text) and
    ``("output", output)`` for each shown cell output (cells with ``include``/``output: false``
    are left out).
    """
    pending: list[str] = []
    for cell in nb.cells:
        meta = cell.metadata.get("oms", {})
        if cell.cell_type == "code":
            if "expressions" in meta:
                pending = [v.get("markdown") or escape_markdown(v["value"]) for o in cell.outputs
                           if INLINE_MIME in o.get("data", {}) for v in o["data"][INLINE_MIME]]
                continue
            options = meta.get("options", {})
            if options.get("include") is False or options.get("output") is False:
                continue
            for output in cell.get("outputs", []):
                yield "output", output
        else:
            source = cell.source
            if pending:
                values = iter(pending)
                source = INLINE.sub(lambda m: next(values), source)  # Markdown already
                pending = []
            yield "markdown", source


def chapter_body(nb) -> str:
    """The chapter's HTML body: prose with inline values filled in, and cell outputs."""
    parts = [markdown_to_html(item) if kind == "markdown" else _output_html(item)
             for kind, item in chapter_parts(nb)]
    return "\n".join(p for p in parts if p)


PAGE_CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #222; margin: 0; line-height: 1.5; }
.oms-banner { background: #fff4ce; border-bottom: 2px solid #8a6d00; padding: .75rem 1.5rem; }
.oms-layout { display: flex; gap: 2rem; max-width: 78rem; margin: 0 auto; padding: 1rem 1.5rem; }
nav.oms-nav { flex: 0 0 15rem; }
nav.oms-nav ol { padding-left: 1.2rem; }
nav.oms-nav a[aria-current="page"] { font-weight: bold; color: #222; }
main { flex: 1 1 auto; min-width: 0; max-width: 66rem; }
main p, main li { max-width: 52rem; }
a { color: #0b5394; }
a:focus, summary:focus { outline: 3px solid #8a6d00; outline-offset: 2px; }
pre { background: #f5f5f5; padding: .5rem; overflow-x: auto; }
pre.oms-stderr { border-left: 4px solid #8a6d00; }
.oms-chapter { border-top: 1px solid #bbb; margin-top: 2rem; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
@media (max-width: 48rem) {
  .oms-layout { flex-direction: column; gap: 0; padding: .5rem 1rem; }
  nav.oms-nav { flex: none; }
}
"""


PREVIEW_BANNER = ("<strong>Förhandsversion utan Quarto.</strong> Samma kapitel och samma siffror "
                  "som rapporten, men enklare layout och ingen PDF. "
                  + html.escape(QUARTO_HELP.split(". ", 1)[1]))
# Every page but the first: one short line, linking to the full notice on the first page.
PREVIEW_BANNER_SHORT = ('<strong>Förhandsversion utan Quarto.</strong> Samma siffror som '
                        'rapporten. <a href="{first}#om-forhandsversionen">Mer om '
                        'förhandsversionen</a>')
EMAIL_BANNER = ("<strong>E-postversion.</strong> Hela rapporten i en fil som fungerar utan "
                "internetanslutning. Samma kapitel och samma siffror som rapporten, med enklare "
                "layout; PDF-versionen görs med Quarto.")


def _page(title: str, book_title: str, nav: str, body: str, plotly_tag: str, css: str,
          banner: str = PREVIEW_BANNER) -> str:
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} – {html.escape(book_title)}</title>
<style>{PAGE_CSS}{css}</style>
{plotly_tag}
</head>
<body>
<a class="skip-link" href="#innehall">Hoppa till innehållet</a>
<header class="oms-banner" role="banner">
<p id="om-forhandsversionen">{banner}</p>
<p>{html.escape(book_title)}</p>
</header>
<div class="oms-layout">
{nav}
<main id="innehall">
{body}
</main>
</div>
</body>
</html>
"""


def _nav(chapters: list[tuple[str, str]], current: str | None, *, anchors: bool = False) -> str:
    items = []
    for href, title in chapters:
        target = f"#{Path(href).stem}" if anchors else href
        cur = ' aria-current="page"' if href == current else ""
        items.append(f'<li><a href="{target}"{cur}>{html.escape(title)}</a></li>')
    return f'<nav class="oms-nav" aria-label="Kapitel"><ol>{"".join(items)}</ol></nav>'


def plotly_js_path() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@dataclass
class PreviewResult:
    pages: list[Path]
    email: Path
    manifest: dict


def build_preview(params: dict | None = None, out_dir: Path | None = None,
                  report_dir: Path | None = None, log=print,
                  jobs: int | None = None) -> PreviewResult:
    """Execute every chapter and write the preview pages, the e-mail file and a manifest."""
    report_dir = Path(report_dir or paths.REPORT)
    out_dir = Path(out_dir or PREVIEW_DIR)
    jobs = default_jobs() if jobs is None else jobs
    config = quarto_config(report_dir)
    book_title = config.get("book", {}).get("title", "Rapport")
    files = chapter_files(report_dir)
    executed = [(name, nb.metadata["oms"]["title"], nb)
                for name, nb in execute_chapters(report_dir, files, params, log, jobs)]
    return write_preview(out_dir, executed, book_title, params)


def _previous_pages(out_dir: Path) -> list[str]:
    """The pages an earlier preview in ``out_dir`` wrote (from its manifest), to replace them."""
    try:
        old = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
        return [Path(c["file"]).with_suffix(".html").name for c in old.get("chapters", [])]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []


def write_preview(out_dir: Path, executed: list[tuple[str, str, object]], book_title: str,
                  params: dict | None = None, workbook: Path | None = None) -> PreviewResult:
    """Write the preview of the executed chapters (``(file, title, notebook)``) into ``out_dir``.

    The whole set (pages, plotly.js, the e-mail file, the workbook, the manifest) is written into
    a staging folder and swapped in at once (:func:`analysis.core.atomic.output_set`): a run that
    fails or is killed while writing leaves the previous preview complete, never new pages under
    an old manifest; pages of chapters an earlier preview had and this one has not are removed.
    """
    from ..core import atomic
    from ..present.display import CHART_CSS
    from .email_workbook import embed_workbook_in_file
    from .workbook_build import chapters_from_notebooks, write_report_workbook

    manifest: dict = {"params": params or {}, "chapters": [
        {"file": name, "title": title, "inline": inline_results(nb),
         "foreign_html": foreign_outputs(nb), "stderr": stderr_outputs(nb),
         "code_cells": sum(1 for c in nb.cells if c.cell_type == "code"
                           and "expressions" not in c.metadata.get("oms", {}))}
        for name, title, nb in executed]}
    html_names = [(Path(n).with_suffix(".html").name, t) for n, t, _ in executed]
    with atomic.output_set(out_dir, replaces=_previous_pages) as staged:
        shutil.copyfile(plotly_js_path(), staged / "plotly.min.js")
        first = html_names[0][0] if html_names else "index.html"
        short = PREVIEW_BANNER_SHORT.format(first=html.escape(first))
        for n, ((page_name, title), (_, _, nb)) in enumerate(zip(html_names, executed)):
            body = f"<h1>{html.escape(title)}</h1>\n{chapter_body(nb)}"
            page = _page(title, book_title, _nav(html_names, page_name), body,
                         '<script src="plotly.min.js" charset="utf-8"></script>', CHART_CSS,
                         PREVIEW_BANNER if n == 0 else short)
            (staged / page_name).write_text(page, encoding="utf-8")
        # One self-contained file for e-mail: every chapter, plotly.js inline once, no other files.
        sections = [f'<section class="oms-chapter" id="{Path(n).stem}" aria-labelledby="{Path(n).stem}-h">'
                    f'<h1 id="{Path(n).stem}-h">{html.escape(t)}</h1>\n{chapter_body(nb)}</section>'
                    for n, t, nb in executed]
        plotly_inline = ("<script charset=\"utf-8\">" + plotly_js_path().read_text(encoding="utf-8")
                         + "</script>")
        (staged / EMAIL_FILE).write_text(
            _page(book_title, book_title, _nav(html_names, None, anchors=True),
                  "\n".join(sections), plotly_inline, CHART_CSS, EMAIL_BANNER), encoding="utf-8")
        # the workbook (linked from the first page and from Metod): the tables the chapters
        # showed, recorded in their outputs (analysis.present.table_records); ``workbook`` is
        # one written elsewhere from the same chapters
        if workbook is None:
            workbook = write_report_workbook(
                staged, chapters_from_notebooks([(n, nb) for n, _, nb in executed]))
        else:
            workbook = Path(shutil.copy2(workbook, staged / Path(workbook).name))
        embed_workbook_in_file(staged / EMAIL_FILE, workbook)  # the e-mail file carries it itself
        (staged / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                              encoding="utf-8")
    return PreviewResult(pages=[out_dir / n for n, _ in html_names], email=out_dir / EMAIL_FILE,
                         manifest=manifest)
