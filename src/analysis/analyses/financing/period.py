"""A project's decided period beside the end a later source reports (ECS3: decided 2018-01-01 –
2020-12-31, reported ended autumn 2023).

Which projects have a reported end, the end as written, the document and line that say so, and
the item of ``data/raw/indicators/oms_projects_facts.csv`` that confirms it, all stand in the
register ``data/reference/reported_ends.csv``; nothing about a particular project is in this code.

The amended decision that extended such a project is not in the sources, so its budget for the
longer period is unknown. The comparison with the project after it is therefore made with the
decided period (budget known). :func:`period_comparison` also gives the reported end's month
counts ("autumn" read as its calendar months, September–November, both ends shown), flagged
``budget_known = False``: those rows are for stating what is missing, never a result.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ...core import paths
from ...core.csvfile import read_text_csv
from ...core.errors import DataError
from ...core.months import project_months
from ...sources.catalog import needs

PROJECT_FACTS = needs("project_facts")

REGISTER_COLUMNS = ("project_id", "reported_end", "document", "line", "quote", "confirmed_by",
                    "note")
SEASONS = {"autumn": ("hösten", (9, 11)), "spring": ("våren", (3, 5)),
           "summer": ("sommaren", (6, 8)), "winter": ("vintern", (12, 14))}


def register_file() -> Path:
    return paths.REFERENCE / "reported_ends.csv"


def _month_end(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _parse_end(text: str, file, row) -> dict:
    """``autumn 2023`` → season and its first and last month end; ``2023-10-31`` → that day."""
    t = str(text).strip()
    m = re.fullmatch(r"(autumn|spring|summer|winter) (\d{4})", t)
    if m:
        season, (first, last) = SEASONS[m.group(1)]
        year = int(m.group(2))
        return {"season": season, "year": year, "earliest": _month_end(year, first),
                "latest": _month_end(year, last), "words": f"{season} {year}"}
    try:
        day = dt.date.fromisoformat(t)
    except ValueError:
        raise DataError(file, row, f"slutet {t!r} är inte skrivet som 'autumn ÅÅÅÅ' (eller "
                                   "spring/summer/winter) eller som ett datum ÅÅÅÅ-MM-DD") from None
    return {"season": None, "year": day.year, "earliest": day, "latest": day,
            "words": day.isoformat()}


@lru_cache(maxsize=4)
def _register(file: str, documents: str) -> tuple[dict, ...]:
    path = Path(file)
    if not path.is_file():
        return ()
    df = read_text_csv(path, REGISTER_COLUMNS)
    out = []
    for r in df.to_dict("records"):
        row = int(r["_row"])
        end = _parse_end(r["reported_end"], path, row)
        doc = Path(documents) / r["document"]
        try:
            line = int(str(r["line"]).strip())
        except ValueError:
            raise DataError(path, row, f"raden {r['line']!r} är inte ett heltal") from None
        lines = doc.read_text(encoding="utf-8").splitlines() if doc.is_file() else None
        if lines is None:
            raise DataError(path, row, f"dokumentet {r['document']} finns inte")
        if not 1 <= line <= len(lines) or r["quote"].strip() not in " ".join(lines[line - 1].split()):
            raise DataError(path, row, f"citatet står inte på rad {line} i {r['document']}")
        out.append({"project_id": r["project_id"].strip(), **end, "document": r["document"],
                    "line": line, "quote": r["quote"].strip(),
                    "confirmed_by": r["confirmed_by"].strip(), "_row": row})
    ids = [e["project_id"] for e in out]
    dup = next((e for e in out if ids.count(e["project_id"]) > 1), None)
    if dup:
        raise DataError(path, dup["_row"], f"projektet {dup['project_id']} står två gånger")
    return tuple(out)


def reported_ends(facts: pd.DataFrame | None = None) -> dict[str, dict]:
    """Every registered project with a reported end: ``project_id`` → :func:`reported_end`.
    Rows for projects the document register does not hold are not used."""
    from ...sources.decisions import project_ids

    from ...tables.challenges import check_registered

    known = set(project_ids())
    used = [e for e in _register(str(register_file()), str(paths.RAW_DOCUMENTS))
            if e["project_id"] in known]
    for e in used:  # the source a reader is shown must be one the document register holds
        check_registered(register_file(), e["_row"], e["document"])
    return {e["project_id"]: reported_end(e["project_id"], facts) for e in used}


def reported_end(project_id: str, facts: pd.DataFrame | None = None) -> dict | None:
    """A project's reported end, or None when the register has none: ``season`` (``hösten``;
    None for a date), ``year``, ``earliest``/``latest`` (the last day of the first and of the
    last month the words allow), ``words`` (``hösten 2023``), the register's ``document``,
    ``line`` and ``quote``, and from the facts file the confirming ``source``, ``url`` and
    ``evidence`` (empty when the register names no item)."""
    entry = next((e for e in _register(str(register_file()), str(paths.RAW_DOCUMENTS))
                  if e["project_id"] == project_id), None)
    if entry is None:
        return None
    out = {k: v for k, v in entry.items() if k != "_row"}
    out.update(source="", url="", evidence="")
    if entry["confirmed_by"]:
        if facts is None:
            from ...sources import catalog

            info = catalog.dataset(PROJECT_FACTS)
            facts = catalog.read_csv(catalog.path(PROJECT_FACTS), info["columns"])
        row = facts[facts["item"] == entry["confirmed_by"]]
        if len(row) != 1:
            raise DataError("oms_projects_facts.csv", None,
                            f"raden {entry['confirmed_by']!r} ska finnas en gång, finns {len(row)} "
                            f"(reported_ends.csv, rad {entry['_row']})")
        r = row.iloc[0]
        confirmed = _parse_end(r["value"], "oms_projects_facts.csv", r.get("_row"))
        if confirmed["words"] != entry["words"]:
            raise DataError("oms_projects_facts.csv", r.get("_row"),
                            f"slutet {r['value']!r} stämmer inte med reported_ends.csv, rad "
                            f"{entry['_row']}")
        out.update(source=r["source"], url=r["url"], evidence=r["evidence"])
    return out


def _months(start, end) -> int:
    return sum(len(m) for m in project_months(start, end).values())


def period_comparison(totals: pd.DataFrame | None = None, project_table: pd.DataFrame | None = None,
                      end: dict | None = None, *, earlier: str, later: str) -> pd.DataFrame:
    """The per-month comparison of ``later`` with ``earlier`` under each of ``earlier``'s
    periods (``end``: its reported end, by default from the register).

    One row per period: ``period`` (``decided``, ``reported_earliest``, ``reported_latest``),
    ``end_date``, ``months``, ``budget_known``, ``total_sek`` (the decided budget),
    ``total_per_month_sek``, ``regional_per_year_sek`` (per twelve project months), the later
    project's ``later_total_per_month_sek``/``later_regional_per_year_sek`` and the changes
    ``change_per_month``/``change_regional_per_year`` (later / earlier − 1). The rows with
    ``budget_known = False`` spread the decided budget over the longer period: they bound
    nothing, since the extension's budget is not known.
    """
    from .over_time import project_totals

    if totals is None:
        totals = project_totals()
    if project_table is None:
        from ...tables.budgets import projects

        project_table = projects()
    end = reported_end(earlier) if end is None else end
    if end is None:
        raise DataError(register_file(), None, f"inget rapporterat slut för {earlier}")
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


def clear_cache() -> None:
    _register.cache_clear()
