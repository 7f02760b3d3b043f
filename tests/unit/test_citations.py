"""Sources cited as the reader knows them (issue 16): decision, Dnr, section; never a file name."""

from __future__ import annotations

import pytest

import pandas as pd

from analysis.narrative import citations
from analysis.sources.decisions.sections import section_heading
from approved_text import approved

ECS3 = "000_5838ca1629de2de5.txt"
REAL = "003_e1f4e7d84336dce7.txt"


def test_section_is_the_nearest_heading_above_the_line():
    lines = ["Titel", "", "Sammanfattning", "", "Region X ansöker om 1 000 kr.", "",
             "Bakgrund", "Text som fortsätter", "på nästa rad utan punkt", "Kort rad", "",
             "Finansiering", "Offentlig finansiär 2023 2024 Totalt", "Region X 1 2 3"]
    assert section_heading(lines, 5) == "Sammanfattning"
    assert section_heading(lines, 3) == "Sammanfattning"  # a heading is its own section
    # "Kort rad" continues a sentence without a full stop: no heading
    assert section_heading(lines, 10) == "Bakgrund"
    # "Finansiering" right above a header row with years is the table's caption
    assert section_heading(lines, 14) == "Bakgrund"
    assert section_heading(["ingen rubrik här."], 1) is None


def test_section_reads_past_page_headers():
    lines = ["Uppföljning", "", "Första stycket.", "", "Tjänsteställe, handläggare", "X",
             "Projektforum", "2017-10-23", "Dnr: 1", "", "Andra stycket."]
    assert section_heading(lines, 11) == "Uppföljning"


def test_the_real_decisions_sections():
    assert citations.section(ECS3, 285) == "Kostnads- och finansieringsbudget"
    assert citations.section(ECS3, 242) == "Uppföljning"
    assert citations.section(REAL, 197) == "Kostnads- och finansieringsbudget"
    assert citations.section(REAL, 152) == "Uppföljning och resultatspridning"
    assert citations.section(REAL, None) is None


@pytest.mark.integration  # runs the pipeline for seconds: make test, not test-fast
def test_documents_are_cited_by_decision_dnr_and_section():
    assert citations.cite_document(ECS3, 285) == approved(
        "kallhanvisningar", "decision_ECS3_section", section="Kostnads- och finansieringsbudget")
    # REAL ÖMS's text has no Dnr and no Projektforum date
    assert citations.cite_document(REAL, 71) == approved(
        "kallhanvisningar", "decision_REAL_OMS_section", section="Projektmål")
    assert (citations.cite_document("002_f4f6798e12692ad7.txt", 37)
            == approved("kallhanvisningar", "challenge_areas_page"))
    assert citations.cite_source("004_8b1a78558345510c.txt") == approved("kallhanvisningar", "kalmar_strategy")


def test_several_items_are_cited_once_per_decision():
    rows = pd.DataFrame({"document": [ECS3, ECS3, REAL], "line_start": [242, 244, 71]})
    # once per decision, in the order of the rows, separated by semicolons
    assert citations.cite_items(rows) == "; ".join([
        approved("kallhanvisningar", "decision_ECS3_section", section="Uppföljning"),
        approved("kallhanvisningar", "decision_REAL_OMS_section", section="Projektmål")])
    rows = pd.DataFrame({"document": [ECS3, ECS3], "line_start": [61, 285]})
    assert citations.cite_items(rows) == approved(
        "kallhanvisningar", "decision_ECS3_sections", first="Projektmål",
        second="Kostnads- och finansieringsbudget")


def test_genitive_and_statistic():
    assert citations.genitive("Region Kalmar län") == "Region Kalmar läns"
    assert citations.genitive("ECS3") == "ECS3:s" and citations.genitive("Region Västmanland") == "Region Västmanlands"
    assert citations.genitive("Region Västmanlands") == "Region Västmanlands"
    assert citations.cite_statistic("SCB", "Folkmängd", "2025-03-01") == "SCB, Folkmängd (hämtad 2025-03-01)"


def test_a_projects_budget_tables_are_cited_by_their_decision_and_section():
    section = "Kostnads- och finansieringsbudget"  # the heading both budget tables stand under
    assert citations.cite_budget("ECS3") == approved("kallhanvisningar", "decision_ECS3_section",
                                                     section=section)
    assert citations.cite_budget("REAL_OMS") == approved("kallhanvisningar", "decision_REAL_OMS_section",
                                                         section=section)
    with pytest.raises(KeyError, match="NY har ingen budget i underlaget"):
        citations.cite_budget("NY")
