"""The reader checks (tests/reader_checks.py) flag each defect the report had before issue 23,
shown on small failing examples in tests/fixtures/reader/ (the PDF made with the `typst`
package from defects.typ: zero-width spaces in long words, a header and amounts printed over
each other, Markdown and an inline expression as text, a soft hyphen, a nearly empty page)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader_checks import (hidden_characters, inline_expressions_quarto_skips, markup,
                           near_empty_pages, overlapping_words, pdf_pages, pdf_words, web_text)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reader"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="pdftotext (poppler-utils) finns inte")


@pytest.fixture(scope="module")
def pages():
    return pdf_pages(FIXTURES / "defects.pdf")


@needs_poppler
def test_zero_width_spaces_and_soft_hyphens_inside_words_are_flagged(pages):
    found = hidden_characters(pages)
    assert {page for page, _ in found} == {2}
    assert any("\\u200b" in word for _, word in found)  # "f​i​n​a​n​s​i​e​r​i​n​g​s​k​ä​l​l​o​r"
    assert any("\\xad" in word for _, word in found)  # "Utvärderings­rapport"
    assert hidden_characters(["finansieringskällor och självvärdering"]) == []


@needs_poppler
def test_markdown_and_inline_expressions_shown_as_text_are_flagged(pages):
    found = " ".join(context for _, context in markup(pages))
    assert "**Med den beslutade perioden**" in found
    assert "{python} inline_text" in found
    assert markup(["Med den beslutade perioden är budgeten 3 056 308 kr (+44,7 %)."]) == []


@needs_poppler
def test_a_nearly_empty_page_is_flagged_but_not_the_title_page(pages):
    assert near_empty_pages(pages) == [(3, 2)]


@needs_poppler
def test_words_printed_over_each_other_are_flagged():
    found = overlapping_words(pdf_words(FIXTURES / "defects.pdf"))
    pairs = {(a, b) for _, a, b in found}
    assert ("Projektmånader", "BudgetKälla") in pairs  # the header over the next column's
    assert {page for page, _, _ in found} == {2}


def test_overlap_needs_both_directions():
    from reader_checks import Word

    same_line = [Word(1, 10, 100, 60, 110, "Budget"), Word(1, 50, 100, 90, 110, "Projekt")]
    next_line = [Word(1, 10, 100, 60, 110, "Budget"), Word(1, 10, 111, 60, 121, "Projekt")]
    side_by_side = [Word(1, 10, 100, 60, 110, "3 613"), Word(1, 64, 100, 90, 110, "kr")]
    assert overlapping_words(same_line) == [(1, "Budget", "Projekt")]
    assert overlapping_words(next_line) == [] and overlapping_words(side_by_side) == []


def test_markup_on_a_web_page_is_flagged_outside_code_scripts_and_styles():
    text = web_text((FIXTURES / "defects.html").read_text(encoding="utf-8"))
    found = " ".join(context for _, context in markup([text]))
    assert "**Med den beslutade perioden**" in found and "{python} inline_text" in found
    assert "quarto render report" not in found  # a command in <code> is code, shown as code
    assert "const s" not in text and "content:" not in text


def test_inline_expressions_quarto_leaves_as_written_are_flagged():
    found = inline_expressions_quarto_skips((FIXTURES / "defects.qmd").read_text(encoding="utf-8"))
    assert [line for line, _ in found] == [2, 6, 11]  # front matter, cell option, wrapped
    assert inline_expressions_quarto_skips(
        'Text `{python} inline_text(a)` och `{python} inline_text(b["c"])`.\n') == []


def test_every_chapters_inline_expressions_are_where_quarto_evaluates_them():
    from analysis.core import paths

    found = {qmd.name: bad for qmd in sorted(Path(paths.REPORT).glob("*.qmd"))
             if (bad := inline_expressions_quarto_skips(qmd.read_text(encoding="utf-8")))}
    assert found == {}, "inline-uttryck som Quarto lämnar som text"
