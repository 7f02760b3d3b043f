"""Chapters executed through the Jupyter kernel, one kernel per chapter, side by side.

Each kernel talks over Unix sockets in a private folder (nothing listens on the network, no
warning about unencrypted TCP) and gets its own environment: the display mode
(:mod:`analysis.display`) and the chapter's name. A failing cell stops the chapter with a
:class:`ChapterError` naming the chapter, the .qmd line and the error.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from .chapters import INLINE_MIME, qmd_notebook


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

