"""KPI deflator and EUR conversion: real values and explicit assumptions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.tables import prices
from analysis.core.errors import DataError
from analysis.tables.prices import HOLD_LATEST, MissingPriceData
from approved_text import approved


def test_kpi_2018_annual_mean():
    assert prices.kpi_level(2018).value == 328.40
    assert prices.kpi_annual().set_index("year").loc[2023, "value"] == 403.70


def test_annual_means_equal_mean_of_months():
    m = prices.kpi_monthly()
    a = prices.kpi_annual().set_index("year")["value"]
    for year in range(2015, 2024):
        assert m[m.year == year]["value"].mean() == pytest.approx(a[year], abs=0.01)


def test_deflate_2018_to_2023_uses_exact_ratio_of_annual_means():
    assert prices.kpi_factor(2018, 2023) == 403.70 / 328.40
    df = pd.DataFrame({"year": [2018], "value": [100.0]})
    out = prices.to_fixed_prices(df, base_year=2023)
    assert out["value_fixed"].iloc[0] == 100.0 * (403.70 / 328.40)
    assert out["value_fixed"].iloc[0] == pytest.approx(122.929354, abs=1e-6)
    assert not out["price_assumed"].iloc[0]


def test_real_oms_2023_is_november_december():
    lvl = prices.kpi_level(2023, [11, 12])
    assert lvl.value == pytest.approx((410.35 + 413.34) / 2)
    assert "2023-11" in lvl.basis and not lvl.assumed


@pytest.mark.parametrize("year", [2024, 2025, 2027])
def test_year_without_kpi_and_no_assumption_raises(year):
    with pytest.raises(MissingPriceData, match="assumption='hold_latest'"):
        prices.kpi_level(year)
    with pytest.raises(MissingPriceData):
        prices.to_fixed_prices(pd.DataFrame({"year": [year], "value": [1.0]}), base_year=2023)


def test_months_before_latest_need_no_assumption():
    # 2024-01 … 2024-11 are published; a window inside them is fine.
    lvl = prices.kpi_level(2024, [1, 2, 3])
    assert lvl.value == pytest.approx((412.74 + 413.76 + 414.26) / 3) and not lvl.assumed
    with pytest.raises(MissingPriceData, match="2024-12"):
        prices.kpi_level(2024, [11, 12])


def test_hold_latest_is_flagged():
    d = prices.deflator([2022, 2025], 2023, assumption=HOLD_LATEST).set_index("year")
    assert d.loc[2025, "kpi"] == 416.75  # 2024-11, the latest published month
    assert d.loc[2025, "price_assumed"] and d.loc[2025, "price_assumption"] == HOLD_LATEST
    assert not d.loc[2022, "price_assumed"]
    assert d.loc[2022, "factor"] == 403.70 / 371.91
    out = prices.to_fixed_prices(pd.DataFrame({"year": [2025, 2022], "amount": [1.0, 1.0]}),
                                 "amount", base_year=2023, assumption=HOLD_LATEST)
    assert list(out["price_assumed"]) == [True, False]
    assert prices.ASSUMPTIONS[HOLD_LATEST] == approved("utveckling", "hold_latest")


def test_unknown_assumption_rejected():
    with pytest.raises(ValueError, match="Okänt antagande"):
        prices.kpi_level(2025, assumption="interpolate")


def test_eur_conversion_uses_year_average():
    assert prices.eur_sek_rate(2021) == (10.1465, False)
    assert prices.to_eur(10.1465, 2021) == pytest.approx(1.0)
    df = prices.to_eur(pd.DataFrame({"year": [2020, 2024], "value": [104_848.0, 114_325.0]}))
    assert list(np.round(df["value_eur"], 6)) == [10_000.0, 10_000.0]
    assert prices.to_sek(1.0, 2024) == 11.4325
    with pytest.raises(MissingPriceData, match="EUR/SEK saknas för 2025"):
        prices.to_eur(1.0, 2025)
    held = prices.to_eur(pd.DataFrame({"year": [2026], "value": [11.4325]}), assumption=HOLD_LATEST)
    assert held["value_eur"].iloc[0] == pytest.approx(1.0) and held["eur_rate_assumed"].iloc[0]


def test_bad_price_file(tmp_path):
    f = tmp_path / "kpi_annual.csv"
    f.write_text("county_code,county_name,year,value,unit,series,source\n"
                 "00,Riket,2018,328.4,index 1980=100,x,y\n"
                 "00,Riket,2019,tre,index 1980=100,x,y\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"kpi_annual.csv, rad 3: värdet 'tre' är inte ett tal"):
        prices.parse_price_file("kpi_annual", f)


def test_annual_rate_assumption_grows_from_the_latest_month():
    from analysis.tables.prices import annual_rate, assumption_text

    # 2024-11 is the latest published month (416,75); December 2024 is one month ahead
    lvl = prices.kpi_level(2024, [12], assumption=annual_rate(0.02))
    assert lvl.value == pytest.approx(416.75 * 1.02 ** (1 / 12)) and lvl.assumed
    held = prices.kpi_level(2026, assumption=HOLD_LATEST).value
    assert held == 416.75
    one = prices.kpi_level(2026, assumption=annual_rate(0.01)).value
    expected = sum(416.75 * 1.01 ** ((2026 - 2024) + (m - 11) / 12) for m in range(1, 13)) / 12
    assert one == pytest.approx(expected)
    assert assumption_text(annual_rate(0.01)) == approved("utveckling", "annual_rate", rate="1\u00a0%")
    with pytest.raises(ValueError, match="Okänt antagande"):
        prices.kpi_level(2026, assumption="annual_rate:x")


def test_fixed_price_sensitivity_of_the_latest_pair():
    """Issue 21: REAL ÖMS against ECS3 per project month in 2023 prices is +15,7 % with KPI held
    from 2024-11, about +14 % at 1 % a year (the evaluator's figure) and less at 2 %."""
    from analysis.analyses import financing as fin

    s = fin.price_sensitivity(base_year=2023).set_index("rate")
    assert round(s.at[0.0, "change_per_month"], 3) == 0.157
    assert round(s.at[0.01, "change_per_month"], 3) == 0.145
    assert round(s.at[0.02, "change_per_month"], 3) == 0.132
    assert s["assumed"].all()
    assert (s.at[0.0, "earlier"], s.at[0.0, "later"]) == ("ECS3", "REAL_OMS")
