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
    from ..core.formatting import decimals_of, format_date, format_number, format_percent

    s = status[(status["project_id"] == project_id) & ~status["kind"].isin(WORK_PACKAGE_KINDS)]
    target = [f"{format_number(v, 0)} {u}" if pd.notna(v) else "" for v, u in zip(s["value"], s["unit"])]
    none = pd.Series([None] * len(s), index=s.index)
    where, when = s.get("achieved_in", none), s.get("achieved_date", none)
    achieved = [f"{format_number(a, decimals_of(a))} {u} ({format_percent(a / v, 0)})"
                + (f" den {format_date(d)}, enligt {w}" if isinstance(w, str) and w else "")
                if pd.notna(a) else (asm.NOT_ASSESSED if pd.notna(v) else "")
                for a, v, u, w, d in zip(s["achieved_value"], s["value"], s["unit"], where, when)]
    return pd.DataFrame({"Nivå": s["kind_label"], "Mål i beslutet": s["text"],
                         "Källa": reader_sources(s), "Målvärde": target, "Uppnått": achieved,
                         "Status": s["status"]})


def work_package_table(status: pd.DataFrame, project_id: str) -> pd.DataFrame:
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
    """The continuity register for readers: one pair of projects → their names as headers;
    several pairs → each goal with its project's name."""
    from ..sources.decisions import project_label

    c = goals.continuity() if cont is None else cont
    pairs = list(dict.fromkeys(zip(c["later_project"], c["earlier_project"])))
    relation = [goals.RELATIONS[r] for r in c["relation"]]
    if len(pairs) == 1:
        later, earlier = pairs[0]
        return pd.DataFrame({project_label(later): c["later_title"], "fortsätter": relation,
                             project_label(earlier): c["earlier_title"], "Skäl": c["reason"]})
    return pd.DataFrame({
        "Mål i det senare projektet": [f"{project_label(p)}: {t}" for p, t in
                                       zip(c["later_project"], c["later_title"])],
        "fortsätter": relation,
        "Mål i det tidigare projektet": [f"{project_label(p)}: {t}" for p, t in
                                         zip(c["earlier_project"], c["earlier_title"])],
        "Skäl": c["reason"]})


def coverage_table(cov: pd.DataFrame) -> pd.DataFrame:
    """What is assessed and what is not, per project and goal level (Swedish headers)."""
    from ..sources.decisions import project_label
    from .figures import chart_tables, number

    return chart_tables({
        "Projekt": [project_label(p) for p in cov["project_id"]],
        "Nivå": cov["kind_label"],
        "Mål och åtaganden": number(cov["items"]),
        "Bedömda": number(cov["assessed"]),
        "Ej bedömda": number(cov["not_assessed"]),
        "Betyg 1–2": number(cov["weak"]),
    })[0]


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


def _assessed(day, by, after: bool, period: str) -> str:
    """'2023-10-15 av NN, efter beslutad period 2018–2020'."""
    from ..core.formatting import format_date

    text = format_date(day)
    if isinstance(by, str) and by.strip():
        text += f" av {by.strip()}"
    return text + (f", efter beslutad period {period}" if after else "")


def _periods() -> dict[str, str]:
    from ..tables.budgets import projects

    p = projects()
    return {pid: f"{pd.Timestamp(a).year}–{pd.Timestamp(b).year}"
            for pid, a, b in zip(p["project_id"], p["start_date"], p["end_date"])}


def evidence_table(status: pd.DataFrame, project_id: str | None = None) -> pd.DataFrame:
    """What each current rating rests on: every rated goal with its rating, the evidence and
    its source, when and by whom it was assessed (and whether the date lies after the decided
    period), and the comment (förbehåll). Goals without a rating are left out (the framework
    tables show them as 'ej bedömt'). Six columns, so that the PDF's page holds them."""
    s = status[status["rating"].notna()]
    if project_id is not None:
        s = s[s["project_id"] == project_id]
    periods = _periods()
    none = pd.Series([None] * len(s), index=s.index)
    after = s.get("after_period", none)
    text = lambda v: v.strip() if isinstance(v, str) and v.strip() else ""  # noqa: E731
    return pd.DataFrame({
        "Id": s["item_id"],
        "Mål": [f"{k}: {t}" for k, t in zip(s["kind_label"], s["title"])],
        "Betyg": s["status"],
        "Underlag och källa": [f"{text(e)} Källa: {text(src)}".strip() if text(src) else text(e)
                               for e, src in zip(s.get("evidence", none), s.get("evidence_source", none))],
        "Bedömt": [_assessed(d, by, bool(a) if pd.notna(a) else False, periods.get(p, ""))
                   for d, by, a, p in zip(s["date"], s.get("assessed_by", none), after, s["project_id"])],
        "Förbehåll": [text(c) or "–" for c in s.get("comment", none)],
    })


def history_table(history: pd.DataFrame, project_id: str | None = None) -> pd.DataFrame:
    """Each rated goal's ratings over time, oldest first ('2 den 2021-03-01 → 3 den
    2022-06-01'), with the latest change (höjt, sänkt, oförändrat, or 'ett betyg')."""
    from ..core.formatting import format_date

    h = history if project_id is None else history[history["project_id"] == project_id]
    rows = []
    for (_pid, iid), g in h.groupby(["project_id", "item_id"], sort=False):
        last = g.iloc[-1]
        rows.append({"Id": iid,
                     "Mål": f"{last['kind_label']}: {last['title']}",
                     "Betyg över tid": " → ".join(f"{int(r)} den {format_date(d)}"
                                                  for r, d in zip(g["rating"], g["date"])),
                     "Bedömningar": str(len(g)),
                     "Senaste ändring": "ett betyg" if len(g) == 1 else last["change"]})
    return pd.DataFrame(rows, columns=["Id", "Mål", "Betyg över tid", "Bedömningar",
                                       "Senaste ändring"])
