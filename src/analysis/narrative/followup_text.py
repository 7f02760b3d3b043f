""""Sedan förra rapporten": what changed since the last issued report, in plain Swedish.

The changes come from :func:`analysis.analyses.followup.compare_records` (one row per change with
its cause code); this module only words them. :func:`since_last_report` is the one function the
first page calls: the section's Markdown (every text from records, documents and entry files
escaped), "Första rapporten: …" where no report for the focus has been issued.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ..analyses import followup as fu
from ..core.escape import Markdown, markdown_text
from ..core.formatting import format_number, format_percent, format_sek, upper_first
from ..core.regions import OMS_CODE, county_name
from .phrases import count_word, names_list

#: at most this many changes of one cause are listed one by one; the rest are counted
MAX_LISTED = 5

_FIGURE_LABELS = {
    "cost_total_sek": "budgeten",
    "erdf_sek": "den planerade finansieringen från ERUF",
    "erdf_share": "ERUF:s andel av finansieringen",
    "focus_sek": "fokusregionens del av finansieringen",
    "focus_share": "fokusregionens andel av finansieringen",
}


def focus_name(focus: str) -> str:
    """The focus's name, from its code (a record's focus is a plain code; a ``Focus`` is its code,
    and ``county_name`` knows ``SE12`` too)."""
    return county_name(focus)


def _project(pid) -> str:
    from ..sources.decisions import project_label

    return project_label(pid) if isinstance(pid, str) and pid else ""


def _figure(field: str, value) -> str:
    if value is None:
        return "uppgift saknas"
    return format_percent(value) if field.endswith("_share") else format_sek(value)


def _goal(r: pd.Series) -> str:
    return f"{_project(r['project_id'])}, {r['label']}" if r["label"] else _project(r["project_id"])


def _area(r: pd.Series) -> str:
    """A weak area or action: the goal with its project, or the mirror's area as it reads."""
    from ..tables.assessment import MIRROR_PREFIX

    if str(r["key"]).startswith(MIRROR_PREFIX + "-"):
        return upper_first(str(r["label"]))
    return _goal(r)


def _position(s: dict | None) -> str:
    if not s:
        return "uppgift saknas"
    where = (f"plats {format_number(s['rank'])} av {format_number(s['of'])}"
             if s.get("rank") is not None and s.get("of") is not None else "utan placering")
    return f"{where} ({s['period']})"


def _sentence(r: pd.Series) -> str:
    c = r["cause"]
    if c == "new_vintage" and isinstance(r["after"], dict):  # a key statistic with new data
        return (f"{r['label']}: {_position(r['after'])}, förut {_position(r['before'])}; "
                "med ny statistik.")
    if c == "data_revised":
        return (f"{r['label']}: {_position(r['after'])}, förut {_position(r['before'])}; "
                "uppgifterna har reviderats i samma årgång.")
    if c == "new_vintage":
        before = f", förut {r['before']}" if r["before"] else ", ny i underlaget"
        return f"{r['label']}: {r['after']}{before}."
    if c == "decision_changed":
        if r["key"] == "financing":
            old, new = r["before"], r["after"]
            def amount(x):
                return "ingen" if x is None else f"{format_sek(x['amount_sek'])} ({format_percent(x['share'])})"
            return (f"{_project(r['project_id'])}, {r['label']}: {amount(new)}, förut {amount(old)}; "
                    "ändrat i beslutsunderlaget.")
        return (f"{_project(r['project_id'])}: {_FIGURE_LABELS.get(r['key'], r['key'])} "
                f"{_figure(r['key'], r['after'])}, förut {_figure(r['key'], r['before'])}; "
                "ändrat i beslutsunderlaget.")
    if c == "project_new":
        return f"Nytt projekt i underlaget: {_project(r['project_id'])}."
    if c == "project_gone":
        return f"{_project(r['project_id'])} finns inte längre i underlaget."
    if c == "goal_new":
        return f"Nytt mål i underlaget: {_goal(r)}."
    if c == "goal_gone":
        return f"Målet finns inte längre i underlaget: {_goal(r)}."
    when = f", bedömt {r['date']}" if r["date"] else ""
    if c == "rating_new":
        return f"{_goal(r)}: {r['after']}{when} (förut ej bedömt)."
    if c == "rating_changed":
        return f"{_goal(r)}: {r['after']}{when}, förut {r['before']}."
    if c == "rating_removed":
        return f"{_goal(r)}: betyget ({r['before']}) är borttaget; nu ej bedömt."
    if c == "rating_redated":
        return f"{_goal(r)}: bedömt på nytt{when}, samma betyg ({r['after']})."
    if c == "weak_new":
        if r["after"] == "bedömning":
            return f"{_goal(r)}."
        return f"{upper_first(str(r['label']))} (i speglingen{', med ny statistik' if r['new_vintage'] else ''})."
    if c == "weak_gone":
        if r["before"] == "bedömning":
            return f"{_goal(r)}: betyget är nu högre än 2 eller borttaget."
        return (f"{upper_first(str(r['label']))}: speglingen visar det inte längre"
                f"{', med ny statistik' if r['new_vintage'] else ''}.")
    if c in ("action_new", "action_changed", "action_overdue", "action_removed"):
        a = r["after"] if r["after"] is not None else r["before"]
        what = f"{str(a['action']).rstrip('. ')} (ansvarig: {a['responsible']}, senast {a['due']})"
        if c == "action_new":
            return f"{_area(r)}: {what}."
        if c == "action_changed":
            b = r["before"]
            return (f"{_area(r)}: {what}; förut {str(b['action']).rstrip('. ')} "
                    f"(ansvarig: {b['responsible']}, senast {b['due']}).")
        if c == "action_removed":
            return f"{_area(r)}: åtgärden ({what}) är borttagen ur handlingsplanen."
        return (f"{_area(r)}: {what}. Tidpunkten har passerat utan uppföljning "
                "(inget nytt betyg sedan dess).")
    return f"{r['label']}."


# cause -> heading of its group (in the order of analyses.followup.CAUSES)
_GROUPS = {
    "new_vintage": "Ny statistik",
    "data_revised": "Reviderad statistik",
    "decision_changed": "Ändrat i beslutsunderlaget",
    "project_new": "Nya projekt",
    "project_gone": "Projekt som inte längre finns i underlaget",
    "goal_new": "Nya mål",
    "goal_gone": "Mål som inte längre finns i underlaget",
    "rating_new": "Nya betyg",
    "rating_changed": "Ändrade betyg",
    "rating_removed": "Borttagna betyg",
    "rating_redated": "Bedömda på nytt med samma betyg",
    "weak_new": "Nya svaga områden",
    "weak_gone": "Inte längre svaga områden",
    "action_new": "Nya åtgärder i handlingsplanen",
    "action_changed": "Ändrade åtgärder",
    "action_removed": "Borttagna åtgärder",
    "action_overdue": "Åtgärder vars tidpunkt har passerat utan uppföljning",
}


_WHERE = {"statistics": "kapitlen Spegling och Metod", "figures": "kapitlen om projekten och finansieringen",
          "goals": "kapitlet Självvärdering", "weak_areas": "kapitlet Självvärdering",
          "actions": "kapitlet Självvärdering"}


def change_groups(changes: pd.DataFrame, max_listed: int = MAX_LISTED) -> list[tuple[str, list[str]]]:
    """Per cause (in :data:`analysis.analyses.followup.CAUSES` order): its heading with the count,
    and the changes' sentences, at most ``max_listed`` named and the rest counted."""
    out = []
    for cause in _GROUPS:
        g = changes[changes["cause"] == cause]
        if g.empty:
            continue
        sentences = [_sentence(r) for _, r in g.iterrows()]
        shown = sentences[:max_listed]
        rest = len(sentences) - len(shown)
        if rest:
            shown.append(f"Ytterligare {count_word(rest)} står i {_WHERE[fu.CAUSES[cause]]}.")
        out.append((f"{_GROUPS[cause]} ({count_word(len(g))})", shown))
    return out


def change_items(changes: pd.DataFrame, max_listed: int = MAX_LISTED) -> Markdown:
    """The changes as a nested Markdown list: one item per cause, its changes under it."""
    lines = []
    for heading, sentences in change_groups(changes, max_listed):
        lines.append(f"- {markdown_text(heading)}")
        lines += [f"    - {markdown_text(t)}" for t in sentences]
    return Markdown("\n".join(lines))


def _others_sentence(others: list[fu.Record], focus: str) -> str:
    if not others:
        return ""
    names = sorted({focus_name(r.focus) for r in others})
    return (f" Utgivna rapporter med annat fokus ({names_list(names)}) jämförs inte, eftersom de "
            "visar en annan regions siffror.")


def since_last_report(focus: str = OMS_CODE, directory=None, today: date | str | None = None) -> Markdown:
    """The section "Sedan förra rapporten" for ``focus`` as Markdown (escaped).

    Compares the latest issued record for ``focus`` (:func:`followup.last_record`) with the
    state the report shows now (:func:`followup.snapshot`), as of ``today`` (default: the date
    of the render, used for actions whose due date has passed)."""
    from ..core.params import check_focus
    from .selfevaluation_findings import mirror_evidence

    focus = check_focus(focus)
    last, others = fu.last_record(focus, directory)
    others_text = _others_sentence(others, focus)
    if last is None:
        return markdown_text(
            f"Första rapporten: ingen rapport med fokus på {focus_name(focus)} har getts ut "
            "till ett möte tidigare, så det finns inget att jämföra med. När en rapport ges ut "
            "sparas vad den sade, och nästa rapport visar här vad som har ändrats sedan dess."
            + others_text)
    now = fu.snapshot(focus, mirror_evidence)
    # a report rendered again before the meeting it was issued for: nothing is overdue yet
    day = max(pd.Timestamp(today or date.today()).date(), last.meeting)
    changes = fu.compare_records(last, now, as_of_b=day)
    head = (f"Jämfört med rapporten till mötet {last.data['meeting_date']} (utgiven av "
            f"{last.issued_by})")
    if changes.empty:
        return markdown_text(f"{head} har ingenting ändrats i statistikens årgångar, budgetarna, "
                             "målens betyg, de svaga områdena eller handlingsplanen." + others_text)
    intro = markdown_text(f"{head} har detta ändrats:")
    parts = [intro, change_items(changes)]
    if others_text:
        parts.append(markdown_text(others_text.strip()))
    return Markdown("\n\n".join(parts))


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    """Every change (none counted away) with Swedish headers: the kind of change and the sentence."""
    return pd.DataFrame({"Ändring": [_GROUPS[c] for c in changes["cause"]],
                         "Vad som ändrades": [_sentence(r) for _, r in changes.iterrows()]})


def record_summary(record: fu.Record) -> pd.DataFrame:
    """What one record holds, counted: for a strategist's first look at an issued report."""
    d = record.data
    rated = sum(1 for g in d["goals"] if g["rating"] is not None)
    rows = [("Möte", d["meeting_date"]), ("Fokus", focus_name(d["focus"])),
            ("Utgiven av", d["issued_by"]), ("Utgiven", d["issued_at"]),
            ("Mål och åtaganden", format_number(len(d["goals"]))),
            ("Varav bedömda", format_number(rated)),
            ("Svaga områden", format_number(len(d["weak_areas"]))),
            ("Åtgärder i handlingsplanen", format_number(len(d["action_plan"])))]
    rows += [(f"Statistik: {v['label']}", v["latest_year"]) for v in d["vintages"]["indicators"]]
    for b in d["key_figures"]["budgets"]:
        rows.append((f"Budget {_project(b['project_id'])}", format_sek(b["cost_total_sek"])))
    return pd.DataFrame(rows, columns=["Uppgift", "Värde"])


def change_counts(changes: pd.DataFrame) -> pd.DataFrame:
    """How many changes of each kind (in the order of the section)."""
    counts = changes["cause"].value_counts()
    return pd.DataFrame([(heading, int(counts[c])) for c, heading in _GROUPS.items() if c in counts],
                        columns=["Ändring", "Antal"])
