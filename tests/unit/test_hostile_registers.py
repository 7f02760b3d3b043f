"""Broken registers end in a DataError naming the file and the line, never a traceback of pandas
or pandera; CSV line numbers count blank lines and quoted line breaks."""

from __future__ import annotations

import shutil
from argparse import Namespace
from pathlib import Path

import pytest

from analysis.core import paths
from analysis.core.csvfile import read_text_csv
from analysis.core.errors import DataError
from analysis.pipeline import extract
from analysis.tables import budgets, financiers

REGISTER = paths.REFERENCE / "documents.csv"
FINANCIERS = paths.REFERENCE / "financiers.csv"


def _edited(tmp_path: Path, source: Path, edit) -> Path:
    lines = source.read_text(encoding="utf-8").split("\n")
    out = tmp_path / source.name
    out.write_text("\n".join(edit(lines)), encoding="utf-8")
    return out


def _build(register: Path | None = None, fin: Path | None = None):
    return budgets.build(register_file=register, financier_file=fin)


def test_missing_register(tmp_path):
    with pytest.raises(DataError, match=r"^documents\.csv: filen saknas$"):
        _build(tmp_path / "documents.csv")


@pytest.mark.parametrize("content, message", [
    ("", r"^documents\.csv: filen är tom"),
    ("\n\n", r"^documents\.csv: filen är tom"),
    ("document,project_id\n", r"^documents\.csv, rad 1: filen har en rubrikrad men inga rader"),
])
def test_empty_register(tmp_path, content, message):
    f = tmp_path / "documents.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        _build(f)


@pytest.mark.parametrize("project_id", ["ecs3", "Real_oms", "3ECS", "REAL ÖMS", ""])
def test_project_id_that_the_tables_would_refuse(tmp_path, project_id):
    f = _edited(tmp_path, REGISTER, lambda ls: [ls[0], ls[1].replace(",ECS3,ECS3,", f",{project_id},ECS3,", 1),
                                                *ls[2:]])
    with pytest.raises(DataError, match=rf"^documents\.csv, rad 2: projekt-id '{project_id}' ska skrivas"):
        _build(f)


def test_line_numbers_after_blank_lines(tmp_path):
    f = _edited(tmp_path, REGISTER, lambda ls: [ls[0], "", ls[1], "", "", ls[2].replace("space-separated", "scan"),
                                                *ls[3:]])
    with pytest.raises(DataError, match=r"^documents\.csv, rad 6: okänd extraktion 'scan'"):
        _build(f)


def test_register_naming_a_document_that_is_not_there(tmp_path):
    f = _edited(tmp_path, REGISTER, lambda ls: [ls[0], ls[1], ls[2].replace("001_ab629fffe3119f03.txt", "saknas.txt"),
                                                *ls[3:]])
    with pytest.raises(DataError, match=r"^documents\.csv, rad 3: dokumentet saknas\.txt finns inte"):
        _build(f)


def test_record_with_too_many_fields(tmp_path):
    f = _edited(tmp_path, REGISTER, lambda ls: [*ls[:3], ls[3] + ",extra", *ls[4:]])
    with pytest.raises(DataError, match=r"^documents\.csv, rad 4: raden har 11 fält men rubrikraden \(rad 1\) har 10"):
        _build(f)


def test_financier_register_line_after_a_blank_line(tmp_path):
    f = _edited(tmp_path, FINANCIERS, lambda ls: [ls[0], "", ls[1], ls[2].replace(ls[2].split(",")[0], "", 1),
                                                  *ls[3:]])
    with pytest.raises(DataError, match=r"^financiers\.csv, rad 4: alias och financier måste vara ifyllda"):
        financiers._read(f)


def test_missing_financier_register(tmp_path):
    with pytest.raises(DataError, match=r"^financiers\.csv: filen saknas$"):
        financiers._read(tmp_path / "financiers.csv")


def test_quoted_line_breaks_do_not_shift_line_numbers(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text('a,b\n1,"two\nlines"\n\n3,4\n', encoding="utf-8")
    df = read_text_csv(f, ["a", "b"])
    assert df["_row"].tolist() == [2, 5] and df["b"].tolist() == ["two\nlines", "4"]


def test_extract_prints_the_register_error_and_writes_nothing(tmp_path, monkeypatch, capsys):
    f = _edited(tmp_path, REGISTER, lambda ls: [ls[0], ls[1].replace(",ECS3,ECS3,", ",ecs3,ECS3,", 1), *ls[2:]])
    monkeypatch.setattr(budgets, "REGISTER_FILE", f)
    build = budgets.build
    monkeypatch.setattr(budgets, "build", lambda *a, **k: build(register_file=f))
    out = tmp_path / "out"
    assert extract.run(Namespace(output=out, check_only=False)) == 1
    err = capsys.readouterr().err
    assert "FEL: documents.csv, rad 2: projekt-id 'ecs3'" in err and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


def test_a_schema_failure_names_document_and_line(tmp_path):
    from analysis.tables import schemas

    good = budgets.build().lines
    bad = good.copy()
    bad.loc[bad.index[3], "year"] = 1800
    with pytest.raises(DataError) as err:
        budgets.validated(bad, schemas.BUDGET_LINES)
    row = good.iloc[3]
    assert err.value.file == row["document"] and err.value.line == int(row["line"])
    assert "budget_lines" in err.value.problem and "'year'" in err.value.problem


def test_copy_of_the_registers_still_builds(tmp_path):
    reg = tmp_path / "documents.csv"
    shutil.copy(REGISTER, reg)
    b = _build(reg)
    assert sorted(b.projects["project_id"]) == ["ECS3", "REAL_OMS"]


def test_counties_register_missing_or_broken(tmp_path, monkeypatch):
    from analysis.core import regions

    monkeypatch.setattr(regions, "COUNTIES_FILE", tmp_path / "counties.csv")
    regions._counties.cache_clear()
    try:
        with pytest.raises(DataError, match=r"^counties\.csv: filen saknas$"):
            regions.county_codes()
        lines = (paths.REFERENCE / "counties.csv").read_text(encoding="utf-8").split("\n")
        col = lines[0].split(",").index("is_oms")
        bad = lines[3].split(",")
        bad[col] = "ja"
        (tmp_path / "counties.csv").write_text("\n".join([lines[0], "", *lines[1:3], ",".join(bad), *lines[4:]]),
                                               encoding="utf-8")
        regions._counties.cache_clear()
        with pytest.raises(DataError, match=r"^counties\.csv, rad 5: is_oms måste vara true eller false, inte 'ja'"):
            regions.county_codes()
    finally:
        regions._counties.cache_clear()


def test_challenge_register_missing_or_naming_a_missing_document(tmp_path, monkeypatch):
    from analysis.tables import challenges

    monkeypatch.setattr(challenges, "CHALLENGE_FILE", tmp_path / "challenge_areas.csv")
    challenges._challenge_areas.cache_clear()
    try:
        with pytest.raises(DataError, match=r"^challenge_areas\.csv: filen saknas$"):
            challenges.challenge_areas()
        text = (paths.REFERENCE / "challenge_areas.csv").read_text(encoding="utf-8")
        doc = "002_f4f6798e12692ad7.txt"
        lines = text.split("\n")
        lines[1] = lines[1].replace(doc, "borta.txt", 1)
        assert "borta.txt" in lines[1]
        (tmp_path / "challenge_areas.csv").write_text("\n".join(lines), encoding="utf-8")
        challenges._challenge_areas.cache_clear()
        with pytest.raises(DataError, match=r"^challenge_areas\.csv, rad 2: dokumentet borta\.txt finns inte"):
            challenges.challenge_areas()
    finally:
        challenges._challenge_areas.cache_clear()


def test_word_variants_must_be_pairs(tmp_path):
    f = _edited(tmp_path, REGISTER, lambda ls: [*ls[:2], ls[2].replace("ansvara=ansvarar", "ansvara=ansvarar; akademin"), *ls[3:]])
    with pytest.raises(DataError, match=r"^documents\.csv, rad 3: word_variants: 'akademin' ska skrivas ord=ord"):
        _build(f)
