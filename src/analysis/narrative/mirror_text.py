"""Swedish sentences about the mirror's results (the numbers come from
:mod:`analysis.analyses.mirror`, which writes no prose)."""

from __future__ import annotations

import pandas as pd

from ..analyses.mirror import GrowthComparison, indicator_label, region_name
from ..core.formatting import format_number, format_percent

# How a sentence names the indicator as its subject.
_SUBJECTS = {"population": "Folkmängden", "grp_eur_per_inhabitant": "BRP per invånare (i euro)",
             "grp_per_inhabitant_sek_fixed": "BRP per invånare i kronor (2020 års priser)",
             "grp_msek": "BRP", "grp_per_inhabitant_ksek": "BRP per invånare"}


RD_PUBLIC_NOTE = ("Offentliga sektorns FoU (Kolada N85086) är SCB:s breda undersökning av "
                  "offentlig sektor, inte bara statliga myndigheter och regioner.")


def indicator_note(indicator: str) -> str:
    """The note a sentence about ``indicator`` must carry (empty for most)."""
    return " " + RD_PUBLIC_NOTE if indicator == "rd_public_per_inhabitant" else ""


def growth_statement(g: GrowthComparison) -> str:
    """Whether the focus region grows faster than its peers, with the 95 % interval and the
    caveat that neighbouring years are not independent (so the interval is, if anything, narrow)."""
    s = g.slopes.set_index("role")
    name = region_name(g.focus)
    subject = _SUBJECTS.get(g.indicator, indicator_label(g.indicator))
    years = f"{g.first_year}–{g.last_year}"
    pp = lambda v: format_number(v, 2, signed=True)  # noqa: E731 - index points = % of base level
    head = (f"{subject} i {name} förändrades {years} med i genomsnitt "
            f"{pp(s.at['fokus', 'slope'])} procent av {g.base_year} års nivå per år (linjär trend); "
            f"för jämförelselänen i medel var förändringen "
            f"{pp(s.at['jämförelselän, medel', 'slope'])} procent.")
    if g.verdict == "osäkert":
        body = (f" Skillnaden, {pp(g.difference)} procentenheter per år (95 % konfidensintervall "
                f"{pp(g.ci_low)} till {pp(g.ci_high)}), är för osäker för att säga att {name} växer "
                f"snabbare eller långsammare än jämförelselänen.")
    else:
        body = (f" {name} växer {g.verdict} än jämförelselänen: skillnaden är {pp(g.difference)} "
                f"procentenheter per år (95 % konfidensintervall {pp(g.ci_low)} till {pp(g.ci_high)}).")
    tail = (f" Underlaget är {g.n_years} år; eftersom åren hänger ihop är osäkerheten sannolikt "
            "större än intervallet visar.")
    return head + body + tail


def describe_position(row: pd.Series) -> str:
    """'plats 4 av 21 län (80:e percentilen)' for a county; aggregates by percentile only."""
    pct = format_number(row["percentile"], 0)
    if pd.notna(row.get("rank")):
        return f"plats {int(row['rank'])} av {int(row['n_counties'])} län ({pct}:e percentilen)"
    return f"högre än eller lika med {format_percent(row['percentile'] / 100, 0)} av länen"
