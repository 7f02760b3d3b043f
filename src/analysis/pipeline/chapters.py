"""The report's chapters: ``report/_quarto.yml``'s chapter list and ``.qmd`` files as notebooks.

A chapter is parsed into cells (code cells are ```` ```{python} ```` chunks with their ``#|``
options; inline expressions `` `{python} expr` `` are evaluated in the kernel by a generated cell
before their prose), the same way Quarto's Jupyter engine reads it. Used by the preview
(:mod:`analysis.preview_pages`), the Quarto book (:mod:`analysis.quarto_book`) and the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core import paths
from ..core.escape import Markdown, as_markdown, markdown_text

INLINE_MIME = "application/vnd.oms.inline+json"


# --- _quarto.yml and chapters ---------------------------------------------------------------

def quarto_config(report_dir: Path | None = None) -> dict:
    import yaml

    path = Path(report_dir or paths.REPORT) / "_quarto.yml"
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _flatten_chapters(items) -> list[str]:
    out: list[str] = []
    for item in items or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            if isinstance(item.get("part"), str) and item["part"].endswith((".qmd", ".md", ".ipynb")):
                out.append(item["part"])
            out.extend(_flatten_chapters(item.get("chapters")))
    return out


def chapter_files(report_dir: Path | None = None) -> list[str]:
    """The chapter files in book order (chapters, then appendices), as listed in _quarto.yml."""
    book = quarto_config(report_dir).get("book", {})
    return _flatten_chapters(book.get("chapters")) + _flatten_chapters(book.get("appendices"))


# --- .qmd parsing -----------------------------------------------------------------------------

@dataclass
class QmdCell:
    kind: str  # "markdown" or "code"
    source: str
    options: dict = field(default_factory=dict)
    line: int = 1  # 1-based line in the .qmd where the cell starts


CODE_START = re.compile(r"^```+\s*\{python([^}]*)\}\s*$")
FENCE = re.compile(r"^(`{3,}|~{3,})")
INLINE = re.compile(r"`\{python\}[ \t]+([^`\n]+?)`")


def parse_qmd(path: Path) -> tuple[dict, list[QmdCell]]:
    """Front matter and cells of a .qmd. Only ```{python} chunks are code; other fences are text."""
    import yaml

    from ..core.errors import DataError

    lines = Path(path).read_text(encoding="utf-8").split("\n")
    front: dict = {}
    i = 0
    if lines and lines[0].strip() == "---":
        for j in range(1, len(lines)):
            if lines[j].strip() in {"---", "..."}:
                front = yaml.safe_load("\n".join(lines[1:j])) or {}
                i = j + 1
                break
        else:
            raise DataError(path, 1, "YAML-huvudet (front matter) avslutas aldrig med ---")
    cells: list[QmdCell] = []
    text: list[str] = []
    text_start = i + 1
    in_fence: str | None = None
    while i < len(lines):
        line = lines[i]
        if in_fence is None and CODE_START.match(line):
            fence = re.match(r"^`+", line).group(0)
            start = i
            body = []
            i += 1
            while i < len(lines) and lines[i].strip() != fence:
                body.append(lines[i])
                i += 1
            if i >= len(lines):
                raise DataError(path, start + 1, "kodcellen avslutas aldrig")
            if "".join(text).strip():
                cells.append(QmdCell("markdown", "\n".join(text).strip("\n"), line=text_start))
            text = []
            opts_lines = [b[3:].strip() if len(b) > 3 else "" for b in body if b.startswith("#|")]
            code = [b for b in body if not b.startswith("#|")]
            try:
                options = yaml.safe_load("\n".join(opts_lines)) or {} if opts_lines else {}
            except yaml.YAMLError as err:
                raise DataError(path, start + 2, f"ogiltiga cellinställningar (#|): {err}") from err
            cells.append(QmdCell("code", "\n".join(code).strip("\n"), options, line=start + 1))
            i += 1
            text_start = i + 1
            continue
        m = FENCE.match(line)
        if m:
            if in_fence is None:
                in_fence = m.group(1)
            elif line.strip() == in_fence:
                in_fence = None
        text.append(line)
        i += 1
    if "".join(text).strip():
        cells.append(QmdCell("markdown", "\n".join(text).strip("\n"), line=text_start))
    return front, cells


def inline_expressions(markdown: str) -> list[str]:
    return INLINE.findall(markdown)


def inline_values(thunks) -> None:
    """Evaluate a markdown cell's inline expressions in the kernel and hand the values back.

    Called from a generated cell; the values travel as a display output with our own MIME type.
    """
    from IPython.display import display

    values = []
    for thunk in thunks:
        value = thunk()
        values.append(inline_record(value))
    display({INLINE_MIME: values}, raw=True)


def inline_record(value) -> dict:
    """An inline value as the build uses it: ``markdown`` goes into the prose.

    A :class:`~analysis.core.escape.Markdown` value (what ``core.formatting.inline_text``
    returns) is inserted as it is, exactly as Quarto's Jupyter engine inserts its
    ``text/markdown``; anything else is text and escaped (``core.escape.markdown_text``).
    ``value`` is the text a reader sees, non-breaking spaces kept.
    """
    markdown = as_markdown(value)
    plain = markdown.plain if isinstance(value, Markdown) else str(value)
    kind = "Markdown" if isinstance(value, Markdown) else type(value).__name__
    return {"value": plain, "markdown": str(markdown), "type": kind,
            "quarto_safe": quarto_safe(value)}


def quarto_safe(value) -> bool:
    """Whether Quarto shows this inline value as written.

    A :class:`~analysis.core.escape.Markdown` value reaches Quarto as ``text/markdown``: safe
    unless empty (Quarto then leaves the expression on the page as written). For anything else
    Quarto inserts the ``repr`` with the quotes stripped, so a string whose repr escapes
    characters (a non-breaking space becomes ``\\xa0``, a newline ``\\n``) or that holds both
    kinds of quote would be shown garbled; only plain, non-empty printable strings are safe
    (and Quarto's own escaping of them is weaker than ours).
    """
    if isinstance(value, Markdown):
        # Quarto keeps an expression with an empty value as written (`{python} …` on the page)
        return bool(str(value).strip())
    return (isinstance(value, str) and value.isprintable() and value.strip() != ""
            and "\\" not in value and not ("'" in value and '"' in value))


def escape_markdown(text: str) -> str:
    """Inline values are text, not Markdown (``core.escape.markdown_text``)."""
    return str(markdown_text(text))


def qmd_notebook(path: Path, params: dict | None = None):
    """The chapter as a notebook: code cells, markdown cells, inline-expression cells, parameters."""
    import nbformat

    front, cells = parse_qmd(path)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["oms"] = {"title": front.get("title") or Path(path).stem, "source": str(path)}
    for cell in cells:
        if cell.kind == "code":
            tags = cell.options.get("tags") or []
            c = nbformat.v4.new_code_cell(cell.source)
            c.metadata["oms"] = {"options": cell.options, "line": cell.line}
            c.metadata["tags"] = list(tags)
            nb.cells.append(c)
            if "parameters" in tags and params:
                # papermill/Quarto convention: a cell after the parameters cell overrides them
                inj = "\n".join(f"{k} = {v!r}" for k, v in params.items())
                ic = nbformat.v4.new_code_cell("# Injected parameters\n" + inj)
                ic.metadata["tags"] = ["injected-parameters"]
                ic.metadata["oms"] = {"options": {}, "line": cell.line}
                nb.cells.append(ic)
        else:
            exprs = inline_expressions(cell.source)
            if exprs:
                thunks = ", ".join(f"lambda: ({e})" for e in exprs)
                ec = nbformat.v4.new_code_cell(
                    "from analysis.pipeline.chapters import inline_values as _oms_inline_values\n"
                    f"_oms_inline_values([{thunks}])")
                ec.metadata["oms"] = {"inline_for": len(nb.cells) + 1, "expressions": exprs,
                                      "line": cell.line}
                nb.cells.append(ec)
            md = nbformat.v4.new_markdown_cell(cell.source)
            md.metadata["oms"] = {"line": cell.line}
            nb.cells.append(md)
    return nb

