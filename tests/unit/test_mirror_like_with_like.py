"""Issue 15, point 3: peers like with like. A county is mirrored against the 21 counties, ÖMS
(a NUTS 2 region) against Sweden's other NUTS 2 regions, on one variable set in the distance
ranking and the clustering; the growth wording follows the sensitivity check."""

from __future__ import annotations

import pytest

from analysis.analyses import mirror
from analysis.analyses.mirror.nuts2_peers import nuts2_tidy
from analysis.analyses.mirror.sensitivity import growth_sensitivity
from analysis.core import regions
from analysis.core.errors import ParameterError
from analysis.narrative.mirror_findings import chapter_facts, mirror_findings
from approved_text import approved, in_order


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_oms_is_built_from_its_counties_among_the_nuts2_regions():
    t = nuts2_tidy()
    pop = t[(t["indicator"] == "population") & (t["year"] == 2020)].set_index("county_code")["value"]
    counties = mirror.mirror_table()
    members = counties[(counties["indicator"] == "population") & (counties["year"] == 2020)
                       & counties["county_code"].isin(regions.oms_county_codes())]
    assert pop["SE12"] == members["value"].sum() == 1_737_737
    assert set(pop.index) == {*regions.nuts2_codes(), "00"}


def test_oms_is_compared_with_the_other_nuts2_regions_on_the_shared_variables():
    s = mirror.similar_regions("SE12")
    assert s.nuts2 and s.indicators == list(mirror.MIRROR_INDICATORS)
    assert s.peers == ["SE22", "SE33", "SE23"]  # Sydsverige, Övre Norrland, Västsverige
    assert set(s.table["county_code"]) == set(regions.nuts2_codes()) - {"SE12"}
    assert s.table["distance"].round(2).tolist()[:3] == [1.01, 1.67, 2.0]
    assert in_order(s.basis, "z-poäng", "8 NUTS 2-regionerna")
    # No county is a peer of ÖMS, and ÖMS is no candidate for a county.
    assert not set(s.table["county_code"]) & set(regions.county_codes())
    assert "SE12" not in set(mirror.similar_regions("03").table["county_code"])


def test_clustering_and_distance_ranking_use_one_variable_set():
    for focus in ("SE12", "03"):
        s = mirror.similar_regions(focus)
        c = mirror.cluster_counties(s.indicators, focus=focus)
        assert c.indicators == s.indicators == list(mirror.MIRROR_INDICATORS)
    c = mirror.cluster_counties(focus="SE12")
    groups = c.clusters.groupby("cluster")["county_code"].apply(list).to_dict()
    assert groups == {1: ["SE11", "SE23"], 2: ["SE12", "SE22", "SE33"], 3: ["SE21", "SE31", "SE32"]}
    assert len(mirror.cluster_counties().codes) == 21


def test_oms_is_not_on_the_county_scale_of_the_profile():
    p = mirror.profile()
    assert "SE12" not in set(p["county_code"])
    assert set(p["county_code"]) == {*regions.oms_county_codes(), "08", "00"}


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_oms_growth_against_nuts2_peers_with_sensitivity():
    peers = mirror.similar_regions("SE12").peers
    g = mirror.growth_comparison("grp_per_inhabitant_sek_fixed", "SE12", peers)
    assert g.nuts2 and (g.first_year, g.last_year) == (2015, 2020)
    assert (round(g.difference, 2), round(g.ci_low, 2), round(g.ci_high, 2)) == (-0.6, -1.23, 0.03)
    assert g.verdict == "osäkert"
    s = growth_sensitivity("grp_per_inhabitant_sek_fixed", "SE12", peers)
    t = s.table.set_index(s.table["left_out"].fillna(s.table["variant"]))
    assert t.at["SE23", "verdict"] == "långsammare" and s.verdict == "osäkert"
    pop = growth_sensitivity("population", "SE12", peers)
    assert pop.table.iloc[0]["verdict"] == "snabbare"
    assert round(pop.table.iloc[0]["difference"], 2) == 0.16  # 2015–2025
    assert not pop.robust  # without Övre Norrland the difference is −0,004 (KI −0,05 till +0,04)
    with pytest.raises(ParameterError, match="NUTS 2"):
        mirror.trajectories("population", "SE12", ["03"])


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_the_wording_follows_the_sensitivity():
    f = mirror_findings("SE12")
    get = dict(zip(f["key"], f["text"].map(plain)))
    grp = get["growth_grp_per_inhabitant_sek_fixed"]
    assert "växer långsammare" not in grp
    assert approved("spegling", "depends_on_peers") in grp
    assert in_order(grp, "Känslighet:", "utan Västsverige", "−1,13", "(KI −1,85 till −0,40)")
    pop = get["growth_population"]
    assert "växer snabbare än jämförelseregionerna:" not in pop
    assert "utan Övre Norrland" in pop
    assert in_order(get["similar_regions"].split(".")[0], "NUTS 2-regioner", "Östra Mellansverige",
                    "Sydsverige, Övre Norrland och Västsverige")
    assert in_order(get["member_counties"], "Uppsala", "Västerbotten, Skåne, Norrbotten, Örebro och Östergötland",
                    "Sörmland")
    assert in_order(get["strongest"].split(".")[0], "Östra Mellansverige", "bästa", "åtta NUTS 2-regioner",
                    "offentliga sektorns", "plats 2 av 8")
    assert "percentil" not in " ".join(get.values())
    assert get["kalmar"].startswith(approved("spegling", "kalmar_like_with_like"))
    assert in_order(get["kalmar"], "fem i", "offentliga sektorns")


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_a_county_keeps_its_county_mirror_with_sensitivity_in_the_text():
    f = mirror_findings("03")
    get = dict(zip(f["key"], f["text"].map(plain)))
    assert in_order(get["similar_regions"].split(".")[0], "län", "Uppsala län", "Västerbotten")
    assert approved("spegling", "sensitivity_holds", low="+0,94", high="+1,20", n="sju") in get["growth_population"]
    facts = chapter_facts("SE12")
    assert facts["similar_heading"] == "Regioner som liknar ÖMS"
    assert facts["position_counties"] == "" and "NUTS 2" in facts["position_nuts2"]
