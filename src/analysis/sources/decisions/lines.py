"""One line of a budget table: the header (label, years, total column), and how a row line
splits into its label and its numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...core.errors import DataError
from .amounts import _APPROPRIATION, _GROUP, _NUMERIC_TOKEN
from .text import _norm
from .wrapping import continues as _continues  # noqa: F401 (the tables' name for it)


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


def _is_blank(text: str) -> bool:
    return not _norm(text.replace("\t", " "))
