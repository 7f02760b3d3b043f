"""Reading a CSV file as text, with every record's true line number.

Registers (``data/reference/*.csv``) and raw statistics are read through :func:`read_text_csv`:
every cell stays a string (empty cells ``''``), and the ``_row`` column holds the 1-based line in
the file where the record starts, counted by the csv module itself, so blank lines and quoted
cells spanning lines never shift it. Every problem (missing file, not UTF-8, empty file, no
data rows, a record with too many or too few fields, missing columns) is a
:class:`~analysis.core.errors.DataError` naming the file and, where there is one, the line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .errors import DataError


def _text(file: Path) -> str:
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise DataError(file, None, "filen saknas") from None
    except IsADirectoryError:
        raise DataError(file, None, "är en katalog, inte en CSV-fil") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(file, data[: err.start].count(b"\n") + 1, "texten är inte UTF-8") from None


def read_text_csv(file: str | Path, columns: list[str] | tuple[str, ...] = (), *,
                  allow_no_rows: bool = False) -> pd.DataFrame:
    """The CSV as a text table with a ``_row`` column (the record's line in the file).

    ``columns`` must all be in the header. A file with a header but no records is an error
    unless ``allow_no_rows``; blank lines are skipped (they are no records).
    """
    file = Path(file)
    reader = csv.reader(io.StringIO(_text(file), newline=""), strict=True)
    header: list[str] | None = None
    header_line = 1
    records: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue  # a blank line
            if header is None:
                header, header_line = record, line
                continue
            if len(record) != len(header):
                raise DataError(file, line, f"raden har {len(record)} fält men rubrikraden (rad "
                                f"{header_line}) har {len(header)}")
            records.append(record)
            lines.append(line)
    except csv.Error as err:
        raise DataError(file, reader.line_num, f"kan inte läsas som CSV: {err}") from None
    if header is None:
        raise DataError(file, None, "filen är tom (ingen rubrikrad och inga rader)")
    dup = sorted({c for c in header if header.count(c) > 1})
    if dup:
        raise DataError(file, header_line, f"kolumnen {', '.join(dup)} står två gånger i rubrikraden")
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError(file, header_line, f"kolumnerna {', '.join(missing)} saknas i rubrikraden")
    if not records and not allow_no_rows:
        raise DataError(file, header_line, "filen har en rubrikrad men inga rader med data")
    df = pd.DataFrame(records, columns=header, dtype=object)
    df.insert(0, "_row", pd.Series(lines, dtype="int64"))
    return df
