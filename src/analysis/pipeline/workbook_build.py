"""The report's workbook from the tables the chapters showed, and the command
``python -m analysis arbetsbok``.

Three ways lead to the same workbook, all from the chapters (the one list,
:mod:`analysis.present.table_records`):

* ``python -m analysis report`` (the Quarto book and the preview): from the executed chapters'
  outputs (:func:`chapters_from_notebooks`), written beside the pages;
* plain ``quarto render report``: each chapter's kernel writes its records to
  ``report/.oms-tables/<focus>/``; the book's post-render step (``report/_finish.py``) calls
  :func:`finish_quarto_render`, which writes the workbook into the book's output folder;
* ``python -m analysis arbetsbok``: runs the chapters (as the preview does) and writes it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..core import paths
from ..present.workbook import WORKBOOK_NAME, ChapterTables, sources_record, write_workbook

DEFAULT_PATH = paths.PROCESSED / WORKBOOK_NAME  # the command's default
RENDER_ALL = "QUARTO_PROJECT_RENDER_ALL"  # "1" when Quarto renders the whole project


def chapters_from_notebooks(executed) -> list[ChapterTables]:
    """``(file, notebook)`` pairs of executed chapters, in book order, as recorded tables."""
    from ..present.table_records import notebook_records

    return [ChapterTables(name, nb.metadata.get("oms", {}).get("title") or Path(name).stem,
                          notebook_records(nb)) for name, nb in executed]


def _title(report_dir: Path, name: str) -> str:
    from .chapters import parse_qmd

    front, _ = parse_qmd(Path(report_dir) / name)
    return front.get("title") or Path(name).stem


def recorded_focus(report_dir: Path | None = None) -> str | None:
    """The focus of the last plain Quarto render's records (the newest folder), if any."""
    from ..present.table_records import records_dir

    root = records_dir(report_dir)
    folders = [p for p in root.iterdir() if p.is_dir()] if root.is_dir() else []
    if not folders:
        return None
    return max(folders, key=lambda p: max((f.stat().st_mtime for f in p.glob("*.json")),
                                          default=0)).name


def chapters_from_records(report_dir: Path | None = None,
                          focus: str | None = None) -> list[ChapterTables]:
    """The tables Quarto's own render recorded, chapter by chapter in book order; a Swedish
    error (:class:`~analysis.core.errors.DataError`) if a chapter's records are missing."""
    from ..core.errors import DataError
    from ..present.table_records import read_chapter_records
    from .chapters import chapter_files

    report_dir = Path(report_dir or paths.REPORT)
    focus = focus or recorded_focus(report_dir)
    if focus is None:
        raise DataError(report_dir / ".oms-tables", None, "inga sparade tabeller. Skriv "
                        "rapporten (quarto render report) först.")
    return [ChapterTables(name, _title(report_dir, name),
                          read_chapter_records(focus, name, report_dir))
            for name in chapter_files(report_dir)]


def write_report_workbook(out_dir: Path, chapters: list[ChapterTables]) -> Path:
    """The workbook the report's first page and Metod link to, beside the pages in ``out_dir``."""
    return write_workbook(chapters, Path(out_dir) / WORKBOOK_NAME, sources=sources_record())


def clear_records(report_dir: Path | None = None) -> None:
    """Before plain ``quarto render report`` of the whole book: no earlier render's tables."""
    import shutil

    from ..present.table_records import records_dir

    if os.environ.get(RENDER_ALL) == "1":
        shutil.rmtree(records_dir(report_dir), ignore_errors=True)


def finish_quarto_render(out_dir: Path, report_dir: Path | None = None) -> Path | None:
    """After plain ``quarto render report``: the workbook from the chapters' records, in the
    book's output folder. After a render of the whole book a chapter without records is an
    error; after a render of single chapters each chapter's latest records are used, and
    where some are missing the workbook is left as it is (with a note)."""
    from ..core.errors import DataError

    try:
        chapters = chapters_from_records(report_dir)
    except DataError as err:
        if os.environ.get(RENDER_ALL) == "1":
            raise
        print(f"Arbetsboken skrevs inte (bara några kapitel skrevs om): {err}", file=sys.stderr)
        return None
    return write_report_workbook(out_dir, chapters)


# --- the command ----------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ut", type=Path, default=DEFAULT_PATH,
                        help=f"var arbetsboken skrivs (standard: data/processed/{WORKBOOK_NAME})")
    parser.add_argument("--fokus", default="SE12", help="fokusregion, som i rapporten")
    parser.add_argument("--fran-rendering", action="store_true",
                        help="ta tabellerna som den senaste 'quarto render report' sparade "
                             "(report/.oms-tables/) i stället för att köra kapitlen")


def run(args: argparse.Namespace) -> int:
    from ..core.errors import DataError, ParameterError
    from ..core.params import normalize_focus
    from .chapters import chapter_files
    from .kernels import ChapterError, default_jobs, execute_chapters

    try:
        focus = normalize_focus(args.fokus)
        if getattr(args, "fran_rendering", False):
            chapters = chapters_from_records(paths.REPORT, focus)
        else:
            print("Kör kapitlen genom Jupyter-kärnan ...")
            executed = execute_chapters(paths.REPORT, chapter_files(paths.REPORT),
                                        {"focus": focus}, print, default_jobs(), mode="preview")
            chapters = chapters_from_notebooks(list(executed))
    except (ParameterError, DataError, ChapterError) as err:
        print(f"Fel: {err}", file=sys.stderr)
        return 1
    path = write_workbook(chapters, args.ut, sources=sources_record())
    n = sum(len(c.records) for c in chapters)
    print(f"Arbetsboken skrevs till {path} ({n} tabeller från {len(chapters)} kapitel)")
    return 0

