"""``python -m analysis notebooks``: re-execute ``notebooks/*.ipynb`` in place.

Their stored outputs are what nbval compares, so run this after a change that alters results.
"""

from __future__ import annotations

import time

from ..core import paths


def add_arguments(parser) -> None:
    parser.add_argument("names", nargs="*", help="notebook-filer i notebooks/ (standard: alla)")


def run(args) -> int:
    import nbformat
    from nbclient import NotebookClient

    from .report import kernel_manager

    names = getattr(args, "names", None) or []
    files = [paths.NOTEBOOKS / n for n in names] or sorted(paths.NOTEBOOKS.glob("*.ipynb"))
    for path in files:
        if not path.exists():
            print(f"Fel: {path} finns inte")
            return 2
        t0 = time.monotonic()
        nb = nbformat.read(path, as_version=4)
        with kernel_manager() as km:
            NotebookClient(nb, km=km, kernel_name="python3", timeout=900,
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        for cell in nb.cells:
            # execution timestamps change on every run and only make noise in diffs
            cell.metadata.pop("execution", None)
        nbformat.write(nb, path)
        print(f"  {path.name}: körd och sparad ({time.monotonic() - t0:.0f} s)")
    return 0
