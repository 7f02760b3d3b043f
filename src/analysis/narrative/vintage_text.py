"""Page one's statement of how recent the statistics are, and how to update them."""

from __future__ import annotations

import pandas as pd


def vintage_text(v: pd.DataFrame) -> str:
    """One list sentence of latest years, then what the refresh updates (said in words; the
    command itself stands in Metod and the README)."""
    listed = "; ".join(f"{r['label']}: {r['latest_year']}" for _, r in v.iterrows())
    refreshed = [r["label"] for _, r in v.iterrows() if pd.notna(r["refresh"]) and r["refresh"]]
    names = (", ".join(refreshed[:-1]) + " och " + refreshed[-1] if len(refreshed) > 1
             else "".join(refreshed))
    return (f"Statistiken i rapporten slutar här: {listed}. Det är det senaste året med uppgifter "
            f"för alla län, och för KPI den senaste månaden. Det som SCB har publicerat senare för "
            f"{names} kan hämtas automatiskt med rapportens uppdateringskommando (se Metod). "
            "Övriga källor uppdateras för hand, med en ny fil och en ny rad i datakatalogen.")


def vintage_facts() -> dict[str, str]:
    from ..analyses.vintage import indicator_vintages

    return {"text": vintage_text(indicator_vintages())}
