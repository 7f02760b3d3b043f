"""The display state a kernel shares: its mode, target format and the chapter's unique ids.

:mod:`analysis.present.display` (figures), :mod:`analysis.present.report_tables` (tables) and
:mod:`analysis.present.table_records` (the workbook's records) all ask this module, which imports
none of them: the mode a kernel shows itself in (``notebook``, ``preview``, ``quarto``; see
:mod:`analysis.present.display`), the output format it writes for, the id counter that keeps
div and table ids unique within a chapter, and the small display facts the three share (which
column headers name years, a figure's title as text).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

from ..core import settings

MODE_ENV = "OMS_REPORT_MODE"  # set to "preview" by analysis.report for the preview kernel
TARGET_ENV = "OMS_REPORT_TARGET"  # "typst": only the static variant (PDF preview kernel)
TARGETS = ("html", "typst")
MODES = ("notebook", "preview", "quarto")
QUARTO_ENV_VARS = ("QUARTO_FIG_FORMAT", "QUARTO_DOCUMENT_PATH", "QUARTO_PROJECT_ROOT",
                   "QUARTO_EXECUTE_INFO")

# A column with this header holds years: shown and stored as labels (2018, never 2 018).
YEAR_HEADERS = re.compile(r"(^|\s)(år|year|budgetår)$", re.IGNORECASE)

_state: dict = {"mode": None, "target": None, "prefix": "", "ids": Counter()}


def detect_mode() -> str:
    env = settings.report_mode()
    if env in MODES:
        return env
    # Quarto's Jupyter engine sets these for the kernel it starts
    if any(os.environ.get(v) for v in QUARTO_ENV_VARS):
        return "quarto"
    return "notebook"


def _chapter_prefix() -> str:
    """The chapter's file stem, so that div ids stay unique when chapters share one page."""
    name = settings.report_chapter() or os.environ.get("QUARTO_DOCUMENT_FILE") or ""
    return Path(name).stem


def configure(mode: str | None = None, target: str | None = None) -> str:
    """Set the display mode for this kernel (called by ``report_setup.setup``); resets div ids."""
    mode = mode or detect_mode()
    _state["prefix"] = _chapter_prefix() if mode != "notebook" else ""
    if mode not in MODES:
        raise ValueError(f"Okänt visningsläge {mode!r}; giltiga: {', '.join(MODES)}")
    _state["mode"] = mode
    # Under Quarto both variants are written (HTML and the static image for Typst), each in a
    # content-visible div, unless the target format is known: ``target`` (tests, tools), our own
    # OMS_REPORT_TARGET (set by analysis.report for one kernel), or, under ``quarto render``,
    # the format Quarto names in QUARTO_EXECUTE_INFO (:func:`quarto_target`).
    target = target or settings.report_target() or (quarto_target() if mode == "quarto"
                                                      else None)
    if target is not None and target not in TARGETS:
        raise ValueError(f"Okänt utdataformat {target!r}; giltiga: {', '.join(TARGETS)}")
    _state["target"] = target
    _state["ids"] = Counter()
    return mode


QUARTO_TARGETS = {"html": "html", "typst": "typst"}


def quarto_target() -> str | None:
    """The format Quarto's own Jupyter engine is executing this chapter for, if it says.

    Quarto (>= 1.8) writes a JSON file per document and format and names it in the kernel's
    ``QUARTO_EXECUTE_INFO``; ``format.identifier.base-format`` is ``html`` or ``typst``. This
    holds because the book sets ``execute: daemon: false``: each chapter and format gets a
    fresh kernel (a kept-alive kernel would still see the first format's file). Anything else
    (no file, an unreadable one, another format) gives ``None``: both variants are written.
    """
    info = os.environ.get("QUARTO_EXECUTE_INFO")
    if not info:
        return None
    try:
        with open(info, encoding="utf-8") as f:
            fmt = json.load(f)["format"]["identifier"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return QUARTO_TARGETS.get(fmt.get("base-format") or fmt.get("target-format"))


def current_mode() -> str:
    if _state["mode"] is None:
        configure()
    return _state["mode"]


def current_target() -> str | None:
    """The output format this kernel writes for (``None``: both variants)."""
    return _state["target"]


def unique_id(base: str) -> str:
    """An id for a div or table, unique within the chapter (numbered on repeats)."""
    if _state["prefix"]:
        base = f"{_state['prefix']}-{base}"
    slug = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-") or "figur"
    _state["ids"][slug] += 1
    n = _state["ids"][slug]
    return slug if n == 1 else f"{slug}-{n}"


def chart_title(chart) -> str:
    """A figure's title as plain text (its alt text where it has no title)."""
    title = chart.figure.layout.title.text
    # only the factories' own line breaks and subscripts are markup; any other "<…>" is text
    return " ".join(re.sub(r"<br>|</?sub>", " ", title).split()) if title else chart.alt
