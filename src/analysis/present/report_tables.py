"""Report tables as a reader sees them: cells formatted Swedish style, an accessible HTML table,
a Markdown pipe table for Quarto (HTML and Typst) with column widths from its content, and the
data as CSV. Moved out of :mod:`analysis.present.display`, which re-exports these names."""

from __future__ import annotations

import math
import re
import urllib.parse
from dataclasses import dataclass

from ..core.escape import html_attr, html_text, markdown_attr, markdown_text
from .display_state import YEAR_HEADERS, unique_id

# --- cells ----------------------------------------------------------------------------------


def format_cell(value, decimals: int = 2) -> str:
    """A table cell as a reader sees it: numbers through analysis.formatting, text as is."""
    from ..core.formatting import _is_missing, format_number

    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if _is_missing(value):
        return "uppgift saknas"
    try:
        return format_number(float(value), decimals)
    except (TypeError, ValueError):
        return str(value)


def _column_decimals(series) -> int:
    """Decimals a numeric column needs (0, 1 or 2): 3056308.0 -> 0, 12.5 -> 1."""
    values = [float(v) for v in series.dropna()]
    for d in (0, 1):
        if all(abs(round(v, d) - v) < 1e-9 for v in values):
            return d
    return 2


def _rows(df) -> tuple[list[str], list[list[str]]]:
    import pandas as pd

    headers = [str(c) for c in df.columns]
    columns = []
    for header, col in zip(headers, df.columns):
        series = df[col]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            if YEAR_HEADERS.search(header):  # years are labels, not amounts: 2018, not 2 018
                columns.append([format_cell(v) if pd.isna(v) else str(int(v)) for v in series])
            else:
                d = _column_decimals(series)
                columns.append([format_cell(v, d) for v in series])
        else:
            columns.append([format_cell(v) for v in series])
    rows = [list(r) for r in zip(*columns)] if columns else []
    return headers, rows


# A value already formatted Swedish style ("3 056 308 kr", "12,0 %", "−1", "+409,4 %"): a number
# even though its column holds text, so it is aligned right and never wrapped mid-number.
# The spaces are ordinary or non-breaking (analysis.core.formatting writes U+00A0).
FORMATTED_NUMBER = re.compile(
    r"^[+−-]?\d{1,3}([ \u00a0]\d{3})*(,\d+)?([ \u00a0]?(kr|mnkr|tkr|%|kr per invånare))?$")


def _numeric_columns(df) -> set[int]:
    import pandas as pd

    return {i for i, c in enumerate(df.columns) if pd.api.types.is_numeric_dtype(df[c])}


def _is_number_cell(column_numeric: bool, text: str) -> bool:
    return column_numeric or bool(FORMATTED_NUMBER.match(text))


REPEATED_TEXT = 60  # a quotation this long in the row above, repeated, is shown once
QUOTE_MARKS = "”“«\"'"
SAME_AS_ABOVE = "Samma citat som raden ovan."


def _shown_once(rows: list[list[str]], numeric: set[int]) -> list[list[str]]:
    """Rows whose quotation (a cell that opens with a quotation mark) repeats the row above's
    in the same column: the quotation is shown once, the repeat reads "Samma citat som raden
    ovan." (a table is read row by row; the data keep every row's quotation)."""
    out = []
    for k, row in enumerate(rows):
        out.append([SAME_AS_ABOVE if (k and i not in numeric and len(v) >= REPEATED_TEXT
                                      and v[:1] in QUOTE_MARKS and rows[k - 1][i] == v) else v
                    for i, v in enumerate(row)])
    return out


def table_html(df, caption: str | None = None, *, table_id: str | None = None) -> str:
    """An accessible HTML table: <caption>, <th scope="col">, numbers right-aligned."""
    headers, rows = _rows(df)
    numeric = _numeric_columns(df)
    rows = _shown_once(rows, numeric)
    out = [f'<table class="oms-table"{f" id={chr(34)}{table_id}{chr(34)}" if table_id else ""}>']
    if caption:
        out.append(f"<caption>{html_text(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{html_text(h)}</th>' for h in headers)
               + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        cells = "".join(
            f'<td class="num">{html_text(v)}</td>' if _is_number_cell(i in numeric, v)
            else f"<td>{html_text(v)}</td>"
            for i, v in enumerate(row))
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table>")
    # A wide table scrolls inside its own box instead of running past the page; the box can
    # take keyboard focus so that it can be scrolled without a mouse (WCAG 2.1.1).
    label = html_attr(caption or "Tabell")
    return (f'<div class="oms-table-wrap" role="region" tabindex="0" aria-label="{label}">'
            + "".join(out) + "</div>")


def _md_escape(text: str) -> str:
    """Text in Markdown (a table cell, a caption, an image's description): shown as written."""
    return markdown_text(text)


MISSING_TEXT = {"uppgift saknas", "–", "-", ""}
# A word this long (a web address, a file name) may break on the web page after / _ . - ? & =,
# marked by <wbr> (raw HTML, which the PDF ignores: Typst breaks web addresses itself and the
# column widths count them whole); every other word keeps its width, so no column of short
# words is squeezed into broken fragments.
LONG_WORD = 30
BREAK_AFTER_WEB = re.compile(r"(?<=[/_.?&=-])(?=.)")
WBR = "`<wbr>`{=html}"


def web_pieces(word: str) -> list[str]:
    """A long web address or file name (a word with / _ or .) split where the web page may
    break it (after / _ . - ? & =); any other word stays whole."""
    if len(word) < LONG_WORD or not re.search(r"[/_.]", word):
        return [word]
    return BREAK_AFTER_WEB.split(word)


def _cell_markdown(text: str) -> str:
    """A text cell as Markdown: escaped, long words breakable on the web page."""
    if len(text) < LONG_WORD:
        return _md_escape(text)
    return "".join(WBR.join(_md_escape(p) for p in web_pieces(w)) if w.strip() else w
                   for w in re.split(r"(\s+)", text))


def _number_columns(df, rows: list[list[str]]) -> set[int]:
    """Columns of numbers: numeric, or text whose every value is a formatted number."""
    numeric = _numeric_columns(df)
    for i in range(len(df.columns)):
        values = [r[i] for r in rows if r[i] not in MISSING_TEXT]
        if values and all(FORMATTED_NUMBER.match(v) for v in values):
            numeric.add(i)
    return numeric


# --- column widths in the PDF -------------------------------------------------------------------
# The PDF's page and table text (report/pdf-style.typ and the Typst book template): A4 with 3 cm
# side margins leaves 425 pt for a table (672 pt on a landscape page); table text is 8.5 pt, a
# character about 0.48 of the size wide (Libertinus: digits 0.5, a non-breaking space 0.25,
# lower case less; bold headers a little more),
# and every cell has 4 pt inset on each side. Estimates in characters, kept on the safe side.
TEXT_WIDTH_PT = {"portrait": 425.0, "landscape": 672.0}
TABLE_TEXT_PT = 8.5
# A table too wide at 8.5 pt is set smaller before it is given a landscape page of its own.
SMALLER_TEXT_PT = (7.5, 7.0)
CHAR_EM = 0.48
CELL_INSET_PT = 8.0
LONGEST_LINE = 70  # a cell's text is never planned on one line longer than this
BREAK_AFTER = re.compile(r"(?<=[/–—-])|\s+")


@dataclass(frozen=True)
class ColumnPlan:
    """How a table is laid out in the PDF: each column's share of the width (percent, summing
    to 100), or ``None`` where every cell fits on one line (the columns are then as wide as
    their content); the text size; ``landscape`` where even at the smallest size the narrowest
    columns are wider than a portrait page (the table then gets a landscape page of its own)."""

    widths: tuple[int, ...] | None
    landscape: bool = False
    size: float = TABLE_TEXT_PT


def _narrowest(text: str, unbreakable: bool) -> float:
    """Characters the widest unbreakable piece of a cell needs: a whole amount in a column of
    numbers (its spaces are non-breaking), otherwise the longest word (words are never
    hyphenated, so the PDF's text layer keeps them whole), a web address as its parts between
    slashes; a file name or a code cannot be broken."""
    if unbreakable:
        return len(text)
    pieces = [p for p in BREAK_AFTER.split(text) if p]
    return max((len(p) for p in pieces), default=0)


def _lines(length: float, width: float) -> int:
    """Lines a cell of ``length`` characters takes in a column ``width`` characters wide (word
    wrapping loses about a character a line)."""
    return max(1, math.ceil(length / max(width - 1.0, 1.0)))


def _share(narrow: list[float], wide: list[float], rows: list[list[float]],
           available: float) -> list[float]:
    """Each column its narrowest width; then the room left, step by step, to the column where
    the next few characters save the most lines in the table (each row as tall as its tallest
    cell), so that a name stays on one line and a column of quotations gets width before a
    column of short words; none wider than its longest cell on one line. Room that saves no
    line is shared in proportion to how far each column is from its longest cell."""
    n = len(narrow)
    chars = list(narrow)
    spare = available - sum(chars)
    lines = [[_lines(r[i], chars[i]) for i in range(n)] for r in rows]

    def height(i: int, width: float) -> tuple[int, int]:
        """Lines the table and column ``i`` save with column ``i`` ``width`` wide."""
        table = own = 0
        for r, row_lines in zip(rows, lines):
            new = _lines(r[i], width)
            if new < row_lines[i]:
                own += row_lines[i] - new
                others = max((v for j, v in enumerate(row_lines) if j != i), default=0)
                table += max(row_lines) - max(new, others)
        return table, own

    while spare > 0.01:
        best, best_score = None, (0.0, 0.0)
        for i in range(n):
            # the next width at which some cell of the column takes a line less
            steps = [math.ceil(r[i] / (row_lines[i] - 1)) + 1.0 for r, row_lines in zip(rows, lines)
                     if row_lines[i] > 1]
            steps = [s for s in steps if chars[i] < s <= min(wide[i], chars[i] + spare)]
            if not steps:
                continue
            width = min(steps)
            table, own = height(i, width)
            score = (table / (width - chars[i]), own / (width - chars[i]))
            if score > best_score:
                best, best_score, best_width = i, score, width
        if best is None:
            break
        spare -= best_width - chars[best]
        chars[best] = best_width
        for r, row_lines in zip(rows, lines):
            row_lines[best] = _lines(r[best], chars[best])
    room = [max(0.0, w - c) for w, c in zip(wide, chars)]
    if spare > 0 and sum(room) > 0:
        chars = [c + min(spare * g / sum(room), g) for c, g in zip(chars, room)]
    return chars


def column_plan(headers: list[str], rows: list[list[str]], numeric: set[int]) -> ColumnPlan:
    """Column widths from the content: each column gets at least its widest unbreakable piece,
    and the rest of the page width goes where it saves the most lines (:func:`_share`). The
    text is 8.5 pt, or 7.5 or 7 pt where the table does not fit or would be more than half
    again as tall as at the smaller size; a landscape page where even 7 pt does not fit."""
    n = len(headers)
    if n == 0:
        return ColumnPlan(None)
    bold = 1.1  # the header row is bold
    narrow = [max([_narrowest(h, False) * bold] + [_narrowest(r[i], i in numeric) for r in rows])
              + 1 for i, h in enumerate(headers)]
    # a header may take two lines: it asks for half its length (at least its longest word)
    wide = [max([max(_narrowest(h, False), len(h) / 2) * bold]
                + [min(len(r[i]), LONGEST_LINE) for r in rows]) + 1 for i, h in enumerate(headers)]
    wide = [max(w, m) for w, m in zip(wide, narrow)]

    def room(orientation: str, size: float) -> float:
        return (TEXT_WIDTH_PT[orientation] - n * CELL_INSET_PT) / (size * CHAR_EM)

    if sum(wide) <= room("portrait", TABLE_TEXT_PT):
        return ColumnPlan(None)
    lengths = [[len(h) * bold for h in headers]] + [
        [narrow[i] - 1 if i in numeric else len(v) for i, v in enumerate(r)] for r in rows]

    def table_height(chars: list[float], size: float) -> float:
        return size * sum(max(_lines(r[i], chars[i]) for i in range(n)) for r in lengths)

    fits = [s for s in (TABLE_TEXT_PT, *SMALLER_TEXT_PT) if sum(narrow) <= room("portrait", s)]
    landscape = not fits
    sized = {s: _share(narrow, wide, lengths, room("portrait", s)) for s in fits}
    if sized:
        # the largest text that keeps the table within half again its smallest height
        low = min(table_height(c, s) for s, c in sized.items())
        size = next(s for s in fits if table_height(sized[s], s) <= 1.5 * low)
        chars = sized[size]
    else:
        size = TABLE_TEXT_PT
        chars = _share(narrow, wide, lengths, room("landscape", size))
    points = [c * size * CHAR_EM + CELL_INSET_PT for c in chars]
    percent = [max(1, round(100 * p / sum(points))) for p in points]
    percent[percent.index(max(percent))] += 100 - sum(percent)
    return ColumnPlan(tuple(percent), landscape, size)


def table_markdown(df, caption: str | None = None, name: str | None = None, *,
                   box: bool = False) -> str:
    """A pipe table with a caption (``: caption``), for Quarto HTML and Typst alike.

    Columns of numbers are right-aligned, and their spaces (thousands, before the unit) are
    non-breaking, so that an amount is never split over two lines ("1 500 000 / kr"). A table
    whose cells do not all fit on one line gets column widths from its content
    (:func:`column_plan`, Quarto's ``tbl-colwidths``); one too wide for a portrait page is put
    set smaller or on a landscape page of its own in the PDF (:func:`pdf_layout`). ``box``: the table in a
    box that scrolls sideways on a narrow screen (:func:`scroll_box`, named by the caption).
    """
    headers, rows = _rows(df)
    numeric = _number_columns(df, rows)
    rows = _shown_once(rows, numeric)
    lines = ["| " + " | ".join(_md_escape(h) for h in headers) + " |",
             "|" + "|".join("---:" if i in numeric else ":---" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(_md_escape(v.replace(" ", "\u00a0")) if i in numeric
                                else _cell_markdown(v) for i, v in enumerate(row)) + " |"
              for row in rows]
    plan = column_plan(headers, rows, numeric)
    if caption:
        # A label makes it a numbered table with its caption in both formats (Quarto's Typst
        # output drops the caption of a table without one).
        label = unique_id((name or caption)[:40])
        widths = (f' tbl-colwidths="[{",".join(str(w) for w in plan.widths)}]"'
                  if plan.widths else "")
        lines += ["", f": {_md_escape(caption)} {{#tbl-{label}{widths}}}"]
    markdown = "\n".join(lines)
    if box:
        markdown = scroll_box(markdown, caption or "Tabell")
    # the size and the page go around the box: Typst allows no page inside a block
    return pdf_layout(markdown, plan)


def _raw_typst(code: str) -> str:
    return "```{=typst}\n" + code + "\n```"


def pdf_layout(markdown: str, plan: ColumnPlan) -> str:
    """Markdown with its table's text size and page in the PDF (raw Typst around it, which the
    web page ignores): smaller text where the plan says so, a landscape page of its own where
    even that is too wide."""
    if plan.size != TABLE_TEXT_PT:
        markdown = "\n\n".join([_raw_typst(f"#[#show table: set text(size: {plan.size}pt)"),
                                 markdown, _raw_typst("]")])
    if plan.landscape:
        markdown = "\n\n".join([_raw_typst("#page(flipped: true)["), markdown, _raw_typst("]")])
    return markdown


def scroll_box(markdown: str, label: str) -> str:
    """A pipe table inside a box that scrolls sideways on a narrow screen (HTML; Typst ignores
    the box). The box can take keyboard focus, so it can be scrolled without a mouse (WCAG
    2.1.1), and is named by the table's caption."""
    return (f'::: {{.oms-table-wrap role="region" tabindex="0" aria-label="{markdown_attr(label)}"}}\n\n'
            f"{markdown}\n\n:::")


def table_text(df) -> str:
    headers, rows = _rows(df)
    import pandas as pd

    return pd.DataFrame(rows, columns=headers).to_string(index=False)


def csv_text(df) -> str:
    """The table as a CSV an analyst opens without fixing: a header row, comma-separated,
    numbers as numbers (decimal point, no thousands separator, plain minus), UTF-8 with BOM so
    that Excel reads å, ä, ö. ``df`` holds raw numbers (``Chart.numbers``), not formatted text;
    each float column is rounded to the decimals the page shows (:func:`csv_rounded`)."""
    return "\ufeff" + csv_rounded(df).to_csv(index=False, sep=",", decimal=".",
                                              lineterminator="\r\n")


def csv_rounded(df):
    """``df`` with every float column rounded to at most the 2 decimals a table shows, so that
    no float artefact (``11.999999``, ``0.30000000000000004``) reaches a data file."""
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(_column_decimals(out[col].round(6)))
    return out


def csv_data_uri(df) -> str:
    """The table as a CSV download link target (see :func:`csv_text`)."""
    return "data:text/csv;charset=utf-8," + urllib.parse.quote(csv_text(df))
