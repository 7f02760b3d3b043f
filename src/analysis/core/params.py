"""The checks of the parameters every layer receives: the report's focus and a region code.

The focus is checked here and nowhere else, against one list (:func:`valid_focus_values`), and
checked once: each door returns a :class:`~analysis.core.focus.Focus` (the code with its level,
name and counties, :mod:`.focus`), and a ``Focus`` given to a door comes back unchanged, without
a second check. It enters in two forms, so there are two doors to the same rule:
:func:`normalize_focus` for a value as typed (a string from the command line; from Quarto's own
``-P focus:03`` the integer 3; ``"ÖMS"`` means SE12), used at every entry (the report's command
line, a chapter's set-up, a notebook's parameter cell, the workbook command); :func:`check_focus`
for a code passed between functions (the narrative, the notebooks), which must already be one of
the codes. The mirror compares any county, so its focus comes through :func:`region_focus`.
The counties are looked up through ``regions`` at call time, so a benchmark or test that patches
the register (synthetic counties) is checked against it.
"""

from __future__ import annotations

from . import regions
from .errors import ParameterError
from .focus import Focus, Level, build_focus
from .regions import OMS_CODE, RIKET_CODE


def valid_focus_values() -> list[str]:
    """Focus regions the report can be rendered for: ÖMS as a whole and its five counties."""
    return [OMS_CODE, *regions.oms_county_codes()]


def _describe_valid() -> str:
    return ", ".join(f"{code} ({regions.short_name(code)})" for code in valid_focus_values())


ALIASES = {"ÖMS": OMS_CODE, "OMS": OMS_CODE, "SE12": OMS_CODE}


def _refuse(value) -> ParameterError:
    return ParameterError(f"Ogiltigt värde för parametern focus: {value!r}. "
                          f"Giltiga värden: {_describe_valid()}. Länen anges med sin länskod med "
                          "två siffror, t.ex. -P focus:03.")


def normalize_focus(value) -> Focus:
    """The focus region as a :class:`Focus` (a county code string), or :class:`ParameterError`
    naming the value. A ``Focus`` comes back unchanged (checked when it was made).

    A string (the project's command line reads ``-P focus:03`` as text, never as YAML) must be
    exactly one of the codes, surrounding spaces aside; ``ÖMS``/``OMS``/``SE12`` in any case
    mean SE12. So ``023``, ``0x13``, ``1_8``, ``3`` and ``03.0`` are refused, not read as numbers.
    An integer is accepted only as Quarto's own ``quarto render report -P focus:03`` delivers
    it: Quarto reads the value as YAML, so ``03`` arrives as 3, which is padded to ``03``.
    Booleans, floats and anything else are refused.
    """
    if isinstance(value, Focus) and value.in_oms:
        return value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _refuse(value)
    if isinstance(value, int):
        text = f"{value:02d}" if 0 < value < 100 else str(value)
    else:
        text = value.strip()
        text = ALIASES.get(text.upper(), text)
    if text not in valid_focus_values():
        raise _refuse(value)
    return build_focus(text)


def check_focus(code) -> Focus:
    """``code`` as a :class:`Focus` if it is ÖMS (``SE12``) or one of its five counties, else
    :class:`ParameterError` naming the valid codes with the counties' full names. A ``Focus``
    of ÖMS or an ÖMS county comes back unchanged."""
    if isinstance(code, Focus) and code.in_oms:
        return code
    if code not in valid_focus_values():
        codes = [*regions.oms_county_codes(), OMS_CODE]
        listed = ", ".join(f"{c} ({regions.county_name(c)})" for c in codes)
        raise ParameterError(f"Okänd region {code!r} som fokusregion. Giltiga värden: {listed}.")
    return build_focus(code)


def valid_regions() -> list[str]:
    """Every region an analysis of the indicator table can be asked about: 21 counties, ÖMS, Riket."""
    return [*regions.county_codes(), OMS_CODE, RIKET_CODE]


def check_region(code, *, allow_aggregates: bool = True) -> str:
    """``code`` as a string if it is a county (or, with ``allow_aggregates``, ÖMS or Riket).

    Not a focus check: the mirror compares any of the 21 counties, so its region arguments
    (peers, exclusions, the region profiled) are checked against all of them. A :class:`Focus`
    is a checked region: it comes back unchanged (a county, or with ``allow_aggregates`` any).
    """
    if isinstance(code, Focus) and (allow_aggregates or code.level is Level.COUNTY):
        return code
    code = str(code)
    valid = valid_regions() if allow_aggregates else regions.county_codes()
    if code not in valid:
        choices = ", ".join(f"{c} ({regions.short_name(c)})" for c in valid)
        raise ParameterError(f"Okänd region {code!r}. Giltiga val: {choices}.")
    return code


def region_focus(code) -> Focus:
    """Any region the mirror compares (:func:`valid_regions`: a county, ÖMS or Riket) as a
    :class:`Focus`, checked as :func:`check_region` does; a ``Focus`` comes back unchanged."""
    if isinstance(code, Focus):
        return code
    return build_focus(check_region(code))
