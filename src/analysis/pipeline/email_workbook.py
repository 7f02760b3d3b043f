"""The e-mail file carries the Excel workbook it links to (issue 16).

The preview's pages link to the workbook beside them (``oms-tabeller.xlsx``). The e-mail file is
one file with nothing beside it, so there the link becomes a download of the workbook itself: a
``data:`` URI with the ``download`` attribute. If that would make the e-mail file larger than
:data:`EMAIL_LIMIT_BYTES`, the link is replaced by a sentence saying where the workbook is.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

#: the e-mail file's size limit (many mail servers refuse larger attachments)
EMAIL_LIMIT_BYTES = 6_000_000
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOO_BIG = ("Excelfilen med rapportens tabeller är för stor för e-postversionen. Den finns bredvid "
           "rapportens webbsidor, i filen {name}.")


def embed_workbook(page: str, workbook: Path, limit: int = EMAIL_LIMIT_BYTES) -> str:
    """``page`` with every link to ``workbook`` (by its file name) made a download of the
    workbook's bytes, or, if the page would then exceed ``limit`` bytes, a sentence in its place."""
    workbook = Path(workbook)
    href = f'href="{html.escape(workbook.name)}"'
    data = base64.b64encode(workbook.read_bytes()).decode("ascii")
    embedded = page.replace(href, f'href="data:{XLSX_MIME};base64,{data}" '
                                  f'download="{html.escape(workbook.name)}"')
    if len(embedded.encode("utf-8")) <= limit:
        return embedded
    link = re.compile(rf'<a {re.escape(href)}[^>]*>.*?</a>\.?', re.DOTALL)
    return link.sub(html.escape(TOO_BIG.format(name=workbook.name)), page)


def embed_workbook_in_file(email: Path, workbook: Path, limit: int = EMAIL_LIMIT_BYTES) -> Path:
    """Rewrite the e-mail file at ``email`` (atomically) with :func:`embed_workbook`."""
    from ..core import atomic

    email = Path(email)
    atomic.write_text(email, embed_workbook(email.read_text(encoding="utf-8"), workbook, limit))
    return email
