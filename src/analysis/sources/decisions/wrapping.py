"""Wrapped row labels: which label-only lines belong to the row above and which to the row below.

pdftotext wraps a long row label either before the amounts (``'Egen personal (inkl.'`` /
``'lönebikost.) 731 264 …'``) or after them (``'Egen personal (inkl. 731 264 …'`` /
``'lönebikost.)'``). Between two rows with amounts, the label-only lines are therefore split
into a *trailing* part (continuing the label of the row above) and a *leading* part (starting the
label of the row below). :func:`settle_wrap` tries every split; exactly one must be consistent,
otherwise the lines cannot be placed without guessing and it is an error.
"""

from __future__ import annotations

from pathlib import Path

from ...core.errors import DataError

Lines = list[tuple[int, str]]  # (1-based line number, label text)


def continues(pending: str, text: str) -> bool:
    """Does ``text`` continue the wrapped label ``pending``?

    Yes if it starts in lower case or with a parenthesis ("lönebikost.)", "(Schablon)",
    "medel"), or if ``pending`` is visibly unfinished (an open parenthesis, a trailing hyphen,
    comma or conjunction). A capitalised line after a finished label starts a new row, so the
    finished label had no amounts.
    """
    if not text:
        return True
    if text[0].islower() or text[0] in "([":
        return True
    p = pending.rstrip()
    return p.count("(") > p.count(")") or p.endswith(("-", ",", " och", " samt", " inkl."))


def _chain_ok(start: str, parts: list[str]) -> bool:
    """Does each of ``parts`` continue the label built so far (from ``start``)?"""
    acc = start
    for part in parts:
        if acc and not continues(acc, part):
            return False
        acc = f"{acc} {part}" if acc else part
    return True


def _groups(pending: Lines) -> list[Lines]:
    """The pending lines cut into runs in which each line continues the one before."""
    groups: list[Lines] = []
    for number, text in pending:
        if groups and continues(" ".join(t for _, t in groups[-1]), text):
            groups[-1].append((number, text))
        else:
            groups.append([(number, text)])
    return groups


def settle_wrap(previous: str | None, pending: Lines, following: str | None,
                path: Path) -> tuple[Lines, Lines]:
    """Split ``pending`` (label-only lines) into (trailing, leading).

    ``previous`` is the label of the row above when the lines may continue it (``None`` after a
    blank line or at the top of a table); ``following`` is the label part of the next line with
    amounts (``''`` when that line has amounts only), or ``None`` when no such line follows (a
    blank line, a heading or the end of the table comes next). Raises :class:`DataError` naming
    the line when no split or more than one split is consistent.
    """
    if not pending:
        return [], []
    texts = [t for _, t in pending]
    valid = []
    for j in range(len(pending) + 1):
        trailing, leading = texts[:j], texts[j:]
        if trailing and (previous is None or not _chain_ok(previous, trailing)):
            continue
        if following is None:
            if leading:
                continue
        else:
            if not (leading or following):
                continue  # amounts without any label
            if not _chain_ok("", leading + ([following] if following else [])):
                continue
        valid.append(j)
    if len(valid) == 1:
        j = valid[0]
        return pending[:j], pending[j:]
    if not valid:
        groups = _groups(pending)
        if previous is not None and len(groups) > 1 and continues(previous, groups[0][0][1]):
            groups.pop(0)  # those lines could continue the row above: the next run is the orphan
        orphan = groups[0]
        return _raise(path, orphan[0][0], f"raden {' '.join(t for _, t in orphan)!r} saknar belopp")
    first = pending[min(valid)] if min(valid) < len(pending) else pending[-1]
    below = repr(following) if following else "raden nedanför"
    return _raise(path, first[0],
                  f"raden {first[1]!r} kan fortsätta etiketten {previous!r} ovanför eller höra till "
                  f"{below}; det går inte att avgöra utan att gissa")


def _raise(path: Path, line: int, problem: str):
    raise DataError(path, line, problem)
