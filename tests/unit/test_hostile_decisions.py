"""Hostile input to the decision parser: each failure class, in both layouts where it applies."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.core import paths
from analysis.core.errors import DataError
from analysis.sources.decisions import parse_decision, read_lines
from analysis.sources.decisions.text import split_lines

def plain(text: str) -> str:
    """Reader text with its non-breaking spaces as ordinary ones, for comparing wording."""
    return text.replace("\u00a0", " ")


DOCS = paths.RAW_DOCUMENTS
ECS3_TAB = DOCS / "000_5838ca1629de2de5.txt"
ECS3_SPACE = DOCS / "001_ab629fffe3119f03.txt"
REAL = DOCS / "003_e1f4e7d84336dce7.txt"

HEAD = ["Testprojekt", "", "Sammanfattning",
        "Region Västmanland ansöker om 1 000 kr för projekt Testprojekt under perioden "
        "2018-01-01—2019-12-31.", "", "Kostnads- och finansieringsbudget", ""]


def write(tmp_path: Path, lines: list[str], name: str = "beslut.txt", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(newline.join(lines).encode("utf-8"))
    return path


def doc(layout: str, cost: list[list[str]], financing: list[list[str]]) -> list[str]:
    """A decision whose table lines are given as fields (joined by tab or space)."""
    sep = "\t" if layout == "tab" else " "
    return [*HEAD, sep.join(["Bokförda kostnader", "2018", "2019", "Totalt"]),
            *(sep.join(f) for f in cost), "", sep.join(["Finansiär", "2018", "2019", "Totalt"]),
            *(sep.join(f) for f in financing), "", "Beslutet fattas av nämnden."]


def rows(table) -> list[tuple]:
    return [(r.label, r.amounts, r.stated_total, r.label_lines) for r in table.rows + table.sums]


FIN = [["ERUF", "1 100 000", "1 100 000", "2 200 000"],
       ["Summa finansiering", "1 100 000", "1 100 000", "2 200 000"]]


# ------------------------------------------------------------- wrapped labels, both orders

@pytest.mark.parametrize("layout", ["tab", "space"])
@pytest.mark.parametrize("order", ["before", "after"])
def test_wrapped_label_before_or_after_the_amounts(tmp_path, layout, order):
    amounts = ["1 000 000", "1 000 000", "2 000 000"]
    if order == "before":  # label, then the rest of the label with the amounts
        first = [["Egen personal (inkl."], ["lönebikost.)", *amounts]]
    else:  # label and amounts, then the rest of the label
        first = [["Egen personal (inkl.", *amounts], ["lönebikost.)"]]
    cost = [*first, ["Indirekta kostnader"], ["(Schablon)", "100 000", "100 000", "200 000"],
            ["Summa bokförda kostnader", "1 100 000", "1 100 000", "2 200 000"]]
    d = parse_decision(write(tmp_path, doc(layout, cost, FIN)))
    assert rows(d.cost) == [
        ("Egen personal (inkl. lönebikost.)", (1_000_000, 1_000_000), 2_000_000, (9, 10)),
        ("Indirekta kostnader (Schablon)", (100_000, 100_000), 200_000, (11, 12)),
        ("Summa bokförda kostnader", (1_100_000, 1_100_000), 2_200_000, (13,)),
    ]
    assert d.cost.rows[0].line == (10 if order == "before" else 9)


@pytest.mark.parametrize("layout", ["tab", "space"])
def test_label_wrapped_after_the_amounts_of_the_last_row_and_of_a_sum_row(tmp_path, layout):
    cost = [["Egen personal", "1 100 000", "1 100 000", "2 200 000"], ["(inkl. lönebikost.)"],
            ["Summa bokförda", "1 100 000", "1 100 000", "2 200 000"], ["kostnader"]]
    d = parse_decision(write(tmp_path, doc(layout, cost, FIN)))
    assert [r.label for r in d.cost.rows + d.cost.sums] == [
        "Egen personal (inkl. lönebikost.)", "Summa bokförda kostnader"]
    assert d.cost.end_line == 12


@pytest.mark.parametrize("layout", ["tab", "space"])
def test_a_line_that_could_finish_either_row_is_an_error_not_a_guess(tmp_path, layout):
    cost = [["Resor", "1 000 000", "1 000 000", "2 000 000"], ["(inrikes)"],
            ["(utrikes)", "100 000", "100 000", "200 000"],
            ["Summa bokförda kostnader", "1 100 000", "1 100 000", "2 200 000"]]
    with pytest.raises(DataError, match=r"beslut\.txt, rad 10: raden '\(inrikes\)' kan fortsätta "
                                        r"etiketten 'Resor' ovanför eller höra till '\(utrikes\)'"):
        parse_decision(write(tmp_path, doc(layout, cost, FIN)))


@pytest.mark.parametrize("layout", ["tab", "space"])
def test_a_label_line_that_belongs_to_no_row_is_still_an_error(tmp_path, layout):
    cost = [["Resor", "1 100 000", "1 100 000", "2 200 000"], ["Konferenser"],
            ["Summa bokförda kostnader", "1 100 000", "1 100 000", "2 200 000"]]
    with pytest.raises(DataError, match=r"rad 10: raden 'Konferenser' saknar belopp"):
        parse_decision(write(tmp_path, doc(layout, cost, FIN)))


def test_real_oms_with_its_labels_wrapped_after_the_amounts(tmp_path):
    text = REAL.read_text(encoding="utf-8")
    text = text.replace("Egen personal (inkl. \nlönebikost.) 731 264 4 405 133 4 510 855 4 619 117 "
                        "3 925 943 18 192 312 ",
                        "Egen personal (inkl. 731 264 4 405 133 4 510 855 4 619 117 3 925 943 "
                        "18 192 312 \nlönebikost.)")
    assert "(inkl. 731 264" in text
    path = tmp_path / REAL.name
    path.write_text(text, encoding="utf-8")
    d, original = parse_decision(path), parse_decision(REAL)
    assert [(r.label, r.amounts) for r in d.cost.rows] == [(r.label, r.amounts) for r in original.cost.rows]
    assert d.cost.rows[0].line == 176 and d.cost.rows[0].label_lines == (176, 177)


# ------------------------------------------------ a cell against row total and column sum

def _mutated(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize("year, old, new, diff", [
    (2024, "Region Västmanland 122 852 740 062", "Region Västmanland 122 852 730 062", "−10 000"),
    (2027, "776 012 659 558 3 056 308 \nRegion Öst", "776 012 669 558 3 056 308 \nRegion Öst", "+10 000"),
    (2023, "Region Västmanland 122 852", "Region Västmanland 132 852", "+10 000"),
])
def test_space_layout_names_row_year_and_difference(tmp_path, year, old, new, diff):
    path = _mutated(tmp_path, REAL, old, new)
    with pytest.raises(DataError) as err:
        parse_decision(path)
    assert err.value.line == 187
    assert f"raden 'Region Västmanland', {year}: beloppet" in err.value.problem
    assert f"(skillnad {diff} kr)" in err.value.problem


def test_space_layout_names_a_wrong_row_total(tmp_path):
    path = _mutated(tmp_path, REAL, "659 558 3 056 308 \nRegion Öst", "659 558 3 066 308 \nRegion Öst")
    with pytest.raises(DataError, match=r"rad 187: raden 'Region Västmanland', Totalt: radsumman "
                                        r"3 066 308 kr .* \(skillnad \+10 000 kr\)"):
        parse_decision(path)


@pytest.mark.parametrize("source, old, new, line", [
    (ECS3_TAB, "Externa tjänster\t1 395 000\t1 395 000", "Externa tjänster\t1 395 000\t1 385 000", 279),
    (ECS3_SPACE, "Externa tjänster 1 395 000 1 395 000", "Externa tjänster 1 395 000 1 385 000", 310),
])
def test_a_cell_read_unambiguously_is_reported_by_the_checks_with_row_year_and_difference(
        tmp_path, monkeypatch, source, old, new, line):
    # where the digits have one reading, both layouts parse as written and the checks name the
    # row (its total), the year (the column sum) and the difference
    path = _mutated(tmp_path, source, old, new)
    d = parse_decision(path)
    from analysis.tables import validation

    checks = validation.check_decision(d, "ECS3")
    errors = [c for c in checks if c["severity"] == "error"]
    messages = {(c["check"], c["line"], c["year"]): plain(c["message"]) for c in errors}
    assert "skillnad +10 000 kr" in messages[("row_total", line, None)]
    assert "Externa tjänster" in messages[("row_total", line, None)]
    col = [m for (check, _, year), m in messages.items() if check == "column_sum" and year == 2019]
    assert col and "skillnad +10 000 kr" in col[0]


# ------------------------------------------- a line that interrupts a table; a truncated file

@pytest.mark.parametrize("layout", ["tab", "space"])
def test_unknown_line_inside_a_table_is_an_error_naming_it(tmp_path, layout):
    fin = [["Region Uppsala", "100 000", "100 000", "200 000"], [], ["Bilaga 3, fortsättning"], [],
           ["ERUF", "1 000 000", "1 000 000", "2 000 000"],
           ["Summa finansiering", "1 100 000", "1 100 000", "2 200 000"]]
    cost = [["Resor", "1 100 000", "1 100 000", "2 200 000"],
            ["Summa bokförda kostnader", "1 100 000", "1 100 000", "2 200 000"]]
    lines = doc(layout, cost, fin)
    assert lines[14] == "Bilaga 3, fortsättning"
    with pytest.raises(DataError, match=r"beslut\.txt, rad 15: raden 'Bilaga 3, fortsättning' står mitt "
                                        r"i tabellen 'Finansiär' \(rubrik på rad 12\).*fortsätter på rad 17 "
                                        r"\('ERUF'\)"):
        parse_decision(write(tmp_path, lines))


def test_real_oms_interrupted_by_an_unknown_page_header(tmp_path):
    path = _mutated(tmp_path, REAL, "Region Östergötland 122 852", "\n\fRegion Örebro län – bilaga\n\n"
                    "Region Östergötland 122 852")
    with pytest.raises(DataError, match=r"rad 189: raden 'Region Örebro län – bilaga' står mitt i tabellen"):
        parse_decision(path)


@pytest.mark.parametrize("source, keep, line", [(REAL, 180, 180), (ECS3_TAB, 279, 279)])
def test_file_truncated_in_the_cost_table_says_so(tmp_path, source, keep, line):
    lines = source.read_text(encoding="utf-8").split("\n")
    path = write(tmp_path, lines[:keep], source.name)
    with pytest.raises(DataError, match=rf"hittar ingen finansieringstabell .*\(filen slutar på rad {line} i "
                                        r"tabellen 'Bokförda kostnader' .* kan texten vara avklippt\?\)"):
        parse_decision(path)


def test_truncated_tab_file_names_the_sums_as_computed(tmp_path):
    lines = ECS3_TAB.read_text(encoding="utf-8").split("\n")
    path = write(tmp_path, lines[:289], ECS3_TAB.name)  # ends after 'Region Uppsala' (line 289)
    from analysis.tables import validation

    checks = [c for c in validation.check_decision(parse_decision(path), "ECS3")
              if c["check"] == "cost_vs_financing" and c["severity"] == "error"]
    assert [c["year"] for c in checks] == [2018, 2019, 2020, None]
    assert all("anges till" not in c["message"] and "tabellen slutar där filen slutar" in c["message"]
               for c in checks)
    assert "finansieringsraderna summerar till 2 200 000 kr" in plain(checks[0]["message"])


def test_truncated_file_names_the_sums_as_computed_not_stated(tmp_path):
    lines = REAL.read_text(encoding="utf-8").split("\n")
    path = write(tmp_path, lines[:188], REAL.name)  # ends after 'Region Västmanland' (line 187)
    d = parse_decision(path)
    from analysis.tables import validation

    checks = [c for c in validation.check_decision(d, "REAL_OMS") if c["check"] == "cost_vs_financing"]
    first = checks[0]
    assert first["severity"] == "error" and first["year"] == 2023
    assert "anges till" not in first["message"]
    assert "finansieringsraderna summerar till 368 556 kr (ingen summarad" in plain(first["message"])
    assert "tabellen slutar där filen slutar" in first["message"]


# --------------------------------------------------------- line numbers and the byte order mark

@pytest.mark.parametrize("char", ["\f", "\v", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_line_numbers_count_only_newlines(tmp_path, char):
    text = ECS3_TAB.read_text(encoding="utf-8").split("\n")
    text[29] = char + text[29]                  # before the tables: every table line after it
    text[281] = text[281] + char                # inside the cost table, after a row
    path = write(tmp_path, text, ECS3_TAB.name)
    assert len(read_lines(path)) == len(read_lines(ECS3_TAB))
    d, original = parse_decision(path), parse_decision(ECS3_TAB)
    assert [(r.label, r.line, r.amounts) for r in d.cost.rows + d.financing.rows] == \
           [(r.label, r.line, r.amounts) for r in original.cost.rows + original.financing.rows]
    assert (d.cost.header_line, d.financing.header_line) == (277, 283)
    assert [t.line for t in d.targets] == [61, 63, 65, 67]


def test_crlf_and_split_lines():
    assert split_lines("a\r\nb\fc\r\n\x85d\n") == ["a", "b\fc", "\x85d"]
    assert split_lines("\ufeffa\nb") == ["a", "b"]
    assert split_lines("a\rb") == ["a\rb"]  # a lone CR ends no line (the editors' count of \n)


def test_crlf_document_gives_the_same_decision(tmp_path):
    lines = ECS3_SPACE.read_text(encoding="utf-8").split("\n")
    d = parse_decision(write(tmp_path, lines, ECS3_SPACE.name, newline="\r\n"))
    original = parse_decision(ECS3_SPACE)
    assert rows(d.cost) == rows(original.cost) and rows(d.financing) == rows(original.financing)
    assert d.title == original.title


@pytest.mark.parametrize("source", [ECS3_TAB, REAL])
def test_byte_order_mark_never_reaches_the_title(tmp_path, source):
    path = tmp_path / source.name
    path.write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    d = parse_decision(path)
    assert d.title == parse_decision(source).title and "\ufeff" not in d.title
    assert d.title_line == parse_decision(source).title_line


def test_byte_order_mark_on_a_line_of_its_own(tmp_path):
    lines = ECS3_TAB.read_text(encoding="utf-8").split("\n")
    path = write(tmp_path, ["\ufeff", *lines], ECS3_TAB.name)
    d = parse_decision(path)
    assert d.title == "East Central Sweden (ECS) The Innovative Smart Region"
    assert d.title_line == parse_decision(ECS3_TAB).title_line + 1
