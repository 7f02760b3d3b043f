"""Sentences about cost per target unit and leverage (numbers from
:mod:`analysis.analyses.outcomes`; the decision's own words on its target group)."""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_msek, format_number, format_sek


def _group_caveat(group: dict | None) -> str:
    if group is None:
        return ""
    return (" Företagen är inte projektets primära målgrupp. Beslutet säger: ”"
            f"{group['text']}” ({group['document']}, rad {group['line']}).")


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
