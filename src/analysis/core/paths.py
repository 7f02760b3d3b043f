"""Where the project's files live. Every other module asks here instead of building paths."""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    # OMS_PROJECT_ROOT lets tests and benchmarks point the package at another tree.
    env = os.environ.get("OMS_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "data").is_dir():
            return parent
    raise RuntimeError(
        "Hittar inte projektets rotkatalog (pyproject.toml och data/). "
        "Sätt miljövariabeln OMS_PROJECT_ROOT."
    )


ROOT = _find_root()
DATA = ROOT / "data"
RAW = DATA / "raw"
RAW_DOCUMENTS = RAW / "documents"
RAW_INDICATORS = RAW / "indicators"
RAW_GEO = RAW / "geo"
REFERENCE = DATA / "reference"
PROCESSED = DATA / "processed"
REPORT = ROOT / "report"
NOTEBOOKS = ROOT / "notebooks"
