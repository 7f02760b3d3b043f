"""Sentences about Region Kalmar län as the named peer (numbers and lines from
:mod:`analysis.analyses.kalmar` and the challenge-area register)."""

from __future__ import annotations

from ..analyses.kalmar import KALMAR_DOCUMENT, documents_mentioning, kalmar_priorities
from .citations import cite_source

_WORDS = {0: "inga", 1: "en", 2: "två", 3: "tre", 4: "fyra"}


def kalmar_facts() -> dict[str, str]:
    """``why`` (why Kalmar is the peer, as far as the documents say), ``content`` (what 004
    holds), ``n_priorities`` (a word) and ``content_match`` (why names, not content, are matched)."""
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
               "Bilderna saknas i textversionen, så bara rubrikerna finns. Den nämner "
               f"{_WORDS.get(len(prio), len(prio))} prioriteringar: {listed}.")
    if len(comments):
        content += " " + " ".join(
            f"{r['area']} är en synpunkt från samrådet, inte en prioritering."
            for _, r in comments.iterrows())
    return {"why": why, "content": content, "n_priorities": _WORDS.get(len(prio), str(len(prio))),
            "content_match": ("Kalmars prioriteringar beskrivs inte i textversionen, så deras "
                              "innehåll kan inte jämföras. Matrisen jämför därför bara områdenas "
                              "namn.")}
