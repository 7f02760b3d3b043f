"""The over-time figures and tables name the pair they compare and keep the decisions' values."""

from __future__ import annotations

from analysis.analyses import financing as fin
from analysis.analyses.financing.period import reported_end
from analysis.present import over_time_figures as otf


def plain(s: str) -> str:
    return str(s).replace("\u00a0", " ")


def test_change_chart_names_the_latest_pair():
    c = otf.change_chart()
    assert c.figure.layout.title.text.startswith("Bidrag per region: ECS3 mot REAL ÖMS")
    assert list(c.data.columns[:3]) == ["Region", "ECS3", "REAL ÖMS"]
    assert plain(c.data.set_index("Region").at["Region Uppsala", "REAL ÖMS"]) == "3 056 308 kr"


def test_pairs_table_and_sensitivity_table():
    t = otf.pairs_table()
    assert (t["Från"].tolist(), t["Till"].tolist()) == (["ECS3"], ["REAL ÖMS"])
    assert plain(t["Förändring per projektmånad"].iloc[0]) == "+44,7 %"
    s = otf.sensitivity_table(fin.price_sensitivity(base_year=2023))
    assert [plain(x) for x in s["Budget per projektmånad, förändring"]] == [
        "+15,7 %", "+14,5 %", "+13,2 %"]


def test_period_known_table_says_what_is_missing():
    t = otf.period_known_table("ECS3", reported_end("ECS3")).set_index("Uppgift")["Värde"]
    assert plain(t["Beslutad period"]) == "2018-01-01 – 2020-12-31 (36 månader)"
    assert plain(t["Budget för den beslutade perioden"]) == "13 200 000 kr för 36 månader"
    assert t["Rapporterat slut"] == "hösten 2023"
    assert t["Ändrat beslut och budget för förlängningen"] == "saknas i underlaget"


def test_over_time_table_lists_projects_in_start_order():
    t = otf.over_time_table(fin.over_time(base_year=2023, assumption="hold_latest"))
    assert t["Projekt"].tolist() == ["ECS3", "REAL ÖMS"]
    assert plain(t["Per projektmånad, 2023 års priser"].iloc[1]) == "514 717 kr"
    assert t["Antagen prisnivå"].tolist() == ["nej", "ja"]
