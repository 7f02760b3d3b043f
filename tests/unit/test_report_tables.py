"""The report's tables as laid out for the PDF and the web (analysis.present.report_tables):
column widths from the content, smaller text or a landscape page where a table cannot fit,
a repeated quotation shown once; and markup the code writes kept apart from text."""

from __future__ import annotations

import re

import pandas as pd

from analysis.core.escape import Markdown, markdown_prose, strong
from analysis.core.formatting import inline_text
from analysis.pipeline.chapters import quarto_safe
from analysis.present import display, report_tables as rt

AMOUNT = "25\u00a0469\u00a0237\u00a0kr"


def test_a_table_whose_cells_fit_on_one_line_keeps_its_natural_widths():
    plan = rt.column_plan(["Projekt", "Budget"], [["ECS3", "13\u00a0200\u00a0000\u00a0kr"]], {1})
    assert plan == rt.ColumnPlan(None)


def test_a_long_text_column_gets_the_room_and_amounts_keep_their_width():
    quote = "”" + "Huvudmodellen för utvärdering och lärande kommer att vara självvärderingar " * 2
    source = "Beslut om ECS3 (Dnr 17RS5764, Projektforum 2017-10-23), avsnittet ”Utvärdering”"
    headers = ["Projekt", "Belopp", "Beslutets ord", "Källa"]
    plan = rt.column_plan(headers, [["ECS3", AMOUNT, quote, source]], {1})
    assert sum(plan.widths) == 100 and not plan.landscape
    assert plan.size in (rt.TABLE_TEXT_PT, *rt.SMALLER_TEXT_PT)
    project, amount, words, cited = plan.widths
    assert words > cited > project
    # the amount never shares a line with its neighbour: its column holds all of it
    width_pt = amount / 100 * rt.TEXT_WIDTH_PT["portrait"] - rt.CELL_INSET_PT
    assert width_pt >= len(AMOUNT) * rt.CHAR_EM * plan.size


def test_too_many_amounts_for_a_portrait_page_get_smaller_text_then_a_landscape_page():
    headers = [f"Belopp {i}" for i in range(7)]
    assert rt.column_plan(headers, [[AMOUNT] * 7], set(range(7))).size < rt.TABLE_TEXT_PT
    wide = rt.column_plan([f"Belopp {i}" for i in range(10)], [[AMOUNT] * 10], set(range(10)))
    assert wide.landscape and sum(wide.widths) == 100


def test_a_column_is_as_wide_as_its_longest_word_which_is_never_hyphenated():
    name = "000_5838ca1629de2de5.txt,"
    assert rt._narrowest(f"{name} rad 242", False) == len(name)
    assert rt._narrowest("Andel av finansieringskällor", False) == len("finansieringskällor")
    # a web address breaks after its slashes and hyphens
    assert rt._narrowest("https://www.scb.se/hitta-statistik/", False) == len("www.scb.se/")


def test_the_markdown_carries_the_widths_and_the_pdf_page_outside_the_scroll_box():
    display.configure("quarto", "typst")
    df = pd.DataFrame({f"Belopp {i}": [25469237] for i in range(10)})
    md = rt.table_markdown(df, "Tio belopp", box=True)
    assert re.search(r'\{#tbl-[\w-]+ tbl-colwidths="\[(\d+,){9}\d+\]"\}', md)
    assert md.startswith("```{=typst}\n#page(flipped: true)[\n```")
    assert md.index("#page(") < md.index("::: {.oms-table-wrap") < md.rindex(":::") < md.rindex("]")
    narrow = rt.table_markdown(pd.DataFrame({"Projekt": ["ECS3"]}), "Smal")
    assert "tbl-colwidths" not in narrow and "{=typst}" not in narrow


def test_a_repeated_quotation_is_shown_once_but_a_repeated_source_is_not():
    quote = "”Huvudmodellen för utvärdering och lärande kommer att vara självvärderingar.”"
    source = "Beslut om ECS3 (Dnr 17RS5764, Projektforum 2017-10-23), avsnittet ”Utvärdering”"
    rows = [["självvärdering", quote, source], ["spegling", quote, source]]
    shown = rt._shown_once(rows, set())
    assert shown[0] == rows[0]
    assert shown[1] == ["spegling", rt.SAME_AS_ABOVE, source]


def test_a_tall_figure_is_drawn_narrower_so_that_it_fits_the_page_with_its_caption():
    assert display.pdf_image_width(450) == 100
    tall = 1498  # Självvärdering's status chart: one row per goal
    width = display.pdf_image_width(tall)
    assert width < 100
    assert tall * display.PDF_TEXT_WIDTH_PT / display.PNG_WIDTH * width / 100 \
        <= display.PDF_IMAGE_MAX_HEIGHT_PT


def test_bold_written_by_the_code_stays_markup_and_text_stays_text():
    md = markdown_prose("Före.\n\n- ", strong("Med den beslutade perioden"), " är det **inte** fet.")
    assert isinstance(md, Markdown)
    assert md == "Före\\.\n\n- **Med den beslutade perioden** är det \\*\\*inte\\*\\* fet\\."
    assert strong("a*b") == "**a\\*b**"


def test_an_empty_inline_value_is_never_left_as_the_expression():
    # Quarto keeps `{python} expr` as written when the value is empty (execute-inline.ts)
    assert not quarto_safe(Markdown("")) and not quarto_safe("")
    empty = inline_text("")
    assert str(empty).strip() and quarto_safe(empty) and empty.plain == ""


def test_a_long_web_address_may_break_on_the_web_page_and_short_words_never():
    url = "https://www.regionvastmanland.se/smart-specialisering/utvardering.pdf"
    md = rt._cell_markdown(f"Källa: {url}")
    assert md.count(rt.WBR) == len(rt.web_pieces(url)) - 1 >= 4
    assert md.replace(rt.WBR, "") == str(rt._md_escape(f"Källa: {url}"))
    assert rt._cell_markdown("Region Örebro län") == "Region Örebro län"
    assert rt.web_pieces("Tillgänglighetsredogörelse") == ["Tillgänglighetsredogörelse"]


def test_the_table_that_overprinted_in_the_pdf_gets_room_for_every_amount():
    # Table 4.6 before issue 23: ten columns, five of them amounts, "Budget" over
    # "Projektmånader" and "4825 469 237 kr" run together
    headers = ["Projekt", "Budgetår", "Projektmånader", "Budget", "Regionernas medfinansiering",
               "ERUF", "Budget per projektmånad", "Budget, fasta priser (2023)",
               "Per projektmånad, fasta priser", "Prisnivå antagen för något år"]
    rows = [["REAL ÖMS", "2023–2027", "48", AMOUNT, "15\u00a0281\u00a0540\u00a0kr",
             "10\u00a0187\u00a0695\u00a0kr", "530\u00a0609\u00a0kr", "24\u00a0706\u00a0439\u00a0kr",
             "514\u00a0717\u00a0kr", "ja"]]
    plan = rt.column_plan(headers, rows, {2, 3, 4, 5, 6, 7, 8})
    page = rt.TEXT_WIDTH_PT["landscape" if plan.landscape else "portrait"]
    for i in (3, 4, 5, 7):
        width_pt = plan.widths[i] / 100 * page - rt.CELL_INSET_PT
        assert width_pt >= len(rows[0][i]) * 0.45 * plan.size  # digits are half an em at most
