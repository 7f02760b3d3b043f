"""Small made-up preview sets for the tests of atomic output (unit and integration)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.core import atomic
from analysis.pipeline import preview_pages
from analysis.pipeline import workbook_build
from analysis.present.workbook import WORKBOOK_NAME

OLD_CHAPTERS = ["index.qmd", "budget.qmd", "gammal.qmd"]
NEW_CHAPTERS = ["index.qmd", "budget.qmd", "ny.qmd", "metod.qmd"]


class _Node(dict):
    """A notebook or cell as nbformat's NotebookNode gives it to the preview (a dict whose keys
    are also attributes). Not nbformat itself: importing it costs every test run a second or two
    (its JSON-schema validator), and these notebooks are never read, written or validated."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def chapters(version: str, names: list[str]):
    out = []
    for name in names:
        nb = _Node(cells=[], metadata=_Node(oms={"title": f"{name} {version}", "source": name}),
                   nbformat=4, nbformat_minor=5)
        cell = _Node(cell_type="markdown", metadata=_Node(oms={"line": 1}),
                     source=f"Texten i version {version}.")
        nb.cells.append(cell)
        out.append((name, f"{name} {version}", nb))
    return out


@pytest.fixture
def small_writers(tmp_path, monkeypatch):
    """plotly.js and the workbook replaced by small files that say which run wrote them."""
    js = tmp_path / "plotly.js"
    js.write_text("/* plotly */", encoding="utf-8")
    monkeypatch.setattr(preview_pages, "plotly_js_path", lambda: js)

    def workbook(out_dir, tables):
        version = tables[0].title.rsplit(" ", 1)[-1] if tables else "?"  # "index.qmd 2"
        return atomic.write_text(Path(out_dir) / WORKBOOK_NAME, f"arbetsbok {version}")

    monkeypatch.setattr(workbook_build, "write_report_workbook", workbook)


def write(out: Path, version: str, names: list[str]):
    return preview_pages.write_preview(out, chapters(version, names), "Boken", {"version": version})


def assert_one_consistent_preview(out: Path) -> str:
    """The preview in ``out`` is one run's: the manifest lists exactly the pages there, and every
    page, the e-mail file and the workbook come from the run the manifest names. Its version."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    version = manifest["params"]["version"]
    pages = {Path(c["file"]).with_suffix(".html").name for c in manifest["chapters"]}
    there = {p.name for p in out.glob("*.html")} - {preview_pages.EMAIL_FILE}
    assert there == pages
    for page in pages:
        text = (out / page).read_text(encoding="utf-8")
        assert f"version {version}." in text and text.rstrip().endswith("</html>")
    email = (out / preview_pages.EMAIL_FILE).read_text(encoding="utf-8")
    assert email.count(f"version {version}.") == len(pages) and email.rstrip().endswith("</html>")
    assert (out / WORKBOOK_NAME).read_text(encoding="utf-8") == f"arbetsbok {version}"
    assert (out / "plotly.min.js").is_file()
    return version


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))
