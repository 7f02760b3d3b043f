"""The e-mail file's workbook link: embedded as a download, or said in words when too big."""

from __future__ import annotations

import base64

from analysis.pipeline.email_workbook import XLSX_MIME, embed_workbook, embed_workbook_in_file

PAGE = '<p>Se <a href="oms-tabeller.xlsx">Ladda ner rapportens tabeller (Excel)</a>. Slut.</p>'


def test_the_link_becomes_a_download_of_the_workbook(tmp_path):
    wb = tmp_path / "oms-tabeller.xlsx"
    wb.write_bytes(b"PK\x03\x04 arbetsbok")
    out = embed_workbook(PAGE, wb)
    data = base64.b64encode(b"PK\x03\x04 arbetsbok").decode()
    assert f'<a href="data:{XLSX_MIME};base64,{data}" download="oms-tabeller.xlsx">' in out
    assert 'href="oms-tabeller.xlsx"' not in out


def test_too_big_a_workbook_is_named_in_words(tmp_path):
    wb = tmp_path / "oms-tabeller.xlsx"
    wb.write_bytes(b"x" * 10_000)
    out = embed_workbook(PAGE, wb, limit=5_000)
    assert out == ("<p>Se Excelfilen med rapportens tabeller är för stor för e-postversionen. Den "
                   "finns bredvid rapportens webbsidor, i filen oms-tabeller.xlsx. Slut.</p>")


def test_the_file_is_rewritten_in_place(tmp_path):
    wb = tmp_path / "oms-tabeller.xlsx"
    wb.write_bytes(b"abc")
    email = tmp_path / "rapport-epost.html"
    email.write_text(PAGE, encoding="utf-8")
    email.chmod(0o644)
    embed_workbook_in_file(email, wb)
    assert "base64,YWJj" in email.read_text(encoding="utf-8")
    assert email.stat().st_mode & 0o777 == 0o644  # readable as before, not the temp file's 0600
