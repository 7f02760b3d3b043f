"""Which counties are alike: nearest counties on a weighted, standardised profile
(``scipy.spatial.distance``) and Ward clustering of the 21 counties."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...core import regions
from ...core.errors import ParameterError
from ...core.formatting import format_number
from ...core.focus import Level, build_focus
from ...core.params import region_focus
from ...core.regions import OMS_CODE, RIKET_CODE
from .positions import position
from .table import (SIMILARITY_INDICATORS, _complete_years, _resolve_year, data_or_default, _values,
                    indicator_label, region_name)


# the level a result is computed on, carried as data (the words are core.focus.Level's)
COUNTY, NUTS2 = Level.COUNTY.value, Level.NUTS2.value


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
    scale: str = "de 21 länen"  # display text only: the regions compared, for readers
    level: str = COUNTY  # the level as data: COUNTY or NUTS2 (never read from ``scale``)

    @property
    def peers(self) -> list[str]:
        """The nearest regions' codes, each a :class:`~analysis.core.focus.Focus`: they come
        from the register's own list of units, so what takes them does not check them again."""
        return [build_focus(c) for c in self.table["county_code"].head(self.n_peers)]

    @property
    def nuts2(self) -> bool:
        return self.level == NUTS2

    @property
    def basis(self) -> str:
        """Swedish sentences naming the indicators, years and weights the result rests on, and
        why these variables (structure, not size)."""
        parts = [f"{indicator_label(i)} {self.years[i]} (vikt {format_number(self.weights[i], 1)})"
                 for i in self.indicators]
        return (f"Likheten bygger på standardiserade värden (z-poäng över {self.scale}) för: "
                + "; ".join(parts) + f". Avståndsmått: {_METRIC_NAMES.get(self.metric, self.metric)}. "
                + STRUCTURE_REASON)


_METRIC_NAMES = {"euclidean": "viktat euklidiskt avstånd", "cityblock": "viktat stadsblocksavstånd"}
STRUCTURE_REASON = ("Variablerna beskriver struktur, inte storlek: ekonomins storlek per invånare och "
                    "var forskningen görs (företag, offentlig sektor, högskolor) per invånare. Med "
                    "folkmängd eller BRP i kronor skulle de stora regionerna skilja sig från alla "
                    "andra bara för att de är stora. Året är för varje variabel det senaste år då "
                    "alla regioner har ett jämförbart värde; BRP i fasta priser slutar där samma "
                    "årgång av BRP och KPI:s årsmedel finns.")


def _is_nuts2(focus) -> bool:
    """Whether ``focus`` (a :class:`~analysis.core.focus.Focus`, a code, or None for the
    counties) is compared among the NUTS 2 regions: read from the Focus, made once."""
    return focus is not None and region_focus(focus).is_nuts2


def level(df: pd.DataFrame, focus: str | None) -> tuple[pd.DataFrame, list[str], str]:
    """Like with like: the table and the regions ``focus`` is compared with, and their name
    (display text; the level as data is :func:`level_of`).

    A county is compared with the 21 counties; ÖMS (``SE12``, a NUTS 2 region) with Sweden's
    eight NUTS 2 regions, each built from its counties (:func:`.nuts2_peers.nuts2_tidy`)."""
    if _is_nuts2(focus):
        from .nuts2_peers import nuts2_tidy

        units = regions.nuts2_codes()
        return nuts2_tidy(df), units, f"de {len(units)} NUTS 2-regionerna"
    return df, regions.county_codes(), "de 21 länen"


def level_of(focus: str | None) -> str:
    """The level ``focus`` is compared on, as data: :data:`NUTS2` for ÖMS, else :data:`COUNTY`."""
    return NUTS2 if _is_nuts2(focus) else COUNTY


def _standardised_matrix(df: pd.DataFrame, indicators: list[str], years: dict[str, int],
                         extra: tuple[str, ...] = (), units: list[str] | None = None
                         ) -> pd.DataFrame:
    """Z-scores (over the 21 counties, or ``units``) per indicator; rows: the units + ``extra``."""
    units = regions.county_codes() if units is None else units
    columns = {}
    for indicator in indicators:
        pos = position(_values(df, indicator, years[indicator]), units).set_index("county_code")
        columns[indicator] = pos["zscore"]
    z = pd.DataFrame(columns)
    rows = [*units, *[c for c in extra if c not in units]]
    return z.reindex(rows)


def _similarity_setup(df: pd.DataFrame, focus: str | None, indicators, weights, years,
                      units: list[str] | None = None):
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
    require = (focus,) if focus and focus not in (units or regions.county_codes()) else ()
    chosen, resolved = [], {}
    for indicator in indicators:
        try:
            resolved[indicator] = _resolve_year(df, indicator, years.get(indicator), require, units)
            chosen.append(indicator)
        except ParameterError as err:
            if explicit or indicator in years:
                usable = [i for i in available if _complete_years(df, i, require, units)]
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
                    n: int | None = None, exclude: list[str] | None = None,
                    metric: str = "euclidean", data: pd.DataFrame | None = None) -> Similarity:
    """The regions nearest to ``focus`` on a standardised (z-score) indicator profile.

    Like with like (:func:`level`): a county among the 21 counties (``n`` default 5); ÖMS
    (``"SE12"``) among Sweden's eight NUTS 2 regions (``n`` default 3), z-scores over the eight.
    ``exclude`` defaults to the focus itself. Weights multiply each indicator's squared
    difference (``scipy.spatial.distance.cdist`` with ``w``). Ties are broken by county code, so
    the result does not depend on the row order of the input.
    """
    from scipy.spatial import distance

    df = data_or_default(data)
    focus = region_focus(focus)  # a Focus comes through unchanged
    if focus == RIKET_CODE:
        raise ParameterError("Riket kan inte vara fokus för jämförelsen med liknande län; "
                             "välj ett län eller SE12 (ÖMS).")
    if metric not in _METRIC_NAMES:
        raise ParameterError(f"Okänt avståndsmått {metric!r}. Giltiga val: {', '.join(_METRIC_NAMES)}.")
    df, units, scale = level(df, focus)
    chosen, weights, years, notes = _similarity_setup(df, focus, indicators, weights, years, units)
    z = _standardised_matrix(df, chosen, years, extra=(focus,), units=units)
    exclude = [focus] if exclude is None else [str(c) for c in exclude]
    unknown = [c for c in exclude if c not in units and c != focus]
    if unknown:
        raise ParameterError(f"Okänd region att utesluta: {', '.join(unknown)}. Giltiga val: "
                             f"{', '.join(units)}.")
    candidates = [c for c in units if c not in exclude]
    n = (3 if focus.is_nuts2 else 5) if n is None else int(n)
    if n < 1 or n > len(candidates):
        word = "jämförelseregioner" if focus.is_nuts2 else "jämförelselän"
        raise ParameterError(f"Antalet {word} måste vara mellan 1 och {len(candidates)}.")
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
    return Similarity(focus, table, chosen, weights, years, metric, n, notes, scale, level_of(focus))


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
    scale: str = "de 21 länen"  # display text only
    level: str = COUNTY  # the level as data

    @property
    def nuts2(self) -> bool:
        return self.level == NUTS2

    @property
    def basis(self) -> str:
        parts = [f"{indicator_label(i)} {self.years[i]}" for i in self.indicators]
        return (f"Grupperingen av {self.scale} bygger på standardiserade värden för: "
                + "; ".join(parts) + f" (metod: {self.method}).")


def cluster_counties(indicators: list[str] | None = None, weights: dict[str, float] | None = None,
                     years: dict[str, int] | None = None, k: int | None = None,
                     method: str = "ward", data: pd.DataFrame | None = None,
                     focus: str | None = None) -> Clustering:
    """Ward clustering of the 21 counties; ``k`` groups cut from the tree (``fcluster``).

    With ``focus="SE12"`` the eight NUTS 2 regions are clustered instead (like with like, see
    :func:`level`), on the same variables as :func:`similar_regions`. ``k`` defaults to 4 groups
    of counties, 3 of NUTS 2 regions. Weights scale each z-score by the square root of the
    weight, so that squared Euclidean distances are weighted exactly as in :func:`similar_regions`.
    """
    from scipy.cluster import hierarchy

    df = data_or_default(data)
    if method not in ("ward", "average", "complete"):
        raise ParameterError(f"Okänd metod {method!r}. Giltiga val: ward, average, complete.")
    focus = None if focus is None else region_focus(focus)  # a Focus comes through unchanged
    nuts2 = _is_nuts2(focus)
    df, codes, scale = level(df, focus if nuts2 else None)
    k = (3 if nuts2 else 4) if k is None else int(k)
    chosen, weights, years, notes = _similarity_setup(df, None, indicators, weights, years, codes)
    z = _standardised_matrix(df, chosen, years, units=codes)
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
                      notes, scale, NUTS2 if nuts2 else COUNTY)
