"""The validation report: exactly the rounding differences written in the documents."""

from __future__ import annotations

import pandas as pd

from analysis.sources.decisions import rounding_tolerance
from analysis.tables import budgets, validation

REAL = "003_e1f4e7d84336dce7.txt"

# Worked out by hand from 003 (lines 186-195): each financing row's year cells against its
# "Totalt", and each year column of the eight rows against "Total finansiering" (line 195).
#   189 Sörmland 1:1:    78 332 + 471 873 + 483 198 + 494 795 + 420 543 = 1 948 741, states 1 948 742
#   191 Sörmland övriga: 44 520 + 268 189 + 274 625 + 281 216 + 239 015 = 1 107 565, states 1 107 566
#   192 Upsala 1:1:      83 345 + 502 067 + 514 117 + 526 456 + 447 453 = 2 073 438, states 2 073 437
#   193 Uppsala övriga:  39 508 + 237 995 + 243 707 + 249 556 + 212 106 =   982 872, states   982 871
#   195 columns: 2023 1 023 769 (states 1 023 770), 2024 6 167 184 (6 167 186), 2025 6 315 198
#       (6 315 197), 2026 6 466 765 (6 466 764), 2027 5 496 319 (5 496 320); row totals
#       3 × 3 056 308 + 1 948 742 + 1 107 566 + 2 073 437 + 982 871 + 10 187 695 = 25 469 235 (25 469 237)
EXPECTED_ROUNDING = {
    (189, "row_total", "Totalt", 1_948_742, 1_948_741),
    (191, "row_total", "Totalt", 1_107_566, 1_107_565),
    (192, "row_total", "Totalt", 2_073_437, 2_073_438),
    (193, "row_total", "Totalt", 982_871, 982_872),
    (195, "column_sum", "2023", 1_023_770, 1_023_769),
    (195, "column_sum", "2024", 6_167_186, 6_167_184),
    (195, "column_sum", "2025", 6_315_197, 6_315_198),
    (195, "column_sum", "2026", 6_466_764, 6_466_765),
    (195, "column_sum", "2027", 5_496_320, 5_496_319),
    (195, "column_sum", "Totalt", 25_469_237, 25_469_235),
}


def test_report_lists_exactly_the_rounding_differences_in_the_text():
    report = budgets.validation_report()
    assert set(report["severity"]) == {"rounding"}
    assert set(report["document"]) == {REAL}
    got = {(int(r.line), r.check, r.column, int(r.stated_sek), int(r.expected_sek))
           for r in report.itertuples()}
    assert got == EXPECTED_ROUNDING
    assert len(report) == len(EXPECTED_ROUNDING)


def test_every_stated_total_is_checked():
    checks = budgets.validation_checks()
    ecs3 = checks[checks["document"] == "000_5838ca1629de2de5.txt"]
    # 4 cost + 7 financing row totals; 2 sum rows × (3 years + total); cost vs financing 3 years + total
    assert ecs3["check"].value_counts().to_dict() == {
        "row_total": 11, "column_sum": 8, "cost_vs_financing": 4, "period_years": 1, "applied_amount": 1}
    assert set(ecs3["severity"]) == {"ok"}
    real = checks[checks["document"] == REAL]
    assert len(real[real["check"] == "row_total"]) == 3 + 9
    assert set(real.loc[real["check"] == "cost_vs_financing", "severity"]) == {"ok"}


def test_applied_amount_matches_the_deciding_regions_row():
    checks = budgets.validation_checks()
    applied = checks[checks["check"] == "applied_amount"].set_index("document")
    assert applied.at["000_5838ca1629de2de5.txt", "stated_sek"] == 1_500_000
    assert applied.at["000_5838ca1629de2de5.txt", "line"] == 285
    # 12 % of 25 469 237 = 3 056 308,44 kr; the ceiling 3 056 308 kr is the row 'Region Örebro län 1:1-medel'
    assert applied.at[REAL, "expected_sek"] == 3_056_308 and applied.at[REAL, "line"] == 186
    assert set(applied["severity"]) == {"ok"}


def test_extractions_agree_check():
    checks = budgets.validation_checks()
    agree = checks[checks["check"] == "extractions_agree"]
    assert agree[["document", "severity"]].values.tolist() == [["001_ab629fffe3119f03.txt", "ok"]]


def test_rounding_tolerance():
    # each of n amounts and the stated sum rounded to whole kronor: at most (n + 1) / 2 kr apart
    assert [rounding_tolerance(n) for n in (1, 3, 5, 8)] == [1, 2, 3, 4]


def test_severity_of_a_larger_difference():
    assert validation._severity(0, 3) == "ok"
    assert validation._severity(-2, 3) == "rounding"
    assert validation._severity(4, 3) == "error"
    assert isinstance(budgets.validation_report(), pd.DataFrame)
