"""ÖMS's challenge areas mirrored over time with employment by industry (SCB RAMS, NUTS 2, SNI
A–G, by year and sex; ``data/raw/indicators/employment_nuts2_by_industry_AG.csv``).

Each area's proxy (the SNI sections that stand for it, and the proxy's limits) is a register,
``data/reference/challenge_proxies.csv``; an area without sections (life science) has no proxy
and says why. For every proxy, NUTS 2 region (the eight and Sweden) and year in the file:

- ``employed``, ``women``, ``men``: the section's employed (16+, by workplace, November);
- ``share_women``: women / (women + men);
- ``lq``: specialisation as a location quotient **against population**: (employed in the region /
  the region's population) ÷ (employed in Sweden / Sweden's population). The file stops at
  section G, so total employment (the usual denominator) is missing; population (31 December,
  the counties summed) stands in, and the result says so.

Years are those of the file (a year where a section or a sex is missing for some region gives
NA, never a guess). There are no county figures in the file: the focus counties cannot be shown.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ...core import paths, regions
from ...core.csvfile import read_text_csv
from ...core.errors import DataError
from ...sources.catalog import needs

EMPLOYMENT_NUTS2 = needs("employment_nuts2")

PROXY_FILE = paths.REFERENCE / "challenge_proxies.csv"
SWEDEN = "SE"
COUNTY_NOTE = ("Uppgifterna finns bara för NUTS 2-regioner. Sysselsättning per län efter "
               "näringsgren (SCB:s registerbaserade arbetsmarknadsstatistik eller BAS) har inte "
               "hittats, så de fem länen kan inte visas var för sig.")


def _employment(employment: pd.DataFrame | None = None) -> pd.DataFrame:
    if employment is None:
        from ...sources import catalog

        info = catalog.dataset(EMPLOYMENT_NUTS2)
        employment = catalog.read_csv(catalog.path(EMPLOYMENT_NUTS2), info["columns"])
    e = employment.copy()
    e["section"] = e["industry_code"].str.replace("SNI2007 ", "", regex=False)
    e["year"] = e["year"].astype(int)
    e["value"] = pd.to_numeric(e["value"])
    return e


@lru_cache(maxsize=1)
def _proxies() -> pd.DataFrame:
    from ...tables.challenges import challenge_areas

    df = read_text_csv(PROXY_FILE, ("area_id", "sections", "proxy", "limits"))
    areas = challenge_areas().set_index("area_id")
    for _, r in df.iterrows():
        if r["area_id"] not in areas.index:
            raise DataError(PROXY_FILE, int(r["_row"]), f"okänt område {r['area_id']!r}")
        if not str(r["limits"]).strip():
            raise DataError(PROXY_FILE, int(r["_row"]), "måttets begränsningar (limits) saknas")
    oms = set(areas.index[areas["scope"] == "ÖMS"])
    missing = sorted(oms - set(df["area_id"]))
    if missing:
        raise DataError(PROXY_FILE, None, f"ÖMS-områden utan rad: {', '.join(missing)}")
    df["area"] = df["area_id"].map(areas["area"])
    return df.drop(columns="_row")


def proxies() -> pd.DataFrame:
    """The register: ``area_id, area, sections`` (``;``-separated, empty: no proxy), ``proxy``,
    ``limits``."""
    return _proxies().copy()


def _population_nuts2(years: list[int]) -> pd.DataFrame:
    from ...tables.indicators import indicators

    t = indicators()
    p = t[(t["indicator"] == "population") & t["year"].isin(years)]
    c = regions.counties().set_index("county_code")["nuts2_code"]
    counties = p[p["county_code"].isin(regions.county_codes())]
    n2 = (counties.assign(code=counties["county_code"].map(c))
          .groupby(["code", "year"], as_index=False)["value"].sum(min_count=1))
    se = p[p["county_code"] == regions.RIKET_CODE].assign(code=SWEDEN)[["code", "year", "value"]]
    return pd.concat([n2, se], ignore_index=True).rename(columns={"value": "population"})


def area_employment(employment: pd.DataFrame | None = None,
                    population: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per area with a proxy, region (8 NUTS 2 + ``SE``) and year: ``area_id, area,
    proxy, sections, code, region, year, employed, women, men, share_women, population, lq``."""
    e = _employment(employment)
    years = sorted(e["year"].unique())
    pop = _population_nuts2(years) if population is None else population
    rows = []
    for _, p in proxies().iterrows():
        sections = [s for s in str(p["sections"]).split(";") if s]
        if not sections:
            continue
        sub = e[e["section"].isin(sections)]
        for (code, year), g in sub.groupby(["nuts2_code", "year"]):
            def total(sex: str) -> float:
                s = g[g["sex"] == sex]
                return float(s["value"].sum()) if set(s["section"]) == set(sections) else np.nan
            women, men = total("women"), total("men")
            rows.append({"area_id": p["area_id"], "area": p["area"], "proxy": p["proxy"],
                         "sections": ", ".join(sections), "code": code,
                         "region": "Sverige" if code == SWEDEN else regions.nuts2_name(code),
                         "year": int(year), "employed": total("total"), "women": women, "men": men,
                         "share_women": women / (women + men) if women + men > 0 else np.nan})
    out = pd.DataFrame(rows)
    out = out.merge(pop.rename(columns={"code": "code"}), on=["code", "year"], how="left")
    se = out[out["code"] == SWEDEN].set_index(["area_id", "year"])
    rate_se = se["employed"] / se["population"]
    keys = list(zip(out["area_id"], out["year"]))
    out["lq"] = (out["employed"] / out["population"]) / rate_se.reindex(keys).to_numpy()
    return out.sort_values(["area_id", "code", "year"]).reset_index(drop=True)


def area_summary(focus: str = regions.OMS_CODE, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per area: the focus NUTS 2 region's level and change from the first to the last year with
    values, its location quotient and share of women at both ends, and its rank on the
    location quotient among the eight NUTS 2 regions in the last year."""
    d = area_employment() if data is None else data
    rows = []
    for area_id, g in d.groupby("area_id", sort=False):
        regions_only = g[g["code"] != SWEDEN]
        f = g[(g["code"] == focus) & g["employed"].notna()].sort_values("year")
        if f.empty:
            continue
        a, b = f.iloc[0], f.iloc[-1]
        last = regions_only[regions_only["year"] == b["year"]]
        rank = int((last["lq"] > b["lq"]).sum()) + 1
        se = g[g["code"] == SWEDEN].set_index("year")
        rows.append({"area_id": area_id, "area": a["area"], "proxy": a["proxy"],
                     "first_year": int(a["year"]), "last_year": int(b["year"]),
                     "employed_first": a["employed"], "employed_last": b["employed"],
                     "change": b["employed"] / a["employed"] - 1,
                     "change_sweden": se.at[b["year"], "employed"] / se.at[a["year"], "employed"] - 1,
                     "lq_first": a["lq"], "lq_last": b["lq"], "lq_rank": rank,
                     "n_regions": int(last["code"].nunique()),
                     "share_women_first": a["share_women"], "share_women_last": b["share_women"],
                     "share_women_sweden": se.at[b["year"], "share_women"]})
    return pd.DataFrame(rows)
