"""Build the report once per test session, shared by test_report.py and test_browser.py.

With pytest-xdist the workers share one build: the first takes a file lock and builds, the others
wait and reuse the result (the session's base temp directory's parent is common to all workers).
"""

from __future__ import annotations

import fcntl
import json
import shutil
from pathlib import Path


def shared_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker has basetemp .../popen-gw0; its parent is shared by the workers.
    root = base.parent if base.name.startswith("popen-gw") else base
    return root / "oms-report-build"


def build_preview_once(tmp_path_factory) -> Path:
    """Execute every chapter (default parameters) and write the preview; returns its directory."""
    from analysis.report import build_preview

    out = shared_dir(tmp_path_factory)
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = out.parent / "oms-report-build.lock"
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            done = out / "manifest.json"
            failed = out / "FAILED"
            if failed.exists():
                raise RuntimeError(failed.read_text(encoding="utf-8"))
            if not done.exists():
                try:
                    build_preview(None, out, log=lambda *a: None)
                except Exception as err:  # remember for the other worker, then fail here too
                    out.mkdir(parents=True, exist_ok=True)
                    failed.write_text(f"{type(err).__name__}: {err}", encoding="utf-8")
                    raise
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return out


def computed_once(tmp_path_factory, name: str, compute):
    """``compute()`` once per test run, shared by xdist workers through a JSON file."""
    root = shared_dir(tmp_path_factory).parent
    root.mkdir(parents=True, exist_ok=True)
    result = root / f"oms-{name}.json"
    with open(root / f"oms-{name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            if not result.exists():
                result.write_text(json.dumps(compute(), ensure_ascii=False), encoding="utf-8")
            return json.loads(result.read_text(encoding="utf-8"))
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def quarto_html_dir() -> Path | None:
    """The Quarto HTML book when quarto exists (rendered here), else None."""
    if shutil.which("quarto") is None:
        return None
    from analysis.core import paths
    from analysis.report import render_quarto

    assert render_quarto(None, "html") == 0, "quarto render --to html misslyckades"
    return paths.REPORT / "_book"
