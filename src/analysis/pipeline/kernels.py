"""Chapters executed through the Jupyter kernel, one kernel per chapter, side by side.

Each kernel talks over Unix sockets in a private folder (nothing listens on the network, no
warning about unencrypted TCP; the folder is removed afterwards, and a killed run's at the next
start) and gets its own environment: the display mode
(:mod:`analysis.display`) and the chapter's name. A failing cell stops the chapter with a
:class:`ChapterError`: its message is the error first (a DataError's Swedish text as it is), then
where (the chapter and the exact .qmd line, or the notebook and its cell), without ANSI colours;
the full traceback is kept in ``ChapterError.traceback`` for a log file or ``--traceback``
(:func:`failure_report`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
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


SOCKETS_PREFIX = "oms-kernel-"
# Socket folders of this process that are still in use (removed on exit and on SIGTERM).
_live_sockets: set[str] = set()
_cleanup_lock = threading.Lock()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _owner_pid(folder: Path) -> int | None:
    """The process that made a socket folder (``oms-kernel-<pid>-<random>``), if named."""
    parts = folder.name[len(SOCKETS_PREFIX):].split("-", 1)
    return int(parts[0]) if len(parts) == 2 and parts[0].isdigit() else None


def remove_stale_sockets(tmp: Path | None = None) -> list[Path]:
    """Remove the socket folders whose owning process is gone (a killed run's); those removed.

    Folders of processes still running are left alone, and so are folders without an owner's
    process id in their name that are younger than a day (older releases named them so).
    """
    tmp = Path(tmp or tempfile.gettempdir())
    removed = []
    for folder in tmp.glob(SOCKETS_PREFIX + "*"):
        try:
            if not folder.is_dir() or folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            pid = _owner_pid(folder)
            if pid is None:
                stale = time.time() - folder.stat().st_mtime > 86400
            else:
                stale = pid != os.getpid() and not _pid_alive(pid)
        except OSError:
            continue
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
    return removed


def _remove_live_sockets() -> None:
    with _cleanup_lock:
        for folder in list(_live_sockets):
            shutil.rmtree(folder, ignore_errors=True)
            _live_sockets.discard(folder)


def _on_sigterm(signum, frame):
    """Remove this process's socket folders, then die of SIGTERM as before."""
    _remove_live_sockets()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


_cleanup_installed = False


def _install_cleanup() -> None:
    """Once per process: stale folders removed; this run's removed at exit and on SIGTERM.

    A SIGTERM handler is only installed from the main thread and only where nobody else set one
    (a killed ``kill -9`` run cannot clean up; the next start removes its folders instead).
    """
    global _cleanup_installed
    with _cleanup_lock:
        if _cleanup_installed:
            return
        _cleanup_installed = True
    remove_stale_sockets()
    atexit.register(_remove_live_sockets)
    if (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL):
        signal.signal(signal.SIGTERM, _on_sigterm)


@contextlib.contextmanager
def kernel_manager():
    """A Python kernel manager talking over Unix sockets in a private temporary folder.

    Local sockets instead of TCP: nothing listens on the network, the kernel does not warn
    about unencrypted TCP on every start, and parallel kernels cannot collide. The folder
    (``oms-kernel-<pid>-*``) is removed when the kernel stops, at exit and on SIGTERM; folders
    of runs that were killed outright are removed at the next start.
    """
    from jupyter_client.manager import KernelManager

    _install_cleanup()
    sockets = tempfile.mkdtemp(prefix=f"{SOCKETS_PREFIX}{os.getpid()}-")
    with _cleanup_lock:
        _live_sockets.add(sockets)
    try:
        km = KernelManager(kernel_name="python3", transport="ipc",
                           ip=os.path.join(sockets, "kernel"))
        try:
            yield km
        finally:
            # nbclient leaves a kernel it did not create running: stop it here
            if km.has_kernel:
                km.shutdown_kernel(now=True)
    finally:
        with _cleanup_lock:
            _live_sockets.discard(sockets)
        shutil.rmtree(sockets, ignore_errors=True)


def execute_chapter(path: Path, params: dict | None = None, *, timeout: int = 900,
                    mode: str = "preview", target: str | None = None,
                    defer_images: bool = False):
    """Execute one chapter through the Jupyter kernel (cwd report/, like Quarto); the notebook.

    ``mode`` is the display mode the kernel uses (``preview``; ``quarto`` to see exactly the
    Markdown Quarto would receive). ``target`` (``html`` or ``typst``) narrows ``quarto`` mode to
    that format's variant (the PDF preview uses ``typst``). ``defer_images``: figures' PNGs are
    left for the caller to draw (:func:`analysis.static_images.render_pending`).
    """
    from ..present.display import VARIANTS_ENV
    from ..present.static_images import IMAGES_ENV

    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = qmd_notebook(path, params)
    # The kernel's own environment tells analysis.display how to render and which chapter it is
    # (given to this kernel only, so chapters can run side by side).
    env = dict(os.environ, OMS_REPORT_MODE=mode, OMS_REPORT_CHAPTER=path.name)
    env.pop("OMS_REPORT_TARGET", None)
    env.pop("QUARTO_EXECUTE_INFO", None)  # a Quarto run's format is not this kernel's
    env.pop(IMAGES_ENV, None)
    env.pop(VARIANTS_ENV, None)
    if defer_images:
        # the report's own book: PNGs drawn afterwards, each format's figures also given alone
        env[IMAGES_ENV] = "defer"
        env[VARIANTS_ENV] = "1"
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

    _install_cleanup()  # here, in the main thread, before the kernels' threads start

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

