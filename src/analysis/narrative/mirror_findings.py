"""Mirror findings: ranked, plainly worded Swedish sentences from the spegling results.

Same layout as :mod:`analysis.narrative.findings` (``rank, key, topic, text, value, county_code``), so
``findings.finding(df, key)`` and ``findings.top(df)`` work on it. Every number in a sentence is
formatted by :mod:`analysis.core.formatting` from a result of :mod:`analysis.analyses.mirror` or
:mod:`analysis.tables.challenges`; none is typed here.
"""

from __future__ import annotations

import pandas as pd

from ..core.formatting import format_number, lower_first
from ..analyses import mirror
from ..analyses.mirror.kronor import DEFLATOR_NOTE, INDICATOR as GRP_GROWTH
from ..analyses.mirror.sensitivity import growth_sensitivity
from ..core import regions
from ..core.errors import ParameterError
from ..core.focus import Focus
from ..core.params import check_focus
from ..core.regions import OMS_CODE
from ..core.cache import build_cached
from ..tables import challenges
from .phrases import count_word, names_list
from .mirror_text import describe_position, growth_statement, indicator_note, nuts2_peer_text

_LEVELS = ("grp_per_inhabitant_ksek", "rd_business_per_inhabitant", "rd_public_per_inhabitant",
           "rd_higher_education_per_inhabitant", "innovation_index_reglab")


_WORDS = {0: "inget", 1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem"}



def _plain_basis(sim) -> str:
    """What the likeness rests on, in plain words (the technical basis stands under the figure
    and the terms in Metod's glossary)."""
    measures = names_list(f"{lower_first(mirror.indicator_label(i))} {sim.years[i]}" for i in sim.indicators)
    weights = {sim.weights[i] for i in sim.indicators}
    weighting = ("Alla mått väger lika." if len(weights) == 1 else "Måtten väger olika: " + "; ".join(
        f"{mirror.indicator_label(i)} {format_number(sim.weights[i], 1)}" for i in sim.indicators) + ".")
    return (f"Likheten mäts med {count_word(len(sim.indicators))} mått: {measures}. {weighting} "
            "Varje mått räknas om till samma skala, så att mått med olika enheter kan läggas ihop "
            "(se z-poäng och viktat avstånd i ordlistan i kapitlet Metod). "
            + mirror.similarity.STRUCTURE_REASON)

def _count(n: int) -> str:
    return _WORDS.get(int(n), format_number(n))




def _site(source: str) -> str:
    """'centralsweden.se' for a URL (the full address is in the NUTS 2 table)."""
    from urllib.parse import urlparse

    host = urlparse(source).netloc
    return host.removeprefix("www.") if host else source


@build_cached
def mirror_findings(focus: str = OMS_CODE, data: pd.DataFrame | None = None,
                    indicators: list[str] | None = None, weights: dict[str, float] | None = None,
                    n_peers: int | None = None) -> pd.DataFrame:
    """Findings for ``focus`` (a county code or ``"SE12"``), most important first.

    Like with like: a county is mirrored against the 21 counties, ÖMS against Sweden's other
    NUTS 2 regions (peers, growth, positions), and ÖMS's five counties each against the counties.
    """
    df = mirror.data_or_default(data)
    focus = check_focus(focus)
    name = mirror.region_name(focus)
    rows: list[dict] = []

    def add(key, topic, priority, text, value=None):
        rows.append({"key": key, "topic": topic, "priority": priority, "text": text,
                     "value": value, "county_code": focus})

    sim = mirror.similar_regions(focus, indicators, weights, n=n_peers, data=df)
    peer_names = [regions.short_name(c) for c in sim.peers]
    kind = "NUTS 2-regioner" if sim.nuts2 else "län"

    # Growth: what the decisions ask to mirror ("hur andra regioner ... utvecklar tillväxten").
    for priority, indicator in ((1, "population"), (2, GRP_GROWTH)):
        try:
            g = mirror.growth_comparison(indicator, focus, sim.peers, data=df)
        except ParameterError:
            continue
        extra = " " + DEFLATOR_NOTE if indicator == GRP_GROWTH else ""
        sens = growth_sensitivity(indicator, focus, sim.peers, data=df)
        add(f"growth_{indicator}", "tillväxt", priority, growth_statement(g, sens) + extra,
            g.difference)

    add("similar_regions", "jämförelse", 3,
        f"De {kind} som liknar {name} mest är {names_list(peer_names)}. " + _plain_basis(sim)
        + (" " + " ".join(sim.notes) if sim.notes else "")
        + "".join(indicator_note(i) for i in sim.indicators), len(sim.peers))

    if focus.is_nuts2:  # like with like: ÖMS is a NUTS 2 region
        from ..analyses.mirror.nuts2_peers import nuts2_ranks

        add("nuts2_peers", "jämförelse", 3, nuts2_peer_text(nuts2_ranks(df)))
        add("member_counties", "jämförelse", 3, _member_counties_text(df, sim.indicators))
        _nuts2_position_findings(add, nuts2_ranks(df), name)
    else:
        _position_findings(add, df, focus, name)
    _kalmar_finding(add, df, focus, name)
    _context_findings(add)

    out = pd.DataFrame(rows).sort_values(["priority", "key"], kind="stable")
    out.insert(0, "rank", range(1, len(out) + 1))
    return out.drop(columns="priority").reset_index(drop=True)


def _position_findings(add, df: pd.DataFrame, focus: str, name: str) -> None:
    """The focus region's strongest and weakest position among the per-inhabitant measures."""
    positions = []
    for indicator in _LEVELS:
        try:
            cs = mirror.cross_section(indicator, data=df).set_index("county_code")
        except ParameterError:
            continue
        if focus in cs.index and pd.notna(cs.at[focus, "percentile"]):
            positions.append((indicator, cs.loc[focus]))
    if positions:
        best = max(positions, key=lambda p: (p[1]["percentile"], p[0]))
        worst = min(positions, key=lambda p: (p[1]["percentile"], p[0]))
        genitive = name if name[-1:].lower() in "sxz" else name + "s"
        for key, priority, (indicator, row), word in (("strongest", 4, best, "bästa"),
                                                       ("weakest", 5, worst, "svagaste")):
            add(key, "läge", priority,
                f"{genitive} {word} placering bland måtten gäller "
                f"{lower_first(mirror.label_with_period(mirror.indicator_label(indicator), row['period']))}: "
                f"{describe_position(row)}.{indicator_note(indicator)}", row["percentile"])


def _member_counties_text(df: pd.DataFrame, indicators: list[str]) -> str:
    """Each ÖMS county's nearest counties among the 21, on the same variables as ÖMS's."""
    parts = []
    for code in regions.oms_county_codes():
        s = mirror.similar_regions(code, list(indicators), data=df)
        parts.append(f"{regions.short_name(code)} liknar mest "
                     f"{names_list(regions.short_name(c) for c in s.peers)}")
    return ("Vart och ett av de fem ÖMS-länen jämförs med Sveriges 21 län, på samma mått: "
            + "; ".join(parts) + ".")


def _nuts2_position_findings(add, ranks: pd.DataFrame, name: str, code: str = OMS_CODE) -> None:
    """ÖMS's best and worst place among the NUTS 2 regions (levels, not growth)."""
    r = ranks[(ranks["nuts2_code"] == code) & ~ranks["measure"].str.endswith("_growth")]
    if r.empty:
        return
    genitive = name if name[-1:].lower() in "sxz" else name + "s"
    best = r.sort_values(["rank", "measure"]).iloc[0]
    worst = r.sort_values(["rank", "measure"], ascending=[False, True]).iloc[0]
    for key, priority, row, word in (("strongest", 4, best, "bästa"), ("weakest", 5, worst, "svagaste")):
        add(key, "läge", priority,
            f"{genitive} {word} placering bland Sveriges {count_word(int(row['n_regions']))} "
            f"NUTS 2-regioner gäller "
            f"{lower_first(mirror.label_with_period(row['label'], row['period']))}: plats "
            f"{int(row['rank'])} av {int(row['n_regions'])}.{indicator_note(row['measure'])}",
            int(row["rank"]))


def _kalmar_members(add, df: pd.DataFrame) -> None:
    """Kalmar län is a county: it is set against each of the five ÖMS counties, not ÖMS."""
    parts, compared = [], 0
    members = regions.oms_county_codes()
    notes = []
    for indicator in _LEVELS:
        try:
            cs = mirror.cross_section(indicator, data=df).set_index("county_code")
        except ParameterError:
            continue
        if mirror.KALMAR_CODE not in cs.index or not set(members) <= set(cs.index):
            continue
        compared += 1
        above = int((cs.loc[members, "value"] > cs.at[mirror.KALMAR_CODE, "value"]).sum())
        parts.append(f"{_count(above)} i {lower_first(mirror.indicator_label(indicator))}")
        notes.append(indicator_note(indicator))
    if compared:
        add("kalmar", "jämförelse", 6,
            "Kalmar län är ett län och jämförs därför med de fem ÖMS-länen, inte med ÖMS som "
            "helhet. Så många av de fem ligger över Kalmar län: " + ", ".join(parts) + "."
            + "".join(dict.fromkeys(notes)), compared)


def _kalmar_finding(add, df: pd.DataFrame, focus: Focus, name: str) -> None:
    """The focus region against Kalmar län, the strategy the ÖMS regions compare with."""
    if focus.is_nuts2:
        _kalmar_members(add, df)
    elif focus != mirror.KALMAR_CODE:
        above, notes, compared = [], [], 0
        for indicator in _LEVELS:
            try:
                cs = mirror.cross_section(indicator, data=df).set_index("county_code")
            except ParameterError:
                continue
            if focus in cs.index and mirror.KALMAR_CODE in cs.index and pd.notna(cs.at[focus, "value"]):
                compared += 1
                if cs.at[focus, "value"] > cs.at[mirror.KALMAR_CODE, "value"]:
                    above.append(lower_first(mirror.indicator_label(indicator)))
                    notes.append(indicator_note(indicator))
        if compared:
            note = "".join(notes)
            add("kalmar", "jämförelse", 6,
                f"{name} ligger över Kalmar län i {_count(len(above))} av "
                f"{_count(compared)} jämförbara mått"
                + (f" ({names_list(above)})" if above else "") + "." + note, len(above))


def _context_findings(add) -> None:
    """What does not depend on the focus: the RIS as quoted, the challenge areas beside Kalmar's."""
    # The Regional Innovation Scoreboard as quoted (ÖMS as a whole only).
    ris = mirror.nuts2_view()
    oms = ris[(ris["nuts2_code"] == OMS_CODE) & (ris["value"] != "uppgift saknas")]
    for _, r in oms.iterrows():
        add("ris", "innovation", 7,
            f"Östra Mellansverige hade {r['statement']} i Regional Innovation Scoreboard "
            f"({r['edition']}) enligt en pressida ({_site(r['source'])}). Senare placeringar för ÖMS "
            "har inte hittats, och uppgiften kommer inte från scoreboarden själv.", r["value"])

    # Kalmar's strategy compared on what it says (not on area names).
    from ..analyses.kalmar import strategy_comparison
    from .kalmar_text import _WORDS as _WORDS_EN  # "en punkt": the words for en-nouns

    c = strategy_comparison()
    absent = c[~c["oms_says"]]
    add("challenge_overlap", "utmaningsområden", 8,
        f"Region Kalmar läns strategi styrs i tre steg, prioriteringar, utvecklingsplan och "
        f"handlingsplan, och planerna revideras varje år. ÖMS motsvarighet är färdplanerna per "
        f"utmaningsområde. {_WORDS_EN.get(len(absent), str(len(absent))).capitalize()} av "
        f"{_WORDS_EN.get(len(c), str(len(c)))} punkter om styrning och uppföljning saknar "
        f"motsvarighet i ÖMS-texterna"
        + (": " + ", ".join(a.lower() for a in absent["aspect"]) if len(absent) else "") + ".",
        int(len(absent)))


@build_cached
def chapter_facts(focus: str = OMS_CODE, data: pd.DataFrame | None = None) -> dict[str, str]:
    """Formatted strings for the report chapters' inline expressions (no number typed there).

    Keys: ``name``, ``peers`` ("Skåne, Blekinge …"), ``n_peers`` (a word), ``basis``,
    ``growth_population``, ``growth_grp`` (the statements), ``verdict_population``,
    ``verdict_grp``, ``ris`` ("plats 23 av 240 regioner"), ``ris_edition``, ``ris_source``,
    ``n_areas``, ``n_kalmar``, ``n_overlaps`` (words), ``challenge_overlap``, ``similar``,
    ``strongest``, ``weakest``, ``kalmar``, and ``findings_md`` (the top findings as a list).
    """
    df = mirror.data_or_default(data)
    focus = check_focus(focus)
    f = mirror_findings(focus, data=df)
    get = dict(zip(f["key"], f["text"]))
    sim = mirror.similar_regions(focus, data=df)
    name = mirror.region_name(focus)
    peers = names_list(regions.short_name(c) for c in sim.peers)
    n_peers = count_word(len(sim.peers))
    facts = {
        "name": name,
        "peers": peers,
        "n_peers": n_peers,  # common gender: "fem län som liknar"
        "intro": (f"Här jämförs {name}, en NUTS 2-region, med Sveriges övriga NUTS 2-regioner "
                  f"och med de {n_peers} regioner som liknar mest ({peers}). De fem ÖMS-länen "
                  "jämförs var för sig med Sveriges 21 län och med Kalmar län."
                  if sim.nuts2 else
                  f"Här jämförs {name} med Sveriges övriga län, med de {n_peers} län som liknar "
                  f"mest ({peers}) och med Kalmar län."),
        "similar_heading": (f"Regioner som liknar {regions.short_name(focus)}" if sim.nuts2
                            else f"Län som liknar {regions.short_name(focus)}"),
        "growth_heading": ("Tillväxt jämfört med liknande regioner" if sim.nuts2
                           else "Tillväxt jämfört med liknande län"),
        "member_counties": get.get("member_counties", ""),
        "dendrogram_text": (
            "Träddiagrammet grupperar Sveriges åtta NUTS 2-regioner efter samma mått som "
            "avståndsrankningen ovan." if sim.nuts2 else
            "Träddiagrammet grupperar alla 21 län efter samma mått som avståndsrankningen ovan.")
        + " Regioner som slås ihop långt ner i diagrammet liknar varandra mest.",
        "basis": sim.basis + (" " + " ".join(sim.notes) if sim.notes else ""),
        "growth_population": get.get("growth_population", "uppgift saknas"),
        "growth_grp": get.get(f"growth_{GRP_GROWTH}", "uppgift saknas"),
        "strongest": get.get("strongest", "uppgift saknas"),
        "weakest": get.get("weakest", "uppgift saknas"),
        "kalmar": get.get("kalmar", ""),
        "similar": get["similar_regions"],
        "nuts2_peers": get.get("nuts2_peers", ""),
        "findings_md": "\n".join(f"- {t}" for t in f["text"].head(5)),
    }
    position = " ".join(x for x in (facts["strongest"], facts["weakest"]) if x != "uppgift saknas")
    # On the county scale for a county; among the NUTS 2 regions (their section) for ÖMS.
    facts["position_counties"] = "" if sim.nuts2 else position
    facts["position_nuts2"] = position if sim.nuts2 else ""
    for key, indicator in (("verdict_population", "population"),
                           ("verdict_grp", GRP_GROWTH)):
        try:
            facts[key] = growth_sensitivity(indicator, focus, sim.peers, data=df).verdict
        except ParameterError:
            facts[key] = "uppgift saknas"
    ris = mirror.nuts2_view()
    oms = ris[(ris["nuts2_code"] == OMS_CODE) & (ris["value"] != "uppgift saknas")]
    facts["ris"] = oms["statement"].iloc[0] if len(oms) else "uppgift saknas"
    facts["ris_edition"] = oms["edition"].iloc[0] if len(oms) else "uppgift saknas"
    facts["ris_source"] = oms["source"].iloc[0] if len(oms) else ""
    o = challenges.overlaps()
    hits = o[o["overlap"]]
    facts["n_areas"] = _count(o["oms_area"].nunique())
    facts["n_kalmar"] = _count(o["kalmar_area"].nunique())
    facts["n_overlaps"] = _count(hits["oms_area"].nunique())
    facts["challenge_overlap"] = get["challenge_overlap"]
    return facts
