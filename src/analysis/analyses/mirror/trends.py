"""Growth over time: indexed series, OLS trend slopes with 95 % intervals
(``scipy.stats.linregress``) and whether the focus region grows faster than its peers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...core.errors import ParameterError
from ...core.params import check_region, region_focus
from ...core.regions import OMS_CODE, RIKET_CODE
from .similarity import level, similar_regions
from .table import _check_indicator, data_or_default, label_in_sentence, region_name


def peer_roles(nuts2: bool) -> tuple[str, str, str]:
    """The peers' role, their mean's role and the mean's name: counties, or NUTS 2 regions."""
    if nuts2:
        return "jämförelseregion", "jämförelseregioner, medel", "Jämförelseregionerna (medel)"
    return "jämförelselän", "jämförelselän, medel", "Jämförelselänen (medel)"


def _gap_notes(full: pd.DataFrame, kept: pd.DataFrame) -> list[str]:
    """A note per year inside the shown span that is left out because a region lacks a value
    there: the index and the trend then skip that year, and the reader is told so."""
    if kept.empty:
        return []
    inner = [y for y in full.index if kept.index.min() < y < kept.index.max() and y not in kept.index]
    return [f"{int(y)} ingår inte (index och trend hoppar över året): värde saknas för "
            f"{', '.join(region_name(c) for c in full.columns[full.loc[y].isna()])}."
            for y in inner]


def trajectories(indicator: str, focus: str = OMS_CODE, peers: list[str] | None = None,
                 base_year: int | None = None, start: int | None = None, end: int | None = None,
                 data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The indicator indexed to ``base_year`` (= 100) for focus, peers, ÖMS and Riket.

    Long table: ``county_code, region, role, year, value, index``. ``role`` is ``fokus``,
    ``jämförelselän``, ``ÖMS``, ``Riket`` or ``jämförelselän, medel`` (the unweighted mean of
    the peers' indexes). ``peers`` defaults to the nearest regions from :func:`similar_regions`.
    Like with like (:func:`.similarity.level`): for ÖMS (``SE12``) the peers are NUTS 2 regions
    and the roles ``jämförelseregion`` / ``jämförelseregioner, medel``. Only years where every
    shown region has a value are used.
    """
    df = data_or_default(data)
    _check_indicator(df, indicator)
    focus = region_focus(focus)  # a Focus comes through unchanged
    if peers is None:
        peers = similar_regions(focus, data=df).peers
    df, units, _ = level(df, focus)
    nuts2 = focus.is_nuts2
    peer_role, mean_role, mean_name = peer_roles(nuts2)
    if nuts2:
        bad = [str(p) for p in peers if str(p) not in units or str(p) == focus]
        if bad:
            raise ParameterError(f"Östra Mellansverige jämförs med de andra NUTS 2-regionerna; "
                                 f"okända jämförelseregioner: {', '.join(bad)}. Giltiga val: "
                                 f"{', '.join(u for u in units if u != focus)}.")
        peers = [str(p) for p in peers]
    else:
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
    full = wide.loc[:, [c for c in shown if c in wide.columns]]
    if start is not None:
        full = full[full.index >= start]
    if end is not None:
        full = full[full.index <= end]
    wide = full.dropna()
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
        role = ("fokus" if code == focus else peer_role if code in peers
                else "ÖMS" if code == OMS_CODE else "Riket")
        for year in wide.index:
            rows.append({"county_code": code, "region": region_name(code), "role": role,
                         "year": int(year), "value": float(wide.at[year, code]),
                         "index": float(index.at[year, code])})
    peer_mean = index[peers].mean(axis=1)
    for year in wide.index:
        rows.append({"county_code": "peers", "region": mean_name,
                     "role": mean_role, "year": int(year), "value": np.nan,
                     "index": float(peer_mean[year])})
    out = pd.DataFrame(rows)
    notes = [f"{n} saknas i källan för {label_in_sentence(indicator)} och visas inte."
             for n in omitted]
    notes += _gap_notes(full, wide)
    out.attrs.update(indicator=indicator, base_year=base_year, focus=focus, peers=peers,
                     notes=notes, nuts2=nuts2, peer_role=peer_role, mean_role=mean_role)
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
    base_year: int  # the trajectories' index base (= 100)
    verdict: str  # "snabbare", "långsammare" or "osäkert"
    nuts2: bool = False  # ÖMS among the NUTS 2 regions rather than a county among counties

    @property
    def mean_role(self) -> str:
        return peer_roles(self.nuts2)[1]


def growth_comparison(indicator: str, focus: str = OMS_CODE, peers: list[str] | None = None,
                      base_year: int | None = None, data: pd.DataFrame | None = None
                      ) -> GrowthComparison:
    """Does the focus region grow faster than its peers? The verdict with its uncertainty
    (the sentence is :func:`analysis.narrative.mirror_text.growth_statement`).

    The difference is the trend slope of (focus index − peers' mean index); its 95 % interval
    decides the verdict. Years follow each other, so the residuals are not independent and the
    interval is, if anything, too narrow; the sentence says so.
    """
    from scipy import stats

    traj = trajectories(indicator, focus, peers, base_year, data=data)
    slopes = trend_slopes(traj)
    focus_index = traj[traj["role"] == "fokus"].set_index("year")["index"]
    peer_index = traj[traj["role"] == traj.attrs["mean_role"]].set_index("year")["index"]
    gap = (focus_index - peer_index).sort_index()
    n = len(gap)
    if n < 3:
        raise ParameterError(f"Minst tre år behövs för att jämföra trender ({n} finns).")
    fit = stats.linregress(gap.index.astype(float), gap.to_numpy())
    t = stats.t.ppf(0.975, n - 2)
    low, high = fit.slope - t * fit.stderr, fit.slope + t * fit.stderr
    verdict = "snabbare" if low > 0 else "långsammare" if high < 0 else "osäkert"
    peers = traj.attrs["peers"]
    return GrowthComparison(indicator, focus, peers, slopes, float(fit.slope), float(low),
                            float(high), n, int(gap.index.min()), int(gap.index.max()),
                            int(traj.attrs["base_year"]), verdict, bool(traj.attrs["nuts2"]))
