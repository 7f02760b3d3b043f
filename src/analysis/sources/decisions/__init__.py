"""Decision documents: the register, reading the text, and parsing a decision.

A *decision* here is the text extraction of a Swedish regional project-support decision
("Sammanfattning … ansöker om … under perioden …", "Kostnads- och finansieringsbudget").
:func:`parse_decision` reads one such text and returns everything it states that we use:
metadata (title, applicant, amount applied for, period, Dnr, Projektforum date), the
numeric project targets, and the two budget tables exactly as written (labels, year cells,
stated row totals and stated sums, with line numbers). Interpreting the labels (cost
categories, financiers) is :mod:`analysis.tables.budgets`' job; checking the stated totals is
:mod:`analysis.tables.validation`'s.

The parser is written for the genre, not for particular files:

* a table starts at a header line whose label names costs ("Bokförda kostnader") or
  financing ("Finansiär", "Finansiering", "Offentlig finansiär") followed by consecutive
  years and optionally a total column ("Totalt");
* rows may be tab-separated (one cell per field) or space-separated; in the latter the
  thousands separator is also the column separator, so a run of digit groups is split into
  amounts using the table's own constraints (row total = sum of the year cells, column
  sums = the "Summa"/"Total finansiering" row, or the other table's sums when a table has
  no sum row). A row with no consistent reading, or more than one, is an error;
* row labels may wrap over several lines ("Egen personal (inkl." / "lönebikost.) 731 264 …");
* page headers repeated by the PDF extraction ("Tjänsteställe, handläggare … Dnr: …") and
  page numbers ("Sida 2 av 5") are skipped wherever they interrupt the text.

Everything that cannot be read raises :class:`analysis.core.errors.DataError` naming the file,
the line and the problem. Nothing is dropped, filled in or guessed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ...core import paths
from ...core.errors import DataError

REGISTER_FILE = paths.REFERENCE / "documents.csv"

#: register columns, in order
REGISTER_COLUMNS = [
    "document", "project_id", "short_name", "kind", "extraction", "canonical", "issuer",
    "source_notes",
]
DOCUMENT_KINDS = {"decision", "webpage", "strategy"}
EXTRACTIONS = {"tab-separated", "space-separated", "plain"}
NO_PROJECT = "none"

#: More than this many combinations of readings in one table is refused as unreadable.
MAX_COMBINATIONS = 200_000


# --------------------------------------------------------------------------------------
# Register


def _read_register(file: Path) -> pd.DataFrame:
    df = pd.read_csv(file, dtype=str, keep_default_na=False)
    missing = [c for c in REGISTER_COLUMNS if c not in df.columns]
    if missing:
        raise DataError(file, 1, f"kolumner saknas i dokumentregistret: {', '.join(missing)}")
    df = df[REGISTER_COLUMNS].copy()
    for i, row in df.iterrows():
        line = int(i) + 2  # header is line 1
        if row["kind"] not in DOCUMENT_KINDS:
            raise DataError(file, line, f"okänd dokumenttyp {row['kind']!r} (tillåtna: {sorted(DOCUMENT_KINDS)})")
        if row["extraction"] not in EXTRACTIONS:
            raise DataError(file, line, f"okänd extraktion {row['extraction']!r} (tillåtna: {sorted(EXTRACTIONS)})")
        if row["canonical"] not in {"true", "false"}:
            raise DataError(file, line, f"canonical måste vara true eller false, inte {row['canonical']!r}")
        if row["kind"] == "decision" and row["project_id"] == NO_PROJECT:
            raise DataError(file, line, "ett beslut måste höra till ett projekt (project_id)")
    if df["document"].duplicated().any():
        dup = df.loc[df["document"].duplicated(), "document"].iloc[0]
        raise DataError(file, int(df.index[df["document"] == dup][-1]) + 2, f"dokumentet {dup} står två gånger")
    df["canonical"] = df["canonical"] == "true"
    decisions = df[df["kind"] == "decision"]
    for project, group in decisions.groupby("project_id"):
        if int(group["canonical"].sum()) != 1:
            raise DataError(file, int(group.index[0]) + 2,
                            f"projektet {project} måste ha exakt ett kanoniskt beslutsdokument "
                            f"(har {int(group['canonical'].sum())})")
    return df


@lru_cache(maxsize=4)
def _register_cached(file: str) -> pd.DataFrame:
    return _read_register(Path(file))


def document_register(file: str | Path | None = None) -> pd.DataFrame:
    """The document register ``data/reference/documents.csv`` (a copy).

    Columns: ``document`` (file name in ``data/raw/documents/``), ``project_id``
    (``ECS3``, ``REAL_OMS`` or ``none``), ``short_name``, ``kind`` (decision / webpage /
    strategy), ``extraction`` (tab-separated / space-separated / plain), ``canonical`` (bool:
    the primary extraction of a project's decision), ``issuer``, ``source_notes``.
    """
    return _register_cached(str(file or REGISTER_FILE)).copy()


# --------------------------------------------------------------------------------------
# Reading


def read_lines(path: str | Path) -> list[str]:
    """The document's lines (line ``n`` is ``read_lines(p)[n - 1]``), without line endings.

    The file is read as UTF-8 exactly as stored; nothing is normalised here.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, None, "filen finns inte") from None
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        raise DataError(path, line, "texten är inte UTF-8") from None
    return text.splitlines()


# Characters used as (thousands) spaces in Swedish documents.
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " "}
_SPACE_TABLE = str.maketrans(_SPACES)


_SPACE_RUN = re.compile(r" {2,}")


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    """Normalise unusual spaces to plain spaces and collapse runs of spaces (not tabs)."""
    # cached: the table scanner looks at each line several times
    return _SPACE_RUN.sub(" ", text.translate(_SPACE_TABLE)).strip(" ")


# Page headers that PDF extraction repeats on every page. A block starts at a
# "Tjänsteställe, handläggare" line and ends at the following "Dnr" line (Region Örebro
# län's decision template); page-number lines are skipped everywhere.
_PAGE_HEADER_START = re.compile(r"^\s*Tjänsteställe\b", re.IGNORECASE)
_PAGE_HEADER_END = re.compile(r"^\s*Dnr\b", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*(Sida\s+\d+(\s*(\(|av)\s*\d+\)?)?|\d+\s*\(\d+\))\s*$", re.IGNORECASE)
_MAX_HEADER_LINES = 12


def page_header_lines(lines: list[str]) -> frozenset[int]:
    """1-based numbers of the lines that belong to repeated page headers or page numbers."""
    skip: set[int] = set()
    i = 0
    while i < len(lines):
        if _PAGE_HEADER_START.match(lines[i]):
            for j in range(i + 1, min(i + _MAX_HEADER_LINES, len(lines))):
                if _PAGE_HEADER_END.match(lines[j]):
                    skip.update(range(i + 1, j + 2))
                    i = j
                    break
        elif _PAGE_NUMBER.match(lines[i]):
            skip.add(i + 1)
        i += 1
    return frozenset(skip)


# --------------------------------------------------------------------------------------
# Parsed structures


@dataclass(frozen=True)
class Target:
    """A numeric project target as stated ("300 företag får stöd")."""

    number: int          # order in the document, 1-based
    description: str     # the line as written
    value: float
    unit: str            # the word after the number ("företag", "mkr")
    line: int


@dataclass
class TableRow:
    """One row of a budget table as written."""

    label: str                     # wrapped lines joined with one space
    line: int                      # the line where the amounts stand
    label_lines: tuple[int, ...]   # every line the label is written on
    amounts: tuple[int, ...]       # the year cells, in header order
    stated_total: int | None       # the "Totalt" cell, if the table has that column
    is_sum: bool = False           # a "Summa …"/"Total …" row
    section: str | None = None     # the section heading above the row ("Offentlig finansiär")
    covers: tuple[int, ...] = ()   # for a sum row: indexes (into .rows) of the rows it sums
    readings: int = 1              # how many ways the digits could be read before the constraints


@dataclass
class BudgetTable:
    """A cost or financing table as written."""

    kind: str                      # "cost" or "financing"
    header: str                    # the header's label ("Bokförda kostnader")
    header_line: int
    years: tuple[int, ...]
    has_total_column: bool
    layout: str                    # "tab" or "space"
    rows: list[TableRow] = field(default_factory=list)   # data rows
    sums: list[TableRow] = field(default_factory=list)   # stated sum rows
    headings: list[tuple[int, str]] = field(default_factory=list)
    end_line: int = 0

    @property
    def final_sum(self) -> TableRow | None:
        """The sum row that covers every data row (the table's total), if stated."""
        for row in reversed(self.sums):
            if len(row.covers) == len(self.rows):
                return row
        return None


@dataclass
class Decision:
    """Everything :func:`parse_decision` reads from one decision document."""

    path: Path
    title: str
    title_line: int
    applicant: str
    applied_amount_sek: int
    applied_share: float | None
    applied_line: int
    project_name: str
    start_date: date
    end_date: date
    period_line: int
    dnr: str | None
    dnr_line: int | None
    meeting_date: date | None
    meeting_line: int | None
    targets: list[Target]
    cost: BudgetTable
    financing: BudgetTable
    layout: str
    skipped_lines: frozenset[int]

    @property
    def document(self) -> str:
        return self.path.name


# --------------------------------------------------------------------------------------
# Amounts

_DASHES = {"-", "–", "—", "−"}
_LEADING = re.compile(r"^[-−]?(0|[1-9]\d{0,2})$")      # an amount's first digit group
_GROUP = re.compile(r"^\d{3}$")                          # a following thousands group
_WHOLE = re.compile(r"^[-−]?[1-9]\d{3,}$")               # an amount written without separators
_NUMERIC_TOKEN = re.compile(r"^([-−]?\d+|[-–—−])$")
_CELL = re.compile(r"^[-−]?(0|[1-9]\d{0,2}( \d{3})*|[1-9]\d*)$")
_APPROPRIATION = re.compile(r"^\d+:\d+\S*$")             # "1:1", "1:1-medel"


def _to_int(text: str) -> int:
    text = text.replace(" ", "")
    if text in _DASHES:
        return 0
    sign = -1 if text[0] in "-−" else 1
    return sign * int(text.lstrip("-−"))


def parse_cell(text: str) -> int | None:
    """One tab-separated cell: ``'2 612 758' -> 2612758``, a dash -> 0, else ``None``."""
    text = _norm(text)
    if text in _DASHES:
        return 0
    if _CELL.match(text):
        return _to_int(text)
    return None


def _amounts_from(tokens: list[str], i: int):
    """Every amount that can start at token ``i``: ``(amount, next_index)`` pairs."""
    tok = tokens[i]
    if tok in _DASHES or _WHOLE.match(tok):
        yield _to_int(tok), i + 1
        return
    if not _LEADING.match(tok):
        return
    j = i + 1
    yield _to_int(tok), j
    if tok.lstrip("-−") == "0":
        return
    while j < len(tokens) and _GROUP.match(tokens[j]):
        j += 1
        yield _to_int("".join(tokens[i:j])), j


class _DigitGroups:
    """The ways a row of space-separated digit groups splits into amounts.

    ``options[i]`` lists every amount that can start at token ``i`` (ascending, with the index
    after it); ``ways(i, k)`` counts the readings of tokens ``i:`` as ``k`` amounts (one table,
    filled once), so enumeration only follows branches that lead to a complete reading.
    """

    def __init__(self, tokens: tuple[str, ...], max_amounts: int):
        self.n = len(tokens)
        self.max_amounts = max_amounts  # no reading asked for has more amounts than this
        self.options = [list(_amounts_from(tokens, i)) for i in range(self.n)]
        # pruning on a running sum is only sound when no amount is negative
        self.non_negative = not any(t[:1] in "-−" and t not in _DASHES for t in tokens)
        self._table: list[list[int]] | None = None

    def ways(self, i: int, k: int) -> int:
        if not 0 <= k <= min(self.n, self.max_amounts):
            return 0
        if self._table is None:
            # table[k][i]: readings of tokens i: as k amounts, filled from the end backwards
            n, top = self.n, min(self.n, self.max_amounts)
            nexts = [[j for _, j in opts] for opts in self.options]
            table = [[0] * (n + 1) for _ in range(top + 1)]
            table[0][n] = 1
            for kk in range(1, top + 1):
                row, prev = table[kk], table[kk - 1]
                for ii in range(n - kk, -1, -1):  # k amounts need at least k tokens
                    row[ii] = sum(map(prev.__getitem__, nexts[ii]))
            self._table = table
        return self._table[k][i]

    def readings(self, count: int, i: int = 0, acc: tuple[int, ...] = ()):
        if len(acc) == count:
            yield acc
            return
        left = count - len(acc) - 1
        for amount, j in self.options[i]:
            if self.ways(j, left):
                yield from self.readings(count, j, (*acc, amount))

    def with_total(self, count: int, tol: int) -> list[tuple[int, ...]]:
        """Readings of ``count - 1`` amounts followed by a total they sum to (± ``tol``)."""
        out: list[tuple[int, ...]] = []
        prune = self.non_negative
        for start in range(self.n - 1, count - 2, -1):
            total = next((a for a, j in self.options[start] if j == self.n), None)
            if total is None:
                continue
            # With no negative amounts, no year amount has more digit groups than the total.
            widest = self.n - start + 1 if prune else start  # +1: total + tol may gain a group

            def rec(i: int, acc: tuple[int, ...], running: int) -> None:
                left = count - 1 - len(acc)
                if left == 0:
                    if i == start and abs(running - total) <= tol:
                        out.append((*acc, total))
                    return
                if not left <= start - i <= left * widest:
                    return
                for amount, j in self.options[i]:
                    if prune and running + amount > total + tol:
                        break  # the amounts from here only grow
                    if j <= start:
                        rec(j, (*acc, amount), running + amount)

            rec(0, (), 0)
        return out


@lru_cache(maxsize=256)
def _digit_groups(tokens: tuple[str, ...], max_amounts: int) -> _DigitGroups:
    # a row is looked at twice (is it a row of this table? then: its readings)
    return _DigitGroups(tokens, max_amounts)


def count_readings(tokens: list[str], count: int) -> int:
    """How many ways the digit groups can be read as exactly ``count`` amounts (no enumeration:
    a row of ten years can have millions of readings)."""
    return _digit_groups(tuple(tokens), count).ways(0, count)


def readings(tokens: list[str], count: int,
             row_total_tolerance: int | None = None) -> list[tuple[int, ...]]:
    """Every way to read space-separated digit groups as exactly ``count`` amounts.

    An amount is a first group of 1–3 digits (no leading zero) followed by any number of
    3-digit groups, or a number written without separators, or a dash (zero).
    ``readings(['1', '500', '000', '500', '000'], 2) -> [(1500000, 500000), (1500, 0)…]``
    (only readings whose groups are well formed).

    With ``row_total_tolerance`` the last amount is the row's stated total, and only readings
    whose other amounts sum to it (within the tolerance) are returned. The search then stops as
    soon as a running sum exceeds the total, which keeps long rows (many years) fast.
    """
    groups = _digit_groups(tuple(tokens), count)
    if row_total_tolerance is not None:
        return groups.with_total(count, row_total_tolerance)
    return list(groups.readings(count))


# --------------------------------------------------------------------------------------
# Table lines

_YEAR = re.compile(r"^(19|20)\d{2}$")
_TOTAL_WORD = re.compile(r"^(totalt?|summa|total)$", re.IGNORECASE)
_SUM_LABEL = re.compile(r"^(summa|totalt?|total)\b", re.IGNORECASE)
_SECTION = re.compile(
    r"^(offentlig|offentliga|privat|privata|övrig|övriga)\s+"
    r"(finansiär|finansiärer|finansiering|medfinansiering|medfinansiärer|kostnader)$",
    re.IGNORECASE,
)


def _table_kind(label: str) -> str | None:
    low = label.lower()
    if "kostnad" in low and "finansi" not in low:
        return "cost"
    if "finansi" in low:
        return "financing"
    return None


@dataclass
class _Header:
    kind: str
    label: str
    years: tuple[int, ...]
    has_total: bool
    layout: str


def _parse_header(text: str) -> _Header | None:
    """A table header: label, consecutive years, optionally a total column."""
    if "\t" in text:
        fields = [_norm(f) for f in text.split("\t")]
        while fields and not fields[-1]:
            fields.pop()
        layout = "tab"
        label, rest = (fields[0], fields[1:]) if fields else ("", [])
    else:
        toks = _norm(text).split()
        layout = "space"
        k = 0
        while k < len(toks) and not _YEAR.match(toks[k]):
            k += 1
        label, rest = " ".join(toks[:k]), toks[k:]
    if not rest:
        return None
    has_total = bool(_TOTAL_WORD.match(rest[-1]))
    year_fields = rest[:-1] if has_total else rest
    if not year_fields or not all(_YEAR.match(y) for y in year_fields):
        return None
    years = tuple(int(y) for y in year_fields)
    if any(b <= a for a, b in zip(years, years[1:])):
        return None
    if len(years) < 2 and not has_total:
        return None  # a single year without a total column is too weak a sign of a table
    kind = _table_kind(label)
    if kind is None:
        return None
    return _Header(kind, label, years, has_total, layout)


@dataclass
class _Line:
    """A table line split into its label and its amount part."""

    number: int
    label: str
    layout: str
    cells: list[str] | None = None     # tab layout: the cell texts
    tokens: list[str] | None = None    # space layout: the numeric tokens

    @property
    def label_only(self) -> bool:
        return not (self.cells or self.tokens)


def _split_line(text: str, number: int, path: Path) -> _Line:
    if "\t" in text:
        fields = [_norm(f) for f in text.split("\t")]
        while len(fields) > 1 and not fields[-1]:
            fields.pop()
        return _Line(number, fields[0], "tab", cells=fields[1:])
    toks = _norm(text).split()
    k = len(toks)
    while k > 0 and _NUMERIC_TOKEN.match(toks[k - 1]):
        k -= 1
    label_toks, num_toks = toks[:k], toks[k:]
    _check_label_tokens(label_toks, num_toks, path, number)
    return _Line(number, " ".join(label_toks), "space", tokens=num_toks)


def _check_label_tokens(label: list[str], numeric: list[str], path: Path, number: int) -> None:
    """A space-separated label must not hide an amount that is not a number.

    ``'Externa tjänster 1 395 000 1 395 OOO 1 395 000'``: the label part would swallow
    ``'1 395 000 1 395 OOO'``; report ``OOO`` as the cell that is not a number.
    """
    if not numeric:
        return
    for idx, tok in enumerate(label):
        starts_number = bool(re.match(r"^[-−]?\d", tok)) and not _APPROPRIATION.match(tok)
        if starts_number and not _NUMERIC_TOKEN.match(tok):
            raise DataError(path, number, f"cellen {tok!r} är inte ett tal")
        if _NUMERIC_TOKEN.match(tok) and idx + 1 < len(label) and _GROUP.match(label[idx + 1]):
            # a digit-group run (an amount) inside the label: what follows it is a bad cell
            rest = label[idx + 1:]
            bad = next((t for t in rest if not _NUMERIC_TOKEN.match(t)), rest[-1])
            raise DataError(path, number, f"cellen {bad!r} är inte ett tal")


def _continues(pending: str, text: str) -> bool:
    """Does ``text`` continue the wrapped label ``pending``?

    Yes if it starts in lower case or with a parenthesis ("lönebikost.)", "(Schablon)",
    "medel"), or if ``pending`` is visibly unfinished (an open parenthesis, a trailing hyphen,
    comma or conjunction). A capitalised line after a finished label starts a new row, so the
    finished label had no amounts.
    """
    if not text:
        return True
    if text[0].islower() or text[0] in "([":
        return True
    p = pending.rstrip()
    return p.count("(") > p.count(")") or p.endswith(("-", ",", " och", " samt", " inkl."))


def _is_blank(text: str) -> bool:
    return not text.replace("\t", "").strip()


# --------------------------------------------------------------------------------------
# Tables


def _rounding_tolerance(terms: int) -> int:
    """Largest difference (kr) that rounding each of ``terms`` amounts and their stated sum to
    whole kronor can cause: (terms + 1) / 2, at least 1."""
    return max(1, (terms + 1) // 2)


@dataclass
class _RawRow:
    label: str
    line: int
    label_lines: tuple[int, ...]
    candidates: list[tuple[int, ...]]
    raw_count: int
    is_sum: bool
    section: str | None
    tokens: tuple[str, ...] = ()


def _row_candidates(ln: _Line, header: _Header, path: Path) -> tuple[list[tuple[int, ...]], int]:
    """The row's candidate readings and how many well-formed readings its digits have."""
    width = len(header.years) + (1 if header.has_total else 0)
    columns = f"{len(header.years)} årskolumner" + (" + Totalt" if header.has_total else "")
    if ln.layout == "tab":
        cells = ln.cells or []
        if len(cells) != width:
            raise DataError(path, ln.number,
                            f"raden har {len(cells)} celler men tabellen har {width} ({columns})")
        values = []
        for cell in cells:
            if not cell:
                raise DataError(path, ln.number, "tom cell i en rad med belopp")
            v = parse_cell(cell)
            if v is None:
                raise DataError(path, ln.number, f"cellen {cell!r} är inte ett tal")
            values.append(v)
        return [tuple(values)], 1
    tokens = ln.tokens or []
    groups = _digit_groups(tuple(tokens), width)
    n_ways = groups.ways(0, width)
    if not n_ways:
        raise DataError(path, ln.number,
                        f"siffrorna '{' '.join(tokens)}' kan inte läsas som {width} belopp ({columns})")
    if n_ways > 1 and header.has_total:
        # Only readings that agree with the row's own total can be right; finding them directly
        # avoids listing every reading (millions for a row of ten years).
        cands = groups.with_total(width, _rounding_tolerance(len(header.years)))
        if cands:
            return cands, n_ways
        # none agrees: keep a few readings so that the error can show them
        return list(itertools.islice(groups.readings(width), 6)), n_ways
    if n_ways > MAX_COMBINATIONS:
        raise DataError(path, ln.number, f"siffrorna '{' '.join(tokens)}' kan läsas på {n_ways} sätt "
                        "och tabellen har ingen Totalt-kolumn att välja läsning med")
    return list(groups.readings(width)), n_ways


def _valid_row(ln: _Line, header: _Header) -> bool:
    """Would this line read as a row of this table without error?"""
    width = len(header.years) + (1 if header.has_total else 0)
    if ln.layout == "tab":
        return len(ln.cells or []) == width and all(c and parse_cell(c) is not None for c in ln.cells or [])
    return count_readings(ln.tokens or [], width) > 0


def _parse_table(lines: list[str], start: int, header: _Header, skip: frozenset[int],
                 path: Path) -> tuple[BudgetTable, list[_RawRow]]:
    """Read the rows after the header at index ``start`` (0-based).

    The table ends at the next table header, or where it may end (after a blank line that
    follows its rows, or right after a sum row) at the first line that is not clearly a row
    of it. Inside the table every line must read as a row, a wrapped label or a section
    heading; anything else is an error.
    """
    raw: list[_RawRow] = []
    headings: list[tuple[int, str]] = []
    section = header.label if _SECTION.match(header.label) else None
    pending: list[tuple[int, str]] = []
    saw_blank = False
    end = start

    def next_index(j: int) -> int | None:
        while j < len(lines) and (j + 1) in skip:
            j += 1
        return j if j < len(lines) else None

    def peek(j: int | None) -> _Line | None:
        """The line at ``j`` if it could belong to the table (not blank, not a header)."""
        if j is None or _is_blank(lines[j]) or _parse_header(lines[j]) is not None:
            return None
        try:
            return _split_line(lines[j], j + 1, path)
        except DataError:
            return _Line(j + 1, "", "space", tokens=["?"])  # has (bad) amounts

    def no_amounts() -> DataError:
        first = pending[0][0]
        return DataError(path, first, f"raden {' '.join(t for _, t in pending)!r} saknar belopp")

    i: int | None = start + 1
    while (i := next_index(i)) is not None:
        text = lines[i]
        number = i + 1
        if _is_blank(text):
            if pending:
                raise no_amounts()
            saw_blank = True
            i += 1
            continue
        if _parse_header(text) is not None:
            if pending:
                raise no_amounts()
            break
        edge = bool(raw) and not pending and (saw_blank or raw[-1].is_sum)
        try:
            ln = _split_line(text, number, path)
        except DataError:
            if edge:
                break
            raise
        if pending and not _continues(" ".join(t for _, t in pending), ln.label):
            raise no_amounts()
        if ln.label_only:
            if not pending and _SECTION.match(ln.label):
                if edge and saw_blank:
                    break
                headings.append((number, ln.label))
                section = ln.label
                saw_blank = False
                end = i
                i += 1
                continue
            nl = peek(next_index(i + 1))
            if edge:
                if nl is None or nl.label_only or not _valid_row(nl, header):
                    break
            elif nl is None or (nl.label_only and _SECTION.match(nl.label)):
                pending.append((number, ln.label))
                raise no_amounts()
            pending.append((number, ln.label))
            saw_blank = False
            i += 1
            continue
        if edge and not _valid_row(ln, header):
            break
        label = _norm(" ".join([t for _, t in pending] + ([ln.label] if ln.label else [])))
        label_lines = tuple([n for n, _ in pending] + ([number] if ln.label else []))
        if not label:
            raise DataError(path, number, "belopp utan radetikett")
        cands, n_ways = _row_candidates(ln, header, path)
        raw.append(_RawRow(label, number, label_lines or (number,), cands, n_ways,
                           bool(_SUM_LABEL.match(label)), section, tuple(ln.tokens or ())))
        pending = []
        saw_blank = False
        end = i
        i += 1
    if pending:
        raise no_amounts()

    if not [r for r in raw if not r.is_sum]:
        raise DataError(path, start + 1, f"tabellen {header.label!r} har inga rader med belopp")
    table = BudgetTable(header.kind, header.label, start + 1, header.years, header.has_total,
                        header.layout, headings=headings, end_line=end + 1)
    return table, raw


def _covers(raw: list[_RawRow]) -> dict[int, tuple[int, ...]]:
    """For each sum row (index into raw), the data rows (indexes into raw) it sums.

    A sum row whose label names the current section ("Summa offentlig finansiering" under
    "Offentlig finansiär") sums that section's rows since the previous sum row; any other
    sum row sums every data row above it.
    """
    out: dict[int, tuple[int, ...]] = {}
    last_sum = -1
    for k, row in enumerate(raw):
        if not row.is_sum:
            continue
        data_above = [j for j in range(k) if not raw[j].is_sum]
        words = _SUM_LABEL.sub("", row.label).strip().lower().split()
        section_word = (row.section or "").lower().split()[:1]
        if section_word and words and words[0][:5] == section_word[0][:5] and row.section:
            out[k] = tuple(j for j in data_above if j > last_sum and raw[j].section == row.section)
        else:
            out[k] = tuple(data_above)
        last_sum = k
    return out


def _resolve(table: BudgetTable, raw: list[_RawRow], path: Path,
             external: tuple[int, ...] | None = None, final: bool = True) -> bool:
    """Choose one reading per row; fill ``table.rows``/``table.sums``.

    Returns False (and changes nothing in ``table``) when ``final`` is false and the table
    stays ambiguous for want of a sum row: the caller retries with ``external`` column
    targets (the other table's totals; costs and financing must balance)."""
    n_years = len(table.years)
    # 1. each row's own total
    if table.has_total_column:
        tol = _rounding_tolerance(n_years)
        for r in raw:
            if len(r.candidates) > 1:
                ok = [c for c in r.candidates if abs(sum(c[:n_years]) - c[n_years]) <= tol]
                if not ok:
                    raise DataError(path, r.line, _no_reading(r, "radsumman", n_years))
                r.candidates = ok
    # 2. column sums
    covers = _covers(raw)
    constraints: list[tuple[int | None, tuple[int, ...], tuple[int, ...] | None]] = [
        (k, rows, None) for k, rows in covers.items()]
    if not constraints and external is not None:
        constraints = [(None, tuple(j for j, r in enumerate(raw) if not r.is_sum), external)]
    ambiguous = [k for k, r in enumerate(raw) if len(r.candidates) > 1]
    if ambiguous:
        if not constraints:
            if not final:
                return False
            _raise_ambiguous(raw, ambiguous, path, [])
        combos = 1
        for k in ambiguous:
            combos *= len(raw[k].candidates)
        if combos > MAX_COMBINATIONS:
            _raise_ambiguous(raw, ambiguous, path, [])
        solutions = []
        for choice in itertools.product(*(raw[k].candidates for k in ambiguous)):
            pick = {k: c for k, c in zip(ambiguous, choice)}
            if all(_column_ok(raw, pick, s, rows, target) for s, rows, target in constraints):
                solutions.append(pick)
        if not solutions:
            lines = ", ".join(str(raw[k].line) for k in ambiguous)
            raise DataError(path, raw[ambiguous[0]].line,
                            f"siffrorna på rad {lines} har ingen läsning som stämmer med kolumnsummorna")
        if len(solutions) > 1:
            differing = [k for k in ambiguous if len({s[k] for s in solutions}) > 1]
            _raise_ambiguous(raw, differing, path, solutions)
        for k, c in solutions[0].items():
            raw[k].candidates = [c]
    # 3. build rows
    index: dict[int, int] = {}
    for k, r in enumerate(raw):
        amounts = r.candidates[0]
        row = TableRow(
            label=r.label, line=r.line, label_lines=r.label_lines,
            amounts=tuple(amounts[:n_years]),
            stated_total=amounts[n_years] if table.has_total_column else None,
            is_sum=r.is_sum, section=r.section, readings=r.raw_count,
        )
        if r.is_sum:
            table.sums.append(row)
        else:
            index[k] = len(table.rows)
            table.rows.append(row)
    for s_row, k in zip(table.sums, [k for k, r in enumerate(raw) if r.is_sum]):
        s_row.covers = tuple(index[j] for j in covers[k])
    return True


def _column_ok(raw: list[_RawRow], pick: dict[int, tuple[int, ...]], s: int | None,
               rows: tuple[int, ...], target: tuple[int, ...] | None) -> bool:
    def amounts(k: int) -> tuple[int, ...]:
        return pick.get(k, raw[k].candidates[0])

    stated = amounts(s) if s is not None else target
    assert stated is not None
    tol = _rounding_tolerance(len(rows))
    width = min(len(stated), *(len(amounts(k)) for k in rows)) if rows else 0
    return all(abs(sum(amounts(k)[j] for k in rows) - stated[j]) <= tol for j in range(width))


def _fmt(values: tuple[int, ...]) -> str:
    return " | ".join(f"{v:,}".replace(",", " ") for v in values)


def _no_reading(r: _RawRow, what: str, n_years: int) -> str:
    # a consistent reading with one year column more or less: say that, it is the likelier fault
    for years in (n_years - 1, n_years + 1):
        if years < 1:
            continue
        fits = readings(list(r.tokens), years + 1, 0)
        if fits:
            return (f"raden {r.label!r} har {years} årsbelopp + total ({_fmt(fits[0])}) men tabellen har "
                    f"{n_years} årskolumner + Totalt")
    shown = "; ".join(_fmt(c) for c in r.candidates[:5])
    return (f"siffrorna i raden {r.label!r} har ingen läsning som stämmer med {what} "
            f"(möjliga läsningar: {shown}{' …' if len(r.candidates) > 5 else ''})")


def _raise_ambiguous(raw: list[_RawRow], ks: list[int], path: Path, solutions: list[dict]) -> None:
    k = ks[0] if ks else 0
    r = raw[k]
    options = sorted({s[k] for s in solutions}) if solutions else r.candidates
    shown = "; ".join(_fmt(c) for c in options[:5])
    raise DataError(path, r.line,
                    f"siffrorna i raden {r.label!r} kan läsas på flera sätt som alla stämmer med "
                    f"tabellens summor ({shown}{' …' if len(options) > 5 else ''})")


def _check_duplicates(table: BudgetTable, path: Path) -> None:
    seen: dict[str, int] = {}
    for row in table.rows + table.sums:
        key = row.label.casefold()
        if key in seen:
            raise DataError(path, row.line,
                            f"raden {row.label!r} står två gånger i tabellen (även rad {seen[key]})")
        seen[key] = row.line


def parse_tables(lines: list[str], path: Path, skip: frozenset[int] = frozenset()) -> dict[str, BudgetTable]:
    """Find and read the cost and the financing table. Raises DataError if either is missing."""
    found: dict[str, tuple[BudgetTable, list[_RawRow]]] = {}
    i = 0
    while i < len(lines):
        if (i + 1) not in skip:
            header = _parse_header(lines[i])
            if header is not None:
                if header.kind in found:
                    raise DataError(path, i + 1,
                                    f"en andra {'kostnadstabell' if header.kind == 'cost' else 'finansieringstabell'} "
                                    f"(den första står på rad {found[header.kind][0].header_line})")
                table, raw = _parse_table(lines, i, header, skip, path)
                found[header.kind] = (table, raw)
                i = table.end_line
                continue
        i += 1
    if not found:
        raise DataError(path, None,
                        f"hittar ingen budgettabell (en rubrikrad som 'Bokförda kostnader 2018 2019 … Totalt' "
                        f"eller 'Finansiär 2018 … Totalt') på raderna 1–{len(lines)}")
    for kind, name in (("cost", "kostnadstabell ('Bokförda kostnader …')"),
                       ("financing", "finansieringstabell ('Finansiär …')")):
        if kind not in found:
            raise DataError(path, None, f"hittar ingen {name}")
    cost, cost_raw = found["cost"]
    fin, fin_raw = found["financing"]
    if cost.years != fin.years:
        raise DataError(path, fin.header_line,
                        f"finansieringstabellens år {list(fin.years)} är inte kostnadstabellens {list(cost.years)}")
    tables = {"cost": cost, "financing": fin}
    raws = {"cost": cost_raw, "financing": fin_raw}
    done = {kind: _resolve(tables[kind], raws[kind], path, final=False) for kind in tables}
    for kind, other in (("financing", "cost"), ("cost", "financing")):
        if not done[kind]:
            external = _table_sums(tables[other]) if done[other] else None
            done[kind] = _resolve(tables[kind], raws[kind], path, external=external)
    for t in (cost, fin):
        _check_duplicates(t, path)
    return {"cost": cost, "financing": fin}


def _table_sums(table: BudgetTable) -> tuple[int, ...]:
    """The table's total per year (+ overall): the stated final sum if any, else computed."""
    final = table.final_sum
    if final is not None:
        return final.amounts + ((final.stated_total,) if final.stated_total is not None else ())
    years = tuple(sum(r.amounts[j] for r in table.rows) for j in range(len(table.years)))
    return years + (sum(years),)


# --------------------------------------------------------------------------------------
# Metadata


class _Flow:
    """The document as one string (page headers left out), mapping offsets to line numbers."""

    def __init__(self, lines: list[str], skip: frozenset[int]):
        parts: list[str] = []
        self._starts: list[tuple[int, int]] = []
        pos = 0
        for n, text in enumerate(lines, start=1):
            if n in skip:
                continue
            t = _norm(text.replace("\t", " "))
            if not t:
                continue
            self._starts.append((pos, n))
            parts.append(t)
            pos += len(t) + 1
        self.text = " ".join(parts)

    def line_start(self, line: int) -> int:
        return next(start for start, n in self._starts if n == line)

    def previous_line(self, line: int) -> int | None:
        before = [n for _, n in self._starts if n < line]
        return before[-1] if before else None

    def line_at(self, offset: int) -> int:
        line = self._starts[0][1] if self._starts else 1
        for start, n in self._starts:
            if start > offset:
                break
            line = n
        return line


_AMOUNT = r"\d{1,3}(?: \d{3})+|\d+"
_DATE = r"\d{4}-\d{2}-\d{2}"
_APPLICATION = re.compile(
    rf"\s*\bansöker\s+om\s+(?P<what>.+?)\s+för\s+(?:projekt(?:et)?\s+)?"
    rf"(?P<name>.+?)\s+under\s+perioden\s+(?P<start>{_DATE})\s*(?:[—–-]{{1,2}}|till|t\.?o\.?m\.?)\s*(?P<end>{_DATE})"
)
_SHARE = re.compile(r"(?P<share>\d+(?:,\d+)?)\s*(?:procent|%)")
_CAP = re.compile(rf"högst\s+(?P<cap>{_AMOUNT})\s*(?:kr|kronor|sek)\b", re.IGNORECASE)
_FIXED = re.compile(rf"^(?P<amount>{_AMOUNT})\s*(?:kr|kronor|sek)\b", re.IGNORECASE)
_DNR = re.compile(r"\bDnr[:.]?\s*(?P<dnr>[A-Za-z0-9][\w/.\-]*\d[\w/.\-]*)")
_MEETING = re.compile(rf"\bProjektforum\s+(?P<date>{_DATE})\b")
_TARGETS_INTRO = re.compile(r"leda\s+till\s+att\s*:?\s*$", re.IGNORECASE)
_TARGET_LINE = re.compile(r"^(?P<num>\d{1,3}(?: \d{3})+|\d+)(?:,(?P<dec>\d+))?\s+(?P<unit>[^\d\s]\S*)(?:\s+.*)?$")


def _date(text: str, path: Path, line: int) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DataError(path, line, f"omöjligt datum {text!r}") from None


def _title(lines: list[str], skip: frozenset[int], path: Path) -> tuple[str, int]:
    for n, text in enumerate(lines, start=1):
        if n not in skip and text.strip():
            return _norm(text.replace("\t", " ")), n
    raise DataError(path, None, "dokumentet är tomt")


def _targets(lines: list[str], skip: frozenset[int]) -> list[Target]:
    """Numeric targets listed after 'Projektet ska (också) leda till att:'."""
    out: list[Target] = []
    for n, text in enumerate(lines, start=1):
        if n in skip or not _TARGETS_INTRO.search(_norm(text)):
            continue
        for m in range(n + 1, len(lines) + 1):
            if m in skip:
                continue
            t = _norm(lines[m - 1].replace("\t", " "))
            if not t:
                continue
            hit = _TARGET_LINE.match(t)
            if not hit:
                break
            value = float(hit["num"].replace(" ", "") + ("." + hit["dec"] if hit["dec"] else ""))
            out.append(Target(len(out) + 1, t, value, hit["unit"], m))
        break
    return out


def parse_decision(path: str | Path) -> Decision:
    """Parse one decision document (see the module docstring). Raises DataError on bad input."""
    path = Path(path)
    lines = read_lines(path)
    skip = page_header_lines(lines)
    tables = parse_tables(lines, path, skip)
    flow = _Flow(lines, skip)
    title, title_line = _title(lines, skip, path)

    m = _APPLICATION.search(flow.text)
    if m is None:
        raise DataError(path, None,
                        "hittar inte meningen '<sökande> ansöker om <belopp> för projekt <namn> under perioden "
                        "<start>—<slut>'")
    applied_line = flow.line_at(m.start("what"))
    period_line = flow.line_at(m.start("start"))
    start = _date(m["start"], path, period_line)
    end = _date(m["end"], path, flow.line_at(m.start("end")))
    if end < start:
        raise DataError(path, period_line, f"projektperioden slutar ({end}) före start ({start})")
    what = m["what"]
    share = _SHARE.search(what)
    cap = _CAP.search(what)
    fixed = _FIXED.match(what)
    if share and cap:
        applied, applied_share = _to_int(cap["cap"]), float(share["share"].replace(",", ".")) / 100
    elif fixed:
        applied, applied_share = _to_int(fixed["amount"]), None
    else:
        raise DataError(path, applied_line, f"kan inte läsa det sökta beloppet i {what!r}")
    # the applicant: what stands before "ansöker om" on its line (or on the line before,
    # if the name was wrapped or stands alone)
    line_no = flow.line_at(m.start())
    applicant = flow.text[flow.line_start(line_no):m.start()].strip()
    if not applicant or applicant[0].islower():
        prev = flow.previous_line(line_no)
        if prev is not None:
            applicant = flow.text[flow.line_start(prev):m.start()].strip()
    if not applicant:
        raise DataError(path, line_no, "hittar inte sökanden före 'ansöker om'")

    dnr = dnr_line = None
    for n, text in enumerate(lines, start=1):
        hit = _DNR.search(text)
        if hit:
            if dnr is None:
                dnr, dnr_line = hit["dnr"], n
            elif hit["dnr"] != dnr:
                raise DataError(path, n, f"motstridiga diarienummer: {dnr} (rad {dnr_line}) och {hit['dnr']}")
    meeting = meeting_line = None
    raw_flow = _Flow(lines, frozenset())
    for hit in _MEETING.finditer(raw_flow.text):
        n = raw_flow.line_at(hit.start("date"))
        d = _date(hit["date"], path, n)
        if meeting is None:
            meeting, meeting_line = d, n
        elif d != meeting:
            raise DataError(path, n, f"motstridiga datum för Projektforum: {meeting} (rad {meeting_line}) och {d}")

    layouts = {tables["cost"].layout, tables["financing"].layout}
    return Decision(
        path=path, title=title, title_line=title_line, applicant=applicant,
        applied_amount_sek=applied, applied_share=applied_share, applied_line=applied_line,
        project_name=_norm(m["name"]), start_date=start, end_date=end, period_line=period_line,
        dnr=dnr, dnr_line=dnr_line, meeting_date=meeting, meeting_line=meeting_line,
        targets=_targets(lines, skip), cost=tables["cost"], financing=tables["financing"],
        layout=layouts.pop() if len(layouts) == 1 else "mixed", skipped_lines=skip,
    )
