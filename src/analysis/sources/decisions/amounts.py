"""Amounts as written: one cell, and the digit-group arithmetic that splits a run of groups into amounts.

In a space-separated table the thousands separator is also the column separator, so
``1 500 000 500 000`` can be read as (1 500 000, 500 000) or (1 500, 000 500 000 ...). This module
lists the readings; :mod:`.tables` picks the one the table's own sums allow.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import _norm


#: More than this many combinations of readings in one table is refused as unreadable.
MAX_COMBINATIONS = 200_000


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


def rounding_tolerance(terms: int) -> int:
    """Largest difference (kr) that rounding each of ``terms`` amounts and their stated sum to
    whole kronor can cause: (terms + 1) / 2, at least 1."""
    return max(1, (terms + 1) // 2)
