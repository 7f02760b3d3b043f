"""The steering group's brief: the state of the data, and the decisions and risks that follow from
it by stated rules.

Frames and values only (the Swedish is in :mod:`analysis.narrative.brief_text`, the overview
figure in :mod:`analysis.present.brief_figures`). Nothing here is specific to a number of
projects or regions: the projects come from the document register (through the results
framework), the regions from :func:`analysis.analyses.selfevaluation.weak_regions`.

The rules, each a function of the data (:data:`RULES`, in the order the brief ranks them: what
the steering group can act on first):

- ``not_assessed``: a project's top-level goals and commitments without a rating
  → decide who assesses them and by when;
- ``weak_without_owner``: a weak area (:mod:`analysis.analyses.selfevaluation`'s one rule)
  without a responsible person → assign one;
- ``missing_outcome``: a numeric target of a project whose decided period has ended, without a
  reported outcome → decide who reports it;
- ``overdue_action``: an action whose date has passed (risk: the plan is not followed);
- ``missing_decision``: a project whose only decision papers in the material are one
  co-financier's (no decision by the managing authority) → obtain the missing decisions;
- ``old_statistics``: a measure whose newest year is at least :data:`OLD_STATISTICS_YEARS`
  before the report's year (risk: the mirror shows an older state).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..core.regions import OMS_CODE

# The levels of the results framework the brief's overview shows (in this order): the goals and
# commitments a steering group decides on, not the activities and work packages.
TOP_KINDS: tuple[str, ...] = ("overall_goal", "project_goal", "sub_goal", "numeric_target",
                              "horizontal_criterion", "perspective", "commitment")
# a measure this many years older than the report's year is old
OLD_STATISTICS_YEARS = 3
# the issuer whose decisions bind an ERUF project (the managing authority)
MANAGING_AUTHORITY = "Tillväxtverket"
# rule → (kind: decision / risk), in the order the brief ranks them
RULES: dict[str, str] = {
    "not_assessed": "decision",
    "weak_without_owner": "decision",
    "missing_outcome": "decision",
    "missing_decision": "decision",
    "overdue_action": "risk",
    "unassessed_at_end": "risk",
    "uncertain_weak_area": "risk",
    "old_statistics": "risk",
}
STATUS_CATEGORIES: tuple[str, ...] = ("ej bedömt", "1", "2", "3", "4")


def _category(rating) -> str:
    return STATUS_CATEGORIES[0] if pd.isna(rating) else str(int(rating))


def top_level(status: pd.DataFrame) -> pd.DataFrame:
    """The items of :data:`TOP_KINDS` from :func:`analysis.analyses.selfevaluation.status_table`."""
    return status[status["kind"].isin(TOP_KINDS)]


def goal_overview(status: pd.DataFrame) -> pd.DataFrame:
    """Per project and top-level kind: ``project_id, kind, kind_label, items`` and one count
    column per status category (``ej bedömt``, ``1`` … ``4``), in the framework's project order
    and :data:`TOP_KINDS`' order."""
    top = top_level(status).assign(category=lambda d: [_category(r) for r in d["rating"]])
    rows = []
    for pid in dict.fromkeys(top["project_id"]):
        own = top[top["project_id"] == pid]
        for kind in TOP_KINDS:
            k = own[own["kind"] == kind]
            if k.empty:
                continue
            counts = k["category"].value_counts()
            rows.append({"project_id": pid, "kind": kind, "kind_label": k["kind_label"].iloc[0],
                         "items": len(k),
                         **{c: int(counts.get(c, 0)) for c in STATUS_CATEGORIES}})
    return pd.DataFrame(rows, columns=["project_id", "kind", "kind_label", "items",
                                       *STATUS_CATEGORIES])


def weak_by_region(weak: pd.DataFrame) -> pd.DataFrame:
    """The mirror's weak areas (rows of :func:`analysis.analyses.selfevaluation.weak_areas` with
    origin ``spegling``) per region: ``region, indicators`` (list), ``tests`` (list), ``without_owner``."""
    m = weak[weak["origin"] == "spegling"]
    rows = []
    for region, g in m.groupby("region", sort=False):
        rows.append({"region": region, "weak_ids": g["weak_id"].tolist(),
                     "areas": g["area"].tolist(),
                     "without_owner": int((g["responsible"].str.strip() == "").sum())})
    return pd.DataFrame(rows, columns=["region", "weak_ids", "areas", "without_owner"])


def _rows_not_assessed(status: pd.DataFrame, projects: pd.DataFrame, as_of: dt.date) -> list[dict]:
    rows = []
    top = top_level(status)
    for pid, own in top.groupby("project_id", sort=False):
        n = int(own["rating"].isna().sum())
        if n:
            rows.append({"rule": "not_assessed", "project_id": pid, "region": "", "count": n,
                         "of": len(own), "date": None, "ids": own.loc[own["rating"].isna(),
                                                                     "item_id"].tolist()})
        end = _end(projects, pid)
        # a running project's period ends within a year with items still unrated (an ended
        # project's unrated items are the decision "not_assessed" already)
        if n and end is not None and as_of <= end <= as_of + dt.timedelta(days=365):
            rows.append({"rule": "unassessed_at_end", "project_id": pid, "region": "",
                         "count": n, "of": len(own), "date": end, "ids": []})
    return rows


def _end(projects: pd.DataFrame, pid: str) -> dt.date | None:
    p = projects[projects["project_id"] == pid]
    if p.empty or pd.isna(p["end_date"].iloc[0]):
        return None
    return pd.Timestamp(p["end_date"].iloc[0]).date()


def _rows_weak(weak: pd.DataFrame, as_of: dt.date) -> list[dict]:
    rows = []
    no_owner = weak[weak["responsible"].str.strip() == ""]
    for region, g in no_owner.groupby("region", sort=False):
        rows.append({"rule": "weak_without_owner", "project_id": "", "region": region,
                     "count": len(g), "of": int((weak["region"] == region).sum()), "date": None,
                     "ids": g["weak_id"].tolist()})
    due = pd.to_datetime(weak["due"].where(weak["due"].str.strip() != ""), errors="coerce")
    overdue = weak[(due < pd.Timestamp(as_of)).fillna(False).astype(bool)]
    if len(overdue):
        rows.append({"rule": "overdue_action", "project_id": "", "region": "",
                     "count": len(overdue), "of": len(weak), "date": None,
                     "ids": overdue["weak_id"].tolist()})
    return rows


def _rows_uncertain(mirror_weak: pd.DataFrame) -> list[dict]:
    """Growth gaps whose verdict depends on the peers chosen or whose interval spans zero."""
    ids = [r["weak_id"] for _, r in mirror_weak.iterrows()
           if r.get("sensitivity") is not None and not isinstance(r.get("sensitivity"), float)
           and not (r["sensitivity"].robust and r["sensitivity"].verdict == "långsammare")]
    if not ids:
        return []
    regions = list(dict.fromkeys(mirror_weak.loc[mirror_weak["weak_id"].isin(ids), "region"]))
    return [{"rule": "uncertain_weak_area", "project_id": "", "region": ",".join(regions),
             "count": len(ids), "of": len(mirror_weak), "date": None, "ids": ids}]


def _rows_outcomes(targets: pd.DataFrame, projects: pd.DataFrame, as_of: dt.date) -> list[dict]:
    rows = []
    for pid, own in targets.groupby("project_id", sort=False):
        end = _end(projects, pid)
        missing = own[own["achieved_value"].isna()]
        if end is not None and end < as_of and len(missing):
            rows.append({"rule": "missing_outcome", "project_id": pid, "region": "",
                         "count": len(missing), "of": len(own), "date": end,
                         "ids": missing["target_id"].tolist()})
    return rows


def _rows_decisions(register: pd.DataFrame, project_ids: list[str]) -> list[dict]:
    rows = []
    for pid in project_ids:
        docs = register[(register["project_id"] == pid) & (register["kind"] == "decision")]
        issuers = set(docs["issuer"])
        if MANAGING_AUTHORITY not in issuers:
            rows.append({"rule": "missing_decision", "project_id": pid, "region": "",
                         "count": len(docs), "of": len(docs), "date": None,
                         "ids": sorted(issuers)})
    return rows


def _rows_statistics(vintages: pd.DataFrame, as_of: dt.date) -> list[dict]:
    years = pd.to_numeric(vintages["latest_year"].astype(str).str[:4], errors="coerce")
    old = vintages[(as_of.year - years) >= OLD_STATISTICS_YEARS]
    if old.empty:
        return []
    return [{"rule": "old_statistics", "project_id": "", "region": "", "count": len(old),
             "of": len(vintages), "date": None, "ids": old["indicator"].tolist(),
             "year": int(years[old.index].max())}]


def actions(status: pd.DataFrame, weak: pd.DataFrame, mirror_weak: pd.DataFrame,
            targets: pd.DataFrame, projects: pd.DataFrame, register: pd.DataFrame,
            vintages: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Every rule of :data:`RULES` applied to the data: one row per finding, ``rule, kind``
    (decision / risk), ``project_id, region, count, of, date, ids``, ``year`` (old statistics:
    the newest year among the old measures), ranked by :data:`RULES`' order."""
    rows = (_rows_not_assessed(status, projects, as_of) + _rows_weak(weak, as_of)
            + _rows_uncertain(mirror_weak) + _rows_outcomes(targets, projects, as_of)
            + _rows_decisions(register, list(dict.fromkeys(status["project_id"])))
            + _rows_statistics(vintages, as_of))
    out = pd.DataFrame(rows, columns=["rule", "project_id", "region", "count", "of", "date",
                                      "ids", "year"])
    out.insert(1, "kind", out["rule"].map(RULES))
    order = {r: i for i, r in enumerate(RULES)}
    return (out.assign(_o=out["rule"].map(order)).sort_values("_o", kind="stable")
            .drop(columns="_o").reset_index(drop=True))


def brief_state(focus: str = OMS_CODE, as_of: dt.date | None = None,
                directory: str | None = None) -> dict:
    """Everything the brief shows, from the checked files: ``status`` (every framework item),
    ``overview`` (:func:`goal_overview`), ``weak`` (the action plan's rows), ``weak_by_region``,
    ``actions`` (:func:`actions`), ``targets``, ``projects`` and ``as_of``."""
    from ..sources.decisions import document_register
    from ..tables import assessment as asm
    from ..tables import budgets
    from . import selfevaluation as se
    from .outcomes import targets_with_outcomes
    from .vintage import indicator_vintages

    as_of = dt.date.today() if as_of is None else as_of
    entries = asm.assessments(directory)
    status = se.status_table(entries=entries)
    mirror_weak = se.all_mirror_weak_areas(focus)
    # the brief names the weak areas; their evidence is written in the Självvärdering chapter
    weak = se.weak_areas(lambda row: "", focus, status, entries, mirror_weak)
    targets = targets_with_outcomes()
    projects = budgets.projects()
    vintages = indicator_vintages()
    vintages = vintages[vintages["indicator"] != "kpi"]
    return {"status": status, "overview": goal_overview(status), "weak": weak,
            "mirror_weak": mirror_weak,
            "weak_by_region": weak_by_region(weak),
            "actions": actions(status, weak, mirror_weak, targets, projects, document_register(),
                               vintages, as_of),
            "targets": targets, "projects": projects, "as_of": as_of}
