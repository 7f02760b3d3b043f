"""Kalmar as the named peer (issue 15, point 7), against the documents."""

from __future__ import annotations

from analysis.analyses.kalmar import KALMAR_DOCUMENT, documents_mentioning, kalmar_priorities
from analysis.core.paths import RAW_DOCUMENTS
from analysis.narrative.kalmar_text import kalmar_facts


def test_no_other_document_says_why_kalmar():
    assert documents_mentioning("Kalmar") == []
    assert "står inte i underlaget" in kalmar_facts()["why"]


def test_two_priorities_and_one_consultation_comment():
    k = kalmar_priorities().set_index("area")
    assert k["is_priority"].to_dict() == {"E-hälsa": True, "Industriell utveckling": True,
                                          "Digitalisering": False}
    lines = (RAW_DOCUMENTS / KALMAR_DOCUMENT).read_text(encoding="utf-8").splitlines()
    assert "E-HÄLSA" in lines[k.at["E-hälsa", "line"] - 1]
    assert "Resultat av samråd" in lines[75] and "digitalisering" in lines[k.at["Digitalisering", "line"] - 1]
    f = kalmar_facts()
    assert "två prioriteringar" in f["content"] and "synpunkt från samrådet" in f["content"]
    assert "pekar ut tre" not in f["content"]
