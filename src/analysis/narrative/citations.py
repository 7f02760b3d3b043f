"""Sources as a reader knows them: a decision by its project, Dnr and Projektforum date and the
section a quoted line stands in; a web page or a presentation by its publisher and title; a
statistic by agency, table and vintage.

Every generated sentence that names a source cites it through this module. File names and line
numbers stay in the data tables, the workbook and Metod, where analysts look them up.
Everything comes from the document register (``data/reference/documents.csv``), the parsed
decision (:func:`analysis.sources.decisions.parse_decision`) and the document's own text
(:func:`analysis.sources.decisions.sections.document_section`); nothing is typed here.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..core import paths
from ..sources.decisions import document_register, document_section, parse_decision


def genitive(name: str) -> str:
    """Swedish genitive of a name: 'Region Kalmar län' → 'Region Kalmar läns', 'ECS3' → 'ECS3:s',
    'Region Västmanland' → 'Region Västmanlands'; a name ending in s, x or z stays."""
    if name[-1:].lower() in "sxz":
        return name
    return name + (":s" if name[-1:].isdigit() or name[-1:].isupper() else "s")


@lru_cache(maxsize=16)
def _register_row(document: str) -> dict:
    reg = document_register()
    row = reg[reg["document"] == document]
    if row.empty:
        raise KeyError(f"{document} står inte i dokumentregistret")
    return row.iloc[0].to_dict()


def _canonical_document(project_id: str) -> str | None:
    """The file of the project's canonical decision in the register (``None`` if it has none)."""
    reg = document_register()
    canonical = reg[(reg["project_id"] == project_id) & reg["canonical"]]
    return None if canonical.empty else canonical["document"].iloc[0]


@lru_cache(maxsize=8)
def _decision_ids(project_id: str) -> tuple[str | None, str | None]:
    """(Dnr, Projektforum date) of the project's canonical decision, as its text states them."""
    document = _canonical_document(project_id)
    if document is None:
        return None, None
    d = parse_decision(paths.RAW_DOCUMENTS / document)
    return d.dnr, (d.meeting_date.isoformat() if d.meeting_date else None)


def section(document: str, line: int | None) -> str | None:
    """The heading of the section line ``line`` of a decision stands in (``None`` if none)."""
    if line is None or pd.isna(line):
        return None
    return document_section(paths.RAW_DOCUMENTS / document, int(line))


def cite_source(document: str) -> str:
    """The document itself, without a section: 'beslutet om ECS3 (Dnr 17RS5764, Projektforum
    2017-10-23)', 'beslutet om REAL ÖMS', 'Region Västmanlands webbsida ”Smart specialisering i
    Östra Mellansverige”', 'Region Kalmar läns presentation ”…”'."""
    r = _register_row(document)
    if r["kind"] == "decision":
        dnr, meeting = _decision_ids(r["project_id"])
        ids = ", ".join(p for p in (dnr and f"Dnr {dnr}", meeting and f"Projektforum {meeting}") if p)
        return f"beslutet om {r['short_name']}" + (f" ({ids})" if ids else "")
    kind = {"webpage": "webbsida", "strategy": "presentation"}[r["kind"]]
    title = f" ”{r['title']}”" if r["title"] else ""
    return f"{genitive(r['issuer'])} {kind}{title}"


def cite_project(project_id: str, section_name: str | None = None) -> str:
    """A project's decision, where only the project is known: 'beslutet om ECS3 (Dnr 17RS5764,
    Projektforum 2017-10-23)', with ', avsnittet ”Delmål”' when a section is named."""
    document = _canonical_document(project_id)
    if document is None:
        raise KeyError(f"{project_id} har inget beslut i dokumentregistret")
    text = cite_source(document)
    return text + (f", {_sections_phrase([section_name])}" if section_name else "")


def _sections_phrase(names: list[str]) -> str:
    names = [f"”{n}”" for n in dict.fromkeys(names)]
    if len(names) == 1:
        return f"avsnittet {names[0]}"
    return "avsnitten " + ", ".join(names[:-1]) + " och " + names[-1]


def cite_document(document: str, line: int | None = None) -> str:
    """``document`` as a reader knows it, with the section that ``line`` stands in for a
    decision: 'beslutet om ECS3 (Dnr 17RS5764, Projektforum 2017-10-23), avsnittet
    ”Kostnads- och finansieringsbudget”'."""
    text = cite_source(document)
    if _register_row(document)["kind"] == "decision":
        heading = section(document, line)
        if heading:
            text += f", {_sections_phrase([heading])}"
    return text


def cite_lines(document: str, lines) -> str:
    """Like :func:`cite_document` for several lines of one document: the sections they stand in."""
    text = cite_source(document)
    if _register_row(document)["kind"] == "decision":
        headings = [h for h in (section(document, n) for n in lines) if h]
        if headings:
            text += f", {_sections_phrase(headings)}"
    return text


def cite_item(item: pd.Series | dict) -> str:
    """A results-framework item (columns ``document``, ``line_start``) cited by its decision."""
    return cite_document(item["document"], item["line_start"])


def cite_items(rows: pd.DataFrame) -> str:
    """Several framework items, grouped by decision: 'beslutet om ECS3 (…), avsnitten ”A” och ”B”'."""
    return "; ".join(cite_lines(doc, g["line_start"].tolist())
                     for doc, g in rows.groupby("document", sort=False))


def cite_statistic(agency: str, table: str, vintage: str | None = None) -> str:
    """A statistic as a reader knows it: 'SCB, Folkmängden efter region (hämtad 2025-03-01)'."""
    return f"{agency}, {table}" + (f" (hämtad {vintage})" if vintage else "")
