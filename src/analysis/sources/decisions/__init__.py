"""Decision documents: the register, reading the text, and parsing a decision.

The package's modules, in the order a document passes through them: :mod:`.register`
(which file is which project's decision), :mod:`.text` (lines, page headers), :mod:`.lines`
and :mod:`.amounts` (a table line and its digit groups), :mod:`.tables` (scanning and
resolving both tables), :mod:`.metadata` (title, amounts, period, targets), :mod:`.sections`
(the one rule for headings: which section, and which part of it, a line stands in,
for citations and the results framework), :mod:`.parse`
(:func:`parse_decision`, all of it) and :mod:`.model` (the dataclasses it returns).
The names below are the package's interface; callers import them from here.

A *decision* here is the text extraction of a Swedish regional project-support decision
("Sammanfattning … ansöker om … under perioden …", "Kostnads- och finansieringsbudget").
:func:`parse_decision` reads one such text and returns everything it states that we use:
metadata (title, applicant, amount applied for, period, Dnr, Projektforum date), the
numeric project targets, and the two budget tables exactly as written (labels, year cells,
stated row totals and stated sums, with line numbers). Interpreting the labels (cost
categories, financiers) is :mod:`analysis.tables.budgets`' job; checking the stated totals is
:mod:`analysis.tables.validation`'s.

The parser is written for the genre, not for particular files:

* a table starts at a header line whose label names costs ("Bokförda kostnader") or
  financing ("Finansiär", "Finansiering", "Offentlig finansiär") followed by consecutive
  years and optionally a total column ("Totalt");
* rows may be tab-separated (one cell per field) or space-separated; in the latter the
  thousands separator is also the column separator, so a run of digit groups is split into
  amounts using the table's own constraints (row total = sum of the year cells, column
  sums = the "Summa"/"Total finansiering" row, or the other table's sums when a table has
  no sum row). A row with no consistent reading, or more than one, is an error;
* row labels may wrap over several lines ("Egen personal (inkl." / "lönebikost.) 731 264 …");
* page headers repeated by the PDF extraction ("Tjänsteställe, handläggare … Dnr: …") and
  page numbers ("Sida 2 av 5") are skipped wherever they interrupt the text.

Everything that cannot be read raises :class:`analysis.core.errors.DataError` naming the file,
the line and the problem. Nothing is dropped, filled in or guessed.
"""

from __future__ import annotations

from .amounts import MAX_COMBINATIONS, count_readings, parse_cell, readings, rounding_tolerance
from .model import BudgetTable, Decision, TableRow, Target
from .parse import parse_decision
from .register import (DOCUMENT_KINDS, EXTRACTIONS, NO_PROJECT, REGISTER_COLUMNS, REGISTER_FILE, TITLE_COLUMN,
                       document_register, project_ids, project_label)
from .sections import SECTION_HEADINGS, Heading, document_section, headings, section_heading
from .tables import parse_tables
from .text import page_header_lines, read_lines

__all__ = [
    "DOCUMENT_KINDS", "EXTRACTIONS", "MAX_COMBINATIONS", "NO_PROJECT", "REGISTER_COLUMNS",
    "REGISTER_FILE", "TITLE_COLUMN", "BudgetTable", "Decision", "TableRow", "Target", "count_readings", "document_section", "section_heading",
    "SECTION_HEADINGS", "Heading", "headings",
    "document_register", "page_header_lines", "project_ids", "project_label", "parse_cell", "parse_decision", "parse_tables",
    "read_lines", "readings", "rounding_tolerance",
]
