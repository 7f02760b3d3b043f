"""Growth in windows that match the projects, in one vintage (Eurostat's county GDP in euro).

The windows come from the project register (:func:`analysis.tables.budgets.projects`) and ECS3's
reported end (:func:`analysis.analyses.financing.period.reported_end`), never from typed years:

- a **baseline** before the first project: from the first year of the series to the first
  project's base year;
- for every project its **decided** period, and for a project whose reported end differs from
  the decided one, its **reported** run;
- a window that reaches past the series ends at the latest year with data and says so
  (``complete = False``: "hittills").

A window runs from its *base year* to its *end year*. The base year is the last calendar year of
which the project covered at most half (a project starting in January 2018 has base 2017; one
starting in November 2023 has base 2023); the end year is the last calendar year of which it
covered at least half (or the year of a reported end).

Every measure is computed within **one vintage** (:func:`analysis.tables.indicator_schemas.
require_one_vintage` refuses anything else):

- ``share_start`` / ``share_end``: the region's share of Sweden's GDP (counties plus extra-regio)
  in the two years. A share is the same in euro and in kronor, so it needs no conversion;
- ``growth_sek``: nominal growth in kronor, from Eurostat's euro figures converted with ECB's
  annual average rate of each year (``eur_sek_annual.csv``). **This conversion is the project's
  own calculation** (Eurostat publishes county GDP in euro only); growth in euro would mostly be
  the exchange rate, so no growth in euro is given. Nominal: prices are not removed (no county
  deflator is published; SCB's volume change exists for the latest year only, see
  :func:`volume_change`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ...core import regions
from ...core.focus import Focus
from ...core.regions import RIKET_CODE
from ...tables.indicator_schemas import require_one_vintage
from .table import data_or_default

EUROSTAT_GRP = "grp_meur"
EXTRA_REGIO = "grp_meur_extra_regio"
OWN_CONVERSION = ("Omräkningen till kronor är rapportens egen beräkning (Eurostats belopp i euro "
                  "gånger ECB:s årsgenomsnitt för kronor per euro); Eurostat publicerar läns-BRP "
                  "bara i euro.")


@dataclass(frozen=True)
class Window:
    kind: str  # "baseline", "decided", "reported"
    project_id: str | None
    label: str  # Swedish, for readers
    start_year: int  # base year (level at its end)
    end_year: int
    complete: bool  # False: the period runs past the latest year with data


def _half_covered(start: dt.date, end: dt.date, year: int) -> bool:
    first = max(start, dt.date(year, 1, 1))
    last = min(end, dt.date(year, 12, 31))
    days = (last - first).days + 1 if last >= first else 0
    return days * 2 >= (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1


def base_year(start: dt.date) -> int:
    """The last calendar year of which a project starting ``start`` covered at most half."""
    return start.year - 1 if _half_covered(start, dt.date(start.year, 12, 31), start.year) \
        else start.year


def end_year(start: dt.date, end: dt.date) -> int:
    """The last calendar year of which the project covered at least half."""
    return end.year if _half_covered(start, end, end.year) else end.year - 1


def project_windows(projects: pd.DataFrame | None = None, first_year: int | None = None,
                    last_year: int | None = None, reported: dict | None = None) -> list[Window]:
    """The windows (baseline, each project's decided period, a reported run) for a series that
    covers ``first_year``–``last_year`` (default: the Eurostat GDP series)."""
    if projects is None:
        from ...tables.budgets import projects as _projects

        projects = _projects()
    if first_year is None or last_year is None:
        years = sorted(data_or_default(None).query("indicator == @EUROSTAT_GRP")["year"].unique())
        first_year = int(years[0]) if first_year is None else first_year
        last_year = int(years[-1]) if last_year is None else last_year
    if reported is None:  # project id → its reported end, from the register of reported ends
        from ..financing.period import reported_ends

        reported = reported_ends()
    p = projects.sort_values("start_date").reset_index(drop=True)
    out: list[Window] = []
    first_base = base_year(pd.Timestamp(p["start_date"].iloc[0]).date())
    if first_base > first_year:
        out.append(Window("baseline", None, f"Före {p['short_name'].iloc[0]}", first_year,
                          min(first_base, last_year), True))
    for _, r in p.iterrows():
        start, end = pd.Timestamp(r["start_date"]).date(), pd.Timestamp(r["end_date"]).date()
        b, e = base_year(start), end_year(start, end)
        name = r["short_name"]
        if b < last_year:
            out.append(Window("decided", r["project_id"],
                              f"{name}, beslutad period" if r["project_id"] in reported else name,
                              b, min(e, last_year), e <= last_year))
        rep = reported.get(r["project_id"])
        if rep and int(rep["year"]) != e and b < last_year:
            re_ = int(rep["year"])
            out.append(Window("reported", r["project_id"], f"{name}, rapporterad löptid", b,
                              min(re_, last_year), re_ <= last_year))
    return out


def _regions_sums(data: pd.DataFrame) -> pd.DataFrame:
    """GDP in MEUR per year for each county, each NUTS 2 region (sum of its counties) and Riket
    (counties plus extra-regio), all of the one vintage."""
    g = data[data["indicator"] == EUROSTAT_GRP]
    x = data[data["indicator"] == EXTRA_REGIO]
    vintage = require_one_vintage(g, x, what="BRP i euro per län")
    counties = g[g["county_code"].isin(regions.county_codes())]
    c = regions.counties().set_index("county_code")["nuts2_code"]
    rows = [counties[["county_code", "year", "value"]]]
    n2 = counties.assign(county_code=counties["county_code"].map(c))
    rows.append(n2.groupby(["county_code", "year"], as_index=False)["value"].sum(min_count=1))
    total = counties.groupby("year")["value"].sum(min_count=1) + x.set_index("year")["value"]
    rows.append(pd.DataFrame({"county_code": RIKET_CODE, "year": total.index, "value": total.values}))
    out = pd.concat(rows, ignore_index=True)
    out["vintage"] = vintage
    return out


def window_growth(data: pd.DataFrame | None = None, windows: list[Window] | None = None,
                  rates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per window and region (21 counties, the NUTS 2 regions, Riket): share of Sweden's GDP at
    both ends, its change in percentage points, and nominal growth in kronor (own conversion).

    Columns: ``window, kind, project_id, start_year, end_year, complete, code, level`` ("län",
    "NUTS 2", "riket"), ``share_start, share_end, share_change_pp, growth_sek,
    riket_growth_sek, vintage, source``."""
    df = data_or_default(data)
    if windows is None:
        windows = project_windows()
    if rates is None:
        from ...tables.prices import eur_sek

        rates = eur_sek()
    rate = rates.set_index(rates["year"].astype(int))["value"].astype(float)
    sums = _regions_sums(df)
    w = sums.pivot(index="county_code", columns="year", values="value")
    county_set, nuts2_set = set(regions.county_codes()), set(regions.nuts2_codes())
    rows = []
    for win in windows:
        a, b = win.start_year, win.end_year
        for y in (a, b):
            if y not in w.columns:
                raise ValueError(f"BRP i euro saknas för {y} (finns {min(w.columns)}–{max(w.columns)}).")
            if y not in rate.index:
                raise ValueError(f"ECB:s årsgenomsnitt saknas för {y}; ingen omräkning görs.")
        riket_growth = (w.at[RIKET_CODE, b] * rate[b]) / (w.at[RIKET_CODE, a] * rate[a]) - 1
        for code in w.index:
            share_a = w.at[code, a] / w.at[RIKET_CODE, a]
            share_b = w.at[code, b] / w.at[RIKET_CODE, b]
            rows.append({
                "window": win.label, "kind": win.kind, "project_id": win.project_id,
                "start_year": a, "end_year": b, "complete": win.complete, "code": code,
                "level": ("län" if code in county_set else "NUTS 2" if code in nuts2_set
                          else "riket"),
                "share_start": share_a, "share_end": share_b,
                "share_change_pp": (share_b - share_a) * 100,
                "growth_sek": (w.at[code, b] * rate[b]) / (w.at[code, a] * rate[a]) - 1,
                "riket_growth_sek": riket_growth,
                "vintage": sums["vintage"].iloc[0],
                "source": "Eurostat (SCB NR0105), BRP i miljoner euro; egen omräkning till kronor "
                          "med ECB:s årsgenomsnitt"})
    return pd.DataFrame(rows)


def volume_change(data: pd.DataFrame | None = None, codes: list[str] | None = None) -> pd.DataFrame:
    """SCB's volume change of GRP (fixed prices, per cent on the previous year) for the latest
    year published, per county: ``county_code, year, value, vintage, source``."""
    df = data_or_default(data)
    v = df[(df["indicator"] == "grp_volume_change_pct") & df["value"].notna()]
    if codes is not None:
        v = v[v["county_code"].isin(codes)]
    year = int(v["year"].max())
    v = v[v["year"] == year]
    require_one_vintage(v, what="volymutvecklingen")
    return v[["county_code", "year", "value", "vintage", "source"]].reset_index(drop=True)


def focus_rows(growth: pd.DataFrame, focus: str) -> pd.DataFrame:
    """The windows for ``focus`` (ÖMS: SE12 among the NUTS 2 regions; a county among the
    counties) with its rank on share change among its own level (1 = gained most)."""
    nuts2 = focus.is_nuts2 if isinstance(focus, Focus) else focus in regions.nuts2_codes()
    level = "NUTS 2" if nuts2 else "län"  # the growth table's level column (its own words)
    g = growth[growth["level"] == level].copy()
    g["rank"] = g.groupby("window")["share_change_pp"].rank(ascending=False, method="min").astype(int)
    g["n"] = g.groupby("window")["code"].transform("size")
    return g[g["code"] == focus].reset_index(drop=True)
