"""Every table a chapter shows, recorded as it is shown: the one list the workbook is made from.

When a chapter's kernel displays a table (``report_setup.table``) or a figure (whose data table
the page shows, "Data bakom diagrammet"), :func:`record` turns it into a plain JSON record:
its kind, caption, the chapter's file, the unit and source, and its columns with the *numbers*
(not the Swedish text the page shows) and each number column's Excel number format. The
workbook (:mod:`analysis.present.workbook`) is assembled from exactly these records, in chapter
order, after the chapters ran, so a table a chapter shows is always in the workbook and nothing
else is.

Where the numbers come from: a column made by :func:`analysis.present.figures.chart_tables`
(``sek(...)``, ``percent(...)``, ``number(...)``) keeps its raw values beside the formatted
text (:func:`register`), so the page and the workbook are formatted from one set of values;
a numeric column of the frame itself is stored as it is; any other column is text.

How records travel:

* the report's own kernels (``python -m analysis report``, the preview, ``arbetsbok``; the
  kernel's environment names the chapter, ``OMS_REPORT_CHAPTER``) put the record into the
  display output under :data:`MIME`, so it is stored (and cached) with the executed chapter;
* under Quarto's own Jupyter engine (plain ``quarto render report``) each chapter's records are
  written (atomically, after every table) to ``report/.oms-tables/<focus>/<chapter>.json``;
  the book's post-render step (``report/_finish.py``) assembles the workbook from them.
"""

from __future__ import annotations

import json
import math
import os
import re
import weakref
from dataclasses import dataclass
from pathlib import Path

from ..core import paths, settings
from .display_state import YEAR_HEADERS, chart_title, current_mode

MIME = "application/x-oms-table+json"
RECORDS_DIR_NAME = ".oms-tables"
RECORDS_ENV = "OMS_RECORDS_DIR"  # where Quarto-engine kernels write (core.paths.records_dir)
VERSION = 1

# --- the numbers behind a formatted column ------------------------------------------------------


@dataclass(frozen=True)
class ColumnNumbers:
    """A column the page shows formatted, with the values it was formatted from."""

    values: list          # the values as computed (a share as 0.114), None where missing
    excel: str            # Excel number format, e.g. '0.0%' or '#,##0 "kr"'
    # A text showing several numbers ("5 av 21") is stored as these columns instead:
    # (header, values, Excel format) each.
    parts: tuple = ()


_numbers: dict[int, tuple[weakref.ref, dict[str, ColumnNumbers]]] = {}


def register(frame, columns: dict[str, ColumnNumbers]) -> None:
    """Remember the values behind ``frame``'s formatted columns (this very frame object only:
    a frame derived from it, a column subset say, falls back to its own values)."""
    key = id(frame)
    _numbers[key] = (weakref.ref(frame, lambda _ref, key=key: _numbers.pop(key, None)), columns)


def numbers_for(frame) -> dict[str, ColumnNumbers]:
    entry = _numbers.get(id(frame))
    if entry is None or entry[0]() is not frame:
        return {}
    return entry[1]


def excel_format(kind: str, decimals: int = 0, *, signed: bool = False) -> str:
    """Excel's number format for a kind of value: ``sek``, ``percent``, ``number``, ``integer``."""
    digits = "0" + ("." + "0" * decimals if decimals > 0 else "")
    if kind == "percent":
        body = digits + "%"
    elif kind == "integer":
        body = "0"
    else:
        body = "#,##" + digits
    if kind == "sek":
        body += ' "kr"'
    if signed:
        return f"+{body};-{body};{body}"
    return body


# --- records --------------------------------------------------------------------------------


def _plain(value):
    """A cell as JSON: numbers as numbers, missing as None, everything else as text."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _decimals(values) -> int:
    floats = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    for d in (0, 1):
        if all(abs(round(v, d) - v) < 1e-9 for v in floats):
            return d
    return 2


def frame_columns(frame) -> list[dict]:
    """The frame's columns as records: header, values and, for numbers, the Excel format."""
    import pandas as pd

    known = numbers_for(frame)
    out = []
    for header in frame.columns:
        name = str(header)
        series = frame[header]
        if name in known:
            col = known[name]
            for header_, values, excel in (col.parts or ((name, col.values, col.excel),)):
                out.append({"header": header_, "kind": "number", "format": excel,
                            "values": [_plain(v) for v in values]})
        elif pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            values = [_plain(v) for v in series]
            if YEAR_HEADERS.search(name):  # years are labels: 2018, never 2 018
                fmt = "0"
            else:
                fmt = excel_format("number", _decimals(values))
            out.append({"header": name, "kind": "number", "format": fmt, "values": values})
        else:  # text; a plain number in it (a rank among words, "23") is stored as a number
            out.append({"header": name, "kind": "text", "format": None,
                        "values": [_number_or_text(_plain(v)) for v in series]})
    return out


# A number as data writes it (never a formatted one: "3 056 308 kr", "11,4 %" are the page's);
# no leading zero, so a code such as "03" stays text.
PLAIN_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?$")


def _number_or_text(value):
    if isinstance(value, str) and PLAIN_NUMBER.match(value):
        return float(value) if "." in value else int(value)
    return value


def table_record(table) -> dict:
    """A :class:`~analysis.present.display.Table` as a record."""
    return {"kind": "table", "caption": table.caption, "name": table.name,
            "notes": list(table.notes), "unit": getattr(table, "unit", None) or "",
            "source": getattr(table, "source", None) or "",
            "columns": frame_columns(table.data)}


def chart_record(chart) -> dict:
    """A figure's data table (what the page shows under "Data bakom diagrammet") as a record."""
    # The numbers behind the shown table: its own formatted columns' values where they were
    # made together (figures.chart_tables), else the chart's raw twin (numbers, unit headers).
    frame = chart.data if numbers_for(chart.data) or chart.raw is None else chart.raw
    return {"kind": "figure", "caption": chart_title(chart), "name": chart.name,
            "notes": list(chart.notes), "unit": "", "source": chart.source,
            "columns": frame_columns(frame)}


# --- where records go ---------------------------------------------------------------------------

_chapter: dict = {"focus": None, "file": None, "records": []}


def _chapter_file() -> str:
    name = (settings.report_chapter() or os.environ.get("QUARTO_DOCUMENT_FILE")
            or os.environ.get("QUARTO_DOCUMENT_PATH") or "")
    return Path(name).name


def in_report_kernel() -> bool:
    """The report's own kernels name their chapter; they carry records in the outputs."""
    return bool(settings.report_chapter())


def records_dir(report_dir: Path | None = None) -> Path:
    return paths.records_dir(report_dir)


def chapter_records_path(focus: str, chapter: str, report_dir: Path | None = None) -> Path:
    return records_dir(report_dir) / focus / f"{Path(chapter).stem}.json"


def _write_chapter() -> None:
    from ..core import atomic

    if not _chapter["focus"] or not _chapter["file"]:
        return
    payload = {"version": VERSION, "focus": _chapter["focus"], "chapter": _chapter["file"],
               "tables": _chapter["records"]}
    path = chapter_records_path(_chapter["focus"], _chapter["file"])
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, json.dumps(payload, ensure_ascii=False))


def start_chapter(focus: str, mode: str) -> None:
    """Called by ``report_setup.setup``: a new chapter, no table shown yet. Under Quarto's own
    engine its (empty) record file is written at once, so a table a previous render showed and
    this one does not never lingers."""
    _chapter.update(focus=focus, file=_chapter_file(), records=[], mode=mode)
    if mode == "quarto" and not in_report_kernel():
        _write_chapter()


def record(obj, kind: str) -> dict | None:
    """Record a table (``kind='table'``) or a figure's data table (``'figure'``) as it is shown.

    Returns the extra output bundle entries: ``{MIME: record}`` in the report's own kernels,
    nothing elsewhere (Quarto's engine: the record is written to the chapter's file; a notebook
    records nothing)."""
    mode = current_mode()
    if mode == "notebook":
        return {}
    rec = table_record(obj) if kind == "table" else chart_record(obj)
    if in_report_kernel():
        return {MIME: rec}
    if mode == "quarto":
        if _chapter["file"] is None:
            _chapter.update(file=_chapter_file(), records=[])
        _chapter["records"].append(rec)
        _write_chapter()
    return {}


# --- reading records back -------------------------------------------------------------------------


def notebook_records(nb) -> list[dict]:
    """The records of an executed chapter (its outputs, in order)."""
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        options = cell.metadata.get("oms", {}).get("options", {})
        if options.get("include") is False or options.get("output") is False:
            continue  # a cell whose output is hidden shows no table
        for output in cell.get("outputs", []):
            rec = output.get("data", {}).get(MIME)
            if rec is not None:
                out.append(json.loads(rec) if isinstance(rec, str) else dict(rec))
    return out


def read_chapter_records(focus: str, chapter: str, report_dir: Path | None = None) -> list[dict]:
    """The records Quarto's own render wrote for one chapter; a Swedish error if missing."""
    from ..core.errors import DataError

    path = chapter_records_path(focus, chapter, report_dir)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(path, None, f"tabellerna som kapitlet {chapter} visade saknas eller går "
                        "inte att läsa. Skriv rapporten igen (quarto render report).") from None
    return payload["tables"]
