import math

import pandas as pd
import pytest

from analysis.core.formatting import (MINUS, NBSP, format_msek, format_number, format_percent,
                                      format_sek, plain_spaces, with_unit)


@pytest.mark.parametrize("value, expected", [
    (3056308, "3 056 308 kr"),
    (13_200_000, "13 200 000 kr"),
    (600_000, "600 000 kr"),
    (0, "0 kr"),
    (999, "999 kr"),
    (1000, "1 000 kr"),
])
def test_format_sek_uses_space_as_thousands_separator(value, expected):
    assert plain_spaces(format_sek(value)) == expected


def test_numbers_and_units_never_break_by_default():
    assert format_sek(1_500_000) == f"1{NBSP}500{NBSP}000{NBSP}kr"
    assert format_msek(13_200_000) == f"13,2{NBSP}mnkr"
    assert format_percent(0.12) == f"12,0{NBSP}%"
    assert format_number(15_281_540) == f"15{NBSP}281{NBSP}540"
    assert " " not in format_sek(15_281_540) + format_percent(0.5) + format_msek(2e9)
    assert with_unit(format_number(12), "län") == f"12{NBSP}län"


def test_ordinary_spaces_on_request():
    assert format_sek(1948742, nbsp=False) == "1 948 742 kr"


def test_format_sek_rounds_to_whole_kronor_and_can_use_nbsp():
    assert plain_spaces(format_sek(366666.67)) == "366 667 kr"
    assert format_sek(1948742, nbsp=True) == f"1{NBSP}948{NBSP}742{NBSP}kr"


def test_decimal_comma_and_percent():
    assert plain_spaces(format_number(1234567.891, 2)) == "1 234 567,89"
    assert plain_spaces(format_percent(0.12)) == "12,0 %"
    assert plain_spaces(format_percent(600_000 / 6_600_000, 1)) == "9,1 %"
    assert plain_spaces(format_percent(0.4, 0)) == "40 %"


def test_negative_numbers_use_typographic_minus_and_no_negative_zero():
    assert plain_spaces(format_number(-1500)) == f"{MINUS}1 500"
    assert format_number(-0.0001, 1) == "0,0"
    assert plain_spaces(format_percent(0.25, 1, signed=True)) == "+25,0 %"


def test_millions():
    assert plain_spaces(format_msek(13_200_000)) == "13,2 mnkr"
    assert plain_spaces(format_msek(25_469_237, 2)) == "25,47 mnkr"


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA, float("nan")])
def test_missing_values_are_said_to_be_missing_never_zero(missing):
    assert format_sek(missing) == "uppgift saknas"
    assert format_number(missing) == "uppgift saknas"
    assert format_percent(missing) == "uppgift saknas"


def test_inline_values_are_markdown_that_keeps_non_breaking_spaces():
    from analysis.core.escape import Markdown
    from analysis.core.formatting import inline_text

    value = inline_text(format_sek(3_056_308))
    assert value == "3\u00a0056\u00a0308\u00a0kr" and isinstance(value, Markdown)
    # Quarto's Jupyter engine inserts text/markdown, not the repr (which would read \xa0)
    assert value._repr_markdown_() == "3\u00a0056\u00a0308\u00a0kr"
    assert inline_text(12) == "12"
    assert inline_text("12,0 % (kap. 8)") == "12,0 % \\(kap\\. 8\\)"
    assert inline_text("12,0 % (kap. 8)").plain == "12,0 % (kap. 8)"


def test_sentence_case_helpers_keep_acronyms_and_names():
    from analysis.core.formatting import lower_first, upper_first

    assert upper_first("beslutet om ECS3 (Dnr 17RS5764)") == "Beslutet om ECS3 (Dnr 17RS5764)"
    assert upper_first("") == ""
    assert lower_first("Företagens utgifter för egen FoU") == "företagens utgifter för egen FoU"
    assert lower_first("BRP per invånare (tkr)") == "BRP per invånare (tkr)"
    assert lower_first("Reglabs innovationsindex") == "Reglabs innovationsindex"
