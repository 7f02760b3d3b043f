"""One settings module: every OMS_* variable is read there and documented there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.core import paths, settings

PACKAGE = Path(settings.__file__).resolve().parents[1]


def test_no_other_module_reads_an_oms_variable_from_the_environment():
    # by name, or through a module's constant (MODE_ENV = "OMS_…" read with environ.get(MODE_ENV))
    reads = re.compile(r"environ(?:\.get)?\s*[\[(]\s*(?:[\"']OMS_|[A-Z_]*ENV\b)|getenv\(\s*[\"']OMS_")
    offenders = [f"{p.relative_to(PACKAGE)}:{n}" for p in PACKAGE.rglob("*.py") if p.name != "settings.py"
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if reads.search(line)]
    assert not offenders, offenders


def test_every_variable_is_in_the_documented_table():
    doc = settings.__doc__
    for name in settings.VARIABLES:
        assert f"``{name}``" in doc, name


def test_defaults_are_the_projects_own_folders_and_a_variable_moves_them(monkeypatch, tmp_path):
    for name in ("OMS_TABLES_DIR", "OMS_CACHE_DIR", "OMS_ASSESSMENT_DIR", "OMS_OUTCOMES_FILE", "OMS_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    assert paths.tables_dir() == paths.PROCESSED / "tables"
    assert paths.cache_dir() == paths.PROCESSED / "cache"
    assert paths.assessment_dir() == paths.DATA / "assessment"
    assert paths.outcomes_file() == paths.DATA / "outcomes" / "outcomes.csv"
    assert not settings.cache_disabled() and paths.moved_inputs() == []
    monkeypatch.setenv("OMS_ASSESSMENT_DIR", str(tmp_path))
    monkeypatch.setenv("OMS_OUTCOMES_FILE", "tests/fixtures/x.csv")  # relative: to the project
    assert paths.assessment_dir() == tmp_path
    assert paths.outcomes_file() == paths.ROOT / "tests" / "fixtures" / "x.csv"
    assert paths.moved_inputs() == [tmp_path, paths.ROOT / "tests" / "fixtures" / "x.csv"]


def test_an_unknown_setting_is_a_programming_error():
    with pytest.raises(KeyError, match="not a setting"):
        settings.raw("OMS_NO_SUCH_THING")
