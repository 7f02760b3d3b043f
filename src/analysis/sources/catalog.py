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


# dataset name → the module that declared it reads it (see :func:`needs`)
_NEEDED: dict[str, str] = {}
# the layers whose modules read datasets by name
_READING_PACKAGES = ("analysis.tables", "analysis.analyses", "analysis.narrative", "analysis.present")


def needs(name: str) -> str:
    """Declare, where a module is imported, that it reads the dataset ``name``; returns the name.

    ``KPI_ANNUAL = catalog.needs("kpi_annual")`` at the top of the module that reads it is the
    one place the name is written, and :func:`check_needed` can then tell before any report is
    rendered that an entry the code reads has gone from the catalog.
    """
    import sys

    _NEEDED.setdefault(name, sys._getframe(1).f_globals.get("__name__", "?"))
    return name


def needed() -> dict[str, str]:
    """Every dataset a module of the package declares it reads, with the module (all imported)."""
    import importlib
    import pkgutil

    for package_name in _READING_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            importlib.import_module(info.name)
    return dict(_NEEDED)


def check_needed() -> None:
    """A :class:`DataError` naming data/catalog.yml where a dataset the code reads is not in it."""
    entries = _catalog()
    missing = {name: module for name, module in needed().items() if name not in entries}
    if missing:
        listed = "; ".join(f"{name!r} (läses av {module})" for name, module in sorted(missing.items()))
        raise UnknownDataset(CATALOG_FILE, None,
                             f"datamängder som koden läser saknas i datakatalogen: {listed}. "
                             f"Lägg tillbaka posterna (se data/raw/*/PROVENANCE.md).")


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
