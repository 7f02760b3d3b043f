"""Every output set of the report is swapped in whole (analysis.core.atomic.output_set).

The preview (pages, plotly.js, e-mail file, workbook, manifest), the PDF preview (PDF and its
Markdown and Typst sources) and the Quarto book: a writer that raises at any point, a rename that
fails at any point, and a process killed with SIGKILL while staging or mid-swap all leave the
previous output complete and consistent (the manifest lists exactly the pages there, every file
from one run); a successful run leaves no temporary folder; a killed run's leftovers are removed
by the next run. The chapters are small made-up notebooks, so no kernel runs here; the real
SIGKILL of a writing process is in tests/integration/test_atomic_kill.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.core import atomic
from analysis.pipeline import preview_pages, quarto_book
from analysis.pipeline import workbook_build

from preview_sets import (NEW_CHAPTERS, OLD_CHAPTERS, assert_one_consistent_preview,
                          leftovers, small_writers, write)  # noqa: F401  (a fixture)


def test_a_successful_run_replaces_the_whole_set_and_leaves_nothing_else(tmp_path, small_writers):
    out = tmp_path / "_preview"
    write(out, "1", OLD_CHAPTERS)
    (out / "rapport.pdf").write_bytes(b"%PDF another set")  # the PDF preview's set stays
    result = write(out, "2", NEW_CHAPTERS)
    assert assert_one_consistent_preview(out) == "2"
    assert not (out / "gammal.html").exists()  # a page of the earlier set that is gone
    assert (out / "rapport.pdf").read_bytes() == b"%PDF another set"
    assert leftovers(out) == []
    assert [p.name for p in result.pages] == ["index.html", "budget.html", "ny.html", "metod.html"]


def _fail_on_call(monkeypatch, target, attr, n):
    real, calls = getattr(target, attr), []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(target, attr, failing)


@pytest.mark.parametrize("n", range(1, 7))  # four pages, the e-mail file, the manifest
def test_a_writer_that_fails_midway_leaves_the_old_preview(tmp_path, small_writers, monkeypatch, n):
    out = tmp_path / "_preview"
    write(out, "1", OLD_CHAPTERS)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    _fail_on_call(monkeypatch, Path, "write_text", n)
    with pytest.raises(OSError):
        write(out, "2", NEW_CHAPTERS)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert assert_one_consistent_preview(out) == "1"


def test_a_failing_workbook_or_chapter_body_leaves_the_old_preview(tmp_path, small_writers,
                                                                  monkeypatch):
    out = tmp_path / "_preview"
    write(out, "1", OLD_CHAPTERS)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    _fail_on_call(monkeypatch, workbook_build, "write_report_workbook", 1)
    with pytest.raises(OSError):
        write(out, "2", NEW_CHAPTERS)
    _fail_on_call(monkeypatch, preview_pages, "chapter_body", 3)
    with pytest.raises(OSError):
        write(out, "3", NEW_CHAPTERS)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize("n", range(1, 17))  # every rename of the swap: old aside, new in
def test_a_rename_that_fails_anywhere_in_the_swap_is_undone(tmp_path, small_writers, monkeypatch, n):
    out = tmp_path / "_preview"
    write(out, "1", OLD_CHAPTERS)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real, calls = os.replace, []

    def replace(src, dst):
        if out not in Path(dst).parents or Path(dst).name == atomic.JOURNAL:
            return real(src, dst)
        calls.append(1)  # a move of the swap: an old entry aside, or a new one in
        if len(calls) == n:
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    try:
        write(out, "2", NEW_CHAPTERS)
        swapped = True
    except PermissionError:
        swapped = False
    monkeypatch.setattr(atomic.os, "replace", real)
    if swapped:  # n is past the last rename of this swap (7 old entries aside, 8 new in)
        assert n > len(calls) == 15 and assert_one_consistent_preview(out) == "2"
    else:
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert leftovers(out) == []


# --- the Quarto book --------------------------------------------------------

def _book(folder: Path, version: str, pages: list[str]) -> Path:
    (folder / "site_libs").mkdir(parents=True)
    (folder / "site_libs" / "lib.js").write_text(version, encoding="utf-8")
    for page in pages:
        (folder / page).write_text(version, encoding="utf-8")
    return folder


def _book_state(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("n", range(1, 8))
def test_the_quarto_book_swap_is_all_or_nothing(tmp_path, monkeypatch, n):
    out = _book(tmp_path / "_book", "old", ["index.html", "gammal.html"])
    before = _book_state(out)
    new = _book(tmp_path / ".oms-stage-1" / "html" / "_out", "new", ["index.html", "ny.html", "rapport.pdf"])
    real, calls = os.replace, []

    def replace(src, dst):
        if Path(dst).name != atomic.JOURNAL:
            calls.append(1)
            if len(calls) == n:
                raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    try:
        quarto_book._swap(new, out)
        ok = True
    except PermissionError:
        ok = False
    monkeypatch.setattr(atomic.os, "replace", real)
    if ok:
        assert _book_state(out) == {"index.html": "new", "ny.html": "new", "rapport.pdf": "new",
                                    "site_libs/lib.js": "new"}
    else:
        assert _book_state(out) == before
    assert leftovers(out) == []
