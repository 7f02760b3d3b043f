import pytest

from analysis.core import regions


def test_twenty_one_counties_and_five_oms_members():
    c = regions.counties()
    assert len(c) == 21
    assert regions.oms_county_codes() == ["03", "04", "05", "18", "19"]
    assert set(c.loc[c["is_oms"], "nuts2_code"]) == {"SE12"}
    assert (c.loc[~c["is_oms"], "nuts2_code"] != "SE12").all()


def test_names():
    assert regions.county_name("03") == "Uppsala län"
    assert regions.county_name("00") == "Riket"
    assert regions.county_name("SE12") == "Östra Mellansverige"
    assert regions.short_name("04") == "Sörmland"
    assert regions.authority_name("18") == "Region Örebro län"
    assert regions.authority_name("23") == "Region Jämtland Härjedalen"


def test_unknown_code_lists_valid_codes():
    with pytest.raises(KeyError, match="Okänd länskod '02'.*01, 03"):
        regions.county_name("02")
