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


def sensitivity_phrase(sens: pd.DataFrame, column: str = "change_per_month") -> str:
    """``'+15,7 % om KPI ligger kvar på samma nivå, +14,5 % om KPI stiger 1 % per år och
    +13,2 % om KPI stiger 2 % per år'`` (``sens``: :func:`analysis.analyses.financing.price_sensitivity`)."""
    parts = [f"{format_percent(r[column], 1, signed=True)} om KPI "
             + ("ligger kvar på samma nivå" if r["rate"] == 0
                else f"stiger {format_percent(r['rate'], 0)} per år")
             for _, r in sens.iterrows()]
    return ", ".join(parts[:-1]) + " och " + parts[-1] if len(parts) > 1 else parts[0]


def assumption_sentence() -> str:
    """The price assumption stated: which month KPI is published to."""
    from ..tables.prices import latest_kpi_month

    ly, lm = latest_kpi_month()
    return (f"KPI är publicerat till och med {ly}-{lm:02d}, så prisnivån för senare månader är "
            "ett antagande.")


def sensitivity_text(sens: pd.DataFrame, column: str = "change_per_month") -> str:
    """The fixed-price change under each yearly KPI change after the latest published month,
    with the assumption stated. Empty when no year needed an assumption."""
    if not sens["assumed"].any():
        return ""
    what = {"change_per_month": "Budgeten per projektmånad",
            "change_regional_per_year": "Regionernas medfinansiering per tolv projektmånader"}
    return (f"{assumption_sentence()} {what[column]} förändras i fasta priser med "
            f"{sensitivity_phrase(sens, column)}.")


def regional_sensitivity_text(sens: pd.DataFrame, base_year: int) -> str:
    """The regions' co-financing per twelve project months in fixed prices, under each yearly
    KPI change, with the assumption stated (one number where no assumption was needed)."""
    if not sens["assumed"].any():
        return regional_fixed_text(sens["change_regional_per_year"].iloc[0], base_year)
    return (f"I fasta priser ({base_year} års priser, KPI) är förändringen per tolv "
            f"projektmånader {sensitivity_phrase(sens, 'change_regional_per_year')}. "
            f"{assumption_sentence()}")
