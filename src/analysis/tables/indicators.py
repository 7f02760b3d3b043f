"""The tidy indicator table and the measures derived from it: the package's one face for them.

Every indicator file in ``data/raw/indicators/`` (found through the data catalog) becomes rows of
one long table::

    county_code | year | indicator | value | unit | source | vintage

``value`` is a float and stays NA where the source suppresses or lacks a value (never 0).
The work lives in three modules, each importing only the one before it; every name stays
importable from here:

- :mod:`analysis.tables.indicator_files`: one file read and checked row by row (known county
  code, plausible year, numeric value, one unit per indicator, no duplicated key), bad input
  raising :class:`~analysis.core.errors.DataError` naming the file, the row and the problem;
  and Eurostat's NUTS 2 GDP (:func:`nuts2_grp`);
- :mod:`analysis.tables.indicator_table`: the assembled table (checked by the pandera schema and
  the consistency checks in :mod:`analysis.tables.indicator_schemas`), one vintage per year, the
  lookups (:func:`series`, :func:`wide`, :func:`population`, :func:`indicator_info`) and the R&D
  totals in MSEK (:func:`rd_totals`);
- :mod:`analysis.tables.indicator_measures`: ÖMS from its counties (:func:`oms_aggregate`),
  values per inhabitant and growth rates.
"""

from __future__ import annotations

from .indicator_schemas import COLUMNS, INDICATORS, KEY, YEAR_RANGE  # noqa: F401  (as before)
from .indicator_files import (_GRP_UNIT_CODES, _NUTS2_UNITS, _RD_KPIS,  # noqa: F401
                              _RD_SECTORS, _READERS, _TAB3138_CHECKED, _TAB3138_CONTENTS,
                              EXTRA_REGIO, MISSING_MARKERS, NUTS2_EXTRA_REGIO, NUTS2_GRP_DATASET,
                              RD_TOTAL_IDS, _check_no_missing_rows, _nuts2_grp, _parse_value,
                              _read_dataset, _reader_name, _rows, _rows_grp, _rows_grp_contents,
                              _rows_grp_per_inhabitant, _rows_population, _rows_rd, _rows_reglab,
                              indicator_datasets, known_codes, nuts2_grp, parse_file, read_dataset)
from .indicator_measures import (annual_growth, growth_rates, oms_aggregate,  # noqa: F401
                                 per_inhabitant)
from .indicator_table import (_KIND_SV, _build_indicators, _indicators,  # noqa: F401
                              _one_vintage, check_every_indicator, indicator_info,
                              indicator_inputs, indicator_overview, indicator_tables, indicators,
                              population, rd_totals, series, wide)


def clear_cache() -> None:
    """Forget the files read, the table built and the NUTS 2 table (they are cached)."""
    _read_dataset.cache_clear()
    _indicators.cache_clear()
    _nuts2_grp.cache_clear()
