"""The one month count (analysis.core.months) behind the budget's months and the KPI months."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.core.months import days_in_year, project_months


def test_project_months_real_oms():
    pm = project_months("2023-11-01", "2027-10-31")
    assert pm[2023] == [11, 12] and pm[2027] == list(range(1, 11)) and len(pm[2025]) == 12
    assert sum(len(m) for m in pm.values()) == 48


def test_dates_timestamps_and_text_give_the_same_months():
    text = project_months("2018-01-01", "2020-12-31")
    assert project_months(dt.date(2018, 1, 1), dt.date(2020, 12, 31)) == text
    assert project_months(pd.Timestamp("2018-01-01"), pd.Timestamp("2020-12-31")) == text
    assert project_months("2024-02-15", "2024-02-20") == {2024: [2]}


def test_days_in_year_count_both_ends():
    assert days_in_year("2023-11-01", "2027-10-31", 2023) == 61
    assert days_in_year("2023-11-01", "2027-10-31", 2024) == 366
    assert days_in_year("2023-11-01", "2027-10-31", 2028) == 0


def test_end_before_start_is_refused():
    with pytest.raises(ValueError, match="Slutdatum 2023-01-01 ligger före startdatum 2024-01-01"):
        project_months("2024-01-01", "2023-01-01")
