"""GRP per inhabitant in kronor at fixed prices, for growth: the growth of a value converted to
euro is mostly the exchange rate, so growth is measured in kronor, never across a currency
conversion.

``grp_msek`` (SCB NR0105 via Eurostat, current prices) divided by the population on 31 December
of the same year, deflated with KPI's annual mean to the base year's prices. KPI is a consumer
price index: the data hold no GRP deflator, so the real figure is GRP in consumer purchasing
power. Nothing is filled: a county-year without GRP, population or KPI has no value.

The series stays in **one vintage** of GRP: the vintage with most years that have GRP, population
and KPI (:func:`grp_vintage`); a later release of one year (SCB's table of December 2025) is
never joined to an earlier release's series. The base year is the latest year of that series
(:func:`base_year`), derived from the data, never typed.
"""

from __future__ import annotations

import pandas as pd

from ...tables.indicator_schemas import GRP_PER_INHABITANT_SEK_FIXED as INDICATOR

DEFLATOR_NOTE = ("Fasta priser är räknade med KPI. Någon BRP-deflator finns inte i underlaget, "
                 "så måttet är BRP i konsumenternas köpkraft.")


def _kpi(kpi: pd.DataFrame | None) -> pd.Series:
    if kpi is None:
        from ...tables.prices import kpi_annual

        kpi = kpi_annual()
    return pd.Series(pd.to_numeric(kpi["value"]).to_numpy(), index=kpi["year"].astype(int))


def _usable(data: pd.DataFrame, k: pd.Series) -> pd.DataFrame:
    """GRP rows with population and KPI, in years where every county has them (per vintage)."""
    from ...core.regions import county_codes

    grp = data[(data["indicator"] == "grp_msek") & data["value"].notna()]
    pop = data[(data["indicator"] == "population") & data["value"].notna()]
    m = grp.merge(pop[["county_code", "year", "value"]], on=["county_code", "year"],
                  suffixes=("", "_pop"))
    m = m[m["year"].isin(k.index)]
    # every county the GRP data have (21 in the project's table; fewer in a hand-made one); a
    # table of NUTS 2 regions (.nuts2_peers) has no counties: then every region but Riket
    from ...core.regions import RIKET_CODE

    counties = set(county_codes()) & set(grp["county_code"])
    if not counties:
        counties = set(grp["county_code"]) - {RIKET_CODE}
    n = (m[m["county_code"].isin(counties)].groupby(["vintage", "year"])["county_code"]
         .nunique().rename("n").reset_index())
    full = n.loc[n["n"] == len(counties), ["vintage", "year"]]
    return m.merge(full, on=["vintage", "year"])


def grp_vintage(data: pd.DataFrame, kpi: pd.DataFrame | None = None) -> str:
    """The GRP vintage whose series (with population and KPI) covers the most years (then the
    newest)."""
    m = _usable(data, _kpi(kpi))
    if m.empty:
        raise ValueError("Ingen årgång av BRP har år med både folkmängd och KPI.")
    n = m.groupby("vintage")["year"].nunique().reset_index().sort_values(
        ["year", "vintage"], ascending=False)
    return str(n["vintage"].iloc[0])


def base_year(data: pd.DataFrame | None = None, kpi: pd.DataFrame | None = None) -> int:
    """The latest year of the kronor series: GRP (in :func:`grp_vintage`), population and KPI."""
    if data is None:
        from ...tables.indicators import indicators

        data = indicators(all_vintages=True)
    m = _usable(data, _kpi(kpi))
    return int(m.loc[m["vintage"] == grp_vintage(data, kpi), "year"].max())


def label(base: int | None = None) -> str:
    return f"BRP per invånare i kronor ({base if base is not None else base_year()} års priser, KPI)"


def grp_per_inhabitant_fixed(data: pd.DataFrame, kpi: pd.DataFrame | None = None,
                             base_year: int | None = None) -> pd.DataFrame:
    """Tidy rows (``county_code, year, indicator, value, unit, source, vintage``) of GRP per
    inhabitant in kronor at ``base_year``'s prices (default: the series' latest year), for every
    code and year with GRP (of one vintage), population and KPI. ``kpi``: ``year, value``
    annual means (default: the project's KPI)."""
    k = _kpi(kpi)
    vintage = grp_vintage(data, kpi)
    m = _usable(data, k)
    m = m[m["vintage"] == vintage]
    if base_year is None:
        base_year = int(m["year"].max())
    if base_year not in k.index:
        raise ValueError(f"KPI saknas för basåret {base_year}.")
    value = m["value"] * 1e6 / m["value_pop"] * (k[base_year] / m["year"].map(k).to_numpy())
    return pd.DataFrame({
        "county_code": m["county_code"].to_numpy(), "year": m["year"].astype(int).to_numpy(),
        "indicator": INDICATOR, "value": value.to_numpy(),
        "unit": f"kr per invånare, {base_year} års priser (KPI)",
        "source": [f"{s}; folkmängd 31 december (SCB); KPI årsmedel (SCB)" for s in m["source"]],
        "vintage": m["vintage"].to_numpy()})
