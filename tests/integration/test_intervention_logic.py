"""The intervention logic (issue 21, point 3), checked against the decisions' own figures: ECS3's
budget of 13 200 000 kr (000, the cost table), its four numeric targets, REAL ÖMS without
numeric targets in the co-financier's paper, one overall goal each; for any number of projects."""

from __future__ import annotations

import pandas as pd

from analysis.analyses.intervention_logic import CONTROL, LEVELS, intervention_logic
from analysis.narrative.intervention_text import level_content
from analysis.present.intervention_figures import intervention_chart, intervention_table
from approved_text import approved


def test_every_project_has_five_levels_from_its_decision():
    d = intervention_logic().set_index(["project_id", "level"])
    assert list(LEVELS) == ["resources", "activities", "outputs", "results", "impact"]
    ecs3 = d.loc["ECS3"]
    cost = sum(a for a, p in zip(ecs3.at["resources", "amounts"], ecs3.at["resources", "parts"])
               if p == "cost")
    fin = sum(a for a, p in zip(ecs3.at["resources", "amounts"], ecs3.at["resources", "parts"])
              if p == "financing")
    assert cost == fin == 13_200_000  # ECS3's decided budget, both tables
    assert ecs3.at["outputs", "n"] == 4 and ecs3.at["outputs", "lines"] == [61, 63, 65, 67]
    assert ecs3.at["impact", "n"] == 1 and ecs3.at["results", "n"] == 1 + 8  # projektmål, delmål
    real = d.loc["REAL_OMS"]
    assert real.at["outputs", "n"] == 0 and real.at["results", "n"] == 1 + 2
    real_cost = sum(a for a, p in zip(real.at["resources", "amounts"], real.at["resources", "parts"])
                    if p == "cost")
    real_fin = sum(a for a, p in zip(real.at["resources", "amounts"], real.at["resources", "parts"])
                   if p == "financing")
    assert real_cost == 25_469_237 and abs(real_cost - real_fin) <= 2  # rounding in the decision
    assert "ERUF" in real.at["resources", "items"]
    assert set(d["control"]) == set(CONTROL.values())
    assert d.loc[("ECS3", "impact"), "control"] == "contributes"


def test_the_table_cites_the_decision_papers_and_says_what_is_missing():
    t = intervention_table(intervention_logic())
    assert list(t.columns) == ["Projekt", "Nivå", "I beslutet", "Vad projektet kan påverka", "Källa"]
    assert len(t) == 10
    row = t[(t["Projekt"] == "ECS3") & (t["Nivå"] == "Resurser")].iloc[0]
    assert row["I beslutet"].startswith("Budget 13,2\u00a0mnkr")
    assert row["Källa"] == approved("kallhanvisningar", "decision_ECS3_section",
                                    section="Kostnads- och finansieringsbudget")
    real = t[(t["Projekt"] == "REAL ÖMS") & (t["Nivå"] == "Prestationer")].iloc[0]
    assert "anger inga numeriska mål" in real["I beslutet"]
    assert "Tillväxtverkets beslut" in real["I beslutet"]
    assert not t.apply(lambda c: c.astype(str).str.contains(r"\.txt|rad \d")).any().any()


def test_any_number_of_projects():
    items = pd.DataFrame({
        "project_id": ["A", "A", "B"], "item_id": ["A-OM", "A-1", "B-OM"],
        "kind": ["overall_goal", "numeric_target", "overall_goal"],
        "title": ["Mål A", "10 möten", "Mål B"], "document": ["a.txt", "a.txt", "b.txt"],
        "line_start": [1, 5, 2]})
    lines = pd.DataFrame({"project_id": ["A", "A"], "table": ["cost", "financing"],
                          "category": ["staff", "ERUF"], "amount_sek": [100.0, 100.0],
                          "document": ["a.txt", "a.txt"], "line": [9, 10]})
    d = intervention_logic(items, lines)
    assert list(dict.fromkeys(d["project_id"])) == ["A", "B"] and len(d) == 10
    b = d[d["project_id"] == "B"].set_index("level")
    assert b.at["resources", "n"] == 0
    assert level_content(b.reset_index().iloc[0]) == "Ingen budget i underlaget."
    assert d[(d["project_id"] == "A") & (d["level"] == "outputs")]["n"].iloc[0] == 1


def test_the_figure_shows_both_projects_side_by_side():
    chart = intervention_chart(intervention_logic())
    texts = [a.text for a in chart.figure.layout.annotations if a.text]
    assert sum(t.startswith("Resurser: budget") for t in texts) == 2
    assert any("Prestationer: " + approved("mal", "no_numeric_targets") in t for t in texts)
    assert list(chart.figure.layout.xaxis.ticktext) == ["ECS3", "REAL ÖMS"]
