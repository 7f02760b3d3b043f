"""Financing analyses: exact values from the decision documents and the population table."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.analyses import financing
from analysis.core.regions import authority_name
from analysis.narrative.financing_text import population_note

import financing_frames as ff


@pytest.fixture(scope="module")
def lines():
    return ff.budget_lines()


@pytest.fixture(scope="module")
def ind():
    return ff.indicator_table()


def test_uppsala_share_of_ecs3_regional_cofinancing(lines):
    rc = financing.regional_contributions(lines, ff.STATED_TOTALS)
    ecs3 = rc[rc["project_id"] == "ECS3"].set_index("county_code")
    # 1 500 000 × 4 + 600 000 = 6 600 000 kr regional co-financing
    assert ecs3["regional_total_sek"].iloc[0] == 6_600_000
    assert ecs3.at["03", "amount_sek"] == 600_000
    assert ecs3.at["03", "share_of_regional"] == pytest.approx(600_000 / 6_600_000)
    assert ecs3.at["18", "share_of_regional"] == pytest.approx(1_500_000 / 6_600_000)
    assert ecs3.at["03", "share_of_total"] == pytest.approx(600_000 / 13_200_000)


def test_real_oms_splits_equally(lines):
    rc = financing.regional_contributions(lines, ff.STATED_TOTALS)
    real = rc[rc["project_id"] == "REAL_OMS"].set_index("county_code")
    assert (real["amount_sek"] == 3_056_308).all()
    assert real["share_of_regional"].tolist() == pytest.approx([0.2] * 5)
    assert real.at["04", "n_sources"] == 2 and real.at["03", "n_sources"] == 2
    assert real.at["05", "n_sources"] == 1
    assert real["regional_total_sek"].iloc[0] == 5 * 3_056_308


def test_contributions_by_funding_source(lines):
    c = financing.contributions(lines, ff.STATED_TOTALS)
    real = c[c["project_id"] == "REAL_OMS"]
    sormland = real[real["county_code"] == "04"].set_index("funding_source")
    assert sormland.at["appropriation_1_1", "amount_sek"] == 1_948_742
    assert sormland.at["regional_other", "amount_sek"] == 1_107_566
    assert sormland.at["regional_other", "funding_source_label"] == "övriga medel"
    erdf = real[real["funding_source"] == "erdf"].iloc[0]
    assert erdf["amount_sek"] == 10_187_695
    assert pd.isna(erdf["share_of_regional"])
    assert erdf["share_of_total"] == pytest.approx(10_187_695 / 25_469_237)
    assert c.groupby("project_id")["share_of_total"].sum().tolist() == pytest.approx([1, 1])


def test_per_inhabitant_matches_hand_calculation(lines, ind):
    cap = financing.capacity(lines, ind, ff.MONTHS).set_index(["project_id", "county_code"])
    # ECS3 Uppsala: 200 000 kr a year over population 31 Dec 2018, 2019, 2020
    hand = 200_000 / 376_354 + 200_000 / 383_713 + 200_000 / 388_394
    assert cap.at[("ECS3", "03"), "sek_per_inhabitant"] == pytest.approx(hand)
    assert round(hand, 2) == 1.57
    assert cap.at[("ECS3", "03"), "sek_per_inhabitant_per_year"] == pytest.approx(hand / 3)
    # REAL ÖMS Västmanland: 2025–2027 use the latest population (2024)
    amounts = [122_852, 740_062, 757_824, 776_012, 659_558]
    pops = [280_813, 281_158, 281_158, 281_158, 281_158]
    hand = sum(a / p for a, p in zip(amounts, pops))
    assert cap.at[("REAL_OMS", "19"), "sek_per_inhabitant"] == pytest.approx(hand)
    assert cap.at[("REAL_OMS", "19"), "population_years"] == "2023, 2024"
    assert bool(cap.at[("REAL_OMS", "19"), "population_assumed"])
    assert cap.at[("REAL_OMS", "19"), "project_years"] == 4
    # GRP: latest year with all five (2020)
    assert cap.at[("ECS3", "05"), "grp_year"] == 2020
    assert cap.at[("ECS3", "05"), "sek_per_msek_grp"] == pytest.approx(1_500_000 / 201089.98)


def test_population_note_names_the_substituted_years(lines, ind):
    cap = financing.capacity_yearly(lines, ind)
    note = population_note(cap[cap["project_id"] == "REAL_OMS"])
    assert "2025–2027" in note and "folkmängden 2024" in note
    assert "respektive budgetår." in population_note(cap[cap["project_id"] == "ECS3"])


def test_population_before_the_data_is_an_error(ind):
    with pytest.raises(ValueError, match="Befolkning saknas för Uppsala län år 2010"):
        financing.population_for_years([2010], ind)


def test_contribution_ratio_is_100_when_contributions_are_proportional(ind):
    # Contributions exactly proportional to population 2018 and to GRP 2020 -> index 100
    for denominator, weights in (
        ("population", {c: ff.POPULATION[c][2018] for c in ff.POPULATION}),
        ("grp", ff.GRP_2020),
    ):
        rows = [("TEST", "financing", authority_name(c), authority_name(c), c, "regional_unspecified",
                 2018, round(w * 1000), "x.txt", 1) for c, w in weights.items()]
        lines = pd.DataFrame(rows, columns=["project_id", "table", "label", "category",
                                            "county_code", "funding_source", "year",
                                            "amount_sek", "document", "line"])
        fs = financing.contribution_ratio(lines, ind, denominator=denominator,
                                  stated_totals=ff.STATED_TOTALS)
        assert fs["index"].tolist() == pytest.approx([100.0] * 5, abs=1e-3)


def test_contribution_ratio_real_values(lines, ind):
    fs = financing.contribution_ratio(lines, ind, denominator="population", stated_totals=ff.STATED_TOTALS).set_index(
        ["project_id", "county_code"])
    pops = {c: sum(ff.POPULATION[c][y] for y in (2018, 2019, 2020)) / 3 for c in ff.POPULATION}
    share = pops["03"] / sum(pops.values())
    assert fs.at[("ECS3", "03"), "index"] == pytest.approx(600_000 / 6_600_000 / share * 100)
    assert fs.at[("ECS3", "03"), "index"] < 100 < fs.at[("ECS3", "19"), "index"]
    grp = financing.contribution_ratio(lines, ind, denominator="grp", stated_totals=ff.STATED_TOTALS).set_index(
        ["project_id", "county_code"])
    assert grp.at[("REAL_OMS", "05"), "index"] == pytest.approx(
        0.2 / (ff.GRP_2020["05"] / sum(ff.GRP_2020.values())) * 100)


def test_contribution_ratio_sensitivity_has_all_denominators(lines, ind):
    s = financing.contribution_ratio_sensitivity(lines, ind, ff.STATED_TOTALS).set_index(["project_id", "county_code"])
    row = s.loc[("REAL_OMS", "05")]
    assert row["mix"] == pytest.approx(0.2 / (0.5 * (472_298 + 472_446 * 4) / 5 / sum(
        (ff.POPULATION[c][2023] + 4 * ff.POPULATION[c][2024]) / 5 for c in ff.POPULATION)
        + 0.5 * ff.GRP_2020["05"] / sum(ff.GRP_2020.values())) * 100)
    assert row["spread"] == pytest.approx(max(row[["population", "grp", "mix"]])
                                          - min(row[["population", "grp", "mix"]]))


def test_bad_parameters_list_valid_values(lines, ind):
    with pytest.raises(ValueError, match="Okänd nämnare 'folk'.*population.*grp.*mix"):
        financing.contribution_ratio(lines, ind, denominator="folk", stated_totals=ff.STATED_TOTALS)
    with pytest.raises(ValueError, match="Okänt projekt 'ECS2'. Giltiga värden: ECS3, REAL_OMS"):
        financing.change_by_region(lines, from_project="ECS2")


def test_months_and_monthly_rates(lines):
    y = financing.yearly_budget(lines, ff.MONTHS).set_index(["project_id", "year"])
    assert round(y.at[("ECS3", 2018), "total_per_month_sek"]) == 366_667  # 4 400 000 / 12
    assert round(y.at[("REAL_OMS", 2023), "total_per_month_sek"]) == 511_885  # 1 023 770 / 2
    assert y.at[("REAL_OMS", 2027), "months"] == 10
    t = financing.project_totals(lines, ff.MONTHS).set_index("project_id")
    assert t.at["ECS3", "months"] == 36 and t.at["REAL_OMS", "months"] == 48
    assert t.at["ECS3", "total_sek"] == 13_200_000
    assert t.at["REAL_OMS", "regional_sek"] == 15_281_540
    assert t.at["REAL_OMS", "total_per_month_sek"] == pytest.approx(25_469_237 / 48)
    assert t.at["ECS3", "regional_per_year_sek"] == pytest.approx(2_200_000)


def test_fixed_prices_carry_the_assumption_flag(lines):
    # factors as analysis.tables.prices would give them: 2018 base, 2019 +2 %, later years assumed
    factors = pd.DataFrame({"year": range(2018, 2028),
                            "factor": [1.0, 0.98, 0.97, 0.9, 0.85, 0.8, 0.78, 0.77, 0.76, 0.75],
                            "assumed": [False] * 6 + [True] * 4})
    o = financing.over_time(lines, ff.MONTHS, base_year=2018, factors=factors).set_index(
        "project_id")
    assert o.at["ECS3", "total_sek_fixed"] == pytest.approx(4_400_000 * (1 + 0.98 + 0.97))
    assert not o.at["ECS3", "price_assumed"] and o.at["REAL_OMS", "price_assumed"]
    with pytest.raises(ValueError, match="Prisomräkningsfaktor saknas för år 2020"):
        financing.over_time(lines, ff.MONTHS, base_year=2018, factors=factors[:2])


def test_change_by_region(lines):
    ch = financing.change_by_region(lines, months=ff.MONTHS, stated_totals=ff.STATED_TOTALS).set_index("county_code")
    assert ch.at["03", "change_sek"] == 3_056_308 - 600_000
    assert ch.at["03", "change_pct"] == pytest.approx(3_056_308 / 600_000 - 1)
    assert ch.at["18", "change_pct"] == pytest.approx(3_056_308 / 1_500_000 - 1)
    # per 12 project months: 500 000 a year before, 3 056 308 / 4 after
    assert ch.at["18", "change_pct_per_year"] == pytest.approx(3_056_308 / 4 / 500_000 - 1)


def test_cost_structure_and_flat_rate(lines):
    cs = financing.cost_structure(lines).set_index(["project_id", "category"])
    assert cs.at[("ECS3", "staff"), "amount_sek"] == 7_838_274
    assert cs.at[("ECS3", "external_services"), "share"] == pytest.approx(4_185_000 / 13_200_000)
    assert cs.at[("REAL_OMS", "indirect_costs"), "amount_sek"] == 7_276_925
    r = financing.indirect_cost_ratio(lines)
    real = r[r["project_id"] == "REAL_OMS"]
    # 40 % of staff costs, rounded to whole kronor each year
    assert (real["indirect_costs"] - (real["staff"] * 0.4).round()).abs().max() <= 1
    assert r[r["project_id"] == "ECS3"]["ratio"].isna().all()


def test_cofinancing_shares(lines):
    s = financing.cofinancing_shares(lines, ff.PROJECTS).set_index("project_id")
    assert s.at["ECS3", "erdf_share"] == pytest.approx(0.5)
    assert round(s.at["REAL_OMS", "erdf_share"], 3) == 0.4
    assert s.at["REAL_OMS", "deciding_sek"] == 3_056_308
    assert round(s.at["REAL_OMS", "deciding_share"], 3) == 0.12
    assert s.at["ECS3", "deciding_share"] == pytest.approx(1_500_000 / 13_200_000)


def test_base_year_without_kpi_lists_valid_years():
    with pytest.raises(ValueError, match="Basåret 2025 saknar.*Giltiga basår: 2015, 2016.*2023"):
        financing.check_base_year(2025)


def test_real_kpi_factors_partial_year_and_assumption_flag():
    pt = pd.DataFrame({"project_id": ["ECS3", "REAL_OMS"],
                       "start_date": ["2018-01-01", "2023-11-01"],
                       "end_date": ["2020-12-31", "2027-10-31"]})
    months = financing.project_calendar_months(pt)
    assert months[2023] == [11, 12] and len(months[2027]) == 10 and 2018 not in months
    f = financing.price_factors([2018, 2023, 2024], base_year=2023, assumption="hold_latest",
                                months=months).set_index("year")
    # KPI 2023 annual mean / KPI 2018 annual mean (SCB, 1980=100)
    assert f.at[2018, "factor"] == pytest.approx(1.229294, rel=1e-5)
    assert not f.at[2023, "assumed"] and f.at[2024, "assumed"]


def test_hand_frames_match_the_real_loaders():
    from analysis.tables import budgets

    key = ["project_id", "table", "label", "category", "county_code", "funding_source", "year",
           "amount_sek", "document", "line"]
    real = budgets.budget_lines()[key].astype(str).sort_values(key).reset_index(drop=True)
    mine = ff.budget_lines()[key].astype(str).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(real, mine)
    st = financing.stated_row_totals().sort_values(["project_id", "label"]).reset_index(drop=True)
    hand = ff.STATED_TOTALS.sort_values(["project_id", "label"]).reset_index(drop=True)
    assert st.values.tolist() == hand.values.tolist()
    cols = ["project_id", "year", "months"]
    assert budgets.months_per_year()[cols].values.tolist() == ff.MONTHS[cols].values.tolist()


def test_defaults_use_the_real_loaders():
    rc = financing.regional_contributions().set_index(["project_id", "county_code"])
    assert rc.at[("ECS3", "03"), "share_of_regional"] == pytest.approx(600_000 / 6_600_000)
    assert rc.at[("REAL_OMS", "04"), "amount_sek"] == 3_056_308  # 1 948 742 + 1 107 566 as stated
    assert rc.at[("REAL_OMS", "04"), "rounding_difference_sek"] == -2
    y = financing.yearly_budget().set_index(["project_id", "year"])
    assert y.at[("REAL_OMS", 2023), "total_per_month_sek"] == 511_885
    cap = financing.capacity().set_index(["project_id", "county_code"])
    hand = sum(200_000 / p for p in (376_354, 383_713, 388_394))  # population_county.csv
    assert cap.at[("ECS3", "03"), "sek_per_inhabitant"] == pytest.approx(hand)
    s = financing.cofinancing_shares().set_index("project_id")
    assert round(s.at["REAL_OMS", "deciding_share"], 3) == 0.12

