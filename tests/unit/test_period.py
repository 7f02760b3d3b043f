"""ECS3's decided period beside its reported end (issue 15, point 1), against the documents."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses.financing.period import period_comparison, reported_end
from analysis.core.errors import DataError
from analysis.core.paths import RAW_DOCUMENTS
from analysis.narrative.period_text import period_note, period_paragraph


def test_reported_end_is_the_regions_autumn_2023():
    end = reported_end()
    assert (end["season"], end["year"]) == ("hösten", 2023)
    assert str(end["earliest"]) == "2023-09-30" and str(end["latest"]) == "2023-11-30"
    assert "hösten 2023" in end["evidence"]
    line = (RAW_DOCUMENTS / end["document"]).read_text(encoding="utf-8").splitlines()[end["line"] - 1]
    assert "(ECS3) som avslutades hösten 2023" in line


def test_reported_end_refuses_an_unreadable_value():
    facts = pd.DataFrame({"item": ["ECS3 project end"], "value": ["late 2023"], "source": [""],
                          "url": [""], "evidence": [""], "_row": [2]})
    with pytest.raises(DataError, match="autumn"):
        reported_end(facts)


def test_period_comparison_against_the_decisions():
    cmp = period_comparison().set_index("period")
    d = cmp.loc["decided"]
    # ECS3 decision: 13 200 000 kr over 2018-01-01 – 2020-12-31
    assert (d["months"], d["total_sek"], bool(d["budget_known"])) == (36, 13_200_000, True)
    assert d["total_per_month_sek"] == pytest.approx(13_200_000 / 36)
    assert d["change_per_month"] == pytest.approx(0.447, abs=5e-4)  # the +44,7 % of the report
    # January 2018 to September 2023 is 69 months, to November 2023 71
    assert cmp.loc["reported_earliest", "months"] == 69
    assert cmp.loc["reported_latest", "months"] == 71
    assert not cmp.loc["reported_latest", "budget_known"]
    assert cmp.loc["reported_latest", "total_per_month_sek"] == pytest.approx(13_200_000 / 71)
    later = cmp["later_total_per_month_sek"].iloc[0]
    assert cmp.loc["reported_earliest", "change_per_month"] == pytest.approx(
        later / (13_200_000 / 69) - 1)


def test_the_texts_never_give_the_decided_period_alone():
    cmp, end = period_comparison(), reported_end()
    note = period_note(cmp, end).replace("\u00a0", " ")
    assert "beslutade period (2018-01-01 – 2020-12-31)" in note
    assert "hösten 2023" in note and "finns inte i underlaget" in note
    assert "69 till 71 månader" in note and "+177,4 % till +185,4 %" in note
    text = period_paragraph(cmp, end).plain.replace("\u00a0", " ")
    assert "+44,7 %" in text and "(Region Västmanlands webbsida ”Smart specialisering i Östra Mellansverige”)" in text


def test_a_regions_change_per_twelve_months_under_the_reported_end():
    from analysis.analyses.financing.period import rescaled_change

    cmp = period_comparison()
    # Region Uppsala: 600 000 kr in ECS3, 3 056 308 kr in REAL ÖMS (48 months)
    decided = (3_056_308 / 48 * 12) / (600_000 / 36 * 12) - 1
    lo, hi = rescaled_change(decided, cmp)
    assert lo == pytest.approx((3_056_308 / 48) / (600_000 / 69) - 1)
    assert hi == pytest.approx((3_056_308 / 48) / (600_000 / 71) - 1)


def test_the_summary_states_the_period_once_and_points_to_utveckling():
    """Issue 15, brief point 4: one short note on page one, not one after every finding."""
    from analysis.narrative.findings import summary
    from analysis.narrative.period_text import summary_note

    note = summary_note(period_comparison(), reported_end()).replace("\u00a0", " ")
    assert note.startswith("ECS3 jämförs med sin beslutade period (36 månader).")
    assert "hösten 2023" in note and "+177,4 % till +185,4 %" in note
    assert "Utveckling över tid" in note
    texts = " ".join(summary("SE12")["financing"]).replace("\u00a0", " ")
    assert "+44,7 % i löpande priser." in texts  # the per-month finding is still there
    assert "avslutades ECS3" not in texts and "69 till 71" not in texts
    assert not [t for t in summary("SE12")["financing"] if t != t.strip()]


def test_utveckling_shows_both_periods_side_by_side():
    """Brief point 3: the per-month figures show the decided period and the reported end."""
    from analysis.present.financing_figures import period_chart

    t = period_chart(measure="per_month").data
    assert t["Projekt och period"].tolist() == [
        "ECS3, beslutad period (36 mån.)", "ECS3, slut september 2023 (69 mån., samma budget)",
        "ECS3, slut november 2023 (71 mån., samma budget)", "REAL ÖMS (beslutad period)"]
    per_month = [x.replace("\u00a0", " ") for x in t["Budget per projektmånad"]]
    assert per_month == ["366 667 kr", "191 304 kr", "185 915 kr", "530 609 kr"]
    change = [x.replace("\u00a0", " ") for x in t["REAL ÖMS jämfört med perioden"]]
    assert change[:3] == ["+44,7 %", "+177,4 %", "+185,4 %"]
    r = period_chart(measure="regional_per_year").data
    col = "Regionernas medfinansiering per tolv projektmånader"
    assert [x.replace("\u00a0", " ") for x in r[col]][0] == "2 200 000 kr"  # 6,6 mnkr / 36 × 12
    assert [x.replace("\u00a0", " ") for x in r["REAL ÖMS jämfört med perioden"]][:3] == [
        "+73,7 %", "+232,8 %", "+242,5 %"]
