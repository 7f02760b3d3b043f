"""Naming the cell that breaks a space-separated row: row, year and difference.

In the space layout a row whose digits have no reading that agrees with its own total cannot be
read at all, so the validation that names differences in the tab layout never sees it. Where the
table's column sums pin down every other cell, one reading often explains the row with exactly
one wrong cell: the cell differs from what its column sum requires by the same amount as the
row's cells differ from the row's stated total (or, when every cell fits its column, the stated
total is the wrong figure). :func:`single_fault` finds that reading, and only when it is the
only one; the caller then reports it like the tab layout does (``skillnad −10 000 kr``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    reading: tuple[int, ...]   # the amounts as read, total last
    column: int | None         # index of the wrong year cell; None: the stated total is wrong
    difference: int            # written value minus the value the row total requires


def single_fault(readings: list[tuple[int, ...]], targets: list[int | None], tol: int) -> Fault | None:
    """The one reading that is consistent but for one cell, or ``None``.

    ``targets[j]`` is the value year column ``j`` must have for its column sum to hold (``None``
    where the other rows do not fix it); each reading ends with the row's stated total.
    """
    found: set[Fault] = set()
    n = len(targets)
    for r in readings:
        cells, total = r[:n], r[n]
        off = [j for j in range(n) if targets[j] is not None and abs(cells[j] - targets[j]) > tol]
        row_diff = sum(cells) - total
        if not off and abs(row_diff) > tol and all(t is not None for t in targets):
            found.add(Fault(r, None, total - sum(cells)))
        elif len(off) == 1:
            j = off[0]
            if abs(row_diff - (cells[j] - targets[j])) <= tol:
                found.add(Fault(r, j, row_diff))  # the row's own figures give the exact size
    return found.pop() if len(found) == 1 else None


def _kr(value: int) -> str:
    return f"{value:,}".replace(",", " ") + " kr"


def _signed(value: int) -> str:
    return ("+" if value > 0 else "−") + _kr(abs(value))


def fault_message(label: str, years: tuple[int, ...], fault: Fault) -> str:
    """Swedish: the row, the year (or Totalt) and the difference."""
    r, n = fault.reading, len(years)
    if fault.column is None:
        return (f"raden {label!r}, Totalt: radsumman {_kr(r[n])} stämmer inte med årsbeloppen, som "
                f"summerar till {_kr(sum(r[:n]))} och stämmer med kolumnsummorna "
                f"(skillnad {_signed(fault.difference)})")
    j = fault.column
    return (f"raden {label!r}, {years[j]}: beloppet {_kr(r[j])} stämmer varken med radsumman "
            f"({_kr(r[n])}) eller med kolumnsumman för {years[j]}; radsumman kräver "
            f"{_kr(r[j] - fault.difference)} (skillnad {_signed(fault.difference)})")
