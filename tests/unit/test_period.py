"""A project's decided period beside its reported end (ECS3: 2018–2020, ended autumn 2023), from
the register data/reference/reported_ends.csv, stated as known and missing (issue 21, method
point a): no figure on an assumed budget for the extension."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses.financing import period as period_module
from analysis.analyses.financing.period import period_comparison, reported_end, reported_ends
from analysis.core.errors import DataError
from analysis.core.paths import RAW_DOCUMENTS
from analysis.narrative.period_text import period_facts, period_note
from approved_text import approved, in_order


def test_reported_end_comes_from_the_register_with_its_source():
    assert list(reported_ends()) == ["ECS3"]
    end = reported_end("ECS3")
    assert (end["season"], end["year"], end["words"]) == ("hösten", 2023, "hösten 2023")
    assert str(end["earliest"]) == "2023-09-30" and str(end["latest"]) == "2023-11-30"
    assert "hösten 2023" in end["evidence"]  # confirmed by Region Sörmland's news item
    line = (RAW_DOCUMENTS / end["document"]).read_text(encoding="utf-8").splitlines()[end["line"] - 1]
    assert "(ECS3) som avslutades hösten 2023" in line
    assert reported_end("REAL_OMS") is None


def test_register_quote_must_stand_on_its_line(tmp_path, monkeypatch):
    reg = tmp_path / "reported_ends.csv"
    text = (period_module.register_file()).read_text(encoding="utf-8").replace(",37,", ",36,")
    reg.write_text(text, encoding="utf-8")
    monkeypatch.setattr(period_module, "register_file", lambda: reg)
    period_module.clear_cache()
    try:
        with pytest.raises(DataError, match=r"reported_ends\.csv, rad 2: citatet står inte på rad 36"):
            reported_end("ECS3")
    finally:
        period_module.clear_cache()


def test_confirming_item_must_agree():
    facts = pd.DataFrame({"item": ["ECS3 project end"], "value": ["spring 2023"], "source": [""],
                          "url": [""], "evidence": [""], "_row": [2]})
    with pytest.raises(DataError, match="stämmer inte"):
        reported_end("ECS3", facts)


def test_period_comparison_against_the_decisions():
    cmp = period_comparison(earlier="ECS3", later="REAL_OMS").set_index("period")
    d = cmp.loc["decided"]
    # ECS3 decision: 13 200 000 kr over 2018-01-01 – 2020-12-31
    assert (d["months"], d["total_sek"], bool(d["budget_known"])) == (36, 13_200_000, True)
    assert d["change_per_month"] == pytest.approx(0.447, abs=5e-4)  # +44,7 %
    # January 2018 to September 2023 is 69 months, to November 2023 71
    assert cmp.loc["reported_earliest", "months"] == 69
    assert cmp.loc["reported_latest", "months"] == 71


def test_the_texts_say_what_is_known_and_missing_without_a_hypothetical():
    from analysis.tables.budgets import projects

    p = projects().set_index("project_id").loc["ECS3"]
    note = period_note("ECS3", p, reported_end("ECS3")).replace("\u00a0", " ")
    assert "beslutade period (2018-01-01 – 2020-12-31)" in note
    assert "hösten 2023" in note and "finns inte i underlaget" in note
    facts = period_facts()
    text = facts["paragraph"].replace("\u00a0", " ")
    assert "13 200 000 kr" in text and "69–71 månader" in text and "+44,7 %" in text
    assert "(" + approved("kallhanvisningar", "challenge_areas_page") + ")" in text
    # the same-budget rescaling (+177,4 % to +185,4 %) is gone from every text
    for t in (note, text, facts["summary_note"]):
        assert "177,4" not in t and "185,4" not in t and "samma budget" not in t
    assert in_order(facts["summary_note"].split(".")[0], "ECS3", "beslutade period", "(36 månader)")


@pytest.mark.integration  # the whole summary (every finding) for seconds: make test, not test-fast
def test_the_summary_states_the_period_once():
    from analysis.narrative.findings import summary

    texts = " ".join(summary("SE12")["financing"]).replace("\u00a0", " ")
    assert "+44,7 % i löpande priser." in texts
    assert "avslutades ECS3" not in texts and "177,4" not in texts


def test_a_reported_end_citing_an_unregistered_document_names_file_row_and_document(
        tmp_path, monkeypatch):
    """The regions' page (002) is the reported end's source; a document register without it
    stops with the register of reported ends, its row and the document named."""
    from analysis.sources.decisions import register

    lines = register.REGISTER_FILE.read_text(encoding="utf-8").split("\n")
    docs = tmp_path / "documents.csv"
    docs.write_text("\n".join(ln for ln in lines if not ln.startswith("002_")), encoding="utf-8")
    monkeypatch.setattr(register, "REGISTER_FILE", docs)
    period_module.clear_cache()
    try:
        with pytest.raises(DataError, match=r"reported_ends\.csv, rad 2: document: dokumentet "
                                            r"002_f4f6798e12692ad7\.txt står inte i dokumentregistret"):
            reported_ends()
    finally:
        period_module.clear_cache()
