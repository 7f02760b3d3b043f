"""Hostile statistics: deleted rows, suppressed values, blank lines, empty and header-only files."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from analysis.core import paths
from analysis.core.errors import DataError
from analysis.tables import datalog, indicators
from analysis.tables.indicator_schemas import check_consistency, skipped_checks
from approved_text import approved

RAW = paths.RAW_INDICATORS


def _copy_without(tmp_path: Path, name: str, drop) -> Path:
    """A copy of a raw file without the lines for which ``drop(line)`` is true (header kept)."""
    lines = (RAW / name).read_text(encoding="utf-8").split("\n")
    kept = [lines[0], *(ln for ln in lines[1:] if not drop(ln))]
    assert len(kept) < len(lines)
    out = tmp_path / name
    out.write_text("\n".join(kept), encoding="utf-8")
    return out


@pytest.mark.parametrize("dataset, file, prefix, message", [
    ("population", "population_county.csv", "03,Uppsala län,SE121,SE12,2019,",
     r"rad saknas för Uppsala län \(03\) år 2019 \(population, årgång 2025-04\): 20 av 21 län"),
    ("population", "population_county.csv", "25,Norrbottens län,SE332,SE33,2024,",
     r"rad saknas för Norrbottens län \(25\) år 2024"),
    ("population", "population_county.csv", "00,Riket,SE,SE,2016,", r"rad saknas för 00 \(00\) år 2016"),
    ("rd_expenditure", "rd_expenditure_county.csv", "18,Örebro län,2015,N85087,",
     r"rad saknas för Örebro län \(18\) år 2015 \(rd_higher_education_per_inhabitant"),
    ("grp", "grp_county.csv", "SE12,Östra Mellansverige (NUTS2),SE12,2017,", r"rad saknas för SE12 \(SE12\) år 2017"),
])
def test_a_deleted_row_is_an_error_naming_file_region_and_year(tmp_path, dataset, file, prefix, message):
    f = _copy_without(tmp_path, file, lambda ln: ln.startswith(prefix))
    with pytest.raises(DataError, match=rf"^{file.replace('.', '[.]')}: {message}"):
        indicators.parse_file(dataset, f)


def test_the_stored_files_have_no_missing_rows():
    for name in indicators.indicator_datasets():
        assert len(indicators.parse_file(name)) > 0


@pytest.fixture
def suppressed_population(tmp_path, monkeypatch):
    """The project's data with Uppsala's population 2023 suppressed ('..')."""
    root = tmp_path / "root"
    shutil.copytree(paths.DATA / "raw", root / "data" / "raw")
    shutil.copytree(paths.DATA / "reference", root / "data" / "reference")
    shutil.copytree(paths.DATA / "outcomes", root / "data" / "outcomes")
    f = root / "data" / "raw" / "indicators" / "population_county.csv"
    text = f.read_text(encoding="utf-8")
    old = "03,Uppsala län,SE121,SE12,2023,404589,"
    assert text.count(old) == 1
    f.write_text(text.replace(old, "03,Uppsala län,SE121,SE12,2023,..,"), encoding="utf-8")
    monkeypatch.setattr(paths, "ROOT", root)
    # a build cache and tables store of its own: nothing computed from this data is shared
    from analysis.core import cache

    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setenv("OMS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OMS_TABLES_DIR", str(tmp_path / "tables"))
    _clear_all_caches()
    yield root
    _clear_all_caches()


def _clear_all_caches() -> None:
    """Forget every cached table in the package (catalog, indicators, mirror table, …), so
    that neither this data nor the project's leaks into another test."""
    import sys

    for name, module in list(sys.modules.items()):
        if name == "analysis" or name.startswith("analysis."):
            for obj in list(vars(module).values()):
                if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", "") == name:
                    obj.cache_clear()


def test_suppressed_population_stays_missing_and_is_counted(suppressed_population):
    df = indicators.indicators()
    v = df[(df["indicator"] == "population") & (df["county_code"] == "03") & (df["year"] == 2023)]["value"]
    assert len(v) == 1 and np.isnan(v.iloc[0])
    miss = datalog.missing_values().set_index(["Datamängd", "Indikator"])
    assert miss.loc[("population", "population"), "Saknade/undertryckta"] == 1
    assert miss.loc[("population", "population"), "Vilka"] == "Uppsala län 2023"
    log = datalog.data_log().set_index("Datamängd")
    assert log.loc["population", "Saknade/undertryckta"] == 1


def test_sum_check_says_which_year_it_skipped_and_why(suppressed_population):
    df = indicators.indicators()
    check_consistency(df)  # does not block: the year is skipped, not failed
    skipped = skipped_checks(df)
    assert skipped[["check", "year", "reason"]].to_dict("records") == [
        {"check": "Folkmängd: 21 län = riket", "year": 2023, "reason": "värde saknas för Uppsala län (03)"}]
    q = datalog.quality_checks()
    row = q[(q["Kontroll"] == "Folkmängd: 21 län = riket") & (q["År"] == 2023)]
    assert row["Godkänd"].tolist() == ["ej kontrollerad: värde saknas för Uppsala län (03)"]
    assert len(q) == 18 and (q["Godkänd"] == "ja").sum() == 17  # 2023 is listed, not compared


def test_report_figures_are_computed_with_the_gap_flagged(suppressed_population):
    # what the report then shows: the financing facts are computed; Uppsala's 2023 falls back to
    # the latest earlier published year (2022), flagged as assumed, as for years beyond the data
    from analysis.analyses import financing

    cap = financing.capacity_yearly()
    up = cap[(cap["project_id"] == "REAL_OMS") & (cap["county_code"] == "03") & (cap["year"] == 2023)]
    assert up[["population_year", "population_assumed"]].to_dict("records") == [
        {"population_year": 2022, "population_assumed": True}]
    assert up["population"].iloc[0] == 400_682
    from analysis.present import financing_figures

    notes = financing_figures.per_inhabitant_chart().notes
    assert [n for n in notes if "undertryckt" in n] == [approved(
        "finansiering", "population_suppressed_chart_note", region="Region Uppsala", year="2023", project="REAL ÖMS")]
    growth = indicators.growth_rates("population", 2022, 2023).set_index("county_code")
    assert np.isnan(growth.loc["03", "growth"]) and not np.isnan(growth.loc["04", "growth"])


def test_csv_row_numbers_after_blank_lines(tmp_path):
    lines = (RAW / "population_county.csv").read_text(encoding="utf-8").split("\n")
    assert lines[12].startswith("03,Uppsala län,SE121,SE12,2016,")
    lines[12] = lines[12].replace(",2016,361373,", ",2016,3613x3,")
    patched = [lines[0], "", *lines[1:5], "", "", *lines[5:]]
    f = tmp_path / "population_county.csv"
    f.write_text("\n".join(patched), encoding="utf-8")
    with pytest.raises(DataError, match=r"^population_county\.csv, rad 16: värdet '3613x3' är inte ett tal"):
        indicators.parse_file("population", f)


@pytest.mark.parametrize("content, message", [
    ("", r"^population_county\.csv: filen är tom"),
    ("county_code,county_name,year,value,unit,reference_date,source\n",
     r"^population_county\.csv, rad 1: filen har en rubrikrad men inga rader med data"),
])
def test_empty_and_header_only_files_stop_at_load(tmp_path, content, message):
    f = tmp_path / "population_county.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        indicators.parse_file("population", f)


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_the_report_prose_names_the_suppressed_population(suppressed_population):
    from analysis.narrative import findings

    assert findings.financing_facts()["population_note"] == " ".join([
        approved("finansiering", "population_definition", years="2026–2027", latest="2025"),
        approved("finansiering", "population_suppressed", region="Region Uppsala", year="2023", fallback="2022")])


def test_a_trend_never_runs_silently_over_a_suppressed_year(suppressed_population):
    from analysis.analyses import mirror

    t = mirror.trajectories("population", "03", ["04", "05"])
    assert 2023 not in set(t["year"]) and {2022, 2024} <= set(t["year"])
    # ÖMS is the sum of its counties: missing with Uppsala
    assert t.attrs["notes"] == [approved("spegling", "suppressed_year_skipped", year="2023",
                                         regions="Uppsala län, Östra Mellansverige")]


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_stored_trajectories_have_no_gap_notes():
    from analysis.analyses import mirror

    for indicator in ("population", "grp_per_inhabitant_sek_fixed"):
        assert mirror.trajectories(indicator, "SE12").attrs["notes"] == []
    assert mirror.trajectories("grp_eur_per_inhabitant", "03").attrs["notes"] == []
