"""ÖMS against Sweden's other NUTS 2 regions, like with like: ÖMS (SE12, 1,77 million people) is
a NUTS 2 region, so it is ranked among the eight NUTS 2 regions, each built from its counties
(``data/reference/counties.csv``: ``nuts2_code``) the same way ÖMS is: additive indicators summed,
per-inhabitant ones weighted by population. A region is NA unless all its counties have a value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core import regions
from ...tables.indicator_schemas import INDICATORS
from ...core.regions import RIKET_CODE
from .table import MIRROR_INDICATORS, TIDY_COLUMNS, data_or_default, indicator_label

# The same per-inhabitant profile as the county comparison, plus growth (see .kronor).
NUTS2_MEASURES: tuple[str, ...] = MIRROR_INDICATORS
# Built as well, for the alternative variable set of the sensitivity check (.sensitivity).
_EXTRA: tuple[str, ...] = ("grp_per_inhabitant_ksek",)


def nuts2_table(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tidy rows ``nuts2_code, nuts2_name, year, indicator, value`` for the eight NUTS 2 regions."""
    from .kronor import INDICATOR as KRONOR

    df = data_or_default(data)
    c = regions.counties()[["county_code", "nuts2_code", "nuts2_name"]]
    df = df.merge(c, on="county_code")  # counties only
    pop = df[df["indicator"] == "population"][["county_code", "year", "value"]]
    rows = []
    for indicator in ("population", "grp_msek", *NUTS2_MEASURES[1:], *_EXTRA):
        sub = df[df["indicator"] == indicator].merge(pop, on=["county_code", "year"],
                                                     suffixes=("", "_pop"))
        additive = indicator in INDICATORS and INDICATORS[indicator].kind == "additive"
        # per vintage: a region's sum never joins two releases of a statistic
        for (code, name, year, vintage), g in sub.groupby(["nuts2_code", "nuts2_name", "year", "vintage"]):
            n = int((c["nuts2_code"] == code).sum())
            if len(g) < n or g["value"].isna().any():
                value = np.nan
            elif additive:
                value = g["value"].sum()
            else:
                value = (g["value"] * g["value_pop"]).sum() / g["value_pop"].sum()
            rows.append({"nuts2_code": code, "nuts2_name": name, "year": int(year),
                         "indicator": indicator, "value": value, "vintage": vintage})
    out = pd.DataFrame(rows)
    # GRP per inhabitant in kronor at fixed prices, from the NUTS 2 sums (as for the counties)
    from .kronor import grp_per_inhabitant_fixed

    tidy = out.rename(columns={"nuts2_code": "county_code"}).assign(unit="", source="")
    k = grp_per_inhabitant_fixed(tidy)
    k = k.rename(columns={"county_code": "nuts2_code"}).merge(
        out[["nuts2_code", "nuts2_name"]].drop_duplicates(), on="nuts2_code")
    return pd.concat([out, k[["nuts2_code", "nuts2_name", "year", "indicator", "value", "vintage"]]
                      .assign(indicator=KRONOR)], ignore_index=True)


def nuts2_tidy(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The NUTS 2 regions as a tidy indicator table (``county_code`` = NUTS 2 code), with
    Riket's own rows as the reference: what the mirror's functions read when ÖMS is the focus."""
    df = data_or_default(data)
    t = nuts2_table(df).rename(columns={"nuts2_code": "county_code"})
    meta = df.drop_duplicates("indicator").set_index("indicator")
    t["unit"] = t["indicator"].map(meta["unit"]).fillna("")
    t["source"] = ("Egen summering av länen (SCB:s " + t["indicator"].map(meta["source"]).fillna("")
                   + ")")
    t["vintage"] = t["vintage"].fillna("").astype(str)  # the vintage each sum was built from
    riket = df[(df["county_code"] == RIKET_CODE) & df["indicator"].isin(set(t["indicator"]))]
    out = pd.concat([t.loc[:, list(TIDY_COLUMNS)], riket.loc[:, list(TIDY_COLUMNS)]],
                    ignore_index=True)
    return out.sort_values(["indicator", "year", "county_code"], kind="mergesort").reset_index(drop=True)


def nuts2_ranks(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per measure: each NUTS 2 region's value, rank (1 = highest) among the eight, and year.

    Levels use the latest year with all eight; ``…_growth`` is the OLS trend of the GRP-in-kronor
    index (first year = 100) over the years all eight have, as a share per year."""
    from scipy import stats

    t = nuts2_table(data)
    parts = []
    for indicator in NUTS2_MEASURES:
        sub = t[(t["indicator"] == indicator) & t["value"].notna()]
        full = sub.groupby("year")["nuts2_code"].nunique()
        years = sorted(full[full == t["nuts2_code"].nunique()].index)
        if not years:
            continue
        last = sub[sub["year"] == years[-1]].set_index("nuts2_code")
        parts.append(_ranked(last["value"], last["nuts2_name"], indicator,
                             indicator_label(indicator), str(years[-1])))
        if indicator.startswith("grp_") and len(years) >= 3:
            wide = sub[sub["year"].isin(years)].pivot(index="year", columns="nuts2_code",
                                                      values="value")
            index = wide / wide.iloc[0]
            slope = pd.Series({c: stats.linregress(index.index.astype(float), index[c]).slope
                               for c in index.columns})
            parts.append(_ranked(slope, last["nuts2_name"], f"{indicator}_growth",
                                 f"{indicator_label(indicator)}, trend per år",
                                 f"{years[0]}–{years[-1]}"))
    return pd.concat(parts, ignore_index=True)


def _ranked(values: pd.Series, names: pd.Series, measure: str, label: str, period: str
            ) -> pd.DataFrame:
    rank = values.rank(ascending=False, method="min").astype(int)
    return pd.DataFrame({"nuts2_code": values.index, "nuts2_name": names.reindex(values.index).to_numpy(),
                         "measure": measure, "label": label, "period": period,
                         "value": values.to_numpy(), "rank": rank.to_numpy(),
                         "n_regions": len(values)}).sort_values("rank").reset_index(drop=True)
