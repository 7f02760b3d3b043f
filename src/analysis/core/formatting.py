"""Swedish number formatting for everything a reader sees.

Swedish style: a space as thousands separator and a decimal comma: ``3 056 308 kr``,
``12,0 %``. The space is the non-breaking space U+00A0 (:data:`NBSP`), inside the number and
between the number and its unit, so that no page, table or figure ever wraps "1 500 / 000 kr"
across two lines. One character everywhere: U+00A0, not the narrow U+202F, because every font
of the report (HTML, Typst PDF, plotly's SVG text) has it. ``nbsp=False`` gives the ordinary
space U+0020 for the rare place that must match the decision documents' own text.

These functions are for what a reader sees. Data files (CSV, the workbook) carry the raw
numbers instead: decimal point, no thousands separator, plain minus ``-``.
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


def format_number(value: Real | None, decimals: int = 0, *, nbsp: bool = True,
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


def format_sek(value: Real | None, decimals: int = 0, *, nbsp: bool = True,
               signed: bool = False) -> str:
    """Kronor: ``3056308 -> '3 056 308 kr'``."""
    if _is_missing(value):
        return "uppgift saknas"
    sep = NBSP if nbsp else " "
    return f"{format_number(value, decimals, nbsp=nbsp, signed=signed)}{sep}kr"


def format_msek(value: Real | None, decimals: int = 1, *, nbsp: bool = True) -> str:
    """Millions of kronor: ``13200000 -> '13,2 mnkr'`` (value given in kronor)."""
    if _is_missing(value):
        return "uppgift saknas"
    sep = NBSP if nbsp else " "
    return f"{format_number(float(value) / 1e6, decimals, nbsp=nbsp)}{sep}mnkr"


def format_percent(share: Real | None, decimals: int = 1, *, nbsp: bool = True,
                   signed: bool = False) -> str:
    """A share (0.12) as Swedish percent: ``'12,0 %'``."""
    if _is_missing(share):
        return "uppgift saknas"
    sep = NBSP if nbsp else " "
    return f"{format_number(float(share) * 100, decimals, nbsp=nbsp, signed=signed)}{sep}%"


def with_unit(number_text: str, unit: str) -> str:
    """A formatted number and its unit joined by a non-breaking space: ``'12 län'``."""
    return f"{number_text}{NBSP}{unit}"


def plain_spaces(text: str) -> str:
    """``text`` with non-breaking spaces as ordinary spaces: for comparing text in tests and
    for messages that are not reader-facing."""
    return text.replace(NBSP, " ").replace("\u202f", " ")


def inline_text(value):
    """An inline value of a chapter (`` `{python} ...` ``): the text as Markdown, shown as written.

    Every inline value goes through here. It is escaped for Markdown
    (:func:`analysis.core.escape.markdown_text`: a document's title can never become a link, an
    HTML element or a Typst command) and keeps its non-breaking spaces. The result is a
    :class:`~analysis.core.escape.Markdown` string, which Quarto's Jupyter engine inserts as
    Markdown (``text/markdown``) instead of the value's ``repr`` (where a non-breaking space
    would read ``\xa0``); the report's own build does the same (``pipeline.chapters``).
    """
    from .escape import markdown_text

    if not str(value).strip():
        # Quarto leaves an inline expression whose value is empty as written: the reader would
        # see `{python} …`. An empty value is an invisible comment instead (nothing in the PDF).
        return EMPTY_INLINE
    return markdown_text(value)


def _empty_inline():
    from .escape import Markdown

    class EmptyInline(Markdown):
        """An inline value with nothing to show: an HTML comment, which no reader sees."""

        __slots__ = ()

        @property
        def plain(self) -> str:
            return ""

    return EmptyInline("<!-- -->")


EMPTY_INLINE = _empty_inline()


def upper_first(text: str) -> str:
    """``text`` at the start of a sentence: 'beslutet om ECS3 …' → 'Beslutet om ECS3 …'."""
    return text[:1].upper() + text[1:]


def lower_first(label: str) -> str:
    """A label inside a sentence: 'Företagens utgifter …' → 'företagens utgifter …'; acronyms
    ('BRP …') and names ('Reglabs …') stay as they are."""
    if label[1:2].islower() and not label.startswith("Reglab"):
        return label[0].lower() + label[1:]
    return label


def format_date(value) -> str:
    """ISO date as Swedish style writes it in official documents: ``2023-11-01``."""
    if _is_missing(value):
        return "uppgift saknas"
    return str(value)[:10]


def decimals_of(value, most: int = 3) -> int:
    """The decimals a value as entered has (``1.5 → 1``, ``212 → 0``, ``0.125 → 3``), at most
    ``most``: an entered outcome is shown as written, never rounded to a whole number."""
    if _is_missing(value):
        return 0
    for n in range(most + 1):
        if abs(round(float(value), n) - float(value)) < 1e-9:
            return n
    return most
