"""Which section of a document a line stands in: the nearest heading above it.

A decision's text has no markup, so a heading is recognised by its shape: a short line (at most
:data:`MAX_HEADING_WORDS` words) that starts with a capital letter, holds no digits and does not
end like a sentence or a lead-in (``.``, ``:``, ``,``, ``;``, ``?``, ``!``), and that stands after
a blank line or after a line that ends a sentence. Page headers and page numbers repeated by the
PDF extraction (:func:`.text.page_header_lines`) are no headings and are read past. A line
right above a table's header row (two or more years, no blank line between) is the table's
caption ("Finansiering" over "Offentlig finansiär 2023 2024 …"), not a section.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .text import _norm, page_header_lines, read_lines

MAX_HEADING_WORDS = 6
_YEARS = re.compile(r"\b(?:19|20)\d\d\b.*\b(?:19|20)\d\d\b")
_SENTENCE_END = (".", ":", "!", "?", ";")


def _clean(text: str) -> str:
    return _norm(text.replace("\t", " "))


def _looks_like_heading(text: str) -> bool:
    return (bool(text) and len(text.split()) <= MAX_HEADING_WORDS and text[0].isupper()
            and not any(c.isdigit() for c in text) and not text.endswith((*_SENTENCE_END, ",")))


def section_heading(lines: list[str], line: int, skip: frozenset[int] | None = None) -> str | None:
    """The heading of the section that line ``line`` (1-based) stands in, ``None`` if no heading
    stands above it. ``skip``: page-header lines (default: found with :func:`page_header_lines`).
    A line that is itself a heading belongs to its own section."""
    skip = page_header_lines(lines) if skip is None else skip
    # the document's lines without page headers: (number, cleaned text)
    kept = [(n, _clean(t)) for n, t in enumerate(lines, start=1) if n not in skip]
    for i in range(len(kept) - 1, -1, -1):
        n, text = kept[i]
        if n > line or not _looks_like_heading(text):
            continue
        before = kept[i - 1][1] if i > 0 else ""
        if before and not before.endswith(_SENTENCE_END):
            continue  # a wrapped sentence's or a table row's continuation
        after = kept[i + 1][1] if i + 1 < len(kept) else ""
        if after and _YEARS.search(after):
            continue  # a table's caption
        return text
    return None


@lru_cache(maxsize=64)
def _document_lines(path: str) -> tuple[list[str], frozenset[int]]:
    lines = read_lines(path)
    return lines, page_header_lines(lines)


def document_section(path: str | Path, line: int) -> str | None:
    """:func:`section_heading` of line ``line`` in the document at ``path`` (read once)."""
    lines, skip = _document_lines(str(path))
    return section_heading(lines, line, skip)
