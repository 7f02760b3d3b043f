"""The report's workbook: every table a chapter shows, recorded as shown, numbers as numbers.

The records (analysis.present.table_records) are made where a chapter displays a table or a
figure; the workbook (analysis.present.workbook) is assembled from exactly those records. The
check that the workbook holds the pages' tables (tests/workbook_pages.py) is shown to fail on
the workbook main wrote from its second, hand-kept list (a fixture).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.analyses import financing as fin
from analysis.core.formatting import NBSP
from analysis.present import display, table_records
from analysis.present import financing_figures as figs
from analysis.present.figures import chart_tables, interval, number, percent, rank, sek
from analysis.present.report_setup import table
from analysis.present.workbook import CONTENTS_SHEET, ChapterTables, write_workbook

import financing_frames as ff
from workbook_pages import problems, text_numbers

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "workbook"


@pytest.fixture(scope="module")
def contributions():
    return fin.regional_contributions(ff.budget_lines(), ff.STATED_TOTALS)


@pytest.fixture
def report_kernel(monkeypatch):
    """Display as in the report's own kernels (the preview), which name their chapter."""
    monkeypatch.setenv("OMS_REPORT_CHAPTER", "kapitel.qmd")
    display.configure("preview")
    yield
    display.configure("notebook")


def _shown_table():
    shown, _ = chart_tables({
        "Region": ["Uppsala", "Örebro"],
        "Belopp": sek([3056308, 1500000]),
        "Andel": percent([0.114, 0.12]),
        "Trend": number([0.9, -0.25], 2, signed=True),
        "Plats bland länen": rank([5, 9], [21, 21], header="Plats bland länen",
                                  of_header="Antal län"),
        "95 % konfidensintervall": interval([0.72, -1.2], [1.08, 0.03],
                                            header="95 % konfidensintervall"),
    })
    return shown


def test_a_shown_table_is_recorded_with_its_numbers_and_formats(report_kernel):
    shown = _shown_table()
    assert shown["Andel"].tolist() == [f"11,4{NBSP}%", f"12,0{NBSP}%"]  # the page: text
    assert shown["Plats bland länen"].tolist() == ["5 av 21", "9 av 21"]
    bundle = table(shown, "Bidrag per region", unit="kronor", source="Besluten")._repr_mimebundle_()
    rec = bundle[table_records.MIME]
    assert rec["kind"] == "table" and rec["caption"] == "Bidrag per region"
    assert (rec["unit"], rec["source"]) == ("kronor", "Besluten")
    cols = {c["header"]: c for c in rec["columns"]}
    assert cols["Region"]["kind"] == "text"
    assert cols["Belopp"]["values"] == [3056308.0, 1500000.0]
    assert cols["Belopp"]["format"] == '#,##0 "kr"'
    assert cols["Andel"]["values"] == [0.114, 0.12] and cols["Andel"]["format"] == "0.0%"
    assert cols["Trend"]["format"] == "+#,##0.00;-#,##0.00;#,##0.00"
    assert cols["Plats bland länen"]["values"] == [5, 9]
    assert cols["Antal län"]["values"] == [21, 21] and cols["Antal län"]["format"] == "0"
    assert cols["95 % konfidensintervall, nedre gräns"]["values"] == [0.72, -1.2]
    assert cols["95 % konfidensintervall, övre gräns"]["values"] == [1.08, 0.03]
    json.dumps(rec)  # a record is plain JSON


def test_a_figure_records_its_data_table_and_a_notebook_records_nothing(report_kernel,
                                                                        contributions):
    chart = figs.contributions_chart(contributions, focus="03")
    rec = display.chart_mimebundle(chart)[table_records.MIME]
    assert rec["kind"] == "figure" and rec["caption"] == "Regionernas bidrag till projekten"
    assert rec["source"] == chart.source
    cols = {c["header"]: c for c in rec["columns"]}
    assert sorted(cols["Bidrag"]["values"]) == sorted(float(v) for v in contributions["amount_sek"])
    display.configure("notebook")
    assert table_records.MIME not in display.chart_mimebundle(chart)


def test_under_quartos_own_engine_records_go_to_the_chapters_file(tmp_path, monkeypatch):
    monkeypatch.delenv("OMS_REPORT_CHAPTER", raising=False)
    monkeypatch.setenv("QUARTO_DOCUMENT_FILE", "mal.qmd")
    monkeypatch.setenv(table_records.RECORDS_ENV, str(tmp_path))
    display.configure("quarto", target="html")
    try:
        table_records.start_chapter("03", "quarto")
        path = tmp_path / "03" / "mal.json"
        assert json.loads(path.read_text(encoding="utf-8"))["tables"] == []  # a fresh chapter
        bundle = table(_shown_table(), "Första")._repr_mimebundle_()
        assert table_records.MIME not in bundle  # Quarto's engine gets Markdown only
        table(pd.DataFrame({"År": [2018], "Antal": [3]}), "Andra")._repr_mimebundle_()
        saved = json.loads(path.read_text(encoding="utf-8"))
        assert saved["focus"] == "03" and [t["caption"] for t in saved["tables"]] == ["Första",
                                                                                    "Andra"]
        assert table_records.read_chapter_records("03", "mal.qmd", tmp_path) == saved["tables"]
    finally:
        display.configure("notebook")


def test_the_workbook_holds_exactly_the_recorded_tables_as_numbers(tmp_path, report_kernel):
    shown = _shown_table()
    first = table(shown, "Bidrag per region")._repr_mimebundle_()[table_records.MIME]
    same = table(shown, "Bidrag per region")._repr_mimebundle_()[table_records.MIME]
    years = table(pd.DataFrame({"År": [2018, 2019], "Kronor": [1.5, 2.25]}),
                  "En tabell med ett mycket långt namn som inte får plats i en flik")
    second = years._repr_mimebundle_()[table_records.MIME]
    chapters = [ChapterTables("a.qmd", "Projekten", [first, same]),
                ChapterTables("b.qmd", "Finansiering", [second])]
    path = write_workbook(chapters, tmp_path / "oms-tabeller.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[0] == CONTENTS_SHEET and len(wb.sheetnames) == 4
    names = wb.sheetnames[1:]
    assert all(len(n) <= 31 for n in names) and len({n.lower() for n in names}) == 3
    contents = [[c.value for c in row] for row in wb[CONTENTS_SHEET].iter_rows(min_row=5)]
    assert [(r[0], r[1], r[2], r[3]) for r in contents] == [
        (names[0], "Tabell 1.1", "1 Projekten", "Bidrag per region"),
        (names[1], "Tabell 1.2", "1 Projekten", "Bidrag per region"),
        (names[2], "Tabell 2.1", "2 Finansiering",
         "En tabell med ett mycket långt namn som inte får plats i en flik")]
    ws = wb[names[0]]
    assert ws["A1"].value == "Tabell 1.1: Bidrag per region"
    header = [c.value for c in ws[7]]
    row = {h: c for h, c in zip(header, ws[8])}
    assert row["Belopp"].value == 3056308 and row["Belopp"].number_format == '#,##0 "kr"'
    assert row["Andel"].value == 0.114 and row["Andel"].number_format == "0.0%"
    assert row["Trend"].value == 0.9 and row["Trend"].number_format.startswith("+")
    assert row["Plats bland länen"].value == 5 and row["Antal län"].value == 21
    for h in header[1:]:
        assert all(r.data_type == "n" for r in ws[row[h].column_letter][7:]), h
    assert text_numbers(path) == []
    years_ws = wb[names[2]]
    assert [c.value for c in years_ws[8]] == [2018, 1.5] and years_ws["A8"].number_format == "0"


def test_csv_downloads_carry_the_shown_precision_not_float_artefacts():
    df = pd.DataFrame({"Andel (%)": [11.999999, 12.5], "Kronor": [0.1 + 0.2, 3.0]})
    text = display.csv_text(df)
    assert "11.999999" not in text and "0.30000000000000004" not in text
    assert "12.0" in text and "0.3" in text


def test_the_page_check_fails_on_mains_workbook_from_the_hand_kept_list():
    """main at 4519cec wrote the workbook from present/workbook_contents.py: 18 of the 48
    tables its pages showed were missing (all of Självvärdering), others under other titles, and
    shares, trends and ranks were text. The check sees it."""
    captions = json.loads((FIXTURES / "main-4519cec-page-captions.json").read_text("utf-8"))
    assert len(captions) == 48
    found = problems(FIXTURES / "main-4519cec-oms-tabeller.xlsx", captions)
    assert "saknas i arbetsboken: Tabell 6.8: Handlingsplan för svaga områden" in found
    assert any(p.startswith("tal som text: ") and "av 21" in p for p in found)
    assert any(p.startswith("tal som text: ") and "%" in p for p in found)


def test_plain_quarto_renders_workbook_is_assembled_from_the_recorded_chapters(tmp_path,
                                                                              monkeypatch):
    """What report/_finish.py does after plain ``quarto render report``."""
    from analysis.core.errors import DataError
    from analysis.pipeline.workbook_build import clear_records, finish_quarto_render

    monkeypatch.delenv(table_records.RECORDS_ENV, raising=False)
    monkeypatch.setenv("QUARTO_PROJECT_RENDER_ALL", "1")
    report = tmp_path / "report"
    report.mkdir()
    (report / "_quarto.yml").write_text("book:\n  chapters:\n    - a.qmd\n    - b.qmd\n",
                                        encoding="utf-8")
    for name, title in (("a.qmd", "Projekten"), ("b.qmd", "Metod")):
        (report / name).write_text(f"---\ntitle: {title}\n---\n\nText.\n", encoding="utf-8")
    rec = {"kind": "table", "caption": "Betygsskalan", "notes": [], "unit": "", "source": "",
           "columns": [{"header": "Betyg", "kind": "number", "format": "0", "values": [1, 2]}]}
    folder = report / table_records.RECORDS_DIR_NAME / "SE12"
    folder.mkdir(parents=True)
    (folder / "a.json").write_text(json.dumps({"focus": "SE12", "tables": []}), "utf-8")
    with pytest.raises(DataError, match="b.qmd"):  # a chapter's records missing: said, not skipped
        finish_quarto_render(tmp_path / "_book", report)
    (folder / "b.json").write_text(json.dumps({"focus": "SE12", "tables": [rec]}), "utf-8")
    path = finish_quarto_render(tmp_path / "_book", report)
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == [CONTENTS_SHEET, "T2.1 Betygsskalan"]
    assert wb["T2.1 Betygsskalan"]["A1"].value == "Tabell 2.1: Betygsskalan"
    assert wb["T2.1 Betygsskalan"]["B2"].value == "2 Metod"
    # a render of single chapters: the earlier render's tables are kept, a gap is no error
    monkeypatch.delenv("QUARTO_PROJECT_RENDER_ALL")
    clear_records(report)
    (folder / "a.json").unlink()
    assert finish_quarto_render(tmp_path / "_book", report) is None
    assert (folder / "b.json").exists()
    monkeypatch.setenv("QUARTO_PROJECT_RENDER_ALL", "1")
    clear_records(report)  # the pre-render step of the whole book: no earlier render's tables
    assert not (report / table_records.RECORDS_DIR_NAME).exists()


def test_control_characters_from_an_input_neither_fail_the_workbook_nor_vanish(tmp_path):
    rec = {"kind": "table", "caption": "Åtgärd\x07plan", "notes": [], "unit": "", "source": "",
           "columns": [{"header": "Åtgärd", "kind": "text", "format": None,
                        "values": ["ring\x0bupp [x]: *?/"]}]}
    path = write_workbook([ChapterTables("a.qmd", "Självvärdering", [rec])],
                          tmp_path / "oms-tabeller.xlsx")
    wb = load_workbook(path)
    ws = wb[wb.sheetnames[1]]
    assert ws["A1"].value == "Tabell 1.1: Åtgärd\ufffdplan"
    assert ws["A8"].value == "ring\ufffdupp [x]: *?/"
    assert len(wb.sheetnames[1]) <= 31 and not set("[]:*?/\\") & set(wb.sheetnames[1])
