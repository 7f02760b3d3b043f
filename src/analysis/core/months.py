"""The one way months are counted: which calendar months of each year a period covers.

A project period 2023-11-01 – 2027-10-31 covers November and December 2023, all of 2024–2026
and January to October 2027. The budget's months per year, the project length and the months a
price index is averaged over all come from :func:`project_months`, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def project_months(start, end) -> dict[int, list[int]]:
    """The calendar months from ``start`` to ``end`` (both included), by year:
    2023-11-01 – 2027-10-31 gives ``{2023: [11, 12], 2024: [1..12], ..., 2027: [1..10]}``."""
    start, end = _as_date(start), _as_date(end)
    if end < start:
        raise ValueError(f"Slutdatum {end} ligger före startdatum {start}")
    out: dict[int, list[int]] = {}
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.setdefault(year, []).append(month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def days_in_year(start, end, year: int) -> int:
    """How many days of ``year`` the period covers (0 when none)."""
    start, end = _as_date(start), _as_date(end)
    first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
    return max((last - first).days + 1, 0)
