"""Challenge areas mirrored over time with employment by industry (issue 22, point 3), checked
against the SCB RAMS file read independently of the loader."""

from __future__ import annotations

import csv

import pytest

from analysis.analyses.mirror.industry import area_employment, area_summary, proxies
from analysis.core import paths
from analysis.narrative.industry_text import industry_facts
from approved_text import approved


def _raw() -> dict:
    with (paths.RAW_INDICATORS / "employment_nuts2_by_industry_AG.csv").open(encoding="utf-8") as fh:
        return {(r["nuts2_code"], int(r["year"]), r["industry_code"][-1], r["sex"]): float(r["value"])
                for r in csv.DictReader(fh)}


def _population(code: str, year: int) -> float:
    from analysis.core import regions
    from analysis.tables.indicators import indicators

    t = indicators()
    p = t[(t["indicator"] == "population") & (t["year"] == year)].set_index("county_code")["value"]
    if code == "SE":
        return p["00"]
    c = regions.counties()
    return p[c.loc[c["nuts2_code"] == code, "county_code"]].sum()


def test_every_area_has_a_proxy_or_says_why_not():
    p = proxies().set_index("area_id")
    assert p.at["oms_livsmedel", "sections"] == "A" and "mer än avsnitt A" in p.at["oms_livsmedel", "limits"]
    assert p.at["oms_life_science", "sections"] == ""
    assert "inget eget SNI-avsnitt" in p.at["oms_life_science", "limits"]


def test_levels_share_of_women_and_location_quotient_by_hand():
    raw = _raw()
    d = area_employment().set_index(["area_id", "code", "year"])
    assert sorted({y for _, _, y in d.index}) == sorted({y for _, y, _, _ in raw})  # years from the file
    r = d.loc[("oms_livsmedel", "SE12", 2021)]
    assert r["employed"] == raw[("SE12", 2021, "A", "total")] == 15_711
    women, men = raw[("SE12", 2021, "A", "women")], raw[("SE12", 2021, "A", "men")]
    assert r["share_women"] == pytest.approx(women / (women + men))
    lq = ((raw[("SE12", 2021, "A", "total")] / _population("SE12", 2021))
          / (raw[("SE", 2021, "A", "total")] / _population("SE", 2021)))
    assert r["lq"] == pytest.approx(lq)
    # 2020 has no women in section F for any region: F is not a proxy, the proxies have all years
    assert d.loc[("oms_smart_industri", "SE12", 2020), "employed"] == raw[("SE12", 2020, "C", "total")]


def test_summary_ranks_oms_among_the_eight_nuts2_regions():
    s = area_summary().set_index("area_id")
    raw = _raw()
    assert s.at["oms_smart_industri", "change"] == pytest.approx(
        raw[("SE12", 2021, "C", "total")] / raw[("SE12", 2016, "C", "total")] - 1)
    assert s.at["oms_energi", "n_regions"] == 8 and 1 <= s.at["oms_energi", "lq_rank"] <= 8


def test_the_text_names_proxies_limits_women_and_the_county_gap():
    text = industry_facts()["text"].replace("\u00a0", " ")
    assert approved("utmaningsomraden", "life_science_not_mirrored") in text
    assert "Kvinnorna var" in text and "Lokaliseringskvoten var" in text
    assert "Kvoten räknas mot befolkningen" in text
    assert approved("utmaningsomraden", "counties_not_shown") in text
    assert "2016–2021" in text


def test_riket_population_note_only_when_the_counties_lack_the_year():
    from analysis.analyses.financing import riket_population_latest
    from analysis.narrative.financing_text import riket_population_note
    from analysis.tables.indicators import indicators

    assert riket_population_latest() == {}  # the counties have 2025 (SCB, February 2026)
    assert riket_population_note({}) == ""
    without = indicators()
    without = without[~((without["indicator"] == "population") & (without["year"] == 2025))]
    latest = riket_population_latest(indicator_table=without)
    assert (latest["year"], latest["value"]) == (2025, 10_605_500)
    assert (latest["previous_year"], latest["previous"]) == (2024, 10_587_710)
    note = riket_population_note(latest).replace("\u00a0", " ")
    assert note.startswith(approved("finansiering", "riket_only", year="2025"))
