"""Prices: KPI deflator to any base year and EUR conversion, with explicit assumptions.

KPI (SCB PR0101, fastställda tal, 1980=100) is used either as the published annual mean or as
the mean of the months a project actually ran (REAL ÖMS's 2023 is November–December). Years and
months the data does not cover (after 2024-11; budget years up to 2027) are never filled
silently: without an explicit ``assumption`` a :class:`MissingPriceData` error is raised. With
``assumption="hold_latest"`` the missing level is the latest known one; with
``assumption=annual_rate(0.01)`` (``"annual_rate:0.01"``) it grows from the latest published
month by that rate a year (``hold_latest`` is the rate 0). Every result row carries the flag
(``price_assumed``, ``price_assumption``) so the report can say so, and
:func:`assumption_text` words the assumption for readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import DataError
from ..sources import catalog as _catalog

KPI_ANNUAL = _catalog.needs("kpi_annual")
KPI_MONTHLY = _catalog.needs("kpi_monthly")
EUR_SEK = _catalog.needs("eur_sek")

HOLD_LATEST = "hold_latest"
# Every assumption a caller may choose, with the Swedish wording the report shows.
ASSUMPTIONS: dict[str, str] = {
    HOLD_LATEST: ("Priser hålls på senast kända nivå: månader utan publicerat KPI får den senast "
                  "publicerade månadens värde, och år utan årsgenomsnitt för EUR/SEK får det "
                  "senaste årets kurs."),
}


ANNUAL_RATE = "annual_rate"


class MissingPriceData(ValueError):
    """KPI or exchange rate missing for a period and no explicit assumption given."""


def annual_rate(rate: float) -> str:
    """The assumption that KPI grows by ``rate`` a year (0.01 = 1 %) after the latest published
    month: ``'annual_rate:0.01'``."""
    rate = float(rate)
    if not -0.2 < rate < 0.2:
        raise ValueError(f"Orimlig inflationstakt {rate!r} per år (ange t.ex. 0.01 för 1 %)")
    return f"{ANNUAL_RATE}:{rate:g}"


def assumed_rate(assumption: str | None) -> float | None:
    """The yearly KPI change an assumption stands for: 0 for ``hold_latest``, the rate of
    ``annual_rate:r``, None for no assumption."""
    _check_assumption(assumption)
    if assumption is None:
        return None
    if assumption == HOLD_LATEST:
        return 0.0
    return float(assumption.split(":", 1)[1])


def assumption_text(assumption: str) -> str:
    """The assumption in words for readers (Swedish)."""
    rate = assumed_rate(assumption)
    if assumption in ASSUMPTIONS:
        return ASSUMPTIONS[assumption]
    from ..core.formatting import format_percent

    return (f"KPI antas stiga med {format_percent(rate, 0 if rate * 100 == round(rate * 100) else 1)} "
            "per år efter den senast publicerade månaden, och år utan årsgenomsnitt för EUR/SEK "
            "får det senaste årets kurs.")


def _check_assumption(assumption: str | None) -> None:
    if assumption is None or assumption in ASSUMPTIONS:
        return
    if isinstance(assumption, str) and assumption.startswith(ANNUAL_RATE + ":"):
        try:
            float(assumption.split(":", 1)[1])
            return
        except ValueError:
            pass
    raise ValueError(f"Okänt antagande {assumption!r}. Tillåtna: {', '.join(ASSUMPTIONS)}, "
                     f"{ANNUAL_RATE}:<takt per år> (t.ex. {ANNUAL_RATE}:0.01) "
                     "(eller None för inget antagande)")


# --- reading ---------------------------------------------------------------------------------

def _int(text: str, file: Path, row: int, what: str, lo: int, hi: int) -> int:
    try:
        v = int(str(text).strip())
    except ValueError:
        raise DataError(file, row, f"{what} {text!r} är inte ett heltal") from None
    if not lo <= v <= hi:
        raise DataError(file, row, f"{what} {v} ligger utanför {lo}–{hi}")
    return v


def _positive(text: str, file: Path, row: int) -> float:
    try:
        v = float(str(text).strip())
    except ValueError:
        raise DataError(file, row, f"värdet {text!r} är inte ett tal") from None
    if not np.isfinite(v) or v <= 0:
        raise DataError(file, row, f"värdet {text!r} är inte ett positivt tal")
    return v


def parse_price_file(name: str, file: str | Path | None = None) -> pd.DataFrame:
    """Read ``kpi_annual``, ``kpi_monthly`` or ``eur_sek`` (or a file in that layout)."""
    entry = _catalog.dataset(name)
    layout = str(entry["schema"]).removeprefix("prices.")  # a refreshed file keeps the layout
    file = Path(file) if file is not None else entry["path"]
    raw = _catalog.read_csv(file, entry["columns"])
    expected_unit = {"kpi_annual": "index 1980=100", "kpi_monthly": "index 1980=100",
                     "eur_sek": "SEK per 1 EUR"}[layout]
    rows = []
    for r in raw.to_dict("records"):
        row = int(r["_row"])
        if r["unit"] != expected_unit:
            raise DataError(file, row, f"oväntad enhet {r['unit']!r} (väntade {expected_unit!r})")
        rec = {"year": _int(r["year"], file, row, "året", 1980, 2100),
               "value": _positive(r["value"], file, row), "source": r["source"], "_row": row}
        if layout == "kpi_monthly":
            rec["month"] = _int(r["month"], file, row, "månaden", 1, 12)
        rows.append(rec)
    df = pd.DataFrame(rows)
    key = ["year", "month"] if layout == "kpi_monthly" else ["year"]
    dup = df.duplicated(key, keep="first")
    if dup.any():
        r = df.loc[dup].iloc[0]
        raise DataError(file, int(r["_row"]), f"dubblerad period {tuple(int(r[k]) for k in key)}")
    cols = key + ["value", "source"]
    return df[cols].sort_values(key).reset_index(drop=True)


@lru_cache(maxsize=None)
def _read(name: str) -> pd.DataFrame:
    if name == "kpi_monthly":
        return _monthly_all()
    return parse_price_file(name)


def _monthly_all() -> pd.DataFrame:
    """The stored monthly KPI plus any refreshed SCB files (schema prices.kpi_monthly); where
    both give a month, the newest vintage wins (fastställda tal are not revised)."""
    names = [n for n in _catalog.names()
             if _catalog.dataset(n)["schema"] == "prices.kpi_monthly"]
    parts = []
    for n in names:
        d = parse_price_file(n)
        d["_vintage"] = str(_catalog.dataset(n)["vintage"])
        parts.append(d)
    df = pd.concat(parts, ignore_index=True).sort_values("_vintage", kind="stable")
    df = df.drop_duplicates(["year", "month"], keep="last").drop(columns="_vintage")
    return df.sort_values(["year", "month"]).reset_index(drop=True)


def read_dataset(name: str) -> pd.DataFrame:
    """One price file by catalog name, for :func:`analysis.tables.load.load` (a copy)."""
    return _read_one(name).copy()


@lru_cache(maxsize=None)
def _read_one(name: str) -> pd.DataFrame:
    return parse_price_file(name)


def kpi_annual() -> pd.DataFrame:
    """KPI annual means: year, value, source."""
    return read_dataset(KPI_ANNUAL)


def kpi_monthly() -> pd.DataFrame:
    """KPI monthly values (stored and refreshed): year, month, value, source."""
    return _read("kpi_monthly").copy()


def eur_sek() -> pd.DataFrame:
    """EUR/SEK annual averages (SEK per EUR): year, value, source."""
    return read_dataset(EUR_SEK)


def latest_kpi_year() -> int:
    """The latest year with a published KPI annual mean (the default base year for fixed prices)."""
    return int(kpi_annual()["year"].astype(int).max())


def kpi_base() -> str:
    """The index base of the KPI series the report uses, from the catalog's unit (e.g.
    ``"1980=100"``): SCB moved to 2020=100 in January 2026 and publishes 1980=100 until 2030."""
    import re

    from ..sources import catalog

    m = re.search(r"\d{4}=100", str(catalog.dataset(KPI_ANNUAL)["unit"]))
    return m.group(0) if m else str(catalog.dataset(KPI_ANNUAL)["unit"])


def latest_kpi_month() -> tuple[int, int]:
    m = _read("kpi_monthly")
    last = m.iloc[-1]
    return int(last["year"]), int(last["month"])


# --- KPI levels ------------------------------------------------------------------------------

@dataclass(frozen=True)
class KpiLevel:
    year: int
    value: float
    basis: str  # Swedish: "årsmedel 2018", "medel av 2023-11 – 2023-12"
    assumed: bool  # True when the chosen assumption filled any part
    assumption: str | None


def _month_label(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def kpi_level(year: int, months: list[int] | None = None, *, assumption: str | None = None
              ) -> KpiLevel:
    """KPI for a year: the annual mean, or the mean of ``months`` (1–12) of that year.

    Without an annual mean (2024 onward) the level is built from the monthly values; months
    after the latest published one need ``assumption="hold_latest"`` or raise MissingPriceData.
    """
    _check_assumption(assumption)
    year = int(year)
    annual = _read("kpi_annual").set_index("year")["value"]
    if months is None and year in annual.index:
        return KpiLevel(year, float(annual.loc[year]), f"årsmedel {year}", False, None)
    monthly = _read("kpi_monthly").set_index(["year", "month"])["value"]
    wanted = list(range(1, 13)) if months is None else sorted({int(m) for m in months})
    if not wanted or any(not 1 <= m <= 12 for m in wanted):
        raise ValueError(f"Ogiltiga månader {months!r} för {year}")
    first_year = int(monthly.index[0][0])
    if year < first_year:
        raise MissingPriceData(f"KPI finns i datat från {first_year}; {year} kan inte räknas om.")
    ly, lm = latest_kpi_month()
    rate = assumed_rate(assumption) or 0.0
    values, missing = [], []
    for m in wanted:
        if (year, m) in monthly.index:
            values.append(float(monthly.loc[(year, m)]))
        elif (year, m) > (ly, lm):
            missing.append(m)
            ahead = (year - ly) * 12 + m - lm  # months after the latest published one
            values.append(float(monthly.loc[(ly, lm)]) * (1 + rate) ** (ahead / 12))
        else:
            raise MissingPriceData(f"KPI saknas för {_month_label(year, m)} mitt i serien.")
    if missing and assumption is None:
        what = "årsmedel" if months is None else "KPI för " + ", ".join(
            _month_label(year, m) for m in missing)
        raise MissingPriceData(
            f"KPI saknas för {year} ({what}; senast publicerade månad är "
            f"{_month_label(ly, lm)}, senaste årsmedel {int(annual.index.max())}). Inget fylls i "
            f"tyst: ange ett uttryckligt antagande, t.ex. assumption='{HOLD_LATEST}' "
            f"({ASSUMPTIONS[HOLD_LATEST]})")
    span = (f"årsmedel {year} av månadsvärden" if months is None
            else f"medel av {_month_label(year, wanted[0])} – {_month_label(year, wanted[-1])}")
    if missing and not rate:
        span += f" (månader efter {_month_label(ly, lm)} hållna på {_month_label(ly, lm)})"
    elif missing:
        span += (f" (månader efter {_month_label(ly, lm)} framskrivna med "
                 f"{rate * 100:g} % per år)".replace(".", ","))
    return KpiLevel(year, float(np.mean(values)), span, bool(missing),
                    assumption if missing else None)


def kpi_factor(from_year: int, to_year: int, *, from_months: list[int] | None = None,
               to_months: list[int] | None = None, assumption: str | None = None) -> float:
    """The factor that turns prices of ``from_year`` into prices of ``to_year``: KPI(to)/KPI(from)."""
    a = kpi_level(from_year, from_months, assumption=assumption)
    b = kpi_level(to_year, to_months, assumption=assumption)
    return b.value / a.value


def deflator(years, base_year: int, *, months: dict[int, list[int]] | None = None,
             base_months: list[int] | None = None, assumption: str | None = None) -> pd.DataFrame:
    """Deflator table from each of ``years`` to prices of ``base_year``.

    ``months`` maps a year to the months that count for it (e.g. :func:`analysis.core.months.project_months`); years
    not in it use the annual mean. Columns: year, kpi, kpi_basis, base_year, base_kpi,
    base_basis, factor (multiply a current-price amount by it), price_assumed, price_assumption.
    """
    _check_assumption(assumption)
    months = months or {}
    base = kpi_level(base_year, base_months, assumption=assumption)
    rows = []
    for y in sorted({int(y) for y in years}):
        lvl = kpi_level(y, months.get(y), assumption=assumption)
        assumed = lvl.assumed or base.assumed
        rows.append({"year": y, "kpi": lvl.value, "kpi_basis": lvl.basis, "base_year": base.year,
                     "base_kpi": base.value, "base_basis": base.basis,
                     "factor": base.value / lvl.value, "price_assumed": assumed,
                     "price_assumption": assumption if assumed else None})
    return pd.DataFrame(rows)


def deflator_table(years, base_year: int, *, months: dict[int, list[int]] | None = None,
                   base_months: list[int] | None = None, assumption: str | None = None
                   ) -> pd.DataFrame:
    """:func:`deflator` for readers (Swedish headers; the assumption spelled out)."""
    d = deflator(years, base_year, months=months, base_months=base_months, assumption=assumption)
    return pd.DataFrame({
        "År": d["year"], "KPI": d["kpi"].round(2), "Underlag": d["kpi_basis"],
        f"Faktor till {base_year} års priser": d["factor"].round(4),
        "Antagande": [assumption_text(a) if flag else "inget" for a, flag in
                      zip(d["price_assumption"], d["price_assumed"])],
    })


def to_fixed_prices(df: pd.DataFrame, value_col: str = "value", *, base_year: int,
                    year_col: str = "year", months: dict[int, list[int]] | None = None,
                    base_months: list[int] | None = None, assumption: str | None = None,
                    out_col: str | None = None) -> pd.DataFrame:
    """Add ``<value_col>_fixed`` (prices of ``base_year``) and the deflator's flag columns.

    Added columns: ``out_col`` (default ``f"{value_col}_fixed"``), ``price_base_year``,
    ``kpi_factor``, ``price_assumed`` (bool) and ``price_assumption`` (the assumption's id or
    None), so every row says whether an assumption was needed.
    """
    out_col = out_col or f"{value_col}_fixed"
    d = deflator(df[year_col].unique(), base_year, months=months, base_months=base_months,
                 assumption=assumption)
    d = d[["year", "factor", "price_assumed", "price_assumption"]].rename(
        columns={"year": year_col, "factor": "kpi_factor"})
    out = df.merge(d, on=year_col, how="left")
    out[out_col] = out[value_col] * out["kpi_factor"]
    out["price_base_year"] = int(base_year)
    return out


# --- EUR -------------------------------------------------------------------------------------

def eur_sek_rate(year: int, *, assumption: str | None = None) -> tuple[float, bool]:
    """SEK per EUR, annual average of ``year``: (rate, assumed)."""
    _check_assumption(assumption)
    rates = _read("eur_sek").set_index("year")["value"]
    year = int(year)
    if year in rates.index:
        return float(rates.loc[year]), False
    latest = int(rates.index.max())
    if year > latest and assumption is not None:
        return float(rates.loc[latest]), True
    raise MissingPriceData(
        f"Årsgenomsnitt för EUR/SEK saknas för {year} (finns {int(rates.index.min())}–{latest}). "
        f"Inget fylls i tyst: ange assumption='{HOLD_LATEST}' för att använda {latest} års kurs.")


def _convert(obj, year, value_col, year_col, assumption, to: str):
    if isinstance(obj, pd.DataFrame):
        out = obj.copy()
        rates = {y: eur_sek_rate(y, assumption=assumption) for y in out[year_col].unique()}
        out["eur_sek_rate"] = out[year_col].map(lambda y: rates[y][0])
        out["eur_rate_assumed"] = out[year_col].map(lambda y: rates[y][1])
        out["eur_rate_assumption"] = out["eur_rate_assumed"].map(
            lambda a: assumption if a else None)
        new = f"{value_col}_{to}"
        out[new] = (out[value_col] / out["eur_sek_rate"] if to == "eur"
                    else out[value_col] * out["eur_sek_rate"])
        return out
    if year is None:
        raise ValueError("Ange året vars genomsnittskurs ska användas")
    rate, _ = eur_sek_rate(year, assumption=assumption)
    return obj / rate if to == "eur" else obj * rate


def to_eur(obj, year: int | None = None, *, value_col: str = "value", year_col: str = "year",
           assumption: str | None = None):
    """Kronor to euro with the year's average EUR/SEK rate.

    A number (give ``year``) gives a number; a DataFrame gets ``<value_col>_eur``,
    ``eur_sek_rate``, ``eur_rate_assumed`` and ``eur_rate_assumption``.
    """
    return _convert(obj, year, value_col, year_col, assumption, "eur")


def to_sek(obj, year: int | None = None, *, value_col: str = "value", year_col: str = "year",
           assumption: str | None = None):
    """Euro to kronor with the year's average EUR/SEK rate (same conventions as :func:`to_eur`)."""
    return _convert(obj, year, value_col, year_col, assumption, "sek")


def clear_cache() -> None:
    _read.cache_clear()
    _read_one.cache_clear()
