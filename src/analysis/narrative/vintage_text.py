"""Page one's statement of how recent the statistics are, and how to update them."""

from __future__ import annotations

import pandas as pd


def vintage_text(v: pd.DataFrame) -> str:
    """One list sentence of latest years, then what ``python -m analysis refresh`` updates."""
    listed = "; ".join(f"{r['label']}: {r['latest_year']}" for _, r in v.iterrows())
    refreshed = [r["label"] for _, r in v.iterrows() if pd.notna(r["refresh"]) and r["refresh"]]
    names = (", ".join(refreshed[:-1]) + " och " + refreshed[-1] if len(refreshed) > 1
             else "".join(refreshed))
    return (f"Statistiken i rapporten slutar här (senaste år med uppgifter för alla län; för KPI "
            f"senaste månad): {listed}. Kommandot `python -m analysis refresh` hämtar det SCB "
            f"publicerat senare för {names}. Övriga källor uppdateras för hand, med en ny fil och "
            "en ny rad i datakatalogen.")


def vintage_facts() -> dict[str, str]:
    from ..analyses.vintage import indicator_vintages

    return {"text": vintage_text(indicator_vintages())}
