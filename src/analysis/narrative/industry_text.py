"""Sentences mirroring the challenge areas over time with employment by industry (numbers from
:mod:`analysis.analyses.mirror.industry`)."""

from __future__ import annotations

import pandas as pd

from ..analyses.mirror.industry import COUNTY_NOTE
from ..core.formatting import format_number, format_percent, lower_first
from ..core.regions import OMS_CODE, nuts2_name


def _signed_pct(v: float) -> str:
    return format_percent(v, 1, signed=True)


def industry_text(summary: pd.DataFrame, proxies: pd.DataFrame, focus: str = OMS_CODE) -> str:
    """Per area with a proxy: the change in employed from the first to the last year against
    Sweden's, the location quotient at both ends and its rank among the NUTS 2 regions, and the
    share of women against Sweden's; then the areas without a proxy, and the county gap."""
    name = nuts2_name(focus)
    parts = []
    for _, r in summary.iterrows():
        span = f"{r['first_year']}–{r['last_year']}"
        parts.append(
            f"{r['area']} (mått: {lower_first(r['proxy'])}): antalet förvärvsarbetande i {name} "
            f"ändrades {span} med {_signed_pct(r['change'])} (Sverige {_signed_pct(r['change_sweden'])}). "
            f"Lokaliseringskvoten var {format_number(r['lq_first'], 2)} {r['first_year']} och "
            f"{format_number(r['lq_last'], 2)} {r['last_year']}, plats {r['lq_rank']} av "
            f"{r['n_regions']} NUTS 2-regioner. Kvinnorna var {format_percent(r['share_women_last'], 0)} "
            f"av de förvärvsarbetande {r['last_year']} (Sverige {format_percent(r['share_women_sweden'], 0)}, "
            f"{name} {r['first_year']} {format_percent(r['share_women_first'], 0)}).")
    none = proxies[proxies["sections"].fillna("").str.strip() == ""]
    missing = " ".join(f"{r['area']} kan inte speglas: {lower_first(r['limits'])}"
                       for _, r in none.iterrows())
    return (" ".join(parts) + " " + missing + " "
            "En lokaliseringskvot över 1 betyder att regionen har fler förvärvsarbetande i "
            "näringsgrenen per invånare än Sverige. Kvoten räknas mot befolkningen, eftersom "
            "underlaget bara har näringsgrenarna A–G och det totala antalet förvärvsarbetande "
            f"saknas. {COUNTY_NOTE} Källa: SCB:s registerbaserade arbetsmarknadsstatistik.")


def proxy_table(proxies: pd.DataFrame) -> pd.DataFrame:
    """Each area's proxy and its limits, as a reader sees them."""
    return pd.DataFrame({"Utmaningsområde": proxies["area"], "Mått": proxies["proxy"],
                         "Begränsningar": proxies["limits"]})


def industry_facts(focus: str = OMS_CODE) -> dict:
    from ..analyses.mirror.industry import area_summary, proxies

    # The file has NUTS 2 regions only: every focus (ÖMS or one of its counties) is read as ÖMS.
    nuts2 = OMS_CODE
    p = proxies()
    return {"text": industry_text(area_summary(nuts2), p, nuts2), "proxies": proxy_table(p)}
