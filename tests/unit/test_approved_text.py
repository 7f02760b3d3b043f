"""The approved reader text in tests/approved/: every entry is used, by an assertion that compares
it with the text the code writes, and the helper fails clearly on a missing key."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import approved_text as at

TESTS = Path(__file__).resolve().parents[1]


def _calls():
    """Every ``approved("chapter", "key", ...)`` call in the tests: (file, line, chapter, key,
    keywords, whether an assertion compares it with something)."""
    out = []
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        compared = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Assert):
                comparing = any(
                    (isinstance(n, ast.Compare) and any(isinstance(o, (ast.In, ast.Eq)) for o in n.ops))
                    or (isinstance(n, ast.Call) and getattr(n.func, "attr", "") in ("startswith", "endswith"))
                    or (isinstance(n, ast.Call) and getattr(n.func, "id", "") == "in_order")
                    for n in ast.walk(node.test))
                if comparing:
                    compared.update(id(n) for n in ast.walk(node.test))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "approved"
                    and path.name != "approved_text.py"):
                args = [a.value if isinstance(a, ast.Constant) else None for a in node.args[:2]]
                out.append((path.relative_to(TESTS), node.lineno, *args,
                            {k.arg for k in node.keywords}, id(node) in compared))
    return out


def test_every_approved_entry_is_used_by_a_test():
    used = {(c, k) for _, _, c, k, _, _ in _calls()}
    files = sorted(at.APPROVED.glob("*.md"))
    assert files, "tests/approved/ har inga filer"
    dead = [f"{p.name}: {key}" for p in files for key in at.entries(p.stem) if (p.stem, key) not in used]
    assert not dead, "godkänd text som inget test använder (ta bort den eller testa den):\n" + "\n".join(dead)


def test_every_use_names_an_entry_and_is_compared_with_generated_text():
    problems = []
    for path, line, chapter, key, keywords, compared in _calls():
        where = f"{path}, rad {line}"
        if chapter is None or key is None:
            problems.append(f"{where}: kapitel och nyckel ska stå som text, så att de kan sökas")
            continue
        text = at.entries(chapter).get(key)
        if text is None:
            problems.append(f"{where}: {chapter}.md har ingen nyckel {key!r}")
        elif at.placeholders(text) != keywords:
            problems.append(f"{where}: {key} har platshållarna {sorted(at.placeholders(text))}, "
                            f"testet ger {sorted(keywords)}")
        if not compared:
            problems.append(f"{where}: {chapter}/{key} jämförs inte med texten koden skriver "
                            "(assert ... in/== ..., startswith, endswith eller in_order)")
    assert not problems, "\n".join(problems)


def test_a_missing_key_or_placeholder_fails_clearly(tmp_path, monkeypatch):
    (tmp_path / "kapitel.md").write_text(
        "# Kapitel\n\nBeskrivning.\n\n## mening\n\nEn mening som\nfortsätter {värde}.\n\n"
        "Ett andra stycke.\n", encoding="utf-8")
    monkeypatch.setattr(at, "APPROVED", tmp_path)
    at.entries.cache_clear()
    try:
        assert at.approved("kapitel", "mening", värde="42 kr") == (
            "En mening som fortsätter 42 kr.\n\nEtt andra stycke.")
        with pytest.raises(pytest.fail.Exception, match="kapitel.md har ingen nyckel 'saknas'; nycklarna: mening"):
            at.approved("kapitel", "saknas")
        with pytest.raises(pytest.fail.Exception, match=r"platshållarna är \['värde'\], testet gav \[\]"):
            at.approved("kapitel", "mening")
        with pytest.raises(pytest.fail.Exception, match="ingen fil med godkänd text för kapitlet 'annat'"):
            at.approved("annat", "mening")
    finally:
        at.entries.cache_clear()


def test_in_order_names_the_value_that_is_wrong():
    text = "I ECS3 bidrog Region Uppsala med 600\u00a0000\u00a0kr."
    assert at.in_order(text, "ECS3", "Region Uppsala", "600 000 kr")
    with pytest.raises(pytest.fail.Exception, match="'700 000 kr' finns inte i texten"):
        at.in_order(text, "ECS3", "700 000 kr")
    with pytest.raises(pytest.fail.Exception, match="'ECS3' finns inte efter föregående del"):
        at.in_order(text, "Region Uppsala", "ECS3")
