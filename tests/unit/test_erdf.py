"""ERUF as planned financing and REAL ÖMS's cap, against the decision texts (issue 15, point 5)."""

from __future__ import annotations

import pytest

from analysis.analyses.financing.erdf import applied_cap, erdf_status
from analysis.core.paths import RAW_DOCUMENTS
from analysis.narrative.financing_text import applied_cap_text, erdf_planned_text
from approved_text import approved, in_order

def plain(text: str) -> str:
    """Reader text with its non-breaking spaces as ordinary ones, for comparing wording."""
    return text.replace("\u00a0", " ")



def _line(document: str, number: int) -> str:
    return (RAW_DOCUMENTS / document).read_text(encoding="utf-8").splitlines()[number - 1]


def test_the_decisions_say_erdf_is_applied_for():
    s = erdf_status().set_index(["project_id", "line"])
    assert ("ECS3", 28) in s.index and ("REAL_OMS", 21) in s.index and ("REAL_OMS", 197) in s.index
    assert "fattas den 8 december 2023" in _line("003_e1f4e7d84336dce7.txt", 197)
    assert "ansöker också om medfinansiering" in _line("000_5838ca1629de2de5.txt", 28)
    text = erdf_planned_text(erdf_status())
    assert text.startswith(approved("projekten", "erdf_planned"))
    # line 197 cited by the decision and the section it stands in, not by file and line
    assert approved("kallhanvisningar", "quote", citation=approved(
        "kallhanvisningar", "decision_REAL_OMS_section", section="Kostnads- och finansieringsbudget"),
        quote="Beslut om medfinansiering från ERUF fattas den 8 december 2023") in text
    assert approved("kallhanvisningar", "decision_ECS3") in text and ".txt" not in text


def test_real_oms_cap_is_twelve_percent_of_the_budget():
    cap = applied_cap()
    assert (cap["share"], cap["cap_sek"], cap["total_sek"]) == (0.12, 3_056_308, 25_469_237)
    assert cap["line"] == 4 and "dock" in _line(cap["document"], 4)
    assert "3 056 308" in _line(cap["document"], 5)
    assert cap["share_of_budget_sek"] == pytest.approx(3_056_308.44)
    text = plain(applied_cap_text(cap))
    assert in_order(text, "12 %", "högst 3 056 308 kr", approved("kallhanvisningar", "so_it_says", citation=approved(
        "kallhanvisningar", "decision_REAL_OMS_section", section="Sammanfattning")))


def test_real_oms_against_the_oms_programme_2021_2027():
    from analysis.analyses.financing.erdf import programme_context
    from analysis.narrative.financing_text import programme_text

    c = programme_context()
    assert (c["eu_msek"], c["total_msek"]) == (595, 1488)  # Regeringskansliet, Nov 2022
    assert c["project_erdf_sek"] == 10_187_695  # 003 line 194
    assert c["share_of_eu"] == pytest.approx(10_187_695 / 595e6)
    text = plain(programme_text(c))
    assert "1,7 % av EU-medlen" in text and "595 mnkr i EU-medel av totalt 1 488 mnkr" in text
