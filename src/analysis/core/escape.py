"""Text from a document or a data file never becomes markup: one escape per output.

Titles, applicants, quotes, target and goal texts, financier names, catalog titles, an
evaluator's entries and CSV cells are *text*. Where such text enters markup it is escaped for
that markup, here and nowhere else:

``html_text`` / ``html_attr``
    HTML (the preview pages, the e-mail file, tables and figure captions as HTML).
``markdown_text``
    Markdown handed to Quarto (pandoc, raw HTML allowed, Typst for the PDF) and to the preview's
    Markdown renderer: every ASCII punctuation character that could start markup is
    backslash-escaped, line breaks become spaces. Pandoc then writes the text as text in HTML
    and in Typst (where it escapes ``#``, ``$``, ``@`` …), so neither an HTML element, a raw
    block (`` `<b>`{=html} ``), a link, an image nor a Typst command can result.
``markdown_attr``
    A quoted value inside a pandoc attribute block (``{aria-label="…"}``).
``plotly_text``
    Text plotly draws (titles, labels, hover texts, annotations): plotly reads a subset of HTML
    (``<a href>``, ``<b>``, ``<br>`` …) and decodes entities, so the text is HTML-escaped.
    :func:`plotly_figure_text` applies it to every string of a figure and keeps only the few
    tags the figure factories write themselves (``<br>``, ``<sub>``, ``<extra>``).

Non-breaking spaces (``core.formatting.NBSP``) are kept by every function: a number never
breaks across lines.

:class:`Markdown` marks text that is already Markdown (escaped here, or written by the code):
:func:`as_markdown` passes it through and escapes everything else, so a boundary can take both.
Its ``_repr_markdown_`` makes Quarto's Jupyter engine insert it as Markdown when it is an inline
value (`` `{python} …` ``), and our own build does the same (``pipeline.chapters``).
"""

from __future__ import annotations

import html
import re

# Every ASCII character that can start or end Markdown markup in pandoc's Markdown (Quarto) or in
# CommonMark (the preview): emphasis, code and raw attributes, links and images, raw HTML and
# entities, headings, lists, block quotes, tables, fenced divs, attributes, math, citations,
# sub/superscript, strike-out, and quotes (pandoc's smart quotes would curl them). Backslash-escaping any ASCII punctuation is literal in both.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|$@~^&:=\"'])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+\s*")


class Markdown(str):
    """A string that is Markdown already (escaped with this module or written by the code).

    A ``str`` subclass, so it reads like text; any operation on it gives a plain ``str`` again,
    which is escaped at the next boundary: the safe direction.
    """

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        return str(self)

    @property
    def plain(self) -> str:
        """The text a reader sees (backslash escapes removed)."""
        return re.sub(r"\\(.)", r"\1", str(self))


def markdown_text(text) -> Markdown:
    """``text`` as Markdown that shows exactly ``text``: ``'*x* [a](b)'`` → ``'\\*x\\* \\[a\\]\\(b\\)'``."""
    if isinstance(text, Markdown):
        return text
    return Markdown(_MARKDOWN_SPECIALS.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text))))


def as_markdown(value) -> Markdown:
    """Markdown passes through; anything else is text and is escaped (:func:`markdown_text`)."""
    return value if isinstance(value, Markdown) else markdown_text(value)


def markdown_paragraphs(text) -> Markdown:
    """Plain prose with paragraphs (blank lines) and bullet or numbered list items as Markdown.

    Each line's text is escaped; only the list marker the code wrote at the start of a line
    (``- `` or ``1. ``) and the line structure are kept. Already-Markdown text passes through.
    """
    if isinstance(text, Markdown):
        return text
    out = []
    for line in str(text).split("\n"):
        m = re.match(r"^(\s*)([-*]|\d{1,3}\.)\s+(.*)$", line)
        if m:
            out.append(f"{m.group(1)}{m.group(2)} {markdown_text(m.group(3))}")
        else:
            out.append(markdown_text(line) if line.strip() else "")
    return Markdown("\n".join(out))


def strong(text) -> Markdown:
    """``text`` in bold (``**…**``), the text itself escaped: markup the code writes, never the data."""
    return Markdown(f"**{markdown_text(text)}**")


def markdown_prose(*parts) -> Markdown:
    """Prose made of pieces: plain pieces are escaped as :func:`markdown_paragraphs` escapes text
    (lines, paragraphs and the code's own list markers at the start of a line kept), Markdown
    pieces (:func:`strong`, :func:`markdown_text`) are kept as they are.

    ``markdown_prose("- ", strong("Med den beslutade perioden"), " är budgeten …")`` gives a
    list item that starts in bold; a ``**`` inside a plain piece is shown as written.
    """
    out: list[str] = []
    at_line_start = True
    for part in parts:
        if isinstance(part, Markdown):
            out.append(str(part))
        else:
            for i, line in enumerate(str(part).split("\n")):
                if i:
                    out.append("\n")
                if i or at_line_start:
                    out.append(markdown_paragraphs(line))
                else:
                    out.append(markdown_text(line))
        at_line_start = "".join(out).endswith("\n") or not out
    return Markdown("".join(out))


def markdown_list(items) -> Markdown:
    """Texts as a Markdown bullet list, each item escaped."""
    return Markdown("\n".join(f"- {as_markdown(t)}" for t in items))


def markdown_fence(content: str, shortest: int = 3) -> str:
    """A backtick fence for a code or raw block around ``content`` that no line of it can close:
    longer than any run of backticks in it."""
    runs = [len(r) for r in re.findall(r"`+", content)]
    return "`" * max(shortest, 1 + max(runs, default=0))


def markdown_attr(text) -> str:
    """A value for a quoted pandoc attribute (``key="…"``): backslash and quote escaped, one line."""
    return _LINE_BREAKS.sub(" ", str(text)).replace("\\", "\\\\").replace('"', '\\"')


def html_text(text) -> str:
    """Text in HTML (element content or a quoted attribute): ``& < > " '`` as entities."""
    return html.escape(str(text), quote=True)


html_attr = html_text


# The only tags plotly gets from our own figure factories; everything else is text.
_PLOTLY_TAGS = ("<br>", "<sub>", "</sub>", "<extra>", "</extra>")
_PLOTLY_KEPT = re.compile("|".join(re.escape(html.escape(t, quote=False)) for t in _PLOTLY_TAGS))


def plotly_text(text: str) -> str:
    """Text for plotly's pseudo-HTML: ``& < >`` as entities (plotly shows them as the characters)."""
    return html.escape(str(text), quote=False)


def _plotly_markup(text: str) -> str:
    """A figure string: data text escaped, the factories' own ``<br>``, ``<sub>``, ``<extra>`` kept."""
    return _PLOTLY_KEPT.sub(lambda m: html.unescape(m.group(0)), plotly_text(text))


def plotly_figure_text(spec, *, escape: bool = True):
    """A plotly figure's JSON (``fig.to_plotly_json()``) with every string it shows escaped by
    :func:`plotly_text` (the factories' own tags kept); numpy arrays of text become lists.

    Returns a new structure. Only ``& < >`` change, which no colour, identifier or number
    format holds, so every string is walked. ``escape=False`` only converts the arrays (to
    compare with the original).
    """
    def walk(value):
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        if getattr(value, "dtype", None) is not None and getattr(value.dtype, "kind", "") in "OUS":
            return [walk(v) for v in value.tolist()]
        if isinstance(value, str):
            return _plotly_markup(value) if escape else value
        return value

    return walk(spec)
