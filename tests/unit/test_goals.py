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


def test_cite_names_document_and_lines(items):
    assert goals.cite(items.loc["ECS3-D1"]) == f"{ECS3_DOC}, rad 71"
    assert goals.cite(items.loc["REAL_OMS-OM"]) == f"{REAL_DOC}, rad 67–69"


# --- continuity -------------------------------------------------------------------------------

def test_continuity_register_loads_with_titles_and_sources():
    c = goals.continuity()
    assert len(c) == 11
    row = c[(c["real_item"] == "REAL_OMS-D1-A1") & (c["ecs3_item"] == "ECS3-D1")].iloc[0]
    assert row["ecs3_source"] == f"{ECS3_DOC}, rad 71"
    assert row["real_source"] == f"{REAL_DOC}, rad 77–85"
    assert (c["reason"].str.len() > 40).all()


@pytest.mark.parametrize("row, message", [
    ("REAL_OMS-D9,ECS3-D1,fortsätter,Ett skäl som är tillräckligt långt.", r"rad 2: real_item 'REAL_OMS-D9'"),
    ("ECS3-D1,ECS3-D2,fortsätter,Ett skäl som är tillräckligt långt.", r"rad 2: real_item 'ECS3-D1' är inget mål i REAL_OMS"),
    ("REAL_OMS-D1,ECS3-D1,kanske,Ett skäl som är tillräckligt långt.", r"rad 2: relation 'kanske'"),
    ("REAL_OMS-D1,ECS3-D1,delvis,kort", r"rad 2: skälet"),
])
def test_bad_continuity_rows_stop_with_file_and_line(tmp_path, row, message):
    p = tmp_path / "goal_continuity.csv"
    p.write_text("real_item,ecs3_item,relation,reason\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="goal_continuity.csv, " + message):
        goals.continuity(p)


def test_duplicate_continuity_pair_is_an_error(tmp_path):
    p = tmp_path / "goal_continuity.csv"
    row = "REAL_OMS-D1,ECS3-D1,delvis,Ett skäl som är tillräckligt långt.\n"
    p.write_text("real_item,ecs3_item,relation,reason\n" + row + row, encoding="utf-8")
    with pytest.raises(DataError, match="rad 3: paret REAL_OMS-D1 – ECS3-D1 står två gånger"):
        goals.continuity(p)
