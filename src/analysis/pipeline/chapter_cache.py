"""Executed chapters kept between builds of the Quarto book (``report/.oms-chapters/``).

A chapter's executed notebook is stored under a key made of everything its output depends on:
the chapter file, the report parameters, the package's code and every data file (the build
cache's fingerprint, :func:`analysis.cache.fingerprint`). A different input gives a different
key, so a stale chapter is never used; a chapter whose key is unchanged is not executed again
when another chapter, ``_quarto.yml`` or a style changes. A stored chapter whose images have
gone missing is executed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

CACHE_DIR_NAME = ".oms-chapters"


def chapter_key(report_dir: Path, name: str, params: dict, base: str) -> str:
    """The key of one chapter: its file's bytes, the parameters and ``base`` (code and data)."""
    source = (Path(report_dir) / name).read_bytes()
    extra = json.dumps({"name": name, "params": params}, sort_keys=True).encode()
    return hashlib.sha256(base.encode() + source + extra).hexdigest()[:20]


def base_key() -> str:
    """The package's code, every data file and the day: what all chapters share (the first
    page's "Sedan förra rapporten" names actions whose due date has passed by the day of the
    render)."""
    from datetime import date

    from ..core.cache import data_inputs, fingerprint

    return f"{fingerprint(data_inputs())}|{date.today().isoformat()}"


def _path(report_dir: Path, name: str, key: str) -> Path:
    return Path(report_dir) / CACHE_DIR_NAME / f"{Path(name).stem}-{key}.ipynb"


def load(report_dir: Path, name: str, key: str, usable) -> object | None:
    """The stored notebook for this key when ``usable(nb)`` (its images are there), else None."""
    import nbformat

    path = _path(report_dir, name, key)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return None
    return nb if usable(nb) else None


def store(report_dir: Path, name: str, key: str, nb) -> None:
    """Keep the executed notebook (written whole, then renamed); older keys of it are removed."""
    import nbformat

    path = _path(report_dir, name, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            nbformat.write(nb, fh)
        os.replace(tmp, path)
        for old in path.parent.glob(f"{Path(name).stem}-*.ipynb"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only tree still builds, only without keeping chapters
