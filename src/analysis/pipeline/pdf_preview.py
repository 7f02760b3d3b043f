"""A PDF preview of the report without Quarto: the same chapters through Pandoc and Typst.

Every chapter that ``report/_quarto.yml`` lists is executed through the Jupyter kernel in the
display mode Quarto gets (``quarto``), narrowed to the Typst variant: each figure is a PNG made by
kaleido with its caption, followed by its data as a pipe table, and each report table is a pipe
table. The chapters' prose (inline values filled in) and these outputs are joined into one
Markdown document, converted to Typst by Pandoc (``pypandoc_binary`` ships the binary) and
compiled to PDF by Typst (``typst`` on PyPI). The result, ``report/_preview/rapport.pdf``, says on
every page that it is a preview; the real PDF is Quarto's (``quarto render report``).
"""

from __future__ import annotations

import time
from pathlib import Path

from ..core import atomic, paths
from .chapters import chapter_files, quarto_config
from .kernels import default_jobs, execute_chapters, stderr_outputs
from .preview_pages import PREVIEW_DIR

PDF_FILE = "rapport.pdf"
PREVIEW_LABEL = "Förhandsversion utan Quarto"
PDF_BANNER = (f"*{PREVIEW_LABEL}.* Samma kapitel och samma siffror som rapporten, men enklare "
              "layout, gjord med Pandoc och Typst eftersom Quarto inte finns på datorn. Den "
              "slutliga PDF-versionen görs med Quarto (quarto render report).")
MISSING_TOOLS = ("PDF-förhandsversionen kräver paketen pypandoc_binary och typst "
                 "(pip install pypandoc_binary typst, eller pip install -e .[dev]).")

# Typst set before the document: a running header naming the preview, figures (tables too) that
# may break across pages, compact tables with a rule under the header row (long words such as
# file names may break anywhere, so they cannot run into the next column), and each chapter on a
# new page.
TYPST_STYLE = rf"""
#set page(header: context align(right, text(size: 8pt, fill: luma(80))[{PREVIEW_LABEL}]))
#show figure: set block(breakable: true)
#show figure.caption: set text(size: 9pt)
#show table: set text(size: 8.5pt)
#show table: set par(justify: false)
#show table: it => {{ show regex("\S{{16,}}"): w => w.text.clusters().join("\u{{200B}}"); it }}
#set table(inset: (x: 4pt, y: 3pt), stroke: (x, y) => if y == 0 {{ (bottom: 0.6pt) }})
#show table.cell.where(y: 0): set text(weight: "bold")
#show heading.where(level: 1): set text(size: 1.5em)
#show heading.where(level: 1): it => {{ pagebreak(weak: true); it }}
"""


class PdfToolsMissing(RuntimeError):
    """pypandoc_binary or typst is not installed."""


def tools_available() -> bool:
    try:
        import pypandoc  # noqa: F401
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


def chapter_markdown(nb, anchor: str) -> str:
    """An executed chapter as Markdown: its title as a level-1 heading, prose and outputs."""
    title = nb.metadata["oms"]["title"]
    from .quarto_book import chapter_parts_markdown

    return "\n\n".join([f"# {title} {{#{anchor}}}", *chapter_parts_markdown(nb)])


def _metadata_block(config: dict) -> str:
    import yaml

    book = config.get("book", {})
    meta = {"title": book.get("title", "Rapport"), "lang": config.get("lang", "sv"),
            "margin": {"x": "2.2cm", "y": "2.5cm"}}
    if book.get("subtitle"):
        meta["subtitle"] = book["subtitle"]
    dump = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{dump}---"


def document_markdown(chapters: list[tuple[str, object]], config: dict) -> str:
    """The whole report as one Markdown document: title block, preview notice, chapters."""
    parts = [_metadata_block(config)]
    parts += [chapter_markdown(nb, Path(name).stem) for name, nb in chapters]
    return "\n\n".join(parts) + "\n"


def markdown_to_typst(markdown: str) -> str:
    import pypandoc

    banner = pypandoc.convert_text(PDF_BANNER, "typst", format="markdown").strip()
    notice = (f'#block(width: 100%, inset: 8pt, fill: rgb("#fff4ce"), '
              f'stroke: (left: 2pt + rgb("#8a6d00")))[{banner}]')
    # --columns: pipe tables are never wider than this, so Pandoc leaves their column widths to
    # Typst (sized to the content) instead of equal shares of the page.
    args = ["--standalone", "--toc", "--toc-depth=2", "--columns=10000",
            "-V", "papersize=a4", "-V", "page-numbering=1",
            "-V", f"header-includes={TYPST_STYLE}", "-V", f"include-before={notice}"]
    return pypandoc.convert_text(markdown, "typst", format="markdown", extra_args=args)


def build_pdf(params: dict | None = None, out_dir: Path | None = None, log=print, *,
              report_dir: Path | None = None, jobs: int | None = None) -> Path:
    """Execute every chapter for Typst and write the PDF preview; its path.

    ``out_dir`` defaults to ``report/_preview``; the Markdown and Typst sources are kept next to
    the PDF (``rapport.md``, ``rapport.typ``) for a look when the layout needs work.
    """
    if not tools_available():
        raise PdfToolsMissing(MISSING_TOOLS)
    import typst

    report_dir = Path(report_dir or paths.REPORT)
    out_dir = Path(out_dir or PREVIEW_DIR)
    jobs = default_jobs() if jobs is None else jobs
    files = chapter_files(report_dir)
    log("Kör kapitlen för PDF-förhandsversionen (Typst) ...")
    chapters = list(execute_chapters(report_dir, files, params, log, jobs,
                                             mode="quarto", target="typst"))
    for name, nb in chapters:
        for item in stderr_outputs(nb):
            first = item["text"].strip().splitlines()[0] if item["text"].strip() else ""
            log(f"  Varning: {name}, rad {item['line']}: utskrift på stderr utelämnad ur "
                f"PDF:en: {first}")
    markdown = document_markdown(chapters, quarto_config(report_dir))
    t0 = time.monotonic()
    source = markdown_to_typst(markdown)
    # The three files are swapped in together (analysis.core.atomic.output_set): a failed or
    # killed run leaves the previous PDF and its sources as they were.
    with atomic.output_set(out_dir) as staged:
        (staged / "rapport.md").write_text(markdown, encoding="utf-8")
        (staged / "rapport.typ").write_text(source, encoding="utf-8")
        # Compiled from memory with the report folder as root: the figures' paths in the Markdown
        # are relative to it (the chapters' kernels run there), wherever the PDF is written.
        typst.compile(source.encode("utf-8"), output=str(staged / PDF_FILE), root=str(report_dir))
    log(f"  PDF: Pandoc och Typst ({time.monotonic() - t0:.0f} s)")
    return out_dir / PDF_FILE
