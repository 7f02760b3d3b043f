"""The report's tables as one Excel workbook, assembled from the tables the chapters showed.

The chapters are the one list: every table and figure a chapter shows is recorded as it is
shown (:mod:`analysis.present.table_records`), and :func:`write_workbook` writes exactly those
records, in chapter order. The first sheet ("Innehåll") lists every table with its number,
chapter and caption as in the report, each linking to its sheet; then one sheet per table: its
caption, chapter, unit and source in the first rows, then the header row and the values.
Numbers are stored as numbers with an Excel number format (kronor with thousands, shares as
percent, changes with a sign), so Excel can sort and sum them. A last sheet lists every dataset
with its source, vintage and table id. The report's first page and Metod link to
:data:`WORKBOOK_NAME` beside the pages (a relative link).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

WORKBOOK_NAME = "oms-tabeller.xlsx"
CONTENTS_SHEET = "Innehåll"
SOURCES_SHEET = "Källor och årgångar"
_SHEET_NAME_MAX = 31  # Excel's limit
_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
FIGURE_CAPTION = "Data bakom diagrammet: {title}"
DEFAULT_UNIT = "Se kolumnrubrikerna; talen har Excels talformat (kronor, procent)"
HEADER_ROW = 7  # the header row of every table sheet; values start below it


@dataclass
class ChapterTables:
    """One chapter's recorded tables, in the order the chapter showed them."""

    file: str
    title: str
    records: list[dict] = field(default_factory=list)
    number: int | None = None  # the chapter's number in the book (tables are "number.k")


@dataclass(frozen=True)
class Entry:
    """One table of the report as it goes into the workbook."""

    label: str        # "Tabell 2.1" or "Diagram" (a figure's data table)
    caption: str      # as the report shows it
    chapter: str      # "2 Projekten ..."
    record: dict
    short: str        # a short prefix for the sheet name: "T2.1", "D2.1"


def entries(chapters: list[ChapterTables]) -> list[Entry]:
    """Every recorded table, in chapter order, numbered as the web pages number them: tables
    ``<chapter>.<k>`` in each chapter; a figure's data table carries the figure's title."""
    out = []
    for n, ch in enumerate(chapters, start=1):
        number = ch.number if ch.number is not None else n
        heading = f"{number} {ch.title}"
        k_table = k_figure = 0
        for rec in ch.records:
            if rec["kind"] == "table":
                k_table += 1
                out.append(Entry(f"Tabell {number}.{k_table}", rec["caption"], heading, rec,
                                 f"T{number}.{k_table}"))
            else:
                k_figure += 1
                out.append(Entry("Diagram", FIGURE_CAPTION.format(title=rec["caption"]), heading,
                                 rec, f"D{number}.{k_figure}"))
    return out


def sheet_name(entry_short: str, caption: str, taken: set[str]) -> str:
    """``'T2.1 Projektperioder och an'``: unique (case-insensitively), at most 31 characters,
    without the characters Excel refuses."""
    text = _FORBIDDEN.sub(" ", str(_cell_text(caption)).replace("\ufffd", " "))
    base = " ".join(f"{entry_short} {text}".split())[:_SHEET_NAME_MAX].strip()
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[:_SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
    taken.add(name.lower())
    return name


def _width(values) -> int:
    return min(60, max([8] + [len(str(v)) for v in values if v is not None]) + 2)


def _cell_text(value):
    """A value as a cell can hold it: a control character that XML (and so .xlsx) cannot
    carry, from any input, is shown as U+FFFD rather than failing the workbook or vanishing."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _unit(entry: Entry) -> str:
    return entry.record.get("unit") or DEFAULT_UNIT


def _source(entry: Entry) -> str:
    """The table's source; where the chapter gave none, its "Källa" column or the chapter."""
    rec = entry.record
    return rec.get("source") or (
        "Se kolumnen Källa" if any(c["header"] == "Källa" for c in rec["columns"])
        else f"Rapporten, kapitlet {entry.chapter}")


def _write_table_sheet(ws, entry: Entry) -> None:
    from openpyxl.styles import Alignment, Font

    rec = entry.record
    unit, source = _unit(entry), _source(entry)
    ws.append([_cell_text(f"{entry.label}: {entry.caption}" if entry.label != "Diagram"
                          else entry.caption)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Kapitel", _cell_text(entry.chapter)])
    ws.append(["Enhet", _cell_text(unit)])
    ws.append(["Källa", _cell_text(source)])
    ws.append(["Anmärkning", _cell_text(" ".join(rec.get("notes") or [])) or None])
    ws.append([])
    columns = rec["columns"]
    ws.append([_cell_text(c["header"]) for c in columns])
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows = len(columns[0]["values"]) if columns else 0
    for i in range(rows):
        ws.append([_cell_text(c["values"][i]) for c in columns])
    for j, col in enumerate(columns, start=1):
        letter = ws.cell(row=HEADER_ROW, column=j).column_letter
        if col["kind"] == "number" and col.get("format"):
            for (cell,) in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + rows,
                                        min_col=j, max_col=j):
                cell.number_format = col["format"]
        ws.column_dimensions[letter].width = _width([col["header"], *col["values"]])
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    print_setup(ws)


def print_setup(ws) -> None:
    """Printed (or made a PDF), a sheet is one page wide, in landscape."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _write_contents(ws, listed: list[tuple[str, Entry]], sources: bool) -> None:
    from openpyxl.styles import Font

    ws.append(["Rapportens tabeller"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Varje tabell och varje diagrams data som rapportens kapitel visar, i kapitlens "
               "ordning. Talen är tal (inte text) med Excels talformat."])
    ws.append([])
    ws.append(["Flik", "Tabell", "Kapitel", "Rubrik i rapporten", "Enhet", "Källa"])
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for name, entry in listed:
        ws.append([_cell_text(v) for v in (name, entry.label, entry.chapter, entry.caption,
                                            _unit(entry), _source(entry))])
        cell = ws.cell(row=ws.max_row, column=1)
        cell.hyperlink = f"#'{name}'!A1"
        cell.font = Font(color="0B5394", underline="single")
    if sources:
        ws.append([SOURCES_SHEET, "Bilaga", "", "Rapportens datamängder med källa, årgång, "
                   "licens och tabell-id", "", "Rapportens datakatalog"])
        ws.cell(row=ws.max_row, column=1).hyperlink = f"#'{SOURCES_SHEET}'!A1"
    for letter, width in zip("ABCDEF", (32, 12, 30, 70, 20, 40)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    print_setup(ws)


def sources_record() -> dict:
    """Every dataset of the report with its source, vintage, licence and table id."""
    from ..tables import datalog
    from .table_records import frame_columns

    log = datalog.data_log()
    return {"kind": "appendix", "caption": SOURCES_SHEET, "unit": "–",
            "source": "Rapportens datakatalog", "notes": [],
            "columns": frame_columns(log[["Datamängd", "Innehåll", "Källa", "Årgång", "Licens",
                                          "Tabell-id"]])}


def write_workbook(chapters: list[ChapterTables], path: Path, *,
                   sources: dict | None = None) -> Path:
    """The workbook of ``chapters``' recorded tables at ``path`` (written atomically): the
    contents sheet, one sheet per table in chapter order, and ``sources`` (a record) last."""
    import io

    from openpyxl import Workbook

    from ..core import atomic

    wb = Workbook()
    contents = wb.active
    contents.title = CONTENTS_SHEET
    taken = {CONTENTS_SHEET.lower(), SOURCES_SHEET.lower()}
    listed = []
    for entry in entries(chapters):
        name = sheet_name(entry.short, entry.record["caption"], taken)  # a figure: its title
        _write_table_sheet(wb.create_sheet(name), entry)
        listed.append((name, entry))
    _write_contents(contents, listed, sources is not None)
    if sources is not None:
        _write_table_sheet(wb.create_sheet(SOURCES_SHEET),
                           Entry("Bilaga", SOURCES_SHEET, "Bilaga", sources, "B"))
    buffer = io.BytesIO()
    wb.save(buffer)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(path, buffer.getvalue())
    return path
