"""The two budget tables of a decision: scanning their rows and resolving every row to one reading.

A row is resolved by the table's constraints (row total = sum of the year cells, column sums =
the sum row, or the other table's sums); no consistent reading, or more than one, is an error.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from ...core.errors import DataError
from .amounts import (MAX_COMBINATIONS, _digit_groups, count_readings, parse_cell, readings,
                      rounding_tolerance)
from .lines import (_SECTION, _SUM_LABEL, _continues, _Header, _is_blank, _Line, _parse_header,
                    _split_line)
from .model import BudgetTable, TableRow
from .text import _norm
from .diagnose import fault_message, single_fault
from .table_end import check_not_cut
from .wrapping import settle_wrap


@dataclass
class _RawRow:
    label: str
    line: int
    label_lines: tuple[int, ...]
    candidates: list[tuple[int, ...]]
    raw_count: int
    is_sum: bool
    section: str | None
    tokens: tuple[str, ...] = ()


def _row_candidates(ln: _Line, header: _Header, path: Path) -> tuple[list[tuple[int, ...]], int]:
    """The row's candidate readings and how many well-formed readings its digits have."""
    width = len(header.years) + (1 if header.has_total else 0)
    columns = f"{len(header.years)} årskolumner" + (" + Totalt" if header.has_total else "")
    if ln.layout == "tab":
        cells = ln.cells or []
        if len(cells) != width:
            raise DataError(path, ln.number,
                            f"raden har {len(cells)} celler men tabellen har {width} ({columns})")
        values = []
        for cell in cells:
            if not cell:
                raise DataError(path, ln.number, "tom cell i en rad med belopp")
            v = parse_cell(cell)
            if v is None:
                raise DataError(path, ln.number, f"cellen {cell!r} är inte ett tal")
            values.append(v)
        return [tuple(values)], 1
    tokens = ln.tokens or []
    groups = _digit_groups(tuple(tokens), width)
    n_ways = groups.ways(0, width)
    if not n_ways:
        raise DataError(path, ln.number,
                        f"siffrorna '{' '.join(tokens)}' kan inte läsas som {width} belopp ({columns})")
    if n_ways > 1 and header.has_total:
        # Only readings that agree with the row's own total can be right; finding them directly
        # avoids listing every reading (millions for a row of ten years).
        cands = groups.with_total(width, rounding_tolerance(len(header.years)))
        if cands:
            return cands, n_ways
        # none agrees: keep a few readings so that the error can show them
        return list(itertools.islice(groups.readings(width), 6)), n_ways
    if n_ways > MAX_COMBINATIONS:
        raise DataError(path, ln.number, f"siffrorna '{' '.join(tokens)}' kan läsas på {n_ways} sätt "
                        "och tabellen har ingen Totalt-kolumn att välja läsning med")
    return list(groups.readings(width)), n_ways


def _valid_row(ln: _Line, header: _Header) -> bool:
    """Would this line read as a row of this table without error?"""
    width = len(header.years) + (1 if header.has_total else 0)
    if ln.layout == "tab":
        return len(ln.cells or []) == width and all(c and parse_cell(c) is not None for c in ln.cells or [])
    return count_readings(ln.tokens or [], width) > 0


# Longer than 80 lines on purpose: one pass over the table's lines with the state it carries
# (the pending wrapped label, the rows and sums so far, the line numbers skipped); split into
# pieces, that state would have to travel between them and the order of the cases would be lost.
def _parse_table(lines: list[str], start: int, header: _Header, skip: frozenset[int],
                 path: Path) -> tuple[BudgetTable, list[_RawRow]]:
    """Read the rows after the header at index ``start`` (0-based).

    The table ends at the next table header, or where it may end (after a blank line that
    follows its rows, or right after a sum row) at the first line that is not clearly a row
    of it. Inside the table every line must read as a row, a wrapped label (before or after its
    amounts, see :mod:`.wrapping`) or a section heading; anything else is an error. A table that
    ends at a line that is none of these while rows of it follow is an error too
    (:func:`.table_end.check_not_cut`).
    """
    raw: list[_RawRow] = []
    headings: list[tuple[int, str]] = []
    section = header.label if _SECTION.match(header.label) else None
    pending: list[tuple[int, str]] = []
    saw_blank = False    # a blank line since the last row (a wrap cannot continue across it)
    end = start
    stop: int | None = None  # index of the line that ended the table at an edge

    def next_index(j: int) -> int | None:
        while j < len(lines) and (j + 1) in skip:
            j += 1
        return j if j < len(lines) else None

    def peek(j: int | None) -> _Line | None:
        """The line at ``j`` if it could belong to the table (not blank, not a header)."""
        if j is None or _is_blank(lines[j]) or _parse_header(lines[j]) is not None:
            return None
        try:
            return _split_line(lines[j], j + 1, path)
        except DataError:
            return _Line(j + 1, "", "space", tokens=["?"])  # has (bad) amounts

    def settle(following: str | None, blank_before: bool) -> list[tuple[int, str]]:
        """Attach the pending lines that continue the row above; return those for the row below."""
        nonlocal pending, end
        previous = raw[-1].label if raw and not blank_before else None
        trailing, leading = settle_wrap(previous, pending, following, path)
        if trailing:
            r = raw[-1]
            r.label = _norm(" ".join([r.label, *(t for _, t in trailing)]))
            r.label_lines = (*r.label_lines, *(n for n, _ in trailing))
            end = max(end, trailing[-1][0] - 1)
        pending = []
        return leading

    blank_before_pending = False
    i: int | None = start + 1
    while (i := next_index(i)) is not None:
        text = lines[i]
        number = i + 1
        if _is_blank(text):
            settle(None, blank_before_pending)
            saw_blank = True
            i += 1
            continue
        if _parse_header(text) is not None:
            settle(None, blank_before_pending)
            break
        edge = bool(raw) and not pending and (saw_blank or raw[-1].is_sum)
        try:
            ln = _split_line(text, number, path)
        except DataError:
            if edge:
                stop = i
                break
            raise
        if ln.label_only:
            joined = " ".join(t for _, t in pending)
            if _SECTION.match(ln.label) and not (pending and _continues(joined, ln.label)):
                if edge and saw_blank:
                    stop = i
                    break
                settle(None, blank_before_pending)
                headings.append((number, ln.label))
                section = ln.label
                saw_blank = False
                end = i
                i += 1
                continue
            if edge:
                nl = peek(next_index(i + 1))
                # right after a sum row, a line may finish the sum row's label
                trailing = not saw_blank and nl is None and _continues(raw[-1].label, ln.label)
                if not trailing and (nl is None or nl.label_only or not _valid_row(nl, header)):
                    stop = i
                    break
            if not pending:
                blank_before_pending = saw_blank
            pending.append((number, ln.label))
            saw_blank = False
            i += 1
            continue
        if edge and not _valid_row(ln, header):
            stop = i
            break
        leading = settle(ln.label, blank_before_pending)
        label = _norm(" ".join([t for _, t in leading] + ([ln.label] if ln.label else [])))
        label_lines = tuple([n for n, _ in leading] + ([number] if ln.label else []))
        if not label:
            raise DataError(path, number, "belopp utan radetikett")
        cands, n_ways = _row_candidates(ln, header, path)
        raw.append(_RawRow(label, number, label_lines or (number,), cands, n_ways,
                           bool(_SUM_LABEL.match(label)), section, tuple(ln.tokens or ())))
        saw_blank = False
        end = i
        i += 1
    settle(None, blank_before_pending)

    if not [r for r in raw if not r.is_sum]:
        raise DataError(path, start + 1, f"tabellen {header.label!r} har inga rader med belopp")
    table = BudgetTable(header.kind, header.label, start + 1, header.years, header.has_total,
                        header.layout, headings=headings, end_line=end + 1,
                        ends_at_eof=stop is None and i is None)
    if stop is not None:
        final = any(len(rows) == sum(not r.is_sum for r in raw) for rows in _covers(raw).values())
        if not final:
            check_not_cut(lines, stop, skip, path, table,
                          is_row=lambda j: _is_table_row(lines[j], j + 1, header, path),
                          is_header=lambda j: _parse_header(lines[j]) is not None)
    return table, raw


def _is_table_row(text: str, number: int, header: _Header, path: Path) -> str | None:
    """The label of ``text`` if it reads as a labelled row of a table with this header."""
    if _is_blank(text) or _parse_header(text) is not None:
        return None
    try:
        ln = _split_line(text, number, path)
    except DataError:
        return None
    return ln.label if ln.label and not ln.label_only and _valid_row(ln, header) else None


def _covers(raw: list[_RawRow]) -> dict[int, tuple[int, ...]]:
    """For each sum row (index into raw), the data rows (indexes into raw) it sums.

    A sum row whose label names the current section ("Summa offentlig finansiering" under
    "Offentlig finansiär") sums that section's rows since the previous sum row; any other
    sum row sums every data row above it.
    """
    out: dict[int, tuple[int, ...]] = {}
    last_sum = -1
    for k, row in enumerate(raw):
        if not row.is_sum:
            continue
        data_above = [j for j in range(k) if not raw[j].is_sum]
        words = _SUM_LABEL.sub("", row.label).strip().lower().split()
        section_word = (row.section or "").lower().split()[:1]
        if section_word and words and words[0][:5] == section_word[0][:5] and row.section:
            out[k] = tuple(j for j in data_above if j > last_sum and raw[j].section == row.section)
        else:
            out[k] = tuple(data_above)
        last_sum = k
    return out


def _resolve(table: BudgetTable, raw: list[_RawRow], path: Path,
             external: tuple[int, ...] | None = None, final: bool = True) -> bool:
    """Choose one reading per row; fill ``table.rows``/``table.sums``.

    Returns False (and changes nothing in ``table``) when ``final`` is false and the table
    stays ambiguous for want of a sum row: the caller retries with ``external`` column
    targets (the other table's totals; costs and financing must balance)."""
    n_years = len(table.years)
    # 1. each row's own total
    covers = _covers(raw)
    if table.has_total_column:
        tol = rounding_tolerance(n_years)
        bad = []
        for k, r in enumerate(raw):
            if len(r.candidates) > 1:
                ok = [c for c in r.candidates if abs(sum(c[:n_years]) - c[n_years]) <= tol]
                if not ok:
                    bad.append(k)
                r.candidates = ok or r.candidates
        for k in bad:
            if not final and external is None and not any(k == s or k in rows for s, rows in covers.items()):
                return False  # the other table's sums may name the fault: retried with them
            _raise_fault(table, raw, k, covers, external, path)
    # 2. column sums
    constraints: list[tuple[int | None, tuple[int, ...], tuple[int, ...] | None]] = [
        (k, rows, None) for k, rows in covers.items()]
    if not constraints and external is not None:
        constraints = [(None, tuple(j for j, r in enumerate(raw) if not r.is_sum), external)]
    ambiguous = [k for k, r in enumerate(raw) if len(r.candidates) > 1]
    if ambiguous:
        if not constraints:
            if not final:
                return False
            _raise_ambiguous(raw, ambiguous, path, [])
        combos = 1
        for k in ambiguous:
            combos *= len(raw[k].candidates)
        if combos > MAX_COMBINATIONS:
            _raise_ambiguous(raw, ambiguous, path, [])
        solutions = []
        for choice in itertools.product(*(raw[k].candidates for k in ambiguous)):
            pick = {k: c for k, c in zip(ambiguous, choice)}
            if all(_column_ok(raw, pick, s, rows, target) for s, rows, target in constraints):
                solutions.append(pick)
        if not solutions:
            lines = ", ".join(str(raw[k].line) for k in ambiguous)
            raise DataError(path, raw[ambiguous[0]].line,
                            f"siffrorna på rad {lines} har ingen läsning som stämmer med kolumnsummorna")
        if len(solutions) > 1:
            differing = [k for k in ambiguous if len({s[k] for s in solutions}) > 1]
            _raise_ambiguous(raw, differing, path, solutions)
        for k, c in solutions[0].items():
            raw[k].candidates = [c]
    # 3. build rows
    index: dict[int, int] = {}
    for k, r in enumerate(raw):
        amounts = r.candidates[0]
        row = TableRow(
            label=r.label, line=r.line, label_lines=r.label_lines,
            amounts=tuple(amounts[:n_years]),
            stated_total=amounts[n_years] if table.has_total_column else None,
            is_sum=r.is_sum, section=r.section, readings=r.raw_count,
        )
        if r.is_sum:
            table.sums.append(row)
        else:
            index[k] = len(table.rows)
            table.rows.append(row)
    for s_row, k in zip(table.sums, [k for k, r in enumerate(raw) if r.is_sum]):
        s_row.covers = tuple(index[j] for j in covers[k])
    return True


def _raise_fault(table: BudgetTable, raw: list[_RawRow], k: int, covers: dict[int, tuple[int, ...]],
                 external: tuple[int, ...] | None, path: Path) -> None:
    """Row ``k`` has no reading that fits its total: name the row, year and difference if the
    column sums single out one wrong cell (:mod:`.diagnose`), else list the readings."""
    r, n = raw[k], len(table.years)
    targets: list[int | None] = [None] * n
    groups = [(s, rows, None) for s, rows in covers.items() if k == s or k in rows]
    if not groups and external is not None:
        groups = [(None, tuple(j for j, x in enumerate(raw) if not x.is_sum), external)]
    for s, rows, target in groups[:1]:
        others = [j for j in ((s,) if s is not None and s != k else ()) + rows if j != k]
        if all(len(raw[j].candidates) == 1 for j in others):
            got = {j: raw[j].candidates[0] for j in others}
            for y in range(n):
                parts = sum(got[j][y] for j in rows if j != k)
                if k == s:
                    targets[y] = parts
                else:
                    stated = got[s][y] if s is not None else target[y]
                    targets[y] = stated - parts
    groups_ = _digit_groups(tuple(r.tokens), n + 1)
    if any(t is not None for t in targets) and groups_.ways(0, n + 1) <= 20_000:
        fault = single_fault(list(groups_.readings(n + 1)), targets,
                             rounding_tolerance(len(groups[0][1]) if groups else 1))
        if fault is not None:
            raise DataError(path, r.line, fault_message(r.label, table.years, fault))
    raise DataError(path, r.line, _no_reading(r, "radsumman", n))


def _column_ok(raw: list[_RawRow], pick: dict[int, tuple[int, ...]], s: int | None,
               rows: tuple[int, ...], target: tuple[int, ...] | None) -> bool:
    def amounts(k: int) -> tuple[int, ...]:
        return pick.get(k, raw[k].candidates[0])

    stated = amounts(s) if s is not None else target
    assert stated is not None
    tol = rounding_tolerance(len(rows))
    width = min(len(stated), *(len(amounts(k)) for k in rows)) if rows else 0
    return all(abs(sum(amounts(k)[j] for k in rows) - stated[j]) <= tol for j in range(width))


def _fmt(values: tuple[int, ...]) -> str:
    return " | ".join(f"{v:,}".replace(",", " ") for v in values)


def _no_reading(r: _RawRow, what: str, n_years: int) -> str:
    # a consistent reading with one year column more or less: say that, it is the likelier fault
    for years in (n_years - 1, n_years + 1):
        if years < 1:
            continue
        fits = readings(list(r.tokens), years + 1, 0)
        if fits:
            return (f"raden {r.label!r} har {years} årsbelopp + total ({_fmt(fits[0])}) men tabellen har "
                    f"{n_years} årskolumner + Totalt")
    shown = "; ".join(_fmt(c) for c in r.candidates[:5])
    return (f"siffrorna i raden {r.label!r} har ingen läsning som stämmer med {what} "
            f"(möjliga läsningar: {shown}{' …' if len(r.candidates) > 5 else ''})")


def _raise_ambiguous(raw: list[_RawRow], ks: list[int], path: Path, solutions: list[dict]) -> None:
    k = ks[0] if ks else 0
    r = raw[k]
    options = sorted({s[k] for s in solutions}) if solutions else r.candidates
    shown = "; ".join(_fmt(c) for c in options[:5])
    raise DataError(path, r.line,
                    f"siffrorna i raden {r.label!r} kan läsas på flera sätt som alla stämmer med "
                    f"tabellens summor ({shown}{' …' if len(options) > 5 else ''})")


def _check_duplicates(table: BudgetTable, path: Path) -> None:
    seen: dict[str, int] = {}
    for row in table.rows + table.sums:
        key = row.label.casefold()
        if key in seen:
            raise DataError(path, row.line,
                            f"raden {row.label!r} står två gånger i tabellen (även rad {seen[key]})")
        seen[key] = row.line


def parse_tables(lines: list[str], path: Path, skip: frozenset[int] = frozenset()) -> dict[str, BudgetTable]:
    """Find and read the cost and the financing table. Raises DataError if either is missing."""
    found: dict[str, tuple[BudgetTable, list[_RawRow]]] = {}
    i = 0
    while i < len(lines):
        if (i + 1) not in skip:
            header = _parse_header(lines[i])
            if header is not None:
                if header.kind in found:
                    raise DataError(path, i + 1,
                                    f"en andra {'kostnadstabell' if header.kind == 'cost' else 'finansieringstabell'} "
                                    f"(den första står på rad {found[header.kind][0].header_line})")
                table, raw = _parse_table(lines, i, header, skip, path)
                found[header.kind] = (table, raw)
                i = table.end_line
                continue
        i += 1
    if not any(line.strip() for line in lines):
        raise DataError(path, None, "filen är tom: ingen text att läsa beslutet ur")
    if not found:
        raise DataError(path, None,
                        f"hittar ingen budgettabell (en rubrikrad som 'Bokförda kostnader 2018 2019 … Totalt' "
                        f"eller 'Finansiär 2018 … Totalt') på raderna 1–{len(lines)}")
    for kind, name in (("cost", "kostnadstabell ('Bokförda kostnader …')"),
                       ("financing", "finansieringstabell ('Finansiär …')")):
        if kind not in found:
            cut = next((t for t, _ in found.values() if t.ends_at_eof), None)
            hint = (f" (filen slutar på rad {len(lines)} i tabellen {cut.header!r} från rad "
                    f"{cut.header_line} – kan texten vara avklippt?)" if cut is not None else "")
            raise DataError(path, None, f"hittar ingen {name}{hint}")
    cost, cost_raw = found["cost"]
    fin, fin_raw = found["financing"]
    if cost.years != fin.years:
        raise DataError(path, fin.header_line,
                        f"finansieringstabellens år {list(fin.years)} är inte kostnadstabellens {list(cost.years)}")
    tables = {"cost": cost, "financing": fin}
    raws = {"cost": cost_raw, "financing": fin_raw}
    done = {kind: _resolve(tables[kind], raws[kind], path, final=False) for kind in tables}
    for kind, other in (("financing", "cost"), ("cost", "financing")):
        if not done[kind]:
            external = _table_sums(tables[other]) if done[other] else None
            done[kind] = _resolve(tables[kind], raws[kind], path, external=external)
    for t in (cost, fin):
        _check_duplicates(t, path)
    return {"cost": cost, "financing": fin}


def _table_sums(table: BudgetTable) -> tuple[int, ...]:
    """The table's total per year (+ overall): the stated final sum if any, else computed."""
    final = table.final_sum
    if final is not None:
        return final.amounts + ((final.stated_total,) if final.stated_total is not None else ())
    years = tuple(sum(r.amounts[j] for r in table.rows) for j in range(len(table.years)))
    return years + (sum(years),)
