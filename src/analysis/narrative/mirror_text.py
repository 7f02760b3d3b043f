"""Swedish sentences about the mirror's results (the numbers come from
:mod:`analysis.analyses.mirror`, which writes no prose)."""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_number, format_percent, lower_first, upper_first
from ..analyses.mirror import GrowthComparison, indicator_label, label_with_period, region_name
from .phrases import count_word

# How a sentence names the indicator as its subject.
_SUBJECTS = {"population": "Folkmängden", "grp_eur_per_inhabitant": "BRP per invånare (i euro)",
             "grp_msek": "BRP", "grp_per_inhabitant_ksek": "BRP per invånare"}


def _subject(indicator: str) -> str:
    """How a sentence names ``indicator`` as its subject; the kronor measure's base year is the
    data's (:func:`analysis.analyses.mirror.kronor.base_year`)."""
    if indicator == "grp_per_inhabitant_sek_fixed":
        from ..analyses.mirror.kronor import base_year

        return f"BRP per invånare i kronor ({base_year()} års priser)"
    return _SUBJECTS.get(indicator, indicator_label(indicator))


RD_PUBLIC_NOTE = ("Offentliga sektorns FoU (Kolada N85086) är SCB:s breda undersökning av "
                  "offentlig sektor, inte bara statliga myndigheter och regioner.")


def indicator_note(indicator: str) -> str:
    """The note a sentence about ``indicator`` must carry (empty for most)."""
    return " " + RD_PUBLIC_NOTE if indicator == "rd_public_per_inhabitant" else ""


def growth_statement(g: GrowthComparison, sensitivity=None) -> str:
    """Whether the focus region grows faster than its peers, with the 95 % interval and the
    caveat that neighbouring years are not independent (so the interval is, if anything, narrow).

    With ``sensitivity`` (:func:`analysis.analyses.mirror.sensitivity.growth_sensitivity`) the
    verdict is stated only when every variant agrees; otherwise the sentence says what it
    depends on."""
    s = g.slopes.set_index("role")
    name = region_name(g.focus)
    subject = _subject(g.indicator)
    years = f"{g.first_year}–{g.last_year}"
    peers = _peer_words(g)
    # Klarspråk: the finding first, then the figures it rests on, the interval and the caveat.
    what = f"{lower_first(subject)} i {name}"
    numbers = (f"{subject} i {name} förändrades {years} med i genomsnitt "
               f"{_pp(s.at['fokus', 'slope'])} procent av {g.base_year} års nivå per år (linjär "
               f"trend). För {peers['def']} i medel var förändringen "
               f"{_pp(s.at[g.mean_role, 'slope'])} procent.")
    ci = f"95\u00a0% konfidensintervall {_pp(g.ci_low)} till {_pp(g.ci_high)}"
    if sensitivity is not None and not sensitivity.robust:
        lead, detail = _fragile(g, sensitivity, what, ci)
    elif g.verdict == "osäkert":
        lead = (f"Det går inte att säga om {what} växer snabbare eller långsammare än "
                f"{peers['def']}: skillnaden är för osäker.")
        detail = f"Skillnaden är {_pp(g.difference)} procentenheter per år ({ci})."
        if sensitivity is not None:
            detail += (f" Känslighet: skillnaden är lika osäker när {peers['one']} i taget tas "
                       f"bort och med {peers['indef']} valda på andra mått ({_spread(sensitivity)}).")
    else:
        lead = f"{upper_first(what)} växer {g.verdict} än {peers['def']}."
        detail = f"Skillnaden är {_pp(g.difference)} procentenheter per år ({ci})."
        if sensitivity is not None:
            detail += (f" Känslighet: slutsatsen håller när {peers['one']} i taget tas bort och "
                       f"med {peers['indef']} valda på andra mått ({_spread(sensitivity)}).")
    tail = (f" Underlaget är {g.n_years} år. Eftersom åren hänger ihop är osäkerheten sannolikt "
            "större än intervallet visar.")
    return f"{lead} {numbers} {detail}{tail}"




def _peer_words(g: GrowthComparison) -> dict[str, str]:
    """How the text names the peers: counties, or (for ÖMS) NUTS 2 regions."""
    if g.nuts2:
        return {"def": "jämförelseregionerna", "indef": "jämförelseregioner",
                "one": "en jämförelseregion"}
    return {"def": "jämförelselänen", "indef": "jämförelselän", "one": "ett jämförelselän"}


def _spread(sens) -> str:
    """The range of the difference over every variant of the sensitivity check."""
    t = sens.table
    return (f"skillnaden {_pp(t['difference'].min())} till {_pp(t['difference'].max())} "
            f"procentenheter per år i {count_word(len(t))} varianter")


def _pp(value: float) -> str:
    """Index points per year = % of the base year's level (signed, two decimals)."""
    return format_number(value, 2, signed=True)


def _fragile(g: GrowthComparison, sens, what: str, ci: str) -> tuple[str, str]:
    """The finding and its detail when the verdict depends on the peers chosen (känslighet)."""
    t = sens.table
    other = t[t["verdict"] != g.verdict]
    parts = []
    for _, r in other.iterrows():
        variant = (f"utan {region_name(r['left_out'])}" if r["variant"] == "utan ett län"
                   else f"med {_peer_words(g)['indef']} valda på andra mått")
        parts.append(f"{variant} är den {_pp(r['difference'])} (KI {_pp(r['ci_low'])} till "
                     f"{_pp(r['ci_high'])})")
    word = g.verdict if g.verdict != "osäkert" else "snabbare eller långsammare"
    peers = _peer_words(g)
    which = "regioner" if g.nuts2 else "län"
    return (f"Om {what} växer {word} än {peers['def']} beror på vilka {which} som jämförs.",
            f"Med alla {peers['indef']} är skillnaden {_pp(g.difference)} procentenheter per år "
            f"({ci}). Känslighet: " + "; ".join(parts) + ".")


def describe_position(row: pd.Series) -> str:
    """'plats 4 av 21 län (80:e percentilen)' for a county, 'plats 7 av 8 NUTS 2-regioner' for
    ÖMS among the NUTS 2 regions (``scale``); other aggregates by percentile only."""
    if pd.notna(row.get("rank")) and pd.isna(row.get("percentile")):
        return f"plats {int(row['rank'])} av {int(row['n_counties'])} {row.get('scale') or 'län'}"
    pct = format_number(row["percentile"], 0)
    if pd.notna(row.get("rank")):
        return f"plats {int(row['rank'])} av {int(row['n_counties'])} län ({pct}:e percentilen)"
    return f"högre än eller lika med {format_percent(row['percentile'] / 100, 0)} av länen"


def nuts2_peer_text(ranks: pd.DataFrame, code: str = "SE12") -> str:
    """ÖMS's places among Sweden's eight NUTS 2 regions, the like-with-like comparison."""
    r = ranks[ranks["nuts2_code"] == code]
    n = int(r["n_regions"].iloc[0])
    parts = [f"plats {int(x['rank'])} i {lower_first(label_with_period(x['label'], x['period']))}"
             for _, x in r.iterrows()]
    note = indicator_note("rd_public_per_inhabitant") if (
        r["measure"] == "rd_public_per_inhabitant").any() else ""
    return (f"Bland Sveriges {n} NUTS 2-regioner, som {region_name(code)} själv är en av, har "
            f"{region_name(code)} " + ", ".join(parts[:-1]) + " och " + parts[-1] + ". "
            "Regionerna är summor av sina län, räknade på samma sätt som ÖMS." + note)




# --- growth in the project windows (numbers from analysis.analyses.mirror.windows) -------------

def windows_text(rows: pd.DataFrame, volume: pd.DataFrame, release: str) -> str:
    """Sentences on the focus region's GDP in each project window: growth in kronor against
    Riket's, the change of its share of Sweden's GDP and its place among its level; then SCB's
    volume change for the latest year, and the caveats (own conversion, nominal, one vintage).

    ``rows``: :func:`analysis.analyses.mirror.windows.focus_rows`; ``volume``:
    :func:`analysis.analyses.mirror.windows.volume_change` for the focus's counties."""
    if rows.empty:
        return ""
    name = region_name(rows["code"].iloc[0])
    first, last = int(rows["start_year"].min()), int(rows["end_year"].max())
    level = "NUTS 2-regioner" if rows["level"].iloc[0] == "NUTS 2" else "län"
    n = int(rows["n"].iloc[0])
    parts = []
    for _, r in rows.iterrows():
        span = f"{int(r['start_year'])}–{int(r['end_year'])}"
        so_far = ", hittills" if not r["complete"] else ""
        verb = "ökade" if r["growth_sek"] >= 0 else "minskade"
        share = "ökade" if r["share_change_pp"] >= 0 else "minskade"
        parts.append(
            f"{r['window']} ({span}{so_far}): BRP {verb} med {format_percent(abs(r['growth_sek']), 1)}, "
            f"i riket med {format_percent(r['riket_growth_sek'], 1)}. Andelen av Sveriges BRP {share} "
            f"med {format_number(abs(r['share_change_pp']), 2)} procentenheter, plats "
            f"{int(r['rank'])} av {n} {level}.")
    vol = "; ".join(f"{region_name(c)} {format_number(v, 1, signed=True)}\u00a0%"
                    for c, v in zip(volume["county_code"], volume["value"]))
    vol_year = int(volume["year"].iloc[0]) if len(volume) else None
    return (f"BRP per län finns {first}–{last} i en och samma årgång: Eurostats uppgifter i euro "
            f"(årgång {release}). Perioderna följer projekten, med en period före det första. "
            f"Så utvecklades {name}. " + " ".join(parts) + " "
            "Tillväxten är nominell, i kronor. Omräkningen från euro är rapportens egen beräkning "
            "med ECB:s årsgenomsnitt; Eurostat publicerar läns-BRP bara i euro. Andelen av rikets "
            "BRP är densamma i euro och kronor och påverkas inte av omräkningen. "
            + (f"Den reala utvecklingen finns bara för {vol_year}, i SCB:s volymutveckling "
               f"(fasta priser, mot föregående år): {vol}. " if vol else "")
            + "Årgångarna blandas aldrig i en tillväxttakt eller kvot.")


def windows_facts(focus: str) -> dict:
    """The project-window text for ``focus`` and the table's region codes (ÖMS: SE12 and its
    five counties; a county: itself)."""
    from ..analyses.mirror import windows
    from ..analyses.vintage import release_phrase
    from ..core.params import check_focus

    focus = check_focus(focus)  # a Focus comes through unchanged
    growth = windows.window_growth()
    rows = windows.focus_rows(growth, focus)
    volume = windows.volume_change(codes=list(focus.counties))
    codes = list(focus.highlight)
    return {"text": windows_text(rows, volume, release_phrase(rows["vintage"].iloc[0])),
            "growth": growth, "codes": codes}
