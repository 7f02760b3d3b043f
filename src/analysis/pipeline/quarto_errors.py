"""A failed Quarto render as a Swedish message naming the chapter and, where it can be told, the
cell (moved out of :mod:`analysis.pipeline.quarto_book`, which re-exports these names)."""

from __future__ import annotations

import re
from pathlib import Path

from .chapter_markdown import CELL_MARK_RE


class QuartoError(RuntimeError):
    """Quarto is missing or a render failed (the message says which chapter and why)."""


PROGRESS = re.compile(r"^\s*\[\s*\d+/\d+\]\s+(\S+)", re.M)
IN_FILE = re.compile(r"in file (\S+?),?\s*$", re.M)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


TYPST_AT = re.compile(r"(\S+\.typ):(\d+):\d+")
MD_AT = re.compile(r"(\S+\.md)(?::|,? line )(\d+)")
QUOTED = re.compile(r"[\"'`«»“”]([^\"'`«»“”\n]{4,80})[\"'`«»“”]")
PATH_TAIL = re.compile(r"[\w./-]*/([\w.-]{5,})")


def _typst_cell(stage: Path, output: str) -> tuple[str, int] | None:
    """The cell Typst's error points at: the nearest cell mark above its line in the .typ."""
    for typ, line in TYPST_AT.findall(output):  # the first error is the cause
        path = next((p for p in (stage / typ, stage / "_out" / typ, Path(typ)) if p.is_file()),
                    None)
        if path is None:
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:int(line)]
        for text in reversed(lines):
            if m := CELL_MARK_RE.match(text.strip()):
                return m.group(1), int(m.group(2))
    return None


def _cell_of(stage: Path | None, output: str, chapter: str | None,
             cells: dict | None) -> tuple[str, int] | None:
    """``(chapter, .qmd line)`` of the cell behind Quarto's failure, where it can be told.

    In this order: Typst's ``file.typ:line:column`` (the cell marks in the .typ), a line of a
    chapter's Markdown file (``cells``: the blocks' lines), and last a quoted name or file
    name from Quarto's message found in exactly one block of the named chapter.
    """
    if stage is not None and (found := _typst_cell(stage, output)):
        return found
    if not cells:
        return None
    for md, line in reversed(MD_AT.findall(output)):
        name = Path(md).with_suffix(".qmd").name
        for first, last, qmd_line, _ in cells.get(name, []):
            if first <= int(line) <= last:
                return name, qmd_line
    if chapter is None:
        return None
    words = [w.strip().rstrip(".,;:") for w in QUOTED.findall(output) + PATH_TAIL.findall(output)]
    words = [w for w in words if w and not w.endswith((".md", ".typ", ".ts", ".lua"))]
    for word in words:
        hits = {qmd_line for _, _, qmd_line, text in cells.get(chapter, []) if word in text}
        if len(hits) == 1:
            return chapter, hits.pop()
    return None


def render_error(to: str, output: str, *, stage: Path | None = None,
                 cells: dict | None = None) -> QuartoError:
    """Quarto's failure as a Swedish message naming the chapter, the cell where it can be told
    (``cells``: chapter -> ``(first, last Markdown line, .qmd line, text)`` per block) and
    giving Quarto's own words."""
    output = ANSI.sub("", output)
    named = IN_FILE.findall(output) or PROGRESS.findall(output)
    chapter = Path(named[-1]).with_suffix(".qmd").name if named else None
    cell = _cell_of(stage, output, chapter, cells)
    if cell:
        chapter = cell[0]
    where = f" i kapitlet {chapter}" if chapter else ""
    if cell:
        where += f", cellen på rad {cell[1]}"
    lines = [ln.rstrip() for ln in output.splitlines()
             if ln.strip() and not ln.lstrip().startswith("at ")]
    start = next((i for i, ln in enumerate(lines) if "ERROR" in ln or "error:" in ln),
                 max(0, len(lines) - 12))
    message = lines[start:start + 12]
    if "Stack trace:" in message:
        message = message[:message.index("Stack trace:")]
    return QuartoError(f"Quarto kunde inte skriva rapporten ({to}){where}:\n"
                       + "\n".join(message))
