"""Page one's statement of how recent the statistics are, and how to update them."""

from __future__ import annotations

import pandas as pd


def vintage_text(v: pd.DataFrame) -> str:
    """One list sentence of latest years with the release each comes from, then what the refresh
    updates (said in words; the command itself stands in Metod and the README), then what was
    searched for and not found."""
    def item(r) -> str:
        release = r.get("release", "") if hasattr(r, "get") else ""
        return f"{r['label']}: {r['latest_year']}" + (f" (årgång {release})" if release else "")

    listed = "; ".join(item(r) for _, r in v.iterrows())
    refreshed = [r["label"] for _, r in v.iterrows() if pd.notna(r["refresh"]) and r["refresh"]]
    names = (", ".join(refreshed[:-1]) + " och " + refreshed[-1] if len(refreshed) > 1
             else "".join(refreshed))
    return (f"Statistiken i rapporten slutar här: {listed}. Det är det senaste året med uppgifter "
            f"för alla län, och för KPI den senaste månaden. Det som SCB har publicerat senare för "
            f"{names} kan hämtas automatiskt med rapportens uppdateringskommando (se Metod). "
            "Övriga källor uppdateras för hand, med en ny fil och en ny rad i datakatalogen.")


def kpi_base_text() -> str:
    """Which KPI base the report uses, and SCB's change of reference year."""
    from ..tables.prices import kpi_base

    base = kpi_base()
    return (f"Fasta priser räknas med KPI med basår {base}. SCB bytte i januari 2026 referensår "
            "för KPI till 2020=100 men publicerar serien med 1980=100 till och med 2030; "
            "en jämförelse mellan serierna måste ange vilken bas som används.")


MISSING_TEXT = ("Två uppgifter har sökts utan att hittas. Regional Innovation Scoreboard 2023 och "
                "2025: indexvärdena för Sveriges åtta NUTS 2-regioner finns i EU-kommissionens "
                "nedladdningsfil för scoreboarden (bladet RIS, indikatorn RII), som behöver hämtas "
                "med internetåtkomst. FoU-utgifter per län efter 2021: det behövs SCB:s "
                "FoU-statistik per län för 2023 (eller Koladas nyckeltal för företagens, offentliga "
                "sektorns och högskolornas FoU per invånare).")


def vintage_facts() -> dict[str, str]:
    from ..analyses.vintage import indicator_vintages

    return {"text": vintage_text(indicator_vintages()), "kpi_base": kpi_base_text(),
            "missing": MISSING_TEXT}
