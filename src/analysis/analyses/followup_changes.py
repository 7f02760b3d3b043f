"""What changed between two issued reports (or a record and the state now): one row per change.

:func:`compare_records` gives each change a cause code of :data:`CAUSES`; the sentences are in
:mod:`analysis.narrative.followup_text`. Moved out of :mod:`analysis.analyses.followup`, which
still offers every name.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from .followup_records import Record, load_record

#: cause code -> what kind of thing changed (the narrative layer words them)
CAUSES: dict[str, str] = {
    "new_vintage": "statistics",          # a statistic's latest year or vintage, a new dataset
    "data_revised": "statistics",         # a key statistic changed without a new vintage
    "decision_changed": "figures",        # a budget total or financing share changed
    "project_new": "figures",             # a project in the register that the record lacks
    "project_gone": "figures",
    "goal_new": "goals",                  # a goal the record did not have (a new decision)
    "goal_gone": "goals",
    "rating_new": "goals",                # ej bedömt -> rated
    "rating_changed": "goals",            # another rating
    "rating_removed": "goals",            # rated -> ej bedömt
    "rating_redated": "goals",            # assessed again, the same rating
    "weak_new": "weak_areas",
    "weak_gone": "weak_areas",
    "action_new": "actions",              # an action entered for a weak area
    "action_changed": "actions",          # action, responsible or due changed
    "action_removed": "actions",
    "action_overdue": "actions",          # due date passed since the last report, no follow-up
}
CHANGE_COLUMNS = ["cause", "topic", "project_id", "key", "label", "before", "after", "date",
                  "new_vintage"]


# --- what changed ---------------------------------------------------------------------------------

def due_date(due: str) -> date | None:
    """The last day an action's ``due`` (``ÅÅÅÅ-MM`` or ``ÅÅÅÅ-MM-DD``) covers."""
    if not due:
        return None
    if len(due) == 7:
        return (pd.Timestamp(f"{due}-01") + pd.offsets.MonthEnd(0)).date()
    return date.fromisoformat(due)


def _content(x) -> dict:
    if isinstance(x, Record):
        return x.data
    if isinstance(x, (str, Path)):
        return load_record(x).data
    return x


def _as_of(content: dict, as_of) -> date:
    if as_of is not None:
        return pd.Timestamp(as_of).date()
    if content.get("meeting_date"):
        return date.fromisoformat(content["meeting_date"])
    return date.today()


def _row(cause, key, label, before=None, after=None, project_id=None, when=None, new_vintage=False):
    return {"cause": cause, "topic": CAUSES[cause], "project_id": project_id, "key": key,
            "label": label, "before": before, "after": after, "date": when,
            "new_vintage": new_vintage}


def _base_indicator(measure: str) -> str:
    return measure.removesuffix("_growth")


def compare_records(a, b, *, as_of_a=None, as_of_b=None) -> pd.DataFrame:
    """What changed from ``a`` (the earlier report) to ``b`` (a later one, or the state now from
    :func:`.followup.snapshot`): one row per change, columns :data:`CHANGE_COLUMNS`, ``cause`` one of
    :data:`CAUSES`.

    ``a`` and ``b`` are records, paths of records or contents, for the same focus and ``a`` the
    earlier (else a :class:`ParameterError` in Swedish). An action is overdue
    (``action_overdue``) when its due date passed after ``a``'s date and by ``b``'s date
    (meeting dates; ``as_of_a``/``as_of_b`` override, the state now uses today) and its goal has
    no rating dated on or after the due date (a mirror weak area that is still weak has no
    follow-up by definition).
    """
    from ..core.errors import ParameterError

    a, b = _content(a), _content(b)
    if a.get("focus") != b.get("focus"):
        raise ParameterError(f"Posterna gäller olika fokus ({a.get('focus')} och {b.get('focus')}); "
                             "bara rapporter med samma fokus jämförs, eftersom de visar olika "
                             "regioners siffror.")
    day_a, day_b = _as_of(a, as_of_a), _as_of(b, as_of_b)
    if day_b < day_a:
        raise ParameterError(f"Den första posten ({day_a}) ska vara den tidigare och den andra "
                             f"({day_b}) den senare; byt plats på dem.")
    rows: list[dict] = []

    # statistics: vintages first, so that changed values can say they come with new data
    new_vintage: set[str] = set()
    ia = {r["indicator"]: r for r in a["vintages"]["indicators"]}
    for r in b["vintages"]["indicators"]:
        old = ia.get(r["indicator"])
        if old is None or (old["latest_year"], old["vintage"]) != (r["latest_year"], r["vintage"]):
            new_vintage.add(r["indicator"])
            rows.append(_row("new_vintage", r["indicator"], r["label"],
                             None if old is None else old["latest_year"], r["latest_year"],
                             new_vintage=True))
    da = {r["dataset"]: r for r in a["vintages"]["datasets"]}
    for r in b["vintages"]["datasets"]:
        old = da.get(r["dataset"])
        if old is None or old["vintage"] != r["vintage"]:
            rows.append(_row("new_vintage", r["dataset"], r["title"],
                             None if old is None else old["vintage"], r["vintage"], new_vintage=True))
    sa = {r["measure"]: r for r in a["key_figures"]["statistics"]}
    for r in b["key_figures"]["statistics"]:
        old = sa.get(r["measure"])
        fields = ("period", "value", "rank", "of")
        if old is not None and all(old[f] == r[f] for f in fields):
            continue
        nv = (_base_indicator(r["measure"]) in new_vintage or old is None
              or old.get("period") != r["period"] or old.get("vintage") != r.get("vintage"))
        rows.append(_row("new_vintage" if nv else "data_revised", r["measure"], r["label"],
                         None if old is None else old, r, new_vintage=nv))

    # budgets and financing: from the decisions
    ba = {r["project_id"]: r for r in a["key_figures"]["budgets"]}
    bb = {r["project_id"]: r for r in b["key_figures"]["budgets"]}
    for pid in bb.keys() - ba.keys():
        rows.append(_row("project_new", pid, pid, None, bb[pid], project_id=pid))
    for pid in ba.keys() - bb.keys():
        rows.append(_row("project_gone", pid, pid, ba[pid], None, project_id=pid))
    for pid in [p for p in bb if p in ba]:
        for f in ("cost_total_sek", "erdf_sek", "erdf_share", "focus_sek", "focus_share"):
            if ba[pid].get(f) != bb[pid].get(f):
                rows.append(_row("decision_changed", f, f, ba[pid].get(f), bb[pid].get(f),
                                 project_id=pid))
    fa = {(r["project_id"], r["financier"], r["funding_source"]): r for r in a["key_figures"]["financing"]}
    fb = {(r["project_id"], r["financier"], r["funding_source"]): r for r in b["key_figures"]["financing"]}
    for k in sorted(fa.keys() | fb.keys(), key=str):
        if k[0] in (bb.keys() ^ ba.keys()):
            continue  # a whole project came or went: said once
        old, new = fa.get(k), fb.get(k)
        if old is None or new is None or (old["amount_sek"], old["share"]) != (new["amount_sek"], new["share"]):
            rows.append(_row("decision_changed", "financing", k[1], old, new, project_id=k[0]))

    # goals and ratings
    ga = {(r["project_id"], r["item_id"]): r for r in a["goals"]}
    gb = {(r["project_id"], r["item_id"]): r for r in b["goals"]}

    def goal_label(r):
        return f"{r['level']}: {r['title']}" if r.get("level") else r["title"]

    for k, r in gb.items():
        old = ga.get(k)
        if old is None:
            rows.append(_row("goal_new", k[1], goal_label(r), None, r["status"], k[0], r["date"]))
            if r["rating"] is not None:
                rows.append(_row("rating_new", k[1], goal_label(r), None, r["status"], k[0], r["date"]))
            continue
        if old["rating"] is None and r["rating"] is not None:
            cause = "rating_new"
        elif old["rating"] is not None and r["rating"] is None:
            cause = "rating_removed"
        elif old["rating"] != r["rating"]:
            cause = "rating_changed"
        elif old["rating"] is not None and old["date"] != r["date"]:
            cause = "rating_redated"
        else:
            continue
        rows.append(_row(cause, k[1], goal_label(r), old["status"], r["status"], k[0], r["date"]))
    for k in ga.keys() - gb.keys():
        rows.append(_row("goal_gone", k[1], goal_label(ga[k]), ga[k]["status"], None, k[0]))

    # weak areas
    wa = {r["weak_id"]: r for r in a["weak_areas"]}
    wb = {r["weak_id"]: r for r in b["weak_areas"]}
    for wid, r in wb.items():
        if wid not in wa:
            rows.append(_row("weak_new", wid, r["area"], None, r["origin"], r["project_id"],
                             new_vintage=_base_indicator(wid.split("-", 2)[-1]) in new_vintage
                             if r["origin"] == "spegling" else False))
    for wid, r in wa.items():
        if wid not in wb:
            rows.append(_row("weak_gone", wid, r["area"], r["origin"], None, r["project_id"],
                             new_vintage=_base_indicator(wid.split("-", 2)[-1]) in new_vintage
                             if r["origin"] == "spegling" else False))

    # the action plan
    aa = {r["weak_id"]: r for r in a["action_plan"]}
    ab = {r["weak_id"]: r for r in b["action_plan"]}
    fields = ("action", "responsible", "due")
    for wid, r in ab.items():
        old = aa.get(wid)
        if old is None:
            rows.append(_row("action_new", wid, r["area"], None, r, r["project_id"], r["due"]))
        elif any(old[f] != r[f] for f in fields):
            rows.append(_row("action_changed", wid, r["area"], old, r, r["project_id"], r["due"]))
    for wid, r in aa.items():
        if wid not in ab and wid in wb:
            rows.append(_row("action_removed", wid, r["area"], r, None, r["project_id"], r["due"]))
    rated = {r["item_id"]: r for r in b["goals"]}
    for wid, r in ab.items():
        due = due_date(r["due"])
        if due is None or not (day_a < due < day_b):
            continue
        goal = rated.get(wid)
        followed = (goal is not None and goal["date"] is not None
                    and date.fromisoformat(goal["date"]) >= due)
        if not followed:
            rows.append(_row("action_overdue", wid, r["area"], None, r, r["project_id"], r["due"]))

    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    order = {c: i for i, c in enumerate(CAUSES)}
    # grouped by cause; within a cause in the order of the report (framework, plan, vintages)
    return (out.assign(_o=out["cause"].map(order)).sort_values("_o", kind="stable")
            .drop(columns="_o").reset_index(drop=True))
