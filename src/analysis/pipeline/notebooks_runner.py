"""``python -m analysis notebooks``: re-execute ``notebooks/*.ipynb`` in place.

Their stored outputs are what nbval compares, so run this after a change that alters results.
A failing cell stops with the error first, then the notebook and cell (number and first line),
without colour codes; the full traceback goes to ``notebooks/.oms-fel.log`` (and, with
``--traceback``, to the screen). A failed notebook is not saved.
"""

from __future__ import annotations

import sys
import time

from ..core import paths

ERROR_LOG = paths.NOTEBOOKS / ".oms-fel.log"


def add_arguments(parser) -> None:
    parser.add_argument("names", nargs="*", help="notebook-filer i notebooks/ (standard: alla)")
    parser.add_argument("--traceback", action="store_true",
                        help="visa hela felutskriften (traceback) när en cell misslyckas; "
                             f"den sparas alltid i notebooks/{ERROR_LOG.name}")


def _where(path, nb) -> str:
    """``<notebook>, cell <n> (<first line>)`` for the cell that failed."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    for number, cell in enumerate(code, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = next((ln.strip() for ln in cell.source.splitlines() if ln.strip()), "")
            first = first if len(first) <= 60 else first[:57] + "..."
            return f"{path.name}, kodcell {number} av {len(code)} ({first})"
    return path.name


def run(args) -> int:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from .kernels import failure_report, kernel_failure, kernel_manager

    names = getattr(args, "names", None) or []
    files = [paths.NOTEBOOKS / n for n in names] or sorted(paths.NOTEBOOKS.glob("*.ipynb"))
    for path in files:
        if not path.exists():
            print(f"Fel: {path} finns inte")
            return 2
        t0 = time.monotonic()
        nb = nbformat.read(path, as_version=4)
        try:
            with kernel_manager() as km:
                NotebookClient(nb, km=km, kernel_name="python3", timeout=900,
                               resources={"metadata": {"path": str(path.parent)}}).execute()
        except CellExecutionError as err:
            print(failure_report(kernel_failure(err, _where(path, nb)), ERROR_LOG,
                                 show_traceback=bool(getattr(args, "traceback", False))),
                  file=sys.stderr)
            return 1
        for cell in nb.cells:
            # execution timestamps change on every run and only make noise in diffs
            cell.metadata.pop("execution", None)
        nbformat.write(nb, path)
        print(f"  {path.name}: körd och sparad ({time.monotonic() - t0:.0f} s)")
    return 0
