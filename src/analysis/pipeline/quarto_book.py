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
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..core import paths
from .chapter_markdown import (CELL_MARK, CELL_MARK_RE, chapter_blocks,  # noqa: F401
                               chapter_document, chapter_parts_markdown, output_markdown,
                               stage_config)
from .chapters import chapter_files, quarto_config
from .quarto_errors import QuartoError, render_error  # noqa: F401
from .quarto_pages import (QUARTO_CSS, fix_navigation, fix_pages,  # noqa: F401
                           write_quarto_assets)

STAMP = ".oms-build.json"
FORMATS = ("html", "typst")
PDF_NAME = "rapport.pdf"
GENERATED = {"_book", "_preview", "assets", ".quarto", "_freeze", "_site", "_output",
             ".oms-render"}
# Plain ``quarto render report`` writes here (report/_quarto.yml's output-dir): Quarto empties its
# output folder before anything of ours runs, so the book in _book/ is only replaced, whole, by
# the post-render step once the new one is complete (:func:`finish_plain_render`).
PLAIN_RENDER_DIR = ".oms-render"


@dataclass
class BookResult:
    out_dir: Path
    pages: list[Path]
    pdf: Path | None
    rebuilt: bool
    seconds: dict


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


# --- rendering ------------------------------------------------------------------------------------

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


def finish_plain_render(rendered: Path, report_dir: Path, render_all: bool) -> Path:
    """After plain ``quarto render report``: the book Quarto wrote into ``rendered`` replaces
    ``report/_book`` whole (a whole-book render), or its files are laid over it (one chapter
    rendered); ``rendered`` is left empty. Returns the book's folder."""
    import shutil

    book = report_dir / "_book"
    if render_all:
        _swap(rendered, book)
    else:
        shutil.copytree(rendered, book, dirs_exist_ok=True)
        for entry in list(rendered.iterdir()):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    return book


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
