"""Financing by kind of financier, public or private, money or in kind (issue 20).

A generated decision (``tests/financier_budget.py``, both layouts) with every kind of financier
goes through the budget build, the financing analyses and the findings; every total and share is
checked against the hand computation in that module. Before issue 20 such a budget stopped the
report with ``ValueError: Okänd finansieringskälla … kan inte avgöra om den är offentlig``.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis.analyses import financing as fin
from analysis.analyses.outcomes import public_funding
from analysis.core import paths
from analysis.core.errors import DataError
from analysis.narrative import findings
from analysis.sources.decisions import project_label
from analysis.tables import budgets, financiers

import financier_budget as fb
from approved_text import in_order


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


@pytest.fixture(scope="module", params=["tab", "space"])
def generated(request, tmp_path_factory):
    """The generated decision built alone (its own document register), in each layout; the
    financier register is a copy with the evaluator's two new rows."""
    root = tmp_path_factory.mktemp(f"kinds-{request.param}")
    data = root / "data"
    (data / "raw" / "documents").mkdir(parents=True)
    (data / "reference").mkdir()
    shutil.copyfile(paths.REFERENCE / "financiers.csv", data / "reference" / "financiers.csv")
    header = (paths.REFERENCE / "documents.csv").read_text(encoding="utf-8").split("\n")[0]
    (data / "reference" / "documents.csv").write_text(header + "\n", encoding="utf-8")
    fb.add_to(data, request.param)
    register = data / "reference" / "financiers.csv"
    with pytest.MonkeyPatch.context() as mp:
        # the analyses classify by the register the build used
        mp.setattr(financiers, "REGISTER_FILE", register)
        b = budgets.build(register_file=data / "reference" / "documents.csv",
                          documents_dir=data / "raw" / "documents", financier_file=register)
        yield b


def _stated(b) -> pd.DataFrame:
    t = b.totals[b.totals["table"] == "financing"]
    return t[["project_id", "label", "stated_total_sek"]].reset_index(drop=True)


def test_the_budget_builds_without_errors_and_says_what_the_rules_resolved(generated):
    assert generated.errors.empty
    fin_lines = generated.lines[generated.lines["table"] == "financing"]
    assert len(fin_lines) == len(fb.FINANCING) * len(fb.YEARS)
    # only regions carry a county code: a county's state agency is never the region's money
    agency = fin_lines[fin_lines["label"] == "Länsstyrelsen i Örebro län"].iloc[0]
    assert agency["category"] == "Länsstyrelsen i Örebro län" and pd.isna(agency["county_code"])
    assert agency["funding_source"] == "state_other"
    in_kind = fin_lines[fin_lines["label"] == "Region Västmanland i annat än pengar"].iloc[0]
    assert (in_kind["category"], in_kind["county_code"], in_kind["funding_source"]) == (
        "Region Västmanland", "19", "in_kind")
    ruled = " ".join(generated.notes)
    assert "'Länsstyrelsen i Örebro län' finns inte i registret" in ruled


def test_financing_by_kind_matches_the_hand_computation(generated):
    k = fin.financing_by_kind(generated.lines, _stated(generated))
    got = {(r.kind, r.sector, r.form): r.amount_sek for r in k.itertuples()}
    assert got == fb.BY_KIND
    assert k["share_of_total"].sum() == pytest.approx(1.0)
    assert set(k["project_total_sek"]) == {fb.TOTAL}
    # money before contributions in kind, kinds in the register's order
    assert k["form"].tolist() == sorted(k["form"], key=lambda f: f == "in_kind")
    priv = k[(k["kind"] == "private") & (k["form"] == "in_kind")].iloc[0]
    assert priv["kind_label"] == "Privata finansiärer"
    assert priv["form_label"] == "bidrag i annat än pengar" and priv["sector_label"] == "privat"
    assert priv["share_of_total"] == pytest.approx(160_000 / 2_800_000)


def test_overview_public_private_cash_in_kind(generated):
    o = fin.financing_overview(generated.lines, _stated(generated)).set_index("project_id").loc[fb.PROJECT_ID]
    assert o["total_sek"] == fb.TOTAL
    assert o["public_sek"] == fb.PUBLIC and o["private_sek"] == fb.TOTAL - fb.PUBLIC
    assert o["in_kind_sek"] == fb.IN_KIND and o["cash_sek"] == fb.TOTAL - fb.IN_KIND
    assert o["public_in_kind_sek"] == fb.PUBLIC_IN_KIND
    assert o["private_in_kind_sek"] == fb.PRIVATE_IN_KIND
    assert o["public_cash_sek"] == fb.PUBLIC - fb.PUBLIC_IN_KIND == 2_080_000
    assert o["regional_sek"] == fb.REGIONAL and o["eu_fund_sek"] == fb.ERDF
    assert o["private_share"] == pytest.approx(400_000 / 2_800_000)
    assert o["in_kind_share"] == pytest.approx(480_000 / 2_800_000)


def test_public_funding_counts_public_money_and_public_contributions_in_kind(generated):
    """The defect: this stopped with 'Okänd finansieringskälla … kan inte avgöra om den är
    offentlig'. Public = everything but the private 400 000 kr."""
    assert public_funding(generated.lines, _stated(generated)).to_dict() == {fb.PROJECT_ID: fb.PUBLIC}


def test_regional_shares_count_only_the_regions(generated):
    r = fin.regional_contributions(generated.lines, _stated(generated)).set_index("county_code")
    assert r["amount_sek"].to_dict() == {"03": 200_000, "04": 200_000, "05": 200_000,
                                         "18": 600_000, "19": 200_000}
    assert set(r["regional_total_sek"]) == {fb.REGIONAL}
    assert r.at["18", "share_of_regional"] == pytest.approx(600_000 / 1_400_000)
    assert r.at["18", "share_of_total"] == pytest.approx(600_000 / 2_800_000)
    c = fin.contributions(generated.lines, _stated(generated)).set_index("label")
    assert pd.isna(c.at["Länsstyrelsen i Örebro län", "share_of_regional"])
    assert c.at["Region Västmanland i annat än pengar", "share_of_regional"] == pytest.approx(
        200_000 / 1_400_000)


def test_cofinancing_shares_name_every_part(generated):
    s = fin.cofinancing_shares(generated.lines, generated.projects).set_index("project_id").loc[fb.PROJECT_ID]
    assert s["total_cost_sek"] == fb.TOTAL
    assert s["erdf_sek"] == fb.ERDF and s["regional_sek"] == fb.REGIONAL
    assert s["private_sek"] == 400_000 and s["in_kind_sek"] == fb.IN_KIND
    # state agency 300 000 + municipality 200 000 + university 100 000 + unnamed public 200 000
    assert s["other_public_sek"] == 800_000
    assert s["erdf_sek"] + s["regional_sek"] + s["other_public_sek"] + s["private_sek"] == fb.TOTAL
    assert s["deciding_sek"] == 600_000  # Region Örebro län, the issuer


def test_findings_show_private_and_in_kind_money_as_such(generated):
    f = findings.financing_findings(generated.lines, months=generated.months,
                                    stated_totals=_stated(generated),
                                    project_table=generated.projects)
    text = plain(findings.finding(f, f"kinds_{fb.PROJECT_ID}"))
    # public, private (of which money), in kind (public and private): amounts and shares in order
    assert in_order(text, project_label(fb.PROJECT_ID), "2 080 000 kr (74 %)", "offentliga",
                    "400 000 kr (14 %)", "privata", "240 000 kr", "480 000 kr (17 %)",
                    "annat än pengar", "320 000 kr", "offentliga", "160 000 kr", "privata")
    # kinds with their share: regions 1 400 000 / 2 800 000 = 50 %
    assert "regioner 50 %" in text and "statliga myndigheter 11 %" in text and "kommuner 7 %" in text
    # with private or in-kind money the finding ranks high enough for a summary
    ranks = f.set_index("key")["rank"]
    assert ranks[f"kinds_{fb.PROJECT_ID}"] < ranks["flat_rate"]


def test_real_decisions_are_all_public_money():
    """The shipped decisions: the regions and ERUF, all public money (ECS3: 6 600 000 regions +
    6 600 000 ERUF; REAL ÖMS: 15 281 540 regions + 10 187 695 ERUF)."""
    o = fin.financing_overview().set_index("project_id")
    assert o.at["ECS3", "public_sek"] == o.at["ECS3", "total_sek"] == 13_200_000
    assert o.at["REAL_OMS", "public_sek"] == 25_469_235  # the stated row totals
    assert (o["private_sek"] == 0).all() and (o["in_kind_sek"] == 0).all()
    f = findings.financing_findings()
    text = findings.finding(f, "kinds_ECS3")
    assert in_order(text, "All finansiering", "ECS3", "offentliga pengar", "regioner 50 %", "EU-fonder 50 %")
    assert "privat" not in text and "annat än pengar" not in text


@pytest.mark.parametrize("edit, message", [
    (("Region Västmanland,Region Västmanland,region,public,cash,19,",
      "Region Västmanland,Region Västmanland,region,offentlig,cash,19,"),
     "sector ska vara public"),
    (("ERUF,ERUF,eu_fund,public,cash,,erdf", "ERUF,ERUF,eu_fund,public,cash,18,erdf"),
     "bara en region har en länskod"),
    (("Privat bidrag i annat än pengar,Privata finansiärer (ej namngivna),private,private,in_kind,,in_kind",
      "Privat bidrag i annat än pengar,Privata finansiärer (ej namngivna),private,private,in_kind,,private"),
     "form in_kind och funding_source in_kind hör ihop"),
    (("Privat kontant finansiering,Privata finansiärer (ej namngivna),private,private,",
      "Privat kontant finansiering,Privata finansiärer (ej namngivna),private,public,"),
     "en finansiär av typen private måste ha sector private"),
])
def test_register_mistakes_are_named_with_file_and_line(tmp_path, edit, message):
    text = (paths.REFERENCE / "financiers.csv").read_text(encoding="utf-8")
    assert edit[0] in text
    f = tmp_path / "financiers.csv"
    f.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(DataError, match=rf"^financiers\.csv, rad \d+: .*{message}"):
        financiers._read(f)


def test_resolution_rules_for_state_agencies_and_contributions_in_kind():
    f = financiers.resolve_financier("Länsstyrelsen Västmanlands län")
    assert (f.financier, f.kind, f.sector, f.form, f.county_code, f.via) == (
        "Länsstyrelsen i Västmanlands län", "state_agency", "public", "cash", None, "rule")
    f = financiers.resolve_financier("Region Uppsala, bidrag i annat än pengar")
    assert (f.financier, f.kind, f.form, f.funding_source, f.county_code) == (
        "Region Uppsala", "region", "in_kind", "in_kind", "03")
    f = financiers.resolve_financier("Offentligt bidrag i annat än pengar")
    assert (f.kind, f.sector, f.form) == ("other", "public", "in_kind")
    with pytest.raises(financiers.UnknownFinancier):
        financiers.resolve_financier("Länsstyrelsen i Atlantis")
    with pytest.raises(financiers.UnknownFinancier):
        financiers.resolve_financier("ERUF 1:1-medel")  # a suffix only a region can carry


def test_the_chart_shows_each_kind_money_and_in_kind_apart(generated):
    from analysis.present import financier_figures as kf

    k = fin.financing_by_kind(generated.lines, _stated(generated))
    c = kf.financing_kinds_chart(k)
    names = [t.name for t in c.figure.data]
    assert len(names) == len(fb.BY_KIND) == len(set(names))
    assert "Övriga finansiärer (offentlig), bidrag i annat än pengar" in names
    hatched = {t.name for t in c.figure.data if t.marker.pattern.shape == "/"}
    assert hatched == {n for n in names if n.endswith("bidrag i annat än pengar")}
    assert all(t.textangle == 0 for t in c.figure.data)
    row = c.data[(c.data["Typ av finansiär"] == "Privata finansiärer")
                 & (c.data["Pengar eller annat"] == "bidrag i annat än pengar")].iloc[0]
    assert plain(row["Belopp"]) == "160 000 kr" and plain(row["Andel av finansieringen"]) == "5,7 %"
    assert "privata finansiärer, bidrag i annat än pengar 6 %" in plain(c.alt)  # label and share


def test_cofinancing_table_names_other_public_private_and_in_kind_money(generated):
    from analysis.present.financing_figures import cofinancing_table

    t = cofinancing_table(fin.cofinancing_shares(generated.lines, generated.projects))
    row = t.iloc[0]
    assert plain(row["Övriga offentliga"]) == "800 000 kr" and plain(row["Privata"]) == "400 000 kr"
    assert plain(row["I annat än pengar"]) == "480 000 kr"
    assert plain(row["Privata, andel"]) == "14,3 %"
    # the shipped decisions have none of these: no empty columns
    real = cofinancing_table()
    assert not {"Övriga offentliga", "Privata", "I annat än pengar"} & set(real.columns)
