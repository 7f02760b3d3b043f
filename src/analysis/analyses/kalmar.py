"""Region Kalmar län as the named peer: what the documents say about it, and what its one
document (004_…, a slide deck whose images are missing from the text) actually holds."""

from __future__ import annotations

import pandas as pd

from ..core.paths import RAW_DOCUMENTS
from ..sources.decisions import document_register
from ..sources.decisions.text import read_lines

KALMAR_DOCUMENT = "004_8b1a78558345510c.txt"


def documents_mentioning(word: str, exclude: tuple[str, ...] = (KALMAR_DOCUMENT,)) -> list[str]:
    """The register's documents (other than ``exclude``) whose text contains ``word``."""
    hits = []
    for document in document_register()["document"]:
        if document in exclude:
            continue
        if any(word.lower() in line.lower() for line in read_lines(RAW_DOCUMENTS / document)):
            hits.append(document)
    return hits


def kalmar_priorities(areas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Kalmar's entries of the challenge-area register with ``is_priority``: False for what the
    deck lists as a consultation comment ("Resultat av samråd"), not as a priority."""
    if areas is None:
        from ..tables.challenges import challenge_areas

        areas = challenge_areas()
    k = areas[areas["scope"] == "Kalmar"].copy()
    k["is_priority"] = ~k["kind"].str.contains("samråd")
    return k[["area_id", "area", "kind", "document", "line", "kind_line", "is_priority"]]


def strategy_comparison() -> pd.DataFrame:
    """Kalmar's strategy beside the ÖMS documents, aspect by aspect (governance model: priorities
    → development plan → action plan with annual revision; the ERDF enabling conditions), with
    both documents and lines: ``aspect_id, aspect, kalmar_document, kalmar_lines, kalmar_text,
    oms_document, oms_line, oms_text, oms_says`` (False: checked absent) and ``comparison``."""
    from ..tables.challenges import kalmar_comparison

    c = kalmar_comparison()
    c.insert(2, "kalmar_document", KALMAR_DOCUMENT)
    c["oms_says"] = c["oms_document"].str.strip() != ""
    return c
