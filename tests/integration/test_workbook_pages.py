"""The workbook beside the pages holds exactly the tables the pages show, numbers as numbers.

Read as a reader does: every table caption on the rendered pages (the preview's and the real
Quarto book's, built once per test run and shared with the other report tests) against the
workbook's table sheets and its contents sheet (tests/workbook_pages.py; the check is shown to
fail on main's old workbook in tests/unit/test_workbook.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from analysis.pipeline.chapters import chapter_files
from analysis.present.workbook import CONTENTS_SHEET, WORKBOOK_NAME

from report_build import build_preview_once, build_quarto_once, quarto_available
from workbook_pages import page_captions, problems, workbook_captions


def _pages(out: Path) -> list[Path]:
    return [out / Path(name).with_suffix(".html").name for name in chapter_files()]


def _check(out: Path) -> None:
    workbook = out / WORKBOOK_NAME
    captions = page_captions(_pages(out))
    assert len(captions) >= 40  # every chapter's tables and figures
    assert problems(workbook, captions) == []
    wb = load_workbook(workbook)
    # the contents sheet lists every table sheet, with the caption as on the pages
    listed = [row for row in wb[CONTENTS_SHEET].iter_rows(min_row=5, values_only=True)
              if row[1] != "Bilaga"]
    assert [r[0] for r in listed] == wb.sheetnames[1:len(listed) + 1]
    assert len(listed) == len(workbook_captions(workbook))
    # a column the workbook gives a number format holds numbers in every filled cell
    for name in wb.sheetnames[1:]:
        ws = wb[name]
        for column in ws.iter_cols(min_row=8):
            if any(c.number_format != "General" for c in column):
                kinds = {c.data_type for c in column if c.value is not None}
                assert kinds <= {"n"}, f"{name}!{column[0].column_letter}: {kinds}"


def test_preview_workbook_holds_exactly_the_tables_on_the_pages(tmp_path_factory):
    _check(build_preview_once(tmp_path_factory))


def test_quarto_book_workbook_holds_exactly_the_tables_on_the_pages(tmp_path_factory):
    if not quarto_available():
        pytest.skip("Quarto finns inte; förhandsversionens arbetsbok testas ovan")
    _check(build_quarto_once(tmp_path_factory))


def test_shares_kronor_and_ranks_are_numbers_with_excel_formats(tmp_path_factory):
    wb = load_workbook(build_preview_once(tmp_path_factory) / WORKBOOK_NAME)
    formats = {}
    for name in wb.sheetnames[1:]:
        ws = wb[name]
        header = [c.value for c in ws[7]]
        for h, cell in zip(header, ws[8]):
            if isinstance(cell.value, (int, float)):
                formats.setdefault(h, set()).add(cell.number_format)
    assert "0.0%" in formats["Andel av finansieringen"]
    assert '#,##0 "kr"' in formats["Belopp"]
    assert formats["Plats bland länen"] == {"0"} and formats["Antal län"] == {"0"}
    assert any(f.startswith("+") for f in formats["Trend (procent av basårets nivå per år)"])
