"""Writing files so that a reader sees the old version or the new one, never a mix.

One mechanism for every output set (``extract``'s tables, the preview, the PDF preview, the
Quarto book):

* :func:`write_text` / :func:`write_bytes`: one file, written to a temporary file in the same
  folder, flushed to disk, then renamed over the target (``os.replace`` is atomic on one file
  system). A failure leaves the old file as it was and no temporary file behind.
* :func:`output_set`: a context manager that gives the writer a fresh staging folder inside the
  output folder; when the writer is done, everything in it is swapped in with :func:`swap_in`.
  If the writer fails, the output folder is untouched and the staging folder is removed.
* :func:`swap_in`: a *set* of names staged in a folder replaces the same names in the output
  folder, all or nothing (files or folders). The old entries are moved aside first; if any move
  fails, every move is undone. A journal (``.swap-journal.json``) written before the first move
  and removed after the last one (the commit point) lets :func:`recover` put the old set back
  after a run was killed mid-swap. ``remove`` names old entries the new set no longer has.
* Staging folders carry the writing process's id (:func:`stage_folder`); :func:`clean_stale`
  removes those whose process is gone (a killed run), never a live run's. Swaps and recoveries
  of one output folder hold an exclusive lock on it (``flock``), so two runs cannot interleave.

The tests fault the writes at every point (a writer that raises, a rename that fails, a process
killed with SIGKILL while staging or mid-swap) and check that nothing mixed stays:
``tests/unit/test_atomic_outputs.py`` and ``tests/unit/test_atomic_preview.py``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

JOURNAL = ".swap-journal.json"
STAGE_PREFIX = ".oms-new-"
BACKUP_PREFIX = ".swap-old-"


def _read_umask() -> int:
    # mkstemp/mkdtemp create private (0600/0700) entries; what is swapped in must get the modes
    # an ordinary write would give, or a report folder served by a web server becomes unreadable.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
FILE_MODE = 0o666 & ~_UMASK
FOLDER_MODE = 0o777 & ~_UMASK


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:  # an existing file keeps its mode; a new one gets the ordinary one
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = FILE_MODE
        os.fchmod(fd, mode)
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


# --- staging folders ---------------------------------------------------------------------------

def create_bytes(path: str | Path, data: bytes) -> Path:
    """Write a *new* file ``path`` atomically; :class:`FileExistsError` if it exists already.

    For records that are never changed once written: the bytes go to a temporary file (written
    and renamed by :func:`write_bytes`), which is then hard-linked to ``path``. The link either
    creates ``path`` with all the bytes or fails because ``path`` exists (even when another
    process made it a moment ago); nothing is ever overwritten.
    """
    path = Path(path)
    pending = path.with_name(f".{path.name}.{os.getpid()}.pending")
    write_bytes(pending, data)
    try:
        os.link(pending, path)
    finally:
        pending.unlink(missing_ok=True)
    return path


def stage_folder(parent: str | Path, prefix: str = STAGE_PREFIX) -> Path:
    """A new empty folder ``<prefix><pid>-<random>`` in ``parent`` (same file system as the target)."""
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
    folder.chmod(FOLDER_MODE)  # it may be swapped in as the output folder itself
    return folder


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def clean_stale(parent: str | Path, prefix: str = STAGE_PREFIX) -> list[str]:
    """Remove staging folders ``<prefix><pid>-*`` in ``parent`` left by runs that are gone.

    A folder whose process still runs is left alone (two runs may write side by side); one
    without a process id (an older version's) counts as stale. Returns the names removed."""
    parent = Path(parent)
    removed = []
    for folder in sorted(parent.glob(f"{prefix}*")) if parent.is_dir() else []:
        head = folder.name[len(prefix):].split("-", 1)[0]
        if head.isdigit() and _alive(int(head)):
            continue
        shutil.rmtree(folder, ignore_errors=True) if folder.is_dir() else folder.unlink(missing_ok=True)
        removed.append(folder.name)
    return removed


@contextlib.contextmanager
def _locked(out: Path) -> Iterator[None]:
    """An exclusive lock on the folder ``out`` itself (released when the process dies)."""
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


# --- swapping a set in -------------------------------------------------------------------------

def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _undo(out: Path, backup: Path, staged: Path, moved_new: list[str],
          moved_old: list[str]) -> None:
    for name in reversed(moved_new):
        os.replace(out / name, staged / name)
    for name in reversed(moved_old):
        os.replace(backup / name, out / name)


def swap_in(staged: str | Path, out: str | Path, names: list[str],
            remove: Iterable[str] = ()) -> list[Path]:
    """Move ``staged/<name>`` to ``out/<name>`` for every name, all or nothing.

    ``remove``: names in ``out`` that the new set does not have; they go with the old set.
    ``staged`` must be on the same file system as ``out`` (make it inside ``out`` or beside it).
    On failure the old entries are back in place and the error is raised; on success they are
    gone."""
    staged, out = Path(staged), Path(out)
    remove = [n for n in remove if n not in names]
    with _locked(out):
        _recover(out)
        backup = stage_folder(out, BACKUP_PREFIX)
        journal = out / JOURNAL
        everything = [*names, *remove]
        write_text(journal, json.dumps({"backup": backup.name, "staged": str(staged),
                                        "names": everything,
                                        "old": [n for n in everything if (out / n).exists()]}))
        moved_old: list[str] = []
        moved_new: list[str] = []
        try:
            for name in everything:
                if (out / name).exists() or (out / name).is_symlink():
                    os.replace(out / name, backup / name)
                    moved_old.append(name)
            for name in names:
                os.replace(staged / name, out / name)
                moved_new.append(name)
        except BaseException:
            _undo(out, backup, staged, moved_new, moved_old)
            journal.unlink(missing_ok=True)
            shutil.rmtree(backup, ignore_errors=True)
            raise
        journal.unlink()  # the commit point: from here on the new set stays
        shutil.rmtree(backup, ignore_errors=True)
    return [out / name for name in names]


def _recover(out: Path) -> list[str]:
    journal = out / JOURNAL
    restored = []
    if journal.exists():
        info = json.loads(journal.read_text(encoding="utf-8"))
        backup = out / info["backup"]
        for name in info["names"]:
            if (backup / name).exists() or (backup / name).is_symlink():
                if (out / name).exists() or (out / name).is_symlink():
                    _remove(out / name)  # the new entry that had been moved in
                os.replace(backup / name, out / name)
                restored.append(name)
            elif name not in info["old"] and (out / name).exists():
                _remove(out / name)  # new in this swap: there was no old entry to go back to
        journal.unlink()
        staged = Path(info["staged"])
        if staged.parent == out:
            shutil.rmtree(staged, ignore_errors=True)  # the interrupted run's new set
    # Without a journal (we hold the lock, so no swap runs) a backup folder is a killed run's
    # finished swap: its old entries are no longer wanted.
    for folder in out.glob(f"{BACKUP_PREFIX}*"):
        shutil.rmtree(folder, ignore_errors=True)
    return restored


def recover(out: str | Path) -> list[str]:
    """Undo a swap that was interrupted (a journal is left in ``out``): the old entries go back.

    Also removes what a killed run left behind in ``out`` (backup and staging folders of runs
    that are gone). Returns the names put back (empty when there was nothing to recover)."""
    out = Path(out)
    if not out.is_dir():
        return []
    with _locked(out):
        restored = _recover(out)
    clean_stale(out)
    return restored


@contextlib.contextmanager
def output_set(out: str | Path, *,
               replaces: Iterable[str] | Callable[[Path], Iterable[str]] = ()) -> Iterator[Path]:
    """Write an output set all or nothing: ``with output_set(out) as staged: <write into staged>``.

    Before: an interrupted swap in ``out`` is undone and stale staging folders are removed.
    After the block: every entry written into ``staged`` is swapped into ``out`` at once, and
    the names in ``replaces`` that the new set does not have (an earlier set's pages) go with
    the old set; a callable is given ``out`` after the recovery (so that it reads the earlier
    set as it was, not half-swapped). If the block raises, ``out`` is as it was. The staging
    folder never stays."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    if callable(replaces):
        replaces = list(replaces(out))
    staged = stage_folder(out)
    try:
        yield staged
        names = sorted(p.name for p in staged.iterdir())
        swap_in(staged, out, names, remove=replaces)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
