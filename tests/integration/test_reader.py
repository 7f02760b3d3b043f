"""The real Quarto book read as a reader reads it (tests/reader_checks.py): the PDF page by page
and word by word, and the web pages' visible text. Each check is shown to flag its defect on
a small failing example in tests/unit/test_reader_checks.py."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from reader_checks import (hidden_characters, long_words, markup, near_empty_pages,
                           overlapping_words, pdf_pages, pdf_words, web_text)
from report_build import build_quarto_once, quarto_available


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Path:
    if not quarto_available():
        pytest.skip("Quarto finns inte; förhandsversionen testas i stället")
    return build_quarto_once(tmp_path_factory)


@pytest.fixture(scope="session")
def pages(book) -> list[str]:
    return pdf_pages(book / "rapport.pdf")


@pytest.fixture(scope="session")
def web(book) -> dict[str, str]:
    return {p.name: web_text(p.read_text(encoding="utf-8")) for p in sorted(book.glob("*.html"))}


def test_no_word_in_the_pdf_holds_an_invisible_character(pages):
    assert hidden_characters(pages) == []


def test_the_pdf_shows_no_markdown_or_code(pages):
    assert markup(pages) == []


def test_no_pdf_page_is_nearly_empty_except_the_title_page(pages):
    assert len(pages) > 40
    assert near_empty_pages(pages) == []


def test_no_two_words_in_the_pdf_are_printed_over_each_other(book):
    assert overlapping_words(pdf_words(book / "rapport.pdf")) == []


def test_the_web_pages_show_no_markdown_or_code(web):
    found = {name: bad for name, text in web.items() if (bad := markup([text]))}
    assert found == {}


def test_the_pdf_text_has_the_same_long_words_as_the_web_pages(book):
    # Every whole long word of the PDF's text layer (word by word, as pdftotext -bbox gives
    # them) is a word of the web pages: a word broken by an inserted character, or printed into
    # its neighbour ("RegionernaRegionernas": a header over another), is not. The tail of a word
    # hyphenated at a line's end is the end of a web word.
    web = "\n".join(web_text(p.read_text(encoding="utf-8"), code=True)
                    for p in sorted(book.glob("*.html")))
    on_web = long_words(web)
    pdf = long_words(" ".join(w.text for w in pdf_words(book / "rapport.pdf")))
    assert len(pdf & on_web) > 200  # the text layer holds the report's words
    assert sorted(w for w in pdf - on_web if not any(v.endswith(w) for v in on_web)) == []


def test_the_accessibility_statement_says_what_pdfinfo_says_about_tags(book, web):
    info = subprocess.run(["pdfinfo", str(book / "rapport.pdf")], capture_output=True, text=True,
                          check=True).stdout
    tagged = re.search(r"^Tagged:\s+yes", info, re.M) is not None
    statement = " ".join(web["metod.html"].split())
    assert ("inte märkt (taggad)" in statement) is not tagged
    assert "märkt (taggad)" in statement
