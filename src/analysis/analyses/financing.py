"""Who pays what: the five regions' contributions to ECS3 (2018–2020) and REAL ÖMS (2023–2027).

Every function is pure: it takes the tidy tables as arguments (``lines`` from
``budgets.budget_lines()``, ``indicator_table`` from ``indicators.indicators()``, ``months`` from
``budgets.months_per_year``) and only falls back on the loaders when an argument is ``None``.
That keeps the arithmetic testable with small hand-made frames and keeps one source of truth.

Conventions used throughout:

* *Regional co-financing* = the rows of the financing table whose financier has a county code
  (the five regions, whatever the funding source: 1:1-medel, övriga medel or unspecified).
* *Population of the budget years*: population 31 December of each budget year; for budget years
  after the last year in the population table the latest available year is used, and the column
  ``population_year`` says which year was used (``population_assumed`` flags it).
* *GRP*: the latest year for which all five regions have a value; ``grp_year`` says which.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from ..core import regions
from ..core.errors import ParameterError
from ..core.labels import labels
from ..sources.decisions import project_ids, project_label

REGIONAL_SOURCES = ("appropriation_1_1", "regional_other", "regional_unspecified")
ERDF_SOURCE = "erdf"
DENOMINATORS = ("population", "grp", "mix")
DENOMINATOR_LABELS = {"population": "befolkning", "grp": "BRP",
                      "mix": "blandning (hälften befolkning, hälften BRP)"}
FLAT_RATE_INDIRECT = 0.40  # REAL ÖMS: indirect costs = 40 % of staff costs (schablon)


# --------------------------------------------------------------------------------------------
# Parameters and defaults
# --------------------------------------------------------------------------------------------

def check_denominator(denominator: str) -> str:
    if denominator not in DENOMINATORS:
        raise ParameterError(f"Okänd nämnare {denominator!r} för rättvisekvoten. Giltiga värden: "
                             + ", ".join(f"{d} ({DENOMINATOR_LABELS[d]})" for d in DENOMINATORS) + ".")
    return denominator


def check_project(project_id: str, lines: pd.DataFrame) -> str:
    valid = sorted(lines["project_id"].unique())
    if project_id not in valid:
        raise ParameterError(f"Okänt projekt {project_id!r}. Giltiga värden: {', '.join(valid)}.")
    return project_id


def lines_or_default(lines: pd.DataFrame | None) -> pd.DataFrame:
    """A copy of ``lines``, or of ``budgets.budget_lines()`` when it is None."""
    if lines is None:
        from ..tables.budgets import budget_lines

        lines = budget_lines()
    return lines.copy()


def indicators_or_default(indicator_table: pd.DataFrame | None) -> pd.DataFrame:
    """A copy of ``indicator_table``, or of ``indicators.indicators()`` when it is None."""
    if indicator_table is None:
        from ..tables.indicators import indicators

        indicator_table = indicators()
    return indicator_table.copy()


def _months(months: Callable[[str], pd.DataFrame] | dict | None, project_id: str) -> pd.DataFrame:
    """Months per budget year for one project (``year, months``)."""
    if months is None:
        from ..tables.budgets import months_per_year

        return months_per_year(project_id).copy()
    if isinstance(months, dict):
        return months[project_id].copy()
    return months(project_id).copy()


def _regional(lines: pd.DataFrame) -> pd.DataFrame:
    fin = lines[lines["table"] == "financing"]
    return fin[fin["county_code"].notna()].copy()


# --------------------------------------------------------------------------------------------
# Contributions
# --------------------------------------------------------------------------------------------

def stated_row_totals() -> pd.DataFrame:
    """The "Totalt" cell of each financing row as stated in the decision (``project_id,
    label, stated_total_sek``), from :func:`analysis.tables.budgets.budget_totals`."""
    from ..tables.budgets import budget_totals

    t = budget_totals()
    t = t[t["table"] == "financing"]
    return t[["project_id", "label", "stated_total_sek"]].reset_index(drop=True)


def contributions(lines: pd.DataFrame | None = None,
                  stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every financier and funding source per project over the whole project.

    The amount is the row total stated in the decision ("Totalt") where ``stated_totals`` has
    it – the decided amount – otherwise the sum of the yearly amounts; ``amount_basis`` says
    which, and ``rounding_difference_sek`` = Σ yearly amounts − stated total (the documents
    round each year to whole kronor, so a row can differ by a krona or two).

    Columns: ``project_id, label, category, county_code, funding_source, funding_source_label,
    amount_sek, sum_of_years_sek, rounding_difference_sek, amount_basis, share_of_regional,
    share_of_total, document, lines``. ``share_of_regional`` is NA for non-regional
    financiers (ERUF).
    """
    lines = lines_or_default(lines)
    if stated_totals is None:
        stated_totals = stated_row_totals()
    fin = lines[lines["table"] == "financing"].copy()
    fin["county_code"] = fin["county_code"].astype(object).where(fin["county_code"].notna(), None)
    fin["funding_source"] = fin["funding_source"].astype(object)
    keys = ["project_id", "label", "category", "county_code", "funding_source"]
    out = (fin.groupby(keys, dropna=False, sort=False)
           .agg(sum_of_years_sek=("amount_sek", "sum"), document=("document", "first"),
                lines=("line", lambda s: ", ".join(str(v) for v in sorted(set(s)))))
           .reset_index())
    out["amount_sek"] = out["sum_of_years_sek"]
    out["amount_basis"] = "summa av årsbelopp"
    if stated_totals is not None and len(stated_totals):
        st = stated_totals.set_index(["project_id", "label"])["stated_total_sek"]
        key = pd.MultiIndex.from_frame(out[["project_id", "label"]])
        stated = pd.Series(st.reindex(key).to_numpy(), index=out.index)
        has = stated.notna()
        out.loc[has, "amount_sek"] = stated[has]
        out.loc[has, "amount_basis"] = "radsumma i beslutet"
    out["rounding_difference_sek"] = out["sum_of_years_sek"] - out["amount_sek"]
    total = out.groupby("project_id")["amount_sek"].transform("sum")
    regional = out["county_code"].notna()
    regional_total = out["amount_sek"].where(regional, 0).groupby(out["project_id"]).transform("sum")
    out["share_of_total"] = out["amount_sek"] / total
    out["share_of_regional"] = (out["amount_sek"] / regional_total).where(regional)
    out["funding_source_label"] = out["funding_source"].map(labels("funding_source"))
    for col in ("amount_sek", "sum_of_years_sek", "rounding_difference_sek"):
        out[col] = out[col].astype("int64")
    return out[["project_id", "label", "category", "county_code", "funding_source",
                "funding_source_label", "amount_sek", "sum_of_years_sek",
                "rounding_difference_sek", "amount_basis", "share_of_regional",
                "share_of_total", "document", "lines"]]


def regional_contributions(lines: pd.DataFrame | None = None,
                           stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each region's total per project (all its funding sources together; amounts as in
    :func:`contributions`).

    Columns: ``project_id, county_code, region, amount_sek, n_sources, share_of_regional,
    share_of_total, regional_total_sek, project_total_sek, rounding_difference_sek``.
    """
    c = contributions(lines, stated_totals)
    project_total = c.groupby("project_id")["amount_sek"].sum()
    reg = c[c["county_code"].notna()]
    out = (reg.groupby(["project_id", "county_code"], sort=True)
           .agg(amount_sek=("amount_sek", "sum"), n_sources=("funding_source", "nunique"),
                rounding_difference_sek=("rounding_difference_sek", "sum"))
           .reset_index())
    out["region"] = out["county_code"].map(regions.authority_name)
    out["regional_total_sek"] = out.groupby("project_id")["amount_sek"].transform("sum")
    out["project_total_sek"] = out["project_id"].map(project_total)
    out["share_of_regional"] = out["amount_sek"] / out["regional_total_sek"]
    out["share_of_total"] = out["amount_sek"] / out["project_total_sek"]
    for col in ("amount_sek", "regional_total_sek", "project_total_sek"):
        out[col] = out[col].astype("int64")
    return out[["project_id", "county_code", "region", "amount_sek", "n_sources",
                "share_of_regional", "share_of_total", "regional_total_sek", "project_total_sek",
                "rounding_difference_sek"]]


# --------------------------------------------------------------------------------------------
# Capacity: population and GRP
# --------------------------------------------------------------------------------------------

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
    ``sek_per_msek_grp`` = that / GRP (MSEK) of ``grp_year`` (latest year with values for all
    five regions; said in the column).
    """
    lines = lines_or_default(lines)
    ind = indicators_or_default(indicator_table)
    yearly = capacity_yearly(lines, ind)
    grp_year = latest_complete_year(ind, "grp_msek")
    grp = _indicator(ind, "grp_msek", regions.oms_county_codes())
    grp = grp[grp["year"] == grp_year].set_index("county_code")["value"]
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
    out["grp_year"] = grp_year
    out["grp_msek"] = out["county_code"].map(grp)
    out["sek_per_msek_grp"] = out["amount_sek"] / out["grp_msek"]
    out["region"] = out["county_code"].map(regions.authority_name)
    return out[["project_id", "county_code", "region", "amount_sek", "sek_per_inhabitant",
                "sek_per_inhabitant_per_year", "mean_population", "population_years",
                "population_assumed", "first_year", "last_year", "project_years", "grp_year",
                "grp_msek", "sek_per_msek_grp"]]


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


# --------------------------------------------------------------------------------------------
# Fair share
# --------------------------------------------------------------------------------------------

def denominator_shares(indicator_table: pd.DataFrame | None = None, *,
                       population_years: Iterable[int] | None = None,
                       mix_weight: float = 0.5) -> pd.DataFrame:
    """Each region's share of the five regions' population, of their GRP, and a mix.

    Population: mean over ``population_years`` (latest available year where beyond the data).
    GRP: latest year with values for all five. Mix: ``mix_weight`` × population share +
    (1 − ``mix_weight``) × GRP share. Columns: ``county_code, population, population_share,
    grp_msek, grp_year, grp_share, mix_share``.
    """
    if not 0 <= mix_weight <= 1:
        raise ParameterError(f"Vikten för blandningen måste ligga mellan 0 och 1, inte {mix_weight}.")
    ind = indicators_or_default(indicator_table)
    codes = regions.oms_county_codes()
    if population_years is None:
        population_years = [latest_complete_year(ind, "population")]
    pop = population_for_years(list(population_years), ind)
    pop = pop.groupby("county_code")["population"].mean()
    grp_year = latest_complete_year(ind, "grp_msek")
    grp = _indicator(ind, "grp_msek", codes)
    grp = grp[grp["year"] == grp_year].set_index("county_code")["value"]
    out = pd.DataFrame({"county_code": codes})
    out["population"] = out["county_code"].map(pop)
    out["population_share"] = out["population"] / out["population"].sum()
    out["grp_msek"] = out["county_code"].map(grp)
    out["grp_year"] = grp_year
    out["grp_share"] = out["grp_msek"] / out["grp_msek"].sum()
    out["mix_share"] = mix_weight * out["population_share"] + (1 - mix_weight) * out["grp_share"]
    return out


def fair_share(lines: pd.DataFrame | None = None, indicator_table: pd.DataFrame | None = None,
               *, denominator: str = "population", mix_weight: float = 0.5,
               stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Fair-share index per project and region: share of regional co-financing / share of
    the denominator × 100 (100 = proportional; above 100 = pays more than its size).

    Population shares use the mean population of each project's budget years.
    Columns: ``project_id, county_code, region, share_of_regional, denominator,
    denominator_share, index``.
    """
    check_denominator(denominator)
    lines = lines_or_default(lines)
    ind = indicators_or_default(indicator_table)
    contrib = regional_contributions(lines, stated_totals)
    parts = []
    for pid, group in contrib.groupby("project_id", sort=False):
        years = sorted(lines.loc[lines["project_id"] == pid, "year"].unique())
        shares = denominator_shares(ind, population_years=years, mix_weight=mix_weight)
        col = {"population": "population_share", "grp": "grp_share", "mix": "mix_share"}[denominator]
        g = group.merge(shares[["county_code", col]], on="county_code", how="left")
        g = g.rename(columns={col: "denominator_share"})
        g["denominator"] = denominator
        g["index"] = g["share_of_regional"] / g["denominator_share"] * 100
        parts.append(g)
    out = pd.concat(parts, ignore_index=True)
    return out[["project_id", "county_code", "region", "share_of_regional", "denominator",
                "denominator_share", "index"]]


def fair_share_sensitivity(lines: pd.DataFrame | None = None,
                           indicator_table: pd.DataFrame | None = None,
                           stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """The fair-share index under each denominator (population, GRP, mix), side by side.

    Columns: ``project_id, county_code, region, population, grp, mix, spread`` where
    ``spread`` = max − min of the three indices (index points): how much the verdict depends on
    the choice of denominator.
    """
    lines = lines_or_default(lines)
    ind = indicators_or_default(indicator_table)
    if stated_totals is None:
        stated_totals = stated_row_totals()
    long = pd.concat([fair_share(lines, ind, denominator=d, stated_totals=stated_totals)
                      for d in DENOMINATORS])
    wide = long.pivot_table(index=["project_id", "county_code", "region"], columns="denominator",
                            values="index").reset_index()
    wide.columns.name = None
    wide = wide[["project_id", "county_code", "region", *DENOMINATORS]]
    wide["spread"] = wide[list(DENOMINATORS)].max(axis=1) - wide[list(DENOMINATORS)].min(axis=1)
    return wide


def _spearman_exact(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Spearman's ρ with an exact two-sided p-value from all permutations (n is tiny here).

    scipy's default p-value uses a t approximation that is too optimistic for n = 5.
    """
    from itertools import permutations

    from scipy import stats

    rho = float(stats.spearmanr(x, y).statistic)
    ry = stats.rankdata(y)
    rx = stats.rankdata(x)
    perms = [float(np.corrcoef(rx, np.array(p))[0, 1]) for p in permutations(ry)]
    p_value = float(np.mean([abs(r) >= abs(rho) - 1e-12 for r in perms]))
    return rho, p_value


def rank_correlation(lines: pd.DataFrame | None = None,
                     indicator_table: pd.DataFrame | None = None,
                     *, project_id: str | None = None, months=None,
                     stated_totals: pd.DataFrame | None = None) -> dict:
    """Spearman rank correlation across the five regions between contribution per inhabitant
    and GRP per inhabitant (published BRP per invånare, latest year with all five).

    Returns ``project_id, rho, p_value, n, grp_year``. With n = 5 the test has almost no power
    (only ρ = ±1 reaches p < 0,05 two-sided), which the sentence about it says
    (:func:`analysis.narrative.financing_text.rank_correlation_text`).
    """
    lines = lines_or_default(lines)
    ind = indicators_or_default(indicator_table)
    project_id = check_project(project_id or project_ids()[0], lines)
    cap = capacity(lines, ind, months, stated_totals)
    cap = cap[cap["project_id"] == project_id].set_index("county_code")
    year = latest_complete_year(ind, "grp_per_inhabitant_ksek")
    gpi = _indicator(ind, "grp_per_inhabitant_ksek", regions.oms_county_codes())
    gpi = gpi[gpi["year"] == year].set_index("county_code")["value"]
    x = cap["sek_per_inhabitant"]
    y = gpi.reindex(x.index)
    if y.isna().any() or x.nunique() < 2 or y.nunique() < 2:
        rho, p = float("nan"), float("nan")
    else:
        rho, p = _spearman_exact(x.to_numpy(), y.to_numpy())
    return {"project_id": project_id, "rho": rho, "p_value": p, "n": int(len(x)), "grp_year": year}


# --------------------------------------------------------------------------------------------
# Over time: ECS3 against REAL ÖMS
# --------------------------------------------------------------------------------------------

def yearly_budget(lines: pd.DataFrame | None = None, months=None) -> pd.DataFrame:
    """Per project and budget year: total budget, regional co-financing, ERUF, months, per month.

    ``total_sek`` is the year's booked costs (cost table); regional and ERUF amounts come from
    the financing table.

    ``months`` may be a callable ``project_id -> (year, months)`` or a dict of such frames;
    default ``budgets.months_per_year``. Columns: ``project_id, year, months, total_sek,
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
    from ..tables import prices

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
    from ..core.months import project_months

    if project_table is None:
        from ..tables.budgets import projects

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
    from ..tables import prices

    check_base_year(base_year)
    d = prices.deflator(list(years), base_year, months=months, assumption=assumption)
    return d.rename(columns={"price_assumed": "assumed", "kpi_basis": "basis"})[
        ["year", "factor", "assumed", "basis"]]


def over_time(lines: pd.DataFrame | None = None, months=None, *, base_year: int | None = None,
              assumption: str | None = None, factors: pd.DataFrame | None = None) -> pd.DataFrame:
    """ECS3 against REAL ÖMS per project: totals, per month and per 12 months, in current
    prices and (when ``base_year`` is given) in fixed prices with the ``price_assumed`` flag.
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
    """Each region's contribution in the two projects and the change, in kronor and percent.

    Whole-project totals (as in :func:`regional_contributions`) and per 12 project months (the
    projects differ in length). With ``base_year`` the amounts are also in fixed prices
    (``*_fixed``, ``price_assumed``), computed year by year from the yearly amounts.
    By default from the register's first project to its last (ECS3 to REAL ÖMS).
    """
    lines = lines_or_default(lines)
    from_project = check_project(from_project or project_ids()[0], lines)
    to_project = check_project(to_project or project_ids()[-1], lines)
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


# --------------------------------------------------------------------------------------------
# Cost structure and co-financing shares
# --------------------------------------------------------------------------------------------

def cost_structure(lines: pd.DataFrame | None = None) -> pd.DataFrame:
    """Booked costs per project and category, with each category's share of the total.

    Columns: ``project_id, category, category_label, amount_sek, share``. The ratio of indirect
    to staff costs is in :func:`indirect_cost_ratio`.
    """
    lines = lines_or_default(lines)
    cost = lines[lines["table"] == "cost"]
    out = cost.groupby(["project_id", "category"], sort=False)["amount_sek"].sum().reset_index()
    out["share"] = out["amount_sek"] / out.groupby("project_id")["amount_sek"].transform("sum")
    out["category_label"] = out["category"].map(labels("cost_category")).fillna(out["category"])
    out["amount_sek"] = out["amount_sek"].astype("int64")
    return out[["project_id", "category", "category_label", "amount_sek", "share"]]


def indirect_cost_ratio(lines: pd.DataFrame | None = None) -> pd.DataFrame:
    """Indirect costs / staff costs per project and year (REAL ÖMS: the 40 % flat rate).

    ``ratio`` is NA where a project has no indirect-cost line (ECS3 budgets real costs).
    """
    lines = lines_or_default(lines)
    cost = lines[lines["table"] == "cost"]
    piv = cost.pivot_table(index=["project_id", "year"], columns="category",
                           values="amount_sek", aggfunc="sum").reset_index()
    piv.columns.name = None
    if "indirect_costs" not in piv:
        piv["indirect_costs"] = np.nan
    piv["ratio"] = piv["indirect_costs"] / piv["staff"]
    piv["flat_rate"] = FLAT_RATE_INDIRECT
    return piv[["project_id", "year", "staff", "indirect_costs", "ratio", "flat_rate"]]


def cofinancing_shares(lines: pd.DataFrame | None = None,
                       project_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per project: ERUF share, the five regions' share, and the deciding region's share of
    the booked costs (REAL ÖMS applied for 12 %).

    Columns: ``project_id, total_cost_sek, erdf_sek, erdf_share, regional_sek, regional_share,
    deciding_authority, deciding_sek, deciding_share, applied_share``.
    """
    lines = lines_or_default(lines)
    if project_table is None:
        from ..tables.budgets import projects

        project_table = projects()
    cost_total = lines[lines["table"] == "cost"].groupby("project_id")["amount_sek"].sum()
    fin = lines[lines["table"] == "financing"]
    rows = []
    for _, p in project_table.iterrows():
        pid = p["project_id"]
        f = fin[fin["project_id"] == pid]
        if f.empty:
            continue
        total = int(cost_total.get(pid, 0))
        erdf = int(f.loc[f["funding_source"] == ERDF_SOURCE, "amount_sek"].sum())
        regional = int(f.loc[f["county_code"].notna(), "amount_sek"].sum())
        deciding = int(f.loc[f["category"] == p["deciding_authority"], "amount_sek"].sum())
        applied_share = p.get("applied_share")
        rows.append({"project_id": pid, "total_cost_sek": total, "erdf_sek": erdf,
                     "erdf_share": erdf / total, "regional_sek": regional,
                     "regional_share": regional / total,
                     "deciding_authority": p["deciding_authority"], "deciding_sek": deciding,
                     "deciding_share": deciding / total,
                     "applied_share": (float(applied_share) if pd.notna(applied_share)
                                       else float("nan"))})
    return pd.DataFrame(rows)
