"""ECS3's two periods: the decided one (2018-01-01 – 2020-12-31) and the end the regions report
(autumn 2023, ``data/raw/indicators/oms_projects_facts.csv`` and document 002 line 37).

The amended decision that extended ECS3 is not in the sources, so its budget for the longer
period is unknown. The per-month comparison with the later project is therefore computed under
the decided period (budget known) and, under the reported end, only on the stated condition that
the decided budget was unchanged (``budget_known = False`` on those rows). Nothing is estimated:
"autumn" is read as its calendar months, September–November, and both ends of that range are
shown.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from ...core.errors import DataError
from ...core.months import project_months

AUTUMN_MONTHS = (9, 11)  # hösten: September to November
REPORTED_END_ITEM = "ECS3 project end"
REPORTED_END_DOCUMENT = ("002_f4f6798e12692ad7.txt", 37)  # "… (ECS3) som avslutades hösten 2023"


def reported_end(facts: pd.DataFrame | None = None) -> dict:
    """ECS3's reported end: ``season``, ``year``, ``earliest``/``latest`` (last day of September
    and of November), ``source``, ``url``, ``evidence`` and the regions' page as ``document``/``line``."""
    if facts is None:
        from ...sources import catalog

        info = catalog.dataset("project_facts")
        facts = catalog.read_csv(catalog.path("project_facts"), info["columns"])
    row = facts[facts["item"] == REPORTED_END_ITEM]
    if len(row) != 1:
        raise DataError("oms_projects_facts.csv", None,
                        f"raden {REPORTED_END_ITEM!r} ska finnas en gång, finns {len(row)}")
    r = row.iloc[0]
    match = re.fullmatch(r"autumn (\d{4})", str(r["value"]).strip())
    if not match:
        raise DataError("oms_projects_facts.csv", r.get("_row"),
                        f"slutet {r['value']!r} är inte skrivet som 'autumn ÅÅÅÅ'")
    year = int(match.group(1))
    first, last = AUTUMN_MONTHS
    return {"season": "hösten", "year": year,
            "earliest": _month_end(year, first), "latest": _month_end(year, last),
            "source": r["source"], "url": r["url"], "evidence": r["evidence"],
            "document": REPORTED_END_DOCUMENT[0], "line": REPORTED_END_DOCUMENT[1]}


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _months(start, end) -> int:
    return sum(len(m) for m in project_months(start, end).values())


def period_comparison(totals: pd.DataFrame | None = None, project_table: pd.DataFrame | None = None,
                      end: dict | None = None, *, earlier: str = "ECS3",
                      later: str = "REAL_OMS") -> pd.DataFrame:
    """The per-month comparison of ``later`` with ``earlier`` under each of ECS3's periods.

    One row per period: ``period`` (``decided``, ``reported_earliest``, ``reported_latest``),
    ``end_date``, ``months``, ``budget_known``, ``total_sek`` (the decided budget),
    ``total_per_month_sek``, ``regional_per_year_sek`` (per twelve project months), the later
    project's ``later_total_per_month_sek``/``later_regional_per_year_sek`` and the changes
    ``change_per_month``/``change_regional_per_year`` (later / earlier − 1).
    """
    from .over_time import project_totals

    if totals is None:
        totals = project_totals()
    if project_table is None:
        from ...tables.budgets import projects

        project_table = projects()
    end = reported_end() if end is None else end
    t = totals.set_index("project_id")
    a, b = t.loc[earlier], t.loc[later]
    p = project_table.set_index("project_id").loc[earlier]
    start = p["start_date"]
    rows = [("decided", p["end_date"], True), ("reported_earliest", end["earliest"], False),
            ("reported_latest", end["latest"], False)]
    out = []
    for period, end_date, known in rows:
        months = int(a["months"]) if known else _months(start, end_date)
        per_month = a["total_sek"] / months
        regional_year = a["regional_sek"] / months * 12
        out.append({"period": period, "start_date": pd.Timestamp(start).date(),
                    "end_date": pd.Timestamp(end_date).date(), "months": months,
                    "budget_known": known, "total_sek": int(a["total_sek"]),
                    "total_per_month_sek": per_month, "regional_per_year_sek": regional_year,
                    "later_total_per_month_sek": b["total_per_month_sek"],
                    "later_regional_per_year_sek": b["regional_per_year_sek"],
                    "change_per_month": b["total_per_month_sek"] / per_month - 1,
                    "change_regional_per_year": b["regional_per_year_sek"] / regional_year - 1})
    return pd.DataFrame(out)


def rescaled_change(change: float, cmp: pd.DataFrame) -> tuple[float, float]:
    """A per-twelve-months change computed with the decided period, recomputed with the reported
    end on the condition of an unchanged budget: ``(1 + change) × months / decided months − 1``
    for the shortest and the longest reading of the end."""
    decided = int(cmp.loc[cmp["budget_known"], "months"].iloc[0])
    months = cmp.loc[~cmp["budget_known"], "months"]
    return ((1 + change) * months.min() / decided - 1, (1 + change) * months.max() / decided - 1)
