"""Sentences about Region Kalmar län as the named peer (numbers and lines from
:mod:`analysis.analyses.kalmar` and the registers in :mod:`analysis.tables.challenges`)."""

from __future__ import annotations

import pandas as pd

from ..analyses.kalmar import KALMAR_DOCUMENT, documents_mentioning, kalmar_priorities
from .citations import cite_document, cite_source

_WORDS = {0: "inga", 1: "en", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju"}


def challenge_table() -> pd.DataFrame:
    """The challenge-area register as a reader sees it: the source named by title and section
    (the file names and lines stay in the workbook)."""
    from ..tables.challenges import challenge_areas, challenge_table as register_table

    t = register_table()
    a = challenge_areas()
    t["Källa"] = [cite_document(d, int(n)) for d, n in zip(a["document"], a["line"])]
    return t


def comparison_table(c: pd.DataFrame) -> pd.DataFrame:
    """Kalmar's strategy beside the ÖMS documents, as a reader sees it (sources by title and
    section; the lines are in the workbook)."""
    return pd.DataFrame({
        "Vad": c["aspect"],
        "Kalmars strategi säger": [" → ".join(t.split(";")) for t in c["kalmar_text"]],
        "ÖMS-dokumenten säger": [f"”{t}” ({cite_document(d, int(n))})" if says else "står inte"
                                 for t, d, n, says in zip(c["oms_text"], c["oms_document"],
                                                          c["oms_line"].replace("", "0"), c["oms_says"])],
        "Jämförelse": c["comparison"],
    })


def kalmar_facts() -> dict:
    """``why`` (why Kalmar is the peer, as far as the documents say), ``content`` (what 004
    holds), ``n_priorities`` (a word), ``comparison`` (a sentence on what the comparison rests
    on) and ``table`` (:func:`comparison_table`)."""
    from ..analyses.kalmar import strategy_comparison

    others = documents_mentioning("Kalmar")
    deck = cite_source(KALMAR_DOCUMENT)
    why = ("Varför Region Kalmar län är jämförelseregion står inte i underlaget. "
           + ("Inget av de andra dokumenten nämner Kalmar. Kalmar finns med för att "
              f"{deck} är ett av dokumenten." if not others else
              f"Kalmar nämns i {', '.join(cite_source(d) for d in others)}."))
    k = kalmar_priorities()
    prio, comments = k[k["is_priority"]], k[~k["is_priority"]]
    listed = " och ".join(f"{r['kind']} {r['area']}" for _, r in prio.iterrows())
    content = (f"Kalmars dokument är en bildserie: {deck}. "
               "Bilderna saknas i textversionen, så bara rubrikerna och punktlistorna finns. Den nämner "
               f"{_WORDS.get(len(prio), len(prio))} prioriteringar: {listed}.")
    if len(comments):
        content += " " + " ".join(
            f"{r['area']} är en synpunkt från samrådet, inte en prioritering."
            for _, r in comments.iterrows())
    c = strategy_comparison()
    absent = c[~c["oms_says"]]
    comparison = (
        "Jämförelsen gäller det Kalmars strategi säger om styrning och uppföljning: en styrmodell "
        "i tre steg, prioriteringar, utvecklingsplan och handlingsplan, där utvecklingsplanerna "
        "revideras varje år, och de villkor som EU ställer för regionalfonden, bland dem verktyg "
        "för uppföljning och utvärdering. Tabellen ställer varje punkt mot vad ÖMS-dokumenten säger. "
        + (f"{_WORDS.get(len(absent), len(absent)).capitalize()} av {_WORDS.get(len(c), len(c))} "
           "punkter saknar motsvarighet i ÖMS-texterna: "
           + ", ".join(a.lower() for a in absent["aspect"]) + "." if len(absent) else
           "Alla punkter har en motsvarighet i ÖMS-texterna."))
    return {"why": why, "content": content, "n_priorities": _WORDS.get(len(prio), str(len(prio))),
            "comparison": comparison, "table": comparison_table(c)}
