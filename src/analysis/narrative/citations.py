"""Sources as a reader knows them: a decision paper by its issuer, project, Dnr and Projektforum
date and the section a quoted line stands in ("Region Örebro läns beslutsunderlag för ECS3 (Dnr
17RS5764, Projektforum 2017-10-23), avsnittet Uppföljning"); a web page or a presentation by its publisher and title; a
statistic by agency, table and vintage.

Every generated sentence that names a source cites it through this module. File names and line
numbers stay in the data tables, the workbook and Metod, where analysts look them up.
Everything comes from the document register (``data/reference/documents.csv``: issuer, short
name), the projects' table (:func:`analysis.tables.budgets.projects`: Dnr and Projektforum date,
parsed once) and the document's own text
(:func:`analysis.sources.decisions.sections.document_section`); nothing is typed here. This is
the one citation function for decisions: :func:`cite_project` (a project), :func:`cite_document`
/ :func:`cite_lines` (a document and its lines), :func:`cite_item` (a framework item).

What the decision papers are: the issuer's papers for its own co-financing (the register's
``issuer``), not the managing authority's decisions on the EU funding.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..core import paths
from ..analyses.brief import MANAGING_AUTHORITY
from ..sources.decisions import document_register, document_section, project_ids, project_label


# What the material lacks, said wherever a decision paper is read for what it does not say: the
# absence of a word in one co-financier's paper is not the absence of a commitment.
MANAGING_AUTHORITY_NOTE = (f"{MANAGING_AUTHORITY}s beslut om stödet från regionalfonden, som kan "
                           f"ange mer, finns inte i underlaget.")


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


def _decision_ids(project_id: str) -> tuple[str | None, str | None]:
    """(Dnr, Projektforum date) of the project's decision, from the projects' table."""
    from ..core.formatting import format_date
    from ..tables import budgets

    p = budgets.projects()
    row = p[p["project_id"] == project_id]
    if row.empty:
        return None, None
    dnr, meeting = row["dnr"].iloc[0], row["meeting_date"].iloc[0]
    return (str(dnr) if pd.notna(dnr) and str(dnr) else None,
            format_date(meeting) if pd.notna(meeting) else None)


def section(document: str, line: int | None) -> str | None:
    """The heading of the section line ``line`` of a decision stands in (``None`` if none)."""
    if line is None or pd.isna(line):
        return None
    return document_section(paths.RAW_DOCUMENTS / document, int(line))


def cite_source(document: str) -> str:
    """The document itself, without a section: 'Region Örebro läns beslutsunderlag för ECS3
    (Dnr 17RS5764, Projektforum 2017-10-23)', 'Region Örebro läns beslutsunderlag för REAL ÖMS',
    'Region Västmanlands webbsida ”Smart specialisering i Östra Mellansverige”', 'Region Kalmar
    läns presentation ”…”'."""
    r = _register_row(document)
    if r["kind"] == "decision":
        dnr, meeting = _decision_ids(r["project_id"])
        ids = ", ".join(p for p in (dnr and f"Dnr {dnr}", meeting and f"Projektforum {meeting}") if p)
        return (f"{genitive(r['issuer'])} beslutsunderlag för {r['short_name']}"
                + (f" ({ids})" if ids else ""))
    kind = {"webpage": "webbsida", "strategy": "presentation"}[r["kind"]]
    title = f" ”{r['title']}”" if r["title"] else ""
    return f"{genitive(r['issuer'])} {kind}{title}"


def cite_project(project_id: str, section_name: str | None = None) -> str:
    """A project's decision paper, where only the project is known: 'Region Örebro läns
    beslutsunderlag för ECS3 (Dnr 17RS5764, Projektforum 2017-10-23)', with ', avsnittet
    Delmål' when a section is named."""
    document = _canonical_document(project_id)
    if document is None:
        raise KeyError(f"{project_id} har inget beslut i dokumentregistret")
    text = cite_source(document)
    return text + (f", {_sections_phrase([section_name])}" if section_name else "")


def _sections_phrase(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
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


def cite_budget(project_id: str) -> str:
    """Where a project's budget tables stand: its decision and the sections of the budget's
    lines ('Region Örebro läns beslutsunderlag för ECS3 (…), avsnittet Kostnads- och
    finansieringsbudget')."""
    from ..tables.budgets import budget_lines

    lines = budget_lines()
    lines = lines[lines["project_id"] == project_id]
    if lines.empty:
        raise KeyError(f"{project_id} har ingen budget i underlaget")
    return "; ".join(cite_lines(doc, sorted(g["line"].unique()))
                     for doc, g in lines.groupby("document", sort=False))


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


def material_text() -> str:
    """What the decision material is and is not, from the document register."""
    reg = document_register()
    d = reg[reg["kind"] == "decision"]
    issuers = list(dict.fromkeys(d["issuer"]))
    projects = [project_label(p) for p in project_ids()]  # by start date
    who = " och ".join(genitive(i) for i in issuers)
    names = " och ".join(projects) if len(projects) <= 2 else ", ".join(projects[:-1]) + " och " + projects[-1]
    return (f"Besluten i underlaget är {who} beslutsunderlag för {names}: underlag för den egna "
            f"medfinansieringen, med avsnitt som ”Skäl för det föreslagna beslutet”. "
            f"{MANAGING_AUTHORITY}s beslut om stödet från regionalfonden, eventuella ändringsbeslut och "
            f"de andra regionernas beslut finns inte i underlaget. De kan innehålla fler mål, "
            f"villkor och krav på uppföljning. Att ett ord saknas i underlaget betyder därför inte "
            f"att ett åtagande saknas; projekt i regionalfondens program är till exempel bundna av "
            f"de horisontella principerna genom programmet.")
