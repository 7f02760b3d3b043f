"""Chapters executed through the Jupyter kernel, one kernel per chapter, side by side.

Each kernel talks over Unix sockets in a private folder (nothing listens on the network, no
warning about unencrypted TCP) and gets its own environment: the display mode
(:mod:`analysis.display`) and the chapter's name. A failing cell stops the chapter with a
:class:`ChapterError`: its message is the error first (a DataError's Swedish text as it is), then
where (the chapter and the exact .qmd line, or the notebook and its cell), without ANSI colours;
the full traceback is kept in ``ChapterError.traceback`` for a log file or ``--traceback``
(:func:`failure_report`).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

from .chapters import INLINE_MIME, qmd_notebook


class ChapterError(RuntimeError):
    """A chapter's (or notebook's) code failed in the kernel.

    ``str(err)`` is short and plain: the error, then ``Var: <chapter>, rad <line>``.
    ``traceback`` is the kernel's full traceback without colour codes (empty when there is none).
    """

    def __init__(self, message: str, *, traceback: str = ""):
        super().__init__(message)
        self.traceback = traceback


ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
# The project's own errors already read as a sentence in Swedish: shown as they are.
OWN_ERRORS = {"DataError", "ParameterError"}
CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")


def strip_ansi(text: str) -> str:
    """``text`` without terminal colour and cursor codes (the kernel colours its tracebacks)."""
    return ANSI.sub("", text)


def kernel_failure(err, where: str) -> ChapterError:
    """A :class:`ChapterError` from nbclient's ``CellExecutionError``: message first, then where."""
    ename, evalue = err.ename, strip_ansi(str(err.evalue)).strip()
    head = evalue if ename in OWN_ERRORS else f"Oväntat fel i koden ({ename}): {evalue}"
    trace = strip_ansi(getattr(err, "traceback", "") or str(err))
    return ChapterError(f"{head}\n  Var: {where}", traceback=trace)


def _qmd_lines(path: Path) -> list[str]:
    try:
        return [ln.rstrip("\r") for ln in path.read_text(encoding="utf-8").split("\n")]
    except OSError:
        return []


def _inline_line(path: Path, start: int, expressions: list[str]) -> str:
    """Where a failed inline expression is: its own line if the paragraph has one expression."""
    lines = _qmd_lines(path)
    numbers = [n for n in range(start, len(lines) + 1) if lines[n - 1].strip()]
    first = numbers[0] if numbers else start
    if len(expressions) == 1:
        for n in numbers:
            if expressions[0] in lines[n - 1]:
                return f"{path.name}, rad {n} (ett inline-uttryck)"
    return f"{path.name}, rad {first} (ett av inline-uttrycken i stycket som börjar där)"


def _cell_line_in_qmd(path: Path, fence_line: int, cell_line: int) -> int | None:
    """The .qmd line of line ``cell_line`` (1-based) of the code cell whose fence is on
    ``fence_line``: the cell's source lost its ``#|`` option lines and leading blank lines."""
    lines = _qmd_lines(path)
    body = []
    for number in range(fence_line + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip().startswith("```"):
            break
        if not text.startswith("#|") and (body or text != ""):
            body.append(number)
    return body[cell_line - 1] if 0 < cell_line <= len(body) else None


def cell_location(path: Path, cell, trace: str) -> str:
    """Where a failed chapter cell is: ``<chapter>, rad <line>`` (the failing line if known)."""
    meta = cell.metadata.get("oms", {})
    if "expressions" in meta:
        return _inline_line(path, meta["line"], meta["expressions"])
    m = CELL_LINE.search(trace)
    injected = "injected-parameters" in cell.metadata.get("tags", [])
    line = _cell_line_in_qmd(path, meta["line"], int(m.group(1))) if m and not injected else None
    if line is None:
        return f"{path.name}, kodcellen som börjar på rad {meta['line']}"
    return f"{path.name}, rad {line} (i kodcellen som börjar på rad {meta['line']})"


def failure_report(err: ChapterError, log_file: Path, *, show_traceback: bool = False) -> str:
    """What the command line prints for a failed chapter or notebook; writes ``log_file``.

    The message first; the full traceback goes to ``log_file`` and, with ``--traceback``, after
    the message."""
    lines = [f"Fel: {err}"]
    if err.traceback:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            log_file.write_text(f"{err}\n\n{err.traceback}\n", encoding="utf-8")
            lines.append(f"  Hela felutskriften (traceback) finns i {log_file}"
                         + ("." if show_traceback else "; visa den här med --traceback."))
        except OSError:
            pass
        if show_traceback:
            lines += ["", err.traceback]
    return "\n".join(lines)


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
                    mode: str = "preview", target: str | None = None,
                    defer_images: bool = False):
    """Execute one chapter through the Jupyter kernel (cwd report/, like Quarto); the notebook.

    ``mode`` is the display mode the kernel uses (``preview``; ``quarto`` to see exactly the
    Markdown Quarto would receive). ``target`` (``html`` or ``typst``) narrows ``quarto`` mode to
    that format's variant (the PDF preview uses ``typst``). ``defer_images``: figures' PNGs are
    left for the caller to draw (:func:`analysis.static_images.render_pending`).
    """
    from ..present.static_images import IMAGES_ENV

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = qmd_notebook(path, params)
    # The kernel's own environment tells analysis.display how to render and which chapter it is
    # (given to this kernel only, so chapters can run side by side).
    env = dict(os.environ, OMS_REPORT_MODE=mode, OMS_REPORT_CHAPTER=path.name)
    env.pop("OMS_REPORT_TARGET", None)
    env.pop(IMAGES_ENV, None)
    if defer_images:
        env[IMAGES_ENV] = "defer"
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
        trace = strip_ansi(getattr(err, "traceback", "") or str(err))
        where = cell_location(path, failed, trace) if failed is not None else path.name
        raise kernel_failure(err, where) from err
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


def default_jobs() -> int:
    """Chapters executed side by side: one per core, at most four (each kernel holds ~200 MB)."""
    return max(1, min(4, os.cpu_count() or 1))


def execute_chapters(report_dir: Path, files: list[str], params: dict | None, log, jobs: int,
                     **options):
    """Execute the chapters, ``jobs`` at a time; yields ``(name, notebook)`` in book order.

    Each chapter has its own kernel either way (as under Quarto); running two at once uses both
    cores while one kernel starts and the other computes. ``options`` go to ``execute_chapter``
    (``mode``, ``target``, ``defer_images``).
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

