"""refresh checks SCB's answers like the stored files before writing, writes all or nothing, and
a refresh is undone by one command (refresh --angra). Fixtures only: no network."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from argparse import Namespace
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.core import atomic, paths
from analysis.pipeline import cli
from analysis.pipeline import refresh as command
from analysis.sources import scb, scb_write

FIXTURES = Path(__file__).parent / "fixtures" / "scb"
DAY = dt.date(2026, 11, 22)


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.jsonstat2.json").read_text(encoding="utf-8"))


def population_cube(years=(2023, 2024)) -> dict:
    """A JSON-stat 2 answer for all 21 counties and Riket, values from the stored file."""
    df = pd.read_csv(paths.RAW_INDICATORS / "population_county.csv", dtype={"county_code": str})
    df = df[df["year"].isin(years)]
    codes = ["00", *sorted(c for c in df["county_code"].unique() if c != "00")]
    values = [float(df[(df.county_code == c) & (df.year == y)]["value"].iloc[0])
              for c in codes for y in years]
    return {"class": "dataset", "version": "2.0", "id": ["Region", "ContentsCode", "Tid"],
            "size": [len(codes), 1, len(years)], "role": {"time": ["Tid"], "geo": ["Region"]},
            "dimension": {"Region": {"category": {"index": codes}},
                          "ContentsCode": {"category": {"label": {"BE0101N1": "Folkmängd"}}},
                          "Tid": {"category": {"index": [str(y) for y in years]}}},
            "value": values}


def fake_root(tmp_path: Path) -> Path:
    (tmp_path / "data" / "raw" / "indicators").mkdir(parents=True)
    shutil.copy(paths.DATA / "catalog.yml", tmp_path / "data" / "catalog.yml")
    return tmp_path


def snapshot(root: Path) -> dict:
    files = [root / "data" / "catalog.yml", *sorted((root / "data" / "raw").rglob("*"))]
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files if p.is_file()}


def fetcher(population: dict | None = None, kpi: dict | None = None):
    def fetch(url, query):
        if url.endswith("KPItotM"):
            return kpi or kpi_published()
        if "NR0105" in url:
            return fixture("grp")
        return population or population_cube()
    return fetch


def kpi_published() -> dict:
    """The KPI fixture without its suppressed month (the months SCB has published)."""
    doc = fixture("kpi")
    doc = {**doc, "size": [1, 3], "status": {}}
    doc["dimension"] = {**doc["dimension"], "Tid": {"category": {"index": ["2024M09", "2024M10", "2024M11"]}}}
    doc["value"] = {k: v for k, v in doc["value"].items() if int(k) < 3} \
        if isinstance(doc["value"], dict) else doc["value"][:3]
    return doc


def refresh(root, tables=("population", "kpi"), **kw):
    return scb.refresh(list(tables), retrieved=DAY, root=root, validate=command.validate_file,
                       fetcher=kw.pop("fetch", None) or fetcher(), **kw)


# ------------------------------------------------------------------ checked before writing

def _with_value(doc: dict, position: int, value) -> dict:
    doc = json.loads(json.dumps(doc))
    doc["value"][position] = value
    return doc


@pytest.mark.parametrize("bad, message", [
    (lambda d: _with_value(d, 3, -5), r"värdet '-5' är inte ett rimligt icke-negativt tal"),
    (lambda d: _with_value(d, 4, 404_000), r"Folkmängd: 21 län = riket stämmer inte 2023"),
    (lambda d: {**d, "dimension": {**d["dimension"], "Tid": {"category": {"index": ["2023", "1850"]}}}},
     r"året 1850 ligger utanför"),
])
def test_a_bad_population_answer_is_refused_and_nothing_changes(tmp_path, bad, message):
    root = fake_root(tmp_path)
    before = snapshot(root)
    with pytest.raises(scb.RefreshError, match=message) as err:
        refresh(root, fetch=fetcher(population=bad(population_cube())))
    assert "Inga filer har ändrats" in str(err.value)
    assert snapshot(root) == before
    assert not (root / scb_write.UNDO_DIR / scb_write.RECORD).exists()


@pytest.mark.parametrize("kpi, message", [
    (lambda: fixture("kpi"), r"KPItotM klarar inte kontrollerna .*: värdet '' är inte ett tal \(rad 5"),
    (lambda: _with_value(kpi_published(), "0", 0), r"KPItotM klarar inte kontrollerna"),
])
def test_a_bad_kpi_answer_after_a_good_population_answer_writes_neither(tmp_path, kpi, message):
    # a suppressed month would break every price calculation, as the stored KPI has none
    root = fake_root(tmp_path)
    before = snapshot(root)
    with pytest.raises(scb.RefreshError, match=message):
        refresh(root, fetch=fetcher(kpi=kpi()))
    assert snapshot(root) == before


def test_a_good_answer_passes_the_same_checks_and_is_written(tmp_path):
    root = fake_root(tmp_path)
    written = refresh(root)
    assert [f.name for f in written] == ["scb_population_2026-11-22.csv", "scb_kpi_2026-11-22.csv"]
    cat = yaml.safe_load((root / "data" / "catalog.yml").read_text(encoding="utf-8"))["datasets"]
    assert cat["scb_population_20261122"]["coverage"] == "2023–2024"
    assert not list((root / "data" / "raw" / "indicators").glob(".*"))  # no temporary file left


# ------------------------------------------------------------------ all or nothing

def test_a_catalog_that_cannot_be_written_leaves_no_new_raw_file(tmp_path, monkeypatch):
    root = fake_root(tmp_path)
    before = snapshot(root)
    real = atomic.write_text

    def failing(path, text, encoding="utf-8"):
        if Path(path).name == "catalog.yml":
            raise OSError(28, "No space left on device")
        return real(path, text, encoding)

    monkeypatch.setattr(scb_write.atomic, "write_text", failing)
    with pytest.raises(OSError):
        refresh(root)
    assert snapshot(root) == before


def test_a_failed_rename_undoes_the_files_already_in_place(tmp_path, monkeypatch):
    root = fake_root(tmp_path)
    before = snapshot(root)
    real, calls = scb_write.os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(scb_write.os, "replace", replace)
    with pytest.raises(PermissionError):
        refresh(root)
    assert snapshot(root) == before


# ------------------------------------------------------------------ undone by one command

def test_undo_removes_the_files_and_catalog_entries_and_a_new_refresh_works(tmp_path):
    root = fake_root(tmp_path)
    before = snapshot(root)
    refresh(root)
    assert snapshot(root) != before
    removed = scb_write.undo_refresh(root)
    assert removed == ["data/raw/indicators/scb_population_2026-11-22.csv",
                       "data/raw/indicators/scb_kpi_2026-11-22.csv"]
    assert snapshot(root) == before
    assert [f.name for f in refresh(root)] == ["scb_population_2026-11-22.csv", "scb_kpi_2026-11-22.csv"]


def test_undo_refuses_when_the_catalog_changed_since(tmp_path):
    root = fake_root(tmp_path)
    refresh(root)
    cat = root / "data" / "catalog.yml"
    cat.write_text(cat.read_text(encoding="utf-8") + "\n# hand edit\n", encoding="utf-8")
    changed = snapshot(root)
    with pytest.raises(scb_write.UndoError, match="har ändrats efter uppdateringen"):
        scb_write.undo_refresh(root)
    assert snapshot(root) == changed


def test_undo_with_nothing_to_undo(tmp_path):
    with pytest.raises(scb_write.UndoError, match="ingen uppdatering att ångra"):
        scb_write.undo_refresh(fake_root(tmp_path))


def test_cli_refresh_and_angra(tmp_path, monkeypatch, capsys):
    root = fake_root(tmp_path)
    before = snapshot(root)
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(scb, "fetch", fetcher())
    monkeypatch.setattr(scb.dt, "date", type("D", (dt.date,), {"today": staticmethod(lambda: DAY)}))
    assert cli.main(["refresh", "--table", "population"]) == 0
    assert "Ångra med: python -m analysis refresh --angra" in capsys.readouterr().out
    assert cli.main(["refresh", "--angra"]) == 0
    out = capsys.readouterr().out
    assert "Tog bort data/raw/indicators/scb_population_2026-11-22.csv" in out
    assert snapshot(root) == before
    assert cli.main(["refresh", "--angra"]) == 1
    assert "Ångra avbröts: Det finns ingen uppdatering att ångra" in capsys.readouterr().err


def test_cli_refuses_a_bad_answer(tmp_path, monkeypatch, capsys):
    root = fake_root(tmp_path)
    before = snapshot(root)
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(scb, "fetch", fetcher(population=_with_value(population_cube(), 3, -5)))
    assert command.run(Namespace(tables=["population"], api_base=scb.API_BASE, undo=False)) == 1
    assert "Uppdateringen avbröts: SCB:s svar för BE/BE0101/BE0101A/BefolkningNy klarar inte" in \
        capsys.readouterr().err
    assert snapshot(root) == before
