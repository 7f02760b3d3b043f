"""The extract command end to end: what it writes, what it prints, and nothing on error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import paths

FILES = {"budget_lines.csv", "budget_totals.csv", "projects.csv", "months_per_year.csv",
         "project_targets.csv", "validation_checks.csv", "validation_report.csv"}


def _project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "projekt"
    shutil.copytree(paths.DATA, root / "data", ignore=shutil.ignore_patterns("processed"))
    return root


def _extract(root: Path, *args: str) -> subprocess.CompletedProcess:
    # The copy's own data/processed/, tables store included (not the test run's store).
    env = {k: v for k, v in os.environ.items() if k != "OMS_TABLES_DIR"}
    env["OMS_PROJECT_ROOT"] = str(root)
    return subprocess.run([sys.executable, "-m", "analysis", "extract", *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_extract_cli_end_to_end(tmp_path):
    root = _project_copy(tmp_path)
    done = _extract(root)
    assert done.returncode == 0, done.stderr
    out = root / "data" / "processed"
    assert {p.name for p in out.iterdir()} == FILES | {"tables"}
    lines = pd.read_csv(out / "budget_lines.csv", dtype={"county_code": str})
    assert lines.loc[lines["project_id"] == "REAL_OMS"].query("table == 'cost'")["amount_sek"].sum() == 25_469_237
    assert len(pd.read_csv(out / "validation_report.csv")) == 10
    assert "10 avrundningsskillnader, 0 fel" in done.stdout
    assert "003_e1f4e7d84336dce7.txt, rad 189" in done.stdout
    assert "Skrev data/processed/budget_lines.csv" in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["not yaml", "dataset removed", "indicator dataset removed"])
def test_extract_checks_the_catalog_before_writing_anything(tmp_path, damage):
    root = _project_copy(tmp_path)
    out = root / "data" / "processed"
    out.mkdir(parents=True)
    (out / "old.csv").write_text("kvar\n", encoding="utf-8")
    cat = root / "data" / "catalog.yml"
    text = cat.read_text(encoding="utf-8")
    if damage == "not yaml":
        cat.write_text(text + "  trasig:\n   path: [\n", encoding="utf-8")
        expected = "catalog.yml, rad "
    elif damage == "dataset removed":  # the KPI dataset's entry taken out: the prices read it
        start = text.index("\n  kpi_annual:")
        end = text.index("\n  kpi_monthly:")
        cat.write_text(text[:start] + text[end:], encoding="utf-8")
        expected = "saknas i datakatalogen: 'kpi_annual' (läses av analysis.tables.prices)"
    else:  # the R&D dataset's entry taken out: no indicator file says it is gone
        start = text.index("\n  rd_expenditure:")
        end = text.index("\n", text.index("\n  innovation_index_reglab:") - 1)
        cat.write_text(text[:start] + text[end:], encoding="utf-8")
        expected = "ingen datamängd i datakatalogen ger indikatorerna"
    done = _extract(root)
    assert done.returncode == 1, done.stdout
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert "Inga filer skrevs" in done.stderr
    assert {p.name for p in out.iterdir()} == {"old.csv"}


@pytest.mark.slow
def test_extract_writes_nothing_on_bad_input(tmp_path):
    root = _project_copy(tmp_path)
    out = root / "data" / "processed"
    out.mkdir(parents=True)
    (out / "old.csv").write_text("kvar\n", encoding="utf-8")
    doc = root / "data" / "raw" / "documents" / "003_e1f4e7d84336dce7.txt"
    doc.write_text(doc.read_text(encoding="utf-8").replace("83 345 502 067", "83 345 5O2 067"),
                   encoding="utf-8")
    done = _extract(root)
    assert done.returncode == 1
    assert "003_e1f4e7d84336dce7.txt, rad 192: cellen '5O2' är inte ett tal" in done.stderr
    assert "Inga filer skrevs" in done.stderr
    assert {p.name for p in out.iterdir()} == {"old.csv"}


def test_extract_check_only_writes_nothing(tmp_path, capsys):
    from analysis.pipeline import extract

    class Args:
        output = tmp_path / "ut"
        check_only = True

    assert extract.run(Args()) == 0
    assert not (tmp_path / "ut").exists()
    assert "Kontroller: 83" in capsys.readouterr().out


def test_write_all_is_all_or_nothing(tmp_path, monkeypatch):
    from analysis.pipeline import extract

    real = extract._csv_ready
    calls = []

    def failing(df):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disken är full")
        return real(df)

    monkeypatch.setattr(extract, "_csv_ready", failing)
    good = pd.DataFrame({"a": [1]})
    with pytest.raises(OSError):
        extract.write_all({"a.csv": good, "b.csv": good}, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_extract_stores_the_validated_tables_the_loaders_read(tmp_path):
    root = _project_copy(tmp_path)
    done = _extract(root)
    assert done.returncode == 0, done.stderr
    store = root / "data" / "processed" / "tables"
    groups = sorted(p.name.split("-")[0] for p in store.iterdir())
    assert groups == ["budget", "indicators"]
    budget = next(store.glob("budget-*"))
    assert (budget / "COMPLETE").read_text().split() == ["lines", "totals", "projects", "months",
                                                         "targets", "checks"]
    lines = pd.read_parquet(budget / "lines.parquet")
    assert lines["county_code"].dtype == "str" and lines["amount_sek"].dtype == "int64"
    real = lines.query("project_id == 'REAL_OMS' and table == 'cost'")
    assert real["amount_sek"].sum() == 25_469_237
    assert "Skrev data/processed/tables/budget-" in done.stdout
    # A loader in the same tree reads the stored set instead of parsing the documents again.
    code = ("from analysis.tables import budgets\n"
            "budgets.build = None  # building the budget would fail now\n"
            "print(budgets.budget_lines()['amount_sek'].sum())")
    env = {k: v for k, v in os.environ.items() if k != "OMS_TABLES_DIR"}
    env["OMS_PROJECT_ROOT"] = str(root)
    read = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120)
    assert read.returncode == 0, read.stderr
    assert int(read.stdout) == int(lines["amount_sek"].sum())
