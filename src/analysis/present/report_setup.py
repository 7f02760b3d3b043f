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

# The focus check is core.params's; the names stay importable from here for the report build.
from ..core.errors import ParameterError  # noqa: F401
from ..core.focus import Focus
from ..core.params import normalize_focus, valid_focus_values  # noqa: F401
from ..core.regions import OMS_CODE

DEFAULT_FOCUS = OMS_CODE


@dataclass(frozen=True)
class ReportContext:
    """What a chapter needs to know about this rendering."""

    focus: Focus  # checked once, by setup; everything below takes it as it is
    mode: str

    @property
    def focus_name(self) -> str:
        """``'Östra Mellansverige'`` or the county name, e.g. ``'Uppsala län'``."""
        return self.focus.name

    @property
    def focus_short(self) -> str:
        return self.focus.short_name

    @property
    def is_oms(self) -> bool:
        return self.focus.is_oms


def setup(focus=DEFAULT_FOCUS) -> ReportContext:
    """Validate the parameters and configure display for this chapter's kernel."""
    from . import display

    from .table_records import start_chapter

    code = normalize_focus(focus)
    mode = display.configure()
    start_chapter(code, mode)  # the tables this chapter shows go to the workbook
    return ReportContext(focus=code, mode=mode)


def table(data, caption: str, *, name: str | None = None, notes: list[str] | None = None,
          unit: str = "", source: str = ""):
    """A table for a chapter: header cells, a caption, and the right markup for each output.

    Never display a DataFrame directly in a chapter: under Quarto any ``text/html`` output makes
    the page load require.js and jQuery from a CDN (see :mod:`analysis.display`). Every table
    shown this way is recorded, with its numbers, for the workbook
    (:mod:`analysis.present.table_records`); ``unit`` and ``source`` go on its sheet.
    """
    from .display import Table

    return Table(data=data, caption=caption, name=name, notes=list(notes or []), unit=unit,
                 source=source)


def text(markdown: str):
    """Generated prose (a finding, a list of findings) shown as part of the chapter.

    Plain text is escaped (paragraphs and the code's own ``- ``/``1. `` list markers kept,
    ``core.escape.markdown_paragraphs``), so a document's words never become markup; a
    ``core.escape.Markdown`` value (``narrative.findings.markdown_list``) is Markdown already."""
    from .display import MarkdownText

    return MarkdownText(markdown)
