"""The second extraction of a decision (ECS3: 001) read by the rules of
:mod:`analysis.tables.goals` and compared item by item with the canonical one.

Moved out of :mod:`analysis.tables.goals` unchanged (issue 24: no module over 500 lines);
``goals`` re-exports every name.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from ..core import paths
from ..sources.decisions import document_register
from .goals_parse import framework, parse_framework


# ---------------------------------------------------------------------------- second extraction

CHECK_COLUMNS = ["project_id", "item_id", "kind_label", "title", "document", "line_start",
                 "line_end", "other_document", "other_line_start", "other_line_end", "agrees",
                 "problem"]


def comparable(text: str) -> str:
    """``text`` as the extractions are compared: wrapping (any run of spaces) and hyphenation (a
    word split with "-" at a line end: "forsknings-och", "ÖMS-gemensamma") do not count."""
    return " ".join(re.sub(r"(?<=\w)-(?=\w)", "", text).split())


def _same_word(a: str, b: str, variants: dict[str, str]) -> bool:
    if a == b:
        return True
    core = b.rstrip(".,:;!?")
    return variants.get(core) is not None and variants[core] + b[len(core):] == a


def first_difference(canonical: str, other: str, variants: dict[str, str] | None = None) -> str:
    """Where two texts differ, word by word after :func:`comparable` ('' when they agree). A
    known variant (``variants``: the other extraction's word → the canonical's) counts as the
    same word where the canonical text has the canonical word."""
    wa, wb = comparable(canonical).split(), comparable(other).split()
    n = next((i for i, (x, y) in enumerate(zip(wa, wb)) if not _same_word(x, y, variants or {})),
             None)
    if n is None:
        if len(wa) == len(wb):
            return ""
        n = min(len(wa), len(wb))
    return (f"ord {n + 1}: ”{' '.join(wa[n:n + 4]) or '(slut)'}” mot ”"
            f"{' '.join(wb[n:n + 4]) or '(slut)'}”")


def compare_extractions(canonical: pd.DataFrame, other: pd.DataFrame,
                        variants: dict[str, str] | None = None) -> pd.DataFrame:
    """Item by item: does the framework read from a second extraction match the canonical one?

    The same ids must exist in both, of the same kind, with the same text after
    :func:`comparable` and the known word variants (:func:`first_difference`), and the same target
    value. Every row names both documents' lines; a
    disagreement says what differs (``problem``). Columns: :data:`CHECK_COLUMNS`.
    """
    a, b = canonical.set_index("item_id"), other.set_index("item_id")
    doc_a, doc_b = canonical["document"].iloc[0], other["document"].iloc[0]
    rows = []
    for item_id in list(a.index) + [i for i in b.index if i not in a.index]:
        ra = a.loc[item_id] if item_id in a.index else None
        rb = b.loc[item_id] if item_id in b.index else None
        base = ra if ra is not None else rb
        problem = ""
        if ra is None:
            problem = f"finns bara i {doc_b}"
        elif rb is None:
            problem = f"saknas i {doc_b}"
        elif ra["kind"] != rb["kind"]:
            problem = f"olika nivå: {ra['kind_label']} mot {rb['kind_label']}"
        elif diff := first_difference(ra["text"], rb["text"], variants):
            problem = "olika text, " + diff
        elif not (pd.isna(ra["value"]) and pd.isna(rb["value"])) and ra["value"] != rb["value"]:
            problem = f"olika målvärde: {ra['value']:g} mot {rb['value']:g}"
        rows.append({
            "project_id": base["project_id"], "item_id": item_id, "kind_label": base["kind_label"],
            "title": base["title"], "document": doc_a,
            "line_start": ra["line_start"] if ra is not None else None,
            "line_end": ra["line_end"] if ra is not None else None,
            "other_document": doc_b,
            "other_line_start": rb["line_start"] if rb is not None else None,
            "other_line_end": rb["line_end"] if rb is not None else None,
            "agrees": not problem, "problem": problem,
        })
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    for col in ("line_start", "line_end", "other_line_start", "other_line_end"):
        out[col] = pd.array(out[col].tolist(), dtype="Int64")
    return out


@lru_cache(maxsize=1)
def _extraction_check_cached() -> pd.DataFrame:
    from ..sources.decisions.register import word_variants

    reg = document_register()
    decisions = reg[reg["kind"] == "decision"]
    canonical = framework()
    parts = []
    for r in decisions[~decisions["canonical"]].itertuples():
        other = parse_framework(paths.RAW_DOCUMENTS / r.document, r.project_id)
        own = canonical[canonical["project_id"] == r.project_id]
        parts.append(compare_extractions(own, other, word_variants(r.document)))
    if not parts:
        return pd.DataFrame(columns=CHECK_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def extraction_check() -> pd.DataFrame:
    """The results framework read from every second extraction of a decision (ECS3: 001),
    compared item by item with the canonical one (:func:`compare_extractions`)."""
    return _extraction_check_cached().copy()


def disagreement_message(row: pd.Series | dict) -> str:
    """'ECS3-D1 (000_….txt, rad 71; 001_….txt, rad 89–90): olika text, …' for one check row."""
    def span(doc, a, b):
        if pd.isna(a):
            return f"{doc}: saknas"
        return f"{doc}, rad {int(a)}" + (f"–{int(b)}" if int(b) != int(a) else "")

    return (f"{row['item_id']} ({span(row['document'], row['line_start'], row['line_end'])}; "
            f"{span(row['other_document'], row['other_line_start'], row['other_line_end'])}): "
            f"{row['problem']}")


