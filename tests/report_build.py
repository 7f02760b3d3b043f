"""Build the report once per test session, shared by test_report.py and test_browser.py.

With pytest-xdist the workers share one build: the first takes a file lock and builds, the others
wait and reuse the result (the session's base temp directory's parent is common to all workers).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path


def shared_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker has basetemp .../popen-gw0; its parent is shared by the workers.
    root = base.parent if base.name.startswith("popen-gw") else base
    return root / "oms-report-build"


def _build_once(tmp_path_factory, name: str, build) -> Path:
    """``build(out)`` once per test run, shared by the xdist workers through a file lock.

    A failure is remembered (``<out>.FAILED``) so that the other worker fails with the same
    message instead of building again.
    """
    out = shared_dir(tmp_path_factory).parent / name
    out.parent.mkdir(parents=True, exist_ok=True)
    failed = out.parent / f"{name}.FAILED"
    done = out.parent / f"{name}.done"
    with open(out.parent / f"{name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            if failed.exists():
                raise RuntimeError(failed.read_text(encoding="utf-8"))
            if not done.exists():
                try:
                    build(out)
                except Exception as err:  # remember for the other worker, then fail here too
                    failed.write_text(f"{type(err).__name__}: {err}", encoding="utf-8")
                    raise
                done.touch()
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return out


def build_preview_once(tmp_path_factory) -> Path:
    """Execute every chapter (default parameters) and write the preview; returns its directory."""
    from analysis.pipeline.report import build_preview

    return _build_once(tmp_path_factory, "oms-report-build",
                       lambda out: build_preview(None, out, log=lambda *a: None))


def quarto_available() -> bool:
    """Quarto on PATH; where CI promises it (OMS_REQUIRE_QUARTO=1), its absence is a failure."""
    if shutil.which("quarto"):
        return True
    if os.environ.get("OMS_REQUIRE_QUARTO"):
        raise AssertionError("OMS_REQUIRE_QUARTO är satt men quarto finns inte på PATH")
    return False


def build_quarto_once(tmp_path_factory) -> Path:
    """The real book, HTML and PDF, rendered by Quarto once per test run; its directory."""
    from analysis.pipeline.quarto_book import build_book

    return _build_once(tmp_path_factory, "oms-quarto-book",
                       lambda out: build_book(None, out_dir=out, log=lambda *a: None, force=True))


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
