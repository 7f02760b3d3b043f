"""One stated rule for the self-evaluation's weak areas (issue 21, point 2).

The expectations are read from the statistics themselves (the indicator table, ranked here by
hand), not from the sentences the report produces: the counties and measures the tables show as
last or in the bottom third must reach the action plan as candidates, whether or not anything is
rated, and the sentence that states the rule is written from the constants the code applies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import selfevaluation as se
from analysis.core.regions import county_codes, oms_county_codes
from analysis.narrative import selfevaluation_findings as sf
from analysis.tables import assessment as asm
from analysis.tables.indicators import indicators
from approved_text import approved, in_order


def _rank_among_counties(indicator: str, code: str, year: int) -> tuple[int, int]:
    """Place of ``code`` (1 = highest) among the 21 counties in the indicator table."""
    d = indicators()
    d = d[(d["indicator"] == indicator) & (d["year"] == year) & d["county_code"].isin(county_codes())]
    ordered = d.sort_values("value", ascending=False)["county_code"].tolist()
    return ordered.index(code) + 1, len(ordered)


def _growth_per_year(values: pd.Series) -> float:
    """Linear trend of a series as % of its first year's level per year."""
    y = values.to_numpy() / values.iloc[0] * 100
    return float(np.polyfit(values.index.to_numpy(dtype=float), y, 1)[0])


@pytest.fixture(scope="module")
def plan():
    entries = asm.assessments(asm.ASSESSMENT_DIR)  # the shipped files: nothing rated
    status = se.status_table(entries=entries)
    assert status["rating"].isna().all()
    return sf.weak_areas("SE12", status, entries)


def test_sodermanland_last_of_21_reaches_the_plan_unrated(plan):
    for indicator in ("grp_per_inhabitant_ksek", "rd_higher_education_per_inhabitant"):
        assert _rank_among_counties(indicator, "04", 2021) == (21, 21)
        assert f"SPEGLING-04-{indicator}" in set(plan["weak_id"])
    row = plan.set_index("weak_id").loc["SPEGLING-04-rd_higher_education_per_inhabitant"]
    assert row["origin"] == "spegling" and row["region"] == "04"
    assert "plats 21 av 21 län" in row["evidence"]


def test_every_oms_county_in_the_bottom_third_of_a_level_measure_is_a_candidate(plan):
    first, n = se.weak_rule()["bottom"]["län"]
    assert (first, n) == (15, 21)
    expected = set()
    for code in oms_county_codes():
        for indicator in se.WEAK_LEVELS:
            rank, total = _rank_among_counties(indicator, code, 2021)
            assert total == 21
            if rank >= first:
                expected.add(f"SPEGLING-{code}-{indicator}")
    found = {w for w in plan["weak_id"] if not w.endswith("_fixed")}
    assert expected <= found
    assert {"SPEGLING-04-grp_per_inhabitant_ksek", "SPEGLING-19-grp_per_inhabitant_ksek",
            "SPEGLING-18-innovation_index_reglab"} <= expected


def test_vastmanland_last_in_grp_growth_and_oms_behind_its_nuts2_peers(plan):
    from analysis.analyses import mirror

    rows = plan.set_index("weak_id")
    assert "plats 21 av 21 län" in rows.at["SPEGLING-19-grp_per_inhabitant_sek_fixed", "evidence"]
    # ÖMS's GRP per inhabitant at fixed prices grows more slowly than its NUTS 2 peers' average
    from analysis.analyses.mirror.nuts2_peers import nuts2_tidy

    fixed = nuts2_tidy()  # the NUTS 2 regions as sums of their counties (the mirror's table)
    fixed = fixed[fixed["indicator"] == "grp_per_inhabitant_sek_fixed"]
    peers = mirror.similar_regions("SE12").peers
    assert set(peers) <= {"SE11", "SE21", "SE22", "SE23", "SE31", "SE32", "SE33"}

    def growth(code):
        s = fixed[fixed["county_code"] == code].set_index("year")["value"].sort_index()
        return _growth_per_year(s.loc[2015:2020])

    gap = growth("SE12") - np.mean([growth(p) for p in peers])
    assert gap <= -se.GROWTH_GAP
    row = rows.loc["SPEGLING-SE12-grp_per_inhabitant_sek_fixed"]
    assert row["region"] == "SE12" and row["area"].startswith("Östra Mellansverige")
    # the evidence says how certain the gap is (it depends on the peers chosen)
    assert approved("spegling", "depends_on_peers") in row["evidence"]


def test_a_county_without_a_weak_measure_gets_none():
    # Östergötland: no level measure in 15–21 and growth within 0,5 of its peers
    for indicator in se.WEAK_LEVELS:
        assert _rank_among_counties(indicator, "05", 2021)[0] < 15
    assert se.mirror_weak_areas("05").empty


def test_the_stated_rule_is_the_rule_applied(monkeypatch):
    text = sf.weak_rule_text()
    assert text == approved("sjalvvardering", "weak_rule", county_places="15–21", nuts2_places="7–8", gap="0,5")
    monkeypatch.setattr(se, "BOTTOM_SHARE", 0.5)
    monkeypatch.setattr(se, "GROWTH_GAP", 1.5)
    text = sf.weak_rule_text()
    assert "plats 12–21" in text and "plats 5–8" in text and "minst 1,5 procentenheter" in text
    assert se.in_bottom_third(12, 21) and not se.in_bottom_third(11, 21)


def test_no_weak_areas_only_where_the_rule_finds_none(monkeypatch):
    empty = se.mirror_weak_areas("05")
    weak = sf.weak_areas("05", se.status_table(entries=asm.assessments(asm.ASSESSMENT_DIR)),
                         asm.assessments(asm.ASSESSMENT_DIR), empty)
    assert weak.empty
    text, n = sf._weak_text(weak, "Östergötlands län")
    assert n == 0 and "hittar inga" in text
