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
import re
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


# ---------------------------------------------------------------- files an evaluator saves
# Swedish Excel and LibreOffice save a CSV in several ways: "CSV UTF-8" (with a byte-order
# mark), "CSV (semikolonavgränsad)" (Windows-1252, ";", CRLF), "Unicode-text" (UTF-16 with a
# byte-order mark, tab), LibreOffice's own dialog (any of these, "," or ";"). All are read.

DELIMITERS = (";", ",", "\t")
_DELIMITER_NAMES = {";": "semikolon", ",": "komma", "\t": "tabb"}


def decode(data: bytes, file: str | Path) -> tuple[str, str]:
    """The text of a file's bytes and the encoding found: UTF-8 (with or without byte-order
    mark), UTF-16 (with byte-order mark, or recognised by its zero bytes), else Windows-1252.

    A file that is none of them is a :class:`DataError` naming the first line that cannot be
    read and how to save the file."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        candidates = ["utf-16-le"]
    elif len(data) >= 4 and data[0:1] == b"\x00" and data[2:3] == b"\x00":
        candidates = ["utf-16-be"]
    else:
        candidates = ["utf-8", "cp1252"]
    err: UnicodeDecodeError | None = None
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as e:
            err = e if err is None else err
    assert err is not None
    line = data[: err.start].count(b"\n") + 1
    raise DataError(file, line, "texten kan inte läsas (varken UTF-8, UTF-16 eller Windows-1252); "
                                "spara filen i Excel som ”CSV UTF-8 (kommaavgränsad)” eller som "
                                "Excel-arbetsbok (.xlsx)") from None


def _is_comment(line: str) -> bool:
    return line.lstrip(' "\ufeff').startswith("#")


def sniff_delimiter(text: str) -> str:
    """The field separator of a CSV text: the one of ``;``, ``,`` and tab found most often
    (outside quotes) in the first line that is not blank or a ``#`` comment (the header)."""
    for raw in text.splitlines():
        if not raw.strip(" ,;\t\"") or _is_comment(raw):
            continue
        counts = dict.fromkeys(DELIMITERS, 0)
        quoted = False
        for ch in raw:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in counts:
                counts[ch] += 1
        best = max(DELIMITERS, key=lambda d: counts[d])
        return best if counts[best] else ","
    return ","


def read_records(file: str | Path, *, missing: str = "filen saknas") -> tuple[list[tuple[int, list[str]]], dict]:
    """Every record of a CSV an evaluator saved, with the line it starts on.

    The encoding and the separator are found (:func:`decode`, :func:`sniff_delimiter`); the
    text is parsed as CSV, so a quoted cell may hold line breaks (Alt+Enter in Excel) and a
    ``#`` inside a cell is text. Blank records and comment records (the first cell begins with
    ``#``) are left out. Returns ``(records, info)``; ``info`` holds ``encoding`` and
    ``delimiter`` (for messages). Problems are :class:`DataError` with file and line.
    """
    file = Path(file)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise DataError(file, None, missing) from None
    except IsADirectoryError:
        raise DataError(file, None, "är en katalog, inte en CSV-fil") from None
    text, encoding = decode(data, file)
    start = 1
    hint = re.match(r'"?sep=(.)"?\r?\n', text)     # Excel's own first line "sep=;"
    if hint:
        delimiter, text, start = hint.group(1), text[hint.end():], 2
    else:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out: list[tuple[int, list[str]]] = []
    first = start
    try:
        for record in reader:
            line, start = start, reader.line_num + first
            if not any(cell.strip() for cell in record):
                continue
            if record[0].lstrip().startswith("#"):
                continue
            out.append((line, record))
    except csv.Error as err:
        raise DataError(file, reader.line_num + first - 1, f"kan inte läsas som CSV ({err}); ett citattecken "
                                               "saknar sin avslutning?") from None
    return out, {"encoding": encoding, "delimiter": _DELIMITER_NAMES.get(delimiter, delimiter)}


# ---------------------------------------------------------------- numbers typed the Swedish way

_SPACES = (" ", "\u00a0", "\u202f", "\u2009")
_GROUPED = re.compile(r"^\d{1,3}(?: \d{3})+(?:,\d+)?$")
_PLAIN = re.compile(r"^\d+(?:,\d+)?$")
_DOT = re.compile(r"^\d+\.\d+$")


def parse_number(text) -> float:
    """A number as a Swedish user types it: ``1 200`` (space or non-breaking space between
    groups of three), ``1,5``, ``-3`` or ``−3``; a number cell from a workbook as it is.

    ``1.5`` is read as 1,5, but a dot before exactly three digits (``1.200``) is refused:
    it can mean 1,2 or 1 200. Every refusal is a ``ValueError`` whose message (Swedish)
    says why and how to write the number."""
    if isinstance(text, bool):
        raise ValueError(f"{text!r} är inget tal")
    if isinstance(text, (int, float)):
        if text != text:
            raise ValueError("cellen är inget tal")
        return float(text)
    raw = str(text)
    t = raw.strip()
    for s in _SPACES:
        t = t.replace(s, " ")
    sign = 1.0
    if t[:1] in ("-", "\u2212"):
        sign, t = -1.0, t[1:].strip()
    elif t[:1] == "+":
        t = t[1:].strip()
    if _PLAIN.match(t) or _GROUPED.match(t):
        return sign * float(t.replace(" ", "").replace(",", "."))
    if _DOT.match(t):
        whole, frac = t.split(".")
        if len(frac) == 3:
            raise ValueError(f"{raw!r} är tvetydigt: punkten kan vara decimaltecken (1,2) eller "
                             f"tusentalsavgränsare (1 200); skriv {whole},{frac} eller "
                             f"{whole} {frac}")
        return sign * float(t)
    if "." in t and "," in t:
        raise ValueError(f"{raw!r} har både punkt och komma; skriv talet med decimalkomma och "
                         "mellanslag mellan tusental, till exempel 1 200,5")
    if " " in t and re.fullmatch(r"[\d ]+(?:,\d+)?", t):
        raise ValueError(f"{raw!r}: mellanslag får bara stå mellan grupper om tre siffror, "
                         "till exempel 1 200")
    raise ValueError(f"{raw!r} är inget tal")
