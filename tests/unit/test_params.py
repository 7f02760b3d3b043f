"""The one focus check and the region check of the mirror's arguments (analysis.core.params)."""

from __future__ import annotations

import pytest

from analysis.core.errors import ParameterError
from analysis.core.params import check_focus, check_region, normalize_focus, valid_regions


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
