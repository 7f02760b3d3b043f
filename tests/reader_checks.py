"""Read the report as a reader does: the PDF's text and word boxes page by page (poppler's
``pdftotext``), the web pages' visible text, and the chapters' inline expressions as Quarto sees
them. Each check returns what it found wrong (empty: nothing); tests/unit/test_reader_checks.py
shows on small failing examples (tests/fixtures/reader/) that every check flags its defect, and
tests/integration/test_reader.py runs them on the real Quarto book.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

# Characters that are invisible in a word but break it for search, copying and screen readers
# (zero-width space, non-joiner, joiner, word joiner, zero-width no-break space), and a soft
# hyphen inside a word. A soft hyphen at the end of a line (in a table, before the next cell's
# text) is how the PDF marks a word hyphenated there (Typst, Swedish patterns): viewers join it.
HIDDEN = "\u200b\u200c\u200d\u2060\ufeff"
HIDDEN_IN_WORD = re.compile(rf"[{HIDDEN}]|\u00ad(?=\w)")
# Markdown or code a reader should never see: bold/strong markers, an inline expression,
# backticks, a fenced div or a raw-format attribute.
MARKUP = re.compile(r"\*\*|__\w|\{python\}|`|^:::|\{=(?:html|typst|latex)\}", re.M)
MIN_WORDS = 40  # a page with fewer words is (nearly) empty, the title page apart


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def pdf_pages(pdf: Path) -> list[str]:
    """The PDF's text, one string per page (``pdftotext``, pages split at form feeds)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def pdf_words(pdf: Path) -> list[Word]:
    """Every word of the PDF with its box (``pdftotext -bbox``), pages numbered from 1."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                      r"(.*)</word>", line)
        if m:
            words.append(Word(page, *map(float, m.groups()[:4]), html.unescape(m.group(5))))
    return words


def hidden_characters(pages: list[str]) -> list[tuple[int, str]]:
    """``(page, word)`` for every word with an invisible character in or beside it."""
    found = []
    for n, text in enumerate(pages, 1):
        for m in HIDDEN_IN_WORD.finditer(text):
            start = max(0, m.start() - 12)
            found.append((n, text[start:m.end() + 12].encode("unicode_escape").decode()))
    return found


def markup(pages: list[str]) -> list[tuple[int, str]]:
    """``(page, context)`` for Markdown or code syntax in the text (pages or web pages)."""
    found = []
    for n, text in enumerate(pages, 1):
        for m in MARKUP.finditer(text):
            found.append((n, " ".join(text[max(0, m.start() - 30):m.end() + 30].split())))
    return found


def near_empty_pages(pages: list[str], min_words: int = MIN_WORDS) -> list[tuple[int, int]]:
    """``(page, words)`` for every page after the title page with fewer than ``min_words``."""
    return [(n, len(text.split())) for n, text in enumerate(pages, 1)
            if n > 1 and len(text.split()) < min_words]


def overlapping_words(words: list[Word], tolerance: float = 0.5) -> list[tuple[int, str, str]]:
    """``(page, word, word)`` for two words printed over each other: their boxes share more
    than ``tolerance`` points across and half the smaller one's height (a table header over
    another, two amounts run together into one column)."""
    found = []
    by_page: dict[int, list[Word]] = {}
    for w in words:
        by_page.setdefault(w.page, []).append(w)
    for page, items in by_page.items():
        items.sort(key=lambda w: w.x0)
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if b.x0 >= a.x1 - tolerance:
                    break
                across = min(a.x1, b.x1) - max(a.x0, b.x0)
                down = min(a.y1, b.y1) - max(a.y0, b.y0)
                if across > tolerance and down > 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
                    found.append((page, a.text, b.text))
    return found


class _VisibleText(HTMLParser):
    """A web page's text as a reader sees it: no scripts, styles, code or hidden templates."""

    SKIP = {"script", "style", "code", "pre", "template", "noscript"}

    def __init__(self, code: bool = False):
        super().__init__(convert_charrefs=True)
        self.skip = self.SKIP - ({"code", "pre"} if code else set())
        self.depth = 0
        self.parts: list[str] = []
        self.glue = False

    def handle_starttag(self, tag, attrs):
        if tag in self.skip:
            self.depth += 1
        if tag == "wbr":  # a place a long word may break, not a word boundary: glue the parts
            self.glue = True

    def handle_endtag(self, tag):
        if tag in self.skip and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            if self.glue and self.parts:
                self.parts[-1] += data
            else:
                self.parts.append(data)
        self.glue = False


def web_text(page: str, code: bool = False) -> str:
    """The visible text of an HTML page (what a reader reads; code elements only with ``code``)."""
    parser = _VisibleText(code)
    parser.feed(page)
    return "\n".join(parser.parts)


def long_words(text: str, shortest: int = 14) -> set[str]:
    """The whole words of at least ``shortest`` letters (a word hyphenated at a line's end, its
    parts marked by a soft hyphen, is left out: in a table pdftotext puts the next cell between
    its parts)."""
    tokens = [t for t in text.split() if "\u00ad" not in t]
    return {w for t in tokens for w in re.findall(r"\w+", t)
            if len(w) >= shortest and not w.isdigit()}


# Quarto's own pattern for an inline expression (src/core/execute-inline.ts), applied to each
# line of a Markdown cell: an expression is evaluated only where all of it is on one line, in
# the Markdown (not in the front matter, a cell option such as a caption, or a code cell).
INLINE_ON_ONE_LINE = re.compile(r"(?:^|[^`])`\{python\}[ \t]([^`\n]+)`")
INLINE_START = re.compile(r"`\{python\}")


def inline_expressions_quarto_skips(qmd: str) -> list[tuple[int, str]]:
    """``(line, text)`` for every inline expression Quarto would leave on the page as written."""
    found = []
    lines = qmd.splitlines()
    in_front = bool(lines) and lines[0].strip() == "---"
    in_code = False
    for n, line in enumerate(lines, 1):
        if in_front:
            if n > 1 and line.strip() in ("---", "..."):
                in_front = False
            elif INLINE_START.search(line):
                found.append((n, f"i sidhuvudet (YAML): {line.strip()}"))
            continue
        if re.match(r"^\s*```+\s*\{", line):
            in_code = True
            continue
        if in_code:
            if re.match(r"^\s*```+\s*$", line):
                in_code = False
            elif INLINE_START.search(line):
                found.append((n, f"i en kodcell eller cellinställning: {line.strip()}"))
            continue
        starts = len(INLINE_START.findall(line))
        whole = len(INLINE_ON_ONE_LINE.findall(line))
        if starts > whole:
            found.append((n, f"uttrycket fortsätter på nästa rad eller saknar avslutande `: "
                             f"{line.strip()}"))
    return found
