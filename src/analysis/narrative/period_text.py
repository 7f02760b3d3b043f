"""Sentences about ECS3's two periods: the decided one and the end the regions report.

The numbers come from :func:`analysis.analyses.financing.period.period_comparison`; these
functions only word them. Every per-month comparison of ECS3 with REAL ÖMS carries
:func:`period_note`, so the decided-period figure never stands alone.
"""

from __future__ import annotations

import pandas as pd

from ..core.escape import markdown_prose, strong
from ..core.formatting import format_date, format_number, format_percent, format_sek
from .citations import cite_document

_MEASURES = {"change_per_month": "per projektmånad",
             "change_regional_per_year": "per tolv projektmånader"}
MISSING_DECISION = ("Beslutet om att förlänga ECS3, med ny budget, finns inte i underlaget.")


def _pct(value: float) -> str:
    return format_percent(value, 1, signed=True)


def _range(cmp: pd.DataFrame, column: str, fmt) -> str:
    r = cmp[~cmp["budget_known"]]
    lo, hi = sorted((r[column].min(), r[column].max()))
    return fmt(lo) if fmt(lo) == fmt(hi) else f"{fmt(lo)} till {fmt(hi)}"


def _decided(cmp: pd.DataFrame) -> pd.Series:
    return cmp[cmp["budget_known"]].iloc[0]


def period_note(cmp: pd.DataFrame, end: dict, column: str = "change_per_month") -> str:
    """One or two sentences after a per-month finding: which period it uses, the reported end,
    the missing decision, and the change if the decided budget had covered the longer period."""
    d = _decided(cmp)
    return (f"Det gäller ECS3:s beslutade period ({format_date(d['start_date'])} – "
            f"{format_date(d['end_date'])}). Enligt regionerna avslutades ECS3 {end['season']} "
            f"{end['year']}. {MISSING_DECISION} Om budgeten var oförändrad över "
            f"{_range(cmp, 'months', format_number)} månader blir förändringen "
            f"{_MEASURES[column]} {_range(cmp, column, _pct)}.")


def rescaled_note(change: float, cmp: pd.DataFrame, end: dict) -> str:
    """After a region's change per twelve project months: the same under the reported end."""
    from ..analyses.financing.period import rescaled_change

    lo, hi = rescaled_change(change, cmp)
    return (f"Det gäller ECS3:s beslutade period. Med slutet {end['season']} {end['year']} och "
            f"oförändrad budget blir det {_pct(lo)} till {_pct(hi)}.")


def fixed_price_period_note(end: dict) -> str:
    """After a fixed-price comparison: it uses the decided period only, and why."""
    return (f"Det gäller ECS3:s beslutade period. För förlängningen till {end['season']} "
            f"{end['year']} finns ingen budget per år i underlaget.")


def period_paragraph(cmp: pd.DataFrame, end: dict) -> str:
    """The Utveckling chapter's account of the two periods and what each comparison means."""
    d = _decided(cmp)
    # The two lead-ins are bold (markup the code writes); the rest is text, escaped.
    return markdown_prose(
        f"ECS3 beslutades för {format_date(d['start_date'])} – {format_date(d['end_date'])} "
        f"({format_number(d['months'])} månader). Regionernas egen sida säger att ECS3 "
        f"”avslutades {end['season']} {end['year']}” ({cite_document(end['document'], end['line'])}), och "
        f"det bekräftas av en nyhet från Region Sörmland. {MISSING_DECISION} Vi vet alltså inte "
        "vad ECS3 kostade under de extra åren.\n\n- ",
        strong("Med den beslutade perioden"),
        f" är REAL ÖMS budget per projektmånad "
        f"{_pct(d['change_per_month'])} jämfört med ECS3, och regionernas medfinansiering per "
        f"tolv projektmånader {_pct(d['change_regional_per_year'])}. Det jämför de två besluten "
        "som de fattades.\n- ",
        strong("Med det rapporterade slutet"),
        f" ({end['season']} {end['year']}: september–november, "
        f"{_range(cmp, 'months', format_number)} månader) och samma budget som beslutades blir "
        f"ECS3:s budget {_range(cmp, 'total_per_month_sek', format_sek)} per projektmånad. Då är "
        f"REAL ÖMS {_range(cmp, 'change_per_month', _pct)} per projektmånad och regionernas "
        f"medfinansiering per tolv månader {_range(cmp, 'change_regional_per_year', _pct)}. Det "
        "gäller bara om förlängningen inte gav mer pengar. Fick ECS3 mer pengar blir skillnaden "
        "mindre.\n"
        "- Jämförelsen i fasta priser görs bara för den beslutade perioden: hur pengarna under "
        "förlängningen fördelades på år finns inte i underlaget.\n\n"
        "Jämförelsen av totalbeloppen gäller de beslutade budgetarna under båda perioderna."
    )


def summary_note(cmp: pd.DataFrame, end: dict) -> str:
    """The summary's one short note on ECS3's period, pointing to Utveckling."""
    d = _decided(cmp)
    return (f"ECS3 jämförs med sin beslutade period ({format_number(d['months'])} månader). "
            f"Enligt regionerna pågick ECS3 till {end['season']} {end['year']}, men beslutet om "
            f"förlängningen finns inte i underlaget. Med den längre perioden och samma budget blir "
            f"ökningen per projektmånad {_range(cmp, 'change_per_month', _pct)}. Båda perioderna "
            "visas sida vid sida i kapitlet Utveckling över tid.")


def period_facts() -> dict[str, str]:
    """Formatted facts the chapters quote about ECS3's period (real loaders): ``reported_end``
    (``hösten 2023``), ``missing_decision``, ``paragraph`` (:func:`period_paragraph`) and
    ``summary_note`` (:func:`summary_note`)."""
    from ..analyses.financing.period import period_comparison, reported_end

    end = reported_end()
    cmp = period_comparison()
    return {"reported_end": f"{end['season']} {end['year']}",
            "missing_decision": MISSING_DECISION,
            "paragraph": period_paragraph(cmp, end),
            "summary_note": summary_note(cmp, end)}
