"""The intervention logic (programteori) of every registered project, drawn from its decision:
resources → activities → outputs → results → impact.

- **resources**: the decided budget by cost type and by financier
  (:func:`analysis.tables.budgets.budget_lines`);
- **activities**: the decision's activities and work packages;
- **outputs**: the numeric targets;
- **results**: the project goal and the delmål;
- **impact**: the overall goal.

Frames only; the Swedish (what a project can and cannot influence) is in
:mod:`analysis.narrative.intervention_text`. Each level carries its decision references
(document and lines), so a reader's citation is made from them. Nothing is specific to two
projects: every project of the results framework gets the same five levels, and a level the
decision does not fill is a row with no items (said plainly, never left out).
"""

from __future__ import annotations

import pandas as pd

# level → the framework kinds that fill it (resources come from the budget)
LEVELS: dict[str, tuple[str, ...]] = {
    "resources": (),
    "activities": ("activity", "work_package"),
    "outputs": ("numeric_target",),
    "results": ("project_goal", "sub_goal"),
    "impact": ("overall_goal",),
}
# how far a project steers each level: the budget, its activities and its counted outputs are
# its own; results depend on the actors it works with; impact on much more than the project
CONTROL: dict[str, str] = {"resources": "direct", "activities": "direct", "outputs": "direct",
                           "results": "shared", "impact": "contributes"}


def _resources(pid: str, lines: pd.DataFrame) -> dict:
    from ..core.labels import labels

    own = lines[lines["project_id"] == pid]
    cost = own[own["table"] == "cost"].groupby("category", sort=False)["amount_sek"].sum()
    fin = own[own["table"] == "financing"].groupby("category", sort=False)["amount_sek"].sum()
    names = labels("cost_category")
    items = ([(names.get(c, c), float(v)) for c, v in cost.items()]
             + [(f, float(v)) for f, v in fin.items()])
    return {"items": [n for n, _ in items], "amounts": [v for _, v in items],
            "parts": ["cost"] * len(cost) + ["financing"] * len(fin),
            "document": own["document"].iloc[0] if len(own) else None,
            "lines": sorted(own["line"].dropna().astype(int).unique().tolist())}


def intervention_logic(items: pd.DataFrame | None = None,
                       lines: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per project and level: ``project_id, level, control, n`` (items at the level),
    ``items`` (titles; for resources the cost types and financiers), ``amounts`` (resources:
    kronor per item, else empty), ``parts`` (resources: cost / financing), ``document``,
    ``lines`` (the decision's lines the level stands on)."""
    from ..tables import budgets, goals

    items = goals.framework() if items is None else items
    lines = budgets.budget_lines() if lines is None else lines
    rows = []
    for pid in dict.fromkeys(items["project_id"]):
        own = items[items["project_id"] == pid]
        for level, kinds in LEVELS.items():
            if level == "resources":
                r = _resources(pid, lines)
                rows.append({"project_id": pid, "level": level, "control": CONTROL[level],
                             "n": len(r["items"]), **r})
                continue
            k = own[own["kind"].isin(kinds)]
            rows.append({"project_id": pid, "level": level, "control": CONTROL[level],
                         "n": len(k), "items": k["title"].tolist(), "amounts": [],
                         "parts": k["kind"].tolist(),
                         "document": own["document"].iloc[0],
                         "lines": [int(x) for x in k["line_start"]]})
    return pd.DataFrame(rows, columns=["project_id", "level", "control", "n", "items", "amounts",
                                       "parts", "document", "lines"])
