"""The evaluator's own files as Swedish office software writes them (issue 20, 25.3).

Every CSV encoding × separator × line ending Excel and LibreOffice write, quoted line breaks and
``#`` in cells, numbers typed the Swedish way, the Excel form written by ``bedomningsmall`` and
read back, every error naming file, (sheet,) row and column, dates up to today, and the
ratings' history.
"""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from analysis.analyses import outcomes
from analysis.analyses import selfevaluation as se
from analysis.core.csvfile import parse_number, read_records
from analysis.core.errors import DataError
from analysis.core.params import normalize_focus
from analysis.pipeline import assessment_form as form
from analysis.tables import assessment as asm
from analysis.tables import goals
from approved_text import in_order

ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16"]
SEPARATORS = [",", ";", "\t"]
NEWLINES = ["\n", "\r\n"]
EVIDENCE = "Lägesrapport #4 (ärende 2020/12)\nandra raden: ”citat”, semikolon; och tabb\tslut"
GOOD = {"rating": "3", "evidence": EVIDENCE, "source": "Dnr 1, s. 4 # bilaga", "date": "2019-06-30"}
TODAY = date(2026, 12, 6)


def _rows(pid: str, changes: dict[str, dict], extra=()) -> list[dict]:
    own = goals.framework()
    own = own[own["project_id"] == pid]
    rows = [{**dict.fromkeys(asm.COLUMNS, ""), "item_id": i, "goal": t}
            for i, t in zip(own["item_id"], own["title"])]
    for r in rows:
        r.update(changes.get(r["item_id"], {}))
    return rows + [{**dict.fromkeys(asm.COLUMNS, ""), **r} for r in extra]


def _csv(path: Path, rows: list[dict], *, encoding="utf-8", sep=",", newline="\n",
         columns=asm.COLUMNS, comment="# Självvärdering, sparad i ett kalkylprogram") -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator=newline)
    if comment:
        w.writerow([comment] + [""] * (len(columns) - 1))
    w.writerow(columns)
    w.writerows([r[c] for c in columns] for r in rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def _line(path: Path, item_id: str, sep=",") -> int:
    records, _ = read_records(path)
    return next(n for n, r in records if r[0] == item_id)


# --- CSV in every format ------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("sep", SEPARATORS)
@pytest.mark.parametrize("newline", NEWLINES)
def test_an_assessment_csv_in_every_format_is_read_whole(tmp_path, encoding, sep, newline):
    rows = _rows("ECS3", {"ECS3_1": {**GOOD, "achieved_value": "1\u00a0200"},
                          "ECS3_2": {**GOOD, "achieved_value": "1,5"},
                          "ECS3-D1": {**GOOD, "action": "Ny plan", "responsible": "Styrgruppen",
                                      "due": "2026-06"}})
    path = _csv(tmp_path / "ECS3.csv", rows, encoding=encoding, sep=sep, newline=newline)
    df = asm.read_assessment("ECS3", path, today=TODAY).set_index("item_id")
    assert df.at["ECS3_1", "achieved_value"] == 1200
    assert df.at["ECS3_2", "achieved_value"] == 1.5
    assert df.at["ECS3-D1", "evidence"] == EVIDENCE          # nothing after '#' or the break lost
    assert df.at["ECS3-D1", "source"] == "Dnr 1, s. 4 # bilaga"
    assert df.at["ECS3-D1", "due"] == "2026-06"
    assert df.at["ECS3-D1", "line"] == _line(path, "ECS3-D1")
    # the row after a cell with a line break keeps its own true line
    assert df.at["ECS3-D2", "line"] == df.at["ECS3-D1", "line"] + 2


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("sep", SEPARATORS)
def test_an_outcomes_csv_in_every_format_is_read_whole(tmp_path, encoding, sep):
    rows = [{"project_id": "ECS3", "target_id": "ECS3_2", "achieved_value": "1,5", "unit": "mkr",
             "reported_date": "2020-06-30", "source": "Lägesrapport #4 (ärende 2020/12)",
             "entered_by": "NN", "comment": "första raden\nandra raden"},
            {"project_id": "ECS3", "target_id": "ECS3_1", "achieved_value": "1 200", "unit": "företag",
             "reported_date": "2020-12-31", "source": "Slutrapport", "entered_by": "", "comment": ""}]
    path = _csv(tmp_path / "outcomes.csv", rows, encoding=encoding, sep=sep, newline="\r\n",
                columns=outcomes.OUTCOME_COLUMNS)
    df = outcomes.read_outcomes(path)
    assert df["achieved_value"].tolist() == [1.5, 1200.0]
    assert df.at[0, "source"] == "Lägesrapport #4 (ärende 2020/12)"   # not cut at '#'
    assert df.at[0, "comment"] == "första raden\nandra raden"
    assert df.attrs["lines"] == {0: 3, 1: 5}


def test_a_file_that_is_no_text_says_how_to_save_it(tmp_path):
    f = tmp_path / "outcomes.csv"
    f.write_bytes(b"project_id,target_id\n\x81\x8d\x8f\x90\x9d\n")
    with pytest.raises(DataError, match=r"outcomes.csv, rad 2: texten kan inte läsas .*CSV UTF-8"):
        outcomes.read_outcomes(f)


def test_an_unclosed_quote_names_the_file(tmp_path):
    f = tmp_path / "ECS3.csv"
    f.write_text(",".join(asm.COLUMNS) + '\nECS3-OM,"utan slut\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"ECS3.csv, rad \d+: kan inte läsas som CSV"):
        asm.read_assessment("ECS3", f, today=TODAY)


# --- Swedish numbers ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("1 200", 1200), ("1\u00a0200", 1200), ("1\u202f200", 1200), ("12 345 678", 12345678),
    ("1,5", 1.5), ("1 200,25", 1200.25), ("0", 0), ("-3", -3), ("\u22123", -3), ("1.5", 1.5),
    ("0.25", 0.25), (7, 7.0), (1.5, 1.5)])
def test_numbers_typed_the_swedish_way(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, why", [
    ("1.200", "tvetydigt"), ("12.500", "tvetydigt"), ("1,200.5", "både punkt och komma"),
    ("12 00", "grupper om tre"), ("många", "inget tal"), ("", "inget tal"), ("1.200.000", "inget tal")])
def test_ambiguous_or_wrong_numbers_say_why(text, why):
    with pytest.raises(ValueError, match=why):
        parse_number(text)


# --- outcome mistakes -----------------------------------------------------------------------------

def _outcome(tmp_path, **row) -> pd.DataFrame:
    base = {"project_id": "ECS3", "target_id": "ECS3_2", "achieved_value": "1,5", "unit": "mkr",
            "reported_date": "2020-06-30", "source": "Lägesrapport", "entered_by": "", "comment": ""}
    return _csv(tmp_path / "outcomes.csv", [base | row], columns=outcomes.OUTCOME_COLUMNS,
                comment="# utfall")


@pytest.mark.parametrize("row, message", [
    ({"target_id": "companies_supported"},
     r"outcomes.csv, rad 3: kolumn 2 \(target_id\): utfall för okänt mål ECS3/companies_supported"),
    ({"project_id": "NYTT"}, r"rad 3: kolumn 1 \(project_id\): utfall för okänt mål NYTT/"),
    ({"unit": "tkr"}, r"rad 3: kolumn 4 \(unit\): .*enheten 'tkr' men målet har 'mkr'"),
    ({"achieved_value": "-1"}, r"rad 3: kolumn 3 \(achieved_value\): utfallet '-1' är negativt"),
    ({"achieved_value": "1.200"}, r"rad 3: kolumn 3 \(achieved_value\): '1.200' är tvetydigt"),
    ({"reported_date": "2020-6-30"}, r"rad 3: kolumn 5 \(reported_date\)"),
    ({"source": ""}, r"rad 3: kolumn 6 \(source\): kolumnen source är tom"),
])
def test_outcome_mistakes_name_file_row_and_column(tmp_path, row, message):
    from analysis.tables.budgets import project_targets

    with pytest.raises(DataError, match=message):
        outcomes.check_against_targets(outcomes.read_outcomes(_outcome(tmp_path, **row)),
                                       project_targets())


def test_a_unit_in_another_case_is_the_same_unit(tmp_path):
    from analysis.tables.budgets import project_targets

    o = outcomes.read_outcomes(_outcome(tmp_path, unit="Mkr"))
    outcomes.check_against_targets(o, project_targets())     # no error: Mkr is mkr
    assert o.at[0, "achieved_value"] == 1.5


def test_outcomes_show_their_decimals():
    from analysis.core.formatting import decimals_of, format_number

    assert [decimals_of(v) for v in (1.5, 212, 0.125, 2.0)] == [1, 0, 3, 0]
    assert format_number(1.5, decimals_of(1.5)) == "1,5"


# --- dates ---------------------------------------------------------------------------------------

def test_dates_from_the_start_to_today_and_after_the_period_is_marked(tmp_path):
    path = _csv(tmp_path / "ECS3.csv", _rows("ECS3", {"ECS3-D1": {**GOOD, "date": "2023-10-15"}}))
    df = asm.read_assessment("ECS3", path, today=TODAY).set_index("item_id")
    assert df.at["ECS3-D1", "after_period"] and not df["after_period"].drop("ECS3-D1").any()
    with pytest.raises(DataError, match=r"kolumn 6 \(date\): datumet 2023-10-15 ligger i framtiden "
                                        r"\(i dag är det 2023-10-14\)"):
        asm.read_assessment("ECS3", path, today=date(2023, 10, 14))
    from analysis.narrative.assessment_text import after_period_sentence

    real = _csv(tmp_path / "REAL_OMS.csv", _rows("REAL_OMS", {}))
    status = se.status_table(entries=pd.concat([asm.read_assessment("ECS3", path, today=TODAY),
                                                asm.read_assessment("REAL_OMS", real, today=TODAY)]))
    # how many, which project, its decided period, the latest date
    assert in_order(after_period_sentence(status).split(".")[0], "Ett av betygen", "ECS3",
                    "efter den beslutade perioden", "2018–2020", "2023-10-15")


# --- history -------------------------------------------------------------------------------------

def test_a_goal_rated_on_several_dates_keeps_its_history(tmp_path):
    rows = _rows("ECS3", {"ECS3-D1": {**GOOD, "rating": "2", "date": "2019-01-31"}},
                 extra=[{"item_id": "ECS3-D1", **GOOD, "rating": "4", "date": "2020-06-30"},
                        {"item_id": "ECS3-D1", **GOOD, "rating": "3", "date": "2019-06-30"},
                        {"item_id": "ECS3-D2", **GOOD, "rating": "1", "date": "2019-06-30"}])
    path = _csv(tmp_path / "ECS3.csv", rows)
    e = asm.read_assessment("ECS3", path, today=TODAY)
    status = se.status_table(entries=e).set_index("item_id")
    assert status.at["ECS3-D1", "rating"] == 4                        # the latest counts
    assert status.at["ECS3-D2", "rating"] == 1                        # an extra row alone
    h = se.rating_history(e)
    d1 = h[h["item_id"] == "ECS3-D1"]
    assert d1["rating"].tolist() == [2, 3, 4]
    assert d1["change"].tolist() == ["ny", "höjt", "höjt"]
    assert d1["current"].tolist() == [False, False, True]
    from analysis.present.selfevaluation_tables import history_table

    t = history_table(h, "ECS3").set_index("Id")
    assert t.at["ECS3-D1", "Betyg över tid"] == "2 den 2019-01-31 → 3 den 2019-06-30 → 4 den 2020-06-30"
    # the same goal twice on one date is refused, naming both rows
    rows.append({**dict.fromkeys(asm.COLUMNS, ""), "item_id": "ECS3-D1", **GOOD, "rating": "1",
                 "date": "2019-06-30"})
    path = _csv(tmp_path / "ECS3.csv", rows)
    with pytest.raises(DataError, match=r"ECS3.csv, rad \d+: kolumn 6 \(date\): ECS3-D1 står redan "
                                        r"med datumet 2019-06-30 på rad \d+"):
        asm.read_assessment("ECS3", path, today=TODAY)


def test_the_testdata_history_is_shown(monkeypatch):
    from analysis.core import paths
    from analysis.narrative.assessment_text import history_sentence
    from analysis.present.selfevaluation_tables import evidence_table

    e = asm.assessments(paths.ROOT / "tests" / "fixtures" / "assessment")
    h = se.rating_history(e)
    om = h[h["item_id"] == "ECS3-OM"]
    assert om["rating"].tolist() == [2, 4] and om["change"].tolist() == ["ny", "höjt"]
    assert in_order(history_sentence(h), "Två mål", "mer än en gång", "höjdes", "ett mål",
                    "oförändrat", "ett mål.")
    ev = evidence_table(se.status_table(entries=e)).set_index("Id")
    assert in_order(ev.at["ECS3-PM", "Bedömt"], "2023-10-15", "TESTDATA", "efter", "2018–2020")
    assert ev.at["ECS3-OM", "Bedömt"] == "2020-12-31 av TESTDATA"
    assert ev.at["ECS3-PM", "Förbehåll"] == "TESTDATA: bedömt efter beslutad period"
    assert ev.at["ECS3-OM", "Förbehåll"] == "–"
    assert ev.at["ECS3-OM", "Underlag och källa"] == (
        "TESTDATA: påhittat underlag för betyg 4 (inte en riktig bedömning). "
        "Källa: TESTDATA: påhittad källa, tests/fixtures/assessment")
    assert ["Id", *ev.columns] == ["Id", "Mål", "Betyg", "Underlag och källa", "Bedömt", "Förbehåll"]
    assert len(ev) == len(goals.framework())        # every rated goal, once (its current rating)


# --- the Excel form -------------------------------------------------------------------------------

def _args(**kw):
    base = {"projekt": None, "ut": None, "skriv_over": False, "kontrollera": False, "csv": False}
    return argparse.Namespace(**(base | kw))


def _fill(path: Path, sheet: str, values: dict[str, dict], extra: list[dict] = ()) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    col = {k: header.index(v) + 1 for k, v in asm.LABELS.items()}
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}
    for item, vals in values.items():
        for k, v in vals.items():
            ws.cell(rows[item], col[k], v)
    free = max(rows.values()) + 1
    for n, vals in enumerate(extra):
        for k, v in vals.items():
            ws.cell(free + n, col[k], v)
    wb.save(path)


def test_the_form_has_a_sheet_per_registered_project_locked_goals_and_drop_downs(tmp_path, capsys):
    from openpyxl import load_workbook

    assert form.run(_args(ut=tmp_path)) == 0
    book = tmp_path / asm.WORKBOOK_NAME
    wb = load_workbook(book)
    assert wb.sheetnames == [asm.INSTRUCTIONS_SHEET, *goals.project_ids()]
    ws = wb["ECS3"]
    items = goals.framework()
    own = items[items["project_id"] == "ECS3"]
    assert [ws.cell(r, 1).value for r in range(2, len(own) + 2)] == own["item_id"].tolist()
    assert ws.cell(2, 2).value == f"{own.iloc[0]['kind_label']}: {own.iloc[0]['text']}"
    assert ws.cell(2, 3).value == goals.cite(own.iloc[0])
    assert ws.protection.sheet
    assert ws.cell(2, 1).protection.locked and ws.cell(2, 2).protection.locked
    assert not ws.cell(2, 4).protection.locked                      # the rating is typed
    assert not ws.cell(len(own) + 2, 1).protection.locked           # a spare row takes an id
    kinds = {(d.type, d.formula1) for d in ws.data_validations.dataValidation}
    assert ("list", '"1,2,3,4"') in kinds
    assert ("date", "DATE(2018,1,1)") in kinds
    text = " ".join(str(c.value) for row in wb[asm.INSTRUCTIONS_SHEET] for c in row if c.value)
    assert "Välj 1–4" in text and "Ny bedömning" in text and "uppnått" in text
    # nothing entered: every project reads as not assessed
    e = asm.assessments(tmp_path, today=TODAY)
    assert e["rating"].isna().all() and set(e["project_id"]) == set(goals.project_ids())


@pytest.mark.integration  # writes and reads workbooks: make test, not test-fast
def test_the_form_round_trips_typed_cells(tmp_path):
    form.run(_args(ut=tmp_path))
    book = tmp_path / asm.WORKBOOK_NAME
    _fill(book, "ECS3", {
        "ECS3_2": {"rating": 2, "evidence": EVIDENCE, "source": "Dnr 1", "date": datetime(2020, 6, 30),
                   "achieved_value": 1.5, "comment": "förbehåll", "assessed_by": "NN"},
        "ECS3_1": {"rating": "3", "evidence": "x", "source": "y", "date": "2020-12-31",
                   "achieved_value": "1 200", "action": "a", "responsible": "b", "due": "2026-06"}},
        extra=[{"item_id": "ECS3_2", "rating": 3, "evidence": "senare", "source": "Slutrapport",
                "date": datetime(2023, 10, 15), "achieved_value": 9}])
    e = asm.assessments(tmp_path, today=TODAY)
    ecs = e[e["project_id"] == "ECS3"]
    two = ecs[ecs["item_id"] == "ECS3_2"].sort_values("date")
    assert two["rating"].tolist() == [2, 3] and two["achieved_value"].tolist() == [1.5, 9.0]
    assert two["evidence"].iloc[0] == EVIDENCE and two["after_period"].tolist() == [False, True]
    one = ecs[ecs["item_id"] == "ECS3_1"].iloc[0]
    assert one["achieved_value"] == 1200 and one["due"] == "2026-06"
    assert "fliken ECS3" in one["file"]
    status = se.status_table(entries=e).set_index("item_id")
    assert status.at["ECS3_2", "rating"] == 3


@pytest.mark.parametrize("cells, message", [
    ({"rating": 7, "evidence": "x", "source": "y", "date": datetime(2019, 1, 1)},
     r"kolumn D \(Betyg \(1–4\)\): betyget '7' finns inte på skalan"),
    ({"rating": 3, "evidence": "x", "source": "y", "date": datetime(2099, 1, 1)},
     r"kolumn G \(Datum \(bedömningen avser\)\): datumet 2099-01-01 ligger i framtiden"),
    ({"rating": 3, "evidence": "x", "source": "y"}, r"kolumn G \(Datum \(bedömningen avser\)\): betyget 3 saknar date"),
    ({"rating": 3, "evidence": "x", "source": "y", "date": datetime(2019, 1, 1), "achieved_value": "1.200"},
     r"kolumn H \(Uppnått värde\): '1.200' är tvetydigt"),
    ({"action": "gör"}, r"kolumn O \(Ansvarig\): åtgärden är inte komplett"),
])
@pytest.mark.integration  # writes and reads workbooks: make test, not test-fast
def test_every_error_in_the_form_names_file_sheet_row_and_column(tmp_path, cells, message):
    form.run(_args(ut=tmp_path))
    book = tmp_path / asm.WORKBOOK_NAME
    _fill(book, "ECS3", {"ECS3_1": cells})
    from openpyxl import load_workbook

    row = next(r for r in range(2, 200) if load_workbook(book)["ECS3"].cell(r, 1).value == "ECS3_1")
    with pytest.raises(DataError, match=rf"bedomning.xlsx, fliken ECS3, rad {row}: {message}"):
        asm.assessments(tmp_path, today=TODAY)
    assert form.run(_args(ut=tmp_path, kontrollera=True)) == 1


def test_an_unknown_id_in_a_spare_row_and_a_broken_workbook(tmp_path):
    form.run(_args(ut=tmp_path))
    book = tmp_path / asm.WORKBOOK_NAME
    _fill(book, "ECS3", {}, extra=[{"item_id": "ECS3-D99", "rating": 3}])
    with pytest.raises(DataError, match=r"fliken ECS3, rad \d+: kolumn A \(Mål-id\): okänt mål 'ECS3-D99'"):
        asm.assessments(tmp_path, today=TODAY)
    book.write_bytes(b"not a workbook")
    with pytest.raises(DataError, match=r"bedomning.xlsx: kan inte läsas som Excel-arbetsbok"):
        asm.assessments(tmp_path, today=TODAY)


@pytest.mark.integration  # writes and reads workbooks: make test, not test-fast
def test_the_command_adds_a_missing_project_and_leaves_entries_alone(tmp_path, capsys):
    assert form.run(_args(ut=tmp_path, projekt=["ECS3"])) == 0
    book = tmp_path / asm.WORKBOOK_NAME
    _fill(book, "ECS3", {"ECS3-OM": {"rating": 4, "evidence": "x", "source": "y",
                                     "date": datetime(2020, 1, 1)}})
    capsys.readouterr()
    assert form.run(_args(ut=tmp_path)) == 0                 # writes the missing one
    out = capsys.readouterr().out
    assert "fliken ECS3: finns redan, lämnas orörd" in out and "fliken REAL_OMS: mall skriven" in out
    e = asm.assessments(tmp_path, today=TODAY)
    assert e.loc[e["item_id"] == "ECS3-OM", "rating"].tolist() == [4]
    assert form.run(_args(ut=tmp_path, skriv_over=True, projekt=["ECS3"])) == 1
    assert "innehåller bedömningar" in capsys.readouterr().out
    assert form.run(_args(ut=tmp_path, projekt=["NYTT"])) == 2
    assert capsys.readouterr().out.startswith("Fel: okänt projekt NYTT; projekten i dokumentregistret")


def test_the_csv_templates_are_still_written_and_only_where_missing(tmp_path, capsys):
    assert form.run(_args(ut=tmp_path, csv=True, projekt=["ECS3"])) == 0
    assert (tmp_path / "ECS3.csv").read_text(encoding="utf-8") == asm.template("ECS3")
    assert form.run(_args(ut=tmp_path, csv=True)) == 0
    out = capsys.readouterr().out
    assert "ECS3.csv: finns redan, lämnas orörd" in out and "REAL_OMS.csv: mall skriven" in out
    assert form.run(_args(ut=tmp_path, kontrollera=True)) == 0


def test_entries_in_both_the_workbook_and_a_csv_are_refused(tmp_path):
    form.run(_args(ut=tmp_path))
    _fill(tmp_path / asm.WORKBOOK_NAME, "ECS3", {"ECS3-OM": {"rating": 4, "evidence": "x",
                                                             "source": "y", "date": "2020-01-01"}})
    _csv(tmp_path / "ECS3.csv", _rows("ECS3", {"ECS3-OM": GOOD}))
    with pytest.raises(DataError, match="både ECS3.csv och fliken ECS3 i bedomning.xlsx har bedömningar"):
        asm.assessments(tmp_path, today=TODAY)


def test_the_command_line_speaks_swedish(capsys):
    from analysis.pipeline.cli import main

    assert main(["bedomningsmall", "--projekt", "XYZ", "--kontrollera"]) == 2
    assert "Fel: okänt projekt XYZ" in capsys.readouterr().out


# --- the notebooks' focus ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, code", [(18, "18"), (3, "03"), ("18", "18"), ("SE12", "SE12"),
                                         ("ÖMS", "SE12")])
def test_a_focus_from_papermill_is_read_as_the_report_reads_it(value, code):
    assert normalize_focus(value) == code


@pytest.mark.parametrize("value", [1, 8, 180, True, 18.0, "3"])
def test_a_focus_that_is_no_oms_county_is_refused(value):
    from analysis.core.errors import ParameterError

    with pytest.raises(ParameterError, match="Ogiltigt värde för parametern focus"):
        normalize_focus(value)


def test_the_notebooks_read_the_focus_with_the_reports_rule():
    """papermill passes ``-p focus 18`` as the int 18: each notebook with a focus reads it with
    ``normalize_focus`` (run here as papermill would: parameters, the injected value, the set-up
    cell's focus line)."""
    import json

    from analysis.core import paths

    for name in ("03-finansiering", "04-spegling", "05-sjalvvardering"):
        nb = json.loads((paths.ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
        code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
        assert "focus" in code[0]
        line = next(x for x in code[1].splitlines() if x.startswith("focus = normalize_focus(focus)"))
        ns: dict = {}
        exec("from analysis.core.params import normalize_focus\nfocus = 18\n" + line, ns)  # noqa: S102
        assert ns["focus"] == "18", name


def test_an_outcome_of_one_and_a_half_mkr_is_shown_as_written(tmp_path):
    """Mål och uppföljning's table showed 1,5 mkr as '2 mkr'."""
    import financing_frames as ff
    from test_outcomes import TARGETS

    from analysis.present import financing_figures as figs

    o = outcomes.read_outcomes(_outcome(tmp_path))                  # ECS3_2: 1,5 mkr
    t = outcomes.targets_with_outcomes(TARGETS, o, ff.budget_lines(), ff.STATED_TOTALS,
                                       entries=asm.read_assessment(
                                           "ECS3", _csv(tmp_path / "ECS3.csv", _rows("ECS3", {})),
                                           today=TODAY))
    cell = [v for v in figs.targets_table(t)["Utfall"] if "mkr" in v]
    assert cell == ["1,5\u00a0mkr"]


@pytest.mark.parametrize("encoding, sep", [("cp1252", ";"), ("utf-16", "\t"), ("utf-8-sig", ",")])
def test_a_form_sheet_saved_as_csv_is_read(tmp_path, encoding, sep):
    """'Spara som CSV' of the form's sheet: Swedish headers and the locked reference column."""
    from openpyxl import load_workbook

    form.run(_args(ut=tmp_path))
    book = tmp_path / asm.WORKBOOK_NAME
    _fill(book, "ECS3", {"ECS3_2": {"rating": 3, "evidence": EVIDENCE, "source": "Dnr 1",
                                    "date": "2020-06-30", "achieved_value": "1,5"}})
    ws = load_workbook(book)["ECS3"]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerows([("" if v is None else v) for v in row] for row in ws.iter_rows(values_only=True)
                if any(v is not None for v in row))
    path = tmp_path / "x" / "ECS3.csv"
    path.parent.mkdir()
    path.write_bytes(buf.getvalue().encode(encoding))
    df = asm.read_assessment("ECS3", path, today=TODAY).set_index("item_id")
    assert df.at["ECS3_2", "achieved_value"] == 1.5 and df.at["ECS3_2", "evidence"] == EVIDENCE
    bad = buf.getvalue().replace("Betyg (1–4)", "Betyget", 1)
    path.write_bytes(bad.encode(encoding))
    with pytest.raises(DataError, match=r"ECS3.csv, rad 1: kolumn 4: okänd rubrik 'Betyget'"):
        asm.read_assessment("ECS3", path, today=TODAY)


def test_excels_sep_line_sets_the_separator_and_lines_stay_true(tmp_path):
    f = tmp_path / "outcomes.csv"
    f.write_bytes(("sep=;\r\n" + ";".join(outcomes.OUTCOME_COLUMNS) + "\r\n"
                   "ECS3;ECS3_1;12;företag;2020-06-30;Rapport, s. 3;;\r\n").encode("cp1252"))
    df = outcomes.read_outcomes(f)
    assert df.at[0, "source"] == "Rapport, s. 3" and df.attrs["lines"] == {0: 3}


@pytest.mark.integration  # writes and reads workbooks: make test, not test-fast
def test_a_newly_registered_project_gets_its_sheet_and_is_read(tmp_path, monkeypatch, capsys):
    """A third decision in the register: ``--projekt`` accepts its id, its sheet is added to the
    existing form (the others untouched) and its entries are checked against its own period."""
    items = goals.framework()
    new = items[items["project_id"] == "REAL_OMS"].copy()
    new["project_id"] = "NYTT_2025"
    new["item_id"] = new["item_id"].str.replace("REAL_OMS", "NYTT_2025", regex=False)
    both = pd.concat([items, new], ignore_index=True)
    real_period = asm._period
    from analysis.tables import goals_parse

    for module in (goals, goals_parse):  # goals re-exports what goals_parse defines and uses
        monkeypatch.setattr(module, "framework", lambda: both.copy())
    monkeypatch.setattr(asm, "_period", lambda pid: (date(2025, 1, 1), date(2028, 12, 31))
                        if pid == "NYTT_2025" else real_period(pid))
    assert form.run(_args(ut=tmp_path, projekt=["ECS3"])) == 0
    assert form.run(_args(ut=tmp_path, projekt=["NYTT_2025"])) == 0
    assert "fliken NYTT_2025: mall skriven" in capsys.readouterr().out
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / asm.WORKBOOK_NAME).sheetnames == [
        asm.INSTRUCTIONS_SHEET, "ECS3", "NYTT_2025"]
    _fill(tmp_path / asm.WORKBOOK_NAME, "NYTT_2025",
          {"NYTT_2025-D1": {"rating": 2, "evidence": "x", "source": "y", "date": "2024-12-31"}})
    with pytest.raises(DataError, match=r"fliken NYTT_2025, rad 4: kolumn G .*före projektets start 2025-01-01"):
        asm._read_source("NYTT_2025", asm.entry_source("NYTT_2025", tmp_path), None, TODAY)
