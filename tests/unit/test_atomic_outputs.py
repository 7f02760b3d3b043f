"""extract's output set is swapped in whole: a failure to write or move any one file, or a run
killed mid-swap, never leaves new and old files mixed."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest

from analysis.core import atomic
from analysis.pipeline import extract

NAMES = ["a.csv", "b.csv", "c.csv", "d.csv"]


def _old_set(out):
    out.mkdir(parents=True, exist_ok=True)
    for n in NAMES:
        (out / n).write_text(f"old {n}\n", encoding="utf-8")
    return {n: (out / n).read_bytes() for n in NAMES}


def _new_tables():
    return {n: pd.DataFrame({"new": [n]}) for n in NAMES}


def _state(out):
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.parametrize("failing", NAMES)
def test_a_file_that_cannot_be_written_leaves_the_old_set(tmp_path, monkeypatch, failing):
    out = tmp_path / "processed"
    before = _old_set(out)
    real = pd.DataFrame.to_csv

    def to_csv(self, path, *a, **k):
        if os.fspath(path).endswith(failing):
            raise OSError(28, "No space left on device")
        return real(self, path, *a, **k)

    monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)
    with pytest.raises(OSError):
        extract.write_all(_new_tables(), out)
    assert _state(out) == before  # every old file, nothing new, no temporary folder


@pytest.mark.parametrize("fail_at", range(1, 2 * len(NAMES) + 1))
def test_a_move_that_fails_anywhere_in_the_swap_is_undone(tmp_path, monkeypatch, fail_at):
    out = tmp_path / "processed"
    before = _old_set(out)
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(1)
        if len(calls) == fail_at:
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", lambda s, d: replace(s, d) if str(d).endswith(
        tuple(NAMES)) and atomic.JOURNAL not in str(d) else real(s, d))
    with pytest.raises(PermissionError):
        extract.write_all(_new_tables(), out)
    monkeypatch.setattr(atomic.os, "replace", real)
    assert _state(out) == before


def test_success_replaces_every_file_and_leaves_nothing_else(tmp_path):
    out = tmp_path / "processed"
    _old_set(out)
    (out / "cache").mkdir()  # other things in the folder are left alone
    written = extract.write_all(_new_tables(), out)
    assert [p.name for p in written] == NAMES
    assert sorted(p.name for p in out.iterdir()) == sorted([*NAMES, "cache"])
    assert (out / "c.csv").read_text(encoding="utf-8") == "new\nc.csv\n"


def test_a_run_killed_mid_swap_is_undone_by_the_next(tmp_path):
    out = tmp_path / "processed"
    before = _old_set(out)
    staged = out / ".extract-x"
    staged.mkdir()
    backup = out / ".swap-old-x"
    backup.mkdir()
    for n in NAMES:
        (staged / n).write_text(f"new {n}\n", encoding="utf-8")
    # the killed run had moved a, b aside and a new a in
    os.replace(out / "a.csv", backup / "a.csv")
    os.replace(out / "b.csv", backup / "b.csv")
    os.replace(staged / "a.csv", out / "a.csv")
    (out / atomic.JOURNAL).write_text(json.dumps(
        {"backup": backup.name, "staged": str(staged), "names": NAMES, "old": NAMES}), encoding="utf-8")
    assert atomic.recover(out) == ["a.csv", "b.csv"]
    assert {n: (out / n).read_bytes() for n in NAMES} == before
    assert not (out / atomic.JOURNAL).exists() and not backup.exists() and not staged.exists()


def test_write_text_is_atomic(tmp_path, monkeypatch):
    f = tmp_path / "x.txt"
    f.write_text("old", encoding="utf-8")
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with pytest.raises(OSError):
        atomic.write_text(f, "new")
    assert f.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_outputs_get_ordinary_modes_not_private_ones(tmp_path):
    """Temporary files and folders are private (0600/0700); what is swapped in must not be."""
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    new = atomic.write_text(tmp_path / "ny.html", "x")
    assert new.stat().st_mode & 0o777 == 0o666 & ~mask
    kept = tmp_path / "behåll.txt"
    kept.write_text("x")
    kept.chmod(0o640)
    atomic.write_text(kept, "y")
    assert kept.stat().st_mode & 0o777 == 0o640
    assert atomic.stage_folder(tmp_path).stat().st_mode & 0o777 == 0o777 & ~mask
