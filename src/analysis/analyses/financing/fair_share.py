"""Fair share: each region's share of the co-financing against its share of population, GRP
or a mix, how much the choice of measure matters, and the rank correlation with GRP."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ...core import regions
from ...core.errors import ParameterError
from ...sources.decisions import project_ids
from .capacity import _indicator, capacity, latest_complete_year, population_for_years
from .contributions import regional_contributions, stated_row_totals
from .inputs import (DENOMINATORS, check_denominator, check_project, indicators_or_default,
                     lines_or_default)


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


def fair_share(lines: pd.DataFrame | None = None, indicator_table: pd.DataFrame | None = None,
               *, denominator: str = "population", mix_weight: float = 0.5,
               stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Fair-share index per project and region: share of regional co-financing / share of
    the denominator × 100 (100 = proportional; above 100 = pays more than its size).

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


def fair_share_sensitivity(lines: pd.DataFrame | None = None,
                           indicator_table: pd.DataFrame | None = None,
                           stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The fair-share index under each denominator (population, GRP, mix), side by side.

    Columns: ``project_id, county_code, region, population, grp, mix, spread`` where
    ``spread`` = max − min of the three indices (index points): how much the verdict depends on
    the choice of denominator.
    """
    lines = lines_or_default(lines)
    ind = indicators_or_default(indicator_table)
    if stated_totals is None:
        stated_totals = stated_row_totals()
    long = pd.concat([fair_share(lines, ind, denominator=d, stated_totals=stated_totals)
                      for d in DENOMINATORS])
    wide = long.pivot_table(index=["project_id", "county_code", "region"], columns="denominator",
                            values="index").reset_index()
    wide.columns.name = None
    wide = wide[["project_id", "county_code", "region", *DENOMINATORS]]
    wide["spread"] = wide[list(DENOMINATORS)].max(axis=1) - wide[list(DENOMINATORS)].min(axis=1)
    return wide


def _spearman_exact(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Spearman's ρ with an exact two-sided p-value from all permutations (n is tiny here).

    scipy's default p-value uses a t approximation that is too optimistic for n = 5.
    """
    from itertools import permutations

    from scipy import stats

    rho = float(stats.spearmanr(x, y).statistic)
    ry = stats.rankdata(y)
    rx = stats.rankdata(x)
    perms = [float(np.corrcoef(rx, np.array(p))[0, 1]) for p in permutations(ry)]
    p_value = float(np.mean([abs(r) >= abs(rho) - 1e-12 for r in perms]))
    return rho, p_value


def rank_correlation(lines: pd.DataFrame | None = None,
                     indicator_table: pd.DataFrame | None = None,
                     *, project_id: str | None = None, months=None,
                     stated_totals: pd.DataFrame | None = None) -> dict:
    """Spearman rank correlation across the five regions between contribution per inhabitant
    and GRP per inhabitant in ``grp_year``, the same GRP year as :func:`capacity` (GRP in mnkr /
    population 31 December, so every GRP figure on the page is of one year).

    Returns ``project_id, rho, p_value, n, grp_year``. With n = 5 the test has almost no power
    (only ρ = ±1 reaches p < 0,05 two-sided), which the sentence about it says
    (:func:`analysis.narrative.financing_text.rank_correlation_text`).
    """
    lines = lines_or_default(lines)
    ind = indicators_or_default(indicator_table)
    project_id = check_project(project_id or project_ids()[0], lines)
    cap = capacity(lines, ind, months, stated_totals)
    cap = cap[cap["project_id"] == project_id].set_index("county_code")
    year = int(cap["grp_year"].iloc[0])
    pop = _indicator(ind, "population", regions.oms_county_codes())
    pop = pop[pop["year"] == year].set_index("county_code")["value"]
    gpi = cap["grp_msek"] * 1e6 / pop.reindex(cap.index)
    x = cap["sek_per_inhabitant"]
    y = gpi.reindex(x.index)
    if y.isna().any() or x.nunique() < 2 or y.nunique() < 2:
        rho, p = float("nan"), float("nan")
    else:
        rho, p = _spearman_exact(x.to_numpy(), y.to_numpy())
    return {"project_id": project_id, "rho": rho, "p_value": p, "n": int(len(x)), "grp_year": year}
