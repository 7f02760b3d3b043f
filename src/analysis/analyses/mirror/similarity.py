"""Which counties are alike: nearest counties on a weighted, standardised profile
(``scipy.spatial.distance``) and Ward clustering of the 21 counties."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...core import regions
from ...core.errors import ParameterError
from ...core.formatting import format_number
from ...core.params import check_region
from ...core.regions import OMS_CODE, RIKET_CODE
from .positions import position
from .table import (SIMILARITY_INDICATORS, _complete_years, _resolve_year, data_or_default, _values,
                    indicator_label, region_name)


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

    df = data_or_default(data)
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

    df = data_or_default(data)
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
