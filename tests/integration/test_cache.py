"""The build cache: one computation per build, never a stale or an error result."""

import pandas as pd
import pytest

from analysis.tables import budgets, indicators
from analysis.core import cache


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.delenv("OMS_NO_CACHE", raising=False)
    return tmp_path / "cache"


def test_a_result_is_computed_once_and_read_back(cache_dir, tmp_path):
    source = tmp_path / "input.txt"
    source.write_text("a")
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"x": [1, 2]})

    first = cache.cached("demo", lambda: [source], compute)
    second = cache.cached("demo", lambda: [source], compute)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, second)
    assert len(list(cache_dir.glob("demo-*.pkl"))) == 1


def test_a_changed_input_gives_a_new_key_and_replaces_the_old_entry(cache_dir, tmp_path):
    source = tmp_path / "input.txt"
    source.write_text("a")
    assert cache.cached("demo", lambda: [source], lambda: "from a") == "from a"
    source.write_text("b")
    assert cache.cached("demo", lambda: [source], lambda: "from b") == "from b"
    assert len(list(cache_dir.glob("demo-*.pkl"))) == 1


def test_errors_are_not_cached(cache_dir, tmp_path):
    source = tmp_path / "input.txt"
    source.write_text("a")

    def fail():
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        cache.cached("demo", lambda: [source], fail)
    assert not list(cache_dir.glob("*.pkl"))
    assert cache.cached("demo", lambda: [source], lambda: 42) == 42


def test_a_corrupt_entry_is_recomputed(cache_dir, tmp_path):
    source = tmp_path / "input.txt"
    source.write_text("a")
    cache.cached("demo", lambda: [source], lambda: 1)
    entry = next(cache_dir.glob("demo-*.pkl"))
    entry.write_bytes(b"not a pickle")
    assert cache.cached("demo", lambda: [source], lambda: 2) == 2


def test_no_cache_environment_variable_bypasses_it(cache_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("OMS_NO_CACHE", "1")
    source = tmp_path / "input.txt"
    source.write_text("a")
    assert cache.cached("demo", lambda: [source], lambda: 1) == 1
    assert not cache_dir.exists()


def test_the_budget_and_indicator_keys_cover_their_source_files():
    names = {p.name for p in budgets.budget_inputs()}
    assert {"documents.csv", "financiers.csv", "counties.csv", "000_5838ca1629de2de5.txt",
            "003_e1f4e7d84336dce7.txt"} <= names
    names = {p.name for p in indicators.indicator_inputs()}
    assert {"catalog.yml", "counties.csv", "population_county.csv", "grp_county.csv",
            "rd_expenditure_county.csv", "innovation_index_reglab_county.csv"} <= names


def test_cached_tables_equal_freshly_built_ones(monkeypatch):
    monkeypatch.setenv("OMS_NO_CACHE", "1")
    fresh = budgets.build().lines
    pd.testing.assert_frame_equal(budgets.budget_lines(), fresh)


def test_findings_quoted_by_several_chapters_are_computed_once_per_build(cache_dir, monkeypatch):
    from analysis.narrative import findings, mirror_findings

    first = findings.financing_findings(focus="03")
    assert len(list(cache_dir.glob("analysis.narrative.findings.financing_findings.*.pkl"))) == 1
    pd.testing.assert_frame_equal(findings.financing_findings(focus="03"), first)
    monkeypatch.setenv("OMS_NO_CACHE", "1")
    pd.testing.assert_frame_equal(findings.financing_findings(focus="03"), first)
    assert mirror_findings.chapter_facts("SE12") == mirror_findings.chapter_facts.__wrapped__("SE12")


def test_calls_with_their_own_data_are_not_cached(cache_dir):
    from analysis.narrative import findings

    lines = budgets.budget_lines()
    findings.financing_findings(lines)
    assert not list(cache_dir.glob("analysis.narrative.findings.*.pkl"))
