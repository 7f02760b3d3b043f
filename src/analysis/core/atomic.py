"""Writing files so that a reader sees the old version or the new one, never a mix.

* :func:`write_text` / :func:`write_bytes`: one file, written to a temporary file in the same
  folder, flushed to disk, then renamed over the target (``os.replace`` is atomic on one file
  system). A failure leaves the old file as it was and no temporary file behind.
* :func:`swap_in`: a *set* of files staged in a folder replaces the same names in the output
  folder, all or nothing. The old files are moved aside first; if any move fails, every move is
  undone. A journal (``.swap-journal.json``) written before the first move and removed after
  the last one lets :func:`recover` put the old set back after a run was killed mid-swap.

Other writers of output sets can use the same functions; the tests of each writer fault the
writes (a file that cannot be written, a rename that fails) and check that nothing mixed stays.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

JOURNAL = ".swap-journal.json"


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`write_bytes`)."""
    return write_bytes(path, text.encode(encoding))


def _undo(out: Path, backup: Path, staged: Path, names: list[str], moved_new: list[str],
          moved_old: list[str]) -> None:
    for name in reversed(moved_new):
        os.replace(out / name, staged / name)
    for name in reversed(moved_old):
        os.replace(backup / name, out / name)


def swap_in(staged: str | Path, out: str | Path, names: list[str]) -> list[Path]:
    """Move ``staged/<name>`` to ``out/<name>`` for every name, all or nothing.

    ``staged`` must be on the same file system as ``out`` (make it inside ``out``). On failure
    the old files are back in place and the error is raised; on success the old files are gone.
    """
    staged, out = Path(staged), Path(out)
    recover(out)
    backup = Path(tempfile.mkdtemp(prefix=".swap-old-", dir=out))
    journal = out / JOURNAL
    write_text(journal, json.dumps({"backup": backup.name, "staged": str(staged), "names": names,
                                    "old": [n for n in names if (out / n).exists()]}))
    moved_old: list[str] = []
    moved_new: list[str] = []
    try:
        for name in names:
            if (out / name).exists():
                os.replace(out / name, backup / name)
                moved_old.append(name)
        for name in names:
            os.replace(staged / name, out / name)
            moved_new.append(name)
    except BaseException:
        _undo(out, backup, staged, names, moved_new, moved_old)
        journal.unlink(missing_ok=True)
        shutil.rmtree(backup, ignore_errors=True)
        raise
    journal.unlink()
    shutil.rmtree(backup, ignore_errors=True)
    return [out / name for name in names]


def recover(out: str | Path) -> list[str]:
    """Undo a swap that was interrupted (a journal is left in ``out``): the old files go back.

    Returns the names put back (empty when there was nothing to recover)."""
    out = Path(out)
    journal = out / JOURNAL
    if not journal.exists():
        return []
    info = json.loads(journal.read_text(encoding="utf-8"))
    backup = out / info["backup"]
    restored = []
    for name in info["names"]:
        if (backup / name).exists():
            os.replace(backup / name, out / name)
            restored.append(name)
        elif name not in info["old"] and (out / name).exists():
            (out / name).unlink()  # new in this swap: there was no old file to go back to
    journal.unlink()
    shutil.rmtree(backup, ignore_errors=True)
    staged = Path(info["staged"])
    if staged.parent == out:
        shutil.rmtree(staged, ignore_errors=True)  # the interrupted run's new set
    return restored
