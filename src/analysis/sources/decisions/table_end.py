"""Where a budget table ends: a line that interrupts a table is an error, not its end.

A table may end after a blank line or a sum row, at the first line that is not a row of it. If
that line is followed, within a page header's length, by more rows of the same table, the line
interrupted the table (an unknown page header, a stray note): reading on would silently drop
the rows after it, and the sums checked later would be sums of the rows read, not stated ones.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ...core.errors import DataError

#: How far (in lines, page headers and blank lines not counted) rows are looked for after the
#: line that ended a table: a page break with an unknown header is shorter than this.
LOOKAHEAD_LINES = 12


def check_not_cut(lines: list[str], stop: int, skip: frozenset[int], path: Path, table,
                  is_row: Callable[[int], str | None], is_header: Callable[[int], bool]) -> None:
    """Raise if rows of ``table`` follow the line at index ``stop`` that ended it.

    ``is_row(j)`` gives the label of line index ``j`` if it reads as a row of the table (else
    ``None``), ``is_header(j)`` whether it is a table header (scanning stops there: the rows
    after it are another table's); ``skip`` holds the 1-based numbers of page-header lines.
    """
    seen = 0
    for j in range(stop + 1, len(lines)):
        if (j + 1) in skip or not lines[j].strip():
            continue
        seen += 1
        if seen > LOOKAHEAD_LINES or is_header(j):
            return
        label = is_row(j)
        if label is not None:
            raise DataError(
                path, stop + 1,
                f"raden {_shown(lines[stop])!r} står mitt i tabellen {table.header!r} (rubrik på rad "
                f"{table.header_line}): den är ingen tabellrad, inget känt sidhuvud och ingen "
                f"avsnittsrubrik, och tabellens rader fortsätter på rad {j + 1} ({label!r})")


def _shown(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
