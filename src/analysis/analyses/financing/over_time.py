"""Projects over time: budget per year and per project month, in current and fixed prices (KPI),
and each region's change from one project to the next.

The register decides which projects there are; they are ordered by start date
(:func:`project_order`), and "over time" compares consecutive projects (:func:`consecutive_pairs`),
with the latest pair (:func:`latest_pair`) where one comparison is needed. One project has no pair.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ...core import regions
from ...core.errors import ParameterError
from ...sources.decisions import project_ids, project_label
from .capacity import _project_months
from .contributions import regional_contributions
from .inputs import ERDF_SOURCE, _months, _regional, check_project, lines_or_default


def yearly_budget(lines: pd.DataFrame | None = None, months=None) -> pd.DataFrame:
    """Per project and budget year: total budget, regional co-financing, ERUF, months, per month.

    ``total_sek`` is the year's booked costs (cost table); regional and ERUF amounts come from
    the financing table.

    ``months``: a table shaped like ``budgets.months_per_year()`` (the default). Columns: ``project_id, year, months, total_sek,
    regional_sek, erdf_sek, total_per_month_sek, regional_per_month_sek``.
    """
    lines = lines_or_default(lines)
    fin = lines[lines["table"] == "financing"]
    cost = lines[lines["table"] == "cost"].groupby(["project_id", "year"])["amount_sek"].sum()
    rows = []
    for pid, g in fin.groupby("project_id", sort=False):
        m = _months(months, pid).set_index("year")["months"]
        for year, gy in g.groupby("year"):
            if year not in m.index:
                raise ValueError(f"Antal projektmånader saknas för {project_label(pid)} år {year}.")
            # the budget total is the booked costs (the financing rows are rounded per cell)
            total = int(cost.get((pid, year), gy["amount_sek"].sum()))
            regional = int(gy.loc[gy["county_code"].notna(), "amount_sek"].sum())
            erdf = int(gy.loc[gy["funding_source"] == ERDF_SOURCE, "amount_sek"].sum())
            rows.append({"project_id": pid, "year": int(year), "months": int(m[year]),
                         "total_sek": total, "regional_sek": regional, "erdf_sek": erdf})
    out = pd.DataFrame(rows)
    out["total_per_month_sek"] = out["total_sek"] / out["months"]
    out["regional_per_month_sek"] = out["regional_sek"] / out["months"]
    return out


def project_totals(lines: pd.DataFrame | None = None, months=None) -> pd.DataFrame:
    """Per project: totals, months, per month and per 12 months (current prices)."""
    y = yearly_budget(lines, months)
    out = (y.groupby("project_id", sort=False)
           .agg(first_year=("year", "min"), last_year=("year", "max"), months=("months", "sum"),
                total_sek=("total_sek", "sum"), regional_sek=("regional_sek", "sum"),
                erdf_sek=("erdf_sek", "sum"))
           .reset_index())
    out["total_per_month_sek"] = out["total_sek"] / out["months"]
    out["regional_per_month_sek"] = out["regional_sek"] / out["months"]
    out["total_per_year_sek"] = out["total_per_month_sek"] * 12
    out["regional_per_year_sek"] = out["regional_per_month_sek"] * 12
    return out


def in_fixed_prices(frame: pd.DataFrame, *, base_year: int, assumption: str | None = None,
                    amount_columns: Iterable[str] = ("total_sek", "regional_sek", "erdf_sek"),
                    factors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``<col>_fixed`` columns in prices of ``base_year`` (KPI) and a ``price_assumed`` flag.

    ``factors`` (``year, factor, assumed``; fixed = current × factor) comes from
    :mod:`analysis.tables.prices` unless given; years the KPI does not cover need the explicit
    ``assumption`` there, and every row priced with it carries ``price_assumed = True``.
    """
    out = frame.copy()
    years = sorted(out["year"].unique())
    if factors is None:
        factors = price_factors(years, base_year=base_year, assumption=assumption,
                                months=project_calendar_months())
    f = factors.set_index("year")
    missing = [y for y in years if y not in f.index]
    if missing:
        raise ValueError(f"Prisomräkningsfaktor saknas för år {', '.join(map(str, missing))}.")
    out["price_factor"] = out["year"].map(f["factor"])
    out["price_assumed"] = out["year"].map(f["assumed"]).astype(bool)
    out["base_year"] = base_year
    for col in amount_columns:
        out[f"{col}_fixed"] = out[col] * out["price_factor"]
    return out


def base_years() -> list[int]:
    """Years that can serve as price base: those with a published KPI annual mean."""
    from ...tables import prices

    return sorted(int(y) for y in prices.kpi_annual()["year"])


def check_base_year(base_year: int) -> int:
    valid = base_years()
    if int(base_year) not in valid:
        raise ParameterError(f"Basåret {base_year} saknar publicerat årsmedel för KPI. Giltiga basår: "
                             f"{', '.join(map(str, valid))}.")
    return int(base_year)


def project_calendar_months(project_table: pd.DataFrame | None = None) -> dict[int, list[int]]:
    """Calendar months the projects ran, by year (REAL ÖMS 2023: November–December), so the
    KPI of a partial year is the mean of the months the project actually ran."""
    from ...core.months import project_months

    if project_table is None:
        from ...tables.budgets import projects

        project_table = projects()
    out: dict[int, list[int]] = {}
    for _, p in project_table.iterrows():
        for year, months in project_months(p["start_date"], p["end_date"]).items():
            if len(months) < 12:
                out[year] = months
    return out


def price_factors(years: Iterable[int], *, base_year: int, assumption: str | None,
                  months: dict[int, list[int]] | None = None) -> pd.DataFrame:
    """Thin adapter over :func:`analysis.tables.prices.deflator`: ``year, factor, assumed, basis``
    (fixed = current × factor)."""
    from ...tables import prices

    check_base_year(base_year)
    d = prices.deflator(list(years), base_year, months=months, assumption=assumption)
    return d.rename(columns={"price_assumed": "assumed", "kpi_basis": "basis"})[
        ["year", "factor", "assumed", "basis"]]


def project_order(present=None, project_table: pd.DataFrame | None = None) -> list[str]:
    """The register's projects (or those of ``present``) ordered by start date; projects that
    start the same day keep the register's order."""
    ids = list(project_ids()) if present is None else list(dict.fromkeys(present))
    if project_table is None or not {"project_id", "start_date"} <= set(project_table.columns):
        from ...tables.budgets import projects

        project_table = projects()
    start = project_table.set_index("project_id")["start_date"]
    register = {p: i for i, p in enumerate(project_ids())}
    unknown = [p for p in ids if p not in start.index]
    if unknown:
        raise ParameterError(f"Projekt utan startdatum i projekttabellen: {', '.join(unknown)}.")
    return sorted(ids, key=lambda p: (pd.Timestamp(start[p]), register.get(p, len(register))))


def consecutive_pairs(present=None, project_table: pd.DataFrame | None = None
                      ) -> list[tuple[str, str]]:
    """Each project with the one that started after it: ``[(earlier, later), …]`` (empty for
    one project)."""
    order = project_order(present, project_table)
    return list(zip(order[:-1], order[1:]))


def latest_pair(present=None, project_table: pd.DataFrame | None = None
                ) -> tuple[str, str] | None:
    """The two latest projects by start date, or None when the register holds one project."""
    pairs = consecutive_pairs(present, project_table)
    return pairs[-1] if pairs else None


def pair_comparison(lines: pd.DataFrame | None = None, months=None, *,
                    project_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every consecutive pair of projects: each one's totals and the change per project month
    (budget) and per twelve project months (the regions' co-financing), current prices.

    Columns: ``earlier, later, earlier_months, later_months, earlier_total_sek, later_total_sek,
    earlier_per_month_sek, later_per_month_sek, change_per_month, earlier_regional_sek,
    later_regional_sek, earlier_regional_per_year_sek, later_regional_per_year_sek,
    change_regional, change_regional_per_year, latest`` (True for the latest pair).
    """
    t = project_totals(lines, months).set_index("project_id")
    pairs = consecutive_pairs(list(t.index), project_table)
    rows = []
    for earlier, later in pairs:
        a, b = t.loc[earlier], t.loc[later]
        rows.append({
            "earlier": earlier, "later": later,
            "earlier_months": int(a["months"]), "later_months": int(b["months"]),
            "earlier_total_sek": int(a["total_sek"]), "later_total_sek": int(b["total_sek"]),
            "earlier_per_month_sek": a["total_per_month_sek"],
            "later_per_month_sek": b["total_per_month_sek"],
            "change_per_month": b["total_per_month_sek"] / a["total_per_month_sek"] - 1,
            "earlier_regional_sek": int(a["regional_sek"]),
            "later_regional_sek": int(b["regional_sek"]),
            "earlier_regional_per_year_sek": a["regional_per_year_sek"],
            "later_regional_per_year_sek": b["regional_per_year_sek"],
            "change_regional": b["regional_sek"] / a["regional_sek"] - 1,
            "change_regional_per_year": b["regional_per_year_sek"] / a["regional_per_year_sek"] - 1,
            "latest": (earlier, later) == pairs[-1]})
    return pd.DataFrame(rows, columns=[
        "earlier", "later", "earlier_months", "later_months", "earlier_total_sek",
        "later_total_sek", "earlier_per_month_sek", "later_per_month_sek", "change_per_month",
        "earlier_regional_sek", "later_regional_sek", "earlier_regional_per_year_sek",
        "later_regional_per_year_sek", "change_regional", "change_regional_per_year", "latest"])


#: the yearly KPI changes after the latest published month shown beside a fixed-price figure
SENSITIVITY_RATES = (0.0, 0.01, 0.02)


def price_sensitivity(lines: pd.DataFrame | None = None, months=None, *, base_year: int,
                      pair: tuple[str, str] | None = None,
                      rates: Iterable[float] = SENSITIVITY_RATES) -> pd.DataFrame:
    """A fixed-price comparison of ``pair`` (default the latest pair) under each yearly KPI
    change ``rates`` after the latest published month (0 = the level held).

    One row per rate: ``rate, assumption, assumed`` (whether any year needed it),
    ``earlier, later``, ``earlier_per_month_fixed``, ``later_per_month_fixed``,
    ``change_per_month`` (budget per project month) and ``change_regional_per_year`` (the
    regions' co-financing per twelve project months), both later / earlier − 1.
    """
    from ...tables import prices

    lines = lines_or_default(lines)
    pair = pair or latest_pair(lines["project_id"].unique())
    if pair is None:
        raise ParameterError("Det finns bara ett projekt i registret: ingen jämförelse över tid.")
    earlier, later = pair
    rows = []
    for rate in rates:
        assumption = prices.HOLD_LATEST if rate == 0 else prices.annual_rate(rate)
        o = over_time(lines, months, base_year=base_year, assumption=assumption
                      ).set_index("project_id")
        a, b = o.loc[earlier], o.loc[later]
        rows.append({
            "rate": float(rate), "assumption": assumption,
            "assumed": bool(a["price_assumed"] or b["price_assumed"]),
            "earlier": earlier, "later": later,
            "earlier_per_month_fixed": a["total_per_month_sek_fixed"],
            "later_per_month_fixed": b["total_per_month_sek_fixed"],
            "change_per_month": b["total_per_month_sek_fixed"] / a["total_per_month_sek_fixed"] - 1,
            "change_regional_per_year": (b["regional_per_month_sek_fixed"]
                                         / a["regional_per_month_sek_fixed"] - 1)})
    return pd.DataFrame(rows)


def over_time(lines: pd.DataFrame | None = None, months=None, *, base_year: int | None = None,
              assumption: str | None = None, factors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every project's totals, per month and per 12 months, in current prices and (when
    ``base_year`` is given) in fixed prices with the ``price_assumed`` flag; one row per project
    in the order of the budget lines.
    """
    y = yearly_budget(lines, months)
    if base_year is None:
        return project_totals(lines, months)
    y = in_fixed_prices(y, base_year=base_year, assumption=assumption, factors=factors)
    out = (y.groupby("project_id", sort=False)
           .agg(first_year=("year", "min"), last_year=("year", "max"), months=("months", "sum"),
                total_sek=("total_sek", "sum"), regional_sek=("regional_sek", "sum"),
                erdf_sek=("erdf_sek", "sum"), total_sek_fixed=("total_sek_fixed", "sum"),
                regional_sek_fixed=("regional_sek_fixed", "sum"),
                erdf_sek_fixed=("erdf_sek_fixed", "sum"),
                price_assumed=("price_assumed", "any"))
           .reset_index())
    out["base_year"] = base_year
    for col in ("total_sek", "regional_sek", "total_sek_fixed", "regional_sek_fixed"):
        out[col.replace("_sek", "_per_month_sek")] = out[col] / out["months"]
    return out


def change_by_region(lines: pd.DataFrame | None = None, *, from_project: str | None = None,
                     to_project: str | None = None, months=None, base_year: int | None = None,
                     assumption: str | None = None, factors: pd.DataFrame | None = None,
                     stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each region's contribution in two projects and the change, in kronor and percent.

    Whole-project totals (as in :func:`regional_contributions`) and per 12 project months (the
    projects differ in length). With ``base_year`` the amounts are also in fixed prices
    (``*_fixed``, ``price_assumed``), computed year by year from the yearly amounts.
    By default the latest pair of projects by start date (:func:`latest_pair`); with one
    project there is nothing to compare (a ParameterError).
    """
    lines = lines_or_default(lines)
    if from_project is None or to_project is None:
        pair = latest_pair(lines["project_id"].unique())
        if pair is None:
            raise ParameterError("Det finns bara ett projekt i registret: ingen jämförelse över "
                                 "tid.")
        from_project, to_project = from_project or pair[0], to_project or pair[1]
    from_project = check_project(from_project, lines)
    to_project = check_project(to_project, lines)
    reg = _regional(lines)
    yearly = reg.groupby(["project_id", "county_code", "year"])["amount_sek"].sum().reset_index()
    if base_year is not None:
        yearly = in_fixed_prices(yearly, base_year=base_year, assumption=assumption,
                                 amount_columns=("amount_sek",), factors=factors)
    project_months = _project_months(lines, months)
    agg = {"amount_sek": ("amount_sek", "sum")}
    if base_year is not None:
        agg.update(amount_sek_fixed=("amount_sek_fixed", "sum"),
                   price_assumed=("price_assumed", "any"))
    tot = yearly.groupby(["project_id", "county_code"]).agg(**agg).reset_index()
    decided = regional_contributions(lines, stated_totals).set_index(
        ["project_id", "county_code"])["amount_sek"]
    tot["amount_sek"] = [decided[(p, c)] for p, c in zip(tot["project_id"], tot["county_code"])]
    a = tot[tot["project_id"] == from_project].set_index("county_code")
    b = tot[tot["project_id"] == to_project].set_index("county_code")
    out = pd.DataFrame({"county_code": regions.oms_county_codes()})
    out["region"] = out["county_code"].map(regions.authority_name)
    cols = ["amount_sek"] + (["amount_sek_fixed"] if base_year is not None else [])
    for col in cols:
        suffix = col.replace("amount_sek", "")
        before = out["county_code"].map(a[col])
        after = out["county_code"].map(b[col])
        out[f"before{suffix}"] = before
        out[f"after{suffix}"] = after
        out[f"change_sek{suffix}"] = after - before
        out[f"change_pct{suffix}"] = (after - before) / before
        per_year_before = before / project_months[from_project] * 12
        per_year_after = after / project_months[to_project] * 12
        out[f"before_per_year{suffix}"] = per_year_before
        out[f"after_per_year{suffix}"] = per_year_after
        out[f"change_pct_per_year{suffix}"] = (per_year_after - per_year_before) / per_year_before
    if base_year is not None:
        out["base_year"] = base_year
        out["price_assumed"] = out["county_code"].map(b["price_assumed"]) | \
            out["county_code"].map(a["price_assumed"])
    out.insert(0, "from_project", from_project)
    out.insert(1, "to_project", to_project)
    return out
