"""SCB refresh: JSON-stat 2 parsing on fixtures, writing, and the offline failure."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import urllib.error
from argparse import Namespace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.tables import indicators
from analysis.core import paths
from analysis.sources import scb
from analysis.core.errors import DataError

FIXTURES = Path(__file__).parent / "fixtures" / "scb"
DAY = dt.date(2026, 11, 22)


def doc(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.jsonstat2.json").read_text(encoding="utf-8"))


def test_parse_population_fixture():
    df = scb.parse_jsonstat2(doc("population"))
    assert len(df) == 6 and list(df.columns[:3]) == ["Region", "ContentsCode", "Tid"]
    v = df.set_index(["Region", "Tid"])["value"]
    assert v[("03", "2023")] == 404_589
    assert v[("00", "2024")] == 10_587_710
    assert df.loc[df.Region == "03", "Region_label"].iloc[0] == "Uppsala län"


def test_parse_sparse_values_and_status_keeps_missing():
    df = scb.parse_jsonstat2(doc("kpi"))
    assert list(df["Tid"]) == ["2024M09", "2024M10", "2024M11", "2024M12"]
    assert df["value"].iloc[2] == 416.75
    assert np.isnan(df["value"].iloc[3]) and df["status"].iloc[3] == ".."
    assert df["ContentsCode"].iloc[0] == "000004VU"  # single category without index


def test_bad_jsonstat_raises():
    bad = doc("population")
    bad["size"] = [3, 1, 3]
    with pytest.raises(DataError, match="size säger 3"):
        scb.parse_jsonstat2(bad)
    bad = doc("population")
    bad["value"] = bad["value"][:-1]
    with pytest.raises(DataError, match="value har 5 poster, väntade 6"):
        scb.parse_jsonstat2(bad)
    with pytest.raises(DataError, match="version 2.0"):
        scb.parse_jsonstat2({**doc("kpi"), "version": "1.0"})


def test_query_asks_for_counties_and_json_stat2():
    q = scb.build_query(scb.TABLES["population"])
    assert q["response"] == {"format": "json-stat2"}
    region = q["query"][0]["selection"]["values"]
    assert region[0] == "00" and len(region) == 22
    assert q["query"][1]["selection"]["values"] == ["BE0101N1"]
    assert all(item["code"] != "Region" for item in scb.build_query(scb.TABLES["kpi"])["query"])


def test_converted_file_reads_with_the_same_loader(tmp_path):
    frame = scb.to_raw_layout(scb.TABLES["population"], doc("population"), DAY)
    f = tmp_path / "scb_population.csv"
    frame.to_csv(f, index=False)
    rows = indicators.parse_file("population", f)
    assert rows.set_index(["county_code", "year"]).loc[("03", 2023), "value"] == 404_589
    assert rows.set_index(["county_code", "year"]).loc[("00", 2024), "value"] == 10_587_710
    assert "10587710" in f.read_text(encoding="utf-8")
    grp = scb.to_raw_layout(scb.TABLES["grp"], doc("grp"), DAY)
    g = tmp_path / "scb_grp.csv"
    grp.to_csv(g, index=False)
    rows = indicators.parse_file("grp", g).set_index(["county_code", "year"])["value"]
    assert rows[("03", 2020)] == 176_588.99 and rows[("00", 2020)] == 5_038_538
    assert np.isnan(rows[("03", 2019)])
    kpi = scb.to_raw_layout(scb.TABLES["kpi"], doc("kpi"), DAY)
    assert list(kpi["period"]) == ["2024-09", "2024-10", "2024-11", "2024-12"]
    assert kpi["value"].iloc[3] == ""  # suppressed stays empty, never 0


def _fake_root(tmp_path: Path) -> Path:
    (tmp_path / "data" / "raw" / "indicators").mkdir(parents=True)
    shutil.copy(paths.DATA / "catalog.yml", tmp_path / "data" / "catalog.yml")
    return tmp_path


def _fixture_fetcher(url, query):
    return doc("kpi") if url.endswith("KPItotM") else doc("population")


def test_refresh_writes_files_and_catalog_entries(tmp_path):
    root = _fake_root(tmp_path)
    written = scb.refresh(["population", "kpi"], retrieved=DAY, root=root, fetcher=_fixture_fetcher)
    assert [f.name for f in written] == ["scb_population_2026-11-22.csv", "scb_kpi_2026-11-22.csv"]
    cat = yaml.safe_load((root / "data" / "catalog.yml").read_text(encoding="utf-8"))["datasets"]
    entry = cat["scb_population_20261122"]
    assert entry["vintage"] == "2026-11-22" and entry["schema"] == "indicators.population"
    assert entry["refreshes"] == "population"
    assert "population" in cat  # the stored dataset stays catalogued
    assert "1 celler saknas" in cat["scb_kpi_20261122"]["known_gaps"]
    # Raw files are never overwritten: a second run the same day refuses.
    with pytest.raises(scb.RefreshError, match="finns redan"):
        scb.refresh(["kpi"], retrieved=DAY, root=root, fetcher=_fixture_fetcher)


def _snapshot(root: Path) -> dict:
    # The raw files and the catalog: what refresh may write (data/processed belongs to others).
    files = [root / "data" / "catalog.yml", *sorted((root / "data" / "raw").rglob("*"))]
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files if p.is_file()}


def test_offline_fails_clearly_and_leaves_data_untouched(tmp_path):
    root = _fake_root(tmp_path)
    before = _snapshot(root)

    def offline(url, query):
        raise urllib.error.URLError("Name or service not known")

    with pytest.raises(scb.RefreshError, match="Kunde inte hämta folkmängd") as err:
        scb.refresh(retrieved=DAY, root=root, fetcher=offline)
    assert "Inga filer har ändrats" in str(err.value)
    assert _snapshot(root) == before

    # A failure on the last table also writes nothing (fetch everything first).
    def kpi_down(url, query):
        if url.endswith("KPItotM"):
            raise TimeoutError("timed out")
        return _fixture_fetcher(url, query)

    with pytest.raises(scb.RefreshError):
        scb.refresh(retrieved=DAY, root=root, fetcher=kpi_down)
    assert _snapshot(root) == before


def test_cli_offline_message_and_exit_code(monkeypatch, capsys):
    before = _snapshot(paths.ROOT)

    def offline(url, query, timeout=scb.TIMEOUT_SECONDS):
        raise urllib.error.URLError("nätverket är nere")

    monkeypatch.setattr(scb, "fetch", offline)
    from analysis.pipeline import refresh as command

    assert command.run(Namespace(tables=None, api_base=scb.API_BASE)) == 1
    err = capsys.readouterr().err
    assert err.startswith("Uppdateringen avbröts: Kunde inte hämta")
    assert "Kontrollera nätverksanslutningen" in err
    assert _snapshot(paths.ROOT) == before


def test_newer_complete_vintage_wins_in_the_default_table():
    t = pd.DataFrame({"county_code": ["03", "03", "04"], "year": [2024, 2024, 2024],
                      "indicator": ["population"] * 3, "value": [1.0, 2.0, 3.0],
                      "unit": ["antal personer"] * 3, "source": ["x"] * 3,
                      "vintage": ["2025-04", "2026-11-22", "2025-04"]})
    # Old vintage covers two regions, new one only one: the complete (old) one is kept.
    assert set(indicators._one_vintage(t)["vintage"]) == {"2025-04"}
    t2 = pd.concat([t, t.iloc[[2]].assign(vintage="2026-11-22", value=4.0)])
    kept = indicators._one_vintage(t2)
    assert set(kept["vintage"]) == {"2026-11-22"} and sorted(kept["value"]) == [2.0, 4.0]


def test_cli_wiring(monkeypatch, capsys):
    from analysis.pipeline import cli

    def offline(url, query, timeout=scb.TIMEOUT_SECONDS):
        raise urllib.error.URLError("offline")

    monkeypatch.setattr(scb, "fetch", offline)
    assert cli.main(["refresh", "--table", "kpi"]) == 1
    assert "Kunde inte hämta kpi" in capsys.readouterr().err
