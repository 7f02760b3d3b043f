"""Writing a refresh (new raw files + catalog entries) all or nothing, and undoing it.

:func:`write_refresh` gets the new files already written and checked under temporary names in
the raw folder; it renames the files into place, writes the catalog atomically and records what it
did (``data/processed/refresh/senaste.json``: the files with their checksums and the catalog as
it was). If any step fails, what was done is undone. :func:`undo_refresh` (``python -m
analysis refresh --angra``) removes the files and restores the catalog of the last refresh, and
refuses if either was changed since (it never deletes what it did not write).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..core import atomic

UNDO_DIR = Path("data") / "processed" / "refresh"
RECORD = "senaste.json"


class UndoError(RuntimeError):
    """The last refresh cannot be undone safely (nothing was changed)."""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_refresh(root: Path, moves: list[tuple[Path, Path]], catalog_file: Path,
                  catalog_text: str) -> list[Path]:
    """Rename each checked temporary file to its final name and write the new catalog text.

    ``moves`` are ``(temporary, final)`` pairs in the raw folder. On any failure every renamed
    file is removed again and the catalog is left (or put back) as it was.
    """
    undo_dir = root / UNDO_DIR
    undo_dir.mkdir(parents=True, exist_ok=True)
    before = catalog_file.read_text(encoding="utf-8")
    record = {"catalog": str(catalog_file.relative_to(root)), "catalog_before": before,
              "catalog_after_sha256": hashlib.sha256(catalog_text.encode("utf-8")).hexdigest(),
              "files": [{"path": str(final.relative_to(root)), "sha256": _sha(tmp)} for tmp, final in moves]}
    done: list[Path] = []
    try:
        for tmp, final in moves:
            if final.exists():
                raise FileExistsError(f"{final} finns redan")
            os.replace(tmp, final)
            done.append(final)
        atomic.write_text(catalog_file, catalog_text)
        atomic.write_text(undo_dir / RECORD, json.dumps(record, ensure_ascii=False, indent=2))
    except BaseException:
        for final in done:
            final.unlink(missing_ok=True)
        if catalog_file.read_text(encoding="utf-8") != before:
            atomic.write_text(catalog_file, before)
        raise
    return done


def undo_refresh(root: Path) -> list[str]:
    """Remove the last refresh's raw files and restore the catalog; return the removed paths."""
    undo_dir = root / UNDO_DIR
    record_file = undo_dir / RECORD
    if not record_file.exists():
        raise UndoError(f"Det finns ingen uppdatering att ångra ({record_file.relative_to(root)} saknas).")
    record = json.loads(record_file.read_text(encoding="utf-8"))
    catalog_file = root / record["catalog"]
    if _sha(catalog_file) != record["catalog_after_sha256"]:
        raise UndoError(f"{record['catalog']} har ändrats efter uppdateringen; ångra för hand (katalogen "
                        f"före uppdateringen står under 'catalog_before' i {record_file.relative_to(root)}). "
                        "Inget har ändrats.")
    for f in record["files"]:
        path = root / f["path"]
        if path.exists() and _sha(path) != f["sha256"]:
            raise UndoError(f"{f['path']} har ändrats efter uppdateringen och tas inte bort. Inget har ändrats.")
    atomic.write_text(catalog_file, record["catalog_before"])
    removed = []
    for f in record["files"]:
        path = root / f["path"]
        if path.exists():
            path.unlink()
            removed.append(f["path"])
    record_file.unlink()
    return removed
