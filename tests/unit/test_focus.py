"""The focus as one value (core.focus.Focus): made once by a door in core.params, carried below."""

from __future__ import annotations

import copy
import json
import pickle
import re
from pathlib import Path

import pytest

from analysis.core import params
from analysis.core.errors import ParameterError
from analysis.core.focus import Focus, Level
from analysis.core.params import check_focus, check_region, normalize_focus, region_focus

ROOT = Path(__file__).resolve().parents[2]
OMS_COUNTIES = ("03", "04", "05", "18", "19")


@pytest.mark.parametrize("typed", ["ÖMS", "öms", "OMS", "SE12", " se12 "])
def test_oms_typed_any_way_is_one_nuts2_focus_with_its_five_counties(typed):
    f = normalize_focus(typed)
    assert isinstance(f, Focus)
    assert f == "SE12" and f.code == "SE12" and type(f.code) is str
    assert f.level is Level.NUTS2 and f.is_nuts2 and f.is_oms and not f.is_county
    assert f.name == "Östra Mellansverige" and f.short_name == "ÖMS"
    assert f.counties == OMS_COUNTIES
    assert f.highlight == ("SE12", *OMS_COUNTIES)
    assert f.in_oms


@pytest.mark.parametrize("typed", ["03", 3, " 03 "])
def test_a_county_typed_or_as_quarto_gives_it_is_a_county_focus(typed):
    f = normalize_focus(typed)
    assert f == "03" and repr(f) == "'03'" and f"{f}" == "03"
    assert f.level is Level.COUNTY and f.is_county and not f.is_nuts2 and not f.is_oms
    assert f.name == "Uppsala län" and f.short_name == "Uppsala"
    assert f.counties == ("03",) and f.highlight == ("03",)


@pytest.mark.parametrize("bad", ["08", "3", "023", 3.0, True, None, "SE11", 99])
def test_refusals_name_the_value(bad):
    with pytest.raises(ParameterError, match="focus"):
        normalize_focus(bad)


def test_check_focus_takes_codes_only_and_refuses_counties_outside_oms():
    assert check_focus("19").name == "Västmanlands län"
    with pytest.raises(ParameterError, match="Okänd region '08'"):
        check_focus("08")
    with pytest.raises(ParameterError):
        check_focus(3)


def test_a_focus_is_checked_once_and_then_passed_through_unchanged(monkeypatch):
    f = normalize_focus("ÖMS")
    calls = []
    monkeypatch.setattr(params, "valid_focus_values", lambda: calls.append(1) or [])
    monkeypatch.setattr(params, "valid_regions", lambda: calls.append(1) or [])
    assert normalize_focus(f) is f and check_focus(f) is f and region_focus(f) is f
    assert check_region(f) is f
    assert calls == []  # no list consulted again


def test_region_focus_takes_any_county_for_the_mirror_but_not_as_a_report_focus():
    kalmar = region_focus("08")
    assert kalmar.is_county and kalmar.name == "Kalmar län" and not kalmar.in_oms
    with pytest.raises(ParameterError):
        check_focus(kalmar)  # a mirror region is not a report focus
    with pytest.raises(ParameterError, match="Okänd region '99'"):
        region_focus("99")
    riket = region_focus("00")
    assert riket.level is Level.COUNTRY and not riket.is_nuts2 and not riket.is_county
    with pytest.raises(ParameterError):
        check_region(region_focus("SE12"), allow_aggregates=False)


def test_a_focus_is_a_plain_code_for_dicts_frames_files_and_pickles():
    import pandas as pd

    f = normalize_focus(18)
    assert {"18": 1}[f] == 1 and f in ["18"] and hash(f) == hash("18")
    assert pd.Series(["03", "18"]).eq(f).tolist() == [False, True]
    assert Path("x") / f == Path("x/18")
    back = pickle.loads(pickle.dumps(f))
    assert isinstance(back, Focus) and back == f and back.counties == ("18",)
    assert copy.deepcopy(f) is f
    with pytest.raises(AttributeError):
        f.name = "något annat"


# Every copy of the rule "SE12 is ÖMS, compare it among NUTS 2 regions" was replaced by the
# Focus's attributes; a new comparison of a focus with OMS_CODE (or "SE12") brings the copies back.
_RULE = re.compile(r"focus[\w.]*\s*[!=]=\s*(?:\w+\.)?(?:OMS_CODE|[\"']SE12[\"'])"
                   r"|(?:OMS_CODE|[\"']SE12[\"'])\s*[!=]=\s*[\w.]*focus")


def _code_lines():
    """(file, line number, line) of every module, chapter and notebook code cell."""
    for path in [*(ROOT / "src").rglob("*.py"), *(ROOT / "report").glob("*.qmd")]:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield path.relative_to(ROOT), i, line
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for n, cell in enumerate(c for c in cells if c["cell_type"] == "code"):
            for i, line in enumerate("".join(cell["source"]).splitlines(), 1):
                yield f"{path.relative_to(ROOT)} cell {n + 1}", i, line


def test_no_module_compares_a_focus_with_oms_code_again():
    found = [f"{where}:{i}: {line.strip()}" for where, i, line in _code_lines() if _RULE.search(line)]
    assert found == [], ("use the Focus's attributes (is_nuts2, is_county, counties, name), not "
                         "OMS_CODE:\n" + "\n".join(found))


def test_the_scan_finds_the_copies_it_guards_against():
    for copy_of_rule in ('nuts2 = focus == OMS_CODE', 'if x.focus != OMS_CODE:',
                         'h = None if report.focus == "SE12" else report.focus',
                         'n = 3 if focus == regions.OMS_CODE else 5'):
        assert _RULE.search(copy_of_rule), copy_of_rule
