"""Every setting the package reads from the environment, with its default: the one place.

Users rarely need any of them: the defaults are the project's own folders. Tests, benchmarks and
the report build set them for their own runs. No other module reads ``os.environ`` for an
``OMS_*`` variable; each asks here (a test checks). The folders, with their defaults, are
resolved in :mod:`analysis.core.paths` (``tables_dir()``, ``cache_dir()``, …), which asks here;
this module imports nothing of the package.

| variable | default | meaning |
| --- | --- | --- |
| ``OMS_PROJECT_ROOT`` | the checkout holding this package | the project tree to read and write (tests, benchmarks) |
| ``OMS_TABLES_DIR`` | ``data/processed/tables`` | the tables store (validated tables as parquet) |
| ``OMS_CACHE_DIR`` | ``data/processed/cache`` | the build cache of findings shared by the chapters' kernels |
| ``OMS_NO_CACHE`` | unset | ``1``: compute everything afresh, store nothing |
| ``OMS_ASSESSMENT_DIR`` | ``data/assessment`` | the evaluator's assessment files to read |
| ``OMS_OUTCOMES_FILE`` | ``data/outcomes/outcomes.csv`` | the evaluator's outcomes file to read |
| ``OMS_ISSUED_DIR`` | ``data/issued`` | the records of issued reports (``python -m analysis utge``) |
| ``OMS_REPORT_MODE`` | unset (notebook) | how a chapter displays: ``preview`` or ``quarto`` (set by the report build per kernel) |
| ``OMS_REPORT_CHAPTER`` | unset | the chapter file a kernel runs (for messages and figure names) |
| ``OMS_REPORT_TARGET`` | unset | ``html`` or ``typst``: only that format's variant of each figure |
| ``OMS_REPORT_VARIANTS`` | unset | ``1``: figures also written per format (the book's own kernels) |
| ``OMS_REPORT_IMAGES`` | unset | ``defer``: figures saved as JSON and drawn as images later, in one browser |
| ``OMS_RECORDS_DIR`` | ``report/.oms-tables`` | where a plain ``quarto render``'s chapters record the tables they show (the workbook is made from them) |
"""

from __future__ import annotations

import os
from pathlib import Path

#: every variable, with its meaning (the table above, as data)
VARIABLES: dict[str, str] = {
    "OMS_PROJECT_ROOT": "the project tree to read and write",
    "OMS_TABLES_DIR": "the tables store",
    "OMS_CACHE_DIR": "the build cache of findings",
    "OMS_NO_CACHE": "compute everything afresh",
    "OMS_ASSESSMENT_DIR": "the evaluator's assessment files",
    "OMS_OUTCOMES_FILE": "the evaluator's outcomes file",
    "OMS_ISSUED_DIR": "the records of issued reports",
    "OMS_REPORT_MODE": "how a chapter displays (preview, quarto)",
    "OMS_REPORT_CHAPTER": "the chapter file a kernel runs",
    "OMS_REPORT_TARGET": "one format's figure variants only (html, typst)",
    "OMS_REPORT_VARIANTS": "figures written per format",
    "OMS_REPORT_IMAGES": "figures drawn later, in one browser (defer)",
    "OMS_RECORDS_DIR": "the tables a plain quarto render's chapters recorded",
}


def raw(name: str) -> str | None:
    """The variable's value as set, or None where it is unset or empty."""
    if name not in VARIABLES:
        raise KeyError(f"{name} is not a setting of this package (see analysis.core.settings)")
    return os.environ.get(name) or None


def project_root() -> Path | None:
    value = raw("OMS_PROJECT_ROOT")
    return Path(value).resolve() if value else None


def cache_disabled() -> bool:
    return raw("OMS_NO_CACHE") is not None


def report_mode() -> str:
    """``preview``, ``quarto`` or ``''`` (not set: a notebook, or Quarto's own engine)."""
    return raw("OMS_REPORT_MODE") or ""


def report_chapter() -> str:
    """The chapter file the report build runs in this kernel, or ``''``."""
    return raw("OMS_REPORT_CHAPTER") or ""


def report_target() -> str | None:
    return raw("OMS_REPORT_TARGET")


def report_variants() -> bool:
    return raw("OMS_REPORT_VARIANTS") == "1"


def report_images_deferred() -> bool:
    return raw("OMS_REPORT_IMAGES") == "defer"


#: entry files that may be read from elsewhere (the tests point them at the TESTDATA fixtures)
MOVED_INPUTS = ("OMS_ASSESSMENT_DIR", "OMS_OUTCOMES_FILE", "OMS_ISSUED_DIR")
