"""Findings: ranked Swedish sentences built from the analyses (no hand-typed numbers)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.errors import ParameterError
from analysis.narrative import findings

import financing_frames as ff
from approved_text import approved, in_order

def plain(text: str) -> str:
    """Reader text with its non-breaking spaces as ordinary ones, for comparing wording."""
    return text.replace("\u00a0", " ")


GPI = {"03": 460, "04": 350, "05": 430, "18": 425, "19": 385}


@pytest.fixture(scope="module")
def ecs_real():
    return findings.financing_findings(
        ff.budget_lines(), ff.indicator_table(GPI), months=ff.MONTHS,
        stated_totals=ff.STATED_TOTALS, project_table=ff.PROJECTS)


def test_split_and_shares(ecs_real):
    # the values in the order the reader meets them: project, region, amount, share, total, others
    assert in_order(findings.finding(ecs_real, "split_ECS3"), "ECS3", "Region Uppsala",
                    "600 000 kr", "9,1 %", "6 600 000 kr", "1 500 000 kr", "fyra")
    equal = findings.finding(ecs_real, "split_REAL_OMS")
    assert in_order(equal, "REAL ÖMS", "fem regionerna", "lika", "3 056 308 kr", "20,0 %",
                    "15 281 540 kr")
    assert "Region " not in equal  # equal shares: no region singled out


def test_per_inhabitant_x_times_y(ecs_real):
    # Västmanland 500 000/273 929 + 500 000/275 845 + 500 000/277 141 = 5,44 kr;
    # Uppsala 200 000/376 354 + 200 000/383 713 + 200 000/388 394 = 1,57 kr
    hi = sum(500_000 / p for p in (273_929, 275_845, 277_141))
    lo = sum(200_000 / p for p in (376_354, 383_713, 388_394))
    assert round(hi / lo, 1) == 3.5
    assert in_order(findings.finding(ecs_real, "per_inhabitant_ECS3"), "ECS3", "Region Västmanland",
                    "5,44 kr per invånare", "3,5 gånger", "Region Uppsala", "1,57 kr per invånare")


def test_over_time_and_cofinancing(ecs_real):
    assert "366 667 kr mot 530 609 kr" in plain(findings.finding(ecs_real, "total_change"))
    assert in_order(findings.finding(ecs_real, "regional_change"),
                    "6,6 mnkr", "ECS3", "15,3 mnkr", "REAL ÖMS", "(+131,5 %)")
    assert in_order(findings.finding(ecs_real, "erdf_share"),
                    "ERUF", "50,0 %", "ECS3", "40,0 %", "REAL ÖMS")
    assert in_order(findings.finding(ecs_real, "deciding_share_REAL_OMS"),
                    "12,0 %", "REAL ÖMS", "(3 056 308 kr)")
    change = plain(findings.finding(ecs_real, "region_change"))
    assert in_order(change.split(".")[0], "ECS3", "REAL ÖMS", "Region Uppsala", "600 000 kr",
                    "3 056 308 kr", "(+409,4 %)")
    # four regions tie on the smallest increase (1 500 000 -> 3 056 308)
    assert "+103,8 % var." in change and "Region Sörmland, Region Östergötland" in change


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_ranking_and_focus():
    f = findings.financing_findings(
        ff.budget_lines(), ff.indicator_table(GPI), months=ff.MONTHS,
        stated_totals=ff.STATED_TOTALS, project_table=ff.PROJECTS, focus="03")
    assert f["rank"].tolist() == list(range(1, len(f) + 1))
    assert f.iloc[0]["key"].startswith("focus_") and f.iloc[0]["county_code"] == "03"
    assert "plats 5 av 5" in plain(findings.finding(f, "focus_per_inhabitant_ECS3"))
    with pytest.raises(KeyError, match="Inget fynd med nyckeln 'nope'"):
        plain(findings.finding(f, "nope"))
    with pytest.raises(ParameterError, match="Okänd region '99' som fokusregion"):
        findings.financing_findings(ff.budget_lines(), ff.indicator_table(GPI), focus="99")


def test_no_rank_correlation_on_five_regions(ecs_real):
    """Issue 21: the report disowned a Spearman correlation on five regions; it is gone."""
    assert not ecs_real["key"].str.contains("rank_correlation").any()
    assert not ecs_real["text"].str.contains("Spearman|Rangkorrelation").any()


def test_contribution_ratio_has_a_neutral_name(ecs_real):
    """Issue 21: 'bidragskvot', not 'rättvisekvot'; the finding describes shares, no verdict.
    ECS3, population 2018–2020: Uppsala 600 000 / 6 600 000 = 9,09 % of the money against
    22,2 % of the five regions' population: 41 (test_financing_figures has the index)."""
    text = plain(findings.finding(ecs_real, "contribution_ratio_ECS3"))
    assert text.startswith("I ECS3 har ") and "bidragskvoten" in text
    assert "den lägsta (41)" in text and "Region Uppsala den lägsta" in text
    assert not ecs_real["text"].str.contains("ättvis").any()
    assert set(ecs_real.loc[ecs_real["key"].str.startswith("contribution_ratio"), "topic"]) == {
        "bidragskvot"}


def test_cost_structures_compared_like_with_like(ecs_real):
    """Issue 21: REAL ÖMS's 40 % flat rate covers external services; the finding compares own
    staff against every other cost. ECS3: 7 838 274 / 13 200 000 = 59 % staff; REAL ÖMS:
    18 192 312 / 25 469 237 = 71 % staff, 7 276 925 = 29 % flat rate (40 % of staff)."""
    text = plain(findings.finding(ecs_real, "flat_rate"))
    assert in_order(text, "ECS3", "59 %", "egen personal", "41 %", "externa tjänster",
                    "övriga kostnader", "REAL ÖMS", "71 %", "egen personal", "29 %", "40 %")
    assert approved("utveckling", "flat_rate_rule") in text
    assert "finns inte som egna poster" not in text
    ext = plain(findings.finding(ecs_real, "external_services_ECS3"))
    assert in_order(ext, "ECS3", "32 %", "externa tjänster", "(4 185 000 kr)", "REAL ÖMS", "schablonen")


def test_outcome_findings_not_reported():
    t = pd.DataFrame({"project_id": ["ECS3"] * 2, "target_id": ["a", "b"],
                      "description": ["300 företag får stöd", "8 mkr i privata investeringar"],
                      "value": [300.0, 8.0], "unit": ["företag", "mkr"],
                      "public_funding_sek": [13_200_000] * 2,
                      "public_sek_per_unit": [44_000.0, 1.65],
                      "target_value_units": [300.0, 8_000_000.0],
                      "target_sek_per_public_sek": [float("nan"), 8_000_000 / 13_200_000],
                      "per_unit_label": ["kr per företag", "offentliga kronor per krona i målet"],
                      "status": ["ej rapporterat"] * 2})
    f = findings.outcome_findings(t, ["ECS3", "REAL_OMS"])
    assert plain(findings.finding(f, "no_targets_REAL_OMS")) == approved("mal", "no_targets_REAL_OMS")
    assert plain(findings.finding(f, "outcomes_ECS3")) == approved("mal", "outcomes_not_reported")
    cost = plain(findings.finding(f, "cost_per_unit_ECS3"))
    assert in_order(cost, "ECS3", "13 200 000 kr", "44 000 kr per företag", "300 företag får stöd",
                    approved("mal", "cost_per_target_caveat"))
    # the decision's primary target group is the support actors (000, line 40), not the firms
    assert in_order(cost, approved("mal", "target_group_caveat"),
                    "Det står i " + approved("kallhanvisningar", "decision_ECS3_section", section="Bakgrund"),
                    "primära målgruppen är de regionala innovationssystemens aktörer")
    # leverage the usual way: private kronor per public krona
    assert "0,61 privata kronor per offentlig krona" in plain(findings.finding(f, "money_ratio_ECS3_b"))


def test_financing_chapters_type_no_numbers_by_hand():
    """Every number in the chapters' prose comes from an inline expression (100 is the
    definition of the contribution ratio's scale, not a result)."""
    import re

    from analysis.core import paths

    for name in ("finansiering.qmd", "utveckling.qmd", "mal.qmd"):
        text = (paths.REPORT / name).read_text(encoding="utf-8")
        text = re.sub(r"^---.*?^---", "", text, flags=re.S | re.M)  # front matter
        text = re.sub(r"```\{python\}.*?```", "", text, flags=re.S)  # code cells
        text = re.sub(r"`\{python\}[^`]*`", "", text)  # inline expressions
        text = re.sub(r"`[^`]*`", "", text)  # file names in code spans
        prose = text.replace("100", "").replace("ECS3", "")  # scale definition, a name
        hits = re.findall(r".{0,20}\d.{0,20}", prose)
        assert not hits, f"{name}: siffra i löptexten: {hits}"


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_summary_groups_the_top_findings_and_puts_the_focus_first():
    from analysis.narrative.findings import markdown_list, summary

    oms = summary()
    assert [len(oms[k]) for k in ("financing", "outcomes", "mirror")] == [6, 2, 4]
    assert in_order(oms["financing"][0].split(".")[0], "13,2 mnkr", "ECS3", "25,5 mnkr", "REAL ÖMS")
    assert "ej rapporterat" in oms["outcomes"][0]
    # issue 21: cost per target stands only beside its caveat, never in the summary
    assert not any("per företag" in t or "per offentlig krona" in t for t in oms["outcomes"])
    uppsala = summary("03")
    assert in_order(uppsala["financing"][0].split(".")[0], "ECS3", "Region Uppsala", "1,57 kr per invånare")
    assert markdown_list(["a", "b"]) == "- a\n- b"


@pytest.mark.integration  # writes workbooks or runs the pipeline for seconds: make test, not test-fast
def test_summary_gives_fixed_prices_beside_nominal_and_the_wage_caveat():
    """Issue 15 point 9: +131,5 % nominal total beside +38,9 % per twelve months in 2023 prices."""
    texts = plain(" ".join(findings.summary("SE12")["financing"]))
    assert "(+131,5 %)" in texts
    # KPI after 2024-11 is an assumption: the change at 0, 1 and 2 % inflation a year (issue 21)
    assert approved("utveckling", "fixed_price_sensitivity", base_year="2023", at_0="+38,9 %",
                    at_1="+37,4 %", at_2="+35,9 %") in texts
    assert approved("utveckling", "kpi_assumption", month="2024-11") in texts
    # the staff shares of the decided budgets
    assert approved("utveckling", "staff_cost_caveat", shares="59 % i ECS3 och 71 % i REAL ÖMS") in texts


def test_cost_per_target_stands_only_beside_its_caveat():
    """Issue 21: '44 000 kr per företag' divides the whole public funding (13 200 000 kr) by one
    target (300 firms) that is not the primary target group: only the sentence with that caveat
    carries it, not the targets table and not the summary."""
    from analysis.analyses.outcomes import targets_with_outcomes
    from analysis.narrative.outcome_text import outcome_findings
    from analysis.present.financing_figures import targets_table

    t = targets_with_outcomes()
    shown = targets_table(t)
    assert not any("per" in c and "målenhet" in c for c in shown.columns)
    assert not shown.apply(lambda col: col.astype(str).str.contains("per företag")).any().any()
    o = outcome_findings(t)
    carrying = o[o["text"].str.replace("\u00a0", " ").str.contains("44 000 kr per företag")]
    assert carrying["key"].tolist() == ["cost_per_unit_ECS3"]
    assert "inte projektets primära målgrupp" in carrying["text"].iloc[0]
