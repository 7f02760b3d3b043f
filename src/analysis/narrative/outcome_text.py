"""Sentences about cost per target unit and leverage (numbers from
:mod:`analysis.analyses.outcomes`; the decision's own words on its target group)."""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_msek, format_number, format_sek
from .citations import cite_document


def _group_caveat(group: dict | None) -> str:
    if group is None:
        return ""
    where = cite_document(group["document"], group["line"])
    return (" Företagen är inte projektets primära målgrupp. Det står i "
            f"{where}: ”{group['text'].rstrip('.')}”.")


def cost_per_unit_text(label: str, row: pd.Series, unit: str, group: dict | None) -> str:
    """Cost per target unit as one view among several, with the target-group caveat."""
    return (f"Ett sätt att se på kostnaden: {label}:s offentliga finansiering på "
            f"{format_sek(row['public_funding_sek'])} motsvarar "
            f"{format_sek(row['public_sek_per_unit'])} per {unit} i målet "
            f"\"{row['description']}\". Det är bara en vy av flera. Hela budgeten delas med ett "
            "enda mål, och samma pengar ska räcka till alla mål samtidigt, så beloppen per mål "
            f"kan inte läggas ihop.{_group_caveat(group)}")


def leverage_text(row: pd.Series) -> str:
    """Leverage the usual way: private kronor in the target per public krona of the budget."""
    return (f"Målet \"{row['description']}\" motsvarar "
            f"{format_number(row['target_sek_per_public_sek'], 2)} privata kronor per offentlig "
            f"krona ({format_msek(row['target_value_units'])} mot projektets offentliga "
            f"finansiering på {format_msek(row['public_funding_sek'])}). Målet gäller privata "
            "investeringar som matchar stöd till innovations- eller FoU-projekt, så kvoten är "
            "en jämförelse med hela budgeten, inte en uppmätt hävstång.")


def outcome_findings(targets: pd.DataFrame, project_ids: list[str] | None = None) -> pd.DataFrame:
    """Findings about the targets (from :func:`analysis.analyses.outcomes.targets_with_outcomes`).

    ``project_ids`` (default: the projects in ``budgets.projects()``) adds a finding
    ``no_targets_<id>`` for each project whose decision states no numeric targets.
    """
    from ..analyses.outcomes import primary_target_group
    from ..sources.decisions import project_label
    from .phrases import Collector, count_word

    c = Collector()
    if project_ids is None:
        from ..tables.budgets import projects

        project_ids = projects()["project_id"].tolist()
    for pid in project_ids:
        if pid not in set(targets["project_id"]):
            from ..core.formatting import upper_first
            from .citations import MANAGING_AUTHORITY_NOTE, cite_project

            c.add(f"no_targets_{pid}", "mål", 4,
                  f"{upper_first(cite_project(pid))} anger inga numeriska mål. "
                  f"{MANAGING_AUTHORITY_NOTE}", 0)
    for pid, t in targets.groupby("project_id", sort=False):
        label = project_label(pid)
        n = len(t)
        reported = t[t["status"] != "ej rapporterat"]
        if reported.empty:
            c.add(f"outcomes_{pid}", "mål", 1,
                  f"Inget av {label}:s {count_word(n)} numeriska mål har ännu ett inrapporterat utfall "
                  "(\"ej rapporterat\"). Förrän utfallen har förts in går det inte att bedöma om "
                  "målen har nåtts.",
                  0)
        else:
            done = int((reported["status"] == "uppnått").sum())
            c.add(f"outcomes_{pid}", "mål", 1,
                  f"{count_word(len(reported)).capitalize()} av {label}:s {count_word(n)} numeriska mål har "
                  "inrapporterat utfall. "
                  f"{count_word(done).capitalize()} av dem är uppnådda.", len(reported))
        per_company = t[t["per_unit_label"] != "offentliga kronor per krona i målet"]
        if len(per_company):
            first = per_company.iloc[0]
            c.add(f"cost_per_unit_{pid}", "mål", 2,
                  cost_per_unit_text(label, first, _singular(first["unit"]),
                                     primary_target_group(pid)), first["public_sek_per_unit"])
        money = t[t["per_unit_label"] == "offentliga kronor per krona i målet"]
        for _, m in money.iterrows():
            c.add(f"money_ratio_{pid}_{m['target_id']}", "mål", 3, leverage_text(m),
                  m["target_sek_per_public_sek"])
    return c.ranked()


def _singular(unit: str) -> str:
    return {"företag": "företag"}.get(str(unit), str(unit))
