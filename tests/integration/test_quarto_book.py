"""The Quarto book: chapters executed once and rendered by Quarto (analysis.quarto_book).

The real render (HTML + Typst PDF) is built once per test run (report_build.build_quarto_once)
and shared with the browser and PDF tests in test_browser.py; CI always has Quarto.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from analysis.pipeline import quarto_book, report
from analysis.present import static_images
from analysis.present.static_images import FigureImageError, ImageJob

from report_build import build_quarto_once, quarto_available


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Path:
    if not quarto_available():
        pytest.skip("Quarto finns inte; förhandsversionen testas i stället")
    return build_quarto_once(tmp_path_factory)


# --- without Quarto ---------------------------------------------------------------------------

def test_staged_config_renders_markdown_chapters_without_hooks_or_execution():
    config = report.quarto_config()
    staged = quarto_book.stage_config(config, report.chapter_files())
    assert staged["book"]["chapters"] == [f.replace(".qmd", ".md") for f in report.chapter_files()]
    assert "pre-render" not in staged["project"] and "post-render" not in staged["project"]
    assert "execute" not in staged
    assert staged["format"] == config["format"]  # same formats, template and styles
    assert config["book"]["chapters"][0] == "index.qmd"  # the original is untouched


QUARTO_NAV = '''<nav class="page-navigation">
  <div class="nav-page nav-page-previous">
      <a  href="./utveckling.html" class="pagination-link" aria-label="Utveckling över tid">
        <i class="bi bi-arrow-left-short"></i> <span class="nav-page-text"><span class="chapter-number">4</span>&nbsp; <span class="chapter-title">Utveckling över tid</span></span>
      </a>
  </div>
  <div class="nav-page nav-page-next">
      <a  href="./spegling.html" class="pagination-link" aria-label="Spegling">
        <span class="nav-page-text"><span class="chapter-number">6</span>&nbsp; <span class="chapter-title">Spegling</span></span> <i class="bi bi-arrow-right-short"></i>
      </a>
  </div>
</nav>'''


def test_chapter_links_are_named_by_their_visible_text():
    fixed = quarto_book.fix_navigation(QUARTO_NAV)
    assert re.findall(r'aria-label="([^"]*)"', fixed) == [
        "Föregående kapitel: 4 Utveckling över tid", "Nästa kapitel: 6 Spegling"]
    assert quarto_book.fix_navigation(fixed) == fixed


QUARTO_FAILURE = """\x1b[1m\x1b[34m[1/2] index.md\x1b[39m\x1b[22m
\x1b[1m\x1b[34m[2/2] mal.md\x1b[39m\x1b[22m
\x1b[91mERROR: Include directive failed.
  in file /tmp/x/mal.md, 
  could not find file /tmp/x/saknas.qmd.
Stack trace:
    at Object.render (file:///quarto/src/core/handlers/include.ts:41:11)
"""


def test_a_quarto_failure_names_the_chapter_and_gives_quartos_message():
    err = quarto_book.render_error("html", QUARTO_FAILURE)
    assert str(err) == ("Quarto kunde inte skriva rapporten (html) i kapitlet mal.qmd:\n"
                        "ERROR: Include directive failed.\n  in file /tmp/x/mal.md,\n"
                        "  could not find file /tmp/x/saknas.qmd.")


def _job(tmp_path) -> ImageJob:
    return ImageJob({"data": [], "layout": {}}, tmp_path / "fig-a-0123456789.png", 900, 450,
                    "spegling.qmd", "Läget bland Sveriges 21 län")


def test_a_failed_image_is_retried_once(tmp_path, monkeypatch):
    calls = []

    def flaky(jobs, tabs):
        calls.append([j.path.name for j in jobs])
        if len(calls) == 1:
            raise RuntimeError("ReferenceError: kaleido_scopes is not defined")
        for j in jobs:
            j.path.write_bytes(b"\x89PNG")

    monkeypatch.setattr(static_images, "_draw_batch", flaky)
    assert static_images.render_pending([_job(tmp_path)], log=lambda *a: None) == 1
    assert calls == [["fig-a-0123456789.png"], ["fig-a-0123456789.png"]]


def test_an_image_failing_twice_stops_naming_chapter_and_figure(tmp_path, monkeypatch):
    def broken(jobs, tabs):
        raise RuntimeError("JavascriptError: ReferenceError: kaleido_scopes is not defined")

    monkeypatch.setattr(static_images, "_draw_batch", broken)
    with pytest.raises(FigureImageError) as err:
        static_images.render_pending([_job(tmp_path)], log=lambda *a: None)
    assert str(err.value) == ("spegling.qmd: figuren ”Läget bland Sveriges 21 län” kunde inte "
                              "göras som bild för PDF:en (kaleido, 2 försök): JavascriptError: "
                              "ReferenceError: kaleido_scopes is not defined")


def test_in_the_kernel_an_image_is_retried_once_too(tmp_path, monkeypatch):
    tries = []

    def flaky(job):
        tries.append(job.path.name)
        if len(tries) == 2:
            job.path.write_bytes(b"\x89PNG")
        else:
            raise RuntimeError("ReferenceError: kaleido_scopes is not defined")

    monkeypatch.delenv(static_images.IMAGES_ENV, raising=False)
    monkeypatch.setattr(static_images, "_draw_in_kernel", flaky)
    assert static_images.ensure_png(_job(tmp_path)).read_bytes() == b"\x89PNG"
    assert len(tries) == 2


def test_deferred_images_wait_as_json_for_the_parent(tmp_path, monkeypatch):
    monkeypatch.setenv(static_images.IMAGES_ENV, "defer")
    job = _job(tmp_path)
    assert static_images.ensure_png(job) == job.path and not job.path.exists()
    (pending,) = static_images.pending_jobs(f"![Figur]({job.path.name})", tmp_path)
    assert (pending.chapter, pending.title, pending.width) == ("spegling.qmd", job.title, 900)


def test_quarto_from_pypi_beside_this_python_is_found(tmp_path, monkeypatch):
    (tmp_path / "python").touch()
    (tmp_path / "quarto").touch()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    assert report.find_quarto() == str(tmp_path / "quarto")
    (tmp_path / "quarto").unlink()
    assert report.find_quarto() is None


def test_with_quarto_the_cli_builds_the_book_with_the_parameters(tmp_path, monkeypatch, capsys):
    import argparse

    fake = tmp_path / "quarto"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    calls = []

    def fake_build(params, *, formats, log):
        calls.append((params, formats))
        return quarto_book.BookResult(tmp_path, [], None, True, {"execute": 1.0})

    monkeypatch.setattr(report, "build_book", fake_build)
    parser = argparse.ArgumentParser()
    report.add_arguments(parser)
    assert report.run(parser.parse_args(["-P", "focus=03"])) == 0
    assert calls == [({"focus": "03"}, ("html", "typst"))]
    assert "_book" in capsys.readouterr().out
    # one digit is not a county code: refused before anything is built (Quarto's own
    # `quarto render -P focus:03` hands the chapter the integer 3, which the chapter accepts)
    assert report.run(parser.parse_args(["-P", "focus:3"])) == 2
    assert calls == [({"focus": "03"}, ("html", "typst"))]
    assert "Ogiltigt värde för parametern focus: '3'" in capsys.readouterr().err


# --- with Quarto ------------------------------------------------------------------------------

def test_the_book_has_every_page_and_the_pdf(book):
    for name in report.chapter_files():
        page = (book / Path(name).with_suffix(".html")).read_text(encoding="utf-8")
        assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="sv"' in page
        assert "{python}" not in page
        assert page.count('src="assets/plotly.min.js"') == 1
    assert (book / "rapport.pdf").read_bytes()[:5] == b"%PDF-"
    assert not list(book.parent.glob(".oms-stage-*"))  # the staging folder is gone


def test_an_unchanged_book_is_not_rendered_again(book):
    result = quarto_book.build_book(None, out_dir=book, log=lambda *a: None)
    assert result.rebuilt is False and result.pdf == book / "rapport.pdf"


@pytest.mark.needs_quarto
def test_a_failed_render_names_the_chapter_and_leaves_the_old_book(tmp_path):
    src = tmp_path / "report"
    src.mkdir()
    (src / "_quarto.yml").write_text(
        'project:\n  type: book\nbook:\n  title: "Prov"\n  chapters: [index.qmd, mal.qmd]\n'
        "lang: sv\nformat:\n  html: {}\n", encoding="utf-8")
    (src / "index.qmd").write_text('---\ntitle: "Start"\n---\n\nText.\n', encoding="utf-8")
    (src / "mal.qmd").write_text(
        '---\ntitle: "Mål"\n---\n\n```{python}\nfrom analysis.present.report_setup import setup, text\n'
        'from analysis.core.escape import Markdown\n'
        # Markdown on purpose: plain text would be escaped and shown as written (core.escape)
        'report = setup()\ntext(Markdown("{{< include saknas.qmd >}}"))\n```\n', encoding="utf-8")
    out = tmp_path / "_book"
    out.mkdir()
    (out / "index.html").write_text("den förra rapporten", encoding="utf-8")
    with pytest.raises(quarto_book.QuartoError) as err:
        quarto_book.build_book(None, out_dir=out, report_dir=src, formats=("html",),
                               log=lambda *a: None, jobs=1)
    assert ("Quarto kunde inte skriva rapporten (html) i kapitlet mal.qmd, cellen på rad 5:"
            in str(err.value))
    assert "ERROR: Include directive failed." in str(err.value)
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "den förra rapporten"
    assert not list(tmp_path.glob(".oms-stage-*"))


def test_an_executed_chapter_is_kept_under_a_key_of_everything_it_depends_on(tmp_path):
    import nbformat

    from analysis.pipeline import chapter_cache

    (tmp_path / "mal.qmd").write_text("Text.\n", encoding="utf-8")
    key = chapter_cache.chapter_key(tmp_path, "mal.qmd", {}, "kod-och-data-1")
    assert chapter_cache.chapter_key(tmp_path, "mal.qmd", {"focus": "03"}, "kod-och-data-1") != key
    assert chapter_cache.chapter_key(tmp_path, "mal.qmd", {}, "kod-och-data-2") != key
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("Mål och uppföljning"))
    chapter_cache.store(tmp_path, "mal.qmd", key, nb)
    assert chapter_cache.load(tmp_path, "mal.qmd", key, lambda nb: True).cells[0].source == \
        "Mål och uppföljning"
    assert chapter_cache.load(tmp_path, "mal.qmd", key, lambda nb: False) is None  # images gone
    (tmp_path / "mal.qmd").write_text("Ändrad text.\n", encoding="utf-8")
    changed = chapter_cache.chapter_key(tmp_path, "mal.qmd", {}, "kod-och-data-1")
    assert changed != key and chapter_cache.load(tmp_path, "mal.qmd", changed, bool) is None
    chapter_cache.store(tmp_path, "mal.qmd", changed, nb)
    assert [p.name for p in (tmp_path / ".oms-chapters").glob("*.ipynb")] == [f"mal-{changed}.ipynb"]


def _mini_book(tmp_path, failing_chapter: str, formats: str) -> Path:
    """A two-chapter book project whose second chapter is ``failing_chapter`` (a .qmd body)."""
    src = tmp_path / "report"
    src.mkdir()
    (src / "_quarto.yml").write_text(
        'project:\n  type: book\nbook:\n  title: "Prov"\n  author: "Prov"\n'
        "  chapters: [index.qmd, mal.qmd]\nlang: sv\nformat:\n" + formats, encoding="utf-8")
    (src / "index.qmd").write_text('---\ntitle: "Start"\n---\n\nText.\n', encoding="utf-8")
    (src / "mal.qmd").write_text(failing_chapter, encoding="utf-8")
    return src


SETUP_CELL = ('---\ntitle: "Mål"\n---\n\nFörsta stycket.\n\n```{python}\n'
              "from analysis.present.report_setup import setup, text\nreport = setup()\n```\n\n"
              "Andra stycket.\n\n")


@pytest.mark.needs_quarto
def test_a_typst_failure_names_the_chapter_the_cell_and_typsts_message(tmp_path):
    # line 16 of mal.qmd: a cell whose output is broken Typst markup (an unclosed bracket)
    # Markdown on purpose: plain text would be escaped and shown as written (core.escape)
    src = _mini_book(tmp_path, SETUP_CELL + 'Tredje stycket.\n\n```{python}\n'
                     'from analysis.core.escape import Markdown; '
                     'text(Markdown("```{=typst}\\n#let trasig = (1, 2\\n```"))\n```\n\nSlut.\n',
                     "  typst: {}\n")
    with pytest.raises(quarto_book.QuartoError) as err:
        quarto_book.build_book(None, out_dir=tmp_path / "_book", report_dir=src,
                               formats=("typst",), log=lambda *a: None, jobs=1)
    message = str(err.value)
    assert message.startswith("Quarto kunde inte skriva rapporten (typst) i kapitlet mal.qmd, "
                              "cellen på rad 16:\n"), message
    assert "error: unclosed delimiter" in message
    assert not (tmp_path / "_book").exists() and not list(tmp_path.glob(".oms-stage-*"))


@pytest.mark.needs_quarto
def test_a_cell_that_raises_names_the_chapter_the_cell_and_the_error(tmp_path):
    src = _mini_book(tmp_path, SETUP_CELL + "```{python}\nkvot = 1 / 0\n```\n", "  html: {}\n")
    with pytest.raises(report.ChapterError) as err:
        quarto_book.build_book(None, out_dir=tmp_path / "_book", report_dir=src,
                               formats=("html",), log=lambda *a: None, jobs=1)
    assert str(err.value) == ("Oväntat fel i koden (ZeroDivisionError): division by zero\n"
                              "  Var: mal.qmd, rad 15 (i kodcellen som börjar på rad 14)")


def test_a_quarto_failure_by_markdown_line_names_the_cell():
    cells = {"mal.qmd": [(5, 5, 3, "Text."), (7, 9, 12, "| a |\n|---|\n| 1 |")]}
    err = quarto_book.render_error(
        "html", "[1/1] mal.md\nERROR: YAML parse exception in file /tmp/s/mal.md line 8\n",
        cells=cells)
    assert str(err).startswith("Quarto kunde inte skriva rapporten (html) i kapitlet mal.qmd, "
                               "cellen på rad 12:\n")


def test_each_formats_chapter_gets_only_its_own_figures_and_cells_are_traced():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["oms"] = {"title": "Mål"}
    prose = nbformat.v4.new_markdown_cell("Första stycket.")
    prose.metadata["oms"] = {"line": 4}
    code = nbformat.v4.new_code_cell("chart")
    code.metadata["oms"] = {"line": 7, "options": {}}
    code.outputs = [nbformat.v4.new_output("display_data", data={
        "text/markdown": "BÅDA", "text/x-oms-html": "WEBB", "text/x-oms-typst": "PDF",
        "text/plain": "diagram"})]
    nb.cells = [prose, code]
    spans: list = []
    html_doc = quarto_book.chapter_document(nb, fmt="html", name="mal.qmd", cell_map=spans)
    assert html_doc == '---\ntitle: "Mål"\n---\n\nFörsta stycket.\n\nWEBB\n'
    assert spans == [(5, 5, 4), (7, 7, 7)]
    typst_doc = quarto_book.chapter_document(nb, fmt="typst", name="mal.qmd", marks=True)
    assert "PDF" in typst_doc and "WEBB" not in typst_doc and "BÅDA" not in typst_doc
    assert "```{=typst}\n// oms-cell mal.qmd rad 7\n```\n\nPDF\n" in typst_doc
    assert quarto_book.chapter_document(nb).endswith("BÅDA\n")  # no format: both variants


@pytest.mark.needs_quarto
def test_plain_quarto_render_with_a_python_without_the_package_leaves_the_book(tmp_path):
    """Quarto empties its output folder before any step of ours runs: plain ``quarto render``
    writes into a folder of its own (.oms-render), so a Python that cannot import the package
    stops with a Swedish message while report/_book stays as it was."""
    import shutil
    import subprocess

    from analysis.core import paths

    report_dir = tmp_path / "report"
    shutil.copytree(paths.REPORT, report_dir,
                    ignore=shutil.ignore_patterns("_book", ".oms-*", ".quarto", "assets"))
    book = report_dir / "_book"
    book.mkdir()
    (book / "index.html").write_text("förra rapporten", encoding="utf-8")
    python = shutil.which("python3", path="/usr/bin") or "/usr/bin/python3"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["QUARTO_PYTHON"] = python
    done = subprocess.run(["quarto", "render", str(report_dir)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode != 0
    assert "hittar inte projektets paket" in done.stderr + done.stdout
    assert (book / "index.html").read_text(encoding="utf-8") == "förra rapporten"


def test_a_finished_plain_render_replaces_the_book_whole_or_lays_one_chapter_over_it(tmp_path):
    report_dir = tmp_path / "report"
    rendered = report_dir / quarto_book.PLAIN_RENDER_DIR
    book = report_dir / "_book"
    for folder, files in ((book, {"index.html": "gammal", "gammal.html": "gammal"}),
                          (rendered, {"index.html": "ny", "rapport.pdf": "ny"})):
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    quarto_book.finish_plain_render(rendered, report_dir, render_all=True)
    assert {p.name: p.read_text() for p in book.iterdir()} == {"index.html": "ny", "rapport.pdf": "ny"}
    assert list(rendered.iterdir()) == []
    (rendered / "mal.html").write_text("ett kapitel", encoding="utf-8")
    quarto_book.finish_plain_render(rendered, report_dir, render_all=False)
    assert {p.name for p in book.iterdir()} == {"index.html", "rapport.pdf", "mal.html"}
