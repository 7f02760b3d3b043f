"""The real report: the Quarto book (HTML and a Typst PDF) from chapters executed once.

Left to itself (``quarto render report``), Quarto executes every chapter twice, once per format,
each time in a fresh kernel, and kaleido starts a new Chromium for every image. :func:`build_book`
instead

1. executes every chapter once, two kernels at a time, in display mode ``quarto`` (each figure
   and table written for both formats, each variant in a ``content-visible`` div), leaving the
   PDF's images to be drawn afterwards (:mod:`analysis.static_images`);
2. writes each chapter as plain Markdown (prose with the inline values filled in, the outputs as
   Markdown) into a staging copy of the book project beside the output folder, with the same
   ``_quarto.yml`` except that the chapters are ``.md`` files, which Quarto never executes;
3. runs ``quarto render --to html`` while one Chromium draws every image, then
   ``quarto render --to typst``;
4. gives Quarto's previous/next links an accessible name that contains their visible text,
   checks that every page and the PDF are there and swaps the new book into place, so that a
   failed render leaves the previous book as it was and never a half-written one.

A stamp (``.oms-build.json``) records a fingerprint of everything the book is made from (the
report's sources, the package's code, the data, the parameters, Quarto's version): with nothing
changed, the build is skipped within a second or two.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..core import paths
from .chapters import chapter_files, quarto_config

STAMP = ".oms-build.json"
FORMATS = ("html", "typst")
PDF_NAME = "rapport.pdf"
GENERATED = {"_book", "_preview", "assets", ".quarto", "_freeze", "_site", "_output"}


# Quarto's pages only. On a phone a long heading word ("Tillgänglighetsredogörelse" at h2 size)
# is wider than the screen: it may break anywhere rather than run past the edge. The heading
# anchor (an empty link whose icon CSS draws) sticks to the last word; a zero-width space lets it
# move to the next line instead. The previous/next chapter links at the foot of a page share one
# line; with two long chapter titles they were wider than a phone: each may take half the width
# and wrap its title.
QUARTO_CSS = """
main h1, main h2, main h3, main h4 { overflow-wrap: anywhere; }
.anchorjs-link::before { content: "\\200B"; }
.page-navigation .nav-page { max-width: 50%; min-width: 0; }
.page-navigation .nav-page .pagination-link { white-space: normal; overflow-wrap: anywhere; }
"""


class QuartoError(RuntimeError):
    """Quarto is missing or a render failed (the message says which chapter and why)."""


@dataclass
class BookResult:
    out_dir: Path
    pages: list[Path]
    pdf: Path | None
    rebuilt: bool
    seconds: dict


def write_quarto_assets(report_dir: Path | None = None) -> Path:
    """plotly.js (once per page, from the local plotly package) and styles for Quarto's page head."""
    from ..present.display import CHART_CSS
    from .preview_pages import plotly_js_path

    assets = Path(report_dir or paths.REPORT) / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    target = assets / "plotly.min.js"
    if not target.exists() or target.stat().st_size != plotly_js_path().stat().st_size:
        shutil.copyfile(plotly_js_path(), target)
    header = assets / "plotly-header.html"
    text = (f'<script src="assets/plotly.min.js" charset="utf-8"></script>\n'
            f"<style>{CHART_CSS}{QUARTO_CSS}</style>\n")
    if not header.exists() or header.read_text(encoding="utf-8") != text:
        header.write_text(text, encoding="utf-8")
    return header


def quarto_version(quarto: str = "quarto") -> str:
    out = subprocess.run([quarto, "--version"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def source_files(report_dir: Path) -> list[Path]:
    """The book's own files: chapters, _quarto.yml, filters, styles (not what renders write)."""
    return sorted(p for p in report_dir.rglob("*") if p.is_file()
                  and p.relative_to(report_dir).parts[0] not in GENERATED
                  and not p.relative_to(report_dir).parts[0].startswith(".oms-")
                  and "__pycache__" not in p.parts)


def build_key(report_dir: Path, params: dict, formats: tuple[str, ...], version: str) -> str:
    """A fingerprint of everything the book is made from; equal keys give the same book."""
    import kaleido  # noqa: F401  (its version shapes the images)
    import plotly

    from ..core.cache import data_inputs, fingerprint

    inputs = fingerprint([*data_inputs(), *source_files(report_dir)])
    from datetime import date

    # the day: the title page's date and the actions past their due date on the first page
    extra = json.dumps({"params": params, "formats": list(formats), "quarto": version,
                        "plotly": plotly.__version__, "python": sys.version,
                        "date": date.today().isoformat()}, sort_keys=True)
    return hashlib.sha256(f"{inputs}|{extra}".encode()).hexdigest()[:20]


# --- chapters as Markdown -------------------------------------------------------------------------

def output_markdown(output, fmt: str | None = None) -> str:
    """One cell output as Markdown: figures and tables arrive as text/markdown already.

    With ``fmt`` (``html``, ``typst``) a figure gives only that format's variant where the
    output has it (:data:`analysis.present.display.FORMAT_MIME`). Text on stderr (warnings, a
    library's log lines) is left out; the caller reports it.
    """
    from ..present.display import FORMAT_MIME

    if fmt and FORMAT_MIME.get(fmt) in output.get("data", {}):
        return output["data"][FORMAT_MIME[fmt]]
    if output.get("output_type") == "stream":
        if output.get("name") == "stderr":
            return ""
        text = output.get("text", "").rstrip("\n")
        return _code_block(text) if text.strip() else ""
    data = output.get("data", {})
    if "text/markdown" in data:
        return data["text/markdown"]
    if "text/plain" in data:
        return _code_block(data["text/plain"])
    return ""


def _code_block(text: str) -> str:
    """Plain output as a code block whose fence no line of the text can close."""
    from ..core.escape import markdown_fence

    fence = markdown_fence(text)
    return f"{fence}\n{text}\n{fence}"


def chapter_blocks(nb, fmt: str | None = None) -> list[tuple[int | None, str]]:
    """An executed chapter's prose (inline values filled in) and outputs as Markdown blocks,
    each with the .qmd line of the cell it comes from (``None`` where unknown); ``fmt`` as in
    :func:`output_markdown`."""
    from .preview_pages import chapter_parts

    # chapter_parts yields a markdown cell's prose in order and a code cell's outputs as the
    # very objects of the notebook: both lead back to their cell.
    prose_lines = iter([c.metadata.get("oms", {}).get("line") for c in nb.cells
                        if c.cell_type != "code"])
    output_lines = {id(o): c.metadata.get("oms", {}).get("line") for c in nb.cells
                    if c.cell_type == "code" for o in c.get("outputs", [])}
    blocks = []
    for kind, item in chapter_parts(nb):
        if kind == "markdown":
            line, text = next(prose_lines, None), item
        else:
            line, text = output_lines.get(id(item)), output_markdown(item, fmt)
        if text.strip():
            blocks.append((line, text.strip("\n")))
    return blocks


def chapter_parts_markdown(nb) -> list[str]:
    """An executed chapter's prose (inline values filled in) and outputs, as Markdown blocks."""
    return [text for _, text in chapter_blocks(nb)]


CELL_MARK = "// oms-cell {name} rad {line}"
CELL_MARK_RE = re.compile(r"^// oms-cell (\S+) rad (\d+)\s*$")


def chapter_document(nb, *, name: str | None = None, cell_map: list | None = None,
                     marks: bool = False, fmt: str | None = None) -> str:
    """The chapter as a Markdown file for Quarto: its title in the front matter, then the body.

    ``cell_map`` (a list) receives ``(first Markdown line, last line, .qmd line)`` per block, so
    that a failure Quarto reports by line can be traced to its cell; ``marks`` puts a Typst
    comment naming the cell before each block (it survives into Quarto's ``.typ`` file, whose
    line numbers Typst's errors give); ``fmt`` writes only that format's figures.
    """
    title = json.dumps(nb.metadata["oms"]["title"], ensure_ascii=False)
    text = f"---\ntitle: {title}\n---\n"
    for line, block in chapter_blocks(nb, fmt):
        if marks and line is not None and name:
            text += "\n```{=typst}\n" + CELL_MARK.format(name=name, line=line) + "\n```\n"
        start = text.count("\n") + 2
        text += "\n" + block + "\n"
        if cell_map is not None and line is not None:
            cell_map.append((start, text.count("\n"), line))
    return text


def stage_config(config: dict, files: list[str]) -> dict:
    """``_quarto.yml`` for the staged book: chapters as .md, no pre-/post-render, no execution."""
    import copy

    staged = copy.deepcopy(config)
    project = staged.setdefault("project", {})
    for key in ("pre-render", "post-render"):
        project.pop(key, None)
    project["output-dir"] = "_book"
    staged.pop("execute", None)
    md = {name: str(Path(name).with_suffix(".md")) for name in files}

    def rename(items):
        out = []
        for item in items or []:
            if isinstance(item, str):
                out.append(md.get(item, item))
            elif isinstance(item, dict):
                item = dict(item)
                if "chapters" in item:
                    item["chapters"] = rename(item["chapters"])
                if isinstance(item.get("part"), str):
                    item["part"] = md.get(item["part"], item["part"])
                out.append(item)
        return out

    book = staged.setdefault("book", {})
    for key in ("chapters", "appendices"):
        if key in book:
            book[key] = rename(book[key])
    return staged


# --- Quarto's pages, fixed up ---------------------------------------------------------------------

PAGINATION = re.compile(r'(<a\s+href="[^"]*" class="pagination-link") aria-label="[^"]*">(.*?)</a>',
                        re.S)


def fix_navigation(page: str) -> str:
    """Previous/next links named by their visible text (with the chapter number), WCAG 2.5.3.

    Quarto names them by the chapter title alone ("Mål och uppföljning") while they show
    "5 Mål och uppföljning"; the name now says where the link goes and then the visible text,
    so that speech input ("klicka 5 Mål och uppföljning") finds the link.
    """
    def name(m):
        visible = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(2))).split())
        where = "Föregående kapitel" if "arrow-left" in m.group(2) else "Nästa kapitel"
        label = html.escape(f"{where}: {visible}", quote=True)
        return f'{m.group(1)} aria-label="{label}">{m.group(2)}</a>'

    return PAGINATION.sub(name, page)


def fix_pages(out_dir: Path) -> int:
    """Apply :func:`fix_navigation` to every HTML page of a rendered book; pages changed."""
    changed = 0
    for page in Path(out_dir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = fix_navigation(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed


# --- rendering ------------------------------------------------------------------------------------

PROGRESS = re.compile(r"^\s*\[\s*\d+/\d+\]\s+(\S+)", re.M)
IN_FILE = re.compile(r"in file (\S+?),?\s*$", re.M)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


TYPST_AT = re.compile(r"(\S+\.typ):(\d+):\d+")
MD_AT = re.compile(r"(\S+\.md)(?::|,? line )(\d+)")
QUOTED = re.compile(r"[\"'`«»“”]([^\"'`«»“”\n]{4,80})[\"'`«»“”]")
PATH_TAIL = re.compile(r"[\w./-]*/([\w.-]{5,})")


def _typst_cell(stage: Path, output: str) -> tuple[str, int] | None:
    """The cell Typst's error points at: the nearest cell mark above its line in the .typ."""
    for typ, line in TYPST_AT.findall(output):  # the first error is the cause
        path = next((p for p in (stage / typ, stage / "_out" / typ, Path(typ)) if p.is_file()),
                    None)
        if path is None:
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:int(line)]
        for text in reversed(lines):
            if m := CELL_MARK_RE.match(text.strip()):
                return m.group(1), int(m.group(2))
    return None


def _cell_of(stage: Path | None, output: str, chapter: str | None,
             cells: dict | None) -> tuple[str, int] | None:
    """``(chapter, .qmd line)`` of the cell behind Quarto's failure, where it can be told.

    In this order: Typst's ``file.typ:line:column`` (the cell marks in the .typ), a line of a
    chapter's Markdown file (``cells``: the blocks' lines), and last a quoted name or file
    name from Quarto's message found in exactly one block of the named chapter.
    """
    if stage is not None and (found := _typst_cell(stage, output)):
        return found
    if not cells:
        return None
    for md, line in reversed(MD_AT.findall(output)):
        name = Path(md).with_suffix(".qmd").name
        for first, last, qmd_line, _ in cells.get(name, []):
            if first <= int(line) <= last:
                return name, qmd_line
    if chapter is None:
        return None
    words = [w.strip().rstrip(".,;:") for w in QUOTED.findall(output) + PATH_TAIL.findall(output)]
    words = [w for w in words if w and not w.endswith((".md", ".typ", ".ts", ".lua"))]
    for word in words:
        hits = {qmd_line for _, _, qmd_line, text in cells.get(chapter, []) if word in text}
        if len(hits) == 1:
            return chapter, hits.pop()
    return None


def render_error(to: str, output: str, *, stage: Path | None = None,
                 cells: dict | None = None) -> QuartoError:
    """Quarto's failure as a Swedish message naming the chapter, the cell where it can be told
    (``cells``: chapter -> ``(first, last Markdown line, .qmd line, text)`` per block) and
    giving Quarto's own words."""
    output = ANSI.sub("", output)
    named = IN_FILE.findall(output) or PROGRESS.findall(output)
    chapter = Path(named[-1]).with_suffix(".qmd").name if named else None
    cell = _cell_of(stage, output, chapter, cells)
    if cell:
        chapter = cell[0]
    where = f" i kapitlet {chapter}" if chapter else ""
    if cell:
        where += f", cellen på rad {cell[1]}"
    lines = [ln.rstrip() for ln in output.splitlines()
             if ln.strip() and not ln.lstrip().startswith("at ")]
    start = next((i for i, ln in enumerate(lines) if "ERROR" in ln or "error:" in ln),
                 max(0, len(lines) - 12))
    message = lines[start:start + 12]
    if "Stack trace:" in message:
        message = message[:message.index("Stack trace:")]
    return QuartoError(f"Quarto kunde inte skriva rapporten ({to}){where}:\n"
                       + "\n".join(message))


def run_quarto(quarto: str, stage: Path, to: str, out: str, cells: dict | None = None) -> float:
    """``quarto render STAGE --to TO --output-dir OUT``; seconds, or :class:`QuartoError`."""
    t0 = time.monotonic()
    env = dict(os.environ, QUARTO_PYTHON=os.environ.get("QUARTO_PYTHON", sys.executable))
    proc = subprocess.run([quarto, "render", str(stage), "--to", to, "--output-dir", out],
                          cwd=stage, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    if proc.returncode != 0:
        raise render_error(to, proc.stdout, stage=stage, cells=cells)
    return time.monotonic() - t0


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def _images_there(report_dir: Path):
    """Whether every image an executed chapter refers to exists or waits to be drawn."""
    from ..present.static_images import IMAGE_REF, spec_path

    def usable(nb) -> bool:
        refs = IMAGE_REF.findall(chapter_document(nb))
        return all((report_dir / r).exists() or spec_path(report_dir / r).exists() for r in refs)

    return usable


def _execute(report_dir: Path, files: list[str], params: dict, log, jobs: int) -> list:
    """Every chapter executed once for both formats (PNGs deferred); stderr output refused.

    A chapter whose file, parameters, code and data are unchanged since it was last executed is
    taken from :mod:`analysis.chapter_cache` instead.
    """
    from . import chapter_cache
    from .kernels import ChapterError, execute_chapters, stderr_outputs

    base = chapter_cache.base_key()
    keys = {n: chapter_cache.chapter_key(report_dir, n, params, base) for n in files}
    usable = _images_there(report_dir)
    kept = {n: nb for n in files
            if (nb := chapter_cache.load(report_dir, n, keys[n], usable)) is not None}
    if kept:
        log(f"  {len(kept)} kapitel oförändrade sedan förra gången: körs inte igen")
    ran = dict(execute_chapters(report_dir, [n for n in files if n not in kept], params, log,
                                jobs, mode="quarto", defer_images=True))
    chapters = [(n, kept.get(n) or ran[n]) for n in files]
    for name, nb in chapters:
        for item in stderr_outputs(nb):
            first = (item["text"].strip().splitlines() or [""])[0]
            raise ChapterError(f"{name}, rad {item['line']}: kapitlet skrev en varning som "
                               f"skulle hamna i rapporten: {first}")
    for name, nb in ran.items():
        chapter_cache.store(report_dir, name, keys[name], nb)
    return chapters


def _write_stage(stage: Path, report_dir: Path, config: dict, files: list[str],
                 chapters: list, cells: dict) -> tuple[list, list[str]]:
    """The staging project: _quarto.yml, chapters as .md, the report's other sources linked in.

    ``cells[format]`` receives each chapter's blocks with their lines (:func:`render_error`); the
    Typst project's chapters carry cell marks, and Quarto keeps its ``.typ`` file there.
    Returns the images still to draw and every image the chapters refer to.
    """
    import yaml

    from ..present.static_images import IMAGE_REF, pending_jobs

    typst = stage.name == "typst"
    stage.mkdir(parents=True, exist_ok=True)
    staged = stage_config(config, files)
    if typst:  # the .typ file stays, so that a Typst error's line can be traced to its cell
        options = staged.setdefault("format", {})
        if isinstance(options.get("typst"), dict):
            options["typst"]["keep-typ"] = True
    (stage / "_quarto.yml").write_text(yaml.safe_dump(staged, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    for src in source_files(report_dir):
        rel = src.relative_to(report_dir)
        if src.suffix not in {".qmd", ".py"} and rel.name != "_quarto.yml":
            _link_or_copy(src, stage / rel)
    for name in ("plotly.min.js", "plotly-header.html"):
        _link_or_copy(report_dir / "assets" / name, stage / "assets" / name)
    jobs, refs = [], []
    for name, nb in chapters:
        spans: list = []
        text = chapter_document(nb, name=name, cell_map=spans, marks=typst, fmt=stage.name)
        lines = text.splitlines()
        cells.setdefault(stage.name, {})[name] = [(a, b, line, "\n".join(lines[a - 1:b]))
                                                  for a, b, line in spans]
        (stage / Path(name).with_suffix(".md")).write_text(text, encoding="utf-8")
        jobs += pending_jobs(text, report_dir)
        refs += IMAGE_REF.findall(text)
    return jobs, list(dict.fromkeys(refs))


def _in_thread(seconds: dict, key: str, failure: list, work) -> threading.Thread:
    """``work()`` in a thread, its seconds in ``seconds[key]``, an error into ``failure``."""
    def run():
        t0 = time.monotonic()
        try:
            work()
        except BaseException as err:  # handed to the main thread
            failure.append(err)
        seconds[key] = time.monotonic() - t0

    worker = threading.Thread(target=run, name=f"oms-{key}")
    worker.start()
    return worker


def _render(quarto: str, stage: Path, report_dir: Path, formats: tuple[str, ...],
            images: tuple[list, list[str]], cells: dict, log, also=None) -> dict:
    """HTML (in a thread) while the images are drawn, then the PDF, each in its own staging
    project (``stage/html``, ``stage/typst``); ``also`` (e.g. the workbook) runs in a thread
    beside them. Seconds per step."""
    from ..present.static_images import render_pending

    seconds: dict = {}
    failure: list[BaseException] = []
    workers = []
    if "html" in formats:
        workers.append(_in_thread(seconds, "html", failure,
                                  lambda: run_quarto(quarto, stage / "html", "html", "_out",
                                                     cells.get("html"))))
    if also is not None:
        workers.append(_in_thread(seconds, also[0], failure, also[1]))
    try:
        if "typst" in formats:
            t0 = time.monotonic()
            drawn = render_pending(images[0], log=log)
            for ref in images[1]:
                _link_or_copy(report_dir / ref, stage / "typst" / ref)
            seconds["images"] = time.monotonic() - t0
            log(f"  bilder för PDF:en: {drawn} ritade ({seconds['images']:.0f} s)")
            seconds["typst"] = run_quarto(quarto, stage / "typst", "typst", "_out",
                                          cells.get("typst"))
    finally:
        for worker in workers:
            worker.join()
    if failure:
        raise failure[0]
    return seconds


def _assemble(stage: Path, files: list[str], formats: tuple[str, ...]) -> Path:
    """One folder with the HTML pages and the PDF; :class:`QuartoError` if anything is missing."""
    book = stage / ("html" if "html" in formats else "typst") / "_out"
    missing = []
    if "html" in formats:
        fix_pages(book)
        missing += [n for n in (str(Path(f).with_suffix(".html")) for f in files)
                    if not (book / n).is_file()]
    if "typst" in formats:
        pdf = stage / "typst" / "_out" / PDF_NAME
        if not pdf.is_file():
            missing.append(PDF_NAME)
        elif "html" in formats:
            os.replace(pdf, book / PDF_NAME)
    if missing:
        raise QuartoError(f"Quarto skrev inte hela rapporten; saknas: {', '.join(missing)}")
    return book


def _swap(new: Path, out_dir: Path) -> None:
    """The new book in place of the old one, all or nothing (:func:`analysis.core.atomic.swap_in`:
    a failed or killed swap leaves the previous book, undone by the next run at the latest)."""
    from ..core import atomic

    out_dir.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in new.iterdir())
    old = [p.name for p in out_dir.iterdir() if p.name != atomic.JOURNAL
           and not p.name.startswith(atomic.BACKUP_PREFIX)]
    atomic.swap_in(new, out_dir, names, remove=old)


def _stamp_matches(out_dir: Path, key: str, files: list[str], formats) -> bool:
    try:
        stamp = json.loads((out_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    wanted = [str(Path(f).with_suffix(".html")) for f in files] if "html" in formats else []
    wanted += [PDF_NAME] if "typst" in formats else []
    return stamp.get("key") == key and all((out_dir / w).is_file() for w in wanted)


def build_book(params: dict | None = None, *, out_dir: Path | None = None,
               report_dir: Path | None = None, formats: tuple[str, ...] = FORMATS,
               log=print, jobs: int | None = None, force: bool = False) -> BookResult:
    """Render the book with Quarto (see the module's description); where it is and what it took."""
    from ..core import atomic
    from .kernels import default_jobs

    quarto = shutil.which("quarto")
    if quarto is None:
        raise QuartoError("Quarto finns inte på PATH.")
    report_dir = Path(report_dir or paths.REPORT).resolve()
    out_dir = Path(out_dir or report_dir / "_book").resolve()
    params = dict(params or {})
    files = chapter_files(report_dir)
    write_quarto_assets(report_dir)
    key = build_key(report_dir, params, tuple(formats), quarto_version(quarto))
    pages = [out_dir / Path(f).with_suffix(".html") for f in files] if "html" in formats else []
    pdf = out_dir / PDF_NAME if "typst" in formats else None
    # First undo a swap a killed run left half done: its new stamp may already be in place.
    atomic.recover(out_dir)
    if not force and _stamp_matches(out_dir, key, files, formats):
        log("Rapporten är oförändrad sedan förra gången (samma kapitel, kod, data och parametrar).")
        return BookResult(out_dir, pages, pdf, False, {})
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    atomic.clean_stale(out_dir.parent, ".oms-stage-")  # killed runs' staging folders
    stage = atomic.stage_folder(out_dir.parent, ".oms-stage-")
    try:
        t0 = time.monotonic()
        chapters = _execute(report_dir, files, params, log, default_jobs() if jobs is None else jobs)
        seconds = {"execute": time.monotonic() - t0}
        # One staging project per format: two Quarto processes must not share a project
        # folder (they both write its .quarto/ scratch folder).
        config = quarto_config(report_dir)
        cells: dict = {}
        # the images the PDF needs, from the Typst project's chapters
        images = {f: _write_stage(stage / f, report_dir, config, files, chapters, cells)
                  for f in formats}.get("typst", ([], []))
        log("Quarto skriver rapporten (" + " och ".join(formats) + ") ...")
        # The workbook the first page and Metod link to is written while Quarto works, from
        # the tables the chapters showed (recorded in their outputs, analysis.table_records).
        workbook = None
        if "html" in formats:
            from .workbook_build import chapters_from_notebooks, write_report_workbook

            tables = chapters_from_notebooks(chapters)
            workbook = ("workbook", lambda: write_report_workbook(stage / "workbook", tables))
        seconds.update(_render(quarto, stage, report_dir, tuple(formats), images, cells, log,
                               also=workbook))
        book = _assemble(stage, files, tuple(formats))
        if workbook is not None:
            for made in (stage / "workbook").iterdir():
                os.replace(made, book / made.name)
        (book / STAMP).write_text(json.dumps({"key": key, "params": params,
                                              "formats": list(formats)}), encoding="utf-8")
        _swap(book, out_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return BookResult(out_dir, pages, pdf, True, seconds)
