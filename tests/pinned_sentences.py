"""Count the Swedish reader sentences pinned verbatim in the tests (outside tests/approved/).

    python tests/pinned_sentences.py            # one line per pinned string, and the count
    python tests/pinned_sentences.py --summary  # the counts only

A string counts when it stands in an ``assert`` (or in ``match=`` of ``pytest.raises``) and reads
as Swedish prose: at least six words and a Swedish letter or function word. Error messages
(naming a file, row, column or a valid value) are counted apart. A rough measure, for watching the
number go down, not a rule: most of what remains are values, labels, quotes from the documents,
table headings and test inputs (docs/TESTS.md).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

TESTS = Path(__file__).parent
SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(och|är|för|som|inte|saknas|med|av|till|den|det|på|om|har|kan|ska)\b")
ERROR = re.compile(r"rad \d|\\[.(d]|\.csv|\.txt|\.yml|\.qmd|\.json|\.xlsx|Fel:|Okänd|Ogiltig|"
                   r"kör make|Giltiga|fliken|kolumn \d")


def _prose(text: str) -> bool:
    return len(text.split()) >= 6 and bool(SWEDISH.search(text))


def pinned(root: Path = TESTS) -> list[tuple[str, int, str]]:
    rows = []
    for path in sorted(root.rglob("*.py")):
        if ("approved" in path.relative_to(root).parts  # the approved text and its own test
                or path.name in (Path(__file__).name, "test_approved_text.py")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        asserted, fstrings = set(), []
        for node in ast.walk(tree):
            if isinstance(node, ast.Assert):
                for n in ast.walk(node):
                    asserted.add(id(n))
                    if isinstance(n, ast.JoinedStr):
                        fstrings.append(n)
            elif isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "match":
                        asserted.update(id(n) for n in ast.walk(kw.value))
        inside = set()
        for n in fstrings:
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in n.values)
            inside.update(id(v) for v in ast.walk(n))
            if _prose(text):
                rows.append((str(path.relative_to(root.parent)), n.lineno, text))
        for n in ast.walk(tree):
            if (isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) in asserted
                    and id(n) not in inside and _prose(n.value)):
                rows.append((str(path.relative_to(root.parent)), n.lineno, n.value))
    return sorted(rows)


if __name__ == "__main__":
    rows = pinned()
    errors = [r for r in rows if ERROR.search(r[2])]
    if "--summary" not in sys.argv:
        for file, line, text in rows:
            print(f"{file}:{line}: {text[:140]!r}")
    print(f"{len(rows)} pinned strings: {len(rows) - len(errors)} reader text, {len(errors)} error "
          "messages and technical text")
