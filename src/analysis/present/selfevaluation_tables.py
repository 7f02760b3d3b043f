"""The self-evaluation's tables for the chapter and the notebook, with Swedish headers.

Frames from :mod:`analysis.analyses.selfevaluation` and the entry files laid out for a reader;
an empty action cell reads "ej ifyllt", an item without a rating "ej bedömt".
"""

from __future__ import annotations

import pandas as pd

from ..tables import assessment as asm
from ..tables import goals

NOT_FILLED = "ej ifyllt"


def reader_sources(rows: pd.DataFrame) -> list[str]:
    """Each framework row's decision paper and section, as a reader looks it up (the one
    citation function, :func:`analysis.narrative.citations.cite_item`); the file and lines stay
    in the workbook and Metod."""
    from ..core.formatting import upper_first
    from ..narrative.citations import cite_item

    return [upper_first(cite_item(r)) for _, r in rows.iterrows()]


def action_plan_table(weak: pd.DataFrame) -> pd.DataFrame:
    """The action plan with Swedish headers; an empty action cell reads 'ej ifyllt'."""
    fill = lambda s: s.where(s.str.strip() != "", NOT_FILLED)  # noqa: E731
    return pd.DataFrame({
        "Område": weak["area"],
        "Hittat i": weak["origin"],
        "Underlag": weak["evidence"],
        "Källa": weak["evidence_source"],
        "Åtgärd": fill(weak["action"]),
        "Ansvarig": fill(weak["responsible"]),
        "Tidpunkt": fill(weak["due"]),
    })


WORK_PACKAGE_KINDS = ("work_package", "package_activity")


def framework_table(status: pd.DataFrame, project_id: str) -> pd.DataFrame:
    """One project's framework for the report: id, level, goal text, source, value, status.

    The work packages per challenge area have their own table (:func:`work_package_table`)."""
    from ..core.formatting import format_date, format_number, format_percent

    s = status[(status["project_id"] == project_id) & ~status["kind"].isin(WORK_PACKAGE_KINDS)]
    target = [f"{format_number(v, 0)} {u}" if pd.notna(v) else "" for v, u in zip(s["value"], s["unit"])]
    none = pd.Series([None] * len(s), index=s.index)
    where, when = s.get("achieved_in", none), s.get("achieved_date", none)
    achieved = [f"{format_number(a, 0 if float(a).is_integer() else 1)} {u} ({format_percent(a / v, 0)})"
                + (f" den {format_date(d)}, enligt {w}" if isinstance(w, str) and w else "")
                if pd.notna(a) else (asm.NOT_ASSESSED if pd.notna(v) else "")
                for a, v, u, w, d in zip(s["achieved_value"], s["value"], s["unit"], where, when)]
    return pd.DataFrame({"Nivå": s["kind_label"], "Mål i beslutet": s["text"],
                         "Källa": reader_sources(s), "Målvärde": target, "Uppnått": achieved,
                         "Status": s["status"]})


def work_package_table(status: pd.DataFrame, project_id: str = "ECS3") -> pd.DataFrame:
    """The work packages per challenge area and their activities, each with its status."""
    s = status[(status["project_id"] == project_id) & status["kind"].isin(WORK_PACKAGE_KINDS)]
    return pd.DataFrame({"Utmaningsområde": s["area"], "Nivå": s["kind_label"],
                         "I beslutet": s["text"], "Källa": reader_sources(s), "Status": s["status"]})


def extraction_table(check: pd.DataFrame) -> pd.DataFrame:
    """The items that read differently from a decision's two text extractions, with both
    documents' lines (empty when they all agree)."""
    bad = check[~check["agrees"]]

    from ..narrative.citations import section

    def lines(doc, a, b):
        if pd.isna(a):
            return "saknas"
        heading = section(doc, int(a))
        return f"avsnittet {heading}" if heading else "finns"

    return pd.DataFrame({
        "Nivå": bad["kind_label"], "Mål": bad["title"],
        "Första utdraget": [lines(d, a, b) for d, a, b in
                            zip(bad["document"], bad["line_start"], bad["line_end"])],
        "Andra utdraget": [lines(d, a, b) for d, a, b in
                           zip(bad["other_document"], bad["other_line_start"], bad["other_line_end"])],
        "Skillnad": bad["problem"],
    })


def continuity_table(cont: pd.DataFrame | None = None) -> pd.DataFrame:
    c = goals.continuity() if cont is None else cont
    return pd.DataFrame({
        "REAL ÖMS": c["real_title"],
        "fortsätter": [goals.RELATIONS[r] for r in c["relation"]],
        "ECS3": c["ecs3_title"],
        "Skäl": c["reason"],
    })


def coverage_table(cov: pd.DataFrame) -> pd.DataFrame:
    """What is assessed and what is not, per project and goal level (Swedish headers)."""
    from ..sources.decisions import project_label
    from ..core.formatting import format_number

    return pd.DataFrame({
        "Projekt": [project_label(p) for p in cov["project_id"]],
        "Nivå": cov["kind_label"],
        "Mål och åtaganden": [format_number(n) for n in cov["items"]],
        "Bedömda": [format_number(n) for n in cov["assessed"]],
        "Ej bedömda": [format_number(n) for n in cov["not_assessed"]],
        "Betyg 1–2": [format_number(n) for n in cov["weak"]],
    })


def horizontal_table(status: pd.DataFrame) -> pd.DataFrame:
    """The horizontal criteria's own questions and the answers (or 'ej bedömt'), with the
    figures by sex where the decision asks for an analysis of the target groups."""
    from ..core.formatting import format_number

    h = status[status["horizontal"]]
    out = {"Mål i beslutet": h["title"], "Källa": reader_sources(h),
           "Status": h["status"]}
    for col, (question, _) in asm.HORIZONTAL_QUESTIONS.items():
        out[question] = [a if isinstance(a, str) and a else asm.NOT_ASSESSED for a in h[col]]
    out["Kvinnor / män i målgruppen"] = [
        f"{format_number(w)} / {format_number(m)}" if pd.notna(w) else
        (asm.NOT_ASSESSED if s else "frågas inte") for w, m, s in zip(h["women"], h["men"], h["sex_split"])]
    return pd.DataFrame(out)


def scale_table() -> pd.DataFrame:
    """The rating scale with each step defined."""
    return pd.DataFrame({"Betyg": [str(k) for k in asm.SCALE] + ["tomt"],
                         "Betydelse": [label for label, _ in asm.SCALE.values()] + [asm.NOT_ASSESSED],
                         "Definition": [text for _, text in asm.SCALE.values()]
                         + ["Utvärderaren har ännu inte bedömt målet."]})
