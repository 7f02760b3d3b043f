"""The technical appendix's table of ids: every framework item and weak area with the id the
evaluator enters it under, and for the items the document and lines in the decision text.

Only Metod (and the workbook) show file names, lines and ids; every other page cites the
decision papers by issuer, Dnr and section (:mod:`analysis.narrative.citations`).
"""

from __future__ import annotations

import pandas as pd


def id_table(focus: str = "SE12", weak: bool = False) -> pd.DataFrame:
    """Every framework item's id with its document and lines; with ``weak`` also the weak areas'
    ids (in the workbook: their ids carry the indicators' code names, which Metod's tables
    leave out)."""
    from ..sources.decisions import project_label
    from ..tables import goals
    from .selfevaluation_findings import weak_areas

    items = goals.framework()
    if weak:
        weak = weak_areas(focus)
        weak = weak[weak["origin"] == "spegling"]
    else:
        weak = pd.DataFrame(columns=["weak_id", "project_id", "area"])
    return pd.DataFrame({
        "Id": [*items["item_id"], *weak["weak_id"]],
        "Projekt": [*(project_label(p) for p in items["project_id"]),
                    *(project_label(p) for p in weak["project_id"])],
        "Nivå": [*items["kind_label"], *["Svagt område"] * len(weak)],
        "Mål eller område": [*items["title"], *weak["area"]],
        "Dokument och rader": [*(goals.cite(r) for _, r in items.iterrows()), *[""] * len(weak)],
    })
