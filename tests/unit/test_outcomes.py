"""Targets and outcomes: public money per target unit, the outcomes file, attainment."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses import outcomes
from analysis.core.errors import DataError

import financing_frames as ff

# ECS3's four numeric targets as budgets.project_targets() gives them (000_…txt lines 61–67)
TARGETS = pd.DataFrame({
    "project_id": ["ECS3"] * 4,
    "target_id": ["ECS3_1", "ECS3_2", "ECS3_3", "ECS3_4"],
    "description": ["300 företag får stöd",
                    "8 mkr i privata investeringar matchar offentligt stöd till innovations- "
                    "eller FoU-projekt", "300 företag får annat stöd än ekonomiskt",
                    "100 företag samarbetar för att stärka sin innovationskraft"],
    "value": [300.0, 8.0, 300.0, 100.0],
    "unit": ["företag", "mkr", "företag", "företag"],
    "document": [ff.ECS3_DOC] * 4,
    "line": [61, 63, 65, 67],
})


def _empty():
    return outcomes.read_outcomes()


def test_shipped_outcomes_file_is_empty_and_valid():
    df = outcomes.read_outcomes()
    assert list(df.columns) == outcomes.OUTCOME_COLUMNS
    assert df.empty  # no invented values


def test_public_money_per_target_unit_and_not_reported():
    t = outcomes.targets_with_outcomes(TARGETS, _empty(), ff.budget_lines(), ff.STATED_TOTALS)
    t = t.set_index("target_id")
    assert (t["public_funding_sek"] == 13_200_000).all()
    assert t.at["ECS3_1", "public_sek_per_unit"] == pytest.approx(44_000)
    assert t.at["ECS3_4", "public_sek_per_unit"] == pytest.approx(132_000)
    # 8 mkr of private investment: 1,65 public kronor per private krona
    assert t.at["ECS3_2", "public_sek_per_unit"] == pytest.approx(1.65)
    assert t.at["ECS3_2", "per_unit_label"] == "offentliga kronor per krona i målet"
    assert t.at["ECS3_2", "target_sek_per_public_sek"] == pytest.approx(8_000_000 / 13_200_000)
    assert pd.isna(t.at["ECS3_1", "target_sek_per_public_sek"])
    assert (t["status"] == "ej rapporterat").all()
    assert t["attainment"].isna().all()


def test_attainment_from_an_entered_value(tmp_path):
    f = tmp_path / "outcomes.csv"
    f.write_text(",".join(outcomes.OUTCOME_COLUMNS) + "\n"
                 "ECS3,ECS3_1,150,företag,2020-06-30,Lägesrapport 2 (test),,\n"
                 "ECS3,ECS3_1,330,företag,2021-03-31,Slutrapport (test),NN,\n",
                 encoding="utf-8")
    o = outcomes.read_outcomes(f)
    t = outcomes.targets_with_outcomes(TARGETS, o, ff.budget_lines(), ff.STATED_TOTALS)
    row = t.set_index("target_id").loc["ECS3_1"]
    assert row["achieved_value"] == 330 and row["attainment"] == pytest.approx(1.1)
    assert row["status"] == "uppnått" and row["source"] == "Slutrapport (test)"


def test_bad_outcome_rows_name_file_and_line(tmp_path):
    f = tmp_path / "outcomes.csv"
    header = ",".join(outcomes.OUTCOME_COLUMNS) + "\n"
    f.write_text(header + "ECS3,ECS3_1,många,företag,2020-06-30,Rapport,,\n",
                 encoding="utf-8")
    with pytest.raises(DataError, match=r"outcomes.csv, rad 2: kolumn 3 \(achieved_value\): utfallet 'många' är inget tal"):
        outcomes.read_outcomes(f)
    f.write_text(header + "ECS3,ECS3_1,1,företag,30/6 2020,Rapport,,\n",
                 encoding="utf-8")
    with pytest.raises(DataError, match=r"rad 2: kolumn 5 \(reported_date\): datumet '30/6 2020' ska skrivas ÅÅÅÅ-MM-DD"):
        outcomes.read_outcomes(f)
    f.write_text(header + "ECS3,ECS3_1,-3,företag,2020-06-30,Rapport,,\n",
                 encoding="utf-8")
    with pytest.raises(DataError, match=r"rad 2: kolumn 3 \(achieved_value\): utfallet '-3' är negativt"):
        outcomes.read_outcomes(f)
    f.write_text(header + "ECS3,unknown,3,företag,2020-06-30,Rapport,,\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"outcomes.csv, rad 2: kolumn 2 \(target_id\): utfall för okänt mål ECS3/unknown. Giltiga mål: "):
        outcomes.targets_with_outcomes(TARGETS, outcomes.read_outcomes(f), ff.budget_lines(),
                                       ff.STATED_TOTALS)


def test_money_units():
    assert outcomes.money_factor("mkr") == 1_000_000
    assert outcomes.money_factor("kr") == 1
    assert outcomes.money_factor("företag") is None


def test_hand_targets_match_the_real_loader():
    from analysis.tables import budgets

    real = budgets.project_targets()
    pd.testing.assert_frame_equal(real[TARGETS.columns].reset_index(drop=True),
                                  TARGETS, check_dtype=False)
    t = outcomes.targets_with_outcomes()  # defaults: real targets, shipped (empty) outcomes file
    assert (t["status"] == "ej rapporterat").all()
    assert t.set_index("target_id").at["ECS3_1", "public_sek_per_unit"] == pytest.approx(44_000)


def test_headers_as_an_evaluator_types_them_are_read(tmp_path):
    f = tmp_path / "outcomes.csv"
    f.write_text("Project ID,Target ID,Achieved Value, Unit ,Reported_Date,Source,Entered By,Comment\n"
                 "ECS3,ECS3_1,12,företag,2020-06-30,Slutrapport,Utvärderare,Första året\n", encoding="utf-8")
    df = outcomes.read_outcomes(f)
    assert list(df.columns[:8]) == outcomes.OUTCOME_COLUMNS
    assert df.loc[0, "unit"] == "företag" and df.loc[0, "achieved_value"] == 12


def test_a_swedish_header_keeps_its_letters_in_the_error(tmp_path):
    f = tmp_path / "outcomes.csv"
    f.write_text("projekt,mål,utfall\nECS3,ECS3_1,12\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"fel kolumner \['projekt', 'mål', 'utfall'\]"):
        outcomes.read_outcomes(f)


def test_primary_target_group_is_quoted_from_the_decision():
    g = outcomes.primary_target_group("ECS3")
    assert (g["document"], g["line"]) == ("000_5838ca1629de2de5.txt", 40)
    assert g["text"].startswith("Den primära målgruppen är de regionala innovationssystemens aktörer")
    assert outcomes.primary_target_group("REAL_OMS") is None


# --- outcomes file and assessment files reconciled --------------------------------------------

from analysis.core.paths import ROOT  # noqa: E402
from analysis.tables import assessment as asm  # noqa: E402

ASSESSMENT_FIXTURE = ROOT / "tests" / "fixtures" / "assessment"
OUTCOMES_FIXTURE = ROOT / "tests" / "fixtures" / "outcomes" / "outcomes.csv"


def _line(path, start: str) -> int:
    return next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if t.startswith(start))


def test_testdata_outcomes_and_assessment_agree_and_give_one_value_per_target():
    o = outcomes.read_outcomes(OUTCOMES_FIXTURE)
    assert o.attrs["lines"] == {0: 3, 1: 4, 2: 5}
    entries = asm.assessments(ASSESSMENT_FIXTURE)
    v = outcomes.achieved_values(o, entries, TARGETS).set_index("target_id")
    assert list(v.index) == ["ECS3_1", "ECS3_2", "ECS3_3", "ECS3_4"]
    # ECS3_1: 150 on 2020-12-31 in both files (TESTDATA) – accepted once, both named
    assert v.at["ECS3_1", "achieved_value"] == 150
    assert v.at["ECS3_1", "entered_in"] == "utfallsfilen och bedömningsfilen"
    a_line = _line(ASSESSMENT_FIXTURE / "ECS3.csv", "ECS3_1,")
    assert v.at["ECS3_1", "entries"] == ("tests/fixtures/outcomes/outcomes.csv, rad 4; "
                                         f"tests/fixtures/assessment/ECS3.csv, rad {a_line}")
    # ECS3_2: the outcomes file's 2 mkr (2021-03-31) is later than the assessment's 1 mkr
    assert (v.at["ECS3_2", "achieved_value"], v.at["ECS3_2", "entered_in"]) == (2, "utfallsfilen")
    assert v.at["ECS3_2", "reported_date"] == pd.Timestamp("2021-03-31")
    # ECS3_4: only in the assessment
    assert (v.at["ECS3_4", "achieved_value"], v.at["ECS3_4", "entered_in"]) == (80, "bedömningsfilen")
    t = outcomes.targets_with_outcomes(TARGETS, o, ff.budget_lines(), ff.STATED_TOTALS,
                                       entries).set_index("target_id")
    assert t.at["ECS3_1", "attainment"] == pytest.approx(0.5)
    assert t.at["ECS3_3", "status"] == "uppnått"          # 330 of 300 (TESTDATA)
    assert t.at["ECS3_2", "source"] == "TESTDATA: påhittad slutrapport"


def test_a_conflicting_pair_stops_naming_both_files_and_lines(tmp_path):
    text = OUTCOMES_FIXTURE.read_text(encoding="utf-8").replace("ECS3,ECS3_1,150,", "ECS3,ECS3_1,160,")
    f = tmp_path / "outcomes.csv"
    f.write_text(text, encoding="utf-8")
    a_line = _line(ASSESSMENT_FIXTURE / "ECS3.csv", "ECS3_1,")
    with pytest.raises(DataError, match=(
            rf"^outcomes\.csv, rad 4: uppnått värde för ECS3_1 den 2020-12-31: .*outcomes\.csv, rad 4 "
            rf"anger 160 företag, men tests/fixtures/assessment/ECS3\.csv, rad {a_line} anger 150 "
            r"företag\. Samma mål och datum ska ha samma värde i båda filerna")):
        outcomes.targets_with_outcomes(TARGETS, outcomes.read_outcomes(f), ff.budget_lines(),
                                       ff.STATED_TOTALS, asm.assessments(ASSESSMENT_FIXTURE))


def test_the_outcomes_file_can_be_moved_for_the_tests(monkeypatch):
    monkeypatch.setenv("OMS_OUTCOMES_FILE", "tests/fixtures/outcomes/outcomes.csv")
    assert outcomes.outcomes_file() == OUTCOMES_FIXTURE
    assert len(outcomes.outcomes()) == 3
    monkeypatch.delenv("OMS_OUTCOMES_FILE")
    assert outcomes.outcomes_file() == outcomes.OUTCOMES_FILE and outcomes.outcomes().empty
