"""The evaluator's entry files: the repository's own are empty templates, the TESTDATA example
reads completely, and every bad entry stops with the file and the line, with nothing half-read."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from analysis.tables import assessment as asm
from analysis.tables import goals
from analysis.core.errors import DataError
from analysis.core.paths import ROOT
from approved_text import in_order

FIXTURE = ROOT / "tests" / "fixtures" / "assessment"


@pytest.mark.integration  # runs the real pipeline for seconds: make test, not test-fast
def test_the_repositorys_own_files_are_the_empty_templates():
    for pid in ("ECS3", "REAL_OMS"):
        path = asm.assessment_file(pid, asm.ASSESSMENT_DIR)
        assert path.read_text(encoding="utf-8") == asm.template(pid)
        assert not asm.has_entries(path)
        df = asm.read_assessment(pid, path)
        f = goals.framework()
        assert df["item_id"].tolist() == f.loc[f["project_id"] == pid, "item_id"].tolist()
        assert df["rating"].isna().all()
        assert (df[["evidence", "source", "action"]] == "").all().all()


@pytest.mark.integration  # writes workbooks or runs the pipeline for seconds: make test, not test-fast
def test_the_template_states_the_scale_the_period_and_the_horizontal_questions():
    text = asm.template("ECS3")
    for k, (label, definition) in asm.SCALE.items():
        assert f"#   {k} = {label}: {definition}" in text
    assert in_order(text, "2018-01-01", "i dag", "beslutad period", "2018-01-01–2020-12-31")
    assert "De horisontella kriterierna (ECS3-D4, ECS3-HK1, ECS3-U4)" in text
    assert "000_5838ca1629de2de5.txt, rad 77" in text and "rad 242" in text
    real = asm.template("REAL_OMS")
    assert "beslutad period 2023-11-01–2027-10-31" in real and "SPEGLING-<fokus>-<indikator>" in real


def test_the_testdata_example_is_complete():
    e = asm.assessments(FIXTURE)
    items = goals.framework()
    rated = e[e["rating"].notna()]
    assert len(rated) == len(items) + 2            # two goals rated twice (the history)
    assert set(zip(rated["project_id"], rated["item_id"])) == set(zip(items["project_id"], items["item_id"]))
    assert e["evidence"].str.startswith("TESTDATA").sum() == len(items) + 2
    # quoted line break and a '#' inside a cell are kept as written
    early = e[(e["item_id"] == "ECS3-OM") & (e["rating"] == 2)].iloc[0]
    assert "radbrytning\n(Alt+Enter i Excel) och # i texten: Lägesrapport #4 (ärende 2020/12)." in early["evidence"]
    assert e.loc[e["item_id"] == "ECS3-PM", "after_period"].tolist() == [False, True]
    assert e.loc[e["item_id"] == "ECS3-D4", ["women", "men"]].iloc[0].tolist() == [41, 37]
    assert e.loc[e["item_id"] == "ECS3_1", "achieved_value"].iloc[0] == 150  # TESTDATA
    mirror_rows = e[e["item_id"].str.startswith("SPEGLING-")]
    assert set(mirror_rows["project_id"]) == {"REAL_OMS"} and len(mirror_rows) == 2


# --- bad entries ---------------------------------------------------------------------------------

def _write(tmp_path: Path, pid: str, changes: dict[str, dict[str, str]], extra: list[dict] = ()) -> Path:
    """The template with some rows filled in (and extra rows appended); returns the path."""
    lines = asm.template(pid).splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("item_id,"))
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[header:]))))
    for r in rows:
        r.update(changes.get(r["item_id"], {}))
    for r in extra:
        rows.append({**dict.fromkeys(asm.COLUMNS, ""), **r})
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=asm.COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path = tmp_path / f"{pid}.csv"
    path.write_text("\n".join(lines[:header]) + "\n" + buf.getvalue(), encoding="utf-8")
    return path


def _line_of(path: Path, item_id: str) -> int:
    return next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if t.startswith(item_id + ","))


GOOD = {"rating": "3", "evidence": "Lägesrapport 2", "source": "Dnr 1, s. 4", "date": "2019-06-30"}


def test_a_good_entry_is_read_with_its_types(tmp_path):
    path = _write(tmp_path, "ECS3", {"ECS3_1": {**GOOD, "achieved_value": "212"},
                                      "ECS3-D1": {**GOOD, "action": "Ny plan", "responsible": "Styrgruppen",
                                                  "due": "2026-06"}})
    df = asm.read_assessment("ECS3", path).set_index("item_id")
    assert df.at["ECS3_1", "rating"] == 3 and df.at["ECS3_1", "achieved_value"] == 212
    assert str(df.at["ECS3_1", "date"].date()) == "2019-06-30"
    assert df.at["ECS3-D1", "line"] == _line_of(path, "ECS3-D1")


@pytest.mark.parametrize("pid, item, change, message", [
    ("ECS3", "ECS3-D1", {"rating": "5", "evidence": "x", "source": "y", "date": "2019-01-01"},
     "betyget '5' finns inte på skalan 1–4"),
    ("ECS3", "ECS3-D1", {"rating": "0"}, "finns inte på skalan"),
    ("ECS3", "ECS3-D1", {"rating": "3", "source": "y", "date": "2019-01-01"}, "betyget 3 saknar evidence"),
    ("ECS3", "ECS3-D1", {"rating": "3", "evidence": "x", "date": "2019-01-01"}, "saknar source"),
    ("ECS3", "ECS3-D1", {"rating": "3", "evidence": "x", "source": "y"}, r"kolumn 6 \(date\): betyget 3 saknar date"),
    ("ECS3", "ECS3-D1", {**GOOD, "date": "2017-12-31"},
     r"kolumn 6 \(date\): datumet 2017-12-31 ligger före projektets start 2018-01-01"),
    ("REAL_OMS", "REAL_OMS-D1", {**GOOD, "date": "2023-10-31"}, "före projektets start 2023-11-01"),
    ("ECS3", "ECS3-D1", {**GOOD, "date": "2099-01-01"},
     r"kolumn 6 \(date\): datumet 2099-01-01 ligger i framtiden"),
    ("ECS3", "ECS3_1", {**GOOD, "achieved_value": "1.200"}, r"kolumn 7 \(achieved_value\): '1.200' är tvetydigt"),
    ("ECS3", "ECS3_1", {**GOOD, "achieved_value": "-3"}, r"kolumn 7 \(achieved_value\): '-3' ska vara ett tal ≥ 0"),
    ("ECS3", "ECS3-D1", {**GOOD, "date": "30/6 2019"}, "ska skrivas ÅÅÅÅ-MM-DD"),
    ("ECS3", "ECS3-D1", {**GOOD, "date": "2019-02-30"}, "omöjligt datum"),
    ("ECS3", "ECS3-D1", {"evidence": "x"}, "underlag eller värden utan betyg"),
    ("ECS3", "ECS3-D1", {**GOOD, "achieved_value": "3"}, "ECS3-D1 har inget målvärde"),
    ("ECS3", "ECS3_1", {**GOOD, "achieved_value": "många"}, r"kolumn 7 \(achieved_value\): 'många' är inget tal"),
    ("ECS3", "ECS3-D1", {**GOOD, "women": "3", "men": "4"}, "beslutet ber inte om siffror per kön"),
    ("ECS3", "ECS3-D4", {**GOOD, "women": "3", "hq_analysis": "a", "hq_results": "b",
                         "hq_working_methods": "c"}, "ange både women och men"),
    ("ECS3", "ECS3-D4", {**GOOD, "women": "3,5", "men": "4", "hq_analysis": "a", "hq_results": "b",
                         "hq_working_methods": "c"}, "ska vara ett heltal"),
    ("ECS3", "ECS3-D4", GOOD, "gäller de horisontella kriterierna: svara på frågorna hq_analysis"),
    ("ECS3", "ECS3-D1", {**GOOD, "hq_analysis": "a"}, "hq_analysis gäller bara de horisontella kriterierna"),
    ("ECS3", "ECS3-D1", {"action": "Gör något"}, r"kolumn 14 \(responsible\): åtgärden är inte komplett: fyll i responsible, due"),
    ("ECS3", "ECS3-D1", {"action": "a", "responsible": "b", "due": "snart"}, "ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD"),
])
def test_bad_entries_stop_with_file_and_line(tmp_path, pid, item, change, message):
    path = _write(tmp_path, pid, {item: change})
    with pytest.raises(DataError, match=rf"{pid}\.csv, rad {_line_of(path, item)}: .*{message}"):
        asm.read_assessment(pid, path)


def test_unknown_and_duplicate_items_are_errors(tmp_path):
    path = _write(tmp_path, "ECS3", {}, extra=[{"item_id": "ECS3-D9"}])
    with pytest.raises(DataError, match=rf"ECS3\.csv, rad {_line_of(path, 'ECS3-D9')}: kolumn 1 \(item_id\): okänt mål 'ECS3-D9'"):
        asm.read_assessment("ECS3", path)
    path = _write(tmp_path, "REAL_OMS", {}, extra=[{"item_id": "ECS3-D1", **GOOD}])
    with pytest.raises(DataError, match="okänt mål 'ECS3-D1' i REAL_OMS"):
        asm.read_assessment("REAL_OMS", path)
    path = _write(tmp_path, "ECS3", {}, extra=[{"item_id": "ECS3-D2"}])
    first = _line_of(path, "ECS3-D2")
    with pytest.raises(DataError, match=rf"ECS3\.csv, rad \d+: kolumn 1 \(item_id\): ECS3-D2 står redan utan datum på rad {first}"):
        asm.read_assessment("ECS3", path)


def test_mirror_rows_carry_only_the_action_and_belong_to_real_oms(tmp_path):
    action = {"action": "a", "responsible": "b", "due": "2026-01"}
    ok = _write(tmp_path, "REAL_OMS", {}, extra=[{"item_id": "SPEGLING-04-rd_business_per_inhabitant", **action}])
    assert len(asm.read_assessment("REAL_OMS", ok)) == 19
    for pid, row, message in [
        ("ECS3", {"item_id": "SPEGLING-SE12-population", **action}, "förs in hos REAL_OMS"),
        ("REAL_OMS", {"item_id": "SPEGLING-99-population", **action}, "okänt svagt område"),
        ("REAL_OMS", {"item_id": "SPEGLING-SE12-nosuch", **action}, "okänt svagt område"),
        ("REAL_OMS", {"item_id": "SPEGLING-SE12-population", "rating": "2", **action},
         "får bara åtgärd, ansvarig och tidpunkt, inte rating"),
    ]:
        path = _write(tmp_path, pid, {}, extra=[row])
        with pytest.raises(DataError, match=rf"{pid}\.csv, rad {_line_of(path, row['item_id'])}: .*{message}"):
            asm.read_assessment(pid, path)


def test_nothing_is_half_read_and_the_header_is_checked(tmp_path):
    # good rows first, one bad row last: the whole read fails, nothing is returned
    path = _write(tmp_path, "ECS3", {"ECS3-OM": GOOD, "ECS3-U6": {"rating": "9"}})
    with pytest.raises(DataError, match="rad"):
        asm.assessments(tmp_path)
    bad = tmp_path / "h" / "ECS3.csv"
    bad.parent.mkdir()
    bad.write_text("item_id,rating\nECS3-OM,3\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"ECS3\.csv, rad 1: fel kolumner"):
        asm.read_assessment("ECS3", bad)
    bad.write_text(",".join(asm.COLUMNS) + "\nECS3-OM,x,3\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"rad 2: raden har 3 fält, väntade 17"):
        asm.read_assessment("ECS3", bad)
    with pytest.raises(DataError, match="bedömningsfilen saknas"):
        asm.read_assessment("ECS3", tmp_path / "nosuch.csv")


def test_a_file_saved_by_a_swedish_spreadsheet_is_read(tmp_path):
    # semicolons, a quoted and padded comment line, a byte-order mark
    path = _write(tmp_path, "ECS3", {"ECS3_1": {**GOOD, "achieved_value": "212"}})
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["# kommentar, med komma", "", ""])
    w.writerows(r for r in rows if r and not r[0].startswith("#"))
    path.write_text(buf.getvalue(), encoding="utf-8-sig")
    df = asm.read_assessment("ECS3", path).set_index("item_id")
    assert df.at["ECS3_1", "achieved_value"] == 212 and df.at["ECS3_1", "evidence"] == "Lägesrapport 2"


def test_the_mirror_project_is_the_registers_latest_by_start_date(monkeypatch):
    """Where the mirror's weak-area actions go is decided by the register: the project that
    started last, in the one order of the projects (``project_ids``: start date, then the
    register's order; tested in test_documents.py)."""
    from analysis import sources
    from analysis.tables import assessment

    assert assessment.mirror_project() == "REAL_OMS"  # the shipped register: started 2023-11-01
    monkeypatch.setattr(sources.decisions, "project_ids", lambda: ["OLD_ONE", "NEW_ONE", "SAME_DAY"])
    assert assessment.mirror_project() == "SAME_DAY"
