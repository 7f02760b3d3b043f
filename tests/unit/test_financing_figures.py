"""Financing figures: region colours and patterns, Swedish separators, tables and alt texts."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analysis.core.formatting import MINUS, NBSP
from analysis.present.display import csv_text
from analysis.analyses import financing as fin
from analysis.present import financing_figures as figs
from analysis.present.figures import REGION_COLOURS, REGION_PATTERNS, SWEDISH_SEPARATORS, Chart

import financing_frames as ff
from approved_text import approved, in_order

GPI = {"03": 460, "04": 350, "05": 430, "18": 425, "19": 385}


@pytest.fixture(scope="module")
def lines():
    return ff.budget_lines()


@pytest.fixture(scope="module")
def ind():
    return ff.indicator_table(GPI)


def _machine_readable(chart: Chart) -> pd.DataFrame:
    """The chart's CSV download as pandas reads it, after checking it needs no fixing."""
    text = csv_text(chart.numbers)
    assert text.startswith("\ufeff")  # UTF-8 with BOM: Excel reads å, ä, ö
    body = text[1:]
    assert NBSP not in body and MINUS not in body and " kr" not in body and "%," not in body
    return pd.read_csv(io.StringIO(body))


def _common(chart: Chart):
    assert isinstance(chart, Chart)
    _machine_readable(chart)
    layout = chart.figure.layout
    assert layout.separators == SWEDISH_SEPARATORS
    assert layout.title.text and chart.alt and chart.source
    assert any("Källa:" in a.text for a in layout.annotations)
    assert not chart.data.empty


def test_contributions_chart_uses_region_colours_and_patterns(lines):
    c = figs.contributions_chart(fin.regional_contributions(lines, ff.STATED_TOTALS), focus="03")
    _common(c)
    bar = c.figure.data[0]  # ECS3 panel, regions bottom-up: Västmanland … Uppsala
    assert list(bar.y) == ["Västmanland", "Örebro", "Östergötland", "Sörmland", "Uppsala"]
    assert list(bar.marker.color) == [REGION_COLOURS[k] for k in ("19", "18", "05", "04", "03")]
    assert list(bar.marker.pattern.shape) == [REGION_PATTERNS[k] for k in ("19", "18", "05", "04", "03")]
    assert list(bar.text)[-1] == "600 000 kr"  # direct label, Swedish format
    assert list(c.figure.data[1].text) == ["3 056 308 kr"] * 5
    row = c.data[(c.data["Projekt"] == "ECS3") & (c.data["Region"] == "Region Uppsala")].iloc[0]
    assert row["Andel av regionernas medfinansiering"] == "9,1 %"
    assert "Region Uppsala 600 000 kr" in c.alt


def test_per_inhabitant_chart_labels_and_table(lines, ind):
    c = figs.per_inhabitant_chart(fin.capacity(lines, ind, ff.MONTHS, ff.STATED_TOTALS))
    _common(c)
    row = c.data[(c.data["Projekt"] == "ECS3") & (c.data["Region"] == "Region Uppsala")].iloc[0]
    assert row["Kronor per invånare"] == "1,57"
    assert row["BRP-år"] == "2020"
    assert "senast kända folkmängd" in c.notes[0]


def test_contribution_ratio_charts(lines, ind):
    c = figs.contribution_ratio_chart(fin.contribution_ratio(lines, ind, stated_totals=ff.STATED_TOTALS))
    _common(c)
    assert c.data["Bidragskvot"].iloc[0] == "41"  # ECS3 Uppsala, population
    assert c.figure.layout.title.text.startswith("Bidragskvot")
    s = figs.contribution_ratio_sensitivity_chart(fin.contribution_ratio_sensitivity(lines, ind, ff.STATED_TOTALS))
    _common(s)
    assert list(s.data.columns)[2:5] == ["Kvot, befolkning", "Kvot, BRP", "Kvot, blandning"]
    assert "Sörmland i ECS3" in s.alt


def test_monthly_budget_chart_flags_assumed_prices(lines):
    factors = pd.DataFrame({"year": range(2018, 2028), "factor": [1.2] * 5 + [1.0] * 5,
                            "assumed": [False] * 6 + [True] * 4})
    y = fin.in_fixed_prices(fin.yearly_budget(lines, ff.MONTHS), base_year=2023, factors=factors)
    c = figs.monthly_budget_chart(y)
    _common(c)
    t = c.data.set_index(["Projekt", "År"])
    assert t.at[("ECS3", "2018"), "Per projektmånad"] == "366 667 kr"
    assert t.at[("REAL ÖMS", "2023"), "Per projektmånad"] == "511 885 kr"
    assert t.at[("ECS3", "2018"), "Per projektmånad, fasta priser"] == "440 000 kr"
    assert t.at[("REAL ÖMS", "2024"), "Prisnivå antagen"] == "ja"
    assert "2024*<br>(12 mån.)" in list(c.figure.data[-1].x)


def test_change_and_cost_structure(lines):
    c = figs.change_chart(fin.change_by_region(lines, months=ff.MONTHS,
                                                stated_totals=ff.STATED_TOTALS))
    _common(c)
    assert c.data.iloc[0]["Förändring, %"] == "+409,4 %"
    assert c.data.iloc[0]["Förändring"] == "+2 456 308 kr"
    k = figs.cost_structure_chart(fin.cost_structure(lines))
    _common(k)
    # each cost category with its share beside it, after the project
    assert in_order(k.alt, "REAL ÖMS", "egen personal 71 %", "indirekta kostnader 29 %")



def test_chart_csv_carries_raw_numbers_beside_the_formatted_table(lines):
    c = fin.regional_contributions(lines, ff.STATED_TOTALS)
    chart = figs.contributions_chart(c, focus="03")
    assert NBSP in chart.data["Bidrag"].iloc[0]  # the reader's table: formatted, unbreakable
    read = _machine_readable(chart)
    assert read["Bidrag (kr)"].dtype.kind == "f"
    assert sorted(read["Bidrag (kr)"]) == sorted(float(v) for v in c["amount_sek"])
    # rounded to the precision the page shows (one decimal): no float artefacts in the CSV
    assert read["Andel av hela budgeten (%)"].tolist() == [round(100 * v, 1)
                                                           for v in c["share_of_total"]]


def test_figures_read_at_1366_and_390_px(lines, ind):
    """Value labels horizontal and at least 11 px; panels of the same index on one scale."""
    y = fin.in_fixed_prices(fin.yearly_budget(lines, ff.MONTHS), base_year=2023,
                            factors=pd.DataFrame({"year": range(2018, 2028), "factor": [1.0] * 10,
                                                  "assumed": [False] * 10}))
    bars = [t for t in figs.monthly_budget_chart(y).figure.data if t.type == "bar"]
    assert bars and all(t.textangle == 0 and t.textfont.size >= 11 for t in bars)
    assert bars[0].text[0] == f"367{NBSP}tkr" and bars[0].customdata[0] == f"366{NBSP}667{NBSP}kr"
    dots = figs.contribution_ratio_sensitivity_chart(
        fin.contribution_ratio_sensitivity(lines, ind, ff.STATED_TOTALS)).figure.layout
    assert dots.xaxis.range == dots.xaxis2.range and dots.xaxis2.matches == "x"
    k = figs.cost_structure_chart(fin.cost_structure(lines)).figure.layout
    assert k.uniformtext.minsize >= 11


def test_raw_numbers_are_rounded_like_the_figure(lines):
    chart = figs.contributions_chart(fin.regional_contributions(lines, ff.STATED_TOTALS))
    share = chart.raw["Andel av regionernas medfinansiering (%)"]
    assert all(len(repr(v).replace(".", "").lstrip("0")) <= 9 for v in share)  # 8 significant


def test_cost_chart_shows_every_category_and_names_the_flat_rate_for_what_it_covers(lines):
    """Issue 21: like with like. Own staff first, the flat rate named as standing for all other
    costs, and no category dropped (a travel line was not drawn before)."""
    extra = lines[(lines["table"] == "cost") & (lines["project_id"] == "ECS3")
                  & (lines["category"] == "other_costs")].assign(category="travel", label="Resor")
    c = figs.cost_structure_chart(fin.cost_structure(pd.concat([lines, extra])))
    names = [t.name for t in c.figure.data]
    assert names[0] == "Egen personal" and names[-1] == "Schablon för alla andra kostnader"
    assert "Resor" in names and len(names) == 5
    assert c.notes[0] == approved("utveckling", "flat_rate_chart_note", projects="REAL ÖMS")
