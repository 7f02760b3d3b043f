"""Who pays what: the five regions' contributions to the joint projects the register holds.

Every function is pure: it takes the tidy tables as arguments (``lines`` from
``budgets.budget_lines()``, ``indicator_table`` from ``indicators.indicators()``, ``months`` shaped
like ``budgets.months_per_year()``) and only falls back on the loaders when an argument is ``None``.
That keeps the arithmetic testable with small hand-made frames and keeps one source of truth.

Conventions used throughout:

* *Regional co-financing* = the rows of the financing table whose financier is of kind
  ``region`` in the financier register (only regions carry a county code), whatever the funding
  source: 1:1-medel, övriga medel, unspecified or in kind.
* Every financing row has a *kind* (region, state agency, municipality, university, EU fund,
  private, other), a *sector* (public or private) and a *form* (money or in kind), from
  ``data/reference/financiers.csv`` (:func:`classified`), so every total and share is defined
  for any budget (:func:`financing_by_kind`, :func:`financing_overview`).
* *Population of the budget years*: population 31 December of each budget year; for budget years
  after the last year in the population table the latest available year is used, and the column
  ``population_year`` says which year was used (``population_assumed`` flags it).
* *GRP*: the latest year for which all five regions have a value; ``grp_year`` says which.

The package's modules: :mod:`.inputs`, :mod:`.contributions`, :mod:`.capacity`,
:mod:`.contribution_ratio`, :mod:`.over_time`, :mod:`.costs`. The functions return frames and values;
the sentences about them are :mod:`analysis.narrative`'s.
"""

from __future__ import annotations

from .capacity import (capacity, capacity_yearly, latest_complete_year, population_for_years,
                       riket_population_latest)
from .contribution_ratio import (contribution_ratio, contribution_ratio_sensitivity,
                                 denominator_shares)
from .contributions import (contributions, financing_by_kind, financing_overview,
                            regional_contributions, stated_row_totals)
from .costs import (cofinancing_shares, cost_structure, cost_structure_like_with_like,
                    indirect_cost_ratio)
from .inputs import (check_denominator, check_project, classified, DENOMINATOR_LABELS,
                     DENOMINATORS, ERDF_SOURCE, FLAT_RATE_INDIRECT, indicators_or_default,
                     KIND_ORDER, lines_or_default, REGIONAL_SOURCES)
from .over_time import (base_years, change_by_region, check_base_year, consecutive_pairs,
                        in_fixed_prices, latest_pair, over_time, pair_comparison,
                        price_factors, price_sensitivity, project_calendar_months,
                        project_order, project_totals, SENSITIVITY_RATES, yearly_budget)

__all__ = [
    "base_years", "capacity", "capacity_yearly", "change_by_region", "check_base_year",
    "check_denominator", "check_project", "classified", "cofinancing_shares",
    "consecutive_pairs", "contribution_ratio", "contribution_ratio_sensitivity", "contributions",
    "cost_structure", "cost_structure_like_with_like", "DENOMINATOR_LABELS",
    "denominator_shares", "DENOMINATORS", "ERDF_SOURCE", "financing_by_kind",
    "financing_overview", "FLAT_RATE_INDIRECT", "in_fixed_prices",
    "indicators_or_default", "indirect_cost_ratio", "KIND_ORDER", "latest_complete_year",
    "latest_pair", "lines_or_default", "over_time", "pair_comparison", "population_for_years",
    "price_factors", "price_sensitivity", "project_calendar_months", "project_order",
    "project_totals", "regional_contributions", "REGIONAL_SOURCES", "SENSITIVITY_RATES",
    "riket_population_latest",
    "stated_row_totals", "yearly_budget"
]
