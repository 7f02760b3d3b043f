"""Reading a document's text: its lines as stored, spaces normalised for matching, and the
page headers the PDF extraction repeated.

Line ``n`` is the text after the ``n - 1``-th ``\\n`` (a ``\\r`` right before it belongs to the
line ending). :meth:`str.splitlines` is not used: it also breaks at form feeds (pdftotext's page
break), ``\\v``, ``\\x1c``–``\\x1e``, ``\\x85`` and U+2028/U+2029, which would shift every line
number after one of them. Those characters stay inside their line, where :func:`_norm` treats
them as spaces. A UTF-8 byte order mark at the start is not text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ...core.errors import DataError


BOM = "\ufeff"

#: Characters that :meth:`str.splitlines` would break a line at but that are no line end here:
#: inside a line they count as a space.
INLINE_SPACES = "\f\v\x1c\x1d\x1e\x1f\x85\u2028\u2029"


def split_lines(text: str) -> list[str]:
    """``text`` as lines without their endings; only ``\\n`` (or ``\\r\\n``) ends a line.

    A final line ending does not start another line (as in an editor): ``'a\\nb\\n'`` is two
    lines, ``'a\\nb'`` too. A leading byte order mark is dropped.
    """
    if text.startswith(BOM):
        text = text[1:]
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def read_lines(path: str | Path) -> list[str]:
    """The document's lines (line ``n`` is ``read_lines(p)[n - 1]``), without line endings.

    The file is read as UTF-8 exactly as stored (a leading byte order mark excepted); nothing is
    normalised here. A missing or non-UTF-8 file raises :class:`DataError` naming it.
    """
    path = Path(path)
    try:
        data = path.read_bytes()  # bytes: no newline translation (a lone "\r" stays text)
    except FileNotFoundError:
        raise DataError(path, None, "filen finns inte") from None
    except IsADirectoryError:
        raise DataError(path, None, "är en katalog, inte en textfil") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DataError(path, line, "texten är inte UTF-8") from None
    return split_lines(text)


# Characters used as (thousands) spaces in Swedish documents.
# Characters that are no line break here count as spaces too; a stray byte order mark is no
# text at all.
_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ",
           **{c: " " for c in INLINE_SPACES}, BOM: ""}
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
