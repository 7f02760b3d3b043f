"""Approved reader text: the sentences whose exact wording a reviewer has approved.

Most tests check values and structure (a number as the report shows it, a name, the order, a
link) and leave the wording free, so that rewording a sentence fails no test that tests no
behaviour. Where the wording itself is what must be right (a rule stated to the steering group, a
citation format, a definition, a statement of exactly what is missing), the sentence lives in
``tests/approved/<chapter>.md``, one file per chapter, read as plain text:

    # Finansiering                       <- title and any description before the first entry

    ## no_targets_REAL_OMS               <- the key a test asks for

    Region Örebro läns beslutsunderlag för REAL ÖMS anger inga numeriska mål. …

An entry's lines are joined with single spaces (paragraphs with a blank line). ``{name}`` marks a
value the test fills in (``approved("finansiering", "kpi", rate="+38,9 %")``). Spaces are
ordinary spaces; compare with ``plain(text)`` (non-breaking spaces as ordinary ones). How to
change approved wording: docs/TESTS.md.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

import pytest

APPROVED = Path(__file__).parent / "approved"
_KEY = re.compile(r"^## +(\S+) *$")


def plain(text: str) -> str:
    """Reader text with its non-breaking (and narrow non-breaking) spaces as ordinary ones."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@lru_cache(maxsize=None)
def entries(chapter: str) -> dict[str, str]:
    """The approved sentences of one chapter file, by key."""
    path = APPROVED / f"{chapter}.md"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in APPROVED.glob("*.md")))
        pytest.fail(f"ingen fil med godkänd text för kapitlet {chapter!r} ({path}); filerna: {known}")
    found: dict[str, list[str]] = {}
    key = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = _KEY.match(line)
        if m:
            key = m.group(1)
            if key in found:
                pytest.fail(f"{path.name}, rad {n}: nyckeln {key!r} står två gånger")
            found[key] = []
        elif line.startswith("#"):
            key = None  # a title or section heading: description, not an entry
        elif key is not None:
            found[key].append(line.strip())
    out = {}
    for key, lines in found.items():
        paragraphs = [" ".join(p.split("\n")) for p in "\n".join(lines).strip().split("\n\n")]
        text = "\n\n".join(p.strip() for p in paragraphs if p.strip())
        if not text:
            pytest.fail(f"{path.name}: nyckeln {key!r} har ingen text")
        out[key] = text
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def approved(chapter: str, key: str, **values: str) -> str:
    """The approved sentence ``key`` of ``chapter``, its ``{name}`` placeholders filled.

    Fails the test clearly when the chapter file or the key is missing, or when the values
    given do not match the placeholders exactly."""
    found = entries(chapter)
    if key not in found:
        pytest.fail(f"tests/approved/{chapter}.md har ingen nyckel {key!r}; nycklarna: "
                    f"{', '.join(sorted(found))}")
    text = found[key]
    wanted = placeholders(text)
    if wanted != set(values):
        pytest.fail(f"tests/approved/{chapter}.md, {key}: platshållarna är {sorted(wanted)}, "
                    f"testet gav {sorted(values)}")
    return text.format(**values) if wanted else text


def in_order(text: str, *parts: str) -> bool:
    """Whether every part occurs in ``text`` (compared plain), each after the one before.

    For tests of values and structure: the numbers and names a sentence must carry, in the order
    the reader meets them, without pinning the words around them. Fails with the first part not
    found (after the previous ones), so the message names the wrong value."""
    rest = plain(text)
    for part in parts:
        i = rest.find(plain(part))
        if i < 0:
            where = "i texten" if plain(part) not in plain(text) else "efter föregående del"
            pytest.fail(f"{part!r} finns inte {where}:\n{plain(text)}")
        rest = rest[i + len(plain(part)):]
    return True
