"""Mirror figures: each is a Chart whose table and alt text come from the analysis results."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses import mirror
from analysis.core import regions
from analysis.present import mirror_figures
from analysis.present.figures import Chart, region_colour, region_symbol
from analysis.tables.indicators import indicators
from approved_text import in_order


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return mirror.with_oms_aggregates(indicators())


def test_profile_chart_marks_regions_by_symbol_and_carries_the_table(data):
    chart = mirror_figures.profile_chart(mirror.profile(data=data))
    assert isinstance(chart, Chart)
    traces = {t.name: t for t in chart.figure.data}
    assert traces["Uppsala"].marker.symbol == region_symbol("03")
    assert traces["Kalmar"].marker.color == region_colour("08")
    t = chart.data
    row = t[(t["Region"] == "Uppsala län") & (t["Mått"] == "Folkmängd 31 december")].iloc[0]
    assert row["Värde"] == "410\u00a0575" and row["Plats bland länen"] == "5 av 21"  # 2025 (SCB)
    # ÖMS is not on the county scale; Riket lacks R&D in Kolada: the table says so.
    assert "Östra Mellansverige" not in set(t["Region"])
    riket = t[(t["Region"] == "Riket") & (t["Mått"] == "Företagens utgifter för egen FoU per invånare")]
    assert riket["Värde"].tolist() == ["uppgift saknas"]
    assert "percentil" in chart.alt


def test_profile_chart_labels_have_one_parenthesis_each(data):
    chart = mirror_figures.profile_chart(mirror.profile(data=data))
    labels = list(chart.figure.layout.yaxis.categoryarray)
    assert not [x for x in labels if ") (" in x or "))" in x]
    assert "BRP per invånare (tkr, 2024)" in labels
    assert "Folkmängd 31 december (2025)" in labels
    assert ("BRP per invånare i kronor (2020 års priser, KPI), trend per år "
            "(% av 2015 års nivå, 2015–2020)") in labels


def test_label_with_period_puts_the_period_inside_a_closing_parenthesis():
    assert mirror.label_with_period("BRP per invånare (tkr)", "2021") == "BRP per invånare (tkr, 2021)"
    assert mirror.label_with_period("Folkmängd", "2015–2024") == "Folkmängd (2015–2024)"
    assert mirror.label_with_period("Folkmängd", "") == "Folkmängd"


def test_similar_regions_chart_names_peers_and_basis(data):
    s = mirror.similar_regions("03", data=data)
    chart = mirror_figures.similar_regions_chart(s)
    assert chart.data["Jämförelselän"].tolist().count("ja") == 5
    assert "Västerbotten" in chart.alt  # Uppsala's nearest county on the default profile
    assert "till Uppsalas profil" in chart.alt
    oms = mirror_figures.similar_regions_chart(mirror.similar_regions("SE12", data=data))
    assert "till ÖMS profil" in oms.alt
    assert s.basis in chart.notes
    assert chart.figure.layout.title.text == "Län som liknar Uppsala mest"


def test_dendrogram_chart_lists_every_county_once(data):
    chart = mirror_figures.dendrogram_chart(mirror.cluster_counties(data=data))
    assert sorted(chart.data["Län"]) == sorted(mirror.region_name(c) for c in regions.county_codes())
    assert chart.data.loc[chart.data["Län"] == "Uppsala län", "ÖMS"].item() == "ja"
    assert "Uppsala (ÖMS)" in chart.figure.layout.yaxis.ticktext  # horizontal names, never cut


def test_trajectories_chart_index_and_alt(data):
    traj = mirror.trajectories("population", "03", peers=["12", "14"], data=data)
    chart = mirror_figures.trajectories_chart(traj)
    up = traj[(traj["county_code"] == "03") & (traj["year"] == 2025)]["index"].item()
    assert f"Uppsala län når {mirror_figures.format_number(up, 1)} år 2025" in chart.alt
    lines = [(t.line.dash, t.marker.symbol) for t in chart.figure.data if t.mode == "lines+markers"]
    assert len(lines) == 6 and len(set(lines)) == 6  # each line has its own dash + marker
    table = mirror_figures.trend_table(mirror.growth_comparison("population", "03", ["12", "14"],
                                                                data=data))
    assert "konfidensintervall" in " ".join(table.columns)


def test_nuts2_chart_keeps_the_caveat():
    chart = mirror_figures.nuts2_chart()
    assert in_order(chart.alt, "Östra Mellansverige (SE12)", "plats 23 av 240", "(RIS 2021)")
    assert mirror.RIS_CAVEAT in chart.notes
    assert "centralsweden.se" in " ".join(chart.raw["Källa (adress)"])  # the address: in the data
    shown = " ".join(chart.data.astype(str).to_numpy().ravel())
    assert "Central Sweden, ÖMS-regionernas EU-kontor (2021)" in shown
    for english in ("Strong Innovator", "top 15", "is ranked", "press release", "see above",
                    "conflicts with", "https://"):
        assert english not in shown
    assert "stark innovatör (nedre delen)" in shown and "bland de 15 främsta" in shown


def test_format_value():
    assert mirror_figures.format_value(0.0158, "population_growth") == "+1,6 % per år"
    assert mirror_figures.format_value(118.128, "innovation_index_reglab") == "118,1"
    assert mirror_figures.format_value(float("nan"), "population") == "uppgift saknas"
