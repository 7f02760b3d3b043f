"""The steering group's brief in plain Swedish: key messages, weak areas region by region, the
decisions asked for and the risks, each from a rule of :mod:`analysis.analyses.brief`.

No hypothetical, no ratio, no method word: counts, dates, names and the decisions' own targets.
Every number comes from the state (:func:`analysis.analyses.brief.brief_state`); nothing is typed.
"""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_date, upper_first
from .phrases import count_word, names_list
from .followup_text import since_last_report  # noqa: F401  (the brief's "Sedan förra rapporten")

# rule → the rule in words (stated beside each decision and risk)
RULE_TEXT: dict[str, str] = {
    "not_assessed": "mål utan betyg",
    "weak_without_owner": "svagt område utan ansvarig",
    "missing_outcome": "numeriskt mål utan utfall när perioden har slutat",
    "missing_decision": "{authority}s beslut saknas i underlaget",
    "unassessed_at_end": "obedömda mål, mindre än ett år kvar",
    "overdue_action": "åtgärd efter sitt datum",
    "uncertain_weak_area": "slutsatsen ändras med de regioner som jämförs",
    "old_statistics": "statistik minst {n} år äldre än rapporten",
}


def _label(pid: str) -> str:
    from ..sources.decisions import project_label

    return project_label(pid)


def _genitive(name: str) -> str:
    from .citations import genitive

    return genitive(name)


def _region(code: str) -> str:
    from ..core.regions import county_name

    return county_name(code)


def _short(indicator: str) -> str:
    from ..analyses.mirror import indicator_label
    from ..core.labels import labels

    base = indicator.removesuffix("_growth")
    short = labels("indicator_short")
    return short.get(base, indicator_label(base).lower())


def rule_text(rule: str) -> str:
    from ..analyses.brief import MANAGING_AUTHORITY, OLD_STATISTICS_YEARS

    return RULE_TEXT[rule].format(n=count_word(OLD_STATISTICS_YEARS),
                                  authority=MANAGING_AUTHORITY)


def _rows(state: dict, rule: str) -> pd.DataFrame:
    a = state["actions"]
    return a[a["rule"] == rule]


def assessment_message(state: dict) -> str:
    top = state["status"][state["status"]["kind"].isin(_top_kinds())]
    n, rated = len(top), int(top["rating"].notna().sum())
    per = names_list(f"{_label(p)} {count_word(int(g['rating'].isna().sum()))} av {count_word(len(g))}"
                     for p, g in top.groupby("project_id", sort=False))
    if rated == 0:
        return (f"Inget av projektens {count_word(n)} mål och åtaganden på översta nivån är ännu "
                f"bedömt. Därför går det inte att säga hur väl projekten når sina mål.")
    from ..tables.assessment import WEAK_MAX

    low = int((top["rating"] <= WEAK_MAX).sum())
    return (f"{upper_first(count_word(rated))} av projektens {count_word(n)} mål och åtaganden på "
            f"översta nivån är bedömda ({per} ej bedömda); {count_word(low)} har betyg "
            f"{WEAK_MAX} eller lägre.")


def _top_kinds():
    from ..analyses.brief import TOP_KINDS

    return TOP_KINDS


def weak_message(state: dict) -> str | None:
    m = state["mirror_weak"]
    if m.empty:
        return None
    weak = state["weak"][state["weak"]["origin"] == "spegling"]
    regions = list(dict.fromkeys(weak["region"]))
    owners = int((weak["responsible"].str.strip() != "").sum())
    owner_text = ("Inget av dem har ännu en ansvarig." if owners == 0 else
                  f"{upper_first(count_word(owners))} av dem har en ansvarig.")
    return (f"Speglingen mot andra regioner pekar ut {count_word(len(weak))} svaga områden i "
            f"{count_word(len(regions))} regioner. {owner_text}")


def outcome_message(state: dict) -> str | None:
    rows = _rows(state, "missing_outcome")
    if rows.empty:
        return None
    t = state["targets"]
    parts = []
    for _, r in rows.iterrows():
        example = t[(t["project_id"] == r["project_id"]) & t["target_id"].isin(r["ids"])].iloc[0]
        parts.append(f"{_genitive(_label(r['project_id']))} beslutade period slutade "
                     f"{format_date(r['date'])}, men utfallet för "
                     f"{'dess' if r['count'] > 1 else 'dess enda'} "
                     f"{count_word(r['count'])} numeriska mål (till exempel ”{example['description']}”) "
                     f"är inte rapporterat.")
    return " ".join(parts)


def key_messages(state: dict, limit: int = 5) -> list[str]:
    """3–5 messages, in the order of :data:`analysis.analyses.brief.RULES`: what the group can
    act on first."""
    out = [assessment_message(state), weak_message(state), outcome_message(state)]
    return [m for m in out if m][:limit]


def weak_area_lines(state: dict) -> list[str]:
    """One line per region with a weak area (the one rule of the self-evaluation), or one line
    saying the rule finds none."""
    m = state["mirror_weak"]
    if m.empty:
        return ["Regeln för svaga områden hittar inga i någon av regionerna."]
    lines = []
    uncertain = set(_uncertain_ids(state))
    for code, g in m.groupby("region", sort=False):
        scale = "län" if g["scale"].iloc[0] == "län" else "NUTS 2-regioner"
        among = "de 21 länen" if scale == "län" else "NUTS 2-regionerna"
        ranked = g[g["rank"].notna()]
        parts = []
        if len(ranked):
            n = int(ranked["n_counties"].iloc[0])
            among = f"de {n} länen" if scale == "län" else f"de {n} NUTS 2-regionerna"
            last = ranked[ranked["rank"].astype(int) == n]
            rest = ranked[ranked["rank"].astype(int) != n]
            if len(last):
                parts.append(f"sist av {among} i " + names_list(f"{_short(r['indicator'])} ({r['period']})"
                                                                for _, r in last.iterrows()))
            if len(rest):
                lead = "nedre tredjedelen i " if not len(last) else "nedre tredjedelen även i "
                parts.append(lead + names_list(f"{_short(r['indicator'])} (plats {int(r['rank'])} av {n}, "
                                               f"{r['period']})" for _, r in rest.iterrows()))
        slower = g[g["rank"].isna()]
        if len(slower):
            peers = "jämförelselänen" if scale == "län" else "jämförelseregionerna"
            doubt = (" (osäkert: beror på vilka regioner som jämförs)"
                     if any(w in uncertain for w in slower["weak_id"]) else "")
            parts.append(names_list(f"{_short(r['indicator'])} ({r['period']})" for _, r in slower.iterrows())
                         + f" långsammare än {peers}{doubt}")
        text = "; ".join(parts)
        lines.append(f"**{_region(code)}**: {text}.")
    return lines


WEAK_SECTION = ("Självvärdering", "Handlingsplan för svaga områden")  # the chapter and its heading
WEAK_SOURCE = (f"Källa, tabell och årgång för varje mått: kapitlet {WEAK_SECTION[0]}, avsnittet "
               f"{WEAK_SECTION[1]}.")


def weak_source_line(state: dict) -> str | None:
    """Where the weak areas' numbers come from (None when the rule finds none)."""
    return None if state["mirror_weak"].empty else WEAK_SOURCE


def _uncertain_ids(state: dict) -> list[str]:
    rows = _rows(state, "uncertain_weak_area")
    return [i for ids in rows["ids"] for i in ids]


def _per_project(rows) -> str:
    """'ECS3:s 21 och REAL ÖMS:s 14': a rule's count per project."""
    return names_list(f"{_genitive(_label(r['project_id']))} {count_word(r['count'])}"
                      for _, r in rows.iterrows())


def decision_lines(state: dict) -> list[tuple[str, str, str]]:
    """(decision, why: the state of the data, rule) for each decision rule that fires."""
    out = []
    rows = _rows(state, "not_assessed")
    if len(rows):
        who = _per_project(rows)
        out.append(("Utse vem som bedömer projektens mål och åtaganden, och till vilket datum.",
                    f"Ej bedömda: {who}.", rule_text("not_assessed")))
    rows = _rows(state, "weak_without_owner")
    if len(rows):
        n, of = int(rows["count"].sum()), int(rows["of"].sum())
        out.append(("Utse en ansvarig för varje svagt område och avgör vilka som ska in i "
                    "handlingsplanen.", f"Utan ansvarig: {count_word(n)} av {count_word(of)}.",
                    rule_text("weak_without_owner")))
    rows = _rows(state, "missing_outcome")
    if len(rows):
        who = _per_project(rows)
        out.append(("Bestäm vem som tar fram utfallet för de numeriska målen.",
                    f"Utan rapporterat utfall: {who}.", rule_text("missing_outcome")))
    rows = _rows(state, "missing_decision")
    if len(rows):
        from ..analyses.brief import MANAGING_AUTHORITY

        out.append((f"Be {MANAGING_AUTHORITY} om besluten för "
                    f"{names_list(_label(p) for p in rows['project_id'])} och lägg dem i underlaget.",
                    "", rule_text("missing_decision")))
    return out


def risk_lines(state: dict) -> list[tuple[str, str]]:
    """(risk, rule) for each risk rule that fires."""
    out = []
    for _, r in _rows(state, "unassessed_at_end").iterrows():
        name = _label(r["project_id"])
        if r["date"] < state["as_of"]:
            continue  # an ended project: its decisions (who assesses, the outcomes) stand above
        out.append((f"{name} slutar {format_date(r['date'])}: utan bedömning dessförinnan "
                        f"kan projektet inte styras om.", rule_text("unassessed_at_end")))
    for _, r in _rows(state, "overdue_action").iterrows():
        out.append((f"{upper_first(count_word(r['count']))} åtgärder i handlingsplanen har passerat "
                    f"sitt datum.", rule_text("overdue_action")))
    for _, r in _rows(state, "old_statistics").iterrows():
        out.append((f"{upper_first(count_word(r['count']))} mått i speglingen slutar "
                    f"{int(r['year'])} eller tidigare.",
                    rule_text("old_statistics")))
    return out


def dateline(state: dict) -> str:
    """'Läget den 2026-12-06 för ECS3 och REAL ÖMS.'"""
    projects = names_list(_label(p) for p in dict.fromkeys(state["status"]["project_id"]))
    return f"Läget den {format_date(state['as_of'])} för {projects}."


def brief_markdown(state: dict, focus: str = "SE12") -> dict[str, str]:
    """The brief's parts as Markdown (escaped text): ``messages``, ``weak``, ``decisions``,
    ``risks``, ``intro``."""
    from ..core.escape import Markdown, markdown_text

    def numbered(items):
        return "\n".join(f"{i}. {t}" for i, t in enumerate(items, start=1))

    parts = {
        "intro": markdown_text(dateline(state)),
        "messages": numbered(markdown_text(m) for m in key_messages(state)),
        "weak": "\n".join(f"- {_bold_escaped(line)}" for line in weak_area_lines(state)),
        "weak_source": markdown_text(weak_source_line(state) or ""),
        "decisions": numbered(f"**{markdown_text(d)}** " + (f"{markdown_text(w)} " if w else "")
                              + f"*(Regel: {markdown_text(r)}.)*" for d, w, r in decision_lines(state)),
        "risks": "\n".join(f"- **Risk:** {markdown_text(t)} *(Regel: {markdown_text(r)}.)*"
                           for t, r in risk_lines(state)),
    }
    return {k: Markdown(v) for k, v in parts.items()}


def _bold_escaped(line: str) -> str:
    """A line '**Name**: text' with both parts escaped, the name kept bold."""
    from ..core.escape import markdown_text

    if line.startswith("**") and "**: " in line:
        name, rest = line[2:].split("**: ", 1)
        return f"**{markdown_text(name)}**: {markdown_text(rest)}"
    return markdown_text(line)
