"""The data catalog (``data/catalog.yml``): one place naming every dataset.

Each entry gives the path (relative to the project root), format, schema, unit, source, vintage,
licence, known gaps and the RAP data-log ratings. Notebooks and report chapters find and read data
only through :func:`dataset` (and :func:`analysis.tables.load.load`), so a refreshed file (``python -m analysis refresh``)
is picked up everywhere by editing one entry.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.csvfile import read_text_csv
from ..core.errors import DataError

CATALOG_FILE = paths.DATA / "catalog.yml"
REQUIRED_KEYS = ("path", "format", "schema", "title", "unit", "source", "vintage", "licence",
                 "known_gaps", "quality", "suitability")


class UnknownDataset(DataError, KeyError):
    """A dataset the code needs is not in the catalog (a DataError naming data/catalog.yml)."""

    __str__ = DataError.__str__


@lru_cache(maxsize=1)
def _catalog() -> dict:
    import yaml

    if not CATALOG_FILE.exists():
        raise DataError(CATALOG_FILE, None, "datakatalogen saknas")
    with CATALOG_FILE.open(encoding="utf-8") as fh:
        try:
            raw = yaml.safe_load(fh)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            problem = getattr(err, "problem", None) or str(err).splitlines()[0]
            raise DataError(CATALOG_FILE, mark.line + 1 if mark is not None else None,
                            f"datakatalogen är inte giltig YAML ({problem}); rätta raden "
                            f"(indrag, kolon, citattecken)") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("datasets"), dict):
        raise DataError(CATALOG_FILE, None, "väntade en nyckel 'datasets' med en post per datamängd")
    for name, entry in raw["datasets"].items():
        missing = [k for k in REQUIRED_KEYS if k not in (entry or {})]
        if missing:
            raise DataError(CATALOG_FILE, None,
                            f"datamängden {name!r} saknar fälten {', '.join(missing)}")
    return raw["datasets"]


def clear_cache() -> None:
    """Forget the parsed catalog (after ``refresh`` rewrote it)."""
    _catalog.cache_clear()


def catalog() -> dict[str, dict]:
    """All catalog entries by name (a deep copy; callers may modify it)."""
    return copy.deepcopy(_catalog())


def names(area: str | None = None) -> list[str]:
    """Dataset names, optionally only those whose ``area`` field equals ``area``."""
    return [n for n, e in _catalog().items() if area is None or e.get("area") == area]


def dataset(name: str) -> dict:
    """One catalog entry, with ``path`` resolved to an absolute :class:`~pathlib.Path`."""
    entries = _catalog()
    if name not in entries:
        raise UnknownDataset(CATALOG_FILE, None,
                             f"datamängden {name!r} behövs men finns inte i datakatalogen "
                             f"(har den tagits bort?). Finns: {', '.join(entries)}")
    entry = copy.deepcopy(entries[name])
    entry["name"] = name
    entry["path"] = paths.ROOT / entry["path"]
    entry.setdefault("caveats", [])
    entry.setdefault("columns", [])
    return entry


def path(name: str) -> Path:
    return dataset(name)["path"]


def catalog_table(area: str | None = None) -> pd.DataFrame:
    """The catalog as a table with Swedish headers (for notebooks and the method chapter)."""
    rows = []
    for name in names(area):
        e = dataset(name)
        rows.append({
            "Datamängd": name,
            "Innehåll": e["title"],
            "Fil": str(e["path"].relative_to(paths.ROOT)),
            "Enhet": e["unit"],
            "Källa": e["source"],
            "Årgång": str(e["vintage"]),
            "Licens": e["licence"],
            "Kända luckor": e["known_gaps"],
        })
    return pd.DataFrame(rows)


def read_csv(file: str | Path, columns: list[str] | tuple[str, ...] = (), *,
             allow_no_rows: bool = False) -> pd.DataFrame:
    """Read a raw CSV as text (nothing converted, empty cells stay ``''``) and check its columns.

    Every cell is kept as a string so that the loaders can name the row of a bad value; the
    ``_row`` column holds the 1-based line number in the file (the header is line 1; blank lines
    are counted, never shifting the numbers). A missing or empty file is a DataError naming it,
    and so is a header-only file unless ``allow_no_rows`` (a register that may be empty, such as
    the outcomes template); see :func:`analysis.core.csvfile.read_text_csv`.
    """
    return read_text_csv(file, columns, allow_no_rows=allow_no_rows)
