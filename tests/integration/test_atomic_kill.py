"""A real SIGKILL of a process writing the preview, while staging and at points of the swap:
the previous preview stays complete and consistent, and the next run cleans up after it."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from analysis.core import atomic
from preview_sets import (NEW_CHAPTERS, OLD_CHAPTERS, assert_one_consistent_preview,
                          leftovers, small_writers, write)  # noqa: F401  (a fixture)

pytestmark = pytest.mark.integration

WRITER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from preview_sets import chapters
    from analysis.core import atomic
    from analysis.pipeline import preview_pages as pp
    from analysis.pipeline import workbook_build as wc
    from analysis.present.workbook import WORKBOOK_NAME

    out, mode, marker, version = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4]
    js = out.parent / "plotly.js"
    js.write_text("/* plotly */", encoding="utf-8")
    pp.plotly_js_path = lambda: js
    wc.write_report_workbook = lambda d, t=None: atomic.write_text(Path(d) / WORKBOOK_NAME,
                                                                   "arbetsbok " + version)

    def hang():
        marker.write_text("nu", encoding="utf-8")
        time.sleep(120)

    if mode.startswith("page"):  # killed after writing some pages into the staging folder
        real, n = pp.chapter_body, [0]
        def body(nb):
            n[0] += 1
            if n[0] == int(mode[4:]):
                hang()
            return real(nb)
        pp.chapter_body = body
    elif mode.startswith("swap"):  # killed after some renames of the swap
        real_replace, n = os.replace, [0]
        def replace(src, dst):
            if out in Path(dst).parents and Path(dst).name != atomic.JOURNAL:
                n[0] += 1
                if n[0] == int(mode[4:]):
                    hang()
            return real_replace(src, dst)
        atomic.os.replace = replace
    pp.write_preview(out, chapters(version, {names!r}), "Boken", {{"version": version}})
""")


def _run_and_kill(tmp_path, out, mode, version):
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(tests=str(Path(__file__).parent.parent), names=NEW_CHAPTERS),
                      encoding="utf-8")
    marker = tmp_path / f"marker-{mode}"
    proc = subprocess.Popen([sys.executable, str(script), str(out), mode, str(marker), version])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the writer ended before the point it should be killed at"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


@pytest.mark.parametrize("mode", ["page1", "page3", "swap1", "swap4", "swap7", "swap8", "swap12", "swap15"])
def test_a_run_killed_with_sigkill_leaves_the_old_preview_and_is_cleaned_up(tmp_path, small_writers,
                                                                             mode):
    out = tmp_path / "_preview"
    write(out, "1", OLD_CHAPTERS)
    _run_and_kill(tmp_path, out, mode, "2")
    assert leftovers(out)  # the killed run's staging folder (and journal, mid-swap) is there
    atomic.recover(out)  # what every next run does first
    assert assert_one_consistent_preview(out) == "1"
    assert leftovers(out) == []
    write(out, "3", NEW_CHAPTERS)  # and the next run writes normally
    assert assert_one_consistent_preview(out) == "3" and leftovers(out) == []


def test_the_next_run_cleans_up_after_a_killed_one_by_itself(tmp_path, small_writers):
    out = tmp_path / "_preview"
    write(out, "1", OLD_CHAPTERS)
    _run_and_kill(tmp_path, out, "swap5", "2")
    write(out, "3", NEW_CHAPTERS)
    assert assert_one_consistent_preview(out) == "3" and leftovers(out) == []


def test_a_live_runs_staging_folder_is_left_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    mine = atomic.stage_folder(out)  # this process is alive
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (out / f"{atomic.STAGE_PREFIX}{dead}-abc").mkdir()
    (out / f"{atomic.STAGE_PREFIX}legacy").mkdir()
    assert atomic.clean_stale(out) == [f"{atomic.STAGE_PREFIX}{dead}-abc", f"{atomic.STAGE_PREFIX}legacy"]
    assert leftovers(out) == [mine.name]


BOOK_SWAP = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from analysis.core import atomic
    from analysis.pipeline import quarto_book

    new, out, marker, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
    real_replace, moved_in = os.replace, [0]
    def replace(src, dst):
        if Path(dst).parent == out and Path(dst).name != atomic.JOURNAL:
            moved_in[0] += 1
            if moved_in[0] == kill_at:
                marker.write_text("nu", encoding="utf-8")
                time.sleep(120)
        return real_replace(src, dst)
    atomic.os.replace = replace
    quarto_book._swap(new, out)
""")


@pytest.mark.parametrize("kill_at", [2, 3])  # the new stamp (sorted first) is already in place
def test_a_book_swap_killed_after_the_new_stamp_is_undone_before_the_stamp_is_trusted(
        tmp_path, monkeypatch, kill_at):
    from analysis.pipeline import quarto_book

    out = tmp_path / "report" / "_book"
    out.mkdir(parents=True)
    for name, text in [("index.html", "old"), ("metod.html", "old"), (quarto_book.PDF_NAME, "old"),
                       (quarto_book.STAMP, '{"key": "old"}')]:
        (out / name).write_text(text, encoding="utf-8")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    new = tmp_path / "report" / f".oms-stage-{gone}-x" / "html" / "_out"  # a finished process's
    new.mkdir(parents=True)
    for name, text in [("index.html", "new"), ("metod.html", "new"), (quarto_book.PDF_NAME, "new"),
                       (quarto_book.STAMP, '{"key": "K"}')]:
        (new / name).write_text(text, encoding="utf-8")
    script = tmp_path / "swap.py"
    script.write_text(BOOK_SWAP, encoding="utf-8")
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, str(script), str(new), str(out), str(marker), str(kill_at)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert (out / quarto_book.STAMP).read_text(encoding="utf-8") == '{"key": "K"}'  # mixed now

    class Executed(Exception):
        pass

    def execute(*args, **kwargs):
        raise Executed  # the build went on instead of trusting the half-swapped stamp

    monkeypatch.setattr(quarto_book.shutil, "which", lambda name: "/usr/bin/true")
    monkeypatch.setattr(quarto_book, "chapter_files", lambda report_dir: ["index.qmd", "metod.qmd"])
    monkeypatch.setattr(quarto_book, "write_quarto_assets", lambda report_dir: None)
    monkeypatch.setattr(quarto_book, "quarto_version", lambda quarto: "1")
    monkeypatch.setattr(quarto_book, "build_key", lambda *a: "K")
    monkeypatch.setattr(quarto_book, "_execute", execute)
    with pytest.raises(Executed):
        quarto_book.build_book(out_dir=out, report_dir=tmp_path / "report", log=lambda *a: None)
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == {
        "index.html": "old", "metod.html": "old", quarto_book.PDF_NAME: "old",
        quarto_book.STAMP: '{"key": "old"}'}
    assert sorted(p.name for p in (tmp_path / "report").iterdir()) == ["_book"]  # stages gone
