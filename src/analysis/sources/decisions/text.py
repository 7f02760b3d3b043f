"""Reading a document's text: its lines as stored, spaces normalised for matching, and the
page headers the PDF extraction repeated."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ...core.errors import DataError


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
