"""The RAP data log: ratings, missing counts, reconciliations, assumptions."""

from __future__ import annotations

import pytest

from analysis.sources import catalog
from analysis.tables import datalog


def test_data_log_covers_every_catalogued_dataset_with_ratings():
    log = datalog.data_log()
    assert list(log["Datamängd"]) == catalog.names()
    assert set(log["Kvalitet"]) <= {"hög", "medel", "låg"}
    assert {"Källa", "Årgång", "Licens", "Lämplighet", "Förbehåll", "Kända luckor"} <= set(log.columns)
    row = log.set_index("Datamängd")
    assert row.loc["ris", "Kvalitet"] == "låg"
    assert "pressidor" in row.loc["ris", "Förbehåll"]
    assert "slutar 2020" in row.loc["grp", "Förbehåll"]


def test_missing_counts_come_from_the_data():
    log = datalog.data_log().set_index("Datamängd")
    assert log.loc["rd_expenditure", "Saknade/undertryckta"] == 6
    assert log.loc["rd_expenditure", "Antal värden"] == 378
    assert log.loc["population", "Saknade/undertryckta"] == 0
    assert log.loc["sweden_counties_geo", "Antal värden"] == 21
    miss = datalog.missing_values().set_index("Indikator")
    assert miss.loc["rd_business_per_inhabitant", "Saknade/undertryckta"] == 4
    assert miss.loc["rd_business_per_inhabitant", "Vilka"] == (
        "Gotlands län 2017; Gotlands län 2019; Jämtlands län 2017; Jämtlands län 2019")
    assert miss.loc["rd_higher_education_per_inhabitant", "Vilka"] == "Gotlands län 2015; Gotlands län 2017"


def test_two_grp_vintages_differ():
    d = datalog.vintage_differences().set_index("Län")
    assert d.loc["Uppsala län", "Årgång 2021-12-10"] == 457
    assert d.loc["Uppsala län", "Årgång 2023-12-14"] == 451
    assert (d["Skillnad (tkr)"] != 0).all()


def test_public_rd_does_not_reconcile_but_business_does():
    r = datalog.rd_reconciliation().set_index(["Indikator", "År"])
    assert abs(r.loc[("rd_business_msek", 2015), "Skillnad (%)"]) < 0.01
    assert r.loc[("rd_public_msek", 2015), "Summa av länen (mnkr)"] == pytest.approx(6161, abs=1)
    assert r.loc[("rd_public_msek", 2015), "Skillnad (%)"] > 30
    # 2017 business: two counties suppressed, so no full sum is claimed.
    assert r.loc[("rd_business_msek", 2017), "Undertryckta län"] == 2


def test_suspected_2019_swap_is_visible():
    s = datalog.suspected_swaps().set_index("Län")
    assert s.loc["Västerbottens län", "2019"] == pytest.approx(2060.82)
    assert s.loc["Norrbottens län", "2019"] == pytest.approx(13067.14)
    # Every other year Västerbotten is well above Norrbotten.
    for y in ("2011", "2013", "2015", "2017", "2021"):
        assert s.loc["Västerbottens län", y] > 2 * s.loc["Norrbottens län", y]


def test_assumptions_log_and_quality_checks():
    a = datalog.assumptions_log()
    assert list(a.columns) == ["Antagande", "Var", "Motivering", "Konsekvens", "I koden"]
    assert not a["Var"].str.contains(r"\(\)|_|\.", regex=True).any()  # reader words, not code
    assert not a["Antagande"].str.contains("hold_latest").any()  # no code words for readers
    assert a["Antagande"].str.contains("senast kända nivå").any()
    q = datalog.quality_checks()
    assert (q["Godkänd"] == "ja").all() and len(q) == 18  # incl. SCB's BRP ÷ sysselsatta 2024
