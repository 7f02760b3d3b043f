"""The contribution ratio (bidragskvot): each region's share of the regions' co-financing
against its share of population, GRP or a mix, and how much the choice of measure matters.

A description, not a verdict: 100 means a region's share of the money equals its share of the
measure; nothing in the decisions says the money should follow size."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ...core import regions
from ...core.errors import ParameterError
from .capacity import _indicator, latest_complete_year, population_for_years
from .contributions import regional_contributions, stated_row_totals
from .inputs import DENOMINATORS, check_denominator, indicators_or_default, lines_or_default


def denominator_shares(indicator_table: pd.DataFrame | None = None, *,
                       population_years: Iterable[int] | None = None,
                       mix_weight: float = 0.5) -> pd.DataFrame:
    """Each region's share of the five regions' population, of their GRP, and a mix.

    Population: mean over ``population_years`` (latest available year where beyond the data).
    GRP: latest year with values for all five. Mix: ``mix_weight`` × population share +
    (1 − ``mix_weight``) × GRP share. Columns: ``county_code, population, population_share,
    grp_msek, grp_year, grp_share, mix_share``.
    """
    if not 0 <= mix_weight <= 1:
        raise ParameterError(f"Vikten för blandningen måste ligga mellan 0 och 1, inte {mix_weight}.")
    ind = indicators_or_default(indicator_table)
    codes = regions.oms_county_codes()
    if population_years is None:
        population_years = [latest_complete_year(ind, "population")]
    pop = population_for_years(list(population_years), ind)
    pop = pop.groupby("county_code")["population"].mean()
    grp_year = latest_complete_year(ind, "grp_msek")
    grp = _indicator(ind, "grp_msek", codes)
    grp = grp[grp["year"] == grp_year].set_index("county_code")["value"]
    out = pd.DataFrame({"county_code": codes})
    out["population"] = out["county_code"].map(pop)
    out["population_share"] = out["population"] / out["population"].sum()
    out["grp_msek"] = out["county_code"].map(grp)
    out["grp_year"] = grp_year
    out["grp_share"] = out["grp_msek"] / out["grp_msek"].sum()
    out["mix_share"] = mix_weight * out["population_share"] + (1 - mix_weight) * out["grp_share"]
    return out


def contribution_ratio(lines: pd.DataFrame | None = None, indicator_table: pd.DataFrame | None = None,
               *, denominator: str = "population", mix_weight: float = 0.5,
               stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The contribution ratio per project and region: share of the regions' co-financing /
    share of the denominator × 100 (100 = in proportion to its size; above 100 = a larger share
    of the money than of the measure).

    Population shares use the mean population of each project's budget years.
    Columns: ``project_id, county_code, region, share_of_regional, denominator,
    denominator_share, index``.
    """
    check_denominator(denominator)
    lines = lines_or_default(lines)
    ind = indicators_or_default(indicator_table)
    contrib = regional_contributions(lines, stated_totals)
    parts = []
    for pid, group in contrib.groupby("project_id", sort=False):
        years = sorted(lines.loc[lines["project_id"] == pid, "year"].unique())
        shares = denominator_shares(ind, population_years=years, mix_weight=mix_weight)
        col = {"population": "population_share", "grp": "grp_share", "mix": "mix_share"}[denominator]
        g = group.merge(shares[["county_code", col]], on="county_code", how="left")
        g = g.rename(columns={col: "denominator_share"})
        g["denominator"] = denominator
        g["index"] = g["share_of_regional"] / g["denominator_share"] * 100
        parts.append(g)
    out = pd.concat(parts, ignore_index=True)
    return out[["project_id", "county_code", "region", "share_of_regional", "denominator",
                "denominator_share", "index"]]


def contribution_ratio_sensitivity(lines: pd.DataFrame | None = None,
                           indicator_table: pd.DataFrame | None = None,
                           stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The contribution ratio under each denominator (population, GRP, mix), side by side.

    Columns: ``project_id, county_code, region, population, grp, mix, spread`` where
    ``spread`` = max − min of the three indices (index points): how much the verdict depends on
    the choice of denominator.
    """
    lines = lines_or_default(lines)
    ind = indicators_or_default(indicator_table)
    if stated_totals is None:
        stated_totals = stated_row_totals()
    long = pd.concat([contribution_ratio(lines, ind, denominator=d, stated_totals=stated_totals)
                      for d in DENOMINATORS])
    wide = long.pivot_table(index=["project_id", "county_code", "region"], columns="denominator",
                            values="index").reset_index()
    wide.columns.name = None
    wide = wide[["project_id", "county_code", "region", *DENOMINATORS]]
    wide["spread"] = wide[list(DENOMINATORS)].max(axis=1) - wide[list(DENOMINATORS)].min(axis=1)
    return wide
