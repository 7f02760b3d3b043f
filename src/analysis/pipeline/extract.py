"""``python -m analysis extract``: extract and validate the budget tables, write data/processed/.

Reads every decision document in the register, prints what it read and what it found wrong
(rounding notes, errors), and — only when there are no errors — writes:

* ``budget_lines.csv`` (one row per budget cell), ``budget_totals.csv`` (stated row totals),
* ``projects.csv``, ``months_per_year.csv``, ``project_targets.csv``,
* ``validation_checks.csv`` (every check) and ``validation_report.csv`` (the findings).

All files are written to a temporary folder first and swapped in as a set at the end
(:func:`write_all`), so an error never leaves a partial or mixed set behind. The same validated
tables, and the indicator table, also go to the tables store (``data/processed/tables/``, parquet
keyed on the inputs; :mod:`analysis.tables.store`) that every loader reads. Exit status 0 on
success, 1 on errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from ..core import paths
from ..core.errors import DataError

if TYPE_CHECKING:  # pandas and the parser load only when the command runs (keeps --help fast)
    import pandas as pd


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--utdata", "--output", dest="output", type=Path, default=None,
                        help="katalog att skriva tabellerna till (standard: data/processed)")
    parser.add_argument("--kontrollera", "--check", dest="check_only", action="store_true",
                        help="läs och kontrollera dokumenten men skriv inga filer")


def _kr(value) -> str:
    from ..core.formatting import format_sek
    return format_sek(value)


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    df = df.copy()
    for col in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            df[col] = df[col].dt.strftime("%Y-%m-%d")
    return df


def outputs(b) -> dict[str, "pd.DataFrame"]:
    """The tables ``extract`` writes, by file name."""
    return {
        "budget_lines.csv": b.lines,
        "budget_totals.csv": b.totals,
        "projects.csv": b.projects,
        "months_per_year.csv": b.months,
        "project_targets.csv": b.targets,
        "validation_checks.csv": b.checks,
        "validation_report.csv": b.checks[b.checks["severity"] != "ok"],
    }


def write_all(tables: dict[str, "pd.DataFrame"], out: Path) -> list[Path]:
    """Write every table into ``out``, all or nothing.

    The whole set is written into a temporary folder inside ``out`` first; only when every file
    is written is it swapped in (:func:`analysis.core.atomic.output_set`: the old files are moved
    aside, the new ones moved in, and every move undone if one fails). A failure at any point
    leaves the previous set exactly as it was and no temporary folder behind; a run killed during
    the swap is undone by the next run, which also removes a killed run's temporary folder.
    """
    from ..core import atomic

    with atomic.output_set(out) as tmp:
        for name, df in tables.items():
            _csv_ready(df).to_csv(tmp / name, index=False, lineterminator="\n")
    return [out / name for name in tables]


def _describe(b) -> None:
    from ..tables.budgets import LAYOUT_NAMES

    reg = b.register.set_index("document")
    print(f"Läste {len(b.decisions)} beslutsdokument:")
    for doc, d in b.decisions.items():
        r = reg.loc[doc]
        ambiguous = sum(1 for t in (d.cost, d.financing) for row in t.rows + t.sums if row.readings > 1)
        extra = f"; {ambiguous} rader med flera möjliga läsningar avgjorda av tabellens summor" if ambiguous else ""
        print(f"  {doc}: {r['project_id']}, {LAYOUT_NAMES.get(d.layout, d.layout)}"
              f"{', kanonisk' if r['canonical'] else ''}; kostnader rad {d.cost.header_line}–{d.cost.end_line} "
              f"({len(d.cost.rows)} rader), finansiering rad {d.financing.header_line}–{d.financing.end_line} "
              f"({len(d.financing.rows)} rader){extra}")
    lines = b.lines
    for _, p in b.projects.iterrows():
        mine = lines[lines["project_id"] == p["project_id"]]
        cost = mine.loc[mine["table"] == "cost", "amount_sek"].sum()
        fin = mine.loc[mine["table"] == "financing", "amount_sek"].sum()
        years = sorted(mine["year"].unique())
        print(f"  {p['short_name']}: {p['start_date']:%Y-%m-%d}—{p['end_date']:%Y-%m-%d}, år {years[0]}–{years[-1]}; "
              f"kostnader {_kr(cost)}, finansiering {_kr(fin)} (cellernas summor); "
              f"sökt från {p['deciding_authority']}: {_kr(p['applied_amount_sek'])}")


def _findings(b) -> None:
    import pandas as pd

    checks = b.checks
    counts = checks["severity"].value_counts()
    print(f"Kontroller: {len(checks)} ({counts.get('ok', 0)} stämmer, "
          f"{counts.get('rounding', 0)} avrundningsskillnader, {counts.get('error', 0)} fel).")
    for severity, heading in (("rounding", "Avrundningsskillnader (noteras):"), ("error", "FEL:")):
        rows = checks[checks["severity"] == severity]
        if len(rows):
            stream = sys.stderr if severity == "error" else sys.stdout
            print(heading, file=stream)
            for _, r in rows.iterrows():
                where = r["document"] + (f", rad {r['line']}" if not pd.isna(r["line"]) else "")
                print(f"  {where}: {r['message']}", file=stream)
    for note in b.notes:
        print(f"Obs: {note}")


def run(args: argparse.Namespace | None = None) -> int:
    from ..tables import budgets

    output = getattr(args, "output", None)
    check_only = bool(getattr(args, "check_only", False))
    out = Path(output) if output else paths.PROCESSED
    try:
        b = budgets.build()
    except DataError as err:
        print(f"FEL: {err}", file=sys.stderr)
        print("Inga filer skrevs.", file=sys.stderr)
        return 1
    _describe(b)
    _findings(b)
    if len(b.errors):
        print("Inga filer skrevs (rätta felen först).", file=sys.stderr)
        return 1
    # The statistics are checked before anything is written too: the catalog, every dataset it
    # lists and the indicator table built from them.
    try:
        from ..sources import catalog
        from ..tables import indicators

        catalog.check_needed()
        indicator_tables = indicators.indicator_tables()
        indicators.check_every_indicator(indicator_tables["indicators"])
    except DataError as err:
        print(f"FEL: {err}", file=sys.stderr)
        print("Inga filer skrevs.", file=sys.stderr)
        return 1
    print(f"Statistiken: {len(indicator_tables['indicators'])} värden ur datakatalogen kontrollerade.")
    if check_only:
        print("Inga filer skrevs (--kontrollera).")
        return 0
    tables = outputs(b)
    try:
        written = write_all(tables, out)
    except OSError as err:
        print(f"FEL: kunde inte skriva till {out}: {err}", file=sys.stderr)
        return 1
    for path in written:
        print(f"Skrev {_shown(path)} ({len(tables[path.name])} rader)")
    return _store(b, indicator_tables)


def _shown(path: Path) -> Path:
    try:
        return path.relative_to(paths.ROOT)
    except ValueError:
        return path


def _store(b, indicator_tables) -> int:
    """The validated tables into the tables store, for every loader to read."""
    from ..tables import budgets, indicators, store

    try:
        folders = [store.write("budget", budgets.budget_inputs(), budgets.tables_of(b)),
                   store.write("indicators", indicators.indicator_inputs(), indicator_tables)]
    except DataError as err:
        print(f"FEL: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"FEL: kunde inte skriva tabellerna: {err}", file=sys.stderr)
        return 1
    for folder in folders:
        print(f"Skrev {_shown(folder)}/ (parquet, läses av alla laddare)")
    return 0
