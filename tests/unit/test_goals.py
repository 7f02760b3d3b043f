"""The results framework is read from the decision texts: counts, first words and lines are the
documents' own; the continuity register is checked against the framework's ids."""

from __future__ import annotations

import pytest

from analysis.tables import goals
from analysis.sources.decisions import page_header_lines, read_lines
from analysis.sources.decisions.text import _norm
from analysis.core.errors import DataError
from analysis.core.paths import RAW_DOCUMENTS

ECS3_DOC = "000_5838ca1629de2de5.txt"
REAL_DOC = "003_e1f4e7d84336dce7.txt"


@pytest.fixture(scope="module")
def items():
    return goals.framework().set_index("item_id")


def test_counts_per_level_are_those_of_the_decisions():
    f = goals.framework()
    counts = f.groupby(["project_id", "kind"]).size().to_dict()
    assert counts == {
        ("ECS3", "overall_goal"): 1, ("ECS3", "project_goal"): 1, ("ECS3", "numeric_target"): 4,
        ("ECS3", "sub_goal"): 8, ("ECS3", "activity"): 6, ("ECS3", "horizontal_criterion"): 1,
        ("ECS3", "long_term"): 1, ("ECS3", "commitment"): 6,
        ("ECS3", "work_package"): 13, ("ECS3", "package_activity"): 32,
        ("REAL_OMS", "overall_goal"): 1, ("REAL_OMS", "project_goal"): 1,
        ("REAL_OMS", "sub_goal"): 2, ("REAL_OMS", "activity"): 4,
        ("REAL_OMS", "perspective"): 4, ("REAL_OMS", "commitment"): 6,
    }
    assert f["item_id"].is_unique
    assert set(f.loc[f["project_id"] == "ECS3", "document"]) == {ECS3_DOC}
    assert set(f.loc[f["project_id"] == "REAL_OMS", "document"]) == {REAL_DOC}


@pytest.mark.parametrize("item_id, first_words, start, end", [
    ("ECS3-OM", "Ökad tillgång till stöd för företag", 53, 53),
    ("ECS3-PM", "En väl uppbyggd struktur", 57, 57),
    ("ECS3-D1", "Sammankoppling av satsningar", 71, 71),
    ("ECS3-D2", "Utveckling och förstärkning av svaga delar i systemet", 73, 73),
    ("ECS3-D3", "Fokusering av pågående satsningar", 75, 75),
    ("ECS3-D4", "Säkerställa ett medvetet integrerat arbete med de horisontella kriterierna jämställdhet", 77, 77),
    ("ECS3-D5", "Ökat antal internationella samarbeten", 79, 79),
    ("ECS3-D6", "Forskningsmiljöer inklusive test- och demonstrationsmiljöer", 81, 81),
    ("ECS3-D7", "Utveckla aktiva beställare/behovsägare", 83, 83),
    ("ECS3-D8", "Utveckla förståelsen för kompetensförsörjning och attraktionsfrågor", 85, 85),
    ("ECS3-A1", "Gemensamt ÖMS-strategiarbete", 98, 98),
    ("ECS3-A6", "Arbeta med att säkra upp och engagera", 108, 108),
    ("ECS3-HK1", "Kopplat till identifierade områden", 225, 225),
    ("ECS3-L1", "Efter projektiden ska det finnas", 229, 229),
    ("ECS3-U1", "Huvudmodellen för utvärdering och lärande kommer att vara självvärderingar", 242, 242),
    ("ECS3-U3", "Handlingsplan för identifierade svaga områden och utmaningar kommer att utformas", 242, 242),
    ("ECS3-U4", "Här kommer en uppföljning av arbetet med horisontella kriterier", 242, 242),
    ("ECS3-U5", "Projektet ska löpande återrapporteras", 244, 244),
    ("REAL_OMS-OM", "Projektet syftar till att stärka till innovation", 67, 69),
    ("REAL_OMS-PM", "Projektet ska bidra till att realisera ÖMS färdplaner", 71, 71),
    ("REAL_OMS-D1", "Stärkta förutsättningarna för verkställande av färdplanerna", 74, 75),
    ("REAL_OMS-D1-A1", "Växla upp befintliga regionala kraftsamlingar", 77, 85),
    ("REAL_OMS-D1-A2", "Realisera nya regionala kraftsamlingar", 87, 94),
    ("REAL_OMS-D1-A3", "Breddad syn på perspektiv", 96, 104),
    ("REAL_OMS-D2", "Vidareutvecklat det regionala ledarskapet", 105, 107),
    ("REAL_OMS-D2-A1", "Utveckla arbetssätt för att arbeta med missions", 109, 111),
    ("REAL_OMS-P1", "Projektet har en direkt positiv påverkan på klimatet", 122, 126),
    ("REAL_OMS-P2", "Projektet kan ha positiv påverkan på barn", 128, 132),
    ("REAL_OMS-P4", "Vid identifiering av missions", 140, 142),
    ("REAL_OMS-U2", "Arbetet omfattar också extern utvärdering", 151, 152),
    ("REAL_OMS-U6", "Möten med advisory board sker 12 gånger årligen", 166, 166),
])
def test_items_have_the_documents_words_and_lines(items, item_id, first_words, start, end):
    item = items.loc[item_id]
    assert item["text"].startswith(first_words)
    assert (item["line_start"], item["line_end"]) == (start, end)


def test_every_item_stands_in_its_document_on_its_lines():
    for _, item in goals.framework().iterrows():
        lines = read_lines(RAW_DOCUMENTS / item["document"])
        skip = page_header_lines(lines)
        span = " ".join(_norm(lines[n - 1]) for n in range(item["line_start"], item["line_end"] + 1)
                        if n not in skip)
        words = item["text"].split()
        assert " ".join(words[:3]) in span, item["item_id"]
        assert words[-1] in span, item["item_id"]


def test_numeric_targets_and_the_advisory_boards_meetings_have_value_and_unit(items):
    assert (items.at["ECS3_1", "value"], items.at["ECS3_1", "unit"]) == (300, "företag")
    assert (items.at["ECS3_2", "value"], items.at["ECS3_2", "unit"]) == (8, "mkr")
    assert (items.at["ECS3_4", "value"], items.at["ECS3_4", "line_start"]) == (100, 67)
    assert (items.at["REAL_OMS-U6", "value"], items.at["REAL_OMS-U6", "unit"]) == (12, "gånger årligen")
    valued = set(items.index[items["value"].notna()])
    assert valued == {"ECS3_1", "ECS3_2", "ECS3_3", "ECS3_4", "REAL_OMS-U6"}


def test_activities_belong_to_their_sub_goal_and_explanations_are_kept(items):
    assert items.at["REAL_OMS-D1-A1", "parent_id"] == "REAL_OMS-D1"
    assert items.at["REAL_OMS-D2-A1", "parent_id"] == "REAL_OMS-D2"
    assert "minst en (1) annan ÖMS-region" in items.at["REAL_OMS-D1-A1", "text"]
    assert "Här avser projektet att föra in arbetet med PRI" in items.at["REAL_OMS-D1-A3", "text"]
    # a word split at a line end is joined again (003, lines 36-37: "ÖMS-" / "gemensamma")
    background = goals.paragraphs(read_lines(RAW_DOCUMENTS / REAL_DOC))["Bakgrund"][0]
    assert "fyra ÖMS-gemensamma utmaningsområden" in background.text
    assert "peer learning" in items.at["REAL_OMS-D2-A1", "text"]


def test_commitments_are_follow_up_sentences_not_possibilities(items):
    texts = items.loc[items["kind"] == "commitment", "text"]
    assert not any(t.startswith("Här kan") for t in texts)
    assert "kontinuerliga speglingar" in items.at["ECS3-U1", "text"]
    assert "advisory board" in items.at["REAL_OMS-U5", "text"]


def test_horizontal_and_sex_split_flags(items):
    assert set(items.index[items["horizontal"]]) == {"ECS3-D4", "ECS3-HK1", "ECS3-U4"}
    assert set(items.index[items["sex_split"]]) == {"ECS3-D4", "ECS3-HK1"}


def test_paragraphs_split_at_headings_blank_lines_and_leading_spaces():
    lines = ["Delmål och aktiviteter ", "Ett första stycke som fortsätter ÖMS-",
             "gemensamma", " Ett andra stycke", "", "Projektmål", "Sista."]
    s = goals.paragraphs(lines)
    d = s["Delmål och aktiviteter"]
    assert [p.text for p in d] == ["Ett första stycke som fortsätter ÖMS-gemensamma", "Ett andra stycke"]
    assert [(p.line_start, p.line_end) for p in d] == [(2, 3), (4, 4)]
    assert s["Projektmål"][0].text == "Sista."


# --- ECS3's work packages per challenge area (000, lines 110-217) --------------------------------

def test_work_packages_per_challenge_area_are_counted_as_in_the_decision():
    f = goals.framework()
    w = f[f["kind"].isin(["work_package", "package_activity"])]
    counts = w.groupby(["area", "kind"]).size().to_dict()
    assert counts == {
        ("Hållbar livsmedelsförsörjning", "work_package"): 3,
        ("Hållbar livsmedelsförsörjning", "package_activity"): 8,
        ("Smart industri", "work_package"): 4, ("Smart industri", "package_activity"): 9,
        ("Life science, välfärdsteknik och e-hälsa", "work_package"): 3,
        ("Life science, välfärdsteknik och e-hälsa", "package_activity"): 8,
        ("Morgondagens energilösningar", "work_package"): 3,
        ("Morgondagens energilösningar", "package_activity"): 7,
    }
    assert set(w["area_id"]) == {"oms_livsmedel", "oms_smart_industri", "oms_life_science",
                                 "oms_energi"}
    assert set(w["section"]) == {"Utvecklingsaktiviteter för respektive samverkansområde"}
    assert (w["line_start"] > 110).all() and (w["line_end"] <= 217).all()
    assert set(w["document"]) == {ECS3_DOC} and f.loc[f["kind"] == "sub_goal", "area"].isna().all()


@pytest.mark.parametrize("item_id, first_words, line, parent, area", [
    ("ECS3-AP1", "Utveckla och stärka innovationssystemet för lantbruks- och livsmedelsnäringen", 116,
     None, "oms_livsmedel"),
    ("ECS3-AP1-A1", "Nätverksbyggande och strategiutvecklande insatser", 118, "ECS3-AP1", "oms_livsmedel"),
    ("ECS3-AP3-A3", "Bidra till VINNOVA:s uppdrag", 131, "ECS3-AP3", "oms_livsmedel"),
    ("ECS3-AP4", "Utveckla gemensamma erbjudanden:", 144, None, "oms_smart_industri"),
    ("ECS3-AP6-A1", "Ingång i Vanguard-initiativet.", 167, "ECS3-AP6", "oms_smart_industri"),
    ("ECS3-AP7", "Etablera ÖMS som en av EU:s Digital innovation hubs.", 171, None, "oms_smart_industri"),
    ("ECS3-AP8", "Utveckla och stärka innovationssystemet inom hälso- och välfärdsteknik:", 175, None,
     "oms_life_science"),
    ("ECS3-AP10-A2", "Identifiera pågående utveckling inom utbildningarna", 190, "ECS3-AP10",
     "oms_life_science"),
    ("ECS3-AP11", "Etablera ÖMS som en självklar samverkans- och utvecklingsregion", 203, None, "oms_energi"),
    ("ECS3-AP13-A2", "Genomföra näringslivsworkshops med andra samverkansområden", 217, "ECS3-AP13",
     "oms_energi"),
])
def test_work_packages_have_the_documents_words_lines_and_area(items, item_id, first_words, line,
                                                               parent, area):
    item = items.loc[item_id]
    assert item["text"].startswith(first_words)
    assert (item["line_start"], item["line_end"]) == (line, line)
    assert (item["parent_id"] if isinstance(item["parent_id"], str) else None) == parent
    assert item["area_id"] == area
    assert not item["text"].startswith("- ")


def test_a_heading_names_an_area_by_its_themes():
    assert goals.area_of("Life Science med välfärd och hälsa")[0] == "oms_life_science"
    assert goals.area_of("Smart industri") == ("oms_smart_industri", "Smart industri")
    assert goals.area_of("Ingående kommuner") is None


def test_a_bullet_before_its_work_package_is_an_error(tmp_path):
    text = (RAW_DOCUMENTS / ECS3_DOC).read_text(encoding="utf-8")
    bad = text.replace("Utveckla och stärka innovationssystemet för lantbruks- och livsmedelsnäringen "
                       "inom ÖMS:\n\n", "")
    p = tmp_path / ECS3_DOC
    p.write_text(bad, encoding="utf-8")
    with pytest.raises(DataError, match=r"rad 116: en punkt i arbetspaketen står före"):
        goals.parse_framework(p, "ECS3")


# --- the second ECS3 extraction (001) -------------------------------------------------------------

OTHER_DOC = "001_ab629fffe3119f03.txt"


def test_the_second_extraction_gives_the_same_framework():
    c = goals.extraction_check()
    assert len(c) == 73 and c["agrees"].all(), c.loc[~c["agrees"], "problem"].tolist()
    assert set(c["other_document"]) == {OTHER_DOC}
    row = c.set_index("item_id").loc["ECS3-D3"]           # wrapped over a blank line in 001
    assert (row["line_start"], row["other_line_start"], row["other_line_end"]) == (75, 93, 96)
    row = c.set_index("item_id").loc["ECS3-A1"]           # no blank line between activities
    assert (row["other_line_start"], row["other_line_end"]) == (118, 119)
    assert (c.set_index("item_id").loc["ECS3-AP13-A2", ["other_line_start", "other_line_end"]]
            .tolist() == [249, 252])


def test_known_word_variants_are_the_only_differences():
    other = goals.parse_framework(RAW_DOCUMENTS / OTHER_DOC, "ECS3")
    own = goals.framework()
    own = own[own["project_id"] == "ECS3"]
    plain = goals.compare_extractions(own, other, {})       # without the register's variants
    assert sorted(plain.loc[~plain["agrees"], "item_id"]) == [
        "ECS3-AP10", "ECS3-AP2-A1", "ECS3-AP2-A3", "ECS3-D1", "ECS3-D6", "ECS3-L1"]
    d1 = plain.set_index("item_id").loc["ECS3-D1", "problem"]
    assert d1 == "olika text, ord 10: ”akademien som stärker Östra” mot ”akademin som stärker Östra”"


def test_a_disagreement_names_both_documents_and_lines():
    own = goals.framework()
    own = own[own["project_id"] == "ECS3"]
    other = own.copy()
    other["document"] = OTHER_DOC
    i = other.index[other["item_id"] == "ECS3-D2"][0]
    other.loc[i, "text"] = "Utveckling av svaga delar i systemet."
    other.loc[i, ["line_start", "line_end"]] = [92, 92]
    other = other[other["item_id"] != "ECS3-AP7"]
    c = goals.compare_extractions(own, other).set_index("item_id", drop=False)
    assert goals.disagreement_message(c.loc["ECS3-D2"]) == (
        f"ECS3-D2 ({ECS3_DOC}, rad 73; {OTHER_DOC}, rad 92): olika text, "
        "ord 2: ”och förstärkning av svaga” mot ”av svaga delar i”")
    assert goals.disagreement_message(c.loc["ECS3-AP7"]) == (
        f"ECS3-AP7 ({ECS3_DOC}, rad 171; {OTHER_DOC}: saknas): saknas i {OTHER_DOC}")
    assert int((~c["agrees"]).sum()) == 2


def test_wrap_width_is_read_from_the_hard_wrapped_text():
    assert goals.wrap_width(read_lines(RAW_DOCUMENTS / ECS3_DOC)) is None
    assert goals.wrap_width(read_lines(RAW_DOCUMENTS / OTHER_DOC)) == 84


def test_cite_names_document_and_lines(items):
    assert goals.cite(items.loc["ECS3-D1"]) == f"{ECS3_DOC}, rad 71"
    assert goals.cite(items.loc["REAL_OMS-OM"]) == f"{REAL_DOC}, rad 67–69"


# --- continuity -------------------------------------------------------------------------------

def test_continuity_register_loads_with_titles_and_sources():
    c = goals.continuity()
    assert len(c) == 14
    row = c[(c["later_item"] == "REAL_OMS-D1-A1") & (c["earlier_item"] == "ECS3-D1")].iloc[0]
    assert row["earlier_source"] == f"{ECS3_DOC}, rad 71"
    assert row["later_source"] == f"{REAL_DOC}, rad 77–85"
    assert (c["reason"].str.len() > 40).all()
    packages = c[c["earlier_item"].str.startswith("ECS3-AP")].set_index("earlier_item")
    assert packages["later_item"].to_dict() == {"ECS3-AP8-A2": "REAL_OMS-D1-A1",
                                               "ECS3-AP11": "REAL_OMS-D1-A2",
                                               "ECS3-AP6": "REAL_OMS-D2-A1"}
    assert packages.at["ECS3-AP11", "earlier_source"] == f"{ECS3_DOC}, rad 203"
    assert "Morgondagens energilösningar" in packages.at["ECS3-AP11", "reason"]


@pytest.mark.parametrize("row, message", [
    ("REAL_OMS-D9,ECS3-D1,fortsätter,Ett skäl som är tillräckligt långt.", r"rad 2: later_item 'REAL_OMS-D9' är inget mål i REAL_OMS:s beslut"),
    ("ECS3-D1,ECS3-D2,fortsätter,Ett skäl som är tillräckligt långt.", r"rad 2: later_item 'ECS3-D1' och earlier_item 'ECS3-D2' hör till samma projekt"),
    ("REAL_OMS-D1,ECS3-D1,kanske,Ett skäl som är tillräckligt långt.", r"rad 2: relation 'kanske'"),
    ("REAL_OMS-D1,ECS3-D1,delvis,kort", r"rad 2: skälet"),
])
def test_bad_continuity_rows_stop_with_file_and_line(tmp_path, row, message):
    p = tmp_path / "goal_continuity.csv"
    p.write_text("later_item,earlier_item,relation,reason\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="goal_continuity.csv, " + message):
        goals.continuity(p)


def test_duplicate_continuity_pair_is_an_error(tmp_path):
    p = tmp_path / "goal_continuity.csv"
    row = "REAL_OMS-D1,ECS3-D1,delvis,Ett skäl som är tillräckligt långt.\n"
    p.write_text("later_item,earlier_item,relation,reason\n" + row + row, encoding="utf-8")
    with pytest.raises(DataError, match="rad 3: paret REAL_OMS-D1 – ECS3-D1 står två gånger"):
        goals.continuity(p)
