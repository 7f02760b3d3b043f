"""Issue 22: the statistics added 2026-12-06 (SCB BRP 2024, Eurostat county GDP 2015–2024 and
NUTS 2 GDP 2015–2023, population 2025), checked value by value against the raw files (read here
independently of the loaders, with the csv module), and the rule that two vintages never meet in
one growth rate or ratio."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

from analysis.core import paths
from analysis.core.errors import DataError
from analysis.tables import indicators as ind
from analysis.tables.indicator_schemas import MixedVintagesError, require_one_vintage
from approved_text import approved, in_order

RAW = paths.RAW_INDICATORS
NEW_FILES = ("grp_county_2024_scb.csv", "grp_per_capita_county_2024_scb.csv",
             "grp_county_scb_tab3138_2024_all_contents.csv", "grp_nuts3_meur_2015_2024_eurostat.csv",
             "grp_nuts2_2015_2023_eurostat.csv", "population_county_2025.csv")


def _raw(name: str) -> list[dict]:
    with (RAW / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _table() -> pd.DataFrame:
    return ind.indicators(all_vintages=True).set_index(["county_code", "year", "indicator", "vintage"])


def test_new_files_are_in_the_catalog_with_provenance():
    from analysis.sources import catalog

    text = (RAW / "PROVENANCE.md").read_text(encoding="utf-8")
    by_file = {catalog.dataset(n)["path"].name: catalog.dataset(n) for n in catalog.names()}
    for f in NEW_FILES:
        assert f in text, f
        e = by_file[f]
        for key in ("vintage", "source", "unit", "licence"):
            assert str(e[key]).strip(), (f, key)


@pytest.mark.parametrize("file, indicator, vintage", [
    ("grp_county_2024_scb.csv", "grp_msek", "2025-12-17"),
    ("grp_per_capita_county_2024_scb.csv", "grp_per_inhabitant_ksek", "2025-12-17"),
    ("population_county_2025.csv", "population", "2026-02-24"),
])
def test_every_value_equals_the_source_file(file, indicator, vintage):
    t = _table()
    rows = _raw(file)
    assert rows
    for r in rows:
        assert t.at[(r["county_code"], int(r["year"]), indicator, vintage), "value"] == float(r["value"])


def test_eurostat_county_gdp_equals_the_source_file_and_keeps_extra_regio():
    t = _table()
    rows = _raw("grp_nuts3_meur_2015_2024_eurostat.csv")
    assert len(rows) == 220
    for r in rows:
        extra = r["county_code"] == "SEZZZ"
        key = ("00" if extra else r["county_code"], int(r["year"]),
               "grp_meur_extra_regio" if extra else "grp_meur", "2026-02-10")
        assert t.at[key, "value"] == float(r["value"])
    # PROVENANCE: counties + extra-regio 2024 = 558 672,8 MEUR
    y = ind.indicators(all_vintages=True)
    y = y[(y["year"] == 2024) & y["indicator"].isin(["grp_meur", "grp_meur_extra_regio"])]
    assert y["value"].sum() == pytest.approx(558_672.8, abs=0.05)


def test_scb_2024_contents_equal_the_source_and_published_examples():
    t = _table()
    codes = {"NR0105AI": "grp_volume_change_pct", "NR0105AK": "grp_per_employed_ksek",
             "NR0105AL": "employed_thousands", "NR0105AM": "wages_msek"}
    rows = _raw("grp_county_scb_tab3138_2024_all_contents.csv")
    assert len(rows) == 126
    for r in rows:
        if r["contents_code"] in codes:
            assert t.at[(r["county_code"], 2024, codes[r["contents_code"]], "2025-12-17"), "value"] \
                == float(r["value"])
    # PROVENANCE's example: the ÖMS counties' 2024 volume change
    v = {c: t.at[(c, 2024, "grp_volume_change_pct", "2025-12-17"), "value"]
         for c in ("03", "04", "05", "18", "19")}
    assert v == {"03": 3.4, "04": -6.1, "05": 4.2, "18": -0.3, "19": -0.3}
    # the 21 counties sum to 6 385 950 MSEK (PROVENANCE, block A)
    g = ind.indicators(all_vintages=True)
    g = g[(g["indicator"] == "grp_msek") & (g["vintage"] == "2025-12-17")]
    assert len(g) == 21 and g["value"].sum() == 6_385_950


def test_population_2025_sums_to_riket():
    p = ind.indicators()
    p = p[(p["indicator"] == "population") & (p["year"] == 2025)].set_index("county_code")["value"]
    assert p["00"] == 10_605_535
    assert p.drop("00").sum() == p["00"]
    assert p["03"] == 410_575


def test_nuts2_gdp_equals_the_source_file():
    n = ind.nuts2_grp().set_index(["region_code", "year", "indicator"])["value"]
    for r in _raw("grp_nuts2_2015_2023_eurostat.csv"):
        key = "grp_msek" if r["unit_code"] == "MIO_NAC" else "grp_eur_per_inhabitant"
        assert n[(r["county_code"], int(r["year"]), key)] == float(r["value"])
    assert n[("SE12", 2023, "grp_msek")] == 909_582.40
    assert n[("SE12", 2023, "grp_eur_per_inhabitant")] == 44_600


def test_the_contents_file_must_agree_with_the_brp_file(tmp_path):
    lines = (RAW / "grp_county_scb_tab3138_2024_all_contents.csv").read_text(encoding="utf-8").split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith("03,") and ",NR0105AH," in line)
    lines[i] = lines[i].replace(",234869,", ",234870,")
    f = tmp_path / "tab.csv"
    f.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match="NR0105AH för län 03 år 2024 .*skiljer sig från grp_county_2024_scb.csv"):
        ind.parse_file("grp_scb_2024_contents", f)


def test_a_negative_level_is_refused_but_a_negative_change_is_not(tmp_path):
    lines = (RAW / "grp_county_2024_scb.csv").read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(",2065135,", ",-2065135,")
    f = tmp_path / "grp.csv"
    f.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match="rad 2: värdet '-2065135' är inte ett rimligt"):
        ind.parse_file("grp_scb_2024", f)
    assert (ind.read_dataset("grp_scb_2024_contents")["value"] < 0).any()  # volume change


# --- one vintage per growth rate or ratio --------------------------------------------------------

def test_two_vintages_are_refused_in_one_growth_rate():
    a = pd.DataFrame({"vintage": ["2023-02-21"]})
    b = pd.DataFrame({"vintage": ["2025-12-17"]})
    with pytest.raises(MixedVintagesError, match="blandar årgångar \\(2023-02-21, 2025-12-17\\)"):
        require_one_vintage(a, b, what="tillväxten")
    assert require_one_vintage(a, a) == "2023-02-21"
    # the project's table: BRP 2020 (Eurostat, February 2023) and 2024 (SCB, December 2025)
    with pytest.raises(MixedVintagesError, match="tillväxten 2020–2024 för grp_msek blandar årgångar"):
        ind.growth_rates("grp_msek", 2020, 2024)
    ok = ind.growth_rates("grp_msek", 2015, 2020)
    assert set(ok["vintage"]) == {"2023-02-21"}


def test_window_growth_refuses_a_table_of_two_vintages():
    from analysis.analyses.mirror import windows

    t = ind.indicators(all_vintages=True)
    mixed = t.copy()
    sel = (mixed["indicator"] == "grp_meur") & (mixed["year"] == 2024) & (mixed["county_code"] == "03")
    mixed.loc[sel, "vintage"] = "2025-08"
    with pytest.raises(MixedVintagesError):
        windows.window_growth(mixed)


# --- windows from the register -------------------------------------------------------------------

def test_windows_follow_the_project_register():
    from analysis.analyses.mirror import windows

    ws = windows.project_windows(first_year=2015, last_year=2024)
    got = [(w.kind, w.project_id, w.start_year, w.end_year, w.complete) for w in ws]
    assert got == [("baseline", None, 2015, 2017, True), ("decided", "ECS3", 2017, 2020, True),
                   ("reported", "ECS3", 2017, 2023, True), ("decided", "REAL_OMS", 2023, 2024, False)]
    # another register gives other windows: nothing typed
    other = pd.DataFrame({"project_id": ["X"], "short_name": ["X"],
                          "start_date": [pd.Timestamp("2019-03-01")], "end_date": [pd.Timestamp("2022-06-30")]})
    ws = windows.project_windows(other, 2015, 2024, reported={})
    assert [(w.kind, w.start_year, w.end_year) for w in ws] == [("baseline", 2015, 2018),
                                                                  ("decided", 2018, 2021)]  # half of 2022 is not covered
    assert windows.base_year(dt.date(2023, 11, 1)) == 2023
    assert windows.end_year(dt.date(2023, 11, 1), dt.date(2027, 10, 31)) == 2027


def test_window_growth_by_hand():
    from analysis.analyses.mirror import windows
    from analysis.tables.prices import eur_sek

    g = windows.window_growth()
    oms = g[(g["code"] == "SE12") & (g["kind"] == "decided") & (g["project_id"] == "REAL_OMS")].iloc[0]
    rows = _raw("grp_nuts3_meur_2015_2024_eurostat.csv")
    val = {(r["county_code"], int(r["year"])): float(r["value"]) for r in rows}
    oms_codes = ("03", "04", "05", "18", "19")
    rate = eur_sek().set_index("year")["value"]
    a = sum(val[(c, 2023)] for c in oms_codes)
    b = sum(val[(c, 2024)] for c in oms_codes)
    assert oms["growth_sek"] == pytest.approx(b * rate[2024] / (a * rate[2023]) - 1)
    total = {y: sum(v for (c, yy), v in val.items() if yy == y) for y in (2023, 2024)}
    assert oms["share_end"] == pytest.approx(b / total[2024])
    assert oms["vintage"] == "2026-02-10" and oms["level"] == "NUTS 2"


def test_capacity_uses_the_latest_year_for_the_running_project():
    from analysis.analyses import financing

    cap = financing.capacity().set_index(["project_id", "county_code"])
    real = cap.loc[("REAL_OMS", "03")]
    assert real["grp_year"] == 2024 and real["grp_msek"] == 234_869 and real["grp_vintage"] == "2025-12-17"
    assert real["population_years"] == "2023, 2024, 2025"
    assert real["sek_per_msek_grp"] == pytest.approx(3_056_308 / 234_869)
    ecs3 = cap.loc[("ECS3", "03")]
    assert ecs3["grp_year"] == 2020 and ecs3["grp_vintage"] == "2023-02-21"


# --- latest years follow the data: a refresh with a newer year moves the sentences ---------------

def _population_cube(values: dict[tuple[str, int], float]) -> dict:
    codes = sorted({c for c, _ in values})
    years = sorted({y for _, y in values})
    return {"class": "dataset", "version": "2.0", "id": ["Region", "ContentsCode", "Tid"],
            "size": [len(codes), 1, len(years)], "role": {"time": ["Tid"], "geo": ["Region"]},
            "dimension": {"Region": {"category": {"index": codes}},
                          "ContentsCode": {"category": {"label": {"BE0101N1": "Folkmängd"}}},
                          "Tid": {"category": {"index": [str(y) for y in years]}}},
            "value": [values[(c, y)] for c in codes for y in years]}


@pytest.fixture
def refreshed_root(tmp_path, monkeypatch):
    """The project's data after `refresh` fetched a (made-up, test-only) population for 2026:
    each county's 2025 value plus 100, Riket their sum."""
    import shutil

    from analysis.core import cache
    from analysis.pipeline import refresh as command
    from analysis.sources import catalog, scb

    root = tmp_path / "root"
    for d in ("raw", "reference", "outcomes"):
        shutil.copytree(paths.DATA / d, root / "data" / d)
    shutil.copy(paths.DATA / "catalog.yml", root / "data" / "catalog.yml")
    p = {(r["county_code"], 2025): float(r["value"]) for r in _raw("population_county_2025.csv")}
    counties = [c for c, _ in p if c != "00"]
    values = {**p, **{(c, 2026): p[(c, 2025)] + 100 for c in counties}}
    values[("00", 2026)] = sum(values[(c, 2026)] for c in counties)
    monkeypatch.setattr(paths, "ROOT", root)
    monkeypatch.setattr(catalog, "CATALOG_FILE", root / "data" / "catalog.yml")
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setenv("OMS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OMS_TABLES_DIR", str(tmp_path / "tables"))
    _clear_all_caches()
    scb.refresh(["population"], retrieved=dt.date(2027, 3, 1), root=root,
                validate=command.validate_file, fetcher=lambda url, q: _population_cube(values))
    _clear_all_caches()
    yield root
    _clear_all_caches()


def _clear_all_caches() -> None:
    import sys

    for name, module in list(sys.modules.items()):
        if name == "analysis" or name.startswith("analysis."):
            for obj in list(vars(module).values()):
                if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", "") == name:
                    obj.cache_clear()


def test_latest_years_are_read_from_the_data():
    from analysis.narrative.vintage_text import vintage_facts

    text = vintage_facts()["text"]
    assert in_order(text, "Folkmängd 31 december", "2025", "(årgång 24 februari 2026)")
    assert in_order(text, "Bruttoregionprodukt (BRP)", "2024", "(årgång 17 december 2025)")
    assert "KPI (1980=100, månadsvärden): 2024-11" in text


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_a_refresh_with_a_newer_year_moves_the_sentences(refreshed_root):
    from analysis.narrative.findings import financing_facts
    from analysis.narrative.vintage_text import vintage_facts

    text = vintage_facts()["text"]
    assert in_order(text, "Folkmängd 31 december", "2026", "(årgång 1 mars 2027)")
    assert "2025 (årgång 24 februari 2026)" not in text
    note = financing_facts(base_year=2023, assumption="hold_latest")["population_note"]
    assert note.startswith(approved("finansiering", "population_definition", years="2027", latest="2026"))


def test_similarity_carries_its_level_as_data_not_display_text():
    """Issue 24: the NUTS 2 flag is data; rewording the display text changes nothing."""
    import dataclasses

    from analysis.analyses import mirror

    s = mirror.similar_regions("SE12")
    assert s.level == "nuts2" and s.nuts2
    assert dataclasses.replace(s, scale="de 21 länen").nuts2  # display text is not read
    c = mirror.similar_regions("03")
    assert c.level == "county" and not dataclasses.replace(c, scale="NUTS 2-regionerna").nuts2
    assert "struktur, inte storlek" in s.basis and "2021" in s.basis


def test_population_is_one_series_across_its_files_but_grp_is_not():
    """Population on 31 December is not revised (the 2025 file equals the older one for
    2021–2024), so its growth may span the two files; GRP's never does."""
    g = ind.growth_rates("population", 2015, 2025).set_index("county_code")
    assert g.at["03", "end_value"] == 410_575
    with pytest.raises(MixedVintagesError):
        require_one_vintage(pd.DataFrame({"vintage": ["2023-02-21", "2025-12-17"]}), indicator="grp_msek")
