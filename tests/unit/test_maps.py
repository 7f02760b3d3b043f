"""The county map: every county drawn from the GeoJSON, ÖMS outlined, nothing fetched."""

from __future__ import annotations

import json

import pytest

from analysis.present import maps
from analysis.analyses import mirror
from analysis.core import regions
from analysis.core.errors import ParameterError
from analysis.tables.indicators import indicators


@pytest.fixture(scope="module")
def chart():
    return maps.choropleth_chart("population", 2023, data=mirror.with_oms_aggregates(indicators()))


def test_every_county_is_filled_and_oms_outlined(chart):
    filled = [t for t in chart.figure.data if t.fill == "toself"]
    assert sorted(t.name for t in filled) == sorted(regions.county_name(c) for c in regions.county_codes())
    outlines = [t for t in chart.figure.data if t.legendgroup == "outline"]
    assert len(outlines) == 5 and all(t.line.width > 2 for t in outlines)


def test_no_tiles_no_geo_subplot_no_urls(chart):
    spec = chart.figure.to_plotly_json()
    assert "geo" not in spec["layout"] and "mapbox" not in spec["layout"] and "map" not in spec["layout"]
    assert {t.type for t in chart.figure.data} == {"scatter"}
    assert "http" not in json.dumps(spec["layout"])


def test_table_and_alt_follow_the_data(chart):
    t = chart.data.set_index("Län")
    assert t.at["Uppsala län", "Värde"] == "404 589" and t.at["Uppsala län", "Plats"] == 5
    assert t.at["Stockholms län", "Plats"] == 1
    assert "Högst Stockholms län (2 454 821)" in chart.alt
    assert "5 (Uppsala)" in chart.alt
    labels = [t for t in chart.figure.data if t.mode == "text"][0]
    assert sorted(int(x) for x in labels.text) == list(range(1, 22))


def test_unknown_indicator_lists_choices():
    with pytest.raises(ParameterError, match="Giltiga val: .*population"):
        maps.choropleth_chart("folkmängd")
