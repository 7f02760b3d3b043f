"""Sources for readers (issue 21, point 4): no reader page shows a decision's file name, a line
reference ("rad 242"), an internal id (REAL_OMS-D1-A1, SPEGLING-04-…) or a command
(``python -m analysis …``, ``make test``): not in the running text, not in the tables. Only the
technical appendix (Metod) and the workbook hold them."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from report_build import build_preview_once

_spec = importlib.util.spec_from_file_location(
    "reader_text", Path(__file__).with_name("test_reader_text.py"))
_reader = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_reader)

TECHNICAL = {"metod"}
PATTERNS = {
    "file name": re.compile(r"\b\d{3}_[0-9a-f]{6,}\.txt\b|\b[\w-]+\.(?:py|txt|csv|qmd|yml|ipynb|parquet)\b"),
    "line reference": re.compile(r"\brad(?:erna)? \d+"),
    "internal id": re.compile(r"\b(?:REAL_OMS|SPEGLING)-[A-Za-z0-9_-]+|\bECS3(?:-[A-Z]{2,}|_\d)"),
    "command": re.compile(r"python -m analysis|\bmake (?:test|setup|lock|pdf)\b|\s--[a-z]{3,}\b"),
}


def hits(text: str) -> dict[str, list[str]]:
    found = {}
    for name, pattern in PATTERNS.items():
        h = [text[max(0, m.start() - 40):m.end() + 10] for m in pattern.finditer(text)]
        if h:
            found[name] = h[:3]
    return found


def test_the_scanner_finds_each_kind():
    text = ("Det står i 000_5838ca1629de2de5.txt, rad 242. Id REAL_OMS-D1-A1 och ECS3-OM och ECS3_2; "
            "kör python -m analysis bedomningsmall --kontrollera eller make test.")
    assert set(hits(text)) == set(PATTERNS)
    clean = ("Region Örebro läns beslutsunderlag för ECS3 (Dnr 17RS5764, Projektforum 2017-10-23), "
             "avsnittet Uppföljning. En rad per mål. ECS3 och REAL ÖMS.")
    assert hits(clean) == {}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = Path(build_preview_once(tmp_path_factory))
    parsed = {}
    for name in _reader.PAGES:
        v = _reader._Visible()
        v.feed((out / f"{name}.html").read_text(encoding="utf-8"))
        parsed[name] = " ".join(v.running + v.tables + v.technical)
    return parsed


@pytest.mark.parametrize("page", [p for p in _reader.PAGES if p not in TECHNICAL])
def test_no_reader_page_shows_files_lines_ids_or_commands(pages, page):
    assert hits(pages[page]) == {}


def test_the_appendix_keeps_them(pages):
    assert set(hits(pages["metod"])) >= {"file name", "line reference", "internal id", "command"}
