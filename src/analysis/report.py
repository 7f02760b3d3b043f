"""``python -m analysis report``: render the report with Quarto, or without it an HTML preview.

With ``quarto`` on PATH this runs ``quarto render report`` (passing ``-P`` parameters). Without
it, every chapter that ``report/_quarto.yml`` lists is converted to a notebook (code cells
```` ```{python} ````, inline expressions `` `{python} expr` `` evaluated in the kernel),
executed through the Jupyter kernel exactly as Quarto would, and written as HTML pages in
``report/_preview/`` (clearly labelled as a preview, with navigation, plotly.js once per page
from the local plotly package) plus one self-contained file for e-mail
(``report/_preview/rapport-epost.html``). Both paths run the same chapter files.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .core import paths
from .core.errors import ParameterError
from .core.params import normalize_focus

PREVIEW_DIR = paths.REPORT / "_preview"
EMAIL_FILE = "rapport-epost.html"
ASSETS_DIR = paths.REPORT / "assets"
INLINE_MIME = "application/vnd.oms.inline+json"
KNOWN_PARAMS = {"focus": normalize_focus}
QUARTO_HELP = ("Quarto finns inte på den här datorn, så rapporten skrivs som en "
               "förhandsversion (HTML) av samma kapitel. Den slutliga rapporten (HTML och PDF) "
               "görs med Quarto: installera det med conda (conda env create -f environment.yml, "
               "som hämtar quarto från conda-forge) eller från https://quarto.org/docs/get-started/, "
               "och kör sedan kommandot igen.")


# --- _quarto.yml and chapters ---------------------------------------------------------------

def quarto_config(report_dir: Path | None = None) -> dict:
    import yaml

    path = Path(report_dir or paths.REPORT) / "_quarto.yml"
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _flatten_chapters(items) -> list[str]:
    out: list[str] = []
    for item in items or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            if isinstance(item.get("part"), str) and item["part"].endswith((".qmd", ".md", ".ipynb")):
                out.append(item["part"])
            out.extend(_flatten_chapters(item.get("chapters")))
    return out


def chapter_files(report_dir: Path | None = None) -> list[str]:
    """The chapter files in book order (chapters, then appendices), as listed in _quarto.yml."""
    book = quarto_config(report_dir).get("book", {})
    return _flatten_chapters(book.get("chapters")) + _flatten_chapters(book.get("appendices"))


# --- .qmd parsing -----------------------------------------------------------------------------

@dataclass
class QmdCell:
    kind: str  # "markdown" or "code"
    source: str
    options: dict = field(default_factory=dict)
    line: int = 1  # 1-based line in the .qmd where the cell starts


CODE_START = re.compile(r"^```+\s*\{python([^}]*)\}\s*$")
FENCE = re.compile(r"^(`{3,}|~{3,})")
INLINE = re.compile(r"`\{python\}[ \t]+([^`\n]+?)`")


def parse_qmd(path: Path) -> tuple[dict, list[QmdCell]]:
    """Front matter and cells of a .qmd. Only ```{python} chunks are code; other fences are text."""
    import yaml

    from .core.errors import DataError

    lines = Path(path).read_text(encoding="utf-8").split("\n")
    front: dict = {}
    i = 0
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in {"---", "..."}:
                front = yaml.safe_load("\n".join(lines[1:j])) or {}
                i = j + 1
                break
        else:
            raise DataError(path, 1, "YAML-huvudet (front matter) avslutas aldrig med ---")
    cells: list[QmdCell] = []
    text: list[str] = []
    text_start = i + 1
    in_fence: str | None = None
    while i < len(lines):
        line = lines[i]
        if in_fence is None and CODE_START.match(line):
            fence = re.match(r"^`+", line).group(0)
            start = i
            body = []
            i += 1
            while i < len(lines) and lines[i].strip() != fence:
                body.append(lines[i])
                i += 1
            if i >= len(lines):
                raise DataError(path, start + 1, "kodcellen avslutas aldrig")
            if "".join(text).strip():
                cells.append(QmdCell("markdown", "\n".join(text).strip("\n"), line=text_start))
            text = []
            opts_lines = [b[3:].strip() if len(b) > 3 else "" for b in body if b.startswith("#|")]
            code = [b for b in body if not b.startswith("#|")]
            try:
                options = yaml.safe_load("\n".join(opts_lines)) or {} if opts_lines else {}
            except yaml.YAMLError as err:
                raise DataError(path, start + 2, f"ogiltiga cellinställningar (#|): {err}") from err
            cells.append(QmdCell("code", "\n".join(code).strip("\n"), options, line=start + 1))
            i += 1
            text_start = i + 1
            continue
        m = FENCE.match(line)
        if m:
            if in_fence is None:
                in_fence = m.group(1)
            elif line.strip() == in_fence:
                in_fence = None
        text.append(line)
        i += 1
    if "".join(text).strip():
        cells.append(QmdCell("markdown", "\n".join(text).strip("\n"), line=text_start))
    return front, cells


def inline_expressions(markdown: str) -> list[str]:
    return INLINE.findall(markdown)


def inline_values(thunks) -> None:
    """Evaluate a markdown cell's inline expressions in the kernel and hand the values back.

    Called from a generated cell; the values travel as a display output with our own MIME type.
    """
    from IPython.display import display

    values = []
    for thunk in thunks:
        value = thunk()
        values.append({"value": str(value), "type": type(value).__name__,
                       "quarto_safe": quarto_safe(value)})
    display({INLINE_MIME: values}, raw=True)


def quarto_safe(value) -> bool:
    """Whether Quarto shows this inline value as written.

    Quarto inserts the value's ``repr`` with the quotes stripped, so a string whose repr escapes
    characters (a non-breaking space becomes ``\\xa0``, a newline ``\\n``) or that holds both
    kinds of quote would be shown garbled. Only plain printable strings are safe.
    """
    return (isinstance(value, str) and value.isprintable() and "\\" not in value
            and not ("'" in value and '"' in value))


MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")


def escape_markdown(text: str) -> str:
    """Inline values are text, not Markdown (Quarto escapes them the same way)."""
    return MD_SPECIALS.sub(r"\\\1", text)


def qmd_notebook(path: Path, params: dict | None = None):
    """The chapter as a notebook: code cells, markdown cells, inline-expression cells, parameters."""
    import nbformat

    front, cells = parse_qmd(path)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["oms"] = {"title": front.get("title") or Path(path).stem, "source": str(path)}
    for cell in cells:
        if cell.kind == "code":
            tags = cell.options.get("tags") or []
            c = nbformat.v4.new_code_cell(cell.source)
            c.metadata["oms"] = {"options": cell.options, "line": cell.line}
            c.metadata["tags"] = list(tags)
            nb.cells.append(c)
            if "parameters" in tags and params:
                # papermill/Quarto convention: a cell after the parameters cell overrides them
                inj = "\n".join(f"{k} = {v!r}" for k, v in params.items())
                ic = nbformat.v4.new_code_cell("# Injected parameters\n" + inj)
                ic.metadata["tags"] = ["injected-parameters"]
                ic.metadata["oms"] = {"options": {}, "line": cell.line}
                nb.cells.append(ic)
        else:
            exprs = inline_expressions(cell.source)
            if exprs:
                thunks = ", ".join(f"lambda: ({e})" for e in exprs)
                ec = nbformat.v4.new_code_cell(
                    "from analysis.report import inline_values as _oms_inline_values\n"
                    f"_oms_inline_values([{thunks}])")
                ec.metadata["oms"] = {"inline_for": len(nb.cells) + 1, "expressions": exprs,
                                      "line": cell.line}
                nb.cells.append(ec)
            md = nbformat.v4.new_markdown_cell(cell.source)
            md.metadata["oms"] = {"line": cell.line}
            nb.cells.append(md)
    return nb


class ChapterError(RuntimeError):
    """A chapter's code failed in the kernel."""


@contextlib.contextmanager
def kernel_manager():
    """A Python kernel manager talking over Unix sockets in a private temporary folder.

    Local sockets instead of TCP: nothing listens on the network, the kernel does not warn
    about unencrypted TCP on every start, and parallel kernels cannot collide.
    """
    from jupyter_client.manager import KernelManager

    with tempfile.TemporaryDirectory(prefix="oms-kernel-") as sockets:
        km = KernelManager(kernel_name="python3", transport="ipc",
                           ip=os.path.join(sockets, "kernel"))
        try:
            yield km
        finally:
            # nbclient leaves a kernel it did not create running: stop it here
            if km.has_kernel:
                km.shutdown_kernel(now=True)


def execute_chapter(path: Path, params: dict | None = None, *, timeout: int = 900,
                    mode: str = "preview", target: str | None = None):
    """Execute one chapter through the Jupyter kernel (cwd report/, like Quarto); the notebook.

    ``mode`` is the display mode the kernel uses (``preview``; ``quarto`` to see exactly the
    Markdown Quarto would receive). ``target`` (``html`` or ``typst``) narrows ``quarto`` mode to
    that format's variant (the PDF preview uses ``typst``).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = qmd_notebook(path, params)
    # The kernel's own environment tells analysis.display how to render and which chapter it is
    # (given to this kernel only, so chapters can run side by side).
    env = dict(os.environ, OMS_REPORT_MODE=mode, OMS_REPORT_CHAPTER=path.name)
    env.pop("OMS_REPORT_TARGET", None)
    if target:
        env["OMS_REPORT_TARGET"] = target
    try:
        with kernel_manager() as km:
            client = NotebookClient(nb, km=km, kernel_name="python3", timeout=timeout,
                                    resources={"metadata": {"path": str(path.parent)}})
            client.execute(env=env)
    except CellExecutionError as err:
        failed = next((c for c in nb.cells if c.cell_type == "code"
                       and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        where = f", rad {failed.metadata['oms']['line']}" if failed is not None else ""
        raise ChapterError(f"{path.name}{where}: kodcellen misslyckades: "
                           f"{err.ename}: {err.evalue}\n{err}") from err
    return nb


def inline_results(nb) -> list[dict]:
    """Every inline expression of an executed chapter: expression, value, type, .qmd line."""
    out = []
    for cell in nb.cells:
        meta = cell.metadata.get("oms", {})
        if cell.cell_type == "code" and "expressions" in meta:
            values = next((o["data"][INLINE_MIME] for o in cell.get("outputs", [])
                           if INLINE_MIME in o.get("data", {})), None)
            if values is None or len(values) != len(meta["expressions"]):
                raise ChapterError(f"{nb.metadata['oms']['source']}, rad {meta['line']}: "
                                   "inline-uttrycken gav inget värde")
            for expr, val in zip(meta["expressions"], values):
                out.append({"expression": expr, "line": meta["line"], **val})
    return out


OWN_HTML = ('<figure class="oms-chart"', '<div class="oms-table-wrap"')


def foreign_outputs(nb) -> list[dict]:
    """Outputs not made by analysis.display (e.g. a DataFrame shown directly).

    Under Quarto any text/html or JavaScript output makes the page load require.js and jQuery
    from a CDN, so chapters show tables with ``report_setup.table`` and figures as Charts.
    """
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = o.get("data", {})
            html_out = data.get("text/html", "")
            if "application/javascript" in data or (
                    html_out and not html_out.lstrip().startswith(OWN_HTML)):
                out.append({"line": cell.metadata.get("oms", {}).get("line"),
                            "mime": sorted(data)})
    return out


def stderr_outputs(nb) -> list[dict]:
    """Warnings and other stderr text a chapter would print into the report."""
    return [{"line": c.metadata.get("oms", {}).get("line"), "text": o.get("text", "")[:500]}
            for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if o.get("output_type") == "stream" and o.get("name") == "stderr"]


# --- preview HTML -------------------------------------------------------------------------------

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
                pending = [v["value"] for o in cell.outputs if INLINE_MIME in o.get("data", {})
                           for v in o["data"][INLINE_MIME]]
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
                source = INLINE.sub(lambda m: escape_markdown(next(values)), source)
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
"""


PREVIEW_BANNER = ("<strong>Förhandsversion utan Quarto.</strong> Samma kapitel och samma siffror "
                  "som rapporten, men enklare layout och ingen PDF. "
                  + html.escape(QUARTO_HELP.split(". ", 1)[1]))
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
<p>{banner}</p>
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


def default_jobs() -> int:
    """Chapters executed side by side: one per core, at most four (each kernel holds ~200 MB)."""
    return max(1, min(4, os.cpu_count() or 1))


def _execute_chapters(report_dir: Path, files: list[str], params: dict | None, log, jobs: int,
                      **options):
    """Execute the chapters, ``jobs`` at a time; yields ``(name, notebook)`` in book order.

    Each chapter has its own kernel either way (as under Quarto); running two at once uses both
    cores while one kernel starts and the other computes. ``options`` go to ``execute_chapter``
    (``mode``, ``target``).
    """
    from concurrent.futures import ThreadPoolExecutor

    def run(name: str):
        t0 = time.monotonic()
        nb = execute_chapter(report_dir / name, params, **options)
        log(f"  {name}: körd ({time.monotonic() - t0:.0f} s)")
        return nb

    if jobs <= 1:
        for name in files:
            yield name, run(name)
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [(name, pool.submit(run, name)) for name in files]
        for name, future in futures:
            yield name, future.result()


def build_preview(params: dict | None = None, out_dir: Path | None = None,
                  report_dir: Path | None = None, log=print,
                  jobs: int | None = None) -> PreviewResult:
    """Execute every chapter and write the preview pages, the e-mail file and a manifest."""
    from .display import CHART_CSS

    report_dir = Path(report_dir or paths.REPORT)
    out_dir = Path(out_dir or PREVIEW_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = default_jobs() if jobs is None else jobs
    config = quarto_config(report_dir)
    book_title = config.get("book", {}).get("title", "Rapport")
    files = chapter_files(report_dir)
    executed = []
    manifest: dict = {"params": params or {}, "chapters": []}
    for name, nb in _execute_chapters(report_dir, files, params, log, jobs):
        title = nb.metadata["oms"]["title"]
        executed.append((name, title, nb))
        manifest["chapters"].append({
            "file": name, "title": title, "inline": inline_results(nb),
            "foreign_html": foreign_outputs(nb), "stderr": stderr_outputs(nb),
            "code_cells": sum(1 for c in nb.cells if c.cell_type == "code"
                              and "expressions" not in c.metadata.get("oms", {})),
        })
    shutil.copyfile(plotly_js_path(), out_dir / "plotly.min.js")
    html_names = [(Path(n).with_suffix(".html").name, t) for n, t, _ in executed]
    pages = []
    for (page_name, title), (_, _, nb) in zip(html_names, executed):
        body = f"<h1>{html.escape(title)}</h1>\n{chapter_body(nb)}"
        page = _page(title, book_title, _nav(html_names, page_name), body,
                     '<script src="plotly.min.js" charset="utf-8"></script>', CHART_CSS)
        (out_dir / page_name).write_text(page, encoding="utf-8")
        pages.append(out_dir / page_name)
    # One self-contained file for e-mail: every chapter, plotly.js inline once, no other files.
    sections = [f'<section class="oms-chapter" id="{Path(n).stem}" aria-labelledby="{Path(n).stem}-h">'
                f'<h1 id="{Path(n).stem}-h">{html.escape(t)}</h1>\n{chapter_body(nb)}</section>'
                for n, t, nb in executed]
    plotly_inline = ("<script charset=\"utf-8\">" + plotly_js_path().read_text(encoding="utf-8")
                     + "</script>")
    email = out_dir / EMAIL_FILE
    email.write_text(_page(book_title, book_title, _nav(html_names, None, anchors=True),
                           "\n".join(sections), plotly_inline, CHART_CSS, EMAIL_BANNER),
                     encoding="utf-8")
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1),
                                           encoding="utf-8")
    return PreviewResult(pages=pages, email=email, manifest=manifest)


# --- Quarto -----------------------------------------------------------------------------------

def write_quarto_assets(report_dir: Path | None = None) -> Path:
    """plotly.js (once per page, from the local plotly package) and styles for Quarto's page head."""
    from .display import CHART_CSS

    assets = Path(report_dir or paths.REPORT) / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_path(), assets / "plotly.min.js")
    header = assets / "plotly-header.html"
    header.write_text(f'<script src="assets/plotly.min.js" charset="utf-8"></script>\n'
                      f"<style>{CHART_CSS}</style>\n", encoding="utf-8")
    return header


def quarto_command(params: dict, to: str | None = None) -> list[str]:
    cmd = ["quarto", "render", str(paths.REPORT)]
    if to:
        cmd += ["--to", to]
    for key, value in params.items():
        cmd += ["-P", f"{key}:{value}"]
    return cmd


def render_quarto(params: dict | None = None, to: str | None = None) -> int:
    """``quarto render report`` with this Python (and its packages) for the chapters' kernel."""
    write_quarto_assets()
    env = dict(os.environ, QUARTO_PYTHON=os.environ.get("QUARTO_PYTHON", sys.executable))
    # _prepare.py (pre-render) and the kernel must find the same Python as this process
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    cmd = quarto_command(params or {}, to)
    print("Kör:", " ".join(cmd))
    return subprocess.call(cmd, env=env)


# --- CLI --------------------------------------------------------------------------------------

def parse_params(items: list[str] | None) -> dict:
    """``["focus:03"]`` -> ``{"focus": "03"}``, validated (Swedish error listing valid values)."""
    params: dict = {}
    for item in items or []:
        key, sep, value = item.partition(":")
        if not sep or key not in KNOWN_PARAMS:
            raise ParameterError(f"Okänd parameter {item!r}. Ange t.ex. -P focus:03 "
                                 f"(parametrar: {', '.join(KNOWN_PARAMS)}).")
        import yaml

        # read the value as YAML, as Quarto does with -P (03 arrives as the integer 3)
        try:
            parsed = yaml.safe_load(value)
        except yaml.YAMLError:
            parsed = value
        params[key] = KNOWN_PARAMS[key](parsed)
    return params


def add_arguments(parser) -> None:
    parser.add_argument("-P", "--param", action="append", metavar="NAMN:VÄRDE",
                        help="rapportparameter, t.ex. -P focus:03 (fokusregion; standard SE12 = ÖMS)")
    parser.add_argument("--preview", action="store_true",
                        help="skriv HTML-förhandsversionen även om Quarto finns")
    parser.add_argument("--email", action="store_true",
                        help="skriv också en fristående HTML-fil för e-post (alltid med --preview)")
    parser.add_argument("--to", choices=["html", "typst"], help="bara detta Quarto-format")
    parser.add_argument("--pdf", action="store_true",
                        help="utan Quarto (eller med --preview): skriv också en PDF-förhandsversion "
                             "med Pandoc och Typst (report/_preview/rapport.pdf)")
    parser.add_argument("--output-dir", type=Path, help="katalog för förhandsversionen")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="kapitel som körs samtidigt i förhandsversionen "
                             "(standard: en per kärna, högst fyra)")


def run(args) -> int:
    try:
        params = parse_params(getattr(args, "param", None))
    except ParameterError as err:
        print(f"Fel: {err}", file=sys.stderr)
        return 2
    quarto = shutil.which("quarto")
    if quarto and not getattr(args, "preview", False):
        rc = render_quarto(params, getattr(args, "to", None))
        if rc != 0:
            return rc
        print(f"Rapporten finns i {paths.REPORT / '_book'}")
        if not getattr(args, "email", False):
            return 0
        print("Skriver e-postversionen (en fil) från samma kapitel ...")
    else:
        print(QUARTO_HELP if not quarto else "Skriver förhandsversionen (--preview).")
    out = getattr(args, "output_dir", None)
    print("Kör kapitlen genom Jupyter-kärnan ...")
    try:
        result = build_preview(params, out, jobs=getattr(args, "jobs", None))
    except ChapterError as err:
        print(f"Fel: {err}", file=sys.stderr)
        return 1
    print(f"Förhandsversionen: {result.pages[0]}")
    print(f"E-postversionen (en fristående fil): {result.email}")
    if getattr(args, "pdf", False) and (not quarto or getattr(args, "preview", False)):
        from .pdf_preview import PdfToolsMissing, build_pdf

        try:
            pdf = build_pdf(params, out, jobs=getattr(args, "jobs", None))
        except (ChapterError, PdfToolsMissing) as err:
            print(f"Fel: {err}", file=sys.stderr)
            return 1
        print(f"PDF-förhandsversionen: {pdf}")
    return 0
