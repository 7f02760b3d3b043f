"""The validated tables on disk: written once per set of inputs, read by every loader.

A group of tables (the budget's, the indicators') is stored as parquet files, which keep each
column's type, in ``data/processed/tables/<group>-<key>/``, where ``key`` fingerprints the input
files and the package's code (:mod:`analysis.core.fingerprint`). ``python -m analysis extract``
writes them; a loader reads them, and builds and writes them itself only when no stored set
matches the inputs (a fresh checkout, a changed document), so every chapter kernel after the
first reads instead of parsing. A stale set can never be read: other inputs give another key.
``OMS_TABLES_DIR`` keeps the store elsewhere (the tests keep theirs in a temporary directory).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.fingerprint import fingerprint

COMPLETE = "COMPLETE"  # written last: a folder without it is a write that did not finish


def store_dir() -> Path:
    return paths.tables_dir()


def group_dir(group: str, inputs: Iterable[Path]) -> Path:
    return store_dir() / f"{group}-{fingerprint(inputs)}"


def read(group: str, inputs: Iterable[Path]) -> dict[str, pd.DataFrame] | None:
    """The stored tables of ``group`` for these inputs, or None when none are stored."""
    folder = group_dir(group, inputs)
    if not (folder / COMPLETE).exists():
        return None
    names = (folder / COMPLETE).read_text(encoding="utf-8").split()
    try:
        return {name: pd.read_parquet(folder / f"{name}.parquet") for name in names}
    except (OSError, ValueError):  # a damaged file: the caller builds afresh and overwrites
        return None


def write(group: str, inputs: Iterable[Path], tables: dict[str, pd.DataFrame]) -> Path:
    """Store ``tables`` for these inputs, all or nothing, and remove the group's older sets."""
    folder = group_dir(group, inputs)
    root = folder.parent
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{group}-", dir=root))
    try:
        for name, df in tables.items():
            df.to_parquet(tmp / f"{name}.parquet", index=True)
        (tmp / COMPLETE).write_text("\n".join(tables) + "\n", encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(tmp, folder)  # a kernel running in parallel sees all of it or nothing
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for old in root.glob(f"{group}-*"):
        if old != folder and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return folder


def tables(group: str, inputs: Callable[[], Iterable[Path]],
           build: Callable[[], dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The stored tables, or ``build()``'s, stored for the next reader. Errors are never stored:
    a build that raises leaves nothing behind, so bad input is reported on every run."""
    files = list(inputs())
    stored = read(group, files)
    if stored is not None:
        return stored
    built = build()
    try:
        write(group, files, built)
    except OSError:
        pass  # a read-only tree still works, only slower
    return built
