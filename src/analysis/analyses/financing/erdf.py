"""ERUF as the decisions state it: planned, not granted, and REAL ÖMS's cap.

The regions' decisions budget an ERUF row, but ERUF is decided by Tillväxtverket: ECS3's
decision says the project "ansöker också om medfinansiering" from the programme (000, line 28),
REAL ÖMS's that financing "söks också" (003, line 21) and that ERUF's decision is to be taken
later (003, line 197). The amounts are therefore the ERUF financing the regions' decisions plan.
"""

from __future__ import annotations

import pandas as pd

from ...core.errors import DataError, ParameterError
from ...core.paths import RAW_DOCUMENTS
from ...sources.decisions.text import read_lines
from ...sources.catalog import needs

ERDF_PROGRAMMES = needs("erdf_programmes_2021_2027")

# The phrases that show the ERUF money is applied for, as the decisions word them (000, 003);
# every registered decision is searched for each (the line is looked up, never typed).
ERDF_PHRASES = (
    "ansöker också om medfinansiering från det regionala strukturfondsprogrammet",
    "Finansiering söks också från Program för Europeiska regionala",
    "Beslut om medfinansiering från ERUF fattas",
)


def _find(document: str, phrase: str) -> tuple[int, str]:
    lines = read_lines(RAW_DOCUMENTS / document)
    for number, text in enumerate(lines, start=1):
        if phrase in " ".join(text.split()):
            # a sentence wrapped onto the next line is quoted whole
            following = lines[number:number + 1] if not text.rstrip().endswith(".") else []
            return number, " ".join(" ".join([text, *following]).split())
    raise DataError(RAW_DOCUMENTS / document, None, f"texten {phrase!r} finns inte")


def _projects(project_table: pd.DataFrame | None) -> pd.DataFrame:
    if project_table is None:
        from ...tables.budgets import projects

        project_table = projects()
    return project_table.set_index("project_id")


def erdf_status(project_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Where each decision says ERUF is applied for: ``project_id, document, line, text`` (a
    decision that words it otherwise has no row)."""
    from .over_time import project_order

    p = _projects(project_table)
    rows = []
    for pid in project_order(list(p.index), p.reset_index()):
        document = p.at[pid, "document"]
        for phrase in ERDF_PHRASES:
            try:
                line, text = _find(document, phrase)
            except DataError:
                continue
            rows.append({"project_id": pid, "document": document, "line": line, "text": text})
    return pd.DataFrame(rows, columns=["project_id", "document", "line", "text"])


def applied_cap(project_id: str | None = None, totals: pd.DataFrame | None = None,
                project_table: pd.DataFrame | None = None) -> dict:
    """The deciding region's share of booked costs and its cap, against the budget
    (``project_id`` default: the latest project by start date that applies for a share).

    Returns ``project_id, applicant, share, cap_sek, total_sek, share_of_budget_sek`` (share × budget),
    ``document, line`` (where "dock högst" stands). The cap is the share of the budgeted total,
    in whole kronor: the region pays the share of the costs actually booked, and
    never more than the cap if the costs exceed the budget.
    """
    from .over_time import project_order, project_totals

    projects = _projects(project_table)
    if project_id is None:
        applying = projects.index[projects["applied_share"].notna()]
        if applying.empty:
            raise ParameterError("Inget projekt i registret söker en andel av de bokförda kostnaderna.")
        project_id = project_order(applying, projects.reset_index())[-1]
    p = projects.loc[project_id]
    t = (project_totals() if totals is None else totals).set_index("project_id").loc[project_id]
    share, cap = float(p["applied_share"]), int(p["applied_amount_sek"])
    line, _ = _find(p["document"], f"ansöker om {round(share * 100)} procent")
    return {"project_id": project_id, "applicant": str(p["applicant"]), "share": share,
            "cap_sek": cap,
            "total_sek": int(t["total_sek"]), "share_of_budget_sek": share * t["total_sek"],
            "document": p["document"], "line": line}


def programme_context(programme: str = "Östra Mellansverige", totals: pd.DataFrame | None = None
                      ) -> dict:
    """The later project's planned ERUF against the ERUF programme 2021–2027 for ÖMS (EU funds,
    MSEK, at approval in 2022): ``eu_msek, total_msek, eu_share, project_erdf_sek,
    share_of_eu``, and the source."""
    from ...sources import catalog
    from .over_time import project_totals

    info = catalog.dataset(ERDF_PROGRAMMES)
    p = catalog.read_csv(catalog.path(ERDF_PROGRAMMES), info["columns"])
    row = p[p["programme"] == programme]
    if len(row) != 1:
        raise DataError(catalog.path(ERDF_PROGRAMMES), None,
                        f"programmet {programme!r} ska finnas en gång, finns {len(row)}")
    r = row.iloc[0]
    eu, total = float(r["eu_funds_msek"]), float(r["total_msek"])
    from .over_time import project_order

    later = project_order()[-1]  # the latest project by start date
    t = (project_totals() if totals is None else totals).set_index("project_id").loc[later]
    return {"programme": programme, "project_id": later, "eu_msek": eu, "total_msek": total,
            "eu_share": eu / total, "project_erdf_sek": int(t["erdf_sek"]),
            "share_of_eu": t["erdf_sek"] / (eu * 1e6), "source": r["source"]}
