"""The vintage of every indicator the report uses: the latest year with values for all 21
counties, the source's vintage, and whether ``python -m analysis refresh`` updates it."""

from __future__ import annotations

import pandas as pd

# The indicators the report uses, in the order page one lists them, and the refresh table that
# updates each (``sources.scb.TABLES``; None: not fetched by refresh).
USED: tuple[tuple[str, str | None], ...] = (
    ("population", "population"),
    ("grp_msek", "grp"),
    ("grp_per_inhabitant_ksek", None),
    ("grp_meur", None),
    ("rd_business_per_inhabitant", None),
    ("rd_public_per_inhabitant", None),
    ("rd_higher_education_per_inhabitant", None),
    ("innovation_index_reglab", None),
)


def indicator_vintages(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """``indicator, label, latest_year`` (all 21 counties), ``vintage``, ``refresh`` (table key
    or None), then the KPI row (``latest_year`` as ``YYYY-MM``) and the RIS row for ÖMS."""
    from ..sources.scb import TABLES
    from ..tables.prices import latest_kpi_month
    from .mirror import complete_years, data_or_default, indicator_label, nuts2_view
    from .mirror.table import _meta

    df = data_or_default(data)
    rows = []
    for indicator, refresh in USED:
        years = complete_years(indicator, data=df)
        latest = years[-1] if years else None
        _, _, vintage = _meta(df, indicator, latest) if latest else ("", "", "")
        rows.append({"indicator": indicator, "label": indicator_label(indicator),
                     "latest_year": str(latest) if latest else "uppgift saknas",
                     "vintage": vintage, "release": release_phrase(vintage),
                     "refresh": refresh if refresh in TABLES else None})
    from ..tables.prices import kpi_base

    year, month = latest_kpi_month()
    rows.append({"indicator": "kpi", "label": f"KPI ({kpi_base()}, månadsvärden)",
                 "latest_year": f"{year}-{month:02d}", "vintage": "", "release": "",
                 "refresh": "kpi" if "kpi" in TABLES else None})
    ris = nuts2_view()
    oms = ris[(ris["nuts2_code"] == "SE12") & (ris["value"] != "uppgift saknas")]
    rows.append({"indicator": "ris", "label": "Regional Innovation Scoreboard, ÖMS placering",
                 "latest_year": str(oms["edition"].iloc[-1]) if len(oms) else "uppgift saknas",
                 "vintage": "", "release": "", "refresh": None})
    return pd.DataFrame(rows)


_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december")


def release_phrase(vintage: str) -> str:
    """A vintage as a reader reads it: ``2025-12-17`` → ``17 december 2025``, ``2025-04`` →
    ``april 2025``; several (``a, b``) are joined with ``och``; anything else as it is."""
    import re

    parts = []
    for v in [x.strip() for x in str(vintage).split(",") if x.strip()]:
        m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", v)
        if not m:
            parts.append(v)
            continue
        y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
        parts.append(f"{int(d)} {_MONTHS[mo - 1]} {y}" if d else f"{_MONTHS[mo - 1]} {y}")
    return " och ".join(parts)


def vintage_source(indicator: str, vintage: str) -> str:
    """The catalog's ``source`` text of the file that gives ``indicator`` in ``vintage`` (how a
    reader knows the release: agency, table and update), or ``''`` if no entry matches."""
    from ..sources import catalog

    for name in catalog.names():
        e = catalog.dataset(name)
        if indicator in (e.get("indicators") or []) and str(e["vintage"]) == str(vintage):
            return str(e["source"])
    return ""


def latest(indicator: str, data: pd.DataFrame | None = None, codes: list[str] | None = None
           ) -> dict:
    """The latest year in which every one of ``codes`` (default: the 21 counties) has a value of
    ``indicator``, with its vintage and the catalog's source text for it: ``year, vintage,
    source``. Every "latest year" the report states comes from here or the catalog."""
    from ..core.regions import county_codes
    from ..tables.indicators import indicators

    df = indicators() if data is None else data
    codes = list(codes or county_codes())
    d = df[(df["indicator"] == indicator) & df["county_code"].isin(codes) & df["value"].notna()]
    n = d.groupby("year")["county_code"].nunique()
    full = sorted(int(y) for y in n[n == len(codes)].index)
    if not full:
        return {"year": None, "vintage": "", "source": ""}
    year = full[-1]
    v = ", ".join(sorted(d.loc[d["year"] == year, "vintage"].astype(str).unique()))
    return {"year": year, "vintage": v, "source": vintage_source(indicator, v)}
