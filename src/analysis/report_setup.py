"""The one set-up every report chapter calls in its first cell after the parameters cell.

A chapter (``report/*.qmd``) starts with::

    ```{python}
    #| tags: [parameters]
    focus = "SE12"
    ```

    ```{python}
    from analysis.report_setup import setup, table
    report = setup(focus)
    ```

``setup`` validates the parameters (a clear Swedish error listing the valid values), decides how
figures and tables are shown (Quarto HTML, Quarto Typst/PDF, the HTML preview or a plain
notebook, see :mod:`analysis.display`) and returns a :class:`ReportContext` with the focus region
ready for inline expressions (``{python} report.focus_name``).

Kept light: no plotly or pandas import here, so a chapter starts quickly.
"""

from __future__ import annotations

from dataclasses import dataclass

from .core.regions import OMS_CODE, OMS_NAME, county_name, oms_county_codes, short_name

DEFAULT_FOCUS = OMS_CODE


class ParameterError(ValueError):
    """A report parameter has a value the report cannot use."""


def valid_focus_values() -> list[str]:
    """Focus regions the report can be rendered for: ÖMS as a whole and its five counties."""
    return [OMS_CODE, *oms_county_codes()]


def _describe_valid() -> str:
    return ", ".join(f"{code} ({short_name(code)})" for code in valid_focus_values())


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


@dataclass(frozen=True)
class ReportContext:
    """What a chapter needs to know about this rendering."""

    focus: str
    mode: str

    @property
    def focus_name(self) -> str:
        """``'Östra Mellansverige'`` or the county name, e.g. ``'Uppsala län'``."""
        return OMS_NAME if self.focus == OMS_CODE else county_name(self.focus)

    @property
    def focus_short(self) -> str:
        return short_name(self.focus)

    @property
    def is_oms(self) -> bool:
        return self.focus == OMS_CODE


def setup(focus=DEFAULT_FOCUS) -> ReportContext:
    """Validate the parameters and configure display for this chapter's kernel."""
    from . import display

    code = normalize_focus(focus)
    mode = display.configure()
    return ReportContext(focus=code, mode=mode)


def table(data, caption: str, *, name: str | None = None, notes: list[str] | None = None):
    """A table for a chapter: header cells, a caption, and the right markup for each output.

    Never display a DataFrame directly in a chapter: under Quarto any ``text/html`` output makes
    the page load require.js and jQuery from a CDN (see :mod:`analysis.display`).
    """
    from .display import Table

    return Table(data=data, caption=caption, name=name, notes=list(notes or []))


def text(markdown: str):
    """Generated Markdown (for example a list of findings) shown as part of the prose."""
    from .display import MarkdownText

    return MarkdownText(markdown)
