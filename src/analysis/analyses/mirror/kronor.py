"""GRP per inhabitant in kronor at fixed prices, for growth: the growth of a value converted to
euro is mostly the exchange rate (SEK/EUR 9,35 → 10,48 over 2015–2020), so growth is measured in
kronor, never across a currency conversion.

``grp_msek`` (SCB NR0105 via Eurostat, current prices) divided by the population on 31 December
of the same year, deflated with KPI's annual mean to ``BASE_YEAR``'s prices. KPI is a consumer
price index: the data hold no GRP deflator, so the real figure is GRP in consumer purchasing
power. Nothing is filled: a county-year without GRP, population or KPI has no value.
"""

from __future__ import annotations

import pandas as pd

from ...tables.indicator_schemas import GRP_PER_INHABITANT_SEK_FIXED as INDICATOR
BASE_YEAR = 2020  # the last year with GRP for every county
LABEL = f"BRP per invånare i kronor ({BASE_YEAR} års priser, KPI)"
DEFLATOR_NOTE = ("Fasta priser är räknade med KPI. Någon BRP-deflator finns inte i underlaget, "
                 "så måttet är BRP i konsumenternas köpkraft.")


def grp_per_inhabitant_fixed(data: pd.DataFrame, kpi: pd.DataFrame | None = None,
                             base_year: int = BASE_YEAR) -> pd.DataFrame:
    """Tidy rows (``county_code, year, indicator, value, unit, source, vintage``) of GRP per
    inhabitant in kronor at ``base_year``'s prices, for every code and year with GRP and
    population. ``kpi``: ``year, value`` annual means (default: the project's KPI)."""
    if kpi is None:
        from ...tables.prices import kpi_annual

        kpi = kpi_annual()
    k = pd.Series(pd.to_numeric(kpi["value"]).to_numpy(), index=kpi["year"].astype(int))
    if base_year not in k.index:
        raise ValueError(f"KPI saknas för basåret {base_year}.")
    grp = data[(data["indicator"] == "grp_msek") & data["value"].notna()]
    pop = data[(data["indicator"] == "population") & data["value"].notna()]
    m = grp.merge(pop[["county_code", "year", "value"]], on=["county_code", "year"],
                  suffixes=("", "_pop"))
    m = m[m["year"].isin(k.index)]
    value = m["value"] * 1e6 / m["value_pop"] * (k[base_year] / m["year"].map(k).to_numpy())
    return pd.DataFrame({
        "county_code": m["county_code"].to_numpy(), "year": m["year"].astype(int).to_numpy(),
        "indicator": INDICATOR, "value": value.to_numpy(),
        "unit": f"kr per invånare, {base_year} års priser (KPI)",
        "source": [f"{s}; folkmängd 31 december (SCB); KPI årsmedel (SCB)" for s in m["source"]],
        "vintage": m["vintage"].to_numpy()})
