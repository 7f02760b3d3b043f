"""Any dataset of the catalog by name, as the table its layout says.

The catalog (:mod:`analysis.sources.catalog`) only describes the files; turning an indicator
file into tidy rows or a price file into a typed table is this layer's job, so the dispatch on
the entry's ``schema`` lives here and the catalog never imports the tables built from it.
"""

from __future__ import annotations

import json

from ..core.errors import DataError
from ..sources.catalog import dataset, read_csv


def load(name: str):
    """Load a dataset by catalog name.

    Indicator files come back as their validated tidy rows (see :mod:`analysis.tables.indicators`),
    KPI and exchange rates as typed tables (:mod:`analysis.tables.prices`), other CSVs as text tables
    with their required columns checked, GeoJSON as a dict.
    """
    entry = dataset(name)
    schema = entry["schema"]
    if schema.startswith("indicators."):
        from . import indicators

        return indicators.read_dataset(name)
    if schema.startswith("prices."):
        from . import prices

        return prices.read_dataset(name)
    if entry["format"] == "geojson":
        file = entry["path"]
        if not file.exists():
            raise DataError(file, None, "filen saknas")
        with file.open(encoding="utf-8") as fh:
            return json.load(fh)
    # other CSVs are registers; one may be empty (the outcomes template), statistics never
    df = read_csv(entry["path"], entry["columns"], allow_no_rows=True)
    return df.drop(columns="_row")
