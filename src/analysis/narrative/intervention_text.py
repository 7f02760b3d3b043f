"""The intervention logic in plain Swedish: each level's content and what a project can and
cannot influence there (from :func:`analysis.analyses.intervention_logic.intervention_logic`)."""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_msek
from .citations import MANAGING_AUTHORITY_NOTE
from .phrases import count_word

LEVEL_LABELS: dict[str, str] = {"resources": "Resurser", "activities": "Aktiviteter",
                                "outputs": "Prestationer", "results": "Resultat",
                                "impact": "Effekter"}
# what the level's items are called in the decision
LEVEL_ITEMS: dict[str, str] = {"activities": "aktiviteter och arbetspaket",
                               "outputs": "numeriska mål", "results": "projektmål och delmål",
                               "impact": "övergripande mål"}
CONTROL_TEXT: dict[str, str] = {
    "direct": "Projektet styr själv: det är projektets egen budget, egna aktiviteter och det "
              "som projektet självt räknar.",
    "shared": "Projektet påverkar men styr inte: resultaten beror på om regionerna, företagen "
              "och de andra aktörerna gör sin del.",
    "contributes": "Projektet kan bara bidra: regionernas tillväxt, forskning och innovation "
                   "beror på mycket annat. Speglingen visar läget, inte projektets bidrag.",
}


def _titles(items: list[str], limit: int = 3) -> str:
    shown = [t.rstrip(" …").rstrip(".") + ("…" if t.endswith("…") else "") for t in items[:limit]]
    rest = len(items) - limit
    return "; ".join(shown) + (f"; och {count_word(rest)} till" if rest > 0 else "")


def level_content(row: pd.Series | dict) -> str:
    """What the decision puts at this level, briefly."""
    if row["level"] == "resources":
        if not row["n"]:
            return "Ingen budget i underlaget."
        cost = [(i, a) for i, a, p in zip(row["items"], row["amounts"], row["parts"]) if p == "cost"]
        fin = [(i, a) for i, a, p in zip(row["items"], row["amounts"], row["parts"]) if p == "financing"]
        total = sum(a for _, a in cost)
        return (f"Budget {format_msek(total)}. Kostnader: "
                + ", ".join(f"{i.lower()} {format_msek(a)}" for i, a in cost)
                + ". Finansiärer: " + ", ".join(f"{i} {format_msek(a)}" for i, a in fin) + ".")
    if not row["n"]:
        return (f"Beslutsunderlaget anger inga {LEVEL_ITEMS[row['level']]}. "
                + MANAGING_AUTHORITY_NOTE)
    return f"{count_word(row['n']).capitalize()} {LEVEL_ITEMS[row['level']]}: {_titles(row['items'])}"


def control_text(control: str) -> str:
    return CONTROL_TEXT[control]


def intervention_summary(df: pd.DataFrame) -> str:
    """One paragraph: the chain, and where each project's influence ends."""
    from ..sources.decisions import project_label

    projects = list(dict.fromkeys(df["project_id"]))
    names = " och ".join(project_label(p) for p in projects) if len(projects) <= 2 else \
        ", ".join(project_label(p) for p in projects[:-1]) + " och " + project_label(projects[-1])
    missing = df[(df["n"] == 0) & (df["level"] != "resources")]
    gaps = " ".join(f"{project_label(r['project_id'])}:s beslutsunderlag anger inga "
                    f"{LEVEL_ITEMS[r['level']]}." for _, r in missing.iterrows())
    return (f"Programteorin läser besluten för {names} som en kedja: resurser (budgeten) går till "
            f"aktiviteter, som ger prestationer (de numeriska målen), som ska leda till resultat "
            f"(projektmål och delmål) och på sikt till effekter (det övergripande målet). "
            f"Projekten styr de tre första leden själva. Resultaten påverkar de tillsammans med "
            f"andra. Till effekterna kan de bara bidra. " + gaps).strip()
