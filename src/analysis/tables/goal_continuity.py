"""The continuity register ``data/reference/goal_continuity.csv``: which items of a later
project's results framework continue which items of an earlier project's (in the shipped
register: REAL ÖMS's items continuing ECS3's), checked against the framework.

Moved out of :mod:`analysis.tables.goals` (issue 24: no module over 500 lines); ``goals``
re-exports every name. The columns name no project: an item's project is the prefix of its id.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.errors import DataError
from .goals_parse import cite, framework


# ---------------------------------------------------------------------------- continuity

CONTINUITY_FILE = paths.REFERENCE / "goal_continuity.csv"
CONTINUITY_COLUMNS = ["later_item", "earlier_item", "relation", "reason"]
RELATIONS = {"fortsätter": "fortsätter", "delvis": "fortsätter delvis"}


def continuity(path: str | Path | None = None, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which items of a later project continue which items of an earlier one, with the reason
    (a reviewed register).

    Every id is checked against the framework on load (the two items belong to two different
    registered projects), the relation must be ``fortsätter`` or ``delvis`` and the reason must
    be written out. Rows about a project the document register does not hold are not used.
    Columns: ``later_item, earlier_item, relation, reason, later_project, earlier_project,
    later_title, earlier_title, later_source, earlier_source``.
    """
    path = Path(path) if path is not None else CONTINUITY_FILE
    items = framework() if items is None else items
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(raw.columns) != CONTINUITY_COLUMNS:
        raise DataError(path, 1, f"fel kolumner {list(raw.columns)}; väntade {CONTINUITY_COLUMNS}")
    by_id = items.set_index("item_id")
    seen: set[tuple[str, str]] = set()
    from ..sources.decisions import project_ids

    # a row about a project the document register does not hold is not used (as for the
    # register of reported ends): the register follows the decisions, not the other way round
    registered = set(project_ids())
    raw = raw[[all(row[c].split("-", 1)[0] in registered for c in ("later_item", "earlier_item"))
               for _, row in raw.iterrows()]]
    for i, row in raw.iterrows():
        line = int(i) + 2
        for col in ("later_item", "earlier_item"):
            item = row[col].strip()
            project = item.split("-", 1)[0]
            if item not in by_id.index or by_id.at[item, "project_id"] != project:
                raise DataError(path, line, f"{col} {item!r} är inget mål i {project}:s beslut")
        if row["later_item"].split("-", 1)[0] == row["earlier_item"].split("-", 1)[0]:
            raise DataError(path, line, f"later_item {row['later_item']!r} och earlier_item "
                                        f"{row['earlier_item']!r} hör till samma projekt")
        if row["relation"] not in RELATIONS:
            raise DataError(path, line, f"relation {row['relation']!r}; giltiga: {', '.join(RELATIONS)}")
        if len(row["reason"].strip()) < 20:
            raise DataError(path, line, "skälet (reason) måste skrivas ut")
        pair = (row["later_item"], row["earlier_item"])
        if pair in seen:
            raise DataError(path, line, f"paret {pair[0]} – {pair[1]} står två gånger")
        seen.add(pair)
    out = raw.copy()
    for side in ("later", "earlier"):
        col = f"{side}_item"
        out[f"{side}_project"] = [by_id.at[i, "project_id"] for i in out[col]]
        out[f"{side}_title"] = [by_id.at[i, "title"] for i in out[col]]
        out[f"{side}_source"] = [cite(by_id.loc[i]) for i in out[col]]
    return out


def cite_many(rows: pd.DataFrame) -> str:
    """'000_….txt, rad 77 och 225' for several items (grouped by document)."""
    parts = []
    for document, g in rows.groupby("document", sort=False):
        spans = [f"{a}" + (f"–{b}" if b != a else "") for a, b in zip(g["line_start"], g["line_end"])]
        lines = spans[0] if len(spans) == 1 else ", ".join(spans[:-1]) + " och " + spans[-1]
        parts.append(f"{document}, rad {lines}")
    return "; ".join(parts)
