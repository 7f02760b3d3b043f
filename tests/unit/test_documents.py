"""Parsing the decision documents: metadata, targets, both tables, and every kind of bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from analysis.sources import decisions
from analysis.core import paths
from analysis.sources.decisions import parse_decision, readings
from analysis.core.errors import DataError

DOCS = paths.RAW_DOCUMENTS
ECS3_TAB = DOCS / "000_5838ca1629de2de5.txt"
ECS3_SPACE = DOCS / "001_ab629fffe3119f03.txt"
REAL = DOCS / "003_e1f4e7d84336dce7.txt"
WEBPAGE = DOCS / "002_f4f6798e12692ad7.txt"


def _table(t):
    return [(r.label, r.amounts, r.stated_total, r.is_sum) for r in t.rows + t.sums]


def mutate(tmp_path: Path, source: Path, line: int, old: str, new: str | None) -> Path:
    """A copy of ``source`` with ``old`` replaced by ``new`` on 1-based ``line`` (None: drop the line)."""
    lines = source.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], (line, lines[line - 1])
    if new is None:
        del lines[line - 1]
    else:
        lines[line - 1] = lines[line - 1].replace(old, new, 1)
    out = tmp_path / source.name
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def synthetic(tmp_path: Path, cost: list[str], financing: list[str], *, years: str = "2018 2019",
              total: bool = True, period: str = "2018-01-01—2019-12-31", name: str = "beslut.txt") -> Path:
    """A minimal decision of the same genre, space-separated."""
    tot = " Totalt" if total else ""
    text = "\n".join([
        "Testprojekt", "", "Sammanfattning",
        f"Region Västmanland ansöker om 1 000 kr för projekt Testprojekt under perioden {period}.", "",
        "Kostnads- och finansieringsbudget", "",
        f"Bokförda kostnader {years}{tot}", *cost, "",
        f"Finansiär {years}{tot}", *financing, "",
    ])
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------- metadata

def test_ecs3_metadata_from_the_tab_separated_extraction():
    d = parse_decision(ECS3_TAB)
    assert d.title == "East Central Sweden (ECS) The Innovative Smart Region"
    assert d.applicant == "Region Västmanland"
    assert (d.applied_amount_sek, d.applied_share, d.applied_line) == (1_500_000, None, 7)
    assert (d.start_date, d.end_date, d.period_line) == (date(2018, 1, 1), date(2020, 12, 31), 7)
    assert (d.dnr, d.meeting_date) == ("17RS5764", date(2017, 10, 23))
    assert d.layout == "tab"


def test_ecs3_targets_with_line_numbers():
    d = parse_decision(ECS3_TAB)
    got = [(t.value, t.unit, t.line, t.description) for t in d.targets]
    assert got == [
        (300, "företag", 61, "300 företag får stöd"),
        (8, "mkr", 63, "8 mkr i privata investeringar matchar offentligt stöd till innovations- eller FoU-projekt"),
        (300, "företag", 65, "300 företag får annat stöd än ekonomiskt"),
        (100, "företag", 67, "100 företag samarbetar för att stärka sin innovationskraft"),
    ]
    assert [t.line for t in parse_decision(ECS3_SPACE).targets] == [82, 83, 84, 85]


def test_real_oms_metadata():
    d = parse_decision(REAL)
    assert d.title == "Realisering av färdplaner i Östra Mellansverige"
    assert d.applicant == "Region Västmanland"
    assert (d.applied_amount_sek, d.applied_share) == (3_056_308, 0.12)
    assert (d.start_date, d.end_date) == (date(2023, 11, 1), date(2027, 10, 31))
    assert d.dnr is None and d.meeting_date is None
    assert d.targets == []


def test_page_headers_are_skipped():
    d = parse_decision(ECS3_TAB)
    assert {19, 20, 22, 23, 25, 26} <= d.skipped_lines  # first page header block
    assert len([n for n in d.skipped_lines if "Dnr" in decisions.read_lines(ECS3_TAB)[n - 1]]) == 8


# ---------------------------------------------------------------------------------- tables

def test_both_ecs3_extractions_give_identical_tables():
    tab, space = parse_decision(ECS3_TAB), parse_decision(ECS3_SPACE)
    assert _table(tab.cost) == _table(space.cost)
    assert _table(tab.financing) == _table(space.financing)
    assert tab.cost.years == space.cost.years == (2018, 2019, 2020)
    assert space.layout == "space"
    # the space-separated rows really were ambiguous and were settled by the table's sums
    assert max(r.readings for r in space.financing.rows) > 1


def test_ecs3_cost_table_as_written():
    d = parse_decision(ECS3_TAB)
    assert _table(d.cost) == [
        ("Egen personal", (2_612_758,) * 3, 7_838_274, False),
        ("Externa tjänster", (1_395_000,) * 3, 4_185_000, False),
        ("Övriga kostnader", (392_242,) * 3, 1_176_726, False),
        ("Summa bokförda kostnader", (4_400_000,) * 3, 13_200_000, True),
    ]
    assert [r.line for r in d.cost.rows] == [278, 279, 280]
    assert d.financing.headings == [(284, "Offentlig finansiär")]
    assert [r.label for r in d.financing.rows][0] == "Region Örebro län 1:1"  # '1:1' stays in the label


def test_real_oms_wrapped_labels_and_five_years():
    d = parse_decision(REAL)
    assert d.cost.years == (2023, 2024, 2025, 2026, 2027)
    staff, indirect = d.cost.rows
    assert staff.label == "Egen personal (inkl. lönebikost.)"
    assert (staff.label_lines, staff.line) == ((176, 177), 177)
    assert indirect.label == "Indirekta kostnader (Schablon)"
    assert indirect.amounts == (292_506, 1_762_053, 1_804_342, 1_847_647, 1_570_377)
    fin = {r.label: r for r in d.financing.rows}
    assert fin["Region Sörmland Övriga medel"].label_lines == (190, 191)
    assert fin["Region Sörmland 1:1 medel"].amounts == (78_332, 471_873, 483_198, 494_795, 420_543)
    assert fin["Region Sörmland 1:1 medel"].stated_total == 1_948_742
    assert fin["Region Örebro län 1:1-medel"].amounts == (122_852, 740_062, 757_824, 776_012, 659_558)
    assert fin["Tillväxtverket ERUF"].stated_total == 10_187_695
    assert d.financing.final_sum.label == "Total finansiering"
    assert d.financing.final_sum.line == 195


def test_readings_of_digit_groups():
    assert sorted(readings(["1", "500", "000", "500", "000"], 2)) == [
        (1, 500_000_500_000), (1_500_000, 500_000)]
    assert readings(["000", "1"], 2) == []           # no amount starts with a leading zero
    assert readings(["4400000", "–"], 2) == [(4400000, 0)]


def test_row_settled_by_column_sums(tmp_path):
    # "300 300 200 300 500" reads as 300 | 300 200 | 300 500 or 300 300 | 200 | 300 500: both
    # add up; only the first agrees with the stated sum row.
    path = synthetic(
        tmp_path,
        ["Egen personal 300 300 200 300 500", "Övriga kostnader 1 000 1 000 2 000",
         "Summa bokförda kostnader 1 300 301 200 302 500"],
        ["ERUF 1 300 301 200 302 500", "Summa finansiering 1 300 301 200 302 500"],
    )
    d = parse_decision(path)
    assert d.cost.rows[0].amounts == (300, 300_200)
    assert d.cost.rows[0].readings > 1


def test_row_that_stays_ambiguous_is_an_error(tmp_path):
    path = synthetic(tmp_path, ["Egen personal 300 300 200 300 500"], ["ERUF 300 300 200 300 500"])
    with pytest.raises(DataError, match=r"rad 12: siffrorna i raden 'ERUF' kan läsas på flera sätt"):
        parse_decision(path)


def test_financing_without_sum_row_uses_the_cost_sums(tmp_path):
    path = synthetic(
        tmp_path,
        ["Egen personal 1 300 301 200 302 500", "Summa bokförda kostnader 1 300 301 200 302 500"],
        ["ERUF 300 300 200 300 500", "Region Uppsala 1 000 1 000 2 000"],
    )
    d = parse_decision(path)
    assert d.financing.sums == []
    assert d.financing.rows[0].amounts == (300, 300_200)


def test_another_decision_of_the_genre_parses(tmp_path):
    # four years, section heading, subtotal and grand total, wrapped labels, dash for zero
    path = synthetic(
        tmp_path,
        ["Egen personal (inkl.", "lönebikost.) 100 000 200 000 200 000 100 000 600 000",
         "Resor 10 000 – 10 000 – 20 000",
         "Summa bokförda kostnader 110 000 200 000 210 000 100 000 620 000"],
        ["Offentlig finansiär", "Region Kalmar län 1:1-medel 55 000 100 000 105 000 50 000 310 000",
         "Summa offentlig finansiering 55 000 100 000 105 000 50 000 310 000",
         "Privat finansiär", "Stiftelsen X 55 000 100 000 105 000 50 000 310 000",
         "Total finansiering 110 000 200 000 210 000 100 000 620 000"],
        years="2024 2025 2026 2027", period="2024-01-01—2027-12-31",
    )
    d = parse_decision(path)
    assert d.cost.rows[0].label == "Egen personal (inkl. lönebikost.)"
    assert d.cost.rows[1].amounts == (10_000, 0, 10_000, 0)
    subtotal, total = d.financing.sums
    assert (subtotal.covers, total.covers) == ((0,), (0, 1))
    assert [h for _, h in d.financing.headings] == ["Offentlig finansiär", "Privat finansiär"]


# ---------------------------------------------------------------------------------- bad input

def test_no_budget_table():
    with pytest.raises(DataError, match=r"002_f4f6798e12692ad7\.txt: hittar ingen budgettabell"):
        parse_decision(WEBPAGE)


def test_decision_without_financing_table(tmp_path):
    path = mutate(tmp_path, ECS3_TAB, 283, "Finansiär", "Anteckningar")
    with pytest.raises(DataError, match="hittar ingen finansieringstabell"):
        parse_decision(path)


def test_non_numeric_cell_tab(tmp_path):
    path = mutate(tmp_path, ECS3_TAB, 279, "\t1 395 000\t", "\t1 395 OOO\t")
    with pytest.raises(DataError, match=r"000_5838ca1629de2de5\.txt, rad 279: cellen '1 395 OOO' är inte ett tal"):
        parse_decision(path)


def test_non_numeric_cell_space(tmp_path):
    path = mutate(tmp_path, ECS3_SPACE, 310, "1 395 000 1 395 000 1 395 000", "1 395 000 1 395 OOO 1 395 000")
    with pytest.raises(DataError, match=r"rad 310: cellen 'OOO' är inte ett tal"):
        parse_decision(path)


def test_wrong_number_of_year_columns_tab(tmp_path):
    path = mutate(tmp_path, ECS3_TAB, 279, "\t1 395 000\t1 395 000\t", "\t1 395 000\t")
    with pytest.raises(DataError, match=r"rad 279: raden har 3 celler men tabellen har 4"):
        parse_decision(path)


def test_wrong_number_of_year_columns_space(tmp_path):
    path = mutate(tmp_path, ECS3_SPACE, 310, "1 395 000 1 395 000 1 395 000 4 185 000",
                  "1 395 000 1 395 000 2 790 000")
    with pytest.raises(DataError, match=r"rad 310: raden 'Externa tjänster' har 2 årsbelopp \+ total .* men tabellen har 3"):
        parse_decision(path)


def test_duplicate_rows(tmp_path):
    path = mutate(tmp_path, ECS3_TAB, 287, "Region Östergötland", "Region Västmanland")
    with pytest.raises(DataError, match=r"rad 287: raden 'Region Västmanland' står två gånger .*rad 286"):
        parse_decision(path)


def test_impossible_date(tmp_path):
    path = mutate(tmp_path, ECS3_TAB, 7, "2018-01-01", "2018-02-30")
    with pytest.raises(DataError, match=r"rad 7: omöjligt datum '2018-02-30'"):
        parse_decision(path)


def test_period_ending_before_it_starts(tmp_path):
    path = mutate(tmp_path, REAL, 6, "2027-10-31", "2022-10-31")
    with pytest.raises(DataError, match=r"rad 6: projektperioden slutar"):
        parse_decision(path)


def test_row_without_amounts(tmp_path):
    path = mutate(tmp_path, REAL, 177, "lönebikost.) 731 264 4 405 133 4 510 855 4 619 117 3 925 943 18 192 312",
                  "lönebikost.)")
    with pytest.raises(DataError, match=r"rad 176: raden 'Egen personal \(inkl\. lönebikost\.\)' saknar belopp"):
        parse_decision(path)


def test_page_header_inside_a_table_is_skipped(tmp_path):
    lines = ECS3_TAB.read_text(encoding="utf-8").split("\n")
    header_block = lines[18:26]  # lines 19-26: Tjänsteställe … Dnr
    patched = lines[:287] + [""] + header_block + [""] + lines[287:]
    path = tmp_path / ECS3_TAB.name
    path.write_text("\n".join(patched), encoding="utf-8")
    d = parse_decision(path)
    assert _table(d.financing) == _table(parse_decision(ECS3_TAB).financing)
    assert d.financing.rows[3].line == 288 + 10  # 'Regionförbundet Sörmland' moved down by 10 lines


def test_financing_table_without_its_sum_row_gives_the_same_rows(tmp_path):
    # a 000 without "Summa finansiering" (line 291) still gives 001's financing rows
    path = mutate(tmp_path, ECS3_TAB, 291, "Summa finansiering", None)
    d = parse_decision(path)
    assert d.financing.sums == [] and d.financing.final_sum is None
    space = parse_decision(ECS3_SPACE)
    assert _table(d.financing) == _table(space.financing)[:-1]


def test_space_separated_financing_without_sum_row(tmp_path):
    path = mutate(tmp_path, ECS3_SPACE, 323, "Summa finansiering", None)
    d = parse_decision(path)
    assert _table(d.financing) == _table(parse_decision(ECS3_TAB).financing)[:-1]


def test_readings_with_row_total_are_exactly_the_full_readings_that_sum_to_the_total():
    from analysis.sources.decisions import count_readings

    # REAL ÖMS, Region Sörmland 1:1 (003 line 189): the year cells sum to 1 948 741, the stated
    # total is 1 948 742 — a rounding difference of 1 kr that the tolerance must admit.
    tokens = "78 332 471 873 483 198 494 795 420 543 1 948 742".split()
    full = readings(tokens, 6)
    assert count_readings(tokens, 6) == len(full) > 1
    for tol in (0, 1, 3):
        expected = sorted(c for c in full if abs(sum(c[:5]) - c[5]) <= tol)
        assert sorted(readings(tokens, 6, tol)) == expected
    assert readings(tokens, 6, 0) == []
    assert readings(tokens, 6, 3) == [(78332, 471873, 483198, 494795, 420543, 1948742)]


def test_a_row_of_ten_years_is_read_by_its_total_without_listing_every_reading():
    from analysis.sources.decisions import count_readings

    cells = [122852, 740062, 757824, 776012, 659558, 122852, 740062, 757824, 776012, 659558]
    tokens = " ".join(f"{v:,}".replace(",", " ") for v in [*cells, sum(cells)]).split()
    assert count_readings(tokens, 11) > 10_000
    assert readings(tokens, 11, 6) == [(*cells, sum(cells))]


def test_the_registers_projects_come_in_start_order_whatever_the_register_order(tmp_path, monkeypatch):
    """``project_ids`` orders the projects by the period their decisions state, not by the
    register's rows (an evaluator adds the newest decision at the top or the bottom)."""
    from analysis.sources.decisions import register

    lines = register.REGISTER_FILE.read_text(encoding="utf-8").rstrip("\n").split("\n")
    real = next(ln for ln in lines if ln.startswith("003_"))
    reordered = tmp_path / "documents.csv"
    reordered.write_text("\n".join([lines[0], real, *[ln for ln in lines[1:] if ln != real]]) + "\n",
                         encoding="utf-8")
    assert register.document_register(reordered)["document"].iloc[0].startswith("003_")
    assert register.project_ids(reordered) == ["ECS3", "REAL_OMS"]
