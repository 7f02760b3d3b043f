"""The steering group's brief (issue 21, point 1): every message, decision and risk follows from a
stated rule applied to the data; the values are checked against the decisions and the
assessment files, not against the sentences produced."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.analyses import brief
from analysis.core import paths
from analysis.narrative import brief_text as bt
from analysis.tables import assessment as asm
from approved_text import in_order

FIXTURE = paths.ROOT / "tests" / "fixtures" / "assessment"
AS_OF = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def shipped():
    return brief.brief_state("SE12", as_of=AS_OF, directory=str(asm.ASSESSMENT_DIR))


@pytest.fixture(scope="module")
def rated():
    return brief.brief_state("SE12", as_of=AS_OF, directory=str(FIXTURE))


def _rule(state, rule):
    a = state["actions"]
    return a[a["rule"] == rule].set_index(a[a["rule"] == rule]["project_id"].where(
        a[a["rule"] == rule]["project_id"] != "", a[a["rule"] == rule]["region"]))


def test_the_overview_holds_the_decisions_top_levels(shipped):
    o = shipped["overview"].set_index(["project_id", "kind"])
    # ECS3's decision: one overall goal, one project goal, eight delmål, four numeric targets
    # (300, 75, 25 and 100 företag), six commitments
    assert o.at[("ECS3", "overall_goal"), "items"] == 1
    assert o.at[("ECS3", "sub_goal"), "items"] == 8
    assert o.at[("ECS3", "numeric_target"), "items"] == 4
    assert o.at[("REAL_OMS", "sub_goal"), "items"] == 2
    assert set(o.index.get_level_values("kind")) <= set(brief.TOP_KINDS)
    assert "package_activity" not in set(o.index.get_level_values("kind"))
    assert (o["ej bedömt"] == o["items"]).all()  # nothing is rated in the shipped files
    assert 10 <= len(o) <= 15


def test_unrated_goals_ask_who_assesses_them(shipped, rated):
    r = _rule(shipped, "not_assessed")
    assert r.at["ECS3", "count"] == r.at["ECS3", "of"] == 21
    assert r.at["REAL_OMS", "count"] == 14
    assert _rule(rated, "not_assessed").empty  # the fixture rates every item
    assert bt.decision_lines(rated)[0][0].startswith("Utse en ansvarig")  # the next rule leads


def test_weak_areas_without_owner_are_named_per_region(shipped):
    r = _rule(shipped, "weak_without_owner")
    assert list(r.index) == ["SE12", "03", "04", "18", "19"]
    assert r.at["04", "count"] == 5
    lines = bt.weak_area_lines(shipped)
    sod = next(x for x in lines if x.startswith("**Södermanlands län**"))
    # last of 21 in högskolornas FoU per invånare (2021); in BRP per invånare 2024 (SCB TAB3138,
    # 438 tkr) place 20 of 21, still the lower third
    assert in_order(sod, "sist", "21 länen", "högskolornas FoU per invånare (2021)")
    assert in_order(sod, "BRP per invånare", "(plats 20 av 21, 2024)")
    vm = next(x for x in lines if x.startswith("**Västmanlands län**"))
    assert in_order(vm, "sist", "21 länen", "BRP-tillväxt per invånare (2015–2020)")
    assert in_order(vm, "BRP-tillväxt per invånare (2015–2020) långsammare än jämförelselänen")


def test_the_weak_areas_point_to_where_each_measures_source_stands(shipped):
    """Every weak area's number is dated in the brief, and the brief says where its source,
    table and vintage stand: a chapter and a heading that exist in the book."""
    import re

    assert all(re.search(r"\((plats \d+ av \d+, )?\d{4}(–\d{4})?\)", line)
               for line in bt.weak_area_lines(shipped))
    chapter, heading = bt.WEAK_SECTION
    assert bt.weak_source_line(shipped) == bt.WEAK_SOURCE and heading in bt.WEAK_SOURCE
    qmd = (paths.REPORT / "sjalvvardering.qmd").read_text(encoding="utf-8")
    assert f'\ntitle: "{chapter}"\n' in qmd
    assert f"\n## {heading}\n" in qmd
    none = {**shipped, "mirror_weak": shipped["mirror_weak"].iloc[:0]}
    assert bt.weak_source_line(none) is None


def test_an_ended_project_without_outcomes_and_a_running_one(shipped):
    r = _rule(shipped, "missing_outcome")
    assert list(r.index) == ["ECS3"] and r.at["ECS3", "count"] == 4  # decided end 2020-12-31
    early = brief.brief_state("SE12", as_of=dt.date(2019, 6, 1), directory=str(asm.ASSESSMENT_DIR))
    assert _rule(early, "missing_outcome").empty  # before the period ended nothing is missing
    at_end = _rule(shipped, "unassessed_at_end")
    assert set(at_end.index) == {"REAL_OMS"}  # REAL ÖMS ends 2027-10-31, within a year
    assert _rule(brief.brief_state("SE12", as_of=dt.date(2025, 1, 1),
                                   directory=str(asm.ASSESSMENT_DIR)),
                 "unassessed_at_end").empty  # more than a year left


def test_the_material_lacks_the_managing_authoritys_decisions(shipped):
    reg = pd.read_csv(paths.REFERENCE / "documents.csv")
    assert set(reg.loc[reg["kind"] == "decision", "issuer"]) == {"Region Örebro län"}
    assert set(_rule(shipped, "missing_decision").index) == {"ECS3", "REAL_OMS"}


def test_an_overdue_action_is_a_risk(rated):
    weak = rated["weak"]
    due = pd.to_datetime(weak["due"].where(weak["due"] != ""), errors="coerce")
    later = brief.brief_state("SE12", as_of=(due.max() + pd.Timedelta(days=1)).date(),
                              directory=str(FIXTURE))
    assert _rule(later, "overdue_action")["count"].iloc[0] == int(due.notna().sum())


def test_rules_for_any_number_of_projects():
    status = pd.DataFrame({
        "project_id": ["A", "A", "B", "C"], "item_id": ["A1", "A2", "B1", "C1"],
        "kind": ["overall_goal", "sub_goal", "sub_goal", "commitment"],
        "kind_label": ["Övergripande mål", "Delmål", "Delmål", "Åtagande"],
        "rating": pd.array([pd.NA, 3, pd.NA, 1], dtype="Int64")})
    o = brief.goal_overview(status)
    assert list(o["project_id"]) == ["A", "A", "B", "C"]
    assert o.set_index(["project_id", "kind"]).at[("A", "sub_goal"), "3"] == 1
    projects = pd.DataFrame({"project_id": ["A", "B", "C"],
                             "end_date": pd.to_datetime(["2020-01-01", "2030-01-01", None])})
    rows = brief._rows_not_assessed(status, projects, AS_OF)
    assert [(r["rule"], r["project_id"], r["count"]) for r in rows] == [
        ("not_assessed", "A", 1), ("not_assessed", "B", 1)]  # A ended; B ends in 2030


def test_the_brief_has_no_ratio_hypothetical_or_method_word(shipped):
    text = " ".join(bt.brief_markdown(shipped).values())
    for word in ("procentenhet", "percentil", "z-poäng", "konfidens", "kvot", "per projektmånad",
                 "fasta priser", "Kolada", " om det", "skulle", "hypotetisk"):
        assert word not in text, word


def test_the_since_last_report_anchor_is_one_call():
    qmd = (paths.REPORT / "index.qmd").read_text(encoding="utf-8")
    assert qmd.count("since_last_report(") == 1
    assert qmd.index("## Det viktigaste") < qmd.index("## Sedan förra rapporten") < qmd.index("## Målen")


def test_the_first_page_is_a_one_page_brief(tmp_path_factory):
    from report_build import build_preview_once
    import importlib.util

    spec = importlib.util.spec_from_file_location("reader_text", Path(__file__).with_name("test_reader_text.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _Visible = module._Visible

    v = _Visible()
    v.feed((Path(build_preview_once(tmp_path_factory)) / "index.html").read_text(encoding="utf-8"))
    running = " ".join(v.running)
    main = running[running.index("Det viktigaste"):]
    # the brief's words, the figure's caption, alt text and source line left out
    brief_text = main[:main.index("Målen och deras status")] + main[main.index("Svaga områden"):]
    assert len(re.findall(r"[\wÅÄÖåäö][\w\-–:]*", brief_text)) <= 450
    assert "Första rapporten" in running and "ej bedömt" in " ".join(v.running + v.tables).lower()
