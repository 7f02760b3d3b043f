"""The documentation names only what exists: every ``analysis.…`` name imports, every path is there.

README.md and docs/*.md name modules, functions and files for a newcomer; when code moves, a stale
name sends the reader to nothing. This test reads every name in backticks and checks it.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "analysis"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SUBPACKAGES = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("_")}
TOP_FOLDERS = ("src/", "tests/", "data/", "report/", "notebooks/", "docs/", "scripts/", "benchmarks/",
               ".ci/")

CODE = re.compile(r"`([^`\n]+)`")
DOTTED = re.compile(r"\banalysis(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
PATHLIKE = re.compile(r"^[A-Za-z0-9_.\-/]+$")
# What the commands write (not in a clean clone): named in the docs as where output goes.
GENERATED = ("report/_preview", "report/_book", "report/.oms-", "notebooks/.oms-", "data/processed",
             "data/assessment/bedomning.xlsx",
             ".venv", ".make", "node_modules", ".quarto")


def _spans(doc: Path):
    for lineno, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
        for m in CODE.finditer(line):
            yield lineno, m.group(1).strip()


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def _path_exists(token: str) -> bool | None:
    """True/False for a path the docs name; None where the token is not a checkable path."""
    token = token.rstrip("/").split(":")[0]
    if not PATHLIKE.match(token) or any(c in token for c in "<>*…"):
        return None
    if token.startswith(GENERATED):
        return None
    if token.startswith(TOP_FOLDERS):
        return (ROOT / token).exists()
    first = token.split("/")[0]
    if "/" in token and first in SUBPACKAGES:
        base = PACKAGE / token
        return base.exists() or base.with_suffix(".py").exists()
    return None


def _references():
    for doc in DOCS:
        for lineno, span in _spans(doc):
            for name in DOTTED.findall(span):
                yield doc, lineno, "name", name
            for word in span.split():
                if _path_exists(word) is not None:
                    yield doc, lineno, "path", word


def test_every_name_and_path_the_docs_mention_exists():
    stale = []
    for doc, lineno, kind, ref in _references():
        ok = _resolves(ref) if kind == "name" else _path_exists(ref)
        if not ok:
            stale.append(f"{doc.relative_to(ROOT)}:{lineno}: {ref}")
    assert not stale, "docs name what does not exist:\n" + "\n".join(stale)


def test_the_check_finds_a_stale_name_and_path(tmp_path):
    # The checks themselves: a moved function and a removed file are caught.
    assert not _resolves("analysis.core.formatting.no_such_function")
    assert not _resolves("analysis.no_such_module.thing")
    assert _resolves("analysis.core.formatting.format_sek")
    assert _path_exists("core/no_such_module") is False
    assert _path_exists("core/formatting") is True
    assert _path_exists("data/catalog.yml") is True
    assert _path_exists("data/no-such.csv") is False


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_readme_and_docs_are_readable_lengths(doc):
    # A newcomer finds the two commands and where things are in about two screens of README.
    if doc.name == "README.md":
        assert len(doc.read_text(encoding="utf-8").splitlines()) <= 110
