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
    with pytest.raises(DataError, match="outcomes.csv, rad 2: utfallet 'många' är inget tal"):
        outcomes.read_outcomes(f)
    f.write_text(header + "ECS3,ECS3_1,1,företag,30/6 2020,Rapport,,\n",
                 encoding="utf-8")
    with pytest.raises(DataError, match="rad 2: datumet '30/6 2020' ska skrivas ÅÅÅÅ-MM-DD"):
        outcomes.read_outcomes(f)
    f.write_text(header + "ECS3,ECS3_1,-3,företag,2020-06-30,Rapport,,\n",
                 encoding="utf-8")
    with pytest.raises(DataError, match="rad 2: kolumnen achieved_value"):
        outcomes.read_outcomes(f)
    f.write_text(header + "ECS3,unknown,3,företag,2020-06-30,Rapport,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Utfall för okänt mål ECS3/unknown. Giltiga mål: "):
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
