"""The tidy indicator table, built from every indicator file, and its lookups::

    county_code | year | indicator | value | unit | source | vintage

``value`` is a float and stays NA where the source suppresses or lacks a value (never 0). The
rows come from :mod:`analysis.tables.indicator_files` (each file checked on load); the assembled
table is then checked by the pandera schema and the consistency checks in
:mod:`analysis.tables.indicator_schemas`, and kept in the tables store. :func:`series` also
serves the R&D totals in MSEK (:func:`rd_totals`, per inhabitant × population), so they live
here beside it. The package's face for all of it is :mod:`analysis.tables.indicators`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import DataError
from ..core.regions import RIKET_CODE, county_codes
from ..sources import catalog as _catalog
from .indicator_files import RD_TOTAL_IDS, _read_dataset, indicator_datasets
from .indicator_schemas import COLUMNS, INDICATORS

# --- the tidy table --------------------------------------------------------------------------

def indicator_inputs() -> list[Path]:
    """Every file the indicator table is built from (the build cache's key)."""
    from ..core.regions import COUNTIES_FILE

    return [_catalog.CATALOG_FILE, COUNTIES_FILE,
            *(Path(_catalog.dataset(d)["path"]) for d in indicator_datasets())]


def _build_indicators() -> pd.DataFrame:
    from .indicator_schemas import check_consistency, validate_indicator_table

    df = pd.concat([_read_dataset(d) for d in indicator_datasets()], ignore_index=True)
    df = validate_indicator_table(df)
    check_consistency(df)
    return df


def check_every_indicator(df: pd.DataFrame) -> None:
    """A :class:`DataError` naming data/catalog.yml where an indicator of the vocabulary has no
    values: the dataset that gives it has gone from the catalog (the catalog lists indicator
    datasets by schema, so a removed entry would otherwise pass unseen)."""
    from ..sources import catalog as _cat
    from .indicator_schemas import DERIVED_INDICATORS, INDICATORS

    missing = sorted(set(INDICATORS) - set(DERIVED_INDICATORS) - set(df["indicator"]))
    if missing:
        raise DataError(_cat.CATALOG_FILE, None,
                        "ingen datamängd i datakatalogen ger indikatorerna "
                        f"{', '.join(missing)}; har en post tagits bort?")


def indicator_tables() -> dict[str, pd.DataFrame]:
    """The validated indicator table (every vintage) as the tables store keeps it."""
    return {"indicators": _build_indicators()}


@lru_cache(maxsize=2)
def _indicators(all_vintages: bool) -> pd.DataFrame:
    if all_vintages:
        from . import store

        df = store.tables("indicators", indicator_inputs, indicator_tables)["indicators"]
    else:
        df = _one_vintage(_indicators(True))  # read and validated once, for both views
    return df.sort_values(["indicator", "county_code", "year"]).reset_index(drop=True)


def _one_vintage(df: pd.DataFrame) -> pd.DataFrame:
    """Keep one vintage per (indicator, year): the one covering most regions, then the newest.

    This keeps every cross-section internally consistent (ranks compare like with like); the
    choice is recorded in the assumptions log. Of the stored files only grp_per_inhabitant_ksek
    has two vintages; a refreshed SCB file adds a newer one, which wins where it is as complete.
    """
    cover = (df.dropna(subset=["value"]).groupby(["indicator", "year", "vintage"]).size()
             .rename("n").reset_index())
    cover = cover.sort_values(["indicator", "year", "n", "vintage"],
                              ascending=[True, True, False, False])
    chosen = cover.drop_duplicates(["indicator", "year"])[["indicator", "year", "vintage"]]
    # Years where every value is missing still keep their (single) vintage.
    all_keys = df[["indicator", "year", "vintage"]].drop_duplicates()
    lonely = all_keys.merge(chosen[["indicator", "year"]], how="left", indicator=True)
    chosen = pd.concat([chosen, lonely.loc[lonely["_merge"] == "left_only",
                                           ["indicator", "year", "vintage"]]])
    return df.merge(chosen, on=["indicator", "year", "vintage"], how="inner")


def indicators(all_vintages: bool = False) -> pd.DataFrame:
    """The tidy indicator table (a copy).

    One row per region, year and indicator. Where a source gives two vintages for the same
    year (BRP per invånare 2019), the vintage covering the most regions is kept;
    ``all_vintages=True`` returns every row (key: county_code, year, indicator, vintage).
    """
    return _indicators(bool(all_vintages)).copy()


def indicator_info() -> pd.DataFrame:
    """One row per indicator id: Swedish label, unit, kind (additive / per_inhabitant / index),
    dataset, source, vintage(s), years and number of regions covered, missing values."""
    df = indicators(all_vintages=True)
    rows = []
    for ind in INDICATORS.values():
        d = df[df["indicator"] == ind.id]
        years = sorted(d["year"].unique())
        rows.append({
            "indicator": ind.id,
            "label": ind.label,
            "unit": ind.unit,
            "kind": ind.kind,
            "additive": ind.kind == "additive",
            "per_inhabitant": ind.kind == "per_inhabitant",
            "dataset": ind.dataset,
            "source": ind.source,
            "vintage": ", ".join(sorted(d["vintage"].unique())),
            "first_year": int(years[0]) if years else pd.NA,
            "last_year": int(years[-1]) if years else pd.NA,
            "years": ", ".join(str(y) for y in years),
            "n_regions": int(d["county_code"].nunique()),
            "n_values": int(d["value"].notna().sum()),
            "n_missing": int(d["value"].isna().sum()),
        })
    return pd.DataFrame(rows)


_KIND_SV = {"additive": "summerbar", "per_inhabitant": "per invånare", "index": "index"}


def indicator_overview() -> pd.DataFrame:
    """:func:`indicator_info` for readers: Swedish headers, one row per indicator."""
    info = indicator_info()
    return pd.DataFrame({
        "Indikator": info["label"], "Id": info["indicator"], "Enhet": info["unit"],
        "Slag": info["kind"].map(_KIND_SV), "Källa": info["source"],
        "Årgång": info["vintage"], "År": info["years"], "Regioner": info["n_regions"],
        "Värden": info["n_values"], "Saknade": info["n_missing"],
    })


def series(indicator: str, codes: list[str] | None = None, all_vintages: bool = False
           ) -> pd.DataFrame:
    """Rows of one indicator (optionally for some regions), sorted by region and year."""
    if indicator not in INDICATORS and indicator not in RD_TOTAL_IDS.values():
        raise KeyError(f"Okänd indikator {indicator!r}. Finns: {', '.join(INDICATORS)}")
    df = indicators(all_vintages) if indicator in INDICATORS else rd_totals()
    df = df[df["indicator"] == indicator]
    if codes is not None:
        df = df[df["county_code"].isin(codes)]
    return df.reset_index(drop=True)


def wide(indicator: str, codes: list[str] | None = None) -> pd.DataFrame:
    """One indicator as a region × year table (regions as rows)."""
    return series(indicator, codes).pivot(index="county_code", columns="year", values="value")


def population(year: int | None = None, codes: list[str] | None = None) -> pd.DataFrame:
    """Population (31 Dec) rows: county_code, year, value."""
    df = series("population", codes)
    if year is not None:
        df = df[df["year"] == year]
    return df[["county_code", "year", "value"]].reset_index(drop=True)


def rd_totals(include_riket: bool = True) -> pd.DataFrame:
    """R&D expenditure in MSEK per county and sector: per-inhabitant value × population (31 Dec).

    Ids ``rd_business_msek``, ``rd_public_msek``, ``rd_higher_education_msek``. Suppressed
    per-inhabitant values stay NA. With ``include_riket`` a ``00`` row sums the counties; it is NA
    when any county is missing (SCB's own total would include the suppressed counties).
    """
    df = indicators()
    pop = population().rename(columns={"value": "pop"})
    out = []
    for per_inh, total_id in RD_TOTAL_IDS.items():
        d = df[df["indicator"] == per_inh].merge(pop, on=["county_code", "year"], how="left")
        d = d[d["year"].isin(pop["year"].unique())]
        d = d.assign(value=d["value"] * d["pop"] / 1e6, indicator=total_id, unit="mnkr, löpande priser",
                     source=d["source"] + " × folkmängd (SCB BE0101)")
        out.append(d[COLUMNS])
        if include_riket:
            counties = d[d["county_code"].isin(county_codes())]
            for year, g in counties.groupby("year"):
                complete = len(g) == 21 and g["value"].notna().all()
                out.append(pd.DataFrame([{
                    "county_code": RIKET_CODE, "year": int(year), "indicator": total_id,
                    "value": g["value"].sum() if complete else np.nan,
                    "unit": "mnkr, löpande priser",
                    "source": "beräknad: summa av 21 län", "vintage": g["vintage"].iloc[0]}]))
    return pd.concat(out, ignore_index=True).sort_values(
        ["indicator", "county_code", "year"]).reset_index(drop=True)
