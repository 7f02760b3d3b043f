"""ÖMS's challenge areas mirrored with employment by industry (SCB RAMS, NUTS 2, SNI A–G).

Only sections that roughly match an area are used: A (jordbruk, skogsbruk och fiske ≈ hållbar
livsmedelsförsörjning), C (tillverkning ≈ smart industri), D (energiförsörjning ≈ morgondagens
energilösningar). Life science, välfärdsteknik och e-hälsa has no section in the data (SNI Q is
missing). The stored copies stop at section G, so total employment is missing: ÖMS's share of
Sweden's employment in a section is set beside its share of Sweden's population, not of all
employment."""

from __future__ import annotations

import pandas as pd

AREA_SECTIONS: dict[str, str] = {"A": "Hållbar livsmedelsförsörjning", "C": "Smart industri",
                                 "D": "Morgondagens energilösningar"}
UNCOVERED = ("Life science, välfärdsteknik och e-hälsa",)


def industry_mirror(year: int = 2021, code: str = "SE12",
                    employment: pd.DataFrame | None = None,
                    population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per section in :data:`AREA_SECTIONS`: ``section, industry_name, area, year, employed,
    employed_sweden, share_of_sweden, population_share``."""
    if employment is None:
        from ...sources import catalog

        info = catalog.dataset("employment_nuts2")
        employment = catalog.read_csv(catalog.path("employment_nuts2"), info["columns"])
    if population is None:
        from ...tables.indicators import population as pop_rows

        population = pop_rows(year)
    e = employment[(employment["sex"] == "total") & (employment["year"].astype(int) == year)].copy()
    e["section"] = e["industry_code"].str.replace("SNI2007 ", "", regex=False)
    e["value"] = pd.to_numeric(e["value"])
    from ...core import regions

    members = [c for c in regions.county_codes()
               if regions.counties().set_index("county_code").at[c, "nuts2_code"] == code]
    p = population.set_index("county_code")["value"]
    pop_share = p[members].sum() / p[regions.county_codes()].sum()
    rows = []
    for section, area in AREA_SECTIONS.items():
        s = e[e["section"] == section].set_index("nuts2_code")
        rows.append({"section": section, "industry_name": s["industry_name"].iloc[0], "area": area,
                     "year": year, "employed": int(s.at[code, "value"]),
                     "employed_sweden": int(s.at["SE", "value"]),
                     "share_of_sweden": s.at[code, "value"] / s.at["SE", "value"],
                     "population_share": pop_share})
    return pd.DataFrame(rows)
