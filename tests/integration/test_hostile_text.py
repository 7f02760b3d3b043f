"""Document text never becomes markup, end to end (issue 13): the preview and the Quarto book.

A hostile copy of the data (``tests/hostile_text.py``) puts every payload at once into the ECS3
decision's title, its applicant and a target text, and into an evaluator's entry. Three chapters
(Sammanfattning; Projekten, which quotes the title and the applicant in its prose; Självvärdering,
with the goals, the entries and the findings about them) are executed on it, once for the preview (pages and e-mail file) and
once for Quarto (HTML and the Typst PDF). Each payload must be shown literally and no element,
attribute, link or Typst command may result.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from hostile_text import PAYLOAD, PAYLOADS, hostile_root, parse
from report_build import quarto_available

CHAPTERS = ["index.qmd", "projekten.qmd", "sjalvvardering.qmd"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = hostile_root(tmp_path_factory.mktemp("hostile"), CHAPTERS)
    with pytest.MonkeyPatch.context() as mp:
        # the chapter kernels inherit these: the package reads the hostile copy
        mp.setenv("OMS_PROJECT_ROOT", str(root))
        mp.setenv("OMS_TABLES_DIR", str(root / "tables"))
        mp.setenv("OMS_CACHE_DIR", str(root / "cache"))
        yield root


def assert_no_markup_from_payloads(html: str) -> None:
    page = parse(html)
    # shown literally, as the reader sees it
    assert " ".join(PAYLOAD.split()) in page.visible
    # and nothing of it became an element, an attribute or a link
    hits = []
    for tag, attrs in page.elements:
        for key, value in attrs.items():
            value = value or ""
            if "alert(" in value or "evil" in value or value.strip().lower().startswith("javascript:"):
                hits.append((tag, key, value))
            if key in {"onerror", "ontoggle"}:
                hits.append((tag, key, value))
        if tag == "img" and attrs.get("src") in {"x", "http://evil/x.png"}:
            hits.append((tag, "src", attrs["src"]))
    assert hits == []
    for script in page.scripts:  # plotly's figure data: escaped, so no tag can close the script
        assert "<script>alert" not in script and "<img src=x" not in script
        assert "</script>" not in script.lower()


@pytest.fixture(scope="module")
def preview(hostile, tmp_path_factory):
    from analysis.pipeline.preview_pages import build_preview

    out = tmp_path_factory.mktemp("hostile-preview")
    build_preview(None, out, report_dir=hostile / "report", log=lambda *a: None)
    return out


@pytest.mark.parametrize("page", ["index.html", "projekten.html", "sjalvvardering.html",
                                  "rapport-epost.html"])
def test_preview_shows_every_payload_as_text(preview, page):
    assert_no_markup_from_payloads((preview / page).read_text(encoding="utf-8"))


def test_preview_prose_quotes_the_title_and_the_applicant(preview):
    text = parse((preview / "projekten.html").read_text(encoding="utf-8")).visible
    assert text.count(" ".join(PAYLOAD.split())) >= 2  # the title and the applicant


@pytest.fixture(scope="module")
def book(hostile, tmp_path_factory):
    if not quarto_available():
        pytest.skip("Quarto finns inte; förhandsversionen testas i stället")
    from analysis.pipeline.quarto_book import build_book

    out = tmp_path_factory.mktemp("hostile-book") / "_book"
    # one render, HTML and Typst, with every payload at once
    build_book(None, out_dir=out, report_dir=hostile / "report", log=lambda *a: None, force=True)
    return out


@pytest.mark.parametrize("page", ["index.html", "projekten.html", "sjalvvardering.html"])
def test_quarto_html_shows_every_payload_as_text(book, page):
    assert_no_markup_from_payloads((book / page).read_text(encoding="utf-8"))


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_quarto_pdf_shows_typst_payloads_as_text(book):
    text = _pdf_text(book / "rapport.pdf")
    squeezed = re.sub(r"[\s\u00a0\u00ad]+", "", text)
    for payload in PAYLOADS:
        # a Typst command (#set, #import) or math ($…$) that ran would be gone from the text
        assert re.sub(r"\s+", "", payload) in squeezed, payload


def test_quarto_keeps_non_breaking_spaces_in_inline_prose(book):
    # issue 16: "13 200 000 kr" in the prose of Projekten och budgetarna never breaks (HTML and
    # PDF; page one is the decision brief now and quotes no budget)
    page = (book / "projekten.html").read_text(encoding="utf-8")
    assert re.search(r"13(\u00a0|&nbsp;|&#160;)200(\u00a0|&nbsp;|&#160;)000(\u00a0|&nbsp;|&#160;)kr", page)
    assert not re.search(r"\b13 200 000 kr", page)
    # pdftotext writes a non-breaking space as a space: the amount is never split over two lines
    pdf = subprocess.run(["pdftotext", str(book / "rapport.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert re.search(r"13[ \u00a0]200[ \u00a0]000[ \u00a0]kr", pdf)
    assert not re.search(r"13\s*\n\s*200\s+000\s+kr|13\s+200\s*\n\s*000\s+kr|13\s+200\s+000\s*\n\s*kr", pdf)
    # and that is because pandoc's Typst writer gets the NBSPs from the inline Markdown (as ~)
    import pypandoc

    from analysis.core.formatting import format_sek, inline_text

    typ = pypandoc.convert_text(f"Budget {inline_text(format_sek(13_200_000))}.", "typst",
                                format="markdown")
    assert "13~200~000~kr" in typ
