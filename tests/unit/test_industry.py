"""Challenge areas mirrored with employment by industry (issue 15, point 10), against SCB RAMS."""

from __future__ import annotations

import pytest

from analysis.analyses.mirror.industry import industry_mirror
from analysis.narrative.industry_text import industry_text


def test_oms_shares_of_swedens_employment_2021():
    m = industry_mirror().set_index("section")
    # PROVENANCE: SE12's share of Sweden in 2021 was A 16.3 %, C 18.2 %, D 17.3 %
    assert m.at["A", "employed"] == 15711 and m.at["A", "employed_sweden"] == 96616
    assert m.at["A", "share_of_sweden"] == pytest.approx(0.163, abs=5e-4)
    assert m.at["C", "share_of_sweden"] == pytest.approx(0.182, abs=5e-4)
    assert m.at["D", "share_of_sweden"] == pytest.approx(0.173, abs=5e-4)
    text = industry_text(industry_mirror())
    assert "Life science, välfärdsteknik och e-hälsa kan inte speglas" in text
    assert "inte för län" in text


def test_the_text_never_calls_the_shares_shares_of_all_employment():
    """Brief point 10: the data stop at SNI G, so total employment is missing."""
    text = industry_text(industry_mirror()).replace("\u00a0", " ")
    assert "inom tillverkning (SNI C, ≈ smart industri) 18,2 %" in text
    assert "inte hur stor del av ÖMS sysselsättning" in text
    assert "bara näringsgrenarna A–G" in text and "det totala antalet förvärvsarbetande saknas" in text
    assert "vård och omsorg (SNI Q), där hälso- och sjukvården ingår" in text
    assert "av Sveriges förvärvsarbetande" not in text


def test_riket_population_2025_is_used_beside_2024_and_the_county_gap_said():
    from analysis.analyses.financing import riket_population_latest
    from analysis.narrative.financing_text import riket_population_note

    latest = riket_population_latest()
    # SCB press text 2026-02-24: 10 605 500 (rounded); 2024 in the county table 10 587 710
    assert (latest["year"], latest["value"]) == (2025, 10_605_500)
    assert (latest["previous_year"], latest["previous"]) == (2024, 10_587_710)
    assert latest["value"] - latest["previous"] == 17_790
    note = riket_population_note(latest).replace("\u00a0", " ")
    assert note == ("För 2025 finns bara rikets folkmängd i underlaget, inte länens: 10 605 500 den "
                    "31 december 2025 (avrundat till hundratal av SCB), +0,17 % mot 2024.")
