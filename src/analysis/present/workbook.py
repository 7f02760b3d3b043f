"""Writing the report's tables as one Excel workbook (what goes in, and the command
``python -m analysis arbetsbok``, are in :mod:`.workbook_contents`).

One sheet per table: its title, unit and source in the first rows, then the header row and the
values. Charts contribute their raw numbers (``Chart.numbers``: floats, headers naming the
unit), so an analyst can compute with them at once. A last sheet lists every dataset with its
source and vintage. The report's first page and Metod link to :data:`WORKBOOK_NAME` beside
the pages (a relative link), so the report build writes the file into its output folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

WORKBOOK_NAME = "oms-tabeller.xlsx"
_SHEET_NAME_MAX = 31  # Excel's limit
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    """One table of the report as it goes into the workbook."""

    title: str
    frame: pd.DataFrame
    source: str
    unit: str = "se kolumnrubrikerna"


def sheet_from_chart(chart, unit: str = "se kolumnrubrikerna") -> Sheet:
    """The table behind a chart, with raw numbers, as a sheet."""
    from .display import chart_title

    return Sheet(chart_title(chart), chart.numbers, chart.source, unit)


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _FORBIDDEN.sub(" ", title).strip()[:_SHEET_NAME_MAX - 4].strip() or "Tabell"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base} {n}"
    taken.add(name.lower())
    return name


def _cell(value):
    """A value as openpyxl stores it: numbers as numbers, missing as empty, the rest as text."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, (int, float)):
        return value
    return str(value)


def _write_sheet(ws, sheet: Sheet) -> None:
    from openpyxl.styles import Font

    ws.append([sheet.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Enhet", sheet.unit])
    ws.append(["Källa", sheet.source])
    ws.append([])
    ws.append([str(c) for c in sheet.frame.columns])
    for cell in ws[5]:
        cell.font = Font(bold=True)
    for row in sheet.frame.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    ws.freeze_panes = "A6"
    for i, col in enumerate(sheet.frame.columns, start=1):
        width = max([len(str(col))] + [len(str(v)) for v in sheet.frame.iloc[:, i - 1]])
        ws.column_dimensions[ws.cell(row=5, column=i).column_letter].width = min(60, width + 2)


def sources_sheet() -> Sheet:
    """Every dataset of the report with its source, vintage and licence."""
    from ..tables import datalog

    log = datalog.data_log()
    return Sheet("Källor och årgångar", log[["Datamängd", "Innehåll", "Källa", "Årgång", "Licens", "Tabell-id"]],
                 "Rapportens datakatalog", "–")


def write_workbook(sheets: list[Sheet], path: Path, *, sources: Sheet | None = None) -> Path:
    """Write ``sheets`` (and the sources sheet last) to an .xlsx file at ``path``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for sheet in [*sheets, *([sources] if sources is not None else [])]:
        _write_sheet(wb.create_sheet(_sheet_name(sheet.title, taken)), sheet)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
