"""The one focus check and the region check of the mirror's arguments (analysis.core.params), and
the report's -P parameters as typed on the command line (analysis.pipeline.report.parse_params)."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core.errors import ParameterError
from analysis.core.params import (check_focus, check_region, normalize_focus, valid_focus_values,
                                  valid_regions)
from analysis.pipeline.report import parse_params


def test_focus_accepts_the_forms_a_parameter_arrives_in():
    assert normalize_focus(3) == "03"
    assert normalize_focus(" 19 ") == "19"
    assert normalize_focus("ÖMS") == "SE12"


def test_focus_outside_oms_lists_the_valid_values():
    with pytest.raises(ParameterError, match=r"focus: '08'\. Giltiga värden: SE12 \(ÖMS\), 03 \(Uppsala\)"):
        normalize_focus("08")


def test_region_check_covers_every_county_and_both_aggregates():
    assert len(valid_regions()) == 23
    assert check_region("08") == "08"
    assert check_region("00") == "00"
    with pytest.raises(ParameterError, match=r"Okänd region '99'\. Giltiga val: 01 \(Stockholm\)"):
        check_region("99")
    with pytest.raises(ParameterError, match="Okänd region 'SE12'"):
        check_region("SE12", allow_aggregates=False)


def test_focus_code_check_names_the_counties_in_full():
    assert check_focus("SE12") == "SE12"
    with pytest.raises(ParameterError, match=r"Okänd region '01' som fokusregion\. Giltiga värden: "
                                             r"03 \(Uppsala län\).*19 \(Västmanlands län\), SE12 \(Östra Mellansverige\)\."):
        check_focus("01")
    with pytest.raises(ParameterError, match="Okänd region 3 som fokusregion"):
        check_focus(3)  # only normalize_focus reads typed forms


# --- the focus parameter as typed (issue 13): read as text, exactly the valid codes -----------


CODES = ["SE12", "03", "04", "05", "18", "19"]
PROPERTY = settings(max_examples=300, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def test_the_valid_codes_are_the_five_oms_counties_and_oms():
    assert valid_focus_values() == CODES


@pytest.mark.parametrize("item, expected", [
    ("focus:03", "03"), ("focus=03", "03"), ("focus: 19", "19"), ("focus = 18", "18"),
    ('focus:"04"', "04"), ("focus:'05'", "05"), ("focus:SE12", "SE12"), ("focus=se12", "SE12"),
    ("focus:ÖMS", "SE12"), ("focus:oms", "SE12"),
])
def test_the_command_line_accepts_both_separators_and_exactly_the_codes(item, expected):
    assert parse_params([item]) == {"focus": expected}


@pytest.mark.parametrize("value", [
    "023", "0x13", "1_8", "3", "4", "19.0", "03.0", "1e1", "+03", "-03", "0o23", "３", "０３",
    "01", "08", "SE11", "Uppsala", "", "~", "null", "true", "[03]", "{a: 1}", "03 04", "0 3",
])
def test_the_command_line_refuses_anything_else_naming_the_value(value):
    with pytest.raises(ParameterError) as err:
        parse_params([f"focus:{value}"])
    message = str(err.value)
    assert message.startswith(f"Ogiltigt värde för parametern focus: {value!r}. Giltiga värden: "
                              "SE12 (ÖMS), 03 (Uppsala), 04 (Sörmland), 05 (Östergötland), "
                              "18 (Örebro), 19 (Västmanland).")


@pytest.mark.parametrize("items", [["focus:03", "focus:04"], ["focus:03", "focus=03"],
                                   ["focus=SE12", "focus:SE12", "focus:05"]])
def test_a_parameter_given_twice_is_refused(items):
    with pytest.raises(ParameterError, match=rf"^Parametern focus anges två gånger \(-P {items[0]} "
                                             rf"och -P {items[1]}\)\. Ange den en gång\.$"):
        parse_params(items)


@pytest.mark.parametrize("item", ["focus", "fokus:03", "region=03", ":03", "=03", "03"])
def test_an_unknown_parameter_is_refused(item):
    with pytest.raises(ParameterError, match=rf"^Okänd parameter {item!r}\. Ange t\.ex\. -P focus:03"):
        parse_params([item])


def _expected(text: str) -> str | None:
    """What the rule says ``text`` (as typed after ``focus:``) means: a code, or refused."""
    t = text.strip()
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"":
        t = t[1:-1]
    t = t.strip()
    if t.upper() in {"ÖMS", "OMS", "SE12"}:
        return "SE12"
    return t if t in CODES else None


@PROPERTY
@given(st.one_of(st.text(max_size=8),
                 st.text(alphabet=string.digits + "xob_.+-eE ", max_size=5),
                 st.sampled_from(CODES).map(lambda c: f"  {c} ")))
def test_any_typed_value_is_a_valid_code_or_refused_by_name(text):
    expected = _expected(text)
    try:
        got = parse_params([f"focus:{text}"])["focus"]
    except ParameterError as err:
        assert expected is None
        assert "Ogiltigt värde för parametern focus: " in str(err)
        return
    assert got == expected


@PROPERTY
@given(st.integers(min_value=-10**6, max_value=10**6))
def test_an_integer_from_quartos_yaml_is_accepted_only_for_a_county(number):
    # quarto render report -P focus:03 reads 03 as YAML: the chapter gets the integer 3
    if f"{number:02d}" in CODES and number > 0:
        assert normalize_focus(number) == f"{number:02d}"
    else:
        with pytest.raises(ParameterError, match=rf"^Ogiltigt värde för parametern focus: {number}\."):
            normalize_focus(number)


@pytest.mark.parametrize("value", [True, False, None, 3.0, 19.0, b"03", ["03"]])
def test_other_types_are_refused(value):
    with pytest.raises(ParameterError, match=r"^Ogiltigt värde för parametern focus: "):
        normalize_focus(value)
