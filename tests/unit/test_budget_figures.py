"""The budget chapter's tables, chart and facts: values as written in the decisions."""

from __future__ import annotations

import pytest

from analysis.present import budget_figures as bf
from approved_text import approved, in_order


def test_period_table_has_months_per_budget_year():
    p = bf.period_table().set_index("Projekt")
    assert p.loc["ECS3", "Månader"] == 36 and p.loc["REAL ÖMS", "Månader"] == 48
    assert p.loc["REAL ÖMS", "Startdatum"] == "2023-11-01"
    assert p.loc["REAL ÖMS", "Månader per budgetår"] == "2023: 2, 2024: 12, 2025: 12, 2026: 12, 2027: 10"


def test_cost_table_is_the_decision_as_written():
    t = bf.cost_table("REAL_OMS").set_index("Kostnadsslag")
    staff = t.loc["Egen personal (inkl. lönebikost.)"]
    assert [staff[y] for y in ["2023", "2024", "2025", "2026", "2027"]] == \
        [731264, 4405133, 4510855, 4619117, 3925943]
    assert staff["Totalt enligt beslutet"] == 18192312
    assert bf.cost_table("ECS3").set_index("Kostnadsslag").loc["Egen personal", "2018"] == 2612758


def test_financing_table_keeps_stated_totals_and_shares():
    t = bf.financing_table("REAL_OMS").set_index("Finansiär")
    # the decision's own row total, 1 kr above the sum of its year cells (rounding)
    assert t.loc["Region Sörmland 1:1 medel", "Totalt enligt beslutet"] == 1948742
    assert t.loc["Region Sörmland 1:1 medel", "Medel"] == "1:1-medel"
    assert t.loc["Tillväxtverket ERUF", "Andel av finansieringen"] == "40,0 %"
    assert t.loc["Region Örebro län 1:1-medel", "Andel av finansieringen"] == "12,0 %"


def test_budget_chart_data_alt_text_and_months():
    chart = bf.budget_by_year_chart()
    d = chart.data
    assert list(d.columns) == ["Projekt", "År", "Projektmånader", "Budget (kr)"]
    row = d[(d["Projekt"] == "REAL ÖMS") & (d["År"] == 2023)].iloc[0]
    assert row["Projektmånader"] == 2 and row["Budget (kr)"] == 1023770
    # ECS3 the same every year, REAL ÖMS largest in 2026: the projects, years and amounts in order
    assert in_order(chart.alt, "ECS3", "2018–2020", "4 400 000 kr", "störst", "2026", "6 466 764 kr")
    # colour is not the only carrier: the projects also differ by bar pattern
    shapes = [t.marker.pattern.shape for t in chart.figure.data]
    assert len(set(shapes)) == 2


@pytest.mark.parametrize("focus, who, amount, share", [
    ("SE12", "de fem regionerna tillsammans", "15 281 540 kr", "60,0 %"),
    ("03", "Region Uppsala", "3 056 308 kr", "12,0 %"),
    ("04", "Region Sörmland", "3 056 308 kr", "12,0 %"),
])
def test_focus_contribution_to_real_oms(focus, who, amount, share):
    assert bf.focus_contribution("REAL_OMS", focus) == {"who": who, "amount": amount, "share": share}


def test_project_facts_are_formatted_strings():
    real = bf.project_facts("REAL_OMS")
    assert real["applied"] == "3 056 308 kr" and real["applied_share"] == "12,0 %"
    assert real["cost_total"] == "25 469 237 kr" and real["erdf"] == "10 187 695 kr"
    ecs3 = bf.project_facts("ECS3")
    assert ecs3["cost_total"] == "13 200 000 kr" and ecs3["erdf_share"] == "50,0 %"
    assert ecs3["applied_share"] == "uppgift saknas i beslutet"  # not stated, not guessed
    assert all(isinstance(v, str) for v in {**real, **ecs3}.values())


def test_validation_table_lists_every_rounding_difference():
    t = bf.validation_table()
    assert len(t) == 10 and set(t["Bedömning"]) == {"avrundning"}
    first = t.iloc[0]
    assert first["Dokument, rad"] == "003_e1f4e7d84336dce7.txt, rad 189"
    assert (first["Angivet (kr)"], first["Summan av delarna (kr)"], first["Skillnad (kr)"]) == \
        (1948742, 1948741, 1)
    assert bf.validation_summary() == {"n": "10", "n_rounding": "10", "n_error": "0",
                                       "max_abs": "2 kr"}


def test_unknown_project_is_refused():
    with pytest.raises(ValueError, match="Okänt projekt 'ECS4'"):
        bf.cost_table("ECS4")


def test_decisions_are_cited_by_dnr_and_section_not_by_file_name():
    from analysis.present.budget_figures import decision_citation
    from analysis.present.financing_figures import contributions_table

    assert decision_citation("ECS3") == approved(
        "kallhanvisningar", "decision_ECS3_section", section="Kostnads- och finansieringsbudget")
    shown = contributions_table()
    assert not shown.astype(str).apply(lambda c: c.str.contains(r"\.txt|rad \d")).any().any()
    raw = contributions_table(numbers=True)
    assert raw["Dokument"].str.endswith(".txt").all()  # the file and lines stay in the data
    # the reader's table names its source once, below it
    from analysis.present.financing_figures import contributions_source

    assert "Källa" not in shown.columns and "Källa" in raw.columns
    assert contributions_source() == approved(
        "kallhanvisningar", "source_line", sources=decision_citation("ECS3") + "; " + decision_citation("REAL_OMS"))
