"""One rule decides which section a decision's line stands in (issue 24): the citations and the
results framework both take it from :mod:`analysis.sources.decisions.sections`."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.core.paths import RAW_DOCUMENTS
from analysis.sources.decisions import read_lines
from analysis.sources.decisions.sections import (SECTION_HEADINGS, document_section, headings,
                                                 section_heading)
from analysis.tables import goals

FIXTURES = Path(__file__).parents[1] / "fixtures" / "goals"
ECS3_DOC = "000_5838ca1629de2de5.txt"
OTHER_DOC = "001_ab629fffe3119f03.txt"
REAL_DOC = "003_e1f4e7d84336dce7.txt"
WORK_PACKAGES = "Utvecklingsaktiviteter för respektive samverkansområde"


def _csv(df) -> str:
    return df.to_csv(index=False, lineterminator="\n")


def test_the_framework_of_both_decisions_is_unchanged_byte_for_byte():
    """framework() (000 for ECS3, 003 for REAL ÖMS) as read before goals_parse used the shared
    heading rule (tests/fixtures/goals/README.md)."""
    assert _csv(goals.framework()) == (FIXTURES / "framework.csv").read_text(encoding="utf-8")


def test_the_second_ecs3_extraction_reads_the_same_framework_as_before():
    got = goals.parse_framework(RAW_DOCUMENTS / OTHER_DOC, "ECS3")
    assert _csv(got) == (FIXTURES / "framework_001.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("document, project", [(ECS3_DOC, "ECS3"), (OTHER_DOC, "ECS3"),
                                               (REAL_DOC, "REAL_OMS")])
def test_every_item_stands_in_the_section_the_shared_rule_gives_its_line(document, project):
    """The framework's ``section`` is the section of the heading nearest above the item's first
    line, by the same headings the citations use (commitments' sentences and numeric targets
    included)."""
    lines = read_lines(RAW_DOCUMENTS / document)
    found = headings(lines)
    items = goals.parse_framework(RAW_DOCUMENTS / document, project)
    for item in items[items["kind"] != "numeric_target"].itertuples():
        above = [h for h in found if h.line <= item.line_start][-1]
        assert above.section == item.section, item.item_id


def test_a_challenge_area_is_a_part_of_the_work_packages_section():
    found = {h.text: h for h in headings(read_lines(RAW_DOCUMENTS / ECS3_DOC))}
    smart = found["Smart industri"]
    assert (smart.line, smart.section, smart.is_part) == (133, WORK_PACKAGES, True)
    assert not found[WORK_PACKAGES].is_part and not found["Uppföljning"].is_part
    # a citation names the nearest heading, the part; the framework records its section
    assert document_section(RAW_DOCUMENTS / ECS3_DOC, 144) == "Smart industri"
    assert goals.framework().set_index("item_id").at["ECS3-AP4", "section"] == WORK_PACKAGES


def test_the_rule_reads_template_headings_wherever_they_stand_and_shapes_above_them():
    lines = ["Ett projekt i regionen", "", "Uppföljning", "Projektet följs upp varje år",
             "Projektmål", "Kort rad utan punkt", "", "Delområde", "", "Text."]
    found = headings(lines)
    # the title (a heading's shape, above every template heading) is a section of its own;
    # "Projektmål" counts though the line above it ends without a full stop (the template's word);
    # "Delområde" below a template heading is a part of that section
    assert [(h.line, h.text, h.section) for h in found] == [
        (1, "Ett projekt i regionen", "Ett projekt i regionen"), (3, "Uppföljning", "Uppföljning"),
        (5, "Projektmål", "Projektmål"), (8, "Delområde", "Projektmål")]
    assert section_heading(lines, 10) == "Delområde"
    assert list(goals.paragraphs(lines)["Projektmål"][i].text for i in range(3)) == [
        "Kort rad utan punkt", "Delområde", "Text."]
    assert goals.HEADINGS == SECTION_HEADINGS
