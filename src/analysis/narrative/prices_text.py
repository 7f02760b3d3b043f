"""Sentences about prices: what the KPI deflation of the budgets can and cannot say."""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_percent
from ..sources.decisions import project_label


def staff_cost_caveat(structure: pd.DataFrame) -> str:
    """The budgets are mostly staff costs, but they are deflated with KPI: no wage index is in
    the data. ``structure``: :func:`analysis.analyses.financing.cost_structure`."""
    staff = structure[structure["category"] == "staff"].set_index("project_id")["share"]
    shares = " och ".join(f"{format_percent(v, 0)} i {project_label(p)}" for p, v in staff.items())
    return (f"Budgetarna är till största delen personalkostnader ({shares}). De räknas ändå om "
            "med KPI, eftersom något löneindex inte finns i underlaget. Har lönerna stigit mer "
            "än konsumentpriserna överskattar de fasta priserna ökningen.")


def regional_fixed_text(change: float, base_year: int) -> str:
    """The fixed-price change of the regions' co-financing per twelve project months."""
    return (f"I fasta priser ({base_year} års priser, KPI) är ökningen per tolv projektmånader "
            f"{format_percent(change, 1, signed=True)}.")
