"""Does the workbook hold exactly the tables the report's pages show, with numbers as numbers?

Read as a reader does: the captions of every table on the pages (a numbered table's
"Tabell 2.1: …" and a figure's "Data bakom diagrammet: …"), in page order, against the first
cell of every table sheet of the workbook and against its contents sheet; and no cell of a table
sheet is a number written as text ("11,4 %", "+0,90", "5 av 21", "3 056 308 kr").
"""

from __future__ import annotations

import html
import re
from pathlib import Path

# the Quarto page's numbered table caption, and every <caption> (preview tables, figure data)
CAPTION = re.compile(r'<figcaption[^>]*quarto-float-tbl[^>]*>(.*?)</figcaption>|<caption>(.*?)</caption>',
                     re.S)
NUMBER_PREFIX = re.compile(r"^Tabell \d+\.\d+: ")
# A number a reader sees, written as text (what the workbook must store as a number instead)
TEXT_NUMBER = re.compile(r"^[+−-]?\d{1,3}([ \u00a0]\d{3})*(,\d+)?"
                         r"([ \u00a0]?(kr|mnkr|tkr|%)| av \d+| till [+−-]?\d[\d,]*)?$")
NOT_TABLES = {"Innehåll", "Källor och årgångar"}


def _clean(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\u00a0", " ").split())


def page_captions(pages: list[Path]) -> list[str]:
    """Every table caption on the pages, in order."""
    out = []
    for page in pages:
        text = Path(page).read_text(encoding="utf-8")
        out += [_clean(a or b) for a, b in CAPTION.findall(text)]
    return out


def workbook_captions(path: Path) -> list[str]:
    """The first cell (the caption as in the report) of every table sheet, in sheet order."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return [_clean(str(wb[n]["A1"].value or "")) for n in wb.sheetnames if n not in NOT_TABLES]


def text_numbers(path: Path) -> list[str]:
    """Cells of table sheets that hold a number as text: ``'sheet!B8: 11,4 %'``."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    found = []
    for name in wb.sheetnames:
        if name in NOT_TABLES:
            continue
        for row in wb[name].iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and TEXT_NUMBER.match(cell.value.strip()):
                    found.append(f"{name}!{cell.coordinate}: {cell.value}")
    return found


def problems(workbook: Path, captions: list[str]) -> list[str]:
    """What is wrong: tables on the pages but not in the workbook, sheets that are no table on
    the pages, a different order, numbers stored as text. Empty when all is well."""
    numbered = any(NUMBER_PREFIX.match(c) for c in captions)
    have = workbook_captions(workbook)
    if not numbered:  # the preview's pages do not number tables
        have = [NUMBER_PREFIX.sub("", c) for c in have]
    out = [f"saknas i arbetsboken: {c}" for c in captions if c not in have]
    out += [f"finns inte på sidorna: {c}" for c in have if c not in captions]
    if not out and have != captions:
        out.append("tabellerna står i en annan ordning än på sidorna")
    out += [f"tal som text: {t}" for t in text_numbers(workbook)]
    return out
