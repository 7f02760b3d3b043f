"""The challenge-area register agrees with the source documents, line by line."""

from __future__ import annotations

import pytest

from analysis.tables import challenges
from analysis.core import paths


def _line(document: str, n: int) -> str:
    return (paths.RAW_DOCUMENTS / document).read_text(encoding="utf-8").splitlines()[n - 1]


def test_four_oms_areas_with_their_contact_regions():
    df = challenges.challenge_areas()
    oms = df[df["scope"] == "ÖMS"].set_index("area")
    assert list(oms.index) == ["Smart industri", "Life science, välfärdsteknik och e-hälsa",
                               "Hållbar livsmedelsförsörjning", "Morgondagens energilösningar"]
    assert oms.at["Smart industri", "lead_regions"] == "18;04"
    assert oms.at["Life science, välfärdsteknik och e-hälsa", "lead_regions"] == "03"
    assert oms.at["Hållbar livsmedelsförsörjning", "lead_regions"] == "05"
    assert oms.at["Morgondagens energilösningar", "lead_regions"] == "19"


@pytest.mark.parametrize("area, line, contact_line, contact", [
    ("Smart industri", 45, 62, "Kontakta Matilda Eriksson, Region Örebro län"),
    ("Life science, välfärdsteknik och e-hälsa", 66, 83, "Kontakta Erik Asplund, Region Uppsala"),
    ("Hållbar livsmedelsförsörjning", 87, 104, "Kontakta Niklas Tideklev, Region Östergötland"),
    ("Morgondagens energilösningar", 108, 125, "Kontakta Erik Asph Hennerdal, Region Västmanland"),
])
def test_oms_lines_say_what_the_table_says(area, line, contact_line, contact):
    doc = "002_f4f6798e12692ad7.txt"
    row = challenges.challenge_areas().set_index("area").loc[area]
    assert (row["document"], row["line"], row["lead_line"]) == (doc, line, contact_line)
    assert _line(doc, line) == area
    assert _line(doc, line - 2) == "Utmaningsområde"
    assert _line(doc, contact_line).startswith(contact)
    if area == "Smart industri":
        assert "Emma Hanson, Region Sörmland" in _line(doc, contact_line)


def test_kalmar_priorities_as_written_in_the_strategy():
    doc = "004_8b1a78558345510c.txt"
    k = challenges.challenge_areas().query("scope == 'Kalmar'").set_index("area")
    assert k.at["E-hälsa", "kind"] == "utvecklingsområde"
    assert _line(doc, k.at["E-hälsa", "line"]) == "E-HÄLSA**"
    assert _line(doc, k.at["E-hälsa", "kind_line"]) == "**UTVECKLINGSOMRÅDE:"
    assert k.at["Industriell utveckling", "kind"] == "område för horisontell kapacitetsökning"
    assert _line(doc, k.at["Industriell utveckling", "line"]) == \
        "OMRÅDE FÖR HORISONTELL KAPACITETSÖKNING: INDUSTRIELL UTVECKLING"
    assert _line(doc, k.at["Digitalisering", "line"]) == \
        "- Tydligare om digitalisering som horisontell utvecklingsfaktor"
    assert _line(doc, 3) == "Region Kalmar län"
    assert set(k["lead_regions"]) == {"08"}


def test_overlap_matrix():
    m = challenges.overlap_matrix()
    assert m.shape == (4, 3)
    assert m.at["Life science, välfärdsteknik och e-hälsa", "E-hälsa"] == "e-hälsa"
    assert m.at["Smart industri", "Industriell utveckling"] == "industri"
    assert (m.loc["Hållbar livsmedelsförsörjning"] == "").all()
    assert (m["Digitalisering"] == "").all()
    assert int(challenges.overlaps()["overlap"].sum()) == 2


def test_a_misquoted_line_is_refused(tmp_path, monkeypatch):
    bad = paths.REFERENCE.joinpath("challenge_areas.csv").read_text(encoding="utf-8")
    bad = bad.replace("Smart industri,43", "Smart industri,44", 1)
    file = tmp_path / "challenge_areas.csv"
    file.write_text(bad.replace(",45,Smart industri,43,", ",46,Smart industri,43,"), encoding="utf-8")
    monkeypatch.setattr(challenges, "CHALLENGE_FILE", file)
    challenges._challenge_areas.cache_clear()
    try:
        with pytest.raises(challenges.DataError, match="challenge_areas.csv, rad 2"):
            challenges.challenge_areas()
    finally:
        challenges._challenge_areas.cache_clear()
