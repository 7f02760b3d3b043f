"""Who pays what: the five regions' contributions to the joint projects the register holds.

Every function is pure: it takes the tidy tables as arguments (``lines`` from
``budgets.budget_lines()``, ``indicator_table`` from ``indicators.indicators()``, ``months`` shaped
like ``budgets.months_per_year()``) and only falls back on the loaders when an argument is ``None``.
That keeps the arithmetic testable with small hand-made frames and keeps one source of truth.

Conventions used throughout:

* *Regional co-financing* = the rows of the financing table whose financier has a county code
  (the five regions, whatever the funding source: 1:1-medel, övriga medel or unspecified).
* *Population of the budget years*: population 31 December of each budget year; for budget years
  after the last year in the population table the latest available year is used, and the column
  ``population_year`` says which year was used (``population_assumed`` flags it).
* *GRP*: the latest year for which all five regions have a value; ``grp_year`` says which.

The package's modules: :mod:`.inputs`, :mod:`.contributions`, :mod:`.capacity`,
:mod:`.fair_share`, :mod:`.over_time`, :mod:`.costs`. The functions return frames and values;
the sentences about them are :mod:`analysis.narrative`'s.
"""

from __future__ import annotations

from .capacity import (capacity, capacity_yearly, latest_complete_year, population_for_years,
                       riket_population_latest)
from .contributions import contributions, regional_contributions, stated_row_totals
from .costs import cofinancing_shares, cost_structure, indirect_cost_ratio
from .fair_share import denominator_shares, fair_share, fair_share_sensitivity, rank_correlation
from .inputs import (check_denominator, check_project, DENOMINATOR_LABELS, DENOMINATORS,
                     ERDF_SOURCE, FLAT_RATE_INDIRECT, indicators_or_default, lines_or_default,
                     REGIONAL_SOURCES)
from .over_time import (base_years, change_by_region, check_base_year, consecutive_pairs,
                        in_fixed_prices, latest_pair, over_time, pair_comparison,
                        price_factors, price_sensitivity, project_calendar_months,
                        project_order, project_totals, SENSITIVITY_RATES, yearly_budget)

__all__ = [
    "base_years", "capacity", "capacity_yearly", "change_by_region", "check_base_year",
    "check_denominator", "check_project", "cofinancing_shares", "consecutive_pairs",
    "contributions", "latest_pair", "pair_comparison", "price_sensitivity", "project_order",
    "SENSITIVITY_RATES",
    "cost_structure", "DENOMINATOR_LABELS", "denominator_shares", "DENOMINATORS", "ERDF_SOURCE",
    "fair_share", "fair_share_sensitivity", "FLAT_RATE_INDIRECT", "in_fixed_prices",
    "indicators_or_default", "indirect_cost_ratio", "latest_complete_year", "lines_or_default",
    "over_time", "population_for_years", "price_factors", "project_calendar_months",
    "project_totals", "rank_correlation", "regional_contributions", "REGIONAL_SOURCES",
    "riket_population_latest",
    "stated_row_totals", "yearly_budget"
]
