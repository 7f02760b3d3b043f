"""``python -m analysis refresh``: fetch newer SCB tables, check them like the stored files, write
them all or nothing; ``refresh --angra`` undoes the last refresh.

Fetching, conversion and writing live in :mod:`analysis.sources.scb`; this command adds the
checks of the tables layer, so that an answer is held to exactly what the stored file passes:
the row checks of the loader (known codes, plausible years, non-negative numbers, one unit, no
duplicated key, no missing rows) and, for indicator tables, the pandera schema and the
consistency checks (the counties sum to Riket, the ÖMS counties' GRP to SE12).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core import paths
from ..sources import scb
from ..sources.scb_write import UndoError, undo_refresh


def validate_file(table: scb.Table, file: Path) -> None:
    """Raise DataError unless ``file`` (a converted SCB answer) passes the stored file's checks."""
    if table.schema.startswith("indicators."):
        from ..tables import indicators
        from ..tables.indicator_schemas import check_consistency, validate_indicator_table

        rows = indicators.parse_file(table.refreshes, file).drop(columns="_row")
        check_consistency(validate_indicator_table(rows))
    else:
        from ..tables import prices

        prices.parse_price_file(table.refreshes, file)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    scb.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from ..sources import catalog

    if getattr(args, "undo", False):
        try:
            removed = undo_refresh(paths.ROOT)
        except UndoError as err:
            print(f"Ångra avbröts: {err}", file=sys.stderr)
            return 1
        catalog.clear_cache()
        for f in removed:
            print(f"Tog bort {f}")
        print("Datakatalogen (data/catalog.yml) är återställd till läget före uppdateringen.")
        return 0
    try:
        written = scb.refresh(getattr(args, "tables", None),
                              api_base=getattr(args, "api_base", scb.API_BASE), validate=validate_file)
    except scb.RefreshError as err:
        print(f"Uppdateringen avbröts: {err}", file=sys.stderr)
        return 1
    catalog.clear_cache()
    for f in written:
        print(f"Skrev {f.relative_to(paths.ROOT)}")
    print("Datakatalogen (data/catalog.yml) har uppdaterats med hämtningsdatum som årgång. "
          "Ångra med: python -m analysis refresh --angra")
    return 0
