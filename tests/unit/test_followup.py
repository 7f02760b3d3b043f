"""Continuous follow-up: records of issued reports and what changed between two of them.

The changes are tested as a class: every kind of change (a statistic's vintage, a rating, a weak
area, an action and its due date, a budget figure) is made on its own and all together, and the
causes found must be exactly those made. Then the records' rules (format, checksum, chain, one
record per focus and meeting, the clock) and the Swedish section on the first page.
"""

from __future__ import annotations

import copy
import itertools
import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from analysis.analyses import followup as fu
from analysis.core.errors import DataError
from analysis.pipeline import issue as iss
from approved_text import approved, in_order

FIXTURE_ASSESSMENT = Path(__file__).parents[1] / "fixtures" / "assessment"


def base_content(focus: str = "SE12") -> dict:
    """A small record content in the shape :func:`fu.snapshot` gives."""
    goal = {"project_id": "REAL_OMS", "kind": "sub_goal", "level": "Delmål"}
    return {
        "focus": focus,
        "key_figures": {
            "budgets": [{"project_id": "REAL_OMS", "cost_total_sek": 25469237, "erdf_sek": 10187695,
                         "erdf_share": 0.4, "focus_sek": 15281540, "focus_share": 0.6}],
            "financing": [{"project_id": "REAL_OMS", "financier": "Region Västmanland",
                           "funding_source": "regional_unspecified", "amount_sek": 3056308,
                           "share": 0.12}],
            "statistics": [{"measure": "rd_public_per_inhabitant", "label": "Offentlig FoU per invånare",
                            "period": "2021", "value": 1080.3, "rank": 2, "of": 8,
                            "scale": "NUTS 2-regioner", "vintage": None}],
        },
        "goals": [
            {**goal, "item_id": "REAL_OMS-D1", "title": "Stärkta förutsättningar", "rating": None,
             "status": "ej bedömt", "date": None},
            {**goal, "item_id": "REAL_OMS-D2", "title": "Ledarskap", "rating": 3,
             "status": "3 – till stor del uppnått", "date": "2026-06-30"},
            {**goal, "item_id": "REAL_OMS-D3", "title": "Lärande", "rating": 2,
             "status": "2 – delvis uppnått", "date": "2026-06-30"},
        ],
        "weak_areas": [
            {"weak_id": "REAL_OMS-D3", "origin": "bedömning", "project_id": "REAL_OMS",
             "area": "Delmål: Lärande (betyg 2 – delvis uppnått)", "evidence": "", "evidence_source": ""},
        ],
        "action_plan": [
            {"weak_id": "REAL_OMS-D3", "project_id": "REAL_OMS",
             "area": "Delmål: Lärande (betyg 2 – delvis uppnått)", "action": "Workshop med länen",
             "responsible": "Styrgruppen", "due": "2027-03"},
        ],
        "vintages": {
            "indicators": [{"indicator": "rd_public_per_inhabitant", "label": "Offentlig FoU",
                            "latest_year": "2021", "vintage": "2023-05-26"}],
            "datasets": [{"dataset": "rd_expenditure", "title": "FoU per invånare",
                          "vintage": "2023-05-26", "path": "data/raw/x.csv"}],
        },
        "meeting_date": "2027-02-15",
    }


def _goal(c, item):
    return next(g for g in c["goals"] if g["item_id"] == item)


# --- one mutation per kind of change: (name, change the content, the causes it must give) ------

def m_vintage(c):
    c["vintages"]["indicators"][0].update(latest_year="2022", vintage="2025-05-20")
    c["key_figures"]["statistics"][0].update(period="2022", value=1101.0, rank=3)


def m_dataset(c):
    c["vintages"]["datasets"].append({"dataset": "scb_rd_2026-12-06", "title": "FoU (SCB)",
                                      "vintage": "2026-12-06", "path": "data/raw/y.csv"})


def m_revised(c):
    c["key_figures"]["statistics"][0].update(value=1079.0)


def m_rating_new(c):
    _goal(c, "REAL_OMS-D1").update(rating=4, status="4 – uppnått", date="2027-01-20")


def m_rating_changed(c):
    _goal(c, "REAL_OMS-D2").update(rating=4, status="4 – uppnått", date="2027-01-20")


def m_rating_removed(c):
    _goal(c, "REAL_OMS-D2").update(rating=None, status="ej bedömt", date=None)


def m_rating_redated(c):
    _goal(c, "REAL_OMS-D2").update(date="2027-01-20")


def m_weak_new(c):
    c["weak_areas"].append({"weak_id": "SPEGLING-SE12-rd_business_per_inhabitant", "origin": "spegling",
                            "project_id": "REAL_OMS", "area": "Företagens FoU", "evidence": "",
                            "evidence_source": ""})


def m_weak_gone(c):
    c["weak_areas"] = []
    c["action_plan"] = []


def m_action_new(c):
    c["weak_areas"].append({"weak_id": "SPEGLING-SE12-rd_business_per_inhabitant", "origin": "spegling",
                            "project_id": "REAL_OMS", "area": "Företagens FoU", "evidence": "",
                            "evidence_source": ""})
    c["action_plan"].append({"weak_id": "SPEGLING-SE12-rd_business_per_inhabitant",
                             "project_id": "REAL_OMS", "area": "Företagens FoU",
                             "action": "Dialog med näringslivet", "responsible": "Region Sörmland",
                             "due": "2027-09-30"})


def m_action_changed(c):
    c["action_plan"][0]["responsible"] = "Region Uppsala"


def m_budget(c):
    c["key_figures"]["budgets"][0]["cost_total_sek"] = 26000000
    c["key_figures"]["financing"][0]["amount_sek"] = 3100000


MUTATIONS = {
    "vintage": (m_vintage, {("new_vintage", "rd_public_per_inhabitant")}),
    "dataset": (m_dataset, {("new_vintage", "scb_rd_2026-12-06")}),
    "revised": (m_revised, {("data_revised", "rd_public_per_inhabitant")}),
    "rating_new": (m_rating_new, {("rating_new", "REAL_OMS-D1")}),
    "rating_changed": (m_rating_changed, {("rating_changed", "REAL_OMS-D2")}),
    "rating_removed": (m_rating_removed, {("rating_removed", "REAL_OMS-D2")}),
    "rating_redated": (m_rating_redated, {("rating_redated", "REAL_OMS-D2")}),
    "weak_new": (m_weak_new, {("weak_new", "SPEGLING-SE12-rd_business_per_inhabitant")}),
    "weak_gone": (m_weak_gone, {("weak_gone", "REAL_OMS-D3")}),
    "action_new": (m_action_new, {("weak_new", "SPEGLING-SE12-rd_business_per_inhabitant"),
                                  ("action_new", "SPEGLING-SE12-rd_business_per_inhabitant")}),
    "action_changed": (m_action_changed, {("action_changed", "REAL_OMS-D3")}),
    "budget": (m_budget, {("decision_changed", "cost_total_sek"), ("decision_changed", "financing")}),
}


def _later(mutations, meeting="2027-05-10"):
    """The base content at a later meeting with ``mutations`` applied (the action of the base
    content, due 2027-03, then passes between the meetings: see the overdue tests)."""
    c = base_content()
    c["meeting_date"] = meeting
    for m in mutations:
        m(c)
    return c


def _causes(changes):
    return set(zip(changes["cause"], changes["key"]))


def test_nothing_changed_gives_no_rows():
    c = base_content()
    assert fu.compare_records(c, copy.deepcopy(c)).empty


@pytest.mark.parametrize("name", MUTATIONS)
def test_each_kind_of_change_is_found_with_its_cause(name):
    mutate, expected = MUTATIONS[name]
    # meetings before the due date, so that no overdue action mixes in
    later = _later([mutate], meeting="2027-02-20")
    assert _causes(fu.compare_records(base_content(), later)) == expected
    assert set(fu.compare_records(base_content(), later)["cause"]) <= set(fu.CAUSES)


# mutations that touch different things (the others change the same goal, statistic or weak
# area as one of these, and are tested alone)
INDEPENDENT = [n for n in MUTATIONS if n not in ("revised", "rating_removed", "rating_redated", "weak_gone")]


@pytest.mark.parametrize("names", [*itertools.combinations(INDEPENDENT, 2), tuple(INDEPENDENT)])
def test_changes_together_are_the_union_of_the_changes_alone(names):
    later = _later([MUTATIONS[n][0] for n in names], meeting="2027-02-20")
    expected = set().union(*(MUTATIONS[n][1] for n in names))
    assert _causes(fu.compare_records(base_content(), later)) == expected


def test_a_statistic_with_a_new_vintage_says_so_and_a_revision_does_not():
    ch = fu.compare_records(base_content(), _later([m_vintage], "2027-02-20"))
    stat = ch[(ch["key"] == "rd_public_per_inhabitant") & ch["after"].map(lambda x: isinstance(x, dict))]
    assert stat["new_vintage"].tolist() == [True]
    assert stat.iloc[0]["after"]["rank"] == 3 and stat.iloc[0]["before"]["rank"] == 2
    rev = fu.compare_records(base_content(), _later([m_revised], "2027-02-20"))
    assert rev["new_vintage"].tolist() == [False]


def test_an_action_past_its_due_date_without_follow_up_is_overdue():
    # due 2027-03 (end of March): between the meetings 2027-02-15 and 2027-05-10
    ch = fu.compare_records(base_content(), _later([]))
    assert _causes(ch) == {("action_overdue", "REAL_OMS-D3")}
    assert ch.iloc[0]["date"] == "2027-03"


def test_an_action_followed_up_by_a_newer_rating_is_not_overdue():
    def rated_after_due(c):
        _goal(c, "REAL_OMS-D3").update(rating=3, status="3 – till stor del uppnått", date="2027-04-15")
        c["weak_areas"], c["action_plan"] = [], []
    ch = fu.compare_records(base_content(), _later([rated_after_due]))
    assert "action_overdue" not in set(ch["cause"])
    assert {"rating_changed", "weak_gone"} <= set(ch["cause"])


def test_a_due_date_that_had_passed_before_the_last_report_is_not_a_new_change():
    a = base_content()
    a["meeting_date"] = "2027-04-15"        # already past 2027-03 at the last meeting
    assert fu.compare_records(a, _later([])).empty


def test_the_state_now_uses_the_day_given():
    now = base_content()
    del now["meeting_date"]
    assert fu.compare_records(base_content(), now, as_of_b="2027-03-15").empty
    assert set(fu.compare_records(base_content(), now, as_of_b="2027-04-01")["cause"]) == {"action_overdue"}


def test_due_dates_by_month_cover_the_whole_month():
    assert fu.due_date("2027-02") == date(2027, 2, 28)
    assert fu.due_date("2028-02") == date(2028, 2, 29)
    assert fu.due_date("2027-03-15") == date(2027, 3, 15)
    assert fu.due_date("") is None


# --- records: writing, reading, the rules -----------------------------------------------------------

T0 = datetime(2027, 2, 10, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def fake_snapshot(monkeypatch):
    """Issue without computing the real report (the real state has its own test below)."""
    state = {"content": base_content()}

    def snap(focus, describe=None, **kw):
        c = copy.deepcopy(state["content"])
        c.pop("meeting_date", None)
        c["focus"] = focus
        return c

    monkeypatch.setattr(fu, "snapshot", snap)
    return state


def test_issue_writes_a_checked_record_with_format_and_checksum(tmp_path, fake_snapshot):
    path = iss.issue("SE12", "2027-02-15", "Anna Andersson", tmp_path, now=T0)
    assert path.name == "2027-02-15_SE12.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format_version"] == fu.FORMAT_VERSION
    assert data["issued_by"] == "Anna Andersson" and data["meeting_date"] == "2027-02-15"
    assert data["previous"] is None and data["checksum"] == fu.checksum(data)
    assert path.read_text(encoding="utf-8") == fu.dumps(data)          # sorted keys, as stored
    assert [p.name for p in tmp_path.iterdir()] == [path.name]          # no temporary file left
    rec = fu.load_record(path)
    assert rec.meeting == date(2027, 2, 15) and rec.focus == "SE12"
    assert rec.table("action_plan")["responsible"].tolist() == ["Styrgruppen"]


def test_each_record_names_the_one_issued_before_it(tmp_path, fake_snapshot):
    first = iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)
    second = iss.issue("04", "2027-02-15", "B", tmp_path, now=T0.replace(hour=10))
    third = iss.issue("SE12", "2027-05-10", "A", tmp_path, now=T0.replace(month=5))
    data = [json.loads(p.read_text(encoding="utf-8")) for p in (first, second, third)]
    assert data[1]["previous"] == {"file": first.name, "checksum": data[0]["checksum"]}
    assert data[2]["previous"]["file"] == second.name
    assert [r.name for r in fu.issued_records(tmp_path)] == [first.name, second.name, third.name]
    latest, others = fu.last_record("SE12", tmp_path)
    assert latest.name == third.name and [r.focus for r in others] == ["04"]


def test_a_second_record_for_the_same_focus_and_day_is_refused_and_nothing_changes(tmp_path, fake_snapshot):
    path = iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)
    before = path.read_bytes()
    fake_snapshot["content"]["goals"][0]["rating"] = 4
    with pytest.raises(iss.IssueRefused, match="redan utgiven.*ändras aldrig"):
        iss.issue("SE12", "2027-02-15", "B", tmp_path, now=T0.replace(hour=11))
    assert path.read_bytes() == before and len(list(tmp_path.iterdir())) == 1


def test_an_earlier_meeting_after_a_later_one_is_refused(tmp_path, fake_snapshot):
    iss.issue("SE12", "2027-05-10", "A", tmp_path, now=T0)
    with pytest.raises(iss.IssueRefused, match="Mötet 2027-02-15 ligger före mötet 2027-05-10"):
        iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0.replace(hour=10))
    iss.issue("03", "2027-02-15", "A", tmp_path, now=T0.replace(hour=10))   # another focus: its own order


def test_a_clock_set_back_is_refused(tmp_path, fake_snapshot):
    iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)
    with pytest.raises(iss.IssueRefused, match="Klockan verkar gå fel"):
        iss.issue("SE12", "2027-05-10", "A", tmp_path, now=T0.replace(day=1))
    assert len(list(tmp_path.iterdir())) == 1


def test_bad_meeting_dates_and_names_are_refused_in_swedish(tmp_path, fake_snapshot):
    from analysis.core.errors import ParameterError

    with pytest.raises(ParameterError, match="ÅÅÅÅ-MM-DD"):
        iss.issue("SE12", "15/2 2027", "A", tmp_path, now=T0)
    with pytest.raises(ParameterError, match="finns inte i kalendern"):
        iss.issue("SE12", "2027-02-30", "A", tmp_path, now=T0)
    with pytest.raises(ParameterError, match="vem som ger ut"):
        iss.issue("SE12", "2027-02-15", "  ", tmp_path, now=T0)
    with pytest.raises(ParameterError, match="Giltiga"):
        iss.issue("Gotland", "2027-02-15", "A", tmp_path, now=T0)


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_an_edited_record_is_a_data_error_naming_the_file(tmp_path, fake_snapshot):
    path = iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)
    _edit(path, lambda d: d["goals"][1].update(rating=1))
    with pytest.raises(DataError, match=r"2027-02-15_SE12\.json: .*ändrats.*kontrollsumman") as err:
        fu.load_record(path)
    assert err.value.file == str(path)
    # and nothing can be issued on top of it
    with pytest.raises(DataError, match="kontrollsumman"):
        iss.issue("SE12", "2027-05-10", "A", tmp_path, now=T0.replace(month=5))


def test_a_record_of_another_format_version_is_a_data_error(tmp_path, fake_snapshot):
    path = iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)

    def newer(d):
        d["format_version"] = fu.FORMAT_VERSION + 1
        d["project_version"] = "9.0"
        d["checksum"] = fu.checksum(d)
    _edit(path, newer)
    with pytest.raises(DataError, match=rf"postformat {fu.FORMAT_VERSION + 1} \(skriven av "
                                        rf"projektversion 9\.0\).*bara postformat {fu.FORMAT_VERSION}"):
        fu.load_record(path)


def test_a_missing_or_replaced_record_in_the_chain_is_a_data_error(tmp_path, fake_snapshot):
    first = iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)
    iss.issue("SE12", "2027-05-10", "A", tmp_path, now=T0.replace(month=5))
    saved = first.read_bytes()
    first.unlink()
    with pytest.raises(DataError, match=r"2027-02-15_SE12\.json: posten saknas, men 2027-05-10_SE12\.json bygger på den"):
        fu.issued_records(tmp_path)
    # a record put back with other (self-consistent) content is not the one the chain names
    data = json.loads(saved)
    data["issued_by"] = "Någon annan"
    data["checksum"] = fu.checksum(data)
    first.write_text(fu.dumps(data), encoding="utf-8")
    with pytest.raises(DataError, match="inte den som 2027-05-10_SE12.json bygger på"):
        fu.issued_records(tmp_path)
    with pytest.raises(DataError, match="2020-01-01_SE12.json: den utgivna rapportens post saknas"):
        fu.load_record(tmp_path / "2020-01-01_SE12.json")


def test_a_renamed_record_or_another_file_is_a_data_error(tmp_path, fake_snapshot):
    path = iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)
    path.rename(tmp_path / "2027-02-16_SE12.json")
    with pytest.raises(DataError, match="filnamnet stämmer inte"):
        fu.load_record(tmp_path / "2027-02-16_SE12.json")
    (tmp_path / "x.json").write_text("{\"a\": 1}", encoding="utf-8")
    with pytest.raises(DataError, match="ingen post över en utgiven rapport"):
        fu.load_record(tmp_path / "x.json")
    (tmp_path / "y.json").write_text("{", encoding="utf-8")
    with pytest.raises(DataError, match="ingen giltig JSON"):
        fu.load_record(tmp_path / "y.json")


def test_create_bytes_never_overwrites(tmp_path):
    from analysis.core import atomic

    target = tmp_path / "r.json"
    atomic.create_bytes(target, b"first")
    with pytest.raises(FileExistsError):
        atomic.create_bytes(target, b"second")
    assert target.read_bytes() == b"first" and [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_the_command_says_what_is_wrong_and_exits_1(tmp_path, fake_snapshot, capsys):
    from analysis.pipeline.cli import main

    args = ["utge", "--mote", "2027-02-15", "--av", "Anna", "--mapp", str(tmp_path)]
    assert main(args) == 0
    assert "är utgiven av Anna" in capsys.readouterr().out
    assert main(args) == 1
    assert capsys.readouterr().out.startswith("Fel: Rapporten till mötet 2027-02-15 med fokus SE12 är redan utgiven")


# --- the section on the first page ----------------------------------------------------------------

def test_first_report_and_other_focus_said_so(tmp_path, fake_snapshot):
    from analysis.narrative.followup_text import since_last_report

    text = since_last_report("03", tmp_path).plain
    assert text == approved("index", "first_report", focus="Uppsala län")
    assert not list(tmp_path.iterdir())                        # a render never writes history
    iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)
    text = since_last_report("03", tmp_path).plain
    assert text == approved("index", "first_report", focus="Uppsala län") + " " + approved(
        "index", "other_focus_not_compared", names="Östra Mellansverige")


def test_the_section_words_every_change_and_escapes_entered_text(tmp_path, fake_snapshot, monkeypatch):
    from analysis.narrative import followup_text as ft

    iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)
    later = _later([m_vintage, m_rating_changed, m_weak_new, m_budget])
    later["action_plan"][0]["action"] = "Se [länk](http://x) och *fet* <b>"
    del later["meeting_date"]
    monkeypatch.setattr(fu, "snapshot", lambda focus, describe=None, **kw: copy.deepcopy(later))
    md = ft.since_last_report("SE12", tmp_path, today="2027-05-10")
    plain = md.plain
    assert plain.startswith(approved("index", "compared_with", date="2027-02-15", issued_by="A"))
    for heading in ("Ny statistik (två)", "Ändrat i beslutsunderlaget (två)", "Ändrade betyg (en)",
                    "Nya svaga områden (en)", "Åtgärder vars tidpunkt har passerat utan uppföljning (en)"):
        assert heading in plain
    # each change: what, the new value, the old value (numbers as the report shows them, unbroken)
    assert in_order(plain, "Offentlig FoU per invånare", "plats 3 av 8 (2022)", "plats 2 av 8 (2021)",
                    "ny statistik")
    assert in_order(plain, "REAL ÖMS", "budgeten", "26\u00a0000\u00a0000\u00a0kr", "25\u00a0469\u00a0237\u00a0kr")
    assert "26\u00a0000\u00a0000\u00a0kr" in plain
    assert in_order(plain, "REAL ÖMS, Delmål: Ledarskap", "4 – uppnått", "2027-01-20", "3 – till stor del uppnått")
    assert "Tidpunkten har passerat utan uppföljning" in plain
    from analysis.core.escape import markdown_text

    assert markdown_text("Se [länk](http://x) och *fet* <b>") in str(md)
    assert "[länk](" not in str(md) and "<b>" not in str(md)


def test_nothing_changed_is_said_plainly(tmp_path, fake_snapshot):
    from analysis.narrative.followup_text import since_last_report

    iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)
    text = since_last_report("SE12", tmp_path, today="2027-02-15").plain
    assert text == approved("index", "compared_with", date="2027-02-15", issued_by="A") + " " + approved(
        "index", "nothing_changed")


def test_many_changes_of_one_cause_are_counted_not_all_listed():
    from analysis.narrative.followup_text import MAX_LISTED, change_groups
    from analysis.narrative.phrases import count_word

    a = base_content()
    b = copy.deepcopy(a)
    for i in range(MAX_LISTED + 3):
        b["goals"].append({"project_id": "REAL_OMS", "item_id": f"REAL_OMS-X{i}", "kind": "activity",
                           "level": "Aktivitet", "title": f"Aktivitet {i}", "rating": None,
                           "status": "ej bedömt", "date": None})
    groups = dict(change_groups(fu.compare_records(a, b)))
    items = groups[f"Nya mål ({count_word(MAX_LISTED + 3)})"]
    assert len(items) == MAX_LISTED + 1 and in_order(items[-1], "tre", "Självvärdering")


# --- the real report's state ----------------------------------------------------------------------

@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_the_real_state_from_the_shipped_and_the_filled_in_assessment(monkeypatch):
    """The state the report shows: the decisions' budgets, every goal, and a filled-in
    assessment's ratings, weak areas and actions as changes against the empty one."""
    from analysis.narrative.selfevaluation_findings import mirror_evidence
    from analysis.tables import assessment as asm

    monkeypatch.delenv("OMS_ASSESSMENT_DIR", raising=False)
    empty = fu.snapshot("SE12", mirror_evidence)
    budgets = {b["project_id"]: b for b in empty["key_figures"]["budgets"]}
    assert budgets["ECS3"]["cost_total_sek"] == 13_200_000 and budgets["ECS3"]["erdf_share"] == 0.5
    assert budgets["REAL_OMS"]["cost_total_sek"] == 25_469_237
    assert {g["rating"] for g in empty["goals"]} == {None} and not empty["action_plan"]
    assert {v["indicator"]: v["latest_year"] for v in empty["vintages"]["indicators"]}["population"] == "2025"
    filled_entries = asm.assessments(FIXTURE_ASSESSMENT)
    filled = fu.snapshot("SE12", mirror_evidence, entries=filled_entries)
    json.dumps(filled)                                          # plain JSON throughout
    ch = fu.compare_records({**empty, "meeting_date": "2026-01-15"}, filled, as_of_b="2026-12-06")
    n_goals = len(empty["goals"])
    assert (ch["cause"] == "rating_new").sum() == n_goals
    low = sum(1 for g in filled["goals"] if g["rating"] <= 2)
    assert (ch["cause"] == "weak_new").sum() == low
    # every goal's action in the filled-in plan is due 2026-06 and none has a later rating: overdue;
    # the mirror's actions are due 2026-12-31, after the day compared
    assert set(ch.loc[ch["cause"] == "action_overdue", "key"]) == {
        a["weak_id"] for a in filled["action_plan"] if a["due"] < "2026-12-06"}
    assert {a["weak_id"] for a in filled["action_plan"] if a["due"] >= "2026-12-06"} == {
        "SPEGLING-19-grp_per_inhabitant_sek_fixed", "SPEGLING-04-rd_business_per_inhabitant"}
    assert set(ch["cause"]) == {"rating_new", "weak_new", "action_new", "action_overdue"}


def test_a_record_missing_a_part_is_a_data_error(tmp_path, fake_snapshot):
    path = iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)

    def drop(d):
        del d["action_plan"]
        d["checksum"] = fu.checksum(d)
    _edit(path, drop)
    with pytest.raises(DataError, match="saknar fälten action_plan"):
        fu.load_record(path)


EXAMPLES = Path(__file__).parents[1] / "fixtures" / "issued"


def test_the_example_records_load_and_compare():
    """The two TESTDATA records notebook 06 shows: the empty assessment, then the filled-in one
    (every goal rated; every rating of 1–2 a weak area with an action due 2026-06, which passed
    between the meetings without a later rating)."""
    first, second = fu.issued_records(EXAMPLES)
    assert (first.name, second.name) == ("2026-06-15_SE12.json", "2026-12-14_SE12.json")
    assert second.data["previous"] == {"file": first.name, "checksum": first.data["checksum"]}
    ch = fu.compare_records(first, second)
    n = len(second.data["goals"])
    weak = sum(1 for g in second.data["goals"] if g["rating"] <= 2)
    assert ch["cause"].value_counts().to_dict() == {"rating_new": n, "weak_new": weak,
                                                    "action_new": weak, "action_overdue": weak}
    budgets = {b["project_id"]: b["cost_total_sek"] for b in second.data["key_figures"]["budgets"]}
    assert budgets == {"ECS3": 13_200_000, "REAL_OMS": 25_469_237}


def test_records_of_different_focus_or_in_the_wrong_order_are_not_compared():
    from analysis.core.errors import ParameterError

    with pytest.raises(ParameterError, match="olika fokus \\(SE12 och 04\\)"):
        fu.compare_records(base_content(), base_content("04"))
    with pytest.raises(ParameterError, match="byt plats"):
        fu.compare_records(_later([]), base_content())


def test_rendered_again_before_the_meeting_it_was_issued_for(tmp_path, fake_snapshot):
    from analysis.narrative.followup_text import since_last_report

    iss.issue("SE12", "2027-02-15", "A", tmp_path, now=T0)
    text = since_last_report("SE12", tmp_path, today="2027-02-11").plain
    assert "har ingenting ändrats" in text


def test_actions_name_the_goal_with_its_project_or_the_mirrors_area():
    from analysis.narrative.followup_text import changes_table

    later = _later([m_action_new, m_action_changed], meeting="2027-02-20")
    t = changes_table(fu.compare_records(base_content(), later))
    text = dict(zip(t["Ändring"], t["Vad som ändrades"]))
    # the area or goal with its project, the action, who and when; a changed action also as it was
    assert in_order(text["Nya åtgärder i handlingsplanen"], "Företagens FoU", "Dialog med näringslivet",
                    "Region Sörmland", "2027-09-30")
    assert in_order(text["Ändrade åtgärder"], "REAL ÖMS, Delmål: Lärande", "2 – delvis uppnått",
                    "Workshop med länen", "Region Uppsala", "2027-03", "Workshop med länen", "Styrgruppen", "2027-03")
    assert text["Nya svaga områden"] == "Företagens FoU (i speglingen)."


def test_a_countys_key_statistics_are_its_places_among_the_21_counties():
    stats = {s["measure"]: s for s in fu.key_statistics("04")}
    grp = stats["grp_per_inhabitant_ksek"]                   # SCB TAB3138, 2024 (updated 2025-12-17)
    assert (grp["value"], grp["rank"], grp["of"], grp["period"]) == (438.0, 20, 21, "2024")
    assert stats["rd_higher_education_per_inhabitant"]["rank"] == 21
    assert {s["scale"] for s in stats.values()} == {"län"}


def test_the_records_to_compare_fall_back_to_the_examples_and_say_so(tmp_path, monkeypatch):
    """Notebook 06: data/issued with fewer than two records shows the two examples (TESTDATA),
    flagged as such; a folder the strategist names is never replaced; fewer than two records in
    the end is a Swedish error that says how many there are and how a report is issued."""
    from analysis.analyses import followup_records

    monkeypatch.setenv("OMS_ISSUED_DIR", str(tmp_path / "issued"))
    records, examples = fu.records_to_compare()
    assert examples and len(records) == 2
    assert all(r.path.parent == followup_records.EXAMPLE_RECORDS for r in records)
    (tmp_path / "mine").mkdir()
    with pytest.raises(DataError, match=r"mine: 0 utgivna rapporter; en jämförelse behöver minst två.*utge"):
        fu.records_to_compare(tmp_path / "mine")
    monkeypatch.setattr(followup_records, "EXAMPLE_RECORDS", tmp_path / "none")
    with pytest.raises(DataError, match="0 utgivna rapporter"):
        fu.records_to_compare()
