"""A decision's metadata as its text states it: title, applicant, amounts, period, Dnr,
Projektforum date and the numeric targets."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ...core.errors import DataError
from .model import Target
from .text import _norm


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
        title = _norm(text.replace("\t", " "))
        if n not in skip and title:
            return title, n
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
