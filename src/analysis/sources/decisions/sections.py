"""Which section of a decision a line stands in: the one rule for headings, used by the
citations (:mod:`analysis.narrative.citations`) and the results framework
(:mod:`analysis.tables.goals_parse`) alike.

A decision's text has no markup, so a heading is found by what it says or by its shape:

- one of the template's section headings (:data:`SECTION_HEADINGS`, the headings of the
  issuer's project description: "Sammanfattning", "Projektmål", "Uppföljning", …), compared
  without case, wherever it stands;
- or a line of a heading's shape: a short line (at most :data:`MAX_HEADING_WORDS` words) that
  starts with a capital letter, holds no digits and does not end like a sentence or a lead-in
  (``.``, ``:``, ``,``, ``;``, ``?``, ``!``), and that stands after a blank line or after a line
  that ends a sentence. A line right above a table's header row (two or more years, no blank
  line between) is the table's caption ("Finansiering" over "Offentlig finansiär 2023 2024 …"),
  not a heading.

A template heading opens a *section*. A heading by shape below a template heading opens a *part*
of that section (ECS3's challenge areas, "Smart industri", under "Utvecklingsaktiviteter för
respektive samverkansområde"); one above every template heading (a title, or a document
written without the template) opens a section of its own. So a line has a section (what the
results framework records) and a nearest heading (the section or its part: what a citation
names, :func:`section_heading`). Page headers and page numbers repeated by the PDF extraction
(:func:`.text.page_header_lines`) are no headings and are read past.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import _norm, page_header_lines, read_lines

# The section headings of the issuer's project description (Region Örebro län's template).
SECTION_HEADINGS: tuple[str, ...] = (
    "Sammanfattning", "Skäl för det föreslagna", "Skäl för det föreslagna beslutet", "Bakgrund",
    "Övergripande mål", "Projektmål", "Delmål", "Delmål och aktiviteter", "Aktiviteter",
    "Utvecklingsaktiviteter för respektive samverkansområde", "Ingående kommuner",
    "Regional samverkan", "Genomsyrande perspektiv", "Perspektiv", "Långsiktighet",
    "Uppföljning", "Uppföljning och resultatspridning", "Resultatspridning",
    "Projektorganisation", "Avgränsning ordinarie verksamhet", "Kostnads- och finansieringsbudget",
)
_TEMPLATE = frozenset(h.casefold() for h in SECTION_HEADINGS)
MAX_HEADING_WORDS = 6
_YEARS = re.compile(r"\b(?:19|20)\d\d\b.*\b(?:19|20)\d\d\b")
_SENTENCE_END = (".", ":", "!", "?", ";")


@dataclass(frozen=True)
class Heading:
    """A heading line: its number (1-based), its text, and the section it belongs to (its own
    text for a section, the template heading above it for a part)."""

    line: int
    text: str
    section: str

    @property
    def is_part(self) -> bool:
        return self.text != self.section


def _clean(text: str) -> str:
    return _norm(text.replace("\t", " "))


def _looks_like_heading(text: str) -> bool:
    return (bool(text) and len(text.split()) <= MAX_HEADING_WORDS and text[0].isupper()
            and not any(c.isdigit() for c in text) and not text.endswith((*_SENTENCE_END, ",")))


def headings(lines: list[str], skip: frozenset[int] | None = None) -> list[Heading]:
    """Every heading of the document, in order (the rule: see the module docstring).
    ``skip``: page-header lines (default: found with :func:`page_header_lines`)."""
    skip = page_header_lines(lines) if skip is None else skip
    # the document's lines without page headers: (number, cleaned text)
    kept = [(n, _clean(t)) for n, t in enumerate(lines, start=1) if n not in skip]
    out: list[Heading] = []
    section: str | None = None  # the template heading above, once there is one
    for i, (n, text) in enumerate(kept):
        if text.casefold() in _TEMPLATE:
            section = text
            out.append(Heading(n, text, text))
            continue
        if not _looks_like_heading(text):
            continue
        before = kept[i - 1][1] if i > 0 else ""
        if before and not before.endswith(_SENTENCE_END):
            continue  # a wrapped sentence's or a table row's continuation
        after = kept[i + 1][1] if i + 1 < len(kept) else ""
        if after and _YEARS.search(after):
            continue  # a table's caption
        out.append(Heading(n, text, section if section is not None else text))
    return out


def _nearest(found, line: int) -> Heading | None:
    i = bisect_right([h.line for h in found], line)
    return found[i - 1] if i else None


def section_heading(lines: list[str], line: int, skip: frozenset[int] | None = None) -> str | None:
    """The nearest heading above line ``line`` (1-based): the section it stands in or the part of
    it; ``None`` if no heading stands above it. A heading line belongs to its own heading."""
    h = _nearest(headings(lines, skip), line)
    return h.text if h else None


@lru_cache(maxsize=64)
def _document_headings(path: str) -> tuple[Heading, ...]:
    lines = read_lines(path)
    return tuple(headings(lines, page_header_lines(lines)))


def document_section(path: str | Path, line: int) -> str | None:
    """:func:`section_heading` of line ``line`` in the document at ``path`` (read once)."""
    h = _nearest(_document_headings(str(path)), line)
    return h.text if h else None
