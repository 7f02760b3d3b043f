"""The tidy budget tables, asserting the decisions' own figures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.tables import budgets, financiers
from analysis.core import paths
from analysis.core.errors import DataError


@pytest.fixture(scope="module")
def lines() -> pd.DataFrame:
    return budgets.budget_lines()


def _sum(df: pd.DataFrame, **where) -> int:
    for col, value in where.items():
        df = df[df[col] == value]
    return int(df["amount_sek"].sum())


def test_ecs3_costs_per_year_and_in_all(lines):
    ecs3 = lines[(lines["project_id"] == "ECS3") & (lines["table"] == "cost")]
    assert ecs3.groupby("year")["amount_sek"].sum().to_dict() == {2018: 4_400_000, 2019: 4_400_000, 2020: 4_400_000}
    assert _sum(ecs3) == 13_200_000
    assert _sum(lines, project_id="ECS3", table="financing") == 13_200_000


def test_ecs3_financiers(lines):
    fin = lines[(lines["project_id"] == "ECS3") & (lines["table"] == "financing")]
    by = fin.groupby("category")["amount_sek"].sum().to_dict()
    assert by == {"ERUF": 6_600_000, "Region Uppsala": 600_000, "Region Örebro län": 1_500_000,
                  "Region Västmanland": 1_500_000, "Region Östergötland": 1_500_000, "Region Sörmland": 1_500_000}
    assert by["ERUF"] / 13_200_000 == 0.5
    sormland = fin[fin["category"] == "Region Sörmland"]
    assert set(sormland["label"]) == {"Regionförbundet Sörmland"} and set(sormland["county_code"]) == {"04"}


def test_real_oms_total_and_indirect_costs(lines):
    cost = lines[(lines["project_id"] == "REAL_OMS") & (lines["table"] == "cost")]
    assert _sum(cost) == 25_469_237
    wide = cost.pivot(index="year", columns="category", values="amount_sek")
    # indirect costs are the 40 % flat rate on staff costs, to the krona, every year
    assert (wide["indirect_costs"] == (wide["staff"] * 0.4).round().astype(int)).all()
    assert list(wide.index) == [2023, 2024, 2025, 2026, 2027]


def test_real_oms_financiers(lines):
    totals = budgets.budget_totals()
    real = totals[(totals["project_id"] == "REAL_OMS") & (totals["table"] == "financing")]
    stated = real.groupby("category")["stated_total_sek"].sum()
    assert stated["ERUF"] == 10_187_695
    assert stated["ERUF"] / 25_469_237 == pytest.approx(0.40, abs=5e-7)
    assert stated["Region Örebro län"] == 3_056_308
    assert stated["Region Örebro län"] / 25_469_237 == pytest.approx(0.12, abs=5e-7)
    # Sörmland and Uppsala: 3 056 308 each, across their two funding sources, as stated
    for region in ("Region Sörmland", "Region Uppsala"):
        mine = real[real["category"] == region]
        assert set(mine["funding_source"]) == {"appropriation_1_1", "regional_other"}
        assert stated[region] == 3_056_308
    # the cells themselves differ by rounding: Sörmland 1:1 sums to 1 948 741, stated 1 948 742
    row = real[real["label"] == "Region Sörmland 1:1 medel"].iloc[0]
    assert (row["stated_total_sek"], row["computed_total_sek"]) == (1_948_742, 1_948_741)
    upsala = real[real["label"] == "Region Upsala 1:1 medel"].iloc[0]
    assert (upsala["category"], upsala["county_code"]) == ("Region Uppsala", "03")


def test_budget_lines_keep_document_and_line(lines):
    row = lines[(lines["label"] == "Tillväxtverket ERUF") & (lines["year"] == 2024)].iloc[0]
    assert (row["document"], row["line"], row["amount_sek"]) == ("003_e1f4e7d84336dce7.txt", 194, 2_466_874)
    assert list(lines.columns) == ["project_id", "table", "label", "category", "county_code",
                                   "funding_source", "year", "amount_sek", "document", "line"]


def test_both_ecs3_extractions_give_identical_budget_lines():
    b = budgets.budget()
    keep = ["table", "label", "category", "county_code", "funding_source", "year", "amount_sek"]
    tab = budgets._tidy(b.decisions["000_5838ca1629de2de5.txt"], "ECS3", None, [])[0]
    space = budgets._tidy(b.decisions["001_ab629fffe3119f03.txt"], "ECS3", None, [])[0]
    assert pd.DataFrame(tab)[keep].equals(pd.DataFrame(space)[keep])
    assert {r["line"] for r in tab} != {r["line"] for r in space}


def test_projects():
    p = budgets.projects().set_index("project_id")
    assert p.at["ECS3", "applied_amount_sek"] == 1_500_000
    assert pd.isna(p.at["ECS3", "applied_share"])
    assert p.at["REAL_OMS", "applied_amount_sek"] == 3_056_308
    assert p.at["REAL_OMS", "applied_share"] == 0.12
    assert str(p.at["REAL_OMS", "start_date"].date()) == "2023-11-01"
    assert str(p.at["REAL_OMS", "end_date"].date()) == "2027-10-31"
    assert (p.at["ECS3", "months"], p.at["REAL_OMS", "months"]) == (36, 48)
    assert p.at["ECS3", "dnr"] == "17RS5764" and pd.isna(p.at["REAL_OMS", "dnr"])
    assert str(p.at["ECS3", "meeting_date"].date()) == "2017-10-23"
    assert p.at["REAL_OMS", "short_name"] == "REAL ÖMS"
    assert set(p["applicant"]) == {"Region Västmanland"}
    assert set(p["deciding_authority"]) == {"Region Örebro län"}


def test_months_per_year():
    real = budgets.months_per_year("REAL_OMS")
    assert real.set_index("year")["months"].to_dict() == {2023: 2, 2024: 12, 2025: 12, 2026: 12, 2027: 10}
    assert budgets.months_per_year("ECS3")["months"].tolist() == [12, 12, 12]
    with pytest.raises(KeyError):
        budgets.months_per_year("NOPE")


def test_project_targets():
    t = budgets.project_targets()
    assert t[["target_id", "value", "unit", "line"]].values.tolist() == [
        ["ECS3_1", 300.0, "företag", 61], ["ECS3_2", 8.0, "mkr", 63],
        ["ECS3_3", 300.0, "företag", 65], ["ECS3_4", 100.0, "företag", 67]]


def test_financier_register_and_resolution():
    reg = financiers.financiers()
    for alias in ["Region Örebro län 1:1", "Region Örebro län 1:1-medel", "Regionförbundet Sörmland",
                  "Region Sörmland 1:1 medel", "Region Sörmland Övriga medel", "Region Upsala 1:1 medel",
                  "Region Uppsala Övriga medel", "ERUF", "Tillväxtverket ERUF", "Region Västmanland"]:
        assert alias in set(reg["alias"]), alias
    assert "Misspelled" in reg.set_index("alias").at["Region Upsala 1:1 medel", "note"]
    f = financiers.resolve_financier("Region Upsala 1:1 medel")
    assert (f.financier, f.county_code, f.funding_source, f.via) == ("Region Uppsala", "03", "appropriation_1_1", "alias")
    f = financiers.resolve_financier("Tillväxtverket ERUF")
    assert (f.financier, f.kind, f.county_code, f.funding_source) == ("ERUF", "eu_fund", None, "erdf")
    # by rule, for other decisions of the genre
    f = financiers.resolve_financier("Region Kalmar län 1:1-medel")
    assert (f.financier, f.county_code, f.funding_source, f.via) == ("Region Kalmar län", "08", "appropriation_1_1", "rule")
    assert financiers.resolve_financier("Region Östergötland Övriga medel").funding_source == "regional_other"
    with pytest.raises(financiers.UnknownFinancier):
        financiers.resolve_financier("Stiftelsen Okänd")


# ---------------------------------------------------------------------------------- bad input

def _tree(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "documents"
    shutil.copytree(paths.RAW_DOCUMENTS, docs)
    return paths.REFERENCE / "documents.csv", docs


def _edit(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_unknown_financier(tmp_path):
    register, docs = _tree(tmp_path)
    _edit(docs / "000_5838ca1629de2de5.txt", 289, "Region Uppsala", "Stiftelsen Okänd")
    with pytest.raises(DataError, match=r"000_5838ca1629de2de5\.txt, rad 289: okänd finansiär 'Stiftelsen Okänd'"):
        budgets.build(register, docs)


def test_two_rows_for_the_same_financier_and_source(tmp_path):
    register, docs = _tree(tmp_path)
    _edit(docs / "003_e1f4e7d84336dce7.txt", 193, "Region Uppsala Övriga medel", "Region Uppsala 1:1-medel")
    with pytest.raises(DataError, match=r"003_e1f4e7d84336dce7\.txt, rad 193: dubbla rader: .*rad 192"):
        budgets.build(register, docs)


def test_unknown_cost_category(tmp_path):
    register, docs = _tree(tmp_path)
    _edit(docs / "000_5838ca1629de2de5.txt", 280, "Övriga kostnader", "Diverse")
    with pytest.raises(DataError, match=r"rad 280: okänd kostnadskategori 'Diverse'"):
        budgets.build(register, docs)


def test_larger_difference_is_a_validation_error_and_blocks_the_loaders(tmp_path):
    register, docs = _tree(tmp_path)
    _edit(docs / "000_5838ca1629de2de5.txt", 289, "\t600 000", "\t610 000")
    b = budgets.build(register, docs)
    errors = b.errors
    assert (errors["line"] == 289).any() and (errors["check"] == "row_total").any()
    assert "större än avrundning" in errors.iloc[0]["message"]


def test_extractions_that_disagree_are_a_validation_error(tmp_path):
    register, docs = _tree(tmp_path)
    _edit(docs / "001_ab629fffe3119f03.txt", 4, "Region Västmanland ansöker", "Region Uppsala ansöker")
    b = budgets.build(register, docs)
    bad = b.errors
    assert bad["check"].tolist() == ["extractions_agree"]
    assert "sökande" in bad.iloc[0]["message"]


def test_unregistered_document_is_reported_not_read(tmp_path):
    register, docs = _tree(tmp_path)
    shutil.copy(docs / "003_e1f4e7d84336dce7.txt", docs / "005_ny.txt")
    b = budgets.build(register, docs)
    assert any("005_ny.txt" in n and "inte i dokumentregistret" in n for n in b.notes)
    assert "005_ny.txt" not in set(b.lines["document"])


def test_register_layout_must_match_the_document(tmp_path):
    register, docs = _tree(tmp_path)
    text = register.read_text(encoding="utf-8").replace(
        "000_5838ca1629de2de5.txt,ECS3,ECS3,decision,tab-separated", "000_5838ca1629de2de5.txt,ECS3,ECS3,decision,space-separated")
    reg = tmp_path / "documents.csv"
    reg.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"documents\.csv, rad 2: 000_5838ca1629de2de5\.txt är registrerat som space-separated"):
        budgets.build(reg, docs)
