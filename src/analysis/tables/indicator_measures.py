"""Measures derived from the tidy indicator table: ÖMS (SE12) from its five counties, values
per inhabitant, and growth between years (never across two vintages). The R&D totals in MSEK
are :func:`analysis.tables.indicator_table.rd_totals`; the package's face for all of it is
:mod:`analysis.tables.indicators`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.regions import OMS_CODE, oms_county_codes
from .indicator_schemas import COLUMNS, INDICATORS
from .indicator_table import indicators, population, series

# --- derived measures ------------------------------------------------------------------------

def oms_aggregate(df: pd.DataFrame | None = None, indicators_: list[str] | None = None
                  ) -> pd.DataFrame:
    """ÖMS (``SE12``) computed from the five counties, in the tidy layout.

    Additive indicators are summed; per-inhabitant ones are weighted by population (31 Dec of the
    same year). Index indicators are not aggregated (no defined weighting). An aggregate is NA
    unless all five counties (and, for weights, their population) have a value – no partial sums.
    ``source`` says ``"beräknad: ..."``; compare with the published SE12 where the source has it.
    """
    base = indicators() if df is None else df
    oms = oms_county_codes()
    pop = population(codes=oms).rename(columns={"value": "pop"})
    wanted = indicators_ or sorted(base["indicator"].unique())
    out = []
    for ind_id in wanted:
        kind = INDICATORS[ind_id].kind if ind_id in INDICATORS else "additive"
        if kind in ("index", "rate", "change"):  # no defined aggregate (rates, changes, indices)
            continue
        d = base[(base["indicator"] == ind_id) & base["county_code"].isin(oms)]
        if d.empty:
            continue
        unit = d["unit"].iloc[0]
        for year, g in d.groupby("year"):
            vintage = ", ".join(sorted(g["vintage"].unique()))
            complete = set(g["county_code"]) == set(oms) and g["value"].notna().all()
            if kind == "additive":
                value = g["value"].sum() if complete else np.nan
                how = "summa"
            else:
                g = g.merge(pop, on=["county_code", "year"], how="left")
                complete = complete and g["pop"].notna().all()
                value = (g["value"] * g["pop"]).sum() / g["pop"].sum() if complete else np.nan
                how = "befolkningsvägt medelvärde"
            out.append({"county_code": OMS_CODE, "year": int(year), "indicator": ind_id,
                        "value": value, "unit": unit,
                        "source": f"beräknad: {how} av län 03, 04, 05, 18, 19",
                        "vintage": vintage})
    return pd.DataFrame(out, columns=COLUMNS)


def per_inhabitant(df: pd.DataFrame, value_col: str = "value", *, year_col: str = "year",
                   code_col: str = "county_code", population_year: int | None = None,
                   scale: float = 1.0) -> pd.DataFrame:
    """Divide ``value_col`` by the region's population: adds ``population``, ``population_year``
    and ``<value_col>_per_inhabitant`` (value × scale / population).

    Population is matched on the row's year. Years without population (after 2024) raise unless
    ``population_year`` is given explicitly (an assumption the caller documents, e.g. the latest
    year); the ``population_year`` column says which year was used.
    """
    pop = indicators()
    pop = pop[pop["indicator"] == "population"][["county_code", "year", "value"]]
    out = df.copy()
    out["population_year"] = population_year if population_year is not None else out[year_col]
    merged = out.merge(pop.rename(columns={"county_code": code_col, "year": "population_year",
                                           "value": "population"}),
                       on=[code_col, "population_year"], how="left")
    missing = merged["population"].isna()
    if missing.any():
        bad = merged.loc[missing, [code_col, "population_year"]].drop_duplicates().head(5)
        pairs = "; ".join(f"{c} {y}" for c, y in bad.itertuples(index=False))
        have = f"{pop['year'].min()}–{pop['year'].max()}"
        raise ValueError(f"Folkmängd saknas för {pairs} (finns {have}). Ange population_year "
                         "uttryckligen om ett annat års folkmängd ska användas.")
    merged[f"{value_col}_per_inhabitant"] = merged[value_col] * scale / merged["population"]
    return merged


def growth_rates(indicator: str, start_year: int | None = None, end_year: int | None = None,
                 codes: list[str] | None = None) -> pd.DataFrame:
    """Growth per region between two years (defaults: first and last year with data).

    Columns: county_code, start_year, end_year, start_value, end_value, change, growth (total,
    as a share) and annual_growth (compound, per year). NA where either value is missing.
    """
    d = series(indicator, codes)
    years = sorted(d["year"].unique())
    if not years:
        raise ValueError(f"Inga värden för {indicator}")
    start_year = years[0] if start_year is None else start_year
    end_year = years[-1] if end_year is None else end_year
    for y in (start_year, end_year):
        if y not in years:
            raise ValueError(f"{indicator} saknar år {y}; finns: {', '.join(map(str, years))}")
    from .indicator_schemas import require_one_vintage

    vintage = require_one_vintage(d[d["year"].isin([start_year, end_year])],
                                  what=f"tillväxten {start_year}–{end_year} för {indicator}",
                                  indicator=indicator)
    w = d.pivot(index="county_code", columns="year", values="value")
    a, b = w[start_year], w[end_year]
    n = end_year - start_year
    out = pd.DataFrame({"county_code": w.index, "indicator": indicator,
                        "start_year": start_year, "end_year": end_year,
                        "start_value": a.to_numpy(), "end_value": b.to_numpy(), "vintage": vintage})
    out["change"] = out["end_value"] - out["start_value"]
    out["growth"] = out["end_value"] / out["start_value"] - 1
    out["annual_growth"] = ((out["end_value"] / out["start_value"]) ** (1 / n) - 1) if n else np.nan
    return out.reset_index(drop=True)


def annual_growth(indicator: str, codes: list[str] | None = None) -> pd.DataFrame:
    """Growth from each available year to the next (biennial series: per two-year step, with
    ``annual_growth`` the compound per-year rate)."""
    from .indicator_schemas import require_one_vintage

    d = series(indicator, codes).sort_values(["county_code", "year"])
    d["prev_vintage"] = d.groupby("county_code")["vintage"].shift()
    for _, r in d.dropna(subset=["prev_vintage"]).iterrows():
        require_one_vintage(pd.DataFrame({"vintage": [r["prev_vintage"], r["vintage"]]}),
                            what=f"tillväxten till {r['year']} för {indicator}", indicator=indicator)
    d["prev_year"] = d.groupby("county_code")["year"].shift()
    d["prev_value"] = d.groupby("county_code")["value"].shift()
    d = d.dropna(subset=["prev_year"])
    d["prev_year"] = d["prev_year"].astype(int)
    d["growth"] = d["value"] / d["prev_value"] - 1
    d["annual_growth"] = (d["value"] / d["prev_value"]) ** (1 / (d["year"] - d["prev_year"])) - 1
    return d[["county_code", "indicator", "prev_year", "year", "prev_value", "value", "growth",
              "annual_growth"]].reset_index(drop=True)
