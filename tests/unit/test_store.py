"""The tables store: written once per set of inputs, read back with every column's type."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.tables import store


@pytest.fixture
def source(tmp_path, monkeypatch):
    monkeypatch.setenv("OMS_TABLES_DIR", str(tmp_path / "tables"))
    file = tmp_path / "input.csv"
    file.write_text("a\n", encoding="utf-8")
    return file


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"county_code": pd.array(["03", pd.NA], dtype="str"),
                         "amount_sek": pd.array([1_500_000, 3], dtype="int64"),
                         "share": pd.array([0.12, pd.NA], dtype="Float64")})


def test_a_group_is_built_once_and_read_back_with_its_types(source):
    calls = []

    def build():
        calls.append(1)
        return {"lines": _frame()}

    first = store.tables("demo", lambda: [source], build)
    second = store.tables("demo", lambda: [source], build)
    assert calls == [1]
    pd.testing.assert_frame_equal(second["lines"], _frame())
    assert second["lines"]["share"].dtype == "Float64"
    pd.testing.assert_frame_equal(first["lines"], second["lines"])


def test_changed_input_gives_a_new_set_and_removes_the_old(source):
    store.tables("demo", lambda: [source], lambda: {"lines": _frame()})
    source.write_text("b\n", encoding="utf-8")
    again = store.tables("demo", lambda: [source], lambda: {"lines": _frame().head(1)})
    assert len(again["lines"]) == 1
    assert len(list(store.store_dir().glob("demo-*"))) == 1


def test_an_unfinished_or_damaged_set_is_rebuilt(source):
    folder = store.write("demo", [source], {"lines": _frame()})
    (folder / "lines.parquet").write_bytes(b"not parquet")
    assert store.read("demo", [source]) is None
    (folder / store.COMPLETE).unlink()
    assert store.read("demo", [source]) is None
    rebuilt = store.tables("demo", lambda: [source], lambda: {"lines": _frame()})
    pd.testing.assert_frame_equal(rebuilt["lines"], _frame())


def test_a_failing_build_stores_nothing(source):
    def fail():
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        store.tables("demo", lambda: [source], fail)
    assert not store.store_dir().exists() or not list(store.store_dir().glob("demo-*"))
