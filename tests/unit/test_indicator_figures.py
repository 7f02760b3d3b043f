"""Indicator figures: each Chart's table and alt text carry the real values behind it."""

from __future__ import annotations

from analysis.present import indicator_figures as figs
from analysis.present.figures import Chart


def test_coverage_counts_counties_with_values():
    t = figs.coverage_table()
    assert t.loc["Folkmängd 31 december", "2024"] == 21
    assert t.loc["BRP per invånare (tkr)", "2018"] == 5  # only five counties in the time series
    assert t.loc["Företagens utgifter för egen FoU per invånare", "2017"] == 19  # two suppressed
    chart = figs.coverage_chart()
    assert isinstance(chart, Chart) and "21 länen" in chart.alt


def test_population_growth_chart():
    c = figs.population_growth_chart(2015, 2024)
    row = c.data.set_index("Region").loc["Uppsala"]
    assert row["Folkmängd 2024"] == 407_912 and row["ÖMS-län"] == "ja"
    assert "Uppsala 1,58 %" in c.alt and "Riket: 0,80 %" in c.alt


def test_grp_and_rd_and_kpi_charts():
    g = figs.grp_per_inhabitant_chart(2021)
    assert g.data.set_index("Region").loc["Riket", "BRP per invånare (tkr)"] == 527
    assert "Uppsala 482" in g.alt
    rd = figs.rd_by_sector_chart(2021)
    assert list(rd.data["Region"])[-1] == "ÖMS"
    assert "Östergötland" in rd.alt
    k = figs.kpi_chart()
    assert k.data.set_index("År").loc[2018, "KPI årsmedel"] == 328.40
    assert "2024-11" in k.alt
