"""Indicator files read and checked: each file in ``data/raw/indicators/`` (found through the data
catalog) as tidy rows, and Eurostat's NUTS 2 GDP as its own table.

Each file is checked row by row on load (known county code, plausible year, numeric value, one
unit per indicator, no duplicated key, no county left out of a year the file covers); bad input
raises :class:`~analysis.core.errors.DataError` naming the file, the row and the problem. The
table built from these rows is :mod:`analysis.tables.indicator_table`; the package's face for
all of it is :mod:`analysis.tables.indicators`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import DataError
from ..core.regions import OMS_CODE, RIKET_CODE, county_codes
from ..sources import catalog as _catalog
from .indicator_schemas import INDICATORS, KEY, YEAR_RANGE

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
