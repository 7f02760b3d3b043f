"""An executed chapter as plain Markdown for Quarto, and the staged book's ``_quarto.yml``.

Moved out of :mod:`analysis.pipeline.quarto_book` (which re-exports these names): the prose
with its inline values filled in and every output as Markdown, per format where a figure has
a variant for each (:data:`analysis.present.display.FORMAT_MIME`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path


def output_markdown(output, fmt: str | None = None) -> str:
    """One cell output as Markdown: figures and tables arrive as text/markdown already.

    With ``fmt`` (``html``, ``typst``) a figure gives only that format's variant where the
    output has it (:data:`analysis.present.display.FORMAT_MIME`). Text on stderr (warnings, a
    library's log lines) is left out; the caller reports it.
    """
    from ..present.display import FORMAT_MIME

    if fmt and FORMAT_MIME.get(fmt) in output.get("data", {}):
        return output["data"][FORMAT_MIME[fmt]]
    if output.get("output_type") == "stream":
        if output.get("name") == "stderr":
            return ""
        text = output.get("text", "").rstrip("\n")
        return _code_block(text) if text.strip() else ""
    data = output.get("data", {})
    if "text/markdown" in data:
        return data["text/markdown"]
    if "text/plain" in data:
        return _code_block(data["text/plain"])
    return ""


def _code_block(text: str) -> str:
    """Plain output as a code block whose fence no line of the text can close."""
    from ..core.escape import markdown_fence

    fence = markdown_fence(text)
    return f"{fence}\n{text}\n{fence}"


def chapter_blocks(nb, fmt: str | None = None) -> list[tuple[int | None, str]]:
    """An executed chapter's prose (inline values filled in) and outputs as Markdown blocks,
    each with the .qmd line of the cell it comes from (``None`` where unknown); ``fmt`` as in
    :func:`output_markdown`."""
    from .preview_pages import chapter_parts

    # chapter_parts yields a markdown cell's prose in order and a code cell's outputs as the
    # very objects of the notebook: both lead back to their cell.
    prose_lines = iter([c.metadata.get("oms", {}).get("line") for c in nb.cells
                        if c.cell_type != "code"])
    output_lines = {id(o): c.metadata.get("oms", {}).get("line") for c in nb.cells
                    if c.cell_type == "code" for o in c.get("outputs", [])}
    blocks = []
    for kind, item in chapter_parts(nb):
        if kind == "markdown":
            line, text = next(prose_lines, None), item
        else:
            line, text = output_lines.get(id(item)), output_markdown(item, fmt)
        if text.strip():
            blocks.append((line, text.strip("\n")))
    return blocks


def chapter_parts_markdown(nb) -> list[str]:
    """An executed chapter's prose (inline values filled in) and outputs, as Markdown blocks."""
    return [text for _, text in chapter_blocks(nb)]


CELL_MARK = "// oms-cell {name} rad {line}"
CELL_MARK_RE = re.compile(r"^// oms-cell (\S+) rad (\d+)\s*$")


def chapter_document(nb, *, name: str | None = None, cell_map: list | None = None,
                     marks: bool = False, fmt: str | None = None) -> str:
    """The chapter as a Markdown file for Quarto: its title in the front matter, then the body.

    ``cell_map`` (a list) receives ``(first Markdown line, last line, .qmd line)`` per block, so
    that a failure Quarto reports by line can be traced to its cell; ``marks`` puts a Typst
    comment naming the cell before each block (it survives into Quarto's ``.typ`` file, whose
    line numbers Typst's errors give); ``fmt`` writes only that format's figures.
    """
    title = json.dumps(nb.metadata["oms"]["title"], ensure_ascii=False)
    text = f"---\ntitle: {title}\n---\n"
    for line, block in chapter_blocks(nb, fmt):
        if marks and line is not None and name:
            text += "\n```{=typst}\n" + CELL_MARK.format(name=name, line=line) + "\n```\n"
        start = text.count("\n") + 2
        text += "\n" + block + "\n"
        if cell_map is not None and line is not None:
            cell_map.append((start, text.count("\n"), line))
    return text


def stage_config(config: dict, files: list[str]) -> dict:
    """``_quarto.yml`` for the staged book: chapters as .md, no pre-/post-render, no execution."""
    import copy

    staged = copy.deepcopy(config)
    project = staged.setdefault("project", {})
    for key in ("pre-render", "post-render"):
        project.pop(key, None)
    project["output-dir"] = "_book"
    staged.pop("execute", None)
    md = {name: str(Path(name).with_suffix(".md")) for name in files}

    def rename(items):
        out = []
        for item in items or []:
            if isinstance(item, str):
                out.append(md.get(item, item))
            elif isinstance(item, dict):
                item = dict(item)
                if "chapters" in item:
                    item["chapters"] = rename(item["chapters"])
                if isinstance(item.get("part"), str):
                    item["part"] = md.get(item["part"], item["part"])
                out.append(item)
        return out

    book = staged.setdefault("book", {})
    for key in ("chapters", "appendices"):
        if key in book:
            book[key] = rename(book[key])
    return staged
