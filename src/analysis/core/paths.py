"""Where the project's files live. Every other module asks here instead of building paths."""

from __future__ import annotations

from pathlib import Path

from . import settings


def _find_root() -> Path:
    # OMS_PROJECT_ROOT lets tests and benchmarks point the package at another tree.
    chosen = settings.project_root()
    if chosen is not None:
        return chosen
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "data").is_dir():
            return parent
    raise RuntimeError(
        "Hittar inte projektets rotkatalog (pyproject.toml och data/). "
        "Sätt miljövariabeln OMS_PROJECT_ROOT."
    )


def checkout_containing(path: Path) -> Path | None:
    """The checkout of this project (pyproject.toml and src/analysis/) that holds ``path``, or None."""
    path = Path(path).resolve()
    for folder in (path, *path.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "src" / "analysis").is_dir():
            return folder
    return None


def foreign_checkout(cwd: Path | None = None) -> Path | None:
    """Another checkout the user stands in than the one this package's source is in, or None.

    An environment copied or moved with a checkout still imports the original's ``src/`` (the
    editable install points there): every command would then read and write the original's
    ``data/`` and ``report/``. The commands refuse instead (``pipeline.cli``).
    """
    if settings.project_root() is not None:
        return None
    here = checkout_containing(Path.cwd() if cwd is None else cwd)
    mine = checkout_containing(Path(__file__))
    return here if here is not None and mine is not None and here != mine else None


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


# --- folders an OMS_* setting may move (core.settings), with their defaults ---------------

def _setting_path(name: str, default: Path) -> Path:
    value = settings.raw(name)
    if not value:
        return default
    p = Path(value)
    return p if p.is_absolute() else ROOT / p


def tables_dir() -> Path:
    return _setting_path("OMS_TABLES_DIR", PROCESSED / "tables")


def cache_dir() -> Path:
    return _setting_path("OMS_CACHE_DIR", PROCESSED / "cache")


def assessment_dir() -> Path:
    return _setting_path("OMS_ASSESSMENT_DIR", DATA / "assessment")


def outcomes_file() -> Path:
    return _setting_path("OMS_OUTCOMES_FILE", DATA / "outcomes" / "outcomes.csv")


def issued_dir() -> Path:
    return _setting_path("OMS_ISSUED_DIR", DATA / "issued")


def records_dir(report_dir: Path | None = None) -> Path:
    return _setting_path("OMS_RECORDS_DIR", Path(report_dir or REPORT) / ".oms-tables")


def moved_inputs() -> list[Path]:
    """The entry files or folders a variable of :data:`settings.MOVED_INPUTS` points at (resolved)."""
    return [_setting_path(name, Path()) for name in settings.MOVED_INPUTS if settings.raw(name)]
