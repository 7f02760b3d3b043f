"""ÖMS among Sweden's NUTS 2 regions in the Regional Innovation Scoreboard, as quoted by press
pages (the only source of those ranks we have)."""

from __future__ import annotations

import pandas as pd

from ...core import regions
from ...core.errors import ParameterError
from ...core.regions import OMS_CODE
from ...sources.catalog import needs

RIS = needs("ris")


RIS_CAVEAT = ("Placeringarna och grupperna kommer från press- och nyhetssidor som citerar "
              "Regional Innovation Scoreboard, inte från scoreboardens egna tabeller; "
              "indexvärden saknas.")
_RIS_INDICATORS = {
    "rank_among_240_regions": "Placering bland 240 regioner",
    "rank_among_239_regions": "Placering bland 239 regioner",
    "rank": "Placering",
    "rank_band": "Placeringsband",
    "performance_group": "Prestationsgrupp",
}


def _ris_phrase(indicator: str, value: str) -> str:
    """Plain Swedish for one RIS statement: 'plats 23 av 240 regioner'."""
    if indicator.startswith("rank_among_"):
        n = indicator.removeprefix("rank_among_").removesuffix("_regions")
        return f"plats {value} av {n} regioner"
    if indicator == "rank":
        return f"plats {value}"
    if indicator == "rank_band" and value.startswith("top "):
        return f"bland de {value.removeprefix('top ')} främsta regionerna"
    if indicator == "performance_group":
        return f"prestationsgrupp {value}"
    return f"{indicator} {value}"


def _ris_raw() -> pd.DataFrame:
    from ...tables.load import load

    return load(RIS)


def nuts2_regions() -> pd.DataFrame:
    """Sweden's eight NUTS 2 regions (code, name) from the county register."""
    c = regions.counties()
    return (c.loc[:, ["nuts2_code", "nuts2_name"]].drop_duplicates()
            .sort_values("nuts2_code").reset_index(drop=True))


def nuts2_view(ris: pd.DataFrame | None = None) -> pd.DataFrame:
    """ÖMS (SE12) among Sweden's NUTS 2 regions: the RIS ranks/groups that press pages quote.

    One row per published statement (edition, region, what, value, quoted evidence, source URL,
    caveat); NUTS 2 regions with no statement get one row saying so, so nothing is hidden.
    """
    ris = _ris_raw() if ris is None else ris.copy()
    nuts = nuts2_regions()
    names = dict(zip(nuts["nuts2_code"], nuts["nuts2_name"]))
    unknown = sorted(set(ris["nuts2_code"]) - set(names))
    if unknown:
        raise ParameterError(f"RIS-tabellen har okända NUTS 2-koder: {', '.join(unknown)}.")
    rows = []
    for code, name in names.items():
        sub = ris[ris["nuts2_code"] == code]
        if sub.empty:
            rows.append({"nuts2_code": code, "region": name, "edition": "", "measure": "",
                         "value": "uppgift saknas", "statement": "uppgift saknas",
                         "evidence": "", "source": "",
                         "note": "", "is_oms": code == OMS_CODE})
            continue
        for _, r in sub.iterrows():
            rows.append({"nuts2_code": code, "region": name, "edition": r["edition"],
                         "measure": _RIS_INDICATORS.get(r["indicator"], r["indicator"]),
                         "value": str(r["value"]),
                         "statement": _ris_phrase(r["indicator"], str(r["value"])),
                         "evidence": r["evidence"],
                         "source": r["source"], "note": r["note"], "is_oms": code == OMS_CODE})
    out = pd.DataFrame(rows)
    out["caveat"] = RIS_CAVEAT
    return out.sort_values(["nuts2_code", "edition"], kind="mergesort").reset_index(drop=True)
