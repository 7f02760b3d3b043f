"""Sentences mirroring the challenge areas with employment by industry (numbers from
:mod:`analysis.analyses.mirror.industry`)."""

from __future__ import annotations

import pandas as pd

from ..analyses.mirror.industry import UNCOVERED
from ..core.formatting import format_percent


def industry_text(m: pd.DataFrame) -> str:
    """Shares of Sweden's employment per section beside the population share, and the gaps."""
    year = int(m["year"].iloc[0])
    parts = [f"{format_percent(r['share_of_sweden'], 1)} i {r['industry_name'].lower()} "
             f"(SNI {r['section']}, ≈ {r['area'].lower()})" for _, r in m.iterrows()]
    return (f"ÖMS har {', '.join(parts[:-1])} och {parts[-1]} av Sveriges förvärvsarbetande "
            f"{year}, mot {format_percent(m['population_share'].iloc[0], 1)} av befolkningen. "
            "Näringsgrenarna motsvarar utmaningsområdena bara ungefär, och uppgifterna finns "
            f"bara för NUTS 2-regioner, inte för län. {', '.join(UNCOVERED)} kan inte speglas: "
            "vård och omsorg (SNI Q) finns inte i underlaget. Källa: SCB RAMS.")


def industry_facts() -> dict[str, str]:
    from ..analyses.mirror.industry import industry_mirror

    return {"text": industry_text(industry_mirror())}
