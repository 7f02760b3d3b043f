"""Spegling: ranks, standardisation, similar regions, clustering, trends, NUTS 2 view."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.analyses import mirror
from analysis.core import paths, regions
from analysis.core.errors import ParameterError
from analysis.narrative.mirror_text import growth_statement
from analysis.tables.indicators import indicators
from approved_text import approved, in_order


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return mirror.with_oms_aggregates(indicators())


def _raw_population() -> pd.DataFrame:
    # Independent of the loader: the raw file as published.
    files = ("population_county.csv", "population_county_2025.csv")
    raw = pd.concat([pd.read_csv(paths.RAW_INDICATORS / f, dtype={"county_code": str})
                     [["county_code", "year", "value"]] for f in files], ignore_index=True)
    return raw[raw["county_code"] != "00"]


def _toy() -> pd.DataFrame:
    """21 counties with simple values; ÖMS and Riket rows for one indicator."""
    codes = regions.county_codes()
    rows = []
    for i, code in enumerate(codes):
        for year in (2019, 2020, 2021):
            rows.append((code, year, "a", float(i + 1) * (1 + 0.01 * (year - 2019)), "kr"))
            rows.append((code, year, "b", float((i * 7) % 21) + 0.5 * (year - 2019), "kr"))
            rows.append((code, year, "c", float(i % 5), "kr"))
    rows += [("SE12", y, "a", 10.0 + y - 2019, "kr") for y in (2019, 2020, 2021)]
    rows += [("SE12", y, "b", 3.0, "kr") for y in (2019, 2020, 2021)]
    rows += [("00", y, "a", 11.0, "kr") for y in (2019, 2020, 2021)]
    df = pd.DataFrame(rows, columns=["county_code", "year", "indicator", "value", "unit"])
    df["source"], df["vintage"] = "test", "v1"
    return df


# --------------------------------------------------------------------------- ranks, percentiles


def test_uppsala_population_rank_2023_matches_raw_file(real):
    raw = _raw_population()
    y2023 = raw[raw["year"] == 2023].set_index("county_code")["value"]
    expected_rank = int((y2023 > y2023["03"]).sum()) + 1
    expected_pct = 100 * (y2023 <= y2023["03"]).sum() / len(y2023)
    cs = mirror.cross_section("population", 2023, data=real).set_index("county_code")
    assert y2023["03"] == 404589  # SCB, quoted in PROVENANCE.md
    assert cs.at["03", "rank"] == expected_rank == 5
    assert cs.at["03", "percentile"] == pytest.approx(expected_pct)
    assert cs.at["03", "n_counties"] == 21
    # Stockholm is the largest county; Gotland the smallest.
    assert cs.at["01", "rank"] == 1 and cs.at["09", "rank"] == 21
    # Totals are not placed on the county scale.
    assert pd.isna(cs.at["00", "rank"]) and pd.isna(cs.at["00", "percentile"])


def test_ranks_of_business_rd_2021(real):
    cs = mirror.cross_section("rd_business_per_inhabitant", 2021, data=real).set_index("county_code")
    raw = pd.read_csv(paths.RAW_INDICATORS / "rd_expenditure_county.csv", dtype={"county_code": str})
    v = raw[(raw["year"] == 2021) & (raw["kolada_kpi"] == "N85085")].set_index("county_code")["value"]
    assert cs.at["05", "value"] == pytest.approx(v["05"])
    assert cs.at["05", "rank"] == int((v > v["05"]).sum()) + 1 == 2


def test_standardisation_against_hand_calculation(real):
    cs = mirror.cross_section("innovation_index_reglab", 2021, data=real).set_index("county_code")
    raw = pd.read_csv(paths.RAW_INDICATORS / "innovation_index_reglab_county.csv",
                      dtype={"county_code": str})
    v = raw[raw["year"] == 2021].set_index("county_code")["value"].astype(float)
    mean = sum(v) / len(v)
    sd = (sum((x - mean) ** 2 for x in v) / len(v)) ** 0.5  # population sd, as scipy ddof=0
    for code in ("03", "04", "08"):
        assert cs.at[code, "zscore"] == pytest.approx((v[code] - mean) / sd)


def test_aggregate_placed_on_county_scale_by_hand():
    cs = mirror.cross_section("a", 2019, data=_toy()).set_index("county_code")
    values = np.arange(1, 22, dtype=float)
    assert cs.at["SE12", "zscore"] == pytest.approx((10 - values.mean()) / values.std())
    assert cs.at["SE12", "percentile"] == pytest.approx(100 * 10 / 21)
    assert pd.isna(cs.at["SE12", "rank"])
    assert cs.at["25", "rank"] == 1  # the last code has the largest toy value


def test_growth_trend_is_the_comparisons_measure(real):
    """The profile's growth is the same number the growth finding gives (issue 15: one concept,
    one measure, one number): the OLS slope of the index, start year = 100."""
    from scipy import stats

    g = mirror.growth("population", 2015, 2025, data=real).set_index("county_code")
    raw = _raw_population().set_index(["county_code", "year"])["value"]
    years = list(range(2015, 2026))
    index = [raw["03", y] / raw["03", 2015] for y in years]
    assert g.at["03", "value"] == pytest.approx(stats.linregress(years, index).slope)
    comparison = mirror.growth_comparison("population", "03", ["04", "05"], data=real)
    slope = comparison.slopes.set_index("county_code").at["03", "slope"]
    assert g.at["03", "value"] * 100 == pytest.approx(slope)


def test_growth_rate_by_hand(real):
    g = mirror.growth("population", 2015, 2024, data=real, measure="rate").set_index("county_code")
    raw = _raw_population().set_index(["county_code", "year"])["value"]
    expected = (raw["03", 2024] / raw["03", 2015]) ** (1 / 9) - 1
    assert g.at["03", "value"] == pytest.approx(expected)
    assert g.at["03", "rank"] == 1  # Uppsala grew fastest 2015–2024
    assert g.at["03", "change"] == pytest.approx(raw["03", 2024] / raw["03", 2015] - 1)


def test_profile_has_every_region_and_shows_gaps(real):
    p = mirror.profile(data=real)
    assert set(p["county_code"]) == set(mirror.PROFILE_REGIONS)
    # ÖMS, a NUTS 2 region, is not placed on the county scale (issue 15, point 3).
    assert "SE12" not in set(p["county_code"])
    reglab = p[(p["measure"] == "innovation_index_reglab")].set_index("county_code")
    # An ÖMS aggregate asked for explicitly still shows a gap for Reglab's index, not a guess.
    with_oms = mirror.profile(codes=["03", "SE12"], data=real)
    oms_reglab = with_oms[(with_oms["measure"] == "innovation_index_reglab")
                          & (with_oms["county_code"] == "SE12")]
    assert oms_reglab["value"].isna().all()
    gaps = p[p["value"].isna()]
    assert gaps["rank"].isna().all() and gaps["percentile"].isna().all()
    # Riket has no R&D value in the Kolada series (counties only): a gap, not a sum we invent.
    assert set(gaps["county_code"]) == {"00"}
    assert reglab.at["03", "rank"] == 1
    # Kalmar is part of the profile, with its real GRP per inhabitant 2024 (SCB, December 2025).
    grp = p[p["measure"] == "grp_per_inhabitant_ksek"].set_index("county_code")
    assert grp.at["08", "value"] == 448 and grp.at["08", "period"] == "2024"


# --------------------------------------------------------------------------- similar regions


def test_similar_regions_unchanged_by_row_order(real):
    a = mirror.similar_regions("05", data=real)
    shuffled = real.sample(frac=1, random_state=7).reset_index(drop=True)
    b = mirror.similar_regions("05", data=shuffled)
    pd.testing.assert_frame_equal(a.table, b.table)
    assert a.peers == b.peers and len(a.peers) == 5
    assert "05" not in a.table["county_code"].tolist()


def test_similar_regions_says_what_it_rests_on(real):
    s = mirror.similar_regions(data=real)
    assert s.focus == "SE12"
    # ÖMS is compared with the other NUTS 2 regions, never with counties (like with like).
    assert not set(s.table["county_code"]) & set(regions.county_codes())
    assert s.indicators == list(mirror.MIRROR_INDICATORS) and not s.notes
    assert s.years["grp_per_inhabitant_sek_fixed"] == 2020
    assert "BRP per invånare" in s.basis and "2020" in s.basis


def test_similarity_distance_by_hand():
    toy = _toy()
    s = mirror.similar_regions("03", indicators=["a", "b"], weights={"a": 2.0, "b": 1.0},
                               years={"a": 2019, "b": 2019}, data=toy)
    codes = regions.county_codes()
    a = np.arange(1, 22, dtype=float)
    b = np.array([float((i * 7) % 21) for i in range(21)])
    za, zb = (a - a.mean()) / a.std(), (b - b.mean()) / b.std()
    i3, i4 = codes.index("03"), codes.index("04")
    expected = np.sqrt(2 * (za[i3] - za[i4]) ** 2 + (zb[i3] - zb[i4]) ** 2)
    got = s.table.set_index("county_code").at["04", "distance"]
    assert got == pytest.approx(expected)


def test_bad_parameters_give_swedish_errors_with_choices(real):
    with pytest.raises(ParameterError, match="Okänd region '99'.*Giltiga val: 01"):
        mirror.similar_regions("99", data=real)
    with pytest.raises(ParameterError, match="Okända indikatorer: foo.*Giltiga val"):
        mirror.similar_regions("03", indicators=["foo", "population"], data=real)
    with pytest.raises(ParameterError, match="saknar fullständiga data för år 2016.*2021"):
        mirror.cross_section("innovation_index_reglab", 2016, data=real)
    # Reglab has no NUTS 2 value: asked for explicitly for ÖMS, that is an error with choices.
    with pytest.raises(ParameterError, match="Okända indikatorer: innovation_index_reglab.*Giltiga val"):
        mirror.similar_regions("SE12", indicators=["innovation_index_reglab", "population"],
                               data=real)


def test_clustering_is_deterministic_and_complete(real):
    a = mirror.cluster_counties(k=4, data=real)
    b = mirror.cluster_counties(k=4, data=real.iloc[::-1])
    pd.testing.assert_frame_equal(a.clusters, b.clusters)
    assert len(a.clusters) == 21 and a.clusters["cluster"].nunique() == 4
    assert a.linkage.shape == (20, 4)
    # Stockholm, with by far the highest GRP per inhabitant, is in group 1 by construction.
    assert a.clusters.iloc[0]["county_code"] == "01" and a.clusters.iloc[0]["cluster"] == 1


# --------------------------------------------------------------------------- trajectories, trends


def test_trajectory_index_and_trend_against_hand_least_squares(real):
    traj = mirror.trajectories("population", "03", peers=["12", "14"], data=real)
    up = traj[traj["county_code"] == "03"].set_index("year")
    raw = _raw_population()
    r = raw[raw["county_code"] == "03"].set_index("year")["value"].astype(float)
    index = r / r[2015] * 100
    assert up.at[2015, "index"] == pytest.approx(100.0)
    assert up.at[2024, "index"] == pytest.approx(index[2024])
    x = np.array(index.index, dtype=float)
    y = index.to_numpy()
    slope_hand = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    slopes = mirror.trend_slopes(traj).set_index("county_code")
    assert slopes.at["03", "slope"] == pytest.approx(slope_hand)
    assert slopes.at["03", "ci_low"] < slope_hand < slopes.at["03", "ci_high"]
    assert slopes.at["03", "n_years"] == 11  # 2015–2025
    assert set(traj["role"]) == {"fokus", "jämförelselän", "ÖMS", "Riket", "jämförelselän, medel"}


def test_growth_comparison_statement_states_uncertainty(real):
    g = mirror.growth_comparison("population", "03", peers=["12", "14"], data=real)
    # Uppsala grew faster than Skåne and Västra Götaland 2015–2024 (raw file): verdict follows.
    raw = _raw_population().set_index(["county_code", "year"])["value"]
    assert raw["03", 2024] / raw["03", 2015] > max(raw[c, 2024] / raw[c, 2015] for c in ("12", "14"))
    assert g.verdict == "snabbare" and g.ci_low > 0
    assert not hasattr(g, "statement")  # numbers only; the sentence is the narrative's
    text = growth_statement(g)
    assert "95\u00a0% konfidensintervall" in text and "Underlaget är 11 år" in text
    assert "." not in text.split("konfidensintervall")[1].split(")")[0]  # decimal comma


def test_uncertain_growth_is_called_uncertain():
    # Focus minus peers' mean is 0, 2, −2, 2, 0: least-squares slope exactly 0, wide interval.
    series = {"03": [100, 102, 99, 101, 100], "04": [100, 100, 101, 99, 100],
              "05": [100, 100, 101, 99, 100]}
    rows = [(code, 2015 + i, "x", float(series.get(code, [100] * 5)[i]), "kr", "test", "v1")
            for code in regions.county_codes() for i in range(5)]
    toy = pd.DataFrame(rows, columns=list(mirror.TIDY_COLUMNS))
    g = mirror.growth_comparison("x", "03", peers=["04", "05"], data=toy)
    assert g.difference == pytest.approx(0.0, abs=1e-12)
    assert g.verdict == "osäkert" and "för osäker" in growth_statement(g)
    assert g.ci_low < 0 < g.ci_high


# --------------------------------------------------------------------------- NUTS 2


def test_nuts2_view_has_oms_rank_with_source_and_caveat():
    v = mirror.nuts2_view()
    oms = v[v["nuts2_code"] == "SE12"].iloc[0]
    assert oms["value"] == "23" and oms["edition"] == "RIS 2021"
    assert oms["source"].startswith("https://www.centralsweden.se/")
    assert "pressidor" in oms["caveat"] or "press" in oms["caveat"]
    assert set(v["nuts2_code"]) == {"SE11", "SE12", "SE21", "SE22", "SE23", "SE31", "SE32", "SE33"}
    # Småland med öarna (Kalmar's NUTS 2 region) has no published statement: said, not guessed.
    assert v.loc[v["nuts2_code"] == "SE21", "value"].tolist() == ["uppgift saknas"]


# --------------------------------------------------------------------------- findings


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_mirror_findings_are_built_from_the_results(real):
    from analysis.narrative import mirror_findings
    from analysis.narrative.findings import finding

    f = mirror_findings.mirror_findings("SE12", data=real)
    assert f["rank"].tolist() == list(range(1, len(f) + 1))
    assert f["key"].iloc[0] == "growth_population"
    g = mirror.growth_comparison("population", "SE12", mirror.similar_regions(data=real).peers,
                                 data=real)
    from analysis.analyses.mirror.sensitivity import growth_sensitivity

    sens = growth_sensitivity("population", "SE12", g.peers, data=real)
    assert finding(f, "growth_population").startswith(growth_statement(g, sens))
    peers = [regions.short_name(c) for c in mirror.similar_regions(data=real).peers]
    assert all(p in finding(f, "similar_regions") for p in peers)
    assert "plats 23 av 240 regioner" in finding(f, "ris")
    # Kalmar compared on what its strategy says (issue 22), not on area names
    assert in_order(finding(f, "challenge_overlap"), "Region Kalmar", "tre steg", "En av sex punkter",
                    "saknar motsvarighet", "årlig revidering av planerna")
    # Kalmar, a county, is set against the five ÖMS counties, not against ÖMS.
    assert finding(f, "kalmar").startswith(approved("spegling", "kalmar_like_with_like"))
    k = mirror_findings.mirror_findings("03", data=real)
    assert in_order(finding(k, "kalmar"), "fem av fem", "mått")


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_mirror_findings_for_a_county(real):
    from analysis.narrative import mirror_findings
    from analysis.narrative.findings import finding

    f = mirror_findings.mirror_findings("03", data=real)
    assert "plats 1 av 21 län" in finding(f, "strongest")
    with pytest.raises(ParameterError, match="Okänd region '3' som fokusregion"):
        mirror_findings.mirror_findings("3", data=real)


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_chapter_facts_are_formatted_strings(real):
    from analysis.narrative.mirror_findings import chapter_facts

    facts = chapter_facts("SE12", data=real)
    assert all(isinstance(v, str) for v in facts.values())
    assert facts["ris"] == "plats 23 av 240 regioner" and facts["ris_edition"] == "RIS 2021"
    assert (facts["n_areas"], facts["n_kalmar"], facts["n_overlaps"]) == ("fyra", "tre", "två")
    # ÖMS's three nearest NUTS 2 regions
    assert facts["peers"] == "Sydsverige, Övre Norrland och Västsverige"
    assert facts["verdict_population"] in {"snabbare", "långsammare", "osäkert"}


def test_grp_growth_is_in_kronor_at_fixed_prices_never_in_euro():
    """Issue 15 point 2: GRP per inhabitant in kronor = GRP (mnkr) / population, KPI 2020 prices."""
    from analysis.analyses.mirror import kronor
    from analysis.tables.prices import kpi_annual

    t = mirror.mirror_table()
    v = t[t["indicator"] == kronor.INDICATOR].set_index(["county_code", "year"])["value"]
    grp = t[t["indicator"] == "grp_msek"].set_index(["county_code", "year"])["value"]
    pop = t[t["indicator"] == "population"].set_index(["county_code", "year"])["value"]
    kpi = kpi_annual().assign(year=lambda k: k["year"].astype(int)).set_index("year")["value"]
    kpi = kpi.astype(float)
    # Uppsala 2015: 150-odd bn kr over 31 Dec population, raised to 2020 prices by KPI
    assert v["03", 2015] == pytest.approx(grp["03", 2015] * 1e6 / pop["03", 2015]
                                          * kpi[2020] / kpi[2015])
    assert v["03", 2020] == pytest.approx(grp["03", 2020] * 1e6 / pop["03", 2020])
    assert mirror.GROWTH_INDICATORS == ("population", kronor.INDICATOR)
    assert "KPI" in kronor.DEFLATOR_NOTE and "BRP-deflator" in kronor.DEFLATOR_NOTE


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_the_grp_verdict_follows_the_sensitivity():
    """Issue 15 point 3: Uppsala against its five nearest counties grows more slowly with every
    variant; ÖMS against the NUTS 2 regions does so only without Västsverige, so its text does
    not say 'växer långsammare' and names the region the gap rests on."""
    from analysis.analyses.mirror.sensitivity import growth_sensitivity
    from analysis.narrative.mirror_findings import mirror_findings

    peers = mirror.similar_regions("03").peers
    s = growth_sensitivity("grp_per_inhabitant_sek_fixed", "03", peers)
    assert s.robust and s.verdict == "långsammare"
    assert {"alla", "utan ett län", "andra mått"} == set(s.table["variant"])
    assert (s.table["ci_high"] < 0).all()
    oms = growth_sensitivity("grp_per_inhabitant_sek_fixed", "SE12",
                             mirror.similar_regions("SE12").peers)
    t = oms.table.set_index("left_out", drop=False)
    assert t.loc[t["variant"] == "alla", "verdict"].iloc[0] == "osäkert"
    without = t[t["left_out"] == "SE23"].iloc[0]  # Västsverige
    assert without["ci_high"] < 0 and without["verdict"] == "långsammare"
    assert not oms.robust and oms.verdict == "osäkert"
    text = mirror_findings("SE12").set_index("key").at["growth_grp_per_inhabitant_sek_fixed", "text"]
    assert "växer långsammare än" not in text
    assert approved("spegling", "depends_on_peers") in text and in_order(text, "Känslighet:", "utan Västsverige")


def test_oms_is_ranked_among_the_nuts2_regions_built_like_oms():
    """Issue 15 point 3: ÖMS against Sweden's other NUTS 2 regions, each a sum of its counties."""
    from analysis.analyses.mirror.nuts2_peers import nuts2_ranks, nuts2_table

    t = nuts2_table()
    assert t["nuts2_code"].nunique() == 8
    grp = t[(t["indicator"] == "grp_msek") & (t["year"] == 2020)].set_index("nuts2_code")["value"]
    published = mirror.mirror_table()
    se12 = published[(published["indicator"] == "grp_msek") & (published["year"] == 2020)
                     & (published["county_code"] == "SE12")]["value"].iloc[0]
    assert grp["SE12"] == pytest.approx(se12, abs=1)  # Eurostat's SE12 = the sum of its counties
    r = nuts2_ranks().set_index(["nuts2_code", "measure"])
    assert r.at[("SE12", "grp_per_inhabitant_sek_fixed"), "n_regions"] == 8
    # the same growth number as the county comparison (one concept, one measure)
    g = mirror.growth("grp_per_inhabitant_sek_fixed").set_index("county_code")
    assert r.at[("SE12", "grp_per_inhabitant_sek_fixed_growth"), "value"] == pytest.approx(
        g.at["SE12", "value"], rel=1e-6)
