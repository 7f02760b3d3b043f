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


def test_kalmar_is_compared_on_what_its_strategy_says():
    from analysis.analyses.kalmar import strategy_comparison

    c = strategy_comparison().set_index("aspect_id")
    assert c.at["styrmodell", "kalmar_text"] == "Prioriteringar;Utvecklingsplan;Handlingsplan"
    assert c.at["uppfoljning", "kalmar_lines"] == "49"  # ERUF villkor 3
    assert not c.at["arlig_revidering", "oms_says"]
    f = kalmar_facts()
    assert "styrmodell i tre steg" in f["comparison"] and "årlig revidering av planerna" in f["comparison"]
    assert "Verktyg för övervakning och utvärdering" in " ".join(f["table"]["Kalmars strategi säger"])


def test_a_misquoted_or_false_absence_stops_the_load(tmp_path, monkeypatch):
    import pytest

    from analysis.core.errors import DataError
    from analysis.tables import challenges

    text = challenges.KALMAR_COMPARISON_FILE.read_text(encoding="utf-8")
    for old, new, message in (
            (",49,Verktyg för övervakning", ",48,Verktyg för övervakning", "står inte på rad 48"),
            (",,,,revider,", ",,,,styrgrupp,", "'styrgrupp' står på rad")):
        f = tmp_path / "kalmar_comparison.csv"
        f.write_text(text.replace(old, new), encoding="utf-8")
        monkeypatch.setattr(challenges, "KALMAR_COMPARISON_FILE", f)
        challenges._kalmar_comparison.cache_clear()
        with pytest.raises(DataError, match=message):
            challenges.kalmar_comparison()
    challenges._kalmar_comparison.cache_clear()


def test_a_reference_table_citing_an_unregistered_document_names_file_row_and_document(
        tmp_path, monkeypatch):
    """A reference table cites a document that the document register does not hold (an
    evaluator's register without the decision it quotes: ECS3's two extractions left out): a Swedish error naming the table, its
    row and the document, not a KeyError when a chapter cites it."""
    import re

    import pytest

    from analysis.core.errors import DataError
    from analysis.sources.decisions import register
    from analysis.tables import challenges

    lines = register.REGISTER_FILE.read_text(encoding="utf-8").split("\n")
    for dropped, also, load, cache, where in (
            ("000_5838ca1629de2de5.txt", "001_", challenges.kalmar_comparison, challenges._kalmar_comparison,
             "kalmar_comparison.csv, rad 4"),
            ("002_f4f6798e12692ad7.txt", "002_", challenges.challenge_areas, challenges._challenge_areas,
             "challenge_areas.csv, rad 2")):
        f = tmp_path / f"documents-{dropped[:3]}.csv"
        f.write_text("\n".join(ln for ln in lines
                               if not ln.startswith((dropped, also))), encoding="utf-8")
        monkeypatch.setattr(register, "REGISTER_FILE", f)
        cache.cache_clear()
        try:
            with pytest.raises(DataError) as err:
                load()
        finally:
            cache.cache_clear()
        message = str(err.value)
        assert where in message, message
        assert re.search(rf"dokumentet {re.escape(dropped)} står inte i dokumentregistret", message)
