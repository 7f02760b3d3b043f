"""Sentences about a project that ran past its decided period (ECS3: decided 2018–2020, ended
autumn 2023 according to the regions).

What is known is said as known: the decided period and budget, and the reported end with its
source. What is missing is said as missing: the amended decision, and with it the budget for the
time after the decided end. No figure is computed on an assumed budget for the extension: every
per-month comparison uses the decided period and says so (:func:`period_note`).

The projects and their reported ends come from the registers
(:func:`analysis.analyses.financing.period.reported_ends`); nothing here names a project.
"""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_date, format_number, format_percent, format_sek
from ..sources.decisions import project_label
from .citations import cite_document, genitive


def _pct(value: float) -> str:
    return format_percent(value, 1, signed=True)


def missing_decision(project_id: str, decided_end) -> str:
    """What is missing, in one sentence."""
    return (f"Det ändrade beslutet om {project_label(project_id)}, med det nya slutdatumet och "
            f"budgeten för tiden efter {format_date(decided_end)}, finns inte i underlaget.")


def period_note(project_id: str, decided: pd.Series | dict, end: dict) -> str:
    """After a per-month comparison with ``project_id`` as the earlier project: it uses the
    decided period, the project ran longer, and the extension's budget is not known.
    ``decided``: the project's row of ``budgets.projects()``."""
    name = project_label(project_id)
    return (f"Det gäller {genitive(name)} beslutade period ({format_date(decided['start_date'])} – "
            f"{format_date(decided['end_date'])}). Enligt regionerna avslutades {name} "
            f"{end['words']}. Budgeten för tiden efter {format_date(decided['end_date'])} finns "
            "inte i underlaget.")


def note_for(project_id: str) -> str:
    """:func:`period_note` for a project the register of reported ends has (real loaders), or
    ``''`` for any other project."""
    from ..analyses.financing.period import reported_ends
    from ..tables.budgets import projects

    end = reported_ends().get(project_id)
    if end is None:
        return ""
    return period_note(project_id, projects().set_index("project_id").loc[project_id], end)


def period_paragraph(project_id: str, later: str | None, cmp: pd.DataFrame | None,
                     end: dict) -> str:
    """The Utveckling chapter's account: what is known (decided period and budget, the reported
    end and its source), what is missing (the amended decision and its budget), and what the
    comparison with the next project (``later``; ``cmp`` from ``period_comparison``) therefore
    uses."""
    from ..tables.budgets import projects

    p = projects().set_index("project_id").loc[project_id]
    name = project_label(project_id)
    total = None if cmp is None else cmp.loc[cmp["budget_known"], "total_sek"].iloc[0]
    budget = "" if total is None else f" med en budget på {format_sek(total)}"
    months = cmp.loc[~cmp["budget_known"], "months"] if cmp is not None else None
    span = ("" if months is None else
            f" Från start till {end['words']} är det "
            f"{_range(months.min(), months.max())} månader.")
    text = (
        f"Det vi vet: {name} beslutades för {format_date(p['start_date'])} – "
        f"{format_date(p['end_date'])} ({format_number(p['months'])} månader){budget}. "
        f"Regionernas egen sida säger att {name} ”avslutades {end['words']}” "
        f"({cite_document(end['document'], end['line'])})"
        + (", och en nyhet från Region Sörmland säger detsamma." if end.get("source") else ".")
        + f"{span}\n\n"
        f"Det som saknas: {missing_decision(project_id, p['end_date'])} Vi vet alltså inte "
        f"om förlängningen kom med mer pengar eller hur mycket {name} kostade efter "
        f"{format_date(p['end_date'])}.")
    if later is not None and cmp is not None:
        d = cmp[cmp["budget_known"]].iloc[0]
        text += (
            f"\n\nVad jämförelsen därför bygger på: {name} jämförs med "
            f"{project_label(later)} under den beslutade perioden, det vill säga besluten som de "
            f"fattades. Då är {genitive(project_label(later))} budget per projektmånad "
            f"{_pct(d['change_per_month'])} jämfört med {genitive(name)}, och regionernas "
            f"medfinansiering per tolv projektmånader {_pct(d['change_regional_per_year'])}. "
            "Hur stor skillnaden är med hela den faktiska perioden går inte att säga förrän "
            "förlängningens budget finns.")
    return text


def _range(lo, hi) -> str:
    lo, hi = format_number(lo), format_number(hi)
    return lo if lo == hi else f"{lo}–{hi}"


def summary_note(project_id: str, decided: pd.Series | dict, end: dict) -> str:
    """The summary's one short note on the project's period, pointing to Utveckling."""
    name = project_label(project_id)
    return (f"{name} jämförs med sin beslutade period ({format_number(decided['months'])} "
            f"månader). Enligt regionerna pågick {name} till {end['words']}, men beslutet om "
            "förlängningen och dess budget finns inte i underlaget. Kapitlet Utveckling över "
            "tid säger vad som är känt och vad som saknas.")


def period_facts() -> dict:
    """Formatted facts the chapters quote about projects that ran past their decided period
    (real loaders).

    ``projects``: one dict per such project, in start order, with ``project_id``, ``name``,
    ``reported_end`` (``hösten 2023``), ``missing_decision``, ``paragraph`` and
    ``summary_note``. The keys ``reported_end``, ``missing_decision``, ``paragraph`` and
    ``summary_note`` repeat the first such project's (empty strings when there is none).
    ``by_project``: the same dicts by project id.
    """
    from ..analyses.financing.over_time import consecutive_pairs, project_order, project_totals
    from ..analyses.financing.period import period_comparison, reported_ends
    from ..tables.budgets import projects

    ends = reported_ends()
    table = projects()
    rows = table.set_index("project_id")
    following = dict(consecutive_pairs(project_table=table))
    totals = project_totals()
    out = []
    for pid in project_order(project_table=table):
        if pid not in ends:
            continue
        end = ends[pid]
        later = following.get(pid)
        cmp = period_comparison(totals, table, end, earlier=pid, later=later or pid)
        out.append({"project_id": pid, "name": project_label(pid), "reported_end": end["words"],
                    "missing_decision": missing_decision(pid, rows.loc[pid, "end_date"]),
                    "paragraph": period_paragraph(pid, later, cmp, end),
                    "summary_note": summary_note(pid, rows.loc[pid], end)})
    first = out[0] if out else {}
    return {"projects": out, "by_project": {p["project_id"]: p for p in out},
            **{k: first.get(k, "") for k in ("reported_end", "missing_decision", "paragraph",
                                             "summary_note")}}
