"""The checks of the parameters every layer receives: the report's focus and a region code.

The focus is checked here and nowhere else, against one list (:func:`valid_focus_values`).
It enters in two forms, so there are two doors to the same rule: :func:`normalize_focus` for a
value as typed (``-P focus:03`` arrives as the integer 3, ``"ÖMS"`` means SE12), used by the
report's command line and a chapter's set-up; :func:`check_focus` for a code passed between
functions (the narrative, the notebooks), which must already be one of the codes.
The counties are looked up through ``regions`` at call time, so a benchmark or test that patches
the register (synthetic counties) is checked against it.
"""

from __future__ import annotations

from . import regions
from .errors import ParameterError
from .regions import OMS_CODE, RIKET_CODE


def valid_focus_values() -> list[str]:
    """Focus regions the report can be rendered for: ÖMS as a whole and its five counties."""
    return [OMS_CODE, *regions.oms_county_codes()]


def _describe_valid() -> str:
    return ", ".join(f"{code} ({regions.short_name(code)})" for code in valid_focus_values())


def normalize_focus(value) -> str:
    """The focus region as a county code string, or :class:`ParameterError`.

    ``quarto render report -P focus:03`` reads ``03`` as YAML, which arrives as the integer 3;
    so integers are zero-padded to the two-digit county code. ``"ÖMS"`` is accepted for SE12.
    """
    if isinstance(value, bool) or value is None:
        raise ParameterError(f"Ogiltigt värde för parametern focus: {value!r}. "
                             f"Giltiga värden: {_describe_valid()}.")
    if isinstance(value, int):
        text = f"{value:02d}"
    else:
        text = str(value).strip()
    if text.upper() in {"ÖMS", "OMS", "SE12"}:
        text = OMS_CODE
    if text not in valid_focus_values():
        raise ParameterError(f"Ogiltigt värde för parametern focus: {value!r}. "
                             f"Giltiga värden: {_describe_valid()}.")
    return text


def check_focus(code) -> str:
    """``code`` if it is ÖMS (``SE12``) or one of its five counties, else :class:`ParameterError`
    naming the valid codes with the counties' full names."""
    if code not in valid_focus_values():
        codes = [*regions.oms_county_codes(), OMS_CODE]
        listed = ", ".join(f"{c} ({regions.county_name(c)})" for c in codes)
        raise ParameterError(f"Okänd region {code!r} som fokusregion. Giltiga värden: {listed}.")
    return code


def valid_regions() -> list[str]:
    """Every region an analysis of the indicator table can be asked about: 21 counties, ÖMS, Riket."""
    return [*regions.county_codes(), OMS_CODE, RIKET_CODE]


def check_region(code, *, allow_aggregates: bool = True) -> str:
    """``code`` as a string if it is a county (or, with ``allow_aggregates``, ÖMS or Riket).

    Not a focus check: the mirror compares any of the 21 counties, so its region arguments
    (peers, exclusions, the region profiled) are checked against all of them.
    """
    code = str(code)
    valid = valid_regions() if allow_aggregates else regions.county_codes()
    if code not in valid:
        choices = ", ".join(f"{c} ({regions.short_name(c)})" for c in valid)
        raise ParameterError(f"Okänd region {code!r}. Giltiga val: {choices}.")
    return code
