"""Quarto's web pages: the page head's plotly.js and styles, and the previous/next links fixed up.

Moved out of :mod:`analysis.pipeline.quarto_book` (which re-exports these names); used by the
report's own build and by Quarto's pre-/post-render steps (``report/_prepare.py``,
``report/_finish.py``) alike, so that both commands give the same pages.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from ..core import paths

# Quarto's pages only. On a phone a long heading word ("Tillgänglighetsredogörelse" at h2 size)
# is wider than the screen: it may break anywhere rather than run past the edge. The heading
# anchor (an empty link whose icon CSS draws) sticks to the last word; a zero-width space lets it
# move to the next line instead. The previous/next chapter links at the foot of a page share one
# line; with two long chapter titles they were wider than a phone: each may take half the width
# and wrap its title.
# A long word in the text (a web address in an evaluator's source, a long title) wraps inside
# its paragraph, caption or cell instead of widening the page. In a table a long word carries
# break opportunities (<wbr>, analysis.present.report_tables.web_pieces), so that one long
# address cannot push the other columns out of view; the columns keep the automatic layout
# (never narrower than their words: "Projekt" never becomes "Projek/t") with the widths from
# the content (<col>) as the browser's guide.
QUARTO_CSS = """
main h1, main h2, main h3, main h4 { overflow-wrap: anywhere; }
main p, main li, main caption, main figcaption, main td, main th { overflow-wrap: break-word; }
main td, main th { hyphens: manual; }
.anchorjs-link::before { content: "\\200B"; }
.page-navigation .nav-page { max-width: 50%; min-width: 0; }
.page-navigation .nav-page .pagination-link { white-space: normal; overflow-wrap: anywhere; }
"""


def write_quarto_assets(report_dir: Path | None = None) -> Path:
    """plotly.js (once per page, from the local plotly package) and styles for Quarto's page head."""
    from ..present.display import CHART_CSS
    from .preview_pages import plotly_js_path

    assets = Path(report_dir or paths.REPORT) / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    target = assets / "plotly.min.js"
    if not target.exists() or target.stat().st_size != plotly_js_path().stat().st_size:
        shutil.copyfile(plotly_js_path(), target)
    header = assets / "plotly-header.html"
    text = (f'<script src="assets/plotly.min.js" charset="utf-8"></script>\n'
            f"<style>{CHART_CSS}{QUARTO_CSS}</style>\n")
    if not header.exists() or header.read_text(encoding="utf-8") != text:
        header.write_text(text, encoding="utf-8")
    return header


PAGINATION = re.compile(r'(<a\s+href="[^"]*" class="pagination-link") aria-label="[^"]*">(.*?)</a>',
                        re.S)


def fix_navigation(page: str) -> str:
    """Previous/next links named by their visible text (with the chapter number), WCAG 2.5.3.

    Quarto names them by the chapter title alone ("Mål och uppföljning") while they show
    "5 Mål och uppföljning"; the name now says where the link goes and then the visible text,
    so that speech input ("klicka 5 Mål och uppföljning") finds the link.
    """
    def name(m):
        visible = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(2))).split())
        where = "Föregående kapitel" if "arrow-left" in m.group(2) else "Nästa kapitel"
        label = html.escape(f"{where}: {visible}", quote=True)
        return f'{m.group(1)} aria-label="{label}">{m.group(2)}</a>'

    return PAGINATION.sub(name, page)


def fix_pages(out_dir: Path) -> int:
    """Apply :func:`fix_navigation` to every HTML page of a rendered book; pages changed."""
    changed = 0
    for page in Path(out_dir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = fix_navigation(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
            changed += 1
    return changed
