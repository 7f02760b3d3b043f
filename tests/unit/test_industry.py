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
