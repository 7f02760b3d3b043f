"""The tidy indicator table and the measures derived from it.

Every indicator file in ``data/raw/indicators/`` (found through the data catalog) becomes rows of
one long table::

    county_code | year | indicator | value | unit | source | vintage

``value`` is a float and stays NA where the source suppresses or lacks a value (never 0).
Each file is checked row by row on load (known county code, plausible year, numeric value, one
unit per indicator, no duplicated key); bad input raises :class:`~analysis.core.errors.DataError`
naming the file, the row and the problem. The assembled table is then checked by the pandera
schema and the consistency checks in :mod:`analysis.tables.indicator_schemas`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import DataError
from ..core.regions import OMS_CODE, RIKET_CODE, county_codes, oms_county_codes
from ..sources import catalog as _catalog
from .indicator_schemas import COLUMNS, INDICATORS, KEY, YEAR_RANGE

MISSING_MARKERS = {"", "NA", "..", ".", "-"}  # how sources write suppressed/missing values


# Which raw code in a file means which indicator.
_GRP_UNIT_CODES = {"MIO_NAC": "grp_msek", "EUR_HAB": "grp_eur_per_inhabitant", "MIO_EUR": "grp_meur"}
EXTRA_REGIO = {"SEZZZ": "grp_meur_extra_regio"}  # Eurostat's extra-regio row, stored for Riket
# SCB TAB3138's contents: BRP (AH) and BRP per inhabitant (AJ) are read from their own files
# (``grp_scb_2024``, ``grp_per_inhabitant_2024``) and only compared here.
_TAB3138_CONTENTS = {"NR0105AI": "grp_volume_change_pct", "NR0105AK": "grp_per_employed_ksek",
                     "NR0105AL": "employed_thousands", "NR0105AM": "wages_msek"}
_TAB3138_CHECKED = {"NR0105AH": ("grp_scb_2024", "value"),
                    "NR0105AJ": ("grp_per_inhabitant_2024", "value")}
_RD_KPIS = {"N85085": "rd_business_per_inhabitant", "N85086": "rd_public_per_inhabitant",
            "N85087": "rd_higher_education_per_inhabitant"}
_RD_SECTORS = {"N85085": "business enterprise sector", "N85086": "public (government) sector",
               "N85087": "higher education sector"}
# Derived R&D totals (MSEK) from per-inhabitant values × population.
RD_TOTAL_IDS = {"rd_business_per_inhabitant": "rd_business_msek",
                "rd_public_per_inhabitant": "rd_public_msek",
                "rd_higher_education_per_inhabitant": "rd_higher_education_msek"}


def known_codes() -> set[str]:
    return set(county_codes()) | {RIKET_CODE, OMS_CODE}


# --- reading one file ------------------------------------------------------------------------

def _rows(df: pd.DataFrame, indicator) -> pd.DataFrame:
    """The columns every layout shares, with the indicator id (one id, or a Series per row)."""
    out = df[["_row", "county_code", "year", "value", "unit"]].copy()
    out["indicator"] = indicator
    return out


def _rows_population(df: pd.DataFrame, file: Path) -> pd.DataFrame:
    return _rows(df, "population")


def _rows_grp(df: pd.DataFrame, file: Path) -> pd.DataFrame:
    bad = df.loc[~df["unit_code"].isin(list(_GRP_UNIT_CODES))]
    if len(bad):
        r = bad.iloc[0]
        raise DataError(file, int(r["_row"]), f"okänd enhetskod {r['unit_code']!r} "
                        f"(väntade {', '.join(_GRP_UNIT_CODES)})")
    df = df.copy()
    extra = df["county_code"].isin(list(EXTRA_REGIO))
    if extra.any():
        bad = df.loc[extra & (df["unit_code"] != "MIO_EUR")]
        if len(bad):
            raise DataError(file, int(bad.iloc[0]["_row"]),
                            "extra-regio (SEZZZ) läses bara i miljoner euro (MIO_EUR)")
    indicator = df["unit_code"].map(_GRP_UNIT_CODES).where(~extra, df["county_code"].map(EXTRA_REGIO))
    # extra-regio is part of Riket's total but of no county: its row is kept, under Riket's code
    df.loc[extra, "county_code"] = RIKET_CODE
    return _rows(df, indicator)


def _rows_grp_contents(df: pd.DataFrame, file: Path) -> pd.DataFrame:
    """SCB TAB3138's six contents: four become indicators; BRP and BRP per inhabitant must equal
    the values in their own files (same table, same update), else the load stops."""
    known = set(_TAB3138_CONTENTS) | set(_TAB3138_CHECKED)
    bad = df.loc[~df["contents_code"].isin(sorted(known))]
    if len(bad):
        r = bad.iloc[0]
        raise DataError(file, int(r["_row"]), f"okänt tabellinnehåll {r['contents_code']!r} "
                        f"(väntade {', '.join(sorted(known))})")
    for code, (other, col) in _TAB3138_CHECKED.items():
        entry = _catalog.dataset(other)
        ref = _catalog.read_csv(entry["path"], entry["columns"])
        ref = ref.set_index(["county_code", "year"])[col]
        for _, r in df[df["contents_code"] == code].iterrows():
            key = (r["county_code"], r["year"])
            if key not in ref.index or str(ref[key]).strip() != str(r["value"]).strip():
                raise DataError(file, int(r["_row"]),
                                f"{code} för län {r['county_code']} år {r['year']} ({r['value']}) "
                                f"skiljer sig från {entry['path'].name} "
                                f"({ref[key] if key in ref.index else 'saknas'})")
    keep = df[df["contents_code"].isin(list(_TAB3138_CONTENTS))]
    return _rows(keep, keep["contents_code"].map(_TAB3138_CONTENTS))


def _rows_grp_per_inhabitant(df: pd.DataFrame, file: Path) -> pd.DataFrame:
    out = _rows(df, "grp_per_inhabitant_ksek")
    vintage = df["vintage"].astype(str).str.extract(r"(\d{4}-\d{2}-\d{2})")[0]
    if vintage.isna().any():
        r = df.loc[vintage.isna()].iloc[0]
        raise DataError(file, int(r["_row"]), f"årgången saknar datum: {r['vintage']!r}")
    out["vintage"] = vintage
    return out


def _rows_rd(df: pd.DataFrame, file: Path) -> pd.DataFrame:
    for _, r in df.iterrows():
        if r["kolada_kpi"] not in _RD_KPIS:
            raise DataError(file, int(r["_row"]), f"okänt Kolada-nyckeltal {r['kolada_kpi']!r}")
        if r["sector"] != _RD_SECTORS[r["kolada_kpi"]]:
            raise DataError(file, int(r["_row"]), f"sektorn {r['sector']!r} passar inte "
                            f"nyckeltalet {r['kolada_kpi']}")
    return _rows(df, df["kolada_kpi"].map(_RD_KPIS))


def _rows_reglab(df: pd.DataFrame, file: Path) -> pd.DataFrame:
    return _rows(df, "innovation_index_reglab")


_READERS = {"population": _rows_population, "grp": _rows_grp,
            "grp_per_inhabitant": _rows_grp_per_inhabitant, "rd_expenditure": _rows_rd,
            "innovation_index_reglab": _rows_reglab, "grp_contents": _rows_grp_contents}


def _parse_value(text: str, file: Path, row: int, allow_negative: bool = False) -> float:
    text = str(text).strip()
    if text in MISSING_MARKERS:
        return np.nan
    try:
        value = float(text.replace("\u2212", "-"))
    except ValueError:
        raise DataError(file, row, f"värdet {text!r} är inte ett tal") from None
    if allow_negative and np.isfinite(value):
        return value
    if not np.isfinite(value) or value < 0:
        raise DataError(file, row, f"värdet {text!r} är inte ett rimligt icke-negativt tal")
    return value


def _reader_name(entry: dict) -> str:
    # The schema "indicators.<layout>" says which reader parses the file, so a refreshed file
    # in the same layout (python -m analysis refresh) is read by the same code.
    schema = str(entry["schema"])
    layout = schema.split(".", 1)[1] if schema.startswith("indicators.") else ""
    if layout not in _READERS:
        raise KeyError(f"Datamängden {entry['name']!r} är ingen indikatorfil (schema {schema!r})")
    return layout


def parse_file(dataset: str, file: str | Path | None = None) -> pd.DataFrame:
    """Read one indicator file (the catalog's, or ``file``) into tidy rows; raise on bad input."""
    entry = _catalog.dataset(dataset)
    reader = _reader_name(entry)
    file = Path(file) if file is not None else entry["path"]
    raw = _catalog.read_csv(file, entry["columns"])
    rows = _READERS[reader](raw, file)
    if "vintage" not in rows:
        rows["vintage"] = str(entry["vintage"])

    codes = known_codes()
    values = []
    years = []
    series_unit: dict[str, tuple[str, int]] = {}
    for row, code, year, value, unit, ind in zip(rows["_row"], rows["county_code"], rows["year"],
                                                 rows["value"], rows["unit"], rows["indicator"]):
        row = int(row)
        if code not in codes:
            raise DataError(file, row, f"okänd länskod {code!r} (giltiga: 21 län, 00 Riket, SE12)")
        try:
            y = int(str(year).strip())
        except ValueError:
            raise DataError(file, row, f"året {year!r} är inte ett heltal") from None
        if not YEAR_RANGE[0] <= y <= YEAR_RANGE[1]:
            raise DataError(file, row, f"året {y} ligger utanför {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
        expected = INDICATORS[ind].raw_unit
        if ind in series_unit and unit != series_unit[ind][0]:
            first_unit, first_row = series_unit[ind]
            raise DataError(file, row, f"enheten byter mitt i serien {ind}: {unit!r} här men "
                            f"{first_unit!r} på rad {first_row}")
        if unit != expected:
            raise DataError(file, row, f"oväntad enhet {unit!r} för {ind} (väntade {expected!r})")
        series_unit.setdefault(ind, (unit, row))
        years.append(y)
        values.append(_parse_value(value, file, row, INDICATORS[ind].kind == "change"))

    out = pd.DataFrame({
        "county_code": rows["county_code"].astype(str).to_numpy(),
        "year": np.array(years, dtype="int64"),
        "indicator": rows["indicator"].astype(str).to_numpy(),
        "value": np.array(values, dtype="float64"),
        "unit": [INDICATORS[i].unit for i in rows["indicator"]],
        # the catalog's row_source names this file's publisher and update (several files feed
        # one indicator); otherwise the indicator's own source
        "source": [str(entry.get("row_source") or INDICATORS[i].source) for i in rows["indicator"]],
        "vintage": rows["vintage"].astype(str).to_numpy(),
        "_row": rows["_row"].astype(int).to_numpy(),
    })
    _check_no_missing_rows(out, file)
    dup = out.duplicated(KEY, keep=False)
    if dup.any():
        d = out.loc[dup].sort_values("_row")
        first, second = d.iloc[0], d[(d[KEY] == d.iloc[0][KEY]).all(axis=1)].iloc[1]
        raise DataError(file, int(second["_row"]),
                        f"dubblerad nyckel (län {first['county_code']}, år {first['year']}, "
                        f"{first['indicator']}, årgång {first['vintage']}); första gången på rad "
                        f"{int(first['_row'])}")
    return out


def _check_no_missing_rows(rows: pd.DataFrame, file: Path) -> None:
    """A county or aggregate left out of a year the file otherwise covers is an error.

    Per indicator and vintage, a year in which more than half of the 21 counties have rows is a
    cross-section: every county must have a row then (a value the source does not give is
    written as ``..`` or left empty, and is counted as missing), and so must Riket and SE12 if
    they have rows in other years. A deleted row would otherwise pass unseen: no missing value
    counted, a sum check skipped, a trend drawn over the gap.
    """
    counties = county_codes()
    for (ind, vintage), g in rows.groupby(["indicator", "vintage"], sort=False):
        aggregates = {c for c in (RIKET_CODE, OMS_CODE) if c in set(g["county_code"])}
        for year, y in g.groupby("year"):
            present = set(y["county_code"])
            n = sum(c in present for c in counties)
            if n * 2 <= len(counties):
                continue
            missing = [c for c in counties if c not in present] + sorted(aggregates - present)
            if missing:
                from ..core.regions import county_name

                names = ", ".join(f"{county_name(c) if c in counties else c} ({c})" for c in missing)
                raise DataError(file, None,
                                f"rad saknas för {names} år {year} ({ind}, årgång {vintage}): "
                                f"{n} av 21 län har rader det året. Ett värde som källan inte ger "
                                f"ska stå som '..' eller tomt (räknas då som saknat), inte utelämnas")


@lru_cache(maxsize=None)
def _read_dataset(dataset: str) -> pd.DataFrame:
    return parse_file(dataset).drop(columns="_row")


def read_dataset(dataset: str) -> pd.DataFrame:
    """One indicator dataset as tidy rows (cached; a copy)."""
    return _read_dataset(dataset).copy()


def indicator_datasets() -> list[str]:
    """Catalog names of every indicator file (the original ones and any refreshed ones)."""
    return [n for n in _catalog.names()
            if str(_catalog.dataset(n)["schema"]).startswith("indicators.")]


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


def clear_cache() -> None:
    _read_dataset.cache_clear()
    _indicators.cache_clear()
    _nuts2_grp.cache_clear()


# --- Eurostat's NUTS 2 GDP (its own table: the regions are not counties) -----------------------

NUTS2_GRP_DATASET = "grp_nuts2_2025"
_NUTS2_UNITS = {"MIO_NAC": ("grp_msek", "MSEK (million SEK, current prices)"),
                "EUR_HAB": ("grp_eur_per_inhabitant", "EUR per inhabitant (current prices)")}
NUTS2_EXTRA_REGIO = "SEZZ"


@lru_cache(maxsize=1)
def _nuts2_grp() -> pd.DataFrame:
    from ..core.regions import nuts2_codes
    from .indicator_schemas import GRP_TOLERANCE_MSEK

    entry = _catalog.dataset(NUTS2_GRP_DATASET)
    file = entry["path"]
    raw = _catalog.read_csv(file, entry["columns"])
    codes = set(nuts2_codes()) | {RIKET_CODE, NUTS2_EXTRA_REGIO}
    rows = []
    for _, r in raw.iterrows():
        row = int(r["_row"])
        if r["county_code"] not in codes:
            raise DataError(file, row, f"okänd regionkod {r['county_code']!r} (väntade NUTS 2-koder, "
                            f"{NUTS2_EXTRA_REGIO} eller 00)")
        if r["unit_code"] not in _NUTS2_UNITS:
            raise DataError(file, row, f"okänd enhetskod {r['unit_code']!r}")
        ind, unit = _NUTS2_UNITS[r["unit_code"]]
        if r["unit"] != unit:
            raise DataError(file, row, f"oväntad enhet {r['unit']!r} för {r['unit_code']}")
        try:
            year = int(r["year"])
        except ValueError:
            raise DataError(file, row, f"året {r['year']!r} är inte ett heltal") from None
        rows.append({"region_code": r["county_code"], "year": year, "indicator": ind,
                     "value": _parse_value(r["value"], file, row), "unit": INDICATORS[ind].unit,
                     "source": "Eurostat (SCB NR0105), NUTS 2", "vintage": str(entry["vintage"]),
                     "_row": row})
    df = pd.DataFrame(rows)
    if df.duplicated(["region_code", "year", "indicator"]).any():
        r = df[df.duplicated(["region_code", "year", "indicator"])].iloc[0]
        raise DataError(file, int(r["_row"]), "dubblerad nyckel (region, år, enhet)")
    # the eight regions plus extra-regio sum to Sweden (MSEK) every year
    msek = df[df["indicator"] == "grp_msek"].pivot(index="region_code", columns="year", values="value")
    parts = [c for c in msek.index if c != RIKET_CODE]
    for year in msek.columns:
        diff = msek.loc[parts, year].sum() - msek.at[RIKET_CODE, year]
        if round(abs(diff), 6) > GRP_TOLERANCE_MSEK:
            raise DataError(file, None, f"NUTS 2-regionerna och extra-regio summerar inte till riket "
                            f"{year} (skillnad {diff:.2f} mnkr)")
    return df.drop(columns="_row")


def nuts2_grp() -> pd.DataFrame:
    """Eurostat's GDP of the eight NUTS 2 regions (and Riket, extra-regio) in one vintage:
    ``region_code, year, indicator`` (``grp_msek`` or ``grp_eur_per_inhabitant``), ``value, unit,
    source, vintage``. Checked on load: codes, units, keys, and the regions plus extra-regio
    summing to Riket within 0,01 mnkr every year."""
    return _nuts2_grp().copy()
