"""Continuous follow-up: the records of issued reports and what changed between two of them.

A *record* (``data/issued/<möte>_<fokus>.json``, written by ``python -m analysis utge``,
:mod:`analysis.pipeline.issue`) keeps what an issued report said: the key figures (budget totals,
financing shares, the focus region's positions in the mirroring), each goal's status and rating
with its date, the weak areas, the action plan's rows and the vintage of every statistic used.
Plain JSON with sorted keys, so that a change reads as a diff in git.

This module holds numbers and frames only (no prose): :func:`snapshot` (the state the report
shows now, in the record's shape) is here; reading and checking records (:func:`load_record`,
:func:`issued_records`, :func:`last_record`: format version, checksum, the chain of records) is
in :mod:`.followup_records`, and :func:`compare_records` (one row per change, each with a cause
code of :data:`CAUSES`) in :mod:`.followup_changes`; both are offered from here too, so
``followup.load_record`` and ``followup.compare_records`` keep working. The sentences are in
:mod:`analysis.narrative.followup_text`.

Integrity: every record carries :data:`FORMAT_VERSION`, a SHA-256 checksum of its content and the
file name and checksum of the record issued before it (``previous``). An edited record, a record
whose predecessor is gone, a renamed file and a record of another format version each stop with a
:class:`~analysis.core.errors.DataError` naming the file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.regions import OMS_CODE
# Records and changes live in their own modules; their names stay offered here (notebooks, tests).
from .followup_changes import (CAUSES, CHANGE_COLUMNS, compare_records,  # noqa: F401
                               due_date)
from .followup_records import (FORMAT_VERSION, RECORD_KIND, Record, canonical,  # noqa: F401
                               checksum, dumps, issued_directory, issued_records, last_record,
                               load_record, part_table, record_name, records_table,
                               records_to_compare)

_SIGNIFICANT = 8   # stored floats: enough for every figure shown, and no processor's last digits


# --- the state the report shows -------------------------------------------------------------------

def _num(value, digits: int = _SIGNIFICANT):
    """A number as stored: None for missing, an int stays an int (a rank 5.0 too), a float is
    rounded to ``digits`` significant digits."""
    if value is None or pd.isna(value):
        return None
    v = float(value)
    if isinstance(value, (int, np.integer)) or (v.is_integer() and abs(v) < 1e15
                                                 and not isinstance(value, (float, np.floating))):
        return int(v)
    return float(f"{v:.{digits}g}")


def _int(value):
    return None if value is None or pd.isna(value) else int(value)


def _text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def key_figures(focus: str = OMS_CODE) -> dict:
    """Budget totals per project, the financing shares and the focus region's key statistics."""
    from ..core.params import check_focus
    from ..tables import budgets
    from . import financing

    focus = check_focus(focus)  # a Focus comes through unchanged
    lines = budgets.budget_lines()
    c = financing.contributions()
    codes = list(focus.counties)
    projects = []
    for pid in budgets.projects()["project_id"]:
        own = c[c["project_id"] == pid]
        cost = lines[(lines["project_id"] == pid) & (lines["table"] == "cost")]
        erdf = own[own["funding_source"] == financing.ERDF_SOURCE]
        part = own[own["county_code"].isin(codes)]
        projects.append({"project_id": pid, "cost_total_sek": int(cost["amount_sek"].sum()),
                         "erdf_sek": int(erdf["amount_sek"].sum()),
                         "erdf_share": _num(erdf["share_of_total"].sum()),
                         "focus_sek": int(part["amount_sek"].sum()),
                         "focus_share": _num(part["share_of_total"].sum())})
    shares = [{"project_id": r["project_id"], "financier": str(r["category"]),
               "funding_source": _text(r["funding_source"]), "amount_sek": int(r["amount_sek"]),
               "share": _num(r["share_of_total"])} for _, r in c.iterrows()]
    return {"budgets": projects, "financing": shares, "statistics": key_statistics(focus)}


def key_statistics(focus: str = OMS_CODE) -> list[dict]:
    """The focus region's position on each measure the weak-area rule tests: ÖMS among the eight
    NUTS 2 regions, a county among the 21 counties (levels per inhabitant and growth)."""
    from ..core.errors import ParameterError
    from ..core.params import check_focus
    from . import mirror
    from .selfevaluation import WEAK_LEVELS

    focus = check_focus(focus)  # a Focus comes through unchanged
    rows = []
    if focus.is_nuts2:
        from .mirror.nuts2_peers import nuts2_ranks

        for _, r in nuts2_ranks()[lambda d: d["nuts2_code"] == focus].iterrows():
            rows.append({"measure": r["measure"], "label": r["label"], "period": str(r["period"]),
                         "value": _num(r["value"]), "rank": _int(r["rank"]),
                         "of": _int(r["n_regions"]), "scale": "NUTS 2-regioner", "vintage": None})
        return rows
    makers = [(i, lambda i: mirror.cross_section(i)) for i in WEAK_LEVELS]
    makers += [(i, lambda i: mirror.growth(i)) for i in mirror.GROWTH_INDICATORS]
    for indicator, make in makers:
        try:
            cs = make(indicator).set_index("county_code")
        except ParameterError:
            continue
        if focus not in cs.index:
            continue
        r = cs.loc[focus]
        rows.append({"measure": r["measure"], "label": r["label"], "period": str(r["period"]),
                     "value": _num(r["value"]), "rank": _int(r["rank"]),
                     "of": _int(r.get("n_counties")), "scale": "län", "vintage": _text(r["vintage"])})
    return rows


def vintages() -> dict:
    """Every statistic's latest year and vintage (:func:`analysis.analyses.vintage.indicator_vintages`)
    and every statistics dataset of the catalog with its vintage."""
    from ..sources.catalog import catalog
    from .vintage import indicator_vintages

    v = indicator_vintages()
    indicators = [{"indicator": r["indicator"], "label": r["label"],
                   "latest_year": _text(r["latest_year"]), "vintage": _text(r["vintage"]) or None}
                  for _, r in v.iterrows()]
    datasets = [{"dataset": name, "title": str(e.get("title", "")), "vintage": str(e.get("vintage", "")),
                 "path": str(e.get("path", ""))}
                for name, e in sorted(catalog().items()) if e.get("area") == "indikatorer"]
    return {"indicators": indicators, "datasets": datasets}


def snapshot(focus: str = OMS_CODE, describe=None, *, status: pd.DataFrame | None = None,
             entries: pd.DataFrame | None = None, mirror_weak: pd.DataFrame | None = None) -> dict:
    """What the report for ``focus`` shows now, in the shape of a record's content.

    ``describe(row)`` writes a mirror weak area's evidence (the narrative layer's
    :func:`analysis.narrative.selfevaluation_findings.mirror_evidence`); without it the evidence
    of mirror weak areas is left empty. Evidence is kept for the reader of a record; it is never
    compared.
    """
    from ..core.params import check_focus
    from ..tables import assessment as asm
    from . import selfevaluation as se

    focus = check_focus(focus)
    entries = asm.assessments() if entries is None else entries
    status = se.status_table(entries=entries) if status is None else status
    weak = se.weak_areas(describe or (lambda row: ""), focus, status, entries, mirror_weak)
    goals_rows = [{"project_id": r["project_id"], "item_id": r["item_id"], "kind": r["kind"],
                   "level": r["kind_label"], "title": _text(r["title"]),
                   "rating": _int(r["rating"]), "status": r["status"],
                   "date": None if pd.isna(r["date"]) else pd.Timestamp(r["date"]).date().isoformat()}
                  for _, r in status.iterrows()]
    weak_rows = [{"weak_id": r["weak_id"], "origin": r["origin"], "project_id": r["project_id"],
                  "area": _text(r["area"]), "evidence": _text(r["evidence"]) or "",
                  "evidence_source": _text(r["evidence_source"]) or ""} for _, r in weak.iterrows()]
    actions = [{"weak_id": r["weak_id"], "project_id": r["project_id"], "area": _text(r["area"]),
                "action": r["action"], "responsible": r["responsible"], "due": r["due"]}
               for _, r in weak.iterrows() if r["action"]]
    return {"focus": focus, "key_figures": key_figures(focus), "goals": goals_rows,
            "weak_areas": weak_rows, "action_plan": actions, "vintages": vintages()}
