"""Sentences mirroring the challenge areas with employment by industry (numbers from
:mod:`analysis.analyses.mirror.industry`)."""

from __future__ import annotations

import pandas as pd

from ..analyses.mirror.industry import UNCOVERED
from ..core.formatting import format_percent


def industry_text(m: pd.DataFrame) -> str:
    """ÖMS's share of Sweden's employed in each section beside its population share, what the
    data cover and which challenge areas they do not cover."""
    year = int(m["year"].iloc[0])
    parts = [f"inom {r['industry_name'].lower()} (SNI {r['section']}, ≈ {r['area'].lower()}) "
             f"{format_percent(r['share_of_sweden'], 1)}" for _, r in m.iterrows()]
    return (f"Av dem som arbetade i Sverige {year} fanns i ÖMS {'; '.join(parts[:-1])} och "
            f"{parts[-1]}. ÖMS har {format_percent(m['population_share'].iloc[0], 1)} av "
            "befolkningen. Andelarna gäller varje näringsgren för sig, inte hur stor del av ÖMS "
            "sysselsättning som finns i näringsgrenen: underlaget täcker bara näringsgrenarna A–G "
            "(jordbruk till handel), så det totala antalet förvärvsarbetande saknas. "
            "Näringsgrenarna motsvarar utmaningsområdena bara ungefär, och uppgifterna finns bara "
            f"för NUTS 2-regioner, inte för län. {', '.join(UNCOVERED)} kan inte speglas: vård "
            "och omsorg (SNI Q), där hälso- och sjukvården ingår, och forskning (SNI M) finns inte "
            "i underlaget. Källa: SCB RAMS.")


def industry_facts() -> dict[str, str]:
    from ..analyses.mirror.industry import industry_mirror

    return {"text": industry_text(industry_mirror())}
