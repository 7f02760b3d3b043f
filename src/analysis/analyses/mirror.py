"""Spegling: the ÖMS regions mirrored against the other counties, Kalmar län and Riket.

The decision documents ask for "kontinuerliga speglingar relativt hur andra regioner och områden
utvecklar tillväxten". Everything here is a pure function of the tidy indicator table
(:func:`analysis.tables.indicators.indicators`: ``county_code, year, indicator, value, unit, source,
vintage``); pass ``data=`` to use another table (tests use small hand-made ones).

- :func:`cross_section` / :func:`growth` / :func:`profile`: levels and growth with rank (1 =
  highest) and percentile among the 21 counties and z-scores (``scipy.stats.zscore``, population
  standard deviation over the 21 counties). Riket and ÖMS (``SE12``) are placed on the same scale
  but get no rank: they are not counties.
- :func:`similar_regions`: nearest counties on a weighted, standardised profile
  (``scipy.spatial.distance``); :func:`cluster_counties`: Ward clustering of the 21 counties.
- :func:`trajectories`, :func:`trend_slopes`, :func:`growth_comparison`: indexed series, OLS trend
  slopes with 95 % confidence intervals (``scipy.stats.linregress``) and a plain Swedish statement.
- :func:`nuts2_view`: ÖMS among Sweden's NUTS 2 regions in the Regional Innovation Scoreboard as
  quoted by press pages.

Bad parameters raise :class:`ParameterError` (a ``ValueError``) with a Swedish message that lists
the valid choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from ..core import regions
from ..core.errors import ParameterError
from ..core.params import check_region, valid_regions
from ..core.formatting import format_number, format_percent
from ..core.regions import OMS_CODE, RIKET_CODE

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
# Growth: population, and GRP per inhabitant from Eurostat (the one GRP-per-inhabitant series
# with all counties, SE12 and Riket for several years). It is in euro: the exchange rate moves
# every county alike, so ranks are unaffected, but the rate itself includes the krona's moves.
GROWTH_INDICATORS: tuple[str, ...] = ("population", "grp_eur_per_inhabitant")
# Similarity rests on per-inhabitant measures only: population size would make ÖMS (and
# Stockholm, Västra Götaland, Skåne) unlike everything else for a reason that is not structure.
SIMILARITY_INDICATORS: tuple[str, ...] = (
    "grp_eur_per_inhabitant",
    "rd_business_per_inhabitant",
    "rd_public_per_inhabitant",
    "rd_higher_education_per_inhabitant",
    "innovation_index_reglab",
)
PROFILE_REGIONS: tuple[str, ...] = ("03", "04", "05", "18", "19", OMS_CODE, "08", RIKET_CODE)
KALMAR_CODE = "08"

# Fallback labels for tests with hand-made tables; the real ones come from indicator_info().
_FALLBACK_LABELS = {
    "population": "Folkmängd",
    "grp_msek": "BRP (mnkr)",
    "grp_eur_per_inhabitant": "BRP per invånare (euro)",
    "grp_per_inhabitant_ksek": "BRP per invånare (tkr)",
    "rd_business_per_inhabitant": "FoU-utgifter i företagen per invånare",
    "rd_public_per_inhabitant": "FoU-utgifter i offentlig sektor per invånare",
    "rd_higher_education_per_inhabitant": "FoU-utgifter i universitet och högskolor per invånare",
    "innovation_index_reglab": "Reglabs innovationsindex",
}


# ---------------------------------------------------------------------------- data access


def _table(data: pd.DataFrame | None) -> pd.DataFrame:
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
    # Sorted once so that every result is independent of the caller's row order.
    return df.sort_values(["indicator", "year", "county_code"], kind="mergesort").reset_index(drop=True)


@lru_cache(maxsize=1)
def _mirror_table() -> pd.DataFrame:
    from ..tables.indicators import indicators

    return with_oms_aggregates(indicators())


def mirror_table() -> pd.DataFrame:
    """The project's indicator table with ÖMS (SE12) added where the source lacks it (a copy)."""
    return _mirror_table().copy()


def with_oms_aggregates(data: pd.DataFrame) -> pd.DataFrame:
    """Add ÖMS (SE12) rows from ``indicators.oms_aggregate`` for indicators the source lacks.

    Where the source publishes SE12 (Eurostat's BRP), the published value is kept. Index
    indicators (Reglab's) are not aggregated by ``oms_aggregate``: ÖMS has no value for them.
    """
    from ..tables.indicators import oms_aggregate

    published = set(data.loc[(data["county_code"] == OMS_CODE) & data["value"].notna(), "indicator"])
    lacking = sorted(set(data["indicator"]) - published)
    if not lacking:
        return data
    extra = oms_aggregate(data, lacking)
    if extra.empty:
        return data
    return pd.concat([data, extra.loc[:, list(TIDY_COLUMNS)]], ignore_index=True)


@lru_cache(maxsize=1)
def _indicator_meta() -> dict[str, tuple[str, bool]]:
    """Label and additivity per indicator id, from ``indicator_info()`` (read once per run)."""
    try:
        from ..tables.indicators import indicator_info

        info = indicator_info()
    except (ImportError, AttributeError, KeyError):
        return {}
    return {r.indicator: (str(r.label), bool(r.additive)) for r in info.itertuples()}


def indicator_label(indicator: str) -> str:
    meta = _indicator_meta()
    if indicator in meta:
        return meta[indicator][0]
    return _FALLBACK_LABELS.get(indicator, indicator)


def label_in_sentence(indicator: str) -> str:
    """The label inside a sentence: first letter lower-cased, but not acronyms or names
    ("BRP …", "Reglabs …")."""
    label = indicator_label(indicator)
    if label[1:2].islower() and not label.startswith("Reglab"):
        return label[0].lower() + label[1:]
    return label


def is_additive(indicator: str) -> bool:
    """Whether the indicator is a total (population, BRP in mnkr): then ÖMS and Riket are not
    placed on the county scale, since a sum of counties is not comparable with one county."""
    meta = _indicator_meta()
    if indicator in meta:
        return meta[indicator][1]
    return indicator in ("population", "grp_msek")


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
    df = _table(data)
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
    return _complete_years(_table(data), indicator, require)


def _complete_years(df: pd.DataFrame, indicator: str, require: tuple[str, ...] = ()) -> list[int]:
    # ``df`` is already normalised by _table (callers inside this module pass it on).
    _check_indicator(df, indicator)
    needed = set(regions.county_codes()) | set(require)
    sub = df.loc[(df["indicator"] == indicator) & df["value"].notna(), ["year", "county_code"]]
    present = sub.groupby("year")["county_code"].agg(frozenset)
    return [int(year) for year, codes in present.items() if needed <= codes]


def _resolve_year(df: pd.DataFrame, indicator: str, year: int | None,
                  require: tuple[str, ...] = ()) -> int:
    years = _complete_years(df, indicator, require)
    if year is None:
        if not years:
            raise ParameterError(
                f"Indikatorn {indicator!r} har inget år med värden för alla 21 län"
                + (f" och {', '.join(require)}" if require else "") + ".")
        return years[-1]
    if int(year) not in years:
        listed = ", ".join(map(str, years)) or "inga"
        raise ParameterError(
            f"Indikatorn {indicator!r} saknar fullständiga data för år {year}"
            + (f" (för alla 21 län och {', '.join(require)})" if require else " (för alla 21 län)")
            + f". År med data: {listed}.")
    return int(year)


def _values(df: pd.DataFrame, indicator: str, year: int) -> pd.Series:
    sub = df[(df["indicator"] == indicator) & (df["year"] == year)]
    return sub.set_index("county_code")["value"].dropna()


def _meta(df: pd.DataFrame, indicator: str, year: int) -> tuple[str, str, str]:
    sub = df[(df["indicator"] == indicator) & (df["year"] == year)]
    first = sub.iloc[0] if len(sub) else None
    if first is None:
        return "", "", ""
    # The sources of all rows (an ÖMS aggregate may carry its own note).
    sources = "; ".join(dict.fromkeys(str(s) for s in sub["source"].dropna()))
    vintages = "; ".join(dict.fromkeys(str(v) for v in sub["vintage"].dropna()))
    return str(first["unit"]), sources, vintages


# ---------------------------------------------------------------------------- positions


def position(values: pd.Series) -> pd.DataFrame:
    """Rank, percentile and z-score of each county; aggregates placed on the county scale.

    ``values`` is indexed by region code. Ranks (1 = highest, ties share the best rank) and the
    standardisation use the counties only; percentile = share of counties with a value lower than
    or equal to the region's (``scipy.stats.percentileofscore``, kind ``weak``), in percent.
    """
    from scipy import stats

    counties = [c for c in regions.county_codes() if c in values.index]
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
    df = _table(data)
    _check_indicator(df, indicator)
    year = _resolve_year(df, indicator, year)
    out = position(_values(df, indicator, year))
    if is_additive(indicator):
        aggregate = ~out["county_code"].isin(regions.county_codes())
        out.loc[aggregate, ["percentile", "zscore"]] = np.nan
    unit, source, vintage = _meta(df, indicator, year)
    out.insert(1, "region", [region_name(c) for c in out["county_code"]])
    out.insert(2, "measure", indicator)
    out.insert(3, "label", indicator_label(indicator))
    out.insert(4, "period", str(year))
    out["unit"], out["source"], out["vintage"] = unit, source, vintage
    return _order(out)


def growth(indicator: str, start: int | None = None, end: int | None = None,
           data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Change from ``start`` to ``end`` (share) and the mean annual rate, with positions.

    Defaults: the first and last years with values for all 21 counties. ``value`` is the mean
    annual growth rate (a share: 0.012 = 1,2 % per år); ``change`` the total change.
    """
    df = _table(data)
    _check_indicator(df, indicator)
    years = _complete_years(df, indicator)
    start = _resolve_year(df, indicator, start if start is not None else (years[0] if years else None))
    end = _resolve_year(df, indicator, end)
    if end <= start:
        raise ParameterError(f"Slutåret ({end}) måste vara senare än startåret ({start}).")
    first, last = _values(df, indicator, start), _values(df, indicator, end)
    both = first.index.intersection(last.index)
    change = last[both] / first[both] - 1
    rate = (last[both] / first[both]) ** (1 / (end - start)) - 1
    out = position(rate)
    out["start_value"] = first[out["county_code"]].to_numpy()
    out["end_value"] = last[out["county_code"]].to_numpy()
    out["change"] = change[out["county_code"]].to_numpy()
    unit, source, vintage = _meta(df, indicator, end)
    out.insert(1, "region", [region_name(c) for c in out["county_code"]])
    out.insert(2, "measure", f"{indicator}_growth")
    out.insert(3, "label", f"{indicator_label(indicator)}, årlig förändring")
    out.insert(4, "period", f"{start}–{end}")
    out["unit"] = "andel per år"
    out["source"], out["vintage"] = source, vintage
    return _order(out)


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
    df = _table(data)
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


# ---------------------------------------------------------------------------- similarity


@dataclass
class Similarity:
    """Nearest counties to a focus region on a standardised, weighted indicator profile."""

    focus: str
    table: pd.DataFrame  # one row per candidate county, nearest first
    indicators: list[str]
    weights: dict[str, float]
    years: dict[str, int]
    metric: str
    n_peers: int
    notes: list[str] = field(default_factory=list)

    @property
    def peers(self) -> list[str]:
        return self.table["county_code"].head(self.n_peers).tolist()

    @property
    def basis(self) -> str:
        """Swedish sentence naming the indicators, years and weights the result rests on."""
        parts = [f"{indicator_label(i)} {self.years[i]} (vikt {format_number(self.weights[i], 1)})"
                 for i in self.indicators]
        return ("Likheten bygger på standardiserade värden (z-poäng över de 21 länen) för: "
                + "; ".join(parts) + f". Avståndsmått: {_METRIC_NAMES.get(self.metric, self.metric)}.")


_METRIC_NAMES = {"euclidean": "viktat euklidiskt avstånd", "cityblock": "viktat stadsblocksavstånd"}


def _standardised_matrix(df: pd.DataFrame, indicators: list[str], years: dict[str, int],
                         extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Z-scores (over the 21 counties) per indicator; rows: counties + ``extra`` aggregates."""
    columns = {}
    for indicator in indicators:
        pos = position(_values(df, indicator, years[indicator])).set_index("county_code")
        columns[indicator] = pos["zscore"]
    z = pd.DataFrame(columns)
    rows = [*regions.county_codes(), *[c for c in extra if c not in regions.county_codes()]]
    return z.reindex(rows)


def _similarity_setup(df: pd.DataFrame, focus: str | None, indicators, weights, years):
    """Choose indicators/years (stating what was left out) and check the parameters."""
    notes: list[str] = []
    explicit = indicators is not None
    indicators = list(indicators if explicit else SIMILARITY_INDICATORS)
    available = sorted(df["indicator"].unique())
    unknown = [i for i in indicators if i not in available]
    if unknown:
        raise ParameterError(f"Okända indikatorer: {', '.join(unknown)}. "
                             f"Giltiga val: {', '.join(available)}.")
    years = dict(years or {})
    require = (focus,) if focus and focus not in regions.county_codes() else ()
    chosen, resolved = [], {}
    for indicator in indicators:
        try:
            resolved[indicator] = _resolve_year(df, indicator, years.get(indicator), require)
            chosen.append(indicator)
        except ParameterError as err:
            if explicit or indicator in years:
                usable = [i for i in available if _complete_years(df, i, require)]
                raise ParameterError(f"{err} Indikatorer med data för valet: "
                                     f"{', '.join(usable)}.") from err
            notes.append(f"{indicator_label(indicator)} ingår inte: värden saknas för "
                         f"{region_name(focus) if focus else 'alla län'}.")
    if len(chosen) < 2:
        raise ParameterError("Minst två indikatorer med data behövs för att jämföra profiler.")
    weights = {i: float((weights or {}).get(i, 1.0)) for i in chosen}
    bad = [i for i, w in weights.items() if not np.isfinite(w) or w < 0]
    if bad or sum(weights.values()) == 0:
        raise ParameterError("Vikterna måste vara icke-negativa tal och inte alla noll.")
    unused = sorted(set(weights) - set(chosen))
    if unused:
        raise ParameterError(f"Vikt angiven för indikator som inte ingår: {', '.join(unused)}.")
    return chosen, weights, resolved, notes


def similar_regions(focus: str = OMS_CODE, indicators: list[str] | None = None,
                    weights: dict[str, float] | None = None, years: dict[str, int] | None = None,
                    n: int = 5, exclude: list[str] | None = None, metric: str = "euclidean",
                    data: pd.DataFrame | None = None) -> Similarity:
    """The counties nearest to ``focus`` on a standardised (z-score) indicator profile.

    ``focus`` is a county code or ``"SE12"`` (ÖMS as a whole, placed on the county scale).
    ``exclude`` defaults to the focus itself, and for ÖMS to its five member counties (a mirror
    of ÖMS against its own members says little). Weights multiply each indicator's squared
    difference (``scipy.spatial.distance.cdist`` with ``w``). Ties are broken by county code, so
    the result does not depend on the row order of the input.
    """
    from scipy.spatial import distance

    df = _table(data)
    focus = check_region(focus)
    if focus == RIKET_CODE:
        raise ParameterError("Riket kan inte vara fokus för jämförelsen med liknande län; "
                             "välj ett län eller SE12 (ÖMS).")
    if metric not in _METRIC_NAMES:
        raise ParameterError(f"Okänt avståndsmått {metric!r}. Giltiga val: {', '.join(_METRIC_NAMES)}.")
    chosen, weights, years, notes = _similarity_setup(df, focus, indicators, weights, years)
    z = _standardised_matrix(df, chosen, years, extra=(focus,))
    if exclude is None:
        exclude = regions.oms_county_codes() if focus == OMS_CODE else [focus]
    exclude = [check_region(c) for c in exclude]
    candidates = [c for c in regions.county_codes() if c not in exclude]
    if n < 1 or n > len(candidates):
        raise ParameterError(f"Antalet jämförelselän måste vara mellan 1 och {len(candidates)}.")
    w = np.array([weights[i] for i in chosen])
    d = distance.cdist(z.loc[[focus], chosen].to_numpy(), z.loc[candidates, chosen].to_numpy(),
                       metric=metric, w=w)[0]
    table = pd.DataFrame({"county_code": candidates, "region": [region_name(c) for c in candidates],
                          "distance": d})
    for indicator in chosen:
        table[f"z_{indicator}"] = z.loc[candidates, indicator].to_numpy()
    table = table.sort_values(["distance", "county_code"], kind="mergesort").reset_index(drop=True)
    table.insert(0, "order", range(1, len(table) + 1))
    table["peer"] = table["order"] <= n
    return Similarity(focus, table, chosen, weights, years, metric, n, notes)


@dataclass
class Clustering:
    """Hierarchical (Ward) clustering of the 21 counties on a standardised profile."""

    linkage: np.ndarray
    codes: list[str]
    indicators: list[str]
    weights: dict[str, float]
    years: dict[str, int]
    clusters: pd.DataFrame  # county_code, region, cluster
    method: str
    notes: list[str] = field(default_factory=list)

    @property
    def basis(self) -> str:
        parts = [f"{indicator_label(i)} {self.years[i]}" for i in self.indicators]
        return ("Grupperingen bygger på standardiserade värden för: " + "; ".join(parts)
                + f" (metod: {self.method}).")


def cluster_counties(indicators: list[str] | None = None, weights: dict[str, float] | None = None,
                     years: dict[str, int] | None = None, k: int = 4, method: str = "ward",
                     data: pd.DataFrame | None = None) -> Clustering:
    """Ward clustering of the 21 counties; ``k`` groups cut from the tree (``fcluster``).

    Weights scale each z-score by the square root of the weight, so that squared Euclidean
    distances are weighted exactly as in :func:`similar_regions`.
    """
    from scipy.cluster import hierarchy

    df = _table(data)
    if method not in ("ward", "average", "complete"):
        raise ParameterError(f"Okänd metod {method!r}. Giltiga val: ward, average, complete.")
    chosen, weights, years, notes = _similarity_setup(df, None, indicators, weights, years)
    z = _standardised_matrix(df, chosen, years)
    codes = regions.county_codes()
    matrix = z.loc[codes, chosen].to_numpy() * np.sqrt([weights[i] for i in chosen])
    link = hierarchy.linkage(matrix, method=method, metric="euclidean")
    if not 1 <= k <= len(codes):
        raise ParameterError(f"Antalet grupper måste vara mellan 1 och {len(codes)}.")
    labels = hierarchy.fcluster(link, t=k, criterion="maxclust")
    # Number the groups in the order their first county appears in the code list, so that the
    # labels are stable (fcluster's numbering is arbitrary).
    renumber = {old: i + 1 for i, old in enumerate(dict.fromkeys(labels))}
    clusters = pd.DataFrame({"county_code": codes, "region": [region_name(c) for c in codes],
                             "cluster": [renumber[x] for x in labels]})
    return Clustering(link, codes, chosen, weights, years, clusters,
                      {"ward": "Ward", "average": "medelavstånd", "complete": "längsta avstånd"}[method],
                      notes)


# ---------------------------------------------------------------------------- trajectories


def trajectories(indicator: str, focus: str = OMS_CODE, peers: list[str] | None = None,
                 base_year: int | None = None, start: int | None = None, end: int | None = None,
                 data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The indicator indexed to ``base_year`` (= 100) for focus, peers, ÖMS and Riket.

    Long table: ``county_code, region, role, year, value, index``. ``role`` is ``fokus``,
    ``jämförelselän``, ``ÖMS``, ``Riket`` or ``jämförelselän, medel`` (the unweighted mean of
    the peers' indexes). ``peers`` defaults to the five nearest counties from
    :func:`similar_regions`. Only years where every shown region has a value are used.
    """
    df = _table(data)
    _check_indicator(df, indicator)
    focus = check_region(focus)
    if peers is None:
        peers = similar_regions(focus, data=df).peers
    peers = [check_region(p, allow_aggregates=False) for p in peers]
    codes = list(dict.fromkeys([focus, *peers, OMS_CODE, RIKET_CODE]))
    sub = df[(df["indicator"] == indicator) & df["county_code"].isin(codes) & df["value"].notna()]
    # Aggregates the source does not publish are left out with a note rather than invented.
    shown = [c for c in codes if c in set(sub["county_code"]) or c in (focus, *peers)]
    wide = sub.pivot(index="year", columns="county_code", values="value")
    must = [focus, *peers]
    missing = [c for c in must if c not in wide.columns]
    if missing:
        usable = sorted(i for i in df["indicator"].unique()
                        if set(must) <= set(df.loc[(df["indicator"] == i) & df["value"].notna(),
                                                   "county_code"]))
        raise ParameterError(f"Indikatorn {indicator!r} saknar värden för "
                             f"{', '.join(region_name(c) for c in missing)}. Indikatorer med "
                             f"värden för valda regioner: {', '.join(usable) or 'inga'}.")
    omitted = [region_name(c) for c in (OMS_CODE, RIKET_CODE)
               if c not in must and c not in wide.columns]
    wide = wide.loc[:, [c for c in shown if c in wide.columns]].dropna()
    if start is not None:
        wide = wide[wide.index >= start]
    if end is not None:
        wide = wide[wide.index <= end]
    if len(wide) < 2:
        raise ParameterError(f"Indikatorn {indicator!r} har färre än två år med värden för alla "
                             f"valda regioner. År med data: "
                             f"{', '.join(map(str, sorted(sub['year'].unique())))}.")
    if base_year is None:
        base_year = int(wide.index.min())
    if base_year not in wide.index:
        raise ParameterError(f"Basåret {base_year} saknas för {indicator!r}. "
                             f"Möjliga basår: {', '.join(map(str, wide.index))}.")
    index = wide / wide.loc[base_year] * 100
    rows = []
    for code in wide.columns:
        role = ("fokus" if code == focus else "jämförelselän" if code in peers
                else "ÖMS" if code == OMS_CODE else "Riket")
        for year in wide.index:
            rows.append({"county_code": code, "region": region_name(code), "role": role,
                         "year": int(year), "value": float(wide.at[year, code]),
                         "index": float(index.at[year, code])})
    peer_mean = index[peers].mean(axis=1)
    for year in wide.index:
        rows.append({"county_code": "peers", "region": "Jämförelselänen (medel)",
                     "role": "jämförelselän, medel", "year": int(year), "value": np.nan,
                     "index": float(peer_mean[year])})
    out = pd.DataFrame(rows)
    notes = [f"{n} saknas i källan för {label_in_sentence(indicator)} och visas inte."
             for n in omitted]
    out.attrs.update(indicator=indicator, base_year=base_year, focus=focus, peers=peers,
                     notes=notes)
    return out


def trend_slopes(trajectory: pd.DataFrame) -> pd.DataFrame:
    """OLS trend of the index per region (index points per year) with 95 % confidence interval.

    With the base year = 100, a slope of 1,5 means the level grows by about 1,5 % of the base
    year's level per year. The interval uses Student's t with n − 2 degrees of freedom.
    """
    from scipy import stats

    rows = []
    for (code, region, role), g in trajectory.groupby(["county_code", "region", "role"], sort=False):
        g = g.sort_values("year")
        n = len(g)
        if n < 3:
            raise ParameterError(f"Minst tre år behövs för en trend med konfidensintervall "
                                 f"({region} har {n}).")
        fit = stats.linregress(g["year"].astype(float), g["index"].astype(float))
        t = stats.t.ppf(0.975, n - 2)
        rows.append({"county_code": code, "region": region, "role": role,
                     "slope": fit.slope, "ci_low": fit.slope - t * fit.stderr,
                     "ci_high": fit.slope + t * fit.stderr, "stderr": fit.stderr,
                     "r_squared": fit.rvalue ** 2, "n_years": n,
                     "first_year": int(g["year"].min()), "last_year": int(g["year"].max())})
    return pd.DataFrame(rows)


# How a sentence names the indicator as its subject.
_SUBJECTS = {"population": "Folkmängden", "grp_eur_per_inhabitant": "BRP per invånare (i euro)",
             "grp_msek": "BRP", "grp_per_inhabitant_ksek": "BRP per invånare"}


@dataclass
class GrowthComparison:
    indicator: str
    focus: str
    peers: list[str]
    slopes: pd.DataFrame
    difference: float
    ci_low: float
    ci_high: float
    n_years: int
    first_year: int
    last_year: int
    verdict: str  # "snabbare", "långsammare" or "osäkert"
    statement: str


def growth_comparison(indicator: str, focus: str = OMS_CODE, peers: list[str] | None = None,
                      base_year: int | None = None, data: pd.DataFrame | None = None
                      ) -> GrowthComparison:
    """Does the focus region grow faster than its peers? With the uncertainty, in plain Swedish.

    The difference is the trend slope of (focus index − peers' mean index); its 95 % interval
    decides the verdict. Years follow each other, so the residuals are not independent and the
    interval is, if anything, too narrow; the statement says so.
    """
    from scipy import stats

    traj = trajectories(indicator, focus, peers, base_year, data=data)
    slopes = trend_slopes(traj)
    focus_index = traj[traj["role"] == "fokus"].set_index("year")["index"]
    peer_index = traj[traj["role"] == "jämförelselän, medel"].set_index("year")["index"]
    gap = (focus_index - peer_index).sort_index()
    n = len(gap)
    if n < 3:
        raise ParameterError(f"Minst tre år behövs för att jämföra trender ({n} finns).")
    fit = stats.linregress(gap.index.astype(float), gap.to_numpy())
    t = stats.t.ppf(0.975, n - 2)
    low, high = fit.slope - t * fit.stderr, fit.slope + t * fit.stderr
    verdict = "snabbare" if low > 0 else "långsammare" if high < 0 else "osäkert"
    peers = traj.attrs["peers"]
    s = slopes.set_index("role")
    name = region_name(focus)
    subject = _SUBJECTS.get(indicator, indicator_label(indicator))
    years = f"{int(gap.index.min())}–{int(gap.index.max())}"
    base = traj.attrs["base_year"]
    pp = lambda v: format_number(v, 2, signed=True)  # noqa: E731 - index points = % of base level
    head = (f"{subject} i {name} förändrades {years} med i genomsnitt "
            f"{pp(s.at['fokus', 'slope'])} procent av {base} års nivå per år (linjär trend); "
            f"för jämförelselänen i medel var förändringen "
            f"{pp(s.at['jämförelselän, medel', 'slope'])} procent.")
    if verdict == "osäkert":
        body = (f" Skillnaden, {pp(fit.slope)} procentenheter per år (95 % konfidensintervall "
                f"{pp(low)} till {pp(high)}), är för osäker för att säga att {name} växer "
                f"snabbare eller långsammare än jämförelselänen.")
    else:
        body = (f" {name} växer {verdict} än jämförelselänen: skillnaden är {pp(fit.slope)} "
                f"procentenheter per år (95 % konfidensintervall {pp(low)} till {pp(high)}).")
    tail = (f" Underlaget är {n} år; eftersom åren hänger ihop är osäkerheten sannolikt större än "
            f"intervallet visar.")
    return GrowthComparison(indicator, focus, peers, slopes, float(fit.slope), float(low),
                            float(high), n, int(gap.index.min()), int(gap.index.max()), verdict,
                            head + body + tail)


# ---------------------------------------------------------------------------- NUTS 2 view

RIS_CAVEAT = ("Placeringarna och grupperna kommer från press- och nyhetssidor som citerar "
              "Regional Innovation Scoreboard, inte från scoreboardens egna tabeller; "
              "indexvärden saknas.")
_RIS_INDICATORS = {
    "rank_among_240_regions": "Placering bland 240 regioner",
    "rank_among_239_regions": "Placering bland 239 regioner",
    "rank": "Placering",
    "rank_band": "Placeringsband",
    "performance_group": "Prestationsgrupp",
}


def _ris_phrase(indicator: str, value: str) -> str:
    """Plain Swedish for one RIS statement: 'plats 23 av 240 regioner'."""
    if indicator.startswith("rank_among_"):
        n = indicator.removeprefix("rank_among_").removesuffix("_regions")
        return f"plats {value} av {n} regioner"
    if indicator == "rank":
        return f"plats {value}"
    if indicator == "rank_band" and value.startswith("top "):
        return f"bland de {value.removeprefix('top ')} främsta regionerna"
    if indicator == "performance_group":
        return f"prestationsgrupp {value}"
    return f"{indicator} {value}"


def _ris_raw() -> pd.DataFrame:
    from ..tables.load import load

    return load("ris")


def nuts2_regions() -> pd.DataFrame:
    """Sweden's eight NUTS 2 regions (code, name) from the county register."""
    c = regions.counties()
    return (c.loc[:, ["nuts2_code", "nuts2_name"]].drop_duplicates()
            .sort_values("nuts2_code").reset_index(drop=True))


def nuts2_view(ris: pd.DataFrame | None = None) -> pd.DataFrame:
    """ÖMS (SE12) among Sweden's NUTS 2 regions: the RIS ranks/groups that press pages quote.

    One row per published statement (edition, region, what, value, quoted evidence, source URL,
    caveat); NUTS 2 regions with no statement get one row saying so, so nothing is hidden.
    """
    ris = _ris_raw() if ris is None else ris.copy()
    nuts = nuts2_regions()
    names = dict(zip(nuts["nuts2_code"], nuts["nuts2_name"]))
    unknown = sorted(set(ris["nuts2_code"]) - set(names))
    if unknown:
        raise ParameterError(f"RIS-tabellen har okända NUTS 2-koder: {', '.join(unknown)}.")
    rows = []
    for code, name in names.items():
        sub = ris[ris["nuts2_code"] == code]
        if sub.empty:
            rows.append({"nuts2_code": code, "region": name, "edition": "", "measure": "",
                         "value": "uppgift saknas", "statement": "uppgift saknas",
                         "evidence": "", "source": "",
                         "note": "", "is_oms": code == OMS_CODE})
            continue
        for _, r in sub.iterrows():
            rows.append({"nuts2_code": code, "region": name, "edition": r["edition"],
                         "measure": _RIS_INDICATORS.get(r["indicator"], r["indicator"]),
                         "value": str(r["value"]),
                         "statement": _ris_phrase(r["indicator"], str(r["value"])),
                         "evidence": r["evidence"],
                         "source": r["source"], "note": r["note"], "is_oms": code == OMS_CODE})
    out = pd.DataFrame(rows)
    out["caveat"] = RIS_CAVEAT
    return out.sort_values(["nuts2_code", "edition"], kind="mergesort").reset_index(drop=True)


# ---------------------------------------------------------------------------- helpers for text


def describe_position(row: pd.Series) -> str:
    """'plats 4 av 21 län (80:e percentilen)' for a county; aggregates by percentile only."""
    pct = format_number(row["percentile"], 0)
    if pd.notna(row.get("rank")):
        return f"plats {int(row['rank'])} av {int(row['n_counties'])} län ({pct}:e percentilen)"
    return f"högre än eller lika med {format_percent(row['percentile'] / 100, 0)} av länen"
