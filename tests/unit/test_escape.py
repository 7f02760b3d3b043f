"""Document and data text never becomes markup (core.escape): every payload, every target."""

from __future__ import annotations

import pytest

from analysis.core import escape

from hostile_text import parse as parsed

# The class of hostile text: HTML elements and event attributes, javascript: links, Markdown
# link and image syntax, pandoc raw attributes, entities, Typst markup and math, citations.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<details open ontoggle="alert&lpar;1&rpar;">',
    '<a href="javascript:alert(1)">klicka</a>',
    "[x](javascript:alert(1))",
    "![x](http://evil/x.png)",
    "`<b>`{=html}",
    "`#pagebreak()`{=typst}",
    "#set page(fill: red)",
    '#import "evil.typ"',
    "$x$ och @ref",
    "<http://evil/x>",
    "*fet* _kursiv_ ~~struken~~ ^upp^",
    "{{< include saknas.qmd >}}",
]


def preview_html(markdown: str) -> str:
    from analysis.pipeline.preview_pages import markdown_to_html

    return markdown_to_html(markdown)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_text_is_shown_literally_by_the_preview_renderer(payload):
    html = preview_html(f"Titel: {escape.markdown_text(payload)} slut")
    page = parsed(html)
    assert page.tags == ["p"] and page.attrs == []
    assert page.visible == f"Titel: {payload} slut"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_paragraphs_and_lists_escape_each_line(payload):
    md = escape.markdown_paragraphs(f"Första: {payload}\n\n- {payload}\n1. {payload}")
    page = parsed(preview_html(md))
    assert set(page.tags) <= {"p", "ul", "ol", "li"} and page.attrs == []
    assert page.visible.count(payload) == 3
    assert escape.markdown_list([payload, "b"]).count("\n- ") == 1


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_text_and_attributes(payload):
    page = parsed(f'<p title="{escape.html_attr(payload)}">{escape.html_text(payload)}</p>')
    assert page.tags == ["p"] and page.attrs == [("title", payload)]
    assert page.visible == payload


def _pandoc(markdown: str, to: str) -> str:
    pypandoc = pytest.importorskip("pypandoc")
    # Quarto's reader: pandoc Markdown with raw HTML and raw attributes
    return pypandoc.convert_text(markdown, to, format="markdown", extra_args=["--wrap=none"])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_pandoc_html_shows_the_payload_as_text(payload):
    html = _pandoc(f"Titel: {escape.markdown_text(payload)} slut", "html")
    page = parsed(html)
    assert page.tags == ["p"] and page.attrs == []
    assert page.visible == " ".join(f"Titel: {payload} slut".split())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_pandoc_typst_writes_no_typst_command(payload):
    typ = _pandoc(f"Titel: {escape.markdown_text(payload)} slut", "typst")
    body = typ.strip()
    # every Typst special character of the payload is escaped: no #command, $math$, @ref, <label>
    for mark in "#$@<>*_`[]":
        for i, ch in enumerate(body):
            if ch == mark:
                assert i > 0 and body[i - 1] == "\\", (mark, body)
    assert "raw(" not in body and "image(" not in body and "link(" not in body


def test_non_breaking_spaces_are_kept_everywhere():
    text = "13\u00a0200\u00a0000\u00a0kr"
    assert escape.markdown_text(text) == text
    assert escape.html_text(text) == text
    assert escape.plotly_text(text) == text
    assert "13\u00a0200\u00a0000\u00a0kr" in preview_html(escape.markdown_text(text))


def test_markdown_passes_through_once_and_plain_reads_back():
    md = escape.markdown_text("(a) *b*")
    assert escape.as_markdown(md) is md
    assert escape.markdown_text(md) is md
    assert md.plain == "(a) *b*"
    assert escape.markdown_text("rad 1\nrad 2") == "rad 1 rad 2"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_plotly_figure_text_escapes_data_but_keeps_the_factories_tags(payload):
    import numpy as np

    spec = {"data": [{"type": "bar", "x": np.array([payload, "b"], dtype=object), "y": np.array([1, 2]),
                      "hovertemplate": "%{x}<extra>" + payload + "</extra>",
                      "text": [f"{payload}<br><sub>kontakt</sub>"]}],
            "layout": {"title": {"text": payload}, "font": {"color": "#222"}}}
    out = escape.plotly_figure_text(spec)
    assert "<" not in out["layout"]["title"]["text"].replace("<br>", "")
    assert out["data"][0]["x"][0] == escape.plotly_text(payload)
    assert out["data"][0]["hovertemplate"] == "%{x}<extra>" + escape.plotly_text(payload) + "</extra>"
    assert out["data"][0]["text"][0] == escape.plotly_text(payload) + "<br><sub>kontakt</sub>"
    assert out["data"][0]["y"] is spec["data"][0]["y"] and out["layout"]["font"]["color"] == "#222"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_tables_and_figures_in_every_display_mode(payload, tmp_path, monkeypatch):
    import pandas as pd
    import plotly.graph_objects as go

    from analysis.present import display
    from analysis.present.figures import Chart

    df = pd.DataFrame({"Finansiär": [payload], "Belopp": [1500000]})
    display.configure("preview")
    table = display.Table(df, f"Tabell {payload}", notes=[payload])._repr_mimebundle_()["text/html"]
    page = parsed(table)
    assert set(page.tags) <= {"div", "table", "caption", "thead", "tr", "th", "tbody", "td", "p"}
    assert page.visible.count(payload) == 3 and "1\u00a0500\u00a0000" in page.visible
    display.configure("quarto", target="html")
    md = display.Table(df, f"Tabell {payload}", notes=[payload])._repr_mimebundle_()["text/markdown"]
    page = parsed(_pandoc(md, "html"))
    # <wbr>: where a long web address may break (the table builder writes it, no attributes)
    assert set(page.tags) <= {"div", "table", "caption", "colgroup", "col", "thead", "tr", "th",
                              "tbody", "td", "p", "wbr"}
    assert [k for k, _ in page.attrs if k.startswith("on") or k in {"href", "src"}] == []
    assert page.visible.count(" ".join(payload.split())) == 3  # caption, cell, note
    def chart_page(text):
        fig = go.Figure(go.Bar(x=[text], y=[1], hovertemplate="%{x}<extra></extra>"))
        fig.update_layout(title=f"Titel {text}")
        chart = Chart(fig, df.assign(Finansiär=text), f"Alt {text}", f"Källa {text}", "hostile")
        display.configure("preview")
        return chart, display.chart_html(chart)

    chart, html = chart_page(payload)
    figure = display.report_figure(chart).to_plotly_json()
    assert figure["layout"]["title"]["text"] == "Titel " + escape.plotly_text(payload)
    assert list(figure["data"][0]["x"]) == [escape.plotly_text(payload)]
    assert "<script>alert" not in html and "<img src=x" not in html
    page, harmless = parsed(html), parsed(chart_page("x")[1])
    assert page.tags == harmless.tags  # the payload added no element
    assert [k for k, _ in page.attrs] == [k for k, _ in harmless.attrs]  # nor an attribute
    assert f"Alt {payload}" in page.visible and f"Källa {payload}" in page.visible


def test_a_raw_html_block_cannot_be_closed_by_text():
    from analysis.present import display

    block = display._raw_html_block(escape.html_text("a\n`````\n<b>x</b>"))
    fence = block.split("{=html}")[0]
    assert len(fence) == 6 and block.endswith("\n" + fence)


def test_quartos_jupyter_engine_gets_inline_values_as_markdown():
    # Quarto evaluates `{python} expr` as a kernel user expression, formatted by IPython's display
    # formatter, and inserts text/markdown as it is (text/plain would be the repr: "\xa0")
    from IPython.core.formatters import DisplayFormatter

    from analysis.core.formatting import format_sek, inline_text

    data, _ = DisplayFormatter().format(inline_text(f"{format_sek(13_200_000)} <b>x</b>"))
    assert data["text/markdown"] == "13\u00a0200\u00a0000\u00a0kr \\<b\\>x\\</b\\>"


def test_plain_output_in_the_quarto_book_cannot_leave_its_code_block():
    from analysis.pipeline.quarto_book import output_markdown

    md = output_markdown({"output_type": "stream", "name": "stdout", "text": "a\n```\n<b>x</b>\n"})
    assert md.startswith("````\n") and md.endswith("\n````")
