"""The tidy indicator table: real values, schema, consistency, bad input, derived measures."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.tables import indicators as ind
from analysis.core.errors import DataError
from analysis.tables.indicator_schemas import consistency_table, validate_indicator_table

FIXTURES = Path(__file__).parent / "fixtures" / "indicators"


def value(df, code, year, indicator):
    v = df[(df.county_code == code) & (df.year == year) & (df.indicator == indicator)]["value"]
    assert len(v) == 1, (code, year, indicator, len(v))
    return v.iloc[0]


@pytest.fixture(scope="module")
def table():
    return ind.indicators()


def test_columns_and_ids(table):
    assert list(table.columns) == ind.COLUMNS
    assert set(table["indicator"]) == set(ind.INDICATORS)
    assert table["year"].dtype == "int64" and table["value"].dtype == "float64"


def test_population_real_values(table):
    assert value(table, "03", 2023, "population") == 404_589
    assert value(table, "00", 2024, "population") == 10_587_710
    assert value(table, "00", 2015, "population") == 9_851_017
    assert value(table, "01", 2024, "population") == 2_473_307


def test_counties_sum_to_riket_every_year(table):
    pop = table[table.indicator == "population"]
    for year in range(2015, 2025):
        y = pop[pop.year == year]
        assert y[y.county_code.str.len() == 2][y.county_code != "00"]["value"].sum() == \
            y[y.county_code == "00"]["value"].iloc[0]


def test_oms_grp_sums_to_se12_2015_2020(table):
    grp = table[table.indicator == "grp_msek"]
    for year in range(2015, 2021):
        y = grp[grp.year == year]
        parts = y[y.county_code.isin(["03", "04", "05", "18", "19"])]["value"]
        assert len(parts) == 5
        assert abs(parts.sum() - y[y.county_code == "SE12"]["value"].iloc[0]) <= 0.01 + 1e-9
    checks = consistency_table(table)
    assert checks["ok"].all()
    assert set(checks[checks.indicator == "grp_msek"]["year"]) == set(range(2015, 2021))


def test_one_row_per_key_and_one_unit(table):
    assert not table.duplicated(["county_code", "year", "indicator"]).any()
    assert (table.groupby("indicator")["unit"].nunique() == 1).all()


def test_suppressed_rd_values_stay_missing_not_zero(table):
    # Gotland and Jämtland business-sector R&D 2017 and 2019 are suppressed in Kolada.
    for code in ("09", "23"):
        for year in (2017, 2019):
            assert np.isnan(value(table, code, year, "rd_business_per_inhabitant"))
    assert np.isnan(value(table, "09", 2015, "rd_higher_education_per_inhabitant"))
    # ... while Gotland's published 0 for 2019 stays 0.
    assert value(table, "09", 2019, "rd_higher_education_per_inhabitant") == 0
    assert table["value"].isna().sum() == 6


def test_grp_per_inhabitant_two_vintages():
    full = ind.indicators(all_vintages=True)
    up = full[(full.county_code == "03") & (full.year == 2019)
              & (full.indicator == "grp_per_inhabitant_ksek")].set_index("vintage")["value"]
    assert up.to_dict() == {"2021-12-10": 457.0, "2023-12-14": 451.0}
    # Default table: the complete 2019 cross-section (vintage 2021-12-10) is kept.
    t = ind.indicators()
    y2019 = t[(t.indicator == "grp_per_inhabitant_ksek") & (t.year == 2019)]
    assert len(y2019) == 22 and set(y2019.vintage) == {"2021-12-10"}
    assert value(t, "01", 2019, "grp_per_inhabitant_ksek") == 684
    assert value(t, "00", 2019, "grp_per_inhabitant_ksek") == 491


def test_indicator_info():
    info = ind.indicator_info().set_index("indicator")
    assert info.loc["population", "kind"] == "additive"
    assert info.loc["grp_msek", "additive"]
    assert info.loc["rd_business_per_inhabitant", "per_inhabitant"]
    assert info.loc["rd_business_per_inhabitant", "n_missing"] == 4
    assert info.loc["grp_msek", "last_year"] == 2024  # SCB's table of December 2025
    assert info.loc["grp_msek", "vintage"] == "2023-02-21, 2025-12-17"


def test_cached_table_is_a_copy():
    a = ind.indicators()
    a.loc[:, "value"] = 0
    assert ind.indicators()["value"].max() > 0


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("dataset, fixture, row, words", [
    ("population", "population_unknown_code.csv", 5, "okänd länskod '99'"),
    ("population", "population_duplicate_key.csv", 5, "dubblerad nyckel"),
    ("population", "population_non_numeric.csv", 4, "'ca 360000' är inte ett tal"),
    ("population", "population_unit_change.csv", 4, "enheten byter mitt i serien"),
    ("rd_expenditure", "rd_unit_change.csv", 4, "enheten byter mitt i serien"),
])
def test_bad_input_names_file_row_and_problem(dataset, fixture, row, words):
    with pytest.raises(DataError) as err:
        ind.parse_file(dataset, FIXTURES / fixture)
    assert err.value.line == row
    assert Path(err.value.file).name == fixture
    assert words in str(err.value)
    assert str(err.value).startswith(f"{fixture}, rad {row}: ")


def test_missing_file_names_file():
    with pytest.raises(DataError) as err:
        ind.parse_file("population", FIXTURES / "finns_inte.csv")
    assert "finns_inte.csv" in str(err.value) and "saknas" in str(err.value)


def test_suppressed_marker_becomes_missing():
    rows = ind.parse_file("rd_expenditure", FIXTURES / "rd_suppressed.csv")
    assert rows["value"].isna().sum() == 1
    assert rows.loc[rows["_row"] == 4, "value"].isna().all()


def test_schema_rejects_unknown_code_and_duplicates(table):
    bad = table.head(3).copy()
    bad.loc[bad.index[0], "county_code"] = "99"
    with pytest.raises(DataError, match="schemat"):
        validate_indicator_table(bad)
    dup = pd.concat([table.head(2), table.head(1)], ignore_index=True)
    with pytest.raises(DataError, match="schemat"):
        validate_indicator_table(dup)


# --- derived measures --------------------------------------------------------------------------

def test_oms_aggregate_sum_and_weighted(table):
    agg = ind.oms_aggregate()
    # Additive: ÖMS population = sum of the five counties.
    pop2023 = table[(table.indicator == "population") & (table.year == 2023)
                    & table.county_code.isin(["03", "04", "05", "18", "19"])]["value"].sum()
    assert value(agg, "SE12", 2023, "population") == pop2023
    # The computed ÖMS GRP equals the published SE12 within rounding.
    assert abs(value(agg, "SE12", 2018, "grp_msek") - value(table, "SE12", 2018, "grp_msek")) <= 0.011
    # Per inhabitant: population-weighted, hence between the five counties' min and max.
    rd = table[(table.indicator == "rd_business_per_inhabitant") & (table.year == 2019)
               & table.county_code.isin(["03", "04", "05", "18", "19"])]
    pop = table[(table.indicator == "population") & (table.year == 2019)].set_index("county_code")["value"]
    expected = (rd.set_index("county_code")["value"] * pop).dropna().sum() / pop[rd.county_code].sum()
    assert value(agg, "SE12", 2019, "rd_business_per_inhabitant") == pytest.approx(expected)
    # Index: not aggregated.
    assert "innovation_index_reglab" not in set(agg.indicator)


def test_rd_totals_reproduce_scb_national_totals():
    tot = ind.rd_totals()
    # PROVENANCE: business 2015 sums to 95 575 MSEK (SCB's total 95 576).
    assert value(tot, "00", 2015, "rd_business_msek") == pytest.approx(95_576, abs=2)
    # Higher education 2015: Gotland suppressed -> county total, but no national sum.
    assert np.isnan(value(tot, "00", 2015, "rd_higher_education_msek"))
    he = tot[(tot.indicator == "rd_higher_education_msek") & (tot.year == 2015) & (tot.county_code != "00")]
    assert he["value"].sum() == pytest.approx(36_630, abs=2)  # SCB 36 630 (Gotland is tiny)
    # 2017 business: two counties suppressed -> no national sum (never a partial total).
    assert np.isnan(value(tot, "00", 2017, "rd_business_msek"))


def test_per_inhabitant_matches_year_and_raises_without_population():
    df = pd.DataFrame({"county_code": ["03", "03"], "year": [2023, 2024], "amount": [404_589, 1.0]})
    out = ind.per_inhabitant(df, "amount")
    assert out["amount_per_inhabitant"].iloc[0] == 1.0
    with pytest.raises(ValueError, match="Folkmängd saknas för 03 2027"):
        ind.per_inhabitant(pd.DataFrame({"county_code": ["03"], "year": [2027], "amount": [1.0]}),
                           "amount")
    held = ind.per_inhabitant(pd.DataFrame({"county_code": ["03"], "year": [2027], "amount": [1.0]}),
                              "amount", population_year=2024)
    assert held["population_year"].iloc[0] == 2024


def test_growth_rates(table):
    g = ind.growth_rates("population", 2015, 2024).set_index("county_code")
    p15, p24 = value(table, "03", 2015, "population"), value(table, "03", 2024, "population")
    assert g.loc["03", "growth"] == pytest.approx(p24 / p15 - 1)
    assert g.loc["03", "annual_growth"] == pytest.approx((p24 / p15) ** (1 / 9) - 1)
    steps = ind.annual_growth("rd_business_per_inhabitant", ["03"])
    assert list(steps["prev_year"]) == [2011, 2013, 2015, 2017, 2019]
    with pytest.raises(ValueError, match="saknar år 2022"):
        ind.growth_rates("grp_msek", 2015, 2022)
