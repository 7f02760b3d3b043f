"""Sentences about the evaluator's ratings: what they rest on, their dates and their history.

The numbers come from :mod:`analysis.analyses.selfevaluation` (``status_table``,
``rating_history``); this module only writes the Swedish about them.
"""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_date
from .phrases import count_word


def _neuter(n: int) -> str:
    """``1 -> 'ett'`` (mål, betyg are neuter), else :func:`count_word`."""
    return "ett" if int(n) == 1 else count_word(n)


def _label(pid: str) -> str:
    from ..sources.decisions import project_label

    return project_label(pid)


def _period(pid: str) -> str | None:
    from ..tables.budgets import projects

    p = projects().set_index("project_id")
    if pid not in p.index:
        return None
    return f"{pd.Timestamp(p.at[pid, 'start_date']).year}–{pd.Timestamp(p.at[pid, 'end_date']).year}"


def evidence_sentence(status: pd.DataFrame) -> str:
    """How many goals have a rating, and that each rests on the evidence shown."""
    rated = status[status["rating"].notna()]
    if rated.empty:
        return ("Inget mål har något betyg ännu, så det finns inget underlag att visa. Ett mål utan "
                "betyg står som ”ej bedömt”.")
    n = len(rated)
    return (f"{_neuter(n).capitalize()} mål har ett betyg. Tabellen "
            "visar vad varje betyg bygger på: underlaget och dess källa, vilken dag bedömningen "
            "avser, vem som har bedömt och utvärderarens förbehåll.")


def after_period_sentence(status: pd.DataFrame) -> str:
    """Which projects have ratings dated after their decided period ('' when none has)."""
    if "after_period" not in status:
        return ""
    s = status[status["rating"].notna() & status["after_period"].fillna(False).astype(bool)]
    parts = []
    for pid, g in s.groupby("project_id", sort=False):
        n = len(g)
        period = _period(pid)
        parts.append(f"{_neuter(n).capitalize()} av betygen för {_label(pid)} avser tid efter "
                     f"den beslutade perioden{f' {period}' if period else ''} (det senaste den "
                     f"{format_date(g['date'].max())}).")
    if not parts:
        return ""
    return " ".join(parts) + (" En bedömning får gälla tiden efter perioden, till exempel när ett "
                              "projekt följs upp efter att det har avslutats; i tabellen står det "
                              "vid datumet.")


def history_sentence(history: pd.DataFrame) -> str:
    """How the ratings have moved: goals assessed more than once, raised, lowered."""
    if history.empty:
        return "Inga mål är bedömda ännu, så betygen har ingen historik."
    counts = history.groupby(["project_id", "item_id"]).size()
    again = int((counts > 1).sum())
    if again == 0:
        return ("Varje bedömt mål har hittills ett betyg. En ny bedömning förs in som en ny rad för "
                "samma mål med ett nytt datum; det senaste betyget gäller och de tidigare visas här.")
    latest = history[history["current"] & (counts.reindex(
        list(zip(history["project_id"], history["item_id"]))).to_numpy() > 1)]
    moves = [(int((latest["change"] == change).sum()), words) for change, words in
             (("höjt", "höjdes betyget"), ("sänkt", "sänktes betyget"),
              ("oförändrat", "var betyget oförändrat"))]
    said = [f"{words} för {_neuter(n)} mål" for n, words in moves if n]
    joined = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " och " + said[-1]
    return (f"{_neuter(again).capitalize()} mål har bedömts mer än en gång. Vid den senaste "
            f"bedömningen {joined}. Det senaste betyget är det som gäller.")
