"""The report's workbook: one sheet per table with title, unit and source, real numbers."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.analyses import financing as fin
from analysis.core.formatting import NBSP
from analysis.present import financing_figures as figs
from analysis.present.workbook import Sheet, sheet_from_chart, write_workbook

import financing_frames as ff


@pytest.fixture(scope="module")
def contributions():
    return fin.regional_contributions(ff.budget_lines(), ff.STATED_TOTALS)


def test_workbook_sheets_carry_title_unit_source_and_real_numbers(tmp_path, contributions):
    chart = figs.contributions_chart(contributions, focus="03")
    sources = Sheet("Källor och årgångar",
                    pd.DataFrame({"Datamängd": ["population"], "Källa": ["SCB BE0101"],
                                  "Årgång": ["2025-04"]}), "Rapportens datakatalog", "–")
    path = write_workbook([sheet_from_chart(chart, "kronor"),
                           Sheet("Tabell: med / otillåtna [tecken]?", pd.DataFrame({"a": [1.5]}),
                                 "Egen beräkning")],
                          tmp_path / "oms-tabeller.xlsx", sources=sources)
    wb = load_workbook(path)
    assert wb.sheetnames[-1] == "Källor och årgångar"
    assert all(len(name) <= 31 for name in wb.sheetnames)
    ws = wb.worksheets[0]
    assert ws["A1"].value == "Regionernas bidrag till projekten"
    assert [ws["A2"].value, ws["B2"].value] == ["Enhet", "kronor"]
    assert ws["A3"].value == "Källa" and ws["B3"].value == chart.source
    headers = [c.value for c in ws[5]]
    amounts = [r[headers.index("Bidrag (kr)")] for r in ws.iter_rows(min_row=6, values_only=True)]
    assert all(isinstance(v, (int, float)) for v in amounts)  # numbers, not "600 000 kr"
    assert sorted(amounts) == sorted(float(v) for v in contributions["amount_sek"])
    text = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert not any(NBSP in t or t.endswith(" kr") for t in text)
    assert wb.worksheets[1]["A6"].value == 1.5
    last = wb["Källor och årgångar"]
    assert [c.value for c in last[5]] == ["Datamängd", "Källa", "Årgång"]
    assert [c.value for c in last[6]] == ["population", "SCB BE0101", "2025-04"]


def test_report_tables_offer_raw_twins():
    shown = figs.cofinancing_table()
    raw = figs.cofinancing_table(numbers=True)
    assert NBSP in shown["Bokförda kostnader"].iloc[0]
    assert raw["Bokförda kostnader (kr)"].dtype.kind == "f"
    assert raw["ERUF-andel (%)"].between(0, 100).all()
