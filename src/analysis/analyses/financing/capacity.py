"""Contributions relative to size: per inhabitant of the budget years and per MSEK of GRP."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ...core import regions
from .contributions import regional_contributions
from .inputs import _months, _regional, indicators_or_default, lines_or_default
from ...sources.catalog import needs

POPULATION_NATIONAL = needs("population_2025_national")


def _indicator(ind: pd.DataFrame, name: str, codes: Iterable[str]) -> pd.DataFrame:
    sel = ind[(ind["indicator"] == name) & ind["county_code"].isin(list(codes))]
    sel = sel[sel["value"].notna()]
    return sel[["county_code", "year", "value"]].copy()


def population_for_years(years: Iterable[int], indicator_table: pd.DataFrame | None = None,
                         codes: Iterable[str] | None = None) -> pd.DataFrame:
    """Population (31 Dec) for each region and year; latest available year beyond the data.

    Columns: ``county_code, year, population, population_year, population_assumed``.
    A year before the first year in the table is an error (nothing is guessed backwards).
    """
    ind = indicators_or_default(indicator_table)
    codes = list(codes or regions.oms_county_codes())
    pop = _indicator(ind, "population", codes)
    rows = []
    for code in codes:
        p = pop[pop["county_code"] == code].set_index("year")["value"]
        if p.empty:
            raise ValueError(f"Befolkning saknas för {regions.county_name(code)} i indikatortabellen.")
        for year in years:
            available = [y for y in p.index if y <= year]
            if not available:
                raise ValueError(f"Befolkning saknas för {regions.county_name(code)} år {year} "
                                 f"(tabellen börjar {min(p.index)}).")
            used = max(available)
            rows.append({"county_code": code, "year": int(year), "population": float(p[used]),
                         "population_year": int(used), "population_assumed": used != year})
    return pd.DataFrame(rows)


def latest_complete_year(indicator_table: pd.DataFrame | None, name: str,
                         codes: Iterable[str] | None = None) -> int:
    """The latest year in which every one of ``codes`` has a value of indicator ``name``."""
    ind = indicators_or_default(indicator_table)
    codes = list(codes or regions.oms_county_codes())
    sel = _indicator(ind, name, codes)
    counts = sel.groupby("year")["county_code"].nunique()
    complete = counts[counts == len(codes)]
    if complete.empty:
        raise ValueError(f"Indikatorn {name!r} saknar ett år med värden för alla fem regioner.")
    return int(complete.index.max())


def capacity(lines: pd.DataFrame | None = None,
             indicator_table: pd.DataFrame | None = None, months=None,
             stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Contributions relative to size: per inhabitant and per MSEK of GRP, per project and region.

    ``sek_per_inhabitant`` = Σ over budget years of (the year's contribution / the year's
    population) – the kronor each inhabitant's region paid over the whole project.
    ``sek_per_inhabitant_per_year`` divides that by the project's length in years (months / 12
    of budget years with amounts), so 36- and 48-month projects can be compared.
    ``amount_sek`` is the decided whole-project contribution (:func:`regional_contributions`);
    ``sek_per_msek_grp`` = that / GRP (MSEK) of ``grp_year`` (:func:`_grp_years`: the latest
    year with values for all five regions within the project, or the latest year for a running
    project; said in the column, with ``grp_vintage``). Population beyond the data uses the
    latest year (``population_assumed``); ``population_vintages`` says which release.
    """
    lines = lines_or_default(lines)
    ind = indicators_or_default(indicator_table)
    yearly = capacity_yearly(lines, ind)
    grp_years = _grp_years(ind, lines)
    grp_all = ind[(ind["indicator"] == "grp_msek") & ind["value"].notna()]
    out = (yearly.groupby(["project_id", "county_code"])
           .agg(amount_sek=("amount_sek", "sum"), sek_per_inhabitant=("sek_per_inhabitant", "sum"),
                mean_population=("population", "mean"),
                first_year=("year", "min"), last_year=("year", "max"),
                population_years=("population_year", lambda s: ", ".join(map(str, sorted(set(s))))),
                population_assumed=("population_assumed", "any"))
           .reset_index())
    project_months = _project_months(lines, months)
    out["project_years"] = out["project_id"].map(project_months) / 12
    out["sek_per_inhabitant_per_year"] = out["sek_per_inhabitant"] / out["project_years"]
    decided = regional_contributions(lines, stated_totals).set_index(
        ["project_id", "county_code"])["amount_sek"]
    out["amount_sek"] = [decided[(p, c)] for p, c in zip(out["project_id"], out["county_code"])]
    out["grp_year"] = out["project_id"].map(grp_years)
    keyed = grp_all.set_index(["county_code", "year"])
    out["grp_msek"] = [keyed.at[(c, y), "value"] for c, y in zip(out["county_code"], out["grp_year"])]
    out["grp_vintage"] = [keyed.at[(c, y), "vintage"] for c, y in zip(out["county_code"], out["grp_year"])]
    pop_vintage = ind[ind["indicator"] == "population"].groupby("year")["vintage"].first()
    out["population_vintages"] = [", ".join(sorted({str(pop_vintage.get(int(y), "")) for y in ys.split(", ")}))
                                  for ys in out["population_years"]]
    out["sek_per_msek_grp"] = out["amount_sek"] / out["grp_msek"]
    out["region"] = out["county_code"].map(regions.authority_name)
    return out[["project_id", "county_code", "region", "amount_sek", "sek_per_inhabitant",
                "sek_per_inhabitant_per_year", "mean_population", "population_years",
                "population_assumed", "population_vintages", "first_year", "last_year",
                "project_years", "grp_year", "grp_vintage", "grp_msek", "sek_per_msek_grp"]]


def _grp_years(ind: pd.DataFrame, lines: pd.DataFrame) -> dict:
    """Per project: the GRP year its contributions are set against, the latest year with GRP for
    all five regions that is not after the project's last budget year (a running project: the
    latest year with data, e.g. 2024 for REAL ÖMS 2023–2027)."""
    codes = regions.oms_county_codes()
    sel = _indicator(ind, "grp_msek", codes)
    counts = sel.groupby("year")["county_code"].nunique()
    complete = sorted(int(y) for y in counts[counts == len(codes)].index)
    if not complete:
        raise ValueError("Indikatorn 'grp_msek' saknar ett år med värden för alla fem regioner.")
    out = {}
    for pid, g in lines.groupby("project_id"):
        last = int(g["year"].max())
        before = [y for y in complete if y <= last]
        out[pid] = before[-1] if before else complete[-1]
    return out


def _project_months(lines: pd.DataFrame, months=None) -> pd.Series:
    """Project length in months, from months per budget year (only years with amounts)."""
    out = {}
    for pid in lines["project_id"].unique():
        m = _months(months, pid)
        years = set(lines.loc[lines["project_id"] == pid, "year"])
        out[pid] = int(m.loc[m["year"].isin(years), "months"].sum())
    return pd.Series(out)


def capacity_yearly(lines: pd.DataFrame | None = None,
                    indicator_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per region and budget year: contribution, population used, kronor per inhabitant."""
    lines = lines_or_default(lines)
    reg = _regional(lines)
    yearly = reg.groupby(["project_id", "county_code", "year"])["amount_sek"].sum().reset_index()
    pop = population_for_years(sorted(yearly["year"].unique()), indicator_table)
    yearly = yearly.merge(pop, on=["county_code", "year"], how="left")
    yearly["sek_per_inhabitant"] = yearly["amount_sek"] / yearly["population"]
    return yearly


def riket_population_latest(national: pd.DataFrame | None = None,
                            indicator_table: pd.DataFrame | None = None) -> dict:
    """Riket's newest population (31 December 2025, SCB's press text, rounded to hundreds)
    beside the latest year of the county table, where the counties have values too.

    Returns ``year, value, previous_year, previous, change`` (share), or ``{}`` when the county
    table has that year for every county (then the per-inhabitant figures use it, and there is no
    gap to state).
    """
    from ...core.errors import DataError
    from ...core.regions import RIKET_CODE
    from ...sources import catalog

    if national is None:
        info = catalog.dataset(POPULATION_NATIONAL)
        national = catalog.read_csv(catalog.path(POPULATION_NATIONAL), info["columns"])
    rows = national[national["region_code"].astype(str) == RIKET_CODE]
    if rows.empty:
        raise DataError(catalog.path(POPULATION_NATIONAL), None,
                        "ingen rad för riket (region_code 00)")
    row = rows.sort_values("year").iloc[-1]
    ind = indicators_or_default(indicator_table)
    counties = ind[(ind["indicator"] == "population") & ind["county_code"].isin(regions.county_codes())
                   & ind["value"].notna() & (ind["year"].astype(int) == int(row["year"]))]
    if counties["county_code"].nunique() == len(regions.county_codes()):
        return {}  # the counties have that year as well: no gap to state
    pop = ind[(ind["indicator"] == "population") & (ind["county_code"] == RIKET_CODE)]
    pop = pop[pop["value"].notna() & (pop["year"].astype(int) < int(row["year"]))]
    last = pop.sort_values("year").iloc[-1]
    value, previous = float(row["value"]), float(last["value"])
    return {"year": int(row["year"]), "value": value, "previous_year": int(last["year"]),
            "previous": previous, "change": value / previous - 1}
