"""The report: chapters listed and present, every chapter executes in the kernel, every inline
expression gives a string, parameters are validated, and the preview is built correctly."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import pytest

from analysis.core import paths
from analysis.pipeline import report
from analysis.core.formatting import format_number, plain_spaces
from analysis.core.errors import ParameterError
from analysis.core.params import normalize_focus, valid_focus_values

from report_build import build_preview_once, manifest
from approved_text import in_order

EXPECTED_CHAPTERS = ["index.qmd", "projekten.qmd", "finansiering.qmd", "utveckling.qmd", "mal.qmd",
                     "sjalvvardering.qmd", "spegling.qmd", "utmaningsomraden.qmd", "metod.qmd"]
# Files in report/ that are not chapters but belong there; generated output is listed separately.
SUPPORT_FILES = {"_quarto.yml", "_prepare.py", "_finish.py", "typst-show.typ", "pdf-style.typ",
                 ".gitignore"}  # .gitignore: written by quarto render itself
GENERATED = {"_book", "_preview", "assets", ".quarto", "_freeze", "_site", "_output"}


@pytest.fixture(scope="session")
def preview(tmp_path_factory) -> Path:
    return build_preview_once(tmp_path_factory)


# --- structure ---------------------------------------------------------------------------------

def test_quarto_lists_the_nine_chapters_in_order():
    assert report.chapter_files() == EXPECTED_CHAPTERS


def test_every_listed_chapter_exists():
    missing = [f for f in report.chapter_files() if not (paths.REPORT / f).is_file()]
    assert missing == []


def test_nothing_in_report_is_orphaned():
    listed = set(report.chapter_files()) | SUPPORT_FILES
    orphans = []
    for p in paths.REPORT.rglob("*"):
        rel = p.relative_to(paths.REPORT)
        if rel.parts[0] in GENERATED or rel.parts[0].startswith(".oms-") or p.is_dir() \
                or p.name.endswith(".ipynb") \
                or rel.parts[0].endswith("_files") or "__pycache__" in rel.parts:
            continue
        if str(rel) not in listed:
            orphans.append(str(rel))
    assert orphans == [], f"filer i report/ som _quarto.yml inte listar: {orphans}"


def test_quarto_config_is_offline_swedish_html_and_typst():
    cfg = report.quarto_config()
    assert cfg["project"]["type"] == "book"
    assert cfg["lang"] == "sv"
    html = cfg["format"]["html"]
    assert html["html-math-method"] == "plain"
    assert html["include-in-header"] == "assets/plotly-header.html"
    assert "typst" in cfg["format"]
    assert "/assets/plotly.min.js" in cfg["project"]["resources"]


@pytest.mark.parametrize("name", EXPECTED_CHAPTERS)
def test_chapter_starts_with_parameters_then_shared_setup(name):
    front, cells = report.parse_qmd(paths.REPORT / name)
    assert front.get("title"), f"{name} saknar title"
    code = [c for c in cells if c.kind == "code"]
    assert code[0].options.get("tags") == ["parameters"]
    assert re.fullmatch(r'focus = "SE12"', code[0].source.strip())
    assert "setup(focus)" in code[1].source


def test_write_quarto_assets_puts_plotly_js_once_in_the_page_head(tmp_path):
    header = report.write_quarto_assets(tmp_path)
    text = header.read_text(encoding="utf-8")
    assert text.count("<script") == 1 and 'src="assets/plotly.min.js"' in text
    assert "cdn" not in text.lower()
    assert (tmp_path / "assets" / "plotly.min.js").stat().st_size > 1_000_000


# --- parameters ----------------------------------------------------------------------------------

def test_focus_values_are_oms_and_its_five_counties():
    assert valid_focus_values() == ["SE12", "03", "04", "05", "18", "19"]


@pytest.mark.parametrize("given, code", [("SE12", "SE12"), ("ÖMS", "SE12"), ("03", "03"),
                                         (3, "03"), (18, "18"), (" 19 ", "19")])
def test_focus_is_normalised(given, code):
    # -P focus:03 reaches the kernel as the YAML integer 3
    assert normalize_focus(given) == code


@pytest.mark.parametrize("bad", ["01", "08", "Uppsala", 0, None, True, "SE11"])
def test_invalid_focus_is_refused_in_swedish_listing_valid_values(bad):
    with pytest.raises(ParameterError) as err:
        normalize_focus(bad)
    msg = str(err.value)
    assert "Ogiltigt värde för parametern focus" in msg
    assert "SE12 (ÖMS)" in msg and "03 (Uppsala)" in msg and "19 (Västmanland)" in msg


def test_cli_parameters_are_parsed_and_checked():
    assert report.parse_params(["focus:03"]) == {"focus": "03"}
    assert report.parse_params(None) == {}
    with pytest.raises(ParameterError, match="Okänd parameter"):
        report.parse_params(["fokus:03"])
    with pytest.raises(ParameterError, match="Giltiga värden"):
        report.parse_params(["focus:07"])


def test_cli_stops_before_rendering_on_a_bad_parameter(capsys):
    parser = argparse.ArgumentParser()
    report.add_arguments(parser)
    assert report.run(parser.parse_args(["-P", "focus:99"])) == 2
    assert "Ogiltigt värde för parametern focus" in capsys.readouterr().err


def test_quarto_command_passes_parameters():
    cmd = report.quarto_command({"focus": "03"}, "typst")
    assert cmd == ["quarto", "render", str(paths.REPORT), "--to", "typst", "-P", "focus:03"]


def test_notebooks_command_reexecutes_in_place(tmp_path, monkeypatch):
    import nbformat

    from analysis.pipeline import notebooks_runner

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("from analysis.core.formatting import format_sek\n"
                                              "format_sek(3056308)"))
    nbformat.write(nb, tmp_path / "01_prov.ipynb")
    monkeypatch.setattr(paths, "NOTEBOOKS", tmp_path)
    assert notebooks_runner.run(argparse.Namespace(names=[])) == 0
    out = nbformat.read(tmp_path / "01_prov.ipynb", as_version=4).cells[0].outputs
    assert out[0]["data"]["text/plain"] == "'3\\xa0056\\xa0308\\xa0kr'"  # non-breaking spaces


# --- .qmd conversion -------------------------------------------------------------------------------

QMD = '''---
title: "Prov"
---

```{python}
#| tags: [parameters]
focus = "SE12"
```

Text med `{python} a` och `{python} b + "x"`.

```
```{python}
inte kod
```
'''


def test_qmd_is_parsed_into_cells_with_options_and_lines(tmp_path):
    path = tmp_path / "prov.qmd"
    path.write_text(QMD, encoding="utf-8")
    front, cells = report.parse_qmd(path)
    assert front == {"title": "Prov"}
    assert [c.kind for c in cells] == ["code", "markdown"]
    assert cells[0].options == {"tags": ["parameters"]} and cells[0].line == 5
    assert cells[0].source == 'focus = "SE12"'
    assert "inte kod" in cells[1].source  # a plain ``` fence is text, not code
    assert report.inline_expressions(cells[1].source) == ["a", 'b + "x"']


def test_parameters_are_injected_after_the_parameters_cell(tmp_path):
    path = tmp_path / "prov.qmd"
    path.write_text(QMD, encoding="utf-8")
    nb = report.qmd_notebook(path, {"focus": "03"})
    sources = [c.source for c in nb.cells]
    assert sources[1] == "# Injected parameters\nfocus = '03'"
    assert "_oms_inline_values([lambda: (a), lambda: (b + \"x\")])" in sources[2]


def test_preview_markdown_handles_quarto_divs_and_raw_blocks():
    md = ('::: {.content-visible when-format="html"}\nsynlig\n:::\n\n'
          '::: {.content-visible unless-format="html"}\nbara-pdf\n:::\n\n'
          '::: {.callout-note}\nnotis\n:::\n\n'
          "````{=html}\n<div id=\"rå\">\n\n<p>x</p></div>\n````\n\n"
          "```{=typst}\n#pagebreak()\n```\n\n## Rubrik {#sec-a}\n")
    out = report.markdown_to_html(md)
    assert "synlig" in out and "bara-pdf" not in out
    assert '<div class="callout-note">' in out and "notis" in out
    assert '<div id="rå">\n\n<p>x</p></div>' in out
    assert "pagebreak" not in out
    assert "<h2>Rubrik</h2>" in out


# --- executed chapters -------------------------------------------------------------------------------

def test_every_chapter_executes_in_the_kernel(preview):
    m = manifest(preview)
    assert [c["file"] for c in m["chapters"]] == EXPECTED_CHAPTERS
    assert all(c["code_cells"] >= 2 for c in m["chapters"])


def test_every_inline_expression_evaluates_to_escaped_markdown(preview):
    # every inline value goes through core.formatting.inline_text: Markdown, shown as written
    m = manifest(preview)
    bad = [(c["file"], i["line"], i["expression"], i["type"])
           for c in m["chapters"] for i in c["inline"] if i["type"] != "Markdown"]
    assert bad == [], "inline-uttryck som inte går genom inline_text"


def test_every_inline_value_is_shown_by_quarto_as_written(preview):
    # Markdown reaches Quarto as text/markdown (a plain string would be shown as its repr)
    bad = [(c["file"], i["line"], i["expression"], i["value"])
           for c in manifest(preview)["chapters"] for i in c["inline"] if not i["quarto_safe"]]
    assert bad == []


def test_quarto_safety_and_markdown_escaping_of_inline_values():
    from analysis.core.formatting import inline_text

    assert report.quarto_safe("3 056 308 kr") and report.quarto_safe("\u22121,5 %")
    assert not report.quarto_safe("3\u00a0056\u00a0308 kr")
    assert report.quarto_safe(inline_text("3\u00a0056\u00a0308 kr"))
    assert not report.quarto_safe("rad 1\nrad 2")
    assert not report.quarto_safe(3056308)
    assert report.escape_markdown("12,0 % (kap. 8) *x*") == "12,0 % \\(kap\\. 8\\) \\*x\\*"


def test_inline_values_are_the_package_values(preview):
    from analysis.tables import datalog

    inline = {c["file"]: {i["expression"]: i["value"] for i in c["inline"]}
              for c in manifest(preview)["chapters"]}
    assert inline["index.qmd"]["inline_text(report.focus_name)"] == "Östra Mellansverige"
    assert inline["metod.qmd"]["inline_text(n_datasets)"] == format_number(len(datalog.data_log()))
    assert inline["metod.qmd"]["inline_text(n_assumptions)"] == format_number(len(datalog.assumptions_log()))


def test_preview_pages_are_labelled_and_load_plotly_once(preview):
    for n, name in enumerate(EXPECTED_CHAPTERS):
        page = (preview / name.replace(".qmd", ".html")).read_text(encoding="utf-8")
        assert '<html lang="sv">' in page
        banner = re.search(r'<p id="om-forhandsversionen">.*?</p>', page, re.S).group(0)
        assert "Förhandsversion utan Quarto" in banner
        if n == 0:  # the full notice once, on the first page
            assert "quarto.org" in banner and "conda env create" in banner
        else:  # one short line elsewhere, linking to it
            assert "quarto.org" not in banner and "conda" not in banner
            assert '<a href="index.html#om-forhandsversionen">Mer om förhandsversionen</a>' in banner
            assert len(re.sub(r"<[^>]+>", "", banner).split()) <= 10
        assert page.count('<script src="plotly.min.js"') == 1
        assert 'aria-current="page"' in page
        assert "{python}" not in page  # every inline expression was replaced
        assert not re.search(r'(src|href)="https?://(?!quarto\.org)', page)
    assert (preview / "plotly.min.js").exists()
    # the set was staged and swapped in: no staging, backup or journal left in the folder
    assert [p.name for p in preview.iterdir() if p.name.startswith(".")] == []


def test_email_file_is_self_contained(preview):
    page = (preview / report.EMAIL_FILE).read_text(encoding="utf-8")
    assert page.count("<script charset=\"utf-8\">") == 1  # plotly.js inline, once
    assert not re.search(r'<script[^>]+src=', page)
    assert not re.search(r'<link[^>]+href=', page)
    assert "E-postversion" in page
    for name in EXPECTED_CHAPTERS:
        assert f'id="{Path(name).stem}"' in page


def test_email_file_carries_the_workbook_and_stays_under_six_mb(preview):
    import base64
    import io

    from openpyxl import load_workbook

    from analysis.pipeline.email_workbook import EMAIL_LIMIT_BYTES, XLSX_MIME

    email = preview / report.EMAIL_FILE
    page = email.read_text(encoding="utf-8")
    assert email.stat().st_size <= EMAIL_LIMIT_BYTES == 6_000_000
    assert 'href="oms-tabeller.xlsx"' not in page  # no link to a file the e-mail cannot carry
    links = re.findall(rf'<a href="data:{re.escape(XLSX_MIME)};base64,([A-Za-z0-9+/=]+)" '
                       r'download="oms-tabeller.xlsx">Ladda ner rapportens tabeller \(Excel\)</a>', page)
    assert len(links) == 2  # page one and Metod
    embedded = base64.b64decode(links[0])
    assert embedded == (preview / "oms-tabeller.xlsx").read_bytes()
    assert "Källor och årgångar" in load_workbook(io.BytesIO(embedded)).sheetnames


def test_focus_parameter_reaches_the_chapter_in_the_kernel():
    nb = report.execute_chapter(paths.REPORT / "projekten.qmd", {"focus": 3})
    inline = {i["expression"]: i["value"] for i in report.inline_results(nb)}
    # the latest project by start date first, then the one before it; non-breaking spaces
    # kept in inline prose (issue 16)
    sentence = inline["inline_text(bf.focus_sentence(report.focus))"]
    assert in_order(sentence, "REAL ÖMS", "Region Uppsala", "3 056 308 kr", "12,0 %",
                    "ECS3", "600 000 kr", "(4,5 %)")
    assert "3\u00a0056\u00a0308\u00a0kr" in sentence and "12,0\u00a0%" in sentence
    assert "600\u00a0000\u00a0kr" in sentence and "4,5\u00a0%" in sentence


def test_invalid_focus_stops_the_chapter_with_a_swedish_message():
    # the Swedish message first, then the chapter and the exact line of the failing call
    with pytest.raises(report.ChapterError, match=r"^Ogiltigt värde för parametern focus: '01'\. .*\n"
                                                  r"  Var: index\.qmd, rad 15 \(i kodcellen som börjar på rad 10\)$"):
        report.execute_chapter(paths.REPORT / "index.qmd", {"focus": "01"})


def test_chapters_show_only_package_tables_and_charts(preview):
    # A DataFrame or figure shown directly would make Quarto load require.js/jQuery from a CDN.
    foreign = {c["file"]: c["foreign_html"] for c in manifest(preview)["chapters"]
               if c["foreign_html"]}
    assert foreign == {}, "visa tabeller med report_setup.table(...) och figurer som Chart"


def test_chapters_print_no_warnings_into_the_report(preview):
    warnings = {c["file"]: c["stderr"] for c in manifest(preview)["chapters"] if c["stderr"]}
    assert warnings == {}


def test_foreign_outputs_are_detected():
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("df")
    cell.metadata["oms"] = {"line": 7}
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/html": "<div><table>",
                                                              "text/plain": "df"})]
    nb.cells.append(cell)
    assert report.foreign_outputs(nb) == [{"line": 7, "mime": ["text/html", "text/plain"]}]


def test_under_quarto_a_chapter_gives_only_markdown_with_html_and_pdf_variants():
    # What Quarto's Jupyter engine would receive from the budget chapter (display mode quarto)
    nb = report.execute_chapter(paths.REPORT / "projekten.qmd", None, mode="quarto")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
               if report.INLINE_MIME not in o.get("data", {})]
    # (the report's own kernels add each table's record for the workbook; Quarto's engine,
    # whose kernels name no chapter, gets none: tests/unit/test_workbook.py)
    from analysis.present.table_records import MIME

    other = [o for o in outputs
             if sorted(set(o.get("data", {})) - {MIME}) != ["text/markdown", "text/plain"]]
    assert other == [], "utdata som inte är Markdown (under Quarto syns de i rapporten)"
    chart = next(o["data"]["text/markdown"] for o in outputs
                 if "content-visible" in o["data"]["text/markdown"])
    png = re.search(r"\]\((assets/figures/projekten-fig-budget-per-ar-[0-9a-f]{10}\.png)\)", chart)
    assert png and (paths.REPORT / png.group(1)).stat().st_size > 10_000
    assert "````{=html}\n<figure" in chart and 'fig-alt="Stapeldiagram' in chart
    tables = [o["data"]["text/markdown"] for o in outputs
              if "\n| Kostnadsslag |" in o["data"]["text/markdown"]]
    assert len(tables) == 2
    # text escaped for Markdown (core.escape), numbers with non-breaking spaces
    assert (": REAL ÖMS\\: kostnadsbudget per år enligt beslutet \\(kronor\\) {#tbl-projekten-"
            in tables[1])
    assert ("| Egen personal \\(inkl\\. lönebikost\\.\\) | 731\u00a0264 | 4\u00a0405\u00a0133 |"
            in tables[1])


def test_each_chapter_kernel_gets_its_own_environment_and_ours_is_untouched(tmp_path, monkeypatch):
    monkeypatch.delenv("OMS_REPORT_CHAPTER", raising=False)
    monkeypatch.delenv("OMS_REPORT_MODE", raising=False)
    for name in ("a.qmd", "b.qmd"):
        (tmp_path / name).write_text(
            '---\ntitle: "T"\n---\n\n```{python}\nimport os\n'
            'print(os.environ["OMS_REPORT_CHAPTER"], os.environ["OMS_REPORT_MODE"])\n```\n',
            encoding="utf-8")
    done = list(report.execute_chapters(tmp_path, ["a.qmd", "b.qmd"], None, lambda _: None, 2))
    assert [name for name, _ in done] == ["a.qmd", "b.qmd"]  # book order, whatever finished first
    printed = ["".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                       for o in c.get("outputs", [])).strip() for _, nb in done]
    assert printed == ["a.qmd preview", "b.qmd preview"]
    assert "OMS_REPORT_CHAPTER" not in os.environ and "OMS_REPORT_MODE" not in os.environ
