"""Swedish number formatting for everything a reader sees.

Swedish style: a (narrow) space as thousands separator and a decimal comma:
``3 056 308 kr``, ``12,0 %``. We use the ordinary space U+0020 in plain text because it is
what the decision documents use and what survives copy-paste; ``nbsp=True`` gives a
non-breaking space (U+00A0) for HTML where a number must not wrap across lines.
"""

from __future__ import annotations

import math
from numbers import Real

NBSP = "\u00a0"
MINUS = "\u2212"  # typographic minus, as in Swedish official statistics


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(math.isnan(value))
    except TypeError:
        # pandas.NA and other non-float missing markers
        return str(value) in {"<NA>", "NaT", "nan"}


def format_number(value: Real | None, decimals: int = 0, *, nbsp: bool = False,
                  missing: str = "uppgift saknas", signed: bool = False) -> str:
    """Format a number Swedish style: ``1234567.891 -> '1 234 567,89'`` (decimals=2)."""
    if _is_missing(value):
        return missing
    value = float(value)
    text = f"{abs(value):,.{decimals}f}"
    if text.strip("0.,") == "":  # avoid '-0'
        value = 0.0
    text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", NBSP if nbsp else " ")
    if value < 0:
        return MINUS + text
    if signed and value > 0:
        return "+" + text
    return text


def format_sek(value: Real | None, decimals: int = 0, *, nbsp: bool = False,
               signed: bool = False) -> str:
    """Kronor: ``3056308 -> '3 056 308 kr'``."""
    if _is_missing(value):
        return "uppgift saknas"
    sep = NBSP if nbsp else " "
    return f"{format_number(value, decimals, nbsp=nbsp, signed=signed)}{sep}kr"


def format_msek(value: Real | None, decimals: int = 1, *, nbsp: bool = False) -> str:
    """Millions of kronor: ``13200000 -> '13,2 mnkr'`` (value given in kronor)."""
    if _is_missing(value):
        return "uppgift saknas"
    sep = NBSP if nbsp else " "
    return f"{format_number(float(value) / 1e6, decimals, nbsp=nbsp)}{sep}mnkr"


def format_percent(share: Real | None, decimals: int = 1, *, nbsp: bool = False,
                   signed: bool = False) -> str:
    """A share (0.12) as Swedish percent: ``'12,0 %'``."""
    if _is_missing(share):
        return "uppgift saknas"
    sep = NBSP if nbsp else " "
    return f"{format_number(float(share) * 100, decimals, nbsp=nbsp, signed=signed)}{sep}%"


def format_date(value) -> str:
    """ISO date as Swedish style writes it in official documents: ``2023-11-01``."""
    if _is_missing(value):
        return "uppgift saknas"
    return str(value)[:10]
