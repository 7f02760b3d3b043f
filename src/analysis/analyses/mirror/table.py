"""The mirror's table and its vocabulary: the indicator table with ÖMS aggregates, the indicator
sets each analysis uses, labels, and the year and region checks every analysis shares."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ...core import regions
from ...core.errors import ParameterError
from ...core.formatting import lower_first
from ...core.regions import OMS_CODE, RIKET_CODE
from ...tables.indicator_schemas import INDICATORS


TIDY_COLUMNS = ("county_code", "year", "indicator", "value", "unit", "source", "vintage")

# The profile asked for in the issue: population, GRP per inhabitant, R&D per inhabitant by
# sector, Reglab's innovation index.
LEVEL_INDICATORS: tuple[str, ...] = (
    "population",
    "grp_per_inhabitant_ksek",
    "rd_business_per_inhabitant",
    "rd_public_per_inhabitant",
    "rd_higher_education_per_inhabitant",
    "innovation_index_reglab",
)
# Growth: population, and GRP per inhabitant in kronor at fixed prices (KPI), derived from GRP
# in mnkr and population (all counties, SE12 and Riket, 2015–2020): never growth in euro, which
# is mostly the exchange rate (see .kronor).
GROWTH_INDICATORS: tuple[str, ...] = ("population", "grp_per_inhabitant_sek_fixed")
# One variable set for every comparison of likeness: the distance ranking and the clustering,
# of counties among the 21 counties and of ÖMS among the eight NUTS 2 regions (issue 15,
# point 3). Per-inhabitant measures only: population size would make ÖMS (and Stockholm,
# Västra Götaland, Skåne) unlike everything else for a reason that is not structure. GRP in
# kronor (SCB's GRP over population), not euro; no Reglab index, which has no NUTS 2 value.
MIRROR_INDICATORS: tuple[str, ...] = (
    "grp_per_inhabitant_sek_fixed",
    "rd_business_per_inhabitant",
    "rd_public_per_inhabitant",
    "rd_higher_education_per_inhabitant",
)
SIMILARITY_INDICATORS = MIRROR_INDICATORS
# The counties on the county scale, with Riket as the reference; ÖMS (a NUTS 2 region of
# 1,77 million people) is not placed among single counties but among the NUTS 2 regions.
PROFILE_REGIONS: tuple[str, ...] = ("03", "04", "05", "18", "19", "08", RIKET_CODE)
KALMAR_CODE = "08"


def data_or_default(data: pd.DataFrame | None) -> pd.DataFrame:
    """The tidy indicator table (default: the project's), checked and with SE12 where possible."""
    if data is None:
        data = mirror_table()
    missing = [c for c in TIDY_COLUMNS if c not in data.columns]
    if missing:
        raise ParameterError(f"Indikatortabellen saknar kolumnerna {', '.join(missing)}; "
                             f"väntade {', '.join(TIDY_COLUMNS)}.")
    df = data.loc[:, list(TIDY_COLUMNS)].copy()
    df["county_code"] = df["county_code"].astype(str)
    df["year"] = df["year"].astype(int)
    df["value"] = pd.to_numeric(df["value"], errors="coerce").astype(float)
    df = with_kronor(df)
    # Sorted once so that every result is independent of the caller's row order.
    return df.sort_values(["indicator", "year", "county_code"], kind="mergesort").reset_index(drop=True)


@lru_cache(maxsize=1)
def _mirror_table() -> pd.DataFrame:
    from ...tables.indicators import indicators

    return with_kronor(with_oms_aggregates(indicators()))


def with_kronor(data: pd.DataFrame) -> pd.DataFrame:
    """Add GRP per inhabitant in kronor at fixed prices (:mod:`.kronor`) where the table has GRP
    in mnkr and population but not yet the derived rows."""
    from . import kronor

    have = set(data["indicator"])
    if kronor.INDICATOR in have or not {"grp_msek", "population"} <= have:
        return data
    return pd.concat([data, kronor.grp_per_inhabitant_fixed(data)], ignore_index=True)


def mirror_table() -> pd.DataFrame:
    """The project's indicator table with ÖMS (SE12) added where the source lacks it (a copy)."""
    return _mirror_table().copy()


def with_oms_aggregates(data: pd.DataFrame) -> pd.DataFrame:
    """Add ÖMS (SE12) rows from ``indicators.oms_aggregate`` for indicators the source lacks.

    Where the source publishes SE12 (Eurostat's BRP), the published value is kept. Index
    indicators (Reglab's) are not aggregated by ``oms_aggregate``: ÖMS has no value for them.
    """
    from ...tables.indicators import oms_aggregate

    pub = data.loc[(data["county_code"] == OMS_CODE) & data["value"].notna(), ["indicator", "year"]]
    published = set(zip(pub["indicator"], pub["year"].astype(int)))
    # per indicator and year: a source may publish SE12 for some years only (Eurostat's BRP
    # 2015–2020) while a later file has the counties alone (SCB 2024)
    lacking = sorted({i for i, y in zip(data["indicator"], data["year"].astype(int))
                      if (i, y) not in published})
    if not lacking:
        return data
    extra = oms_aggregate(data, lacking)
    if extra.empty:
        return data
    keep = [(i, int(y)) not in published for i, y in zip(extra["indicator"], extra["year"])]
    extra = extra[keep]
    return pd.concat([data, extra.loc[:, list(TIDY_COLUMNS)]], ignore_index=True)


def indicator_label(indicator: str) -> str:
    """The indicator's Swedish label (its definition in the indicator table's vocabulary); an id
    that is not an indicator of the table (a hand-made one, a derived total) is shown as it is."""
    from . import kronor

    if indicator == kronor.INDICATOR:
        return kronor.label()
    return INDICATORS[indicator].label if indicator in INDICATORS else indicator


def label_with_period(label: str, period: str) -> str:
    """A measure's label with its year or span, never two parentheses in a row: the period goes
    inside a closing parenthesis ("BRP per invånare (tkr, 2021)"), else in a new one."""
    label, period = str(label).strip(), str(period).strip()
    if not period:
        return label
    if label.endswith(")"):
        return f"{label[:-1]}, {period})"
    return f"{label} ({period})"


def label_in_sentence(indicator: str) -> str:
    """The label inside a sentence: first letter lower-cased, but not acronyms or names
    ("BRP …", "Reglabs …")."""
    return lower_first(indicator_label(indicator))


def is_additive(indicator: str) -> bool:
    """Whether the indicator is a total (population, BRP in mnkr): then ÖMS and Riket are not
    placed on the county scale, since a sum of counties is not comparable with one county."""
    return indicator in INDICATORS and INDICATORS[indicator].kind == "additive"


@lru_cache(maxsize=64)
def region_name(code: str) -> str:
    return regions.county_name(code)


def _check_indicator(df: pd.DataFrame, indicator: str) -> str:
    valid = sorted(df["indicator"].unique())
    if indicator not in valid:
        raise ParameterError(f"Okänd indikator {indicator!r}. Giltiga val: {', '.join(valid)}.")
    return indicator


def coverage(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per indicator and year: how many of the 21 counties have a value, and whether ÖMS/Riket do."""
    df = data_or_default(data)
    counties = set(regions.county_codes())
    has = df[df["value"].notna()]
    out = (has[has["county_code"].isin(counties)].groupby(["indicator", "year"]).size()
           .rename("n_counties").reset_index())
    for code, col in ((OMS_CODE, "has_oms"), (RIKET_CODE, "has_riket")):
        keys = set(map(tuple, has.loc[has["county_code"] == code, ["indicator", "year"]].to_numpy()))
        out[col] = [(i, y) in keys for i, y in zip(out["indicator"], out["year"])]
    out["complete"] = out["n_counties"] == len(counties)
    return out.sort_values(["indicator", "year"]).reset_index(drop=True)


def complete_years(indicator: str, data: pd.DataFrame | None = None,
                   require: tuple[str, ...] = ()) -> list[int]:
    """Years in which all 21 counties (and every code in ``require``) have a value."""
    return _complete_years(data_or_default(data), indicator, require)


def _complete_years(df: pd.DataFrame, indicator: str, require: tuple[str, ...] = (),
                    units: list[str] | None = None) -> list[int]:
    # ``df`` is already normalised by data_or_default (callers in this package pass it on).
    # ``units``: the regions compared (default the 21 counties; the NUTS 2 regions for ÖMS).
    _check_indicator(df, indicator)
    needed = set(regions.county_codes() if units is None else units) | set(require)
    sub = df.loc[(df["indicator"] == indicator) & df["value"].notna(), ["year", "county_code"]]
    present = sub.groupby("year")["county_code"].agg(frozenset)
    return [int(year) for year, codes in present.items() if needed <= codes]


def _resolve_year(df: pd.DataFrame, indicator: str, year: int | None,
                  require: tuple[str, ...] = (), units: list[str] | None = None) -> int:
    years = _complete_years(df, indicator, require, units)
    scope = "alla 21 län" if units is None else f"alla {len(units)} regioner"
    if year is None:
        if not years:
            raise ParameterError(
                f"Indikatorn {indicator!r} har inget år med värden för {scope}"
                + (f" och {', '.join(require)}" if require else "") + ".")
        return years[-1]
    if int(year) not in years:
        listed = ", ".join(map(str, years)) or "inga"
        raise ParameterError(
            f"Indikatorn {indicator!r} saknar fullständiga data för år {year}"
            + (f" (för {scope} och {', '.join(require)})" if require else f" (för {scope})")
            + f". År med data: {listed}.")
    return int(year)


def _values(df: pd.DataFrame, indicator: str, year: int) -> pd.Series:
    sub = df[(df["indicator"] == indicator) & (df["year"] == year)]
    return sub.set_index("county_code")["value"].dropna()


def row_sources(df: pd.DataFrame, indicator: str, year: int, codes) -> list[str]:
    """Each region's own source for ``indicator`` in ``year``, in the order of ``codes``: a
    county's row names only its statistic; only the ÖMS aggregate says it is computed from the
    counties ("beräknad: summa av län …"). A region without a row gets ``''``."""
    sub = df[(df["indicator"] == indicator) & (df["year"] == year)]
    by_code = sub.drop_duplicates("county_code").set_index("county_code")["source"]
    return ["" if pd.isna(by_code.get(c)) else str(by_code.get(c)) for c in codes]


def _meta(df: pd.DataFrame, indicator: str, year: int) -> tuple[str, str, str]:
    sub = df[(df["indicator"] == indicator) & (df["year"] == year)]
    first = sub.iloc[0] if len(sub) else None
    if first is None:
        return "", "", ""
    # The sources of all rows (an ÖMS aggregate may carry its own note).
    sources = "; ".join(dict.fromkeys(str(s) for s in sub["source"].dropna()))
    vintages = "; ".join(dict.fromkeys(str(v) for v in sub["vintage"].dropna()))
    return str(first["unit"]), sources, vintages
