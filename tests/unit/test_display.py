"""How a Chart and a report table render: notebook/preview HTML, Quarto Markdown, static PNG."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.present import display
from analysis.present.figures import Chart, style_figure


@pytest.fixture
def chart():
    data = pd.DataFrame({"År": [2023, 2024], "Budget (kr)": [1023770, 6167186]})
    fig = go.Figure(go.Bar(x=["2023", "2024"], y=data["Budget (kr)"], name="REAL ÖMS"))
    style_figure(fig, title="Budget per år", source="Beslutet", x_title="År", y_title="Kronor")
    return Chart(fig, data, "Stapeldiagram över REAL ÖMS budget 2023 och 2024.", "Beslutet",
                 "budget")


@pytest.fixture(autouse=True)
def _reset_display(monkeypatch):
    for var in ("OMS_REPORT_MODE", "OMS_REPORT_CHAPTER", "QUARTO_DOCUMENT_FILE",
                *display.QUARTO_ENV_VARS):
        monkeypatch.delenv(var, raising=False)
    yield
    display._state.update(mode=None, target=None, prefix="")


def test_notebook_html_is_deterministic_and_carries_alt_text_and_table(chart):
    display.configure("notebook")
    first = chart._repr_mimebundle_()
    display.configure("notebook")
    second = chart._repr_mimebundle_()
    assert first == second  # fixed div ids: nbval can compare the stored HTML
    html = first["text/html"]
    assert 'id="fig-budget"' in html and "Plotly.newPlot" in html
    assert "plotly.min.js" not in html and "<script src" not in html  # plotly.js: once per page
    assert "Stapeldiagram över REAL ÖMS budget 2023 och 2024." in html
    assert '<th scope="col">Budget (kr)</th>' in html and "6 167 186" in html
    assert ">2023<" in html  # years are not formatted as amounts
    assert 'download="fig-budget.csv"' in html and "data:text/csv" in html
    assert first["text/plain"].startswith("Budget per år. Stapeldiagram")


def test_notebooks_get_plotly_json_that_jupyterlab_draws_without_plotly_js(chart):
    display.configure("notebook")
    spec = chart._repr_mimebundle_()[display.PLOTLY_MIME]
    assert spec["layout"]["separators"] == ",\u00a0"  # decimal comma, non-breaking thousands space
    assert spec["data"][0]["type"] == "bar"
    assert spec["config"]["displayModeBar"] is False
    display.configure("preview")
    assert display.PLOTLY_MIME not in chart._repr_mimebundle_()  # the page loads plotly.js


def test_repeated_chart_names_get_numbered_ids(chart):
    display.configure("notebook")
    assert 'id="fig-budget"' in chart._repr_mimebundle_()["text/html"]
    assert 'id="fig-budget-2"' in chart._repr_mimebundle_()["text/html"]


def test_preview_ids_carry_the_chapter(chart, monkeypatch):
    monkeypatch.setenv("OMS_REPORT_CHAPTER", "projekten.qmd")
    assert display.configure() == "notebook"
    monkeypatch.setenv("OMS_REPORT_MODE", "preview")
    assert display.configure() == "preview"
    assert 'id="projekten-fig-budget"' in chart._repr_mimebundle_()["text/html"]


def test_quarto_html_output_is_markdown_with_a_raw_html_block(chart, monkeypatch):
    monkeypatch.setenv("QUARTO_DOCUMENT_FILE", "projekten.qmd")
    assert display.configure("quarto", target="html") == "quarto"
    bundle = chart._repr_mimebundle_()
    # any text/html output would make Quarto load require.js and jQuery from a CDN
    assert sorted(bundle) == ["text/markdown", "text/plain"]
    md = bundle["text/markdown"]
    # in the page's right margin too where there is room (Quarto's column-page-right)
    assert md.startswith("::: {.column-page-right}\n\n````{=html}\n<figure")
    assert md.endswith("</figure>\n````\n\n:::")
    assert 'id="projekten-fig-budget"' in md


@pytest.mark.slow  # kaleido starts a headless Chromium to write the PNG
def test_quarto_typst_output_is_a_png_with_caption_alt_text_and_table(chart, tmp_path, monkeypatch):
    monkeypatch.setattr(display, "FIGURE_DIR", tmp_path / "figures")
    monkeypatch.chdir(tmp_path)
    display.configure("quarto", target="typst")
    md = chart._repr_mimebundle_()["text/markdown"]
    (png,) = (tmp_path / "figures").glob("fig-budget-*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # made by kaleido with Chromium
    # the texts are escaped for Markdown (core.escape); pandoc shows them as written
    assert md.startswith("![Budget per år. Stapeldiagram över REAL ÖMS budget 2023 och 2024\\. "
                         f"Källa: Beslutet](figures/{png.name})")
    assert 'fig-alt="Stapeldiagram över REAL ÖMS budget 2023 och 2024."' in md
    assert "| År | Budget \\(kr\\) |" in md and "| 2024 | 6\u00a0167\u00a0186 |" in md
    assert ": Data bakom diagrammet\\: Budget per år {#tbl-budget-data}" in md
    assert "{=html}" not in md


def test_under_quarto_both_variants_are_written(chart, tmp_path, monkeypatch):
    monkeypatch.setenv("QUARTO_FIG_FORMAT", "png")  # set by Quarto's Jupyter engine
    monkeypatch.setattr(display, "static_png", lambda c, p, j: p)  # no image needed here
    monkeypatch.chdir(tmp_path)
    assert display.configure() == "quarto"
    md = chart._repr_mimebundle_()["text/markdown"]
    assert '::: {.content-visible when-format="html"}' in md
    assert '::: {.content-visible unless-format="html"}' in md


def _execute_info(tmp_path, base_format: str) -> str:
    """The file Quarto's Jupyter engine names in QUARTO_EXECUTE_INFO (fields as Quarto writes)."""
    info = tmp_path / f"execute-info-{base_format}.json"
    info.write_text(json.dumps({"document-path": str(tmp_path / "mal.qmd"), "format": {
        "identifier": {"display-name": base_format.upper(), "target-format": base_format,
                       "base-format": base_format}, "execute": {}, "pandoc": {}}}),
        encoding="utf-8")
    return str(info)


@pytest.mark.parametrize("base_format", ["html", "typst"])
def test_under_quarto_render_only_the_target_format_is_written(chart, tmp_path, monkeypatch,
                                                               base_format):
    drawn = []
    monkeypatch.setenv("QUARTO_EXECUTE_INFO", _execute_info(tmp_path, base_format))
    monkeypatch.setattr(display, "static_png", lambda c, p, j: drawn.append(p) or p)
    monkeypatch.chdir(tmp_path)
    assert display.configure() == "quarto"
    assert display.quarto_target() == base_format
    md = chart._repr_mimebundle_()["text/markdown"]
    assert "content-visible" not in md
    if base_format == "html":  # the web page's figure only: no PNG drawn for it
        assert "{=html}" in md and "![" not in md and drawn == []
    else:  # the PDF's image and data table only
        assert "{=html}" not in md and "![" in md and len(drawn) == 1


@pytest.mark.parametrize("content", [None, "not json", '{"format": {}}',
                                     '{"format": {"identifier": {"base-format": "docx"}}}'])
def test_unknown_quarto_target_writes_both_variants(chart, tmp_path, monkeypatch, content):
    info = tmp_path / "info.json"
    if content is not None:
        info.write_text(content, encoding="utf-8")
    monkeypatch.setenv("QUARTO_EXECUTE_INFO", str(info))
    monkeypatch.setattr(display, "static_png", lambda c, p, j: p)
    monkeypatch.chdir(tmp_path)
    assert display.configure() == "quarto" and display.quarto_target() is None
    md = chart._repr_mimebundle_()["text/markdown"]
    assert '::: {.content-visible when-format="html"}' in md


def test_report_table_markup_per_mode():
    from analysis.present.report_setup import table

    df = pd.DataFrame({"Finansiär": ["Region Uppsala | 1:1"], "Belopp": [3056308],
                       "Andel": ["12,0 %"]})
    t = table(df, "Finansiering")
    display.configure("preview")
    b = t._repr_mimebundle_()
    assert "<caption>Finansiering</caption>" in b["text/html"]
    assert '<td class="num">3 056 308</td>' in b["text/html"]
    display.configure("quarto", target="html")
    b = t._repr_mimebundle_()
    assert sorted(b) == ["text/markdown", "text/plain"]
    # numbers (also those formatted as text) right-aligned, their spaces non-breaking; a label
    # makes the caption a numbered table caption in HTML and in Quarto's Typst output; on the
    # web page the table scrolls sideways in its own focusable box
    assert b["text/markdown"].splitlines() == [
        '::: {.oms-table-wrap role="region" tabindex="0" aria-label="Finansiering"}', "",
        "| Finansiär | Belopp | Andel |", "|:---|---:|---:|",
        "| Region Uppsala \\| 1\\:1 | 3\u00a0056\u00a0308 | 12,0\u00a0% |", "",
        ": Finansiering {#tbl-finansiering}", "", ":::"]


def test_cells_are_formatted_the_swedish_way():
    df = pd.DataFrame({"År": [2018], "Belopp": [1948741.0], "Andel": [0.5], "Saknas": [float("nan")],
                       "Skillnad (kr)": [-1]})
    headers, rows = display._rows(df)
    assert rows == [["2018", "1 948 741", "0,5", "uppgift saknas", "\u22121"]]


def test_wide_tables_scroll_in_a_focusable_labelled_region():
    import pandas as pd

    html = display.table_html(pd.DataFrame({"Län": ["Uppsala"], "Värde": [404589]}), "Folkmängd")
    assert html.startswith('<div class="oms-table-wrap" role="region" tabindex="0" '
                           'aria-label="Folkmängd"><table class="oms-table">')
    assert '<td class="num">404 589</td>' in html
    assert ".oms-table-wrap { overflow-x: auto;" in display.CHART_CSS


def test_preformatted_numbers_in_text_columns_are_aligned_and_kept_on_one_line():
    import pandas as pd

    df = pd.DataFrame({"Projekt": ["ECS3"], "Budget": ["13 200 000 kr"], "Period": ["2018–2020"],
                       "Andel": ["50,0 %"], "Mål": ["44 000 kr per företag"]})
    html = display.table_html(df, "Budget")
    assert '<td class="num">13 200 000 kr</td>' in html
    assert '<td class="num">50,0 %</td>' in html
    assert "<td>2018–2020</td>" in html and "<td>ECS3</td>" in html
    assert "<td>44 000 kr per företag</td>" in html  # a phrase, not a number
    assert ".oms-table td.num { text-align: right; white-space: nowrap; }" in display.CHART_CSS


def test_the_report_draws_figures_without_their_own_source_line_and_with_whole_cells():
    from analysis.present import mirror_figures

    chart = mirror_figures.nuts2_chart()
    display.configure("notebook")
    assert display.report_figure(chart) is chart.figure
    display.configure("preview")
    fig = display.report_figure(chart)
    # the source stands under the figure in the report, not in it
    assert [a.text for a in chart.figure.layout.annotations if a.text.startswith("Källa: ")]
    assert [a.text for a in fig.layout.annotations if a.text.startswith("Källa: ")] == []
    lines = [part for column in fig.data[0].cells.values for v in column
             for part in str(v).split("<br>")]
    assert max(len(w) for part in lines for w in part.split()) <= 45
    assert fig.layout.height > chart.figure.layout.height  # room for the wrapped rows


def test_under_quarto_each_formats_variant_is_also_given_alone(chart, tmp_path, monkeypatch):
    monkeypatch.setenv("QUARTO_FIG_FORMAT", "png")
    monkeypatch.setattr(display, "static_png", lambda c, p, j: p)
    monkeypatch.chdir(tmp_path)
    display.configure("quarto")
    # Quarto's own engine gets Markdown and plain text only
    assert sorted(chart._repr_mimebundle_()) == ["text/markdown", "text/plain"]
    monkeypatch.setenv(display.VARIANTS_ENV, "1")  # the report's own build
    bundle = chart._repr_mimebundle_()
    html_only, typst_only = bundle["text/x-oms-html"], bundle["text/x-oms-typst"]
    assert "{=html}" in html_only and "![" not in html_only and "content-visible" not in html_only
    assert "![" in typst_only and "{=html}" not in typst_only
    assert html_only in bundle["text/markdown"] and typst_only in bundle["text/markdown"]
