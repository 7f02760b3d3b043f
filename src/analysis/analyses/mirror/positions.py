"""Where a region stands: level and growth with rank, percentile and z-score among the 21
counties (Riket and ÖMS on the same scale, without a rank), and the profile of several regions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core import regions
from ...core.errors import ParameterError
from ...core.params import check_region, valid_regions
from .table import (GROWTH_INDICATORS, LEVEL_INDICATORS, PROFILE_REGIONS, _check_indicator,
                    _complete_years, _meta, _resolve_year, row_sources, data_or_default, _values, indicator_label,
                    is_additive, region_name)


def position(values: pd.Series, units: list[str] | None = None) -> pd.DataFrame:
    """Rank, percentile and z-score of each county; aggregates placed on the county scale.

    ``values`` is indexed by region code. Ranks (1 = highest, ties share the best rank) and the
    standardisation use the counties only; percentile = share of counties with a value lower than
    or equal to the region's (``scipy.stats.percentileofscore``, kind ``weak``), in percent.
    ``units``: the regions ranked instead of the 21 counties (the NUTS 2 regions for ÖMS).
    """
    from scipy import stats

    counties = [c for c in (regions.county_codes() if units is None else units)
                if c in values.index]
    county_values = values.loc[counties].astype(float)
    if len(county_values) < 3:
        raise ParameterError("För få län med värden för att rangordna (minst tre behövs).")
    mean = float(county_values.mean())
    sd = float(county_values.std(ddof=0))
    z_counties = pd.Series(stats.zscore(county_values.to_numpy(), ddof=0), index=counties)
    ranks = county_values.rank(ascending=False, method="min").astype(int)
    rows = []
    for code, value in values.items():
        is_county = code in ranks.index
        rows.append({
            "county_code": code,
            "value": float(value),
            "rank": int(ranks[code]) if is_county else pd.NA,
            "n_counties": len(county_values),
            "percentile": float(stats.percentileofscore(county_values.to_numpy(), value,
                                                        kind="weak")),
            "zscore": float(z_counties[code]) if is_county else (float(value) - mean) / sd,
        })
    out = pd.DataFrame(rows)
    out["rank"] = out["rank"].astype("Int64")
    return out


def cross_section(indicator: str, year: int | None = None,
                  data: pd.DataFrame | None = None) -> pd.DataFrame:
    """All counties (+ ÖMS and Riket where present) for one indicator and year, with positions.

    ``year`` defaults to the latest year with values for all 21 counties.
    """
    df = data_or_default(data)
    _check_indicator(df, indicator)
    year = _resolve_year(df, indicator, year)
    out = position(_values(df, indicator, year))
    if is_additive(indicator):
        aggregate = ~out["county_code"].isin(regions.county_codes())
        out.loc[aggregate, ["percentile", "zscore"]] = np.nan
    unit, _, vintage = _meta(df, indicator, year)
    out.insert(1, "region", [region_name(c) for c in out["county_code"]])
    out.insert(2, "measure", indicator)
    out.insert(3, "label", indicator_label(indicator))
    out.insert(4, "period", str(year))
    out["unit"], out["vintage"] = unit, vintage
    out["source"] = row_sources(df, indicator, year, out["county_code"])
    return _order(out)


def growth(indicator: str, start: int | None = None, end: int | None = None,
           data: pd.DataFrame | None = None, measure: str = "trend") -> pd.DataFrame:
    """Growth from ``start`` to ``end`` per region, with positions.

    Defaults: the first and last years with values for all 21 counties. ``measure="trend"`` (the
    default, the same measure as :func:`analysis.analyses.mirror.growth_comparison`): ``value`` is
    the OLS slope of the index (``start`` = 100) in index points per year, as a share (0.012 =
    1,2 % of the start year's level per year). ``measure="rate"``: the mean annual (geometric)
    rate. ``change`` is the total change either way.
    """
    if measure not in ("trend", "rate"):
        raise ParameterError(f"Okänt tillväxtmått {measure!r}. Giltiga värden: trend, rate.")
    df = data_or_default(data)
    _check_indicator(df, indicator)
    years = _complete_years(df, indicator)
    start = _resolve_year(df, indicator, start if start is not None else (years[0] if years else None))
    end = _resolve_year(df, indicator, end)
    if end <= start:
        raise ParameterError(f"Slutåret ({end}) måste vara senare än startåret ({start}).")
    first, last = _values(df, indicator, start), _values(df, indicator, end)
    both = first.index.intersection(last.index)
    change = last[both] / first[both] - 1
    if measure == "rate":
        value = (last[both] / first[both]) ** (1 / (end - start)) - 1
        label = f"{indicator_label(indicator)}, årlig förändring"
    else:
        value = _trend(df, indicator, start, end, both)
        label = f"{indicator_label(indicator)}, trend per år (% av {start} års nivå)"
    out = position(value)
    out["start_value"] = first[out["county_code"]].to_numpy()
    out["end_value"] = last[out["county_code"]].to_numpy()
    out["change"] = change[out["county_code"]].to_numpy()
    unit, _, vintage = _meta(df, indicator, end)
    out.insert(1, "region", [region_name(c) for c in out["county_code"]])
    out.insert(2, "measure", f"{indicator}_growth")
    out.insert(3, "label", label)
    out.insert(4, "period", f"{start}–{end}")
    out["unit"] = "andel per år"
    out["source"] = row_sources(df, indicator, end, out["county_code"])
    out["vintage"] = vintage
    return _order(out)


def _trend(df: pd.DataFrame, indicator: str, start: int, end: int, codes) -> pd.Series:
    """OLS slope of each region's index (``start`` = 100) over the years it has, as a share."""
    from scipy import stats

    sub = df[(df["indicator"] == indicator) & df["year"].between(start, end)
             & df["county_code"].isin(codes) & df["value"].notna()]
    wide = sub.pivot(index="year", columns="county_code", values="value")
    index = wide / wide.loc[start]
    return pd.Series({c: stats.linregress(index[c].dropna().index.astype(float),
                                          index[c].dropna().to_numpy()).slope for c in codes})


def _order(out: pd.DataFrame) -> pd.DataFrame:
    key = {c: i for i, c in enumerate(valid_regions())}
    return (out.assign(_k=out["county_code"].map(key)).sort_values("_k")
            .drop(columns="_k").reset_index(drop=True))


def profile(codes: tuple[str, ...] | list[str] = PROFILE_REGIONS,
            level_indicators: tuple[str, ...] | list[str] = LEVEL_INDICATORS,
            growth_indicators: tuple[str, ...] | list[str] = GROWTH_INDICATORS,
            years: dict[str, int] | None = None,
            data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Profile of the chosen regions: level and growth measures with rank, percentile, z-score.

    One row per region and measure. Each level measure uses its latest complete year unless
    ``years`` names one; growth runs over the full complete span. A region without a value for a
    measure (e.g. ÖMS for Reglab's index, which cannot be summed) gets a row with ``value`` NA,
    so the gap is visible rather than dropped.
    """
    df = data_or_default(data)
    codes = [check_region(c) for c in codes]
    years = years or {}
    parts = []
    for indicator in level_indicators:
        parts.append(cross_section(indicator, years.get(indicator), df))
    for indicator in growth_indicators:
        parts.append(growth(indicator, data=df))
    rows = []
    for part in parts:
        have = part.set_index("county_code")
        for code in codes:
            if code in have.index:
                rows.append(have.loc[code].to_dict() | {"county_code": code})
            else:
                # Keep what describes the measure (label, period, unit, source); blank the rest.
                template = {k: part.iloc[0][k] for k in ("measure", "label", "period", "unit",
                                                         "n_counties", "source", "vintage")}
                rows.append({**template, "county_code": code, "region": region_name(code),
                             "value": np.nan, "rank": pd.NA, "percentile": np.nan,
                             "zscore": np.nan})
    out = pd.DataFrame(rows)
    cols = ["county_code", "region", "measure", "label", "period", "value", "unit", "rank",
            "n_counties", "percentile", "zscore", "source", "vintage"]
    extra = [c for c in out.columns if c not in cols]
    out = out.loc[:, cols + extra]
    out["rank"] = out["rank"].astype("Int64")
    return out.reset_index(drop=True)
