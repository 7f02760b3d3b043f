"""The rendered report in a real browser: headless Chromium (from apt), network cut off.

Opens the HTML preview (or Quarto's HTML book where quarto exists) and checks that every plotly
figure draws, the console shows no errors, no request leaves the machine, and axe-core finds no
WCAG 2.1 A/AA violations. Screenshots are kept in the session's temp directory for a look.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from analysis.core import paths
from analysis import report

from report_build import build_preview_once, computed_once, quarto_html_dir, shared_dir

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

if not CHROMIUM.exists():
    pytest.skip("Chromium saknas (/usr/bin/chromium); kör make setup", allow_module_level=True)
if not AXE.exists():
    pytest.skip("axe-core saknas (node_modules); kör make setup", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """(base URL, page names): Quarto's book served on localhost, or the preview from disk."""
    book = quarto_html_dir()
    if book is None:
        out = build_preview_once(tmp_path_factory)
        pages = [Path(f).with_suffix(".html").name for f in report.chapter_files()]
        yield out.as_uri() + "/", pages + [report.EMAIL_FILE]
        return
    # A Quarto website must be served (module scripts are blocked on file://).
    handler = functools.partial(_QuietHandler, directory=str(book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages = [Path(f).with_suffix(".html").name for f in report.chapter_files()]
    yield f"http://127.0.0.1:{server.server_address[1]}/", pages
    server.shutdown()


def _is_local(url: str) -> bool:
    u = urlparse(url)
    return u.scheme in {"file", "data", "blob", "about"} or (
        u.scheme in {"http", "https"} and u.hostname in {"127.0.0.1", "localhost"})


def _visit_all(base: str, pages: list[str], shots: Path) -> dict:
    """Open every page once; record requests leaving the machine, console errors, figures, axe."""
    results = {}
    profile = shots / "chromium-profile"  # a fresh --user-data-dir
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, locale="sv-SE")
        try:
            for name in pages:
                results[name] = _visit(context, base + name, shots / f"{name}.png")
        finally:
            context.close()
    return results


def _visit(context, url: str, shot: Path) -> dict:
    page = context.new_page()
    blocked: list[str] = []
    errors: list[str] = []

    def route(r):
        if _is_local(r.request.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    if page.evaluate("document.querySelectorAll('.plotly-graph-div').length"):
        try:
            page.wait_for_function(
                "[...document.querySelectorAll('.plotly-graph-div')]"
                ".every(d => d.querySelector('svg.main-svg'))", timeout=30_000)
        except sync_api.TimeoutError:
            pass  # reported per figure by test_every_plotly_figure_draws
    drawn = page.evaluate(
        "[...document.querySelectorAll('.plotly-graph-div')]"
        ".map(d => ({id: d.id, drawn: !!(d._fullLayout && d._fullData && d._fullData.length"
        " && d.querySelector('svg.main-svg'))}))")
    page.add_script_tag(path=str(AXE))
    axe = page.evaluate("async (tags) => (await axe.run(document, {runOnly: {type: 'tag', "
                        "values: tags}})).violations.map(v => ({id: v.id, impact: v.impact, "
                        "help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
                        WCAG_TAGS)
    page.screenshot(path=str(shot), full_page=False)  # for a look by eye
    page.close()
    return {"blocked": blocked, "errors": errors, "figures": drawn, "axe": axe}


@pytest.fixture(scope="session")
def visits(site, tmp_path_factory):
    base, pages = site
    shots = shared_dir(tmp_path_factory).parent / "oms-screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    # computed once per run even with xdist: the browser visit is the slow part
    return computed_once(tmp_path_factory, "browser-visits", lambda: _visit_all(base, pages, shots))


def test_no_request_leaves_the_machine(visits):
    leaks = {n: v["blocked"] for n, v in visits.items() if v["blocked"]}
    assert leaks == {}


def test_console_shows_no_errors(visits):
    errors = {n: v["errors"] for n, v in visits.items() if v["errors"]}
    assert errors == {}


def test_every_plotly_figure_draws(visits):
    undrawn = {n: [f["id"] for f in v["figures"] if not f["drawn"]] for n, v in visits.items()}
    assert {n: ids for n, ids in undrawn.items() if ids} == {}


def test_the_report_has_figures(visits):
    # The budget chapter always has at least one chart; a report without figures means the
    # chart markup was lost on the way.
    assert sum(len(v["figures"]) for v in visits.values()) >= 1


def test_axe_finds_no_wcag21_aa_violations(visits):
    violations = {n: v["axe"] for n, v in visits.items() if v["axe"]}
    assert violations == {}


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory) -> dict:
    """The report as PDF, read back as text: Quarto's (Typst) where quarto exists, else the
    preview made from the same chapters with Pandoc and Typst (analysis.pdf_preview)."""
    import subprocess

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) saknas för att läsa PDF:ens text")
    if shutil.which("quarto") is not None:
        assert report.render_quarto(None, "typst") == 0
        pdfs = sorted((paths.REPORT / "_book").glob("*.pdf"))
        assert pdfs, "Quarto skrev ingen PDF"
        pdf, preview = pdfs[0], False
    else:
        from analysis import pdf_preview

        if not pdf_preview.tools_available():
            pytest.skip("PDF utan Quarto kräver pypandoc_binary och typst (pip install -e .[dev])")
        pdf = pdf_preview.build_pdf(None, tmp_path_factory.mktemp("pdf"), log=lambda *a: None,
                                    jobs=2)
        preview = True
    raw = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    # pdftotext ends every page with a form feed; spaces in amounts are non-breaking
    text = (raw.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2060", "")
            .replace("\u200b", ""))
    return {"text": text, "pages": raw.count("\f"), "preview": preview}


@pytest.mark.slow
def test_pdf_contains_key_figures(pdf_text):
    text = pdf_text["text"]
    for figure in ["13 200 000 kr", "25 469 237 kr", "3 056 308 kr", "Östra Mellansverige"]:
        assert figure in text
    from analysis.tables import budgets
    from analysis.core.formatting import format_sek

    total = int(budgets.budget_lines().query("project_id == 'REAL_OMS' and table == 'cost'")
                ["amount_sek"].sum())
    assert format_sek(total).replace("\u00a0", " ") in text


@pytest.mark.slow
def test_pdf_has_every_chapter_and_pages(pdf_text):
    text = pdf_text["text"]
    for title in ["Sammanfattning", "Regionernas finansiering", "Metod, källor och datakvalitet"]:
        assert title in text
    assert pdf_text["pages"] > 8


@pytest.mark.slow
def test_pdf_preview_says_it_is_a_preview(pdf_text):
    if not pdf_text["preview"]:
        pytest.skip("Quartos PDF är den riktiga rapporten")
    from analysis.pdf_preview import PREVIEW_LABEL

    first_page = pdf_text["text"].split("\f", 1)[0]
    assert PREVIEW_LABEL in first_page
