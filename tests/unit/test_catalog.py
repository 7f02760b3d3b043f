"""The data catalog names every dataset, and every dataset loads through it."""

from __future__ import annotations

import pytest

from analysis.sources import catalog
from analysis.tables.load import load
from analysis.core import paths, regions
from analysis.core.errors import DataError


def test_every_entry_has_the_required_fields_and_an_existing_file():
    for name, entry in catalog.catalog().items():
        for key in catalog.REQUIRED_KEYS:
            assert entry.get(key) not in (None, ""), (name, key)
        assert catalog.path(name).exists(), name
        assert entry["quality"] in {"hög", "medel", "låg"}
        assert entry["suitability"] in {"hög", "medel", "låg"}


def test_every_raw_indicator_and_geo_file_is_catalogued():
    catalogued = {catalog.path(n).resolve() for n in catalog.names()}
    raw = [*paths.RAW_INDICATORS.glob("*.csv"), *paths.RAW_GEO.glob("*.geojson"),
           *paths.REFERENCE.glob("*.csv")]
    assert raw and {p.resolve() for p in raw} <= catalogued


@pytest.mark.parametrize("name", ["population", "grp", "grp_per_inhabitant", "rd_expenditure",
                                  "innovation_index_reglab", "kpi_annual", "kpi_monthly",
                                  "eur_sek", "erdf_programme", "ris", "counties", "documents",
                                  "financiers", "challenge_areas"])
def test_every_csv_dataset_loads(name):
    df = load(name)
    assert len(df) > 0


def test_loaded_values():
    pop = load("population")
    assert pop[(pop.county_code == "03") & (pop.year == 2023)]["value"].iloc[0] == 404_589
    erdf = load("erdf_programme")
    eu = erdf[(erdf.period == "2014-2020") & (erdf.item == "EU contribution (ERDF)")]["value"]
    assert float(eu.iloc[0]) == 69_026_314
    ris = load("ris")
    assert ris[(ris.nuts2_code == "SE12")]["value"].tolist() == ["23"]


def test_geojson_has_the_21_counties():
    geo = load("sweden_counties_geo")
    codes = sorted(f["properties"]["county_code"] for f in geo["features"])
    assert codes == sorted(regions.county_codes())


def test_geo_provenance_keeps_the_mit_notice():
    text = (paths.RAW_GEO / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "Copyright (c) 2024 Stefan Furne" in text
    assert "The above copyright notice and this permission notice shall be included" in text


def test_unknown_dataset_and_missing_file():
    with pytest.raises(DataError, match="catalog.yml: datamängden 'finns_inte' behövs men finns inte"):
        catalog.dataset("finns_inte")
    with pytest.raises(DataError, match="saknas.csv: filen saknas"):
        catalog.read_csv(paths.RAW_INDICATORS / "saknas.csv")


def test_catalog_table_is_swedish():
    t = catalog.catalog_table()
    assert list(t.columns)[:3] == ["Datamängd", "Innehåll", "Fil"]
    assert "population" in set(t["Datamängd"])
    row = t.set_index("Datamängd").loc["grp"]
    assert row["Årgång"] == "2023-02-21"


def test_area_filter():
    names = catalog.names("indikatorer")
    assert {"population", "grp", "kpi_monthly", "sweden_counties_geo", "counties"} <= set(names)
    assert set(names) <= set(catalog.names())
    assert list(catalog.catalog_table("indikatorer")["Datamängd"]) == names


def test_a_catalog_that_is_not_yaml_is_named_with_its_line(tmp_path, monkeypatch):
    bad = tmp_path / "catalog.yml"
    bad.write_text("datasets:\n  population:\n    path: a.csv\n   title: [\n", encoding="utf-8")
    monkeypatch.setattr(catalog, "CATALOG_FILE", bad)
    catalog.clear_cache()
    try:
        with pytest.raises(DataError, match=r"catalog.yml, rad 4: datakatalogen är inte giltig YAML"):
            catalog.catalog()
    finally:
        monkeypatch.undo()
        catalog.clear_cache()


def test_every_dataset_the_code_reads_is_declared_and_in_the_catalog(monkeypatch):
    declared = catalog.needed()
    assert {"kpi_annual", "kpi_monthly", "eur_sek", "ris", "employment_nuts2",
            "sweden_counties_geo", "project_facts"} <= set(declared)
    assert declared["kpi_annual"] == "analysis.tables.prices"
    catalog.check_needed()  # the shipped catalog has them all
    monkeypatch.setitem(catalog._NEEDED, "borttagen", "analysis.tables.test")
    with pytest.raises(DataError, match=r"catalog.yml: datamängder som koden läser saknas i "
                                        r"datakatalogen: 'borttagen' \(läses av analysis.tables.test\)"):
        catalog.check_needed()
