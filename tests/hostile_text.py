"""A hostile copy of the project: document text carrying markup payloads (issue 13).

The payloads stand in the ECS3 decision's title, its applicant and a target text, and in an
evaluator's entry (evidence and source in ``data/assessment/ECS3.csv``), in the tmp copy
of ``data/`` that ``OMS_PROJECT_ROOT`` points to; the report's chapters are copied beside it.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from analysis.core import paths

# Every class at once: HTML elements and event attributes, a javascript: link, Markdown link and
# image syntax, a pandoc raw attribute, Typst commands and math, a Quarto shortcode.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<details open ontoggle="alert&lpar;1&rpar;">',
    '<a href="javascript:alert(1)">klick</a>',
    "[länk](javascript:alert(1))",
    "![bild](http://evil/x.png)",
    "`<b>fet</b>`{=html}",
    "#set page(fill: red)",
    '#import "evil.typ"',
    "$x^2$",
    "{{< include saknas.qmd >}}",  # a Quarto shortcode
]
PAYLOAD = " ".join(PAYLOADS)
ECS3 = ("000_5838ca1629de2de5.txt", "001_ab629fffe3119f03.txt")  # one decision, two layouts
SKIP = {"processed", "_book", "_preview", ".quarto", "_freeze", "__pycache__"}


def _ignore(folder, names):
    return [n for n in names if n in SKIP or n.startswith(".oms-")]


def hostile_root(root: Path, chapters: list[str]) -> Path:
    """A project tree in ``root``: data with the payloads, the report with only ``chapters``."""
    import yaml

    shutil.copytree(paths.DATA, root / "data", ignore=_ignore)
    shutil.copytree(paths.REPORT, root / "report", ignore=lambda f, n: _ignore(f, n) + (
        ["figures"] if Path(f).name == "assets" else []))
    shutil.copyfile(paths.ROOT / "pyproject.toml", root / "pyproject.toml")
    lines = [  # (line as it stands, as pattern; what the payload is put before or after)
        (r"^([ \t]*)(East Central Sweden \(ECS\) The Innovative Smart Region[ \t]*)$", r"\1{p} \2"),
        (r"^(Region Västmanland ansöker om)", r"{p} \1"),
        (r"^(300 företag får stöd)([ \t]*)$", r"\1 {p}\2"),
    ]
    for name in ECS3:
        doc = root / "data" / "raw" / "documents" / name
        hostile = doc.read_text(encoding="utf-8")
        for pattern, repl in lines:
            hostile = re.sub(pattern, repl.replace("{p}", PAYLOAD.replace("\\", "\\\\")),
                             hostile, count=1, flags=re.M)
        assert hostile.count(PAYLOAD) == 3, name
        doc.write_text(hostile, encoding="utf-8")
    # an evaluator's entry (data/assessment/ECS3.csv): the evidence and where it stands
    entries = root / "data" / "assessment" / "ECS3.csv"
    lines = entries.read_text(encoding="utf-8").split("\n")
    header = next(i for i, ln in enumerate(lines) if ln.startswith("item_id,"))
    names = lines[header].split(",")
    rows = list(csv.reader([ln for ln in lines[header + 1:] if ln.strip()]))
    for row in rows:
        if row[0] == "ECS3-PM":
            row[names.index("rating")] = "3"
            row[names.index("evidence")] = PAYLOAD
            row[names.index("source")] = PAYLOAD
            row[names.index("date")] = "2019-06-01"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    entries.write_text("\n".join(lines[:header + 1]) + "\n" + out.getvalue(), encoding="utf-8")
    config_file = root / "report" / "_quarto.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    book = config["book"]
    book["chapters"] = list(chapters)
    book.pop("appendices", None)
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    return root


class Page(HTMLParser):
    """Elements, attributes, script contents and visible text of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in {"script", "style"}:
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if self._in:
            if self._in[-1] == "script":
                self.scripts.append(data)
        else:
            self.text.append(data)

    @property
    def tags(self) -> list[str]:
        return [t for t, _ in self.elements]

    @property
    def attrs(self) -> list[tuple]:
        return [kv for _, a in self.elements for kv in a.items()]

    @property
    def visible(self) -> str:
        # ASCII white space squeezed; non-breaking spaces kept (they are part of a number)
        return re.sub(r"[ \t\n\r\f\v]+", " ", "".join(self.text)).strip()


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page
