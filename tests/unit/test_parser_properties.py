"""Property-based tests of the decision parser (hypothesis).

Decision documents are generated in both layouts: random budgets whose sums add up, labels
wrapped before and after their amounts, page breaks with repeated page headers inside the
tables, extra blank lines, CRLF line ends and non-breaking spaces as thousands separators. Each
document either parses to exactly the generated values or stops with a DataError naming the file
and a line of it; nothing in between. A mutated variant changes one cell and must always be
reported with the row, the year and the difference.

Deterministic (derandomize=True) and bounded (max_examples), so CI runs the same examples in a
few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.core.errors import DataError
from analysis.sources.decisions import parse_decision
from analysis.tables import validation

SETTINGS = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# (first part, rest): the rest continues the label (starts with a parenthesis or lower case)
COST_LABELS = [("Egen personal (inkl.", "lönebikost.)"), ("Externa tjänster (konsulter", "och revision)"),
               ("Resor (inrikes", "och utrikes)"), ("Indirekta kostnader", "(Schablon)"),
               ("Investeringar", "(utrustning)"), ("Lokaler", "(hyra)")]
FIN_LABELS = [("Region Örebro län 1:1-", "medel"), ("Region Västmanland", "(egen insats)"),
              ("Region Östergötland", "(1:1)"), ("Region Sörmland Övriga", "medel"),
              ("Region Uppsala (kontant", "insats)"), ("Tillväxtverket ERUF", "(programmet)")]
PAGE_BREAK = ["", "\fTjänsteställe, handläggare", "Projektstöd, Region Örebro län", "Projektforum",
              "2017-10-23", "Dnr: 17RS5764", "", "Sida 2 av 4", ""]


@dataclass
class Row:
    first: str
    rest: str
    amounts: list[int]
    wrap: str  # "none", "before", "after"
    is_sum: bool = False
    total: int | None = None  # the stated total when it is not the sum of the cells (mutated)

    @property
    def label(self) -> str:
        return f"{self.first} {self.rest}" if self.rest else self.first


def _fmt(value: int, nbsp: bool) -> str:
    return f"{value:,}".replace(",", "\u00a0" if nbsp else " ")


def _row_lines(row: Row, years: int, has_total: bool, sep: str, nbsp: bool) -> list[str]:
    cells = [_fmt(v, nbsp) for v in row.amounts[:years]]
    if has_total:
        stated = row.amounts[years] if row.is_sum else row.total if row.total is not None \
            else sum(row.amounts[:years])
        cells.append(_fmt(stated, nbsp))
    amounts = sep.join(cells)
    if row.wrap == "before":
        return [row.first, f"{row.rest}{sep}{amounts}"]
    if row.wrap == "after":
        return [f"{row.first}{sep}{amounts}", row.rest]
    return [f"{row.label}{sep}{amounts}"]


WIDE = 100_000  # amounts of at least two digit groups, the first of three digits


@st.composite
def budgets(draw, wide: bool = False):
    """A budget whose sums add up. ``wide``: every amount is at least :data:`WIDE`, so that the
    space layout's digit groups have one consistent reading (small amounts such as 1, 100 and
    1 100 can be read in several consistent ways, and then a wrong cell cannot be located)."""
    n_years = draw(st.integers(1, 4))
    first_year = draw(st.integers(2018, 2023))
    years = list(range(first_year, first_year + n_years))
    has_total = True if n_years == 1 or wide else draw(st.booleans())
    amount = st.integers(WIDE, 3_000_000) if wide else st.integers(0, 3_000_000)

    def rows(pool, n):
        picked = draw(st.lists(st.sampled_from(range(len(pool))), min_size=n, max_size=n, unique=True))
        out = []
        for i in picked:
            first, rest = pool[i]
            wrap = draw(st.sampled_from(["none", "before", "after"]))
            if wrap == "none":
                first, rest = f"{first} {rest}", ""
            out.append(Row(first, rest, [], wrap))
        return out

    cost = rows(COST_LABELS, draw(st.integers(1, 4)))
    for r in cost:
        r.amounts = [draw(amount) for _ in years]
    totals = [sum(r.amounts[j] for r in cost) for j in range(n_years)]
    fin = rows(FIN_LABELS, draw(st.integers(1, len(cost) if wide else 4)))
    floor = WIDE if wide else 0
    for r in fin:
        r.amounts = [0] * n_years
    for j, total in enumerate(totals):  # the financing adds up to the costs, year by year
        spare = total - floor * len(fin)
        cuts = sorted(draw(st.lists(st.integers(0, spare), min_size=len(fin) - 1, max_size=len(fin) - 1)))
        parts = [floor + b - a for a, b in zip([0, *cuts], [*cuts, spare])]
        for r, p in zip(fin, parts):
            r.amounts[j] = p
    return {
        "years": years, "has_total": has_total, "cost": cost, "fin": fin, "totals": totals,
        "fin_sum": draw(st.booleans()),
        "layout": draw(st.sampled_from(["space", "tab"])),
        "crlf": draw(st.booleans()), "nbsp": draw(st.booleans()),
        "breaks": draw(st.lists(st.integers(0, 10), max_size=2)),   # page break before table line i
        "blanks": draw(st.lists(st.integers(0, 10), max_size=2)),   # extra blank line before line i
    }


def render(b) -> tuple[str, list[Row], list[Row]]:
    sep = "\t" if b["layout"] == "tab" else " "
    years, n = b["years"], len(b["years"])
    head = sep.join(["Bokförda kostnader", *map(str, years), *(["Totalt"] if b["has_total"] else [])])
    fhead = sep.join(["Finansiär", *map(str, years), *(["Totalt"] if b["has_total"] else [])])
    cost_sum = Row("Summa bokförda kostnader", "", [*b["totals"], sum(b["totals"])], "none", True)
    fin_sum = Row("Summa finansiering", "", [*b["totals"], sum(b["totals"])], "none", True)
    cost_rows = [*b["cost"], cost_sum]
    fin_rows = [*b["fin"], *([fin_sum] if b["fin_sum"] else [])]

    def table(rows):
        lines: list[str] = []
        for k, r in enumerate(rows):
            if k and k in b["breaks"]:
                lines += PAGE_BREAK
            if k and k in b["blanks"]:
                lines.append("")
            lines += _row_lines(r, n, b["has_total"], sep, b["nbsp"])
        return lines

    start, end = f"{years[0]}-01-01", f"{years[-1]}-12-31"
    lines = ["Genererat projekt", "", "Sammanfattning",
             f"Region Västmanland ansöker om 1 000 kr för projekt Genererat projekt under perioden "
             f"{start}—{end}.", "", "Kostnads- och finansieringsbudget", "", head, *table(cost_rows), "",
             fhead, *table(fin_rows), "", "Beslutet har fattats av nämnden.", ""]
    return ("\r\n" if b["crlf"] else "\n").join(lines), cost_rows, fin_rows


def _write(text: str, folder: Path) -> Path:
    path = folder / "genererat.txt"  # one file per test, rewritten for each example
    path.write_bytes(text.encode("utf-8"))
    return path


def _expected(rows: list[Row], n: int, has_total: bool):
    return [(r.label, tuple(r.amounts[:n]), (r.amounts[n] if r.is_sum else sum(r.amounts[:n]))
             if has_total else None) for r in rows]


def _got(table):
    return [(r.label, r.amounts, r.stated_total) for r in table.rows + table.sums]


def _clear_error(err: DataError, path: Path, text: str) -> None:
    assert err.file == str(path)
    n_lines = text.count("\n") + 1
    assert err.line is None or 1 <= err.line <= n_lines
    assert err.problem and "Traceback" not in err.problem


def _check_generated(b, folder: Path) -> str:
    text, cost_rows, fin_rows = render(b)
    path = _write(text, folder)
    n = len(b["years"])
    try:
        d = parse_decision(path)
    except DataError as err:
        _clear_error(err, path, text)
        assert err.line is not None  # every table problem is on a line
        return "error"
    assert d.cost.years == tuple(b["years"])
    assert _got(d.cost) == _expected(cost_rows, n, b["has_total"])
    assert _got(d.financing) == _expected(fin_rows, n, b["has_total"])
    assert d.title == "Genererat projekt"
    return "parsed"


def test_generated_decisions_parse_exactly_or_stop_clearly(tmp_path):
    outcomes: list[str] = []

    @SETTINGS
    @given(budgets())
    def run(b):
        outcomes.append(_check_generated(b, tmp_path))

    run()
    # a parser that refused everything would pass the property: most examples must parse
    assert outcomes.count("parsed") >= 0.7 * len(outcomes), outcomes


def _check_mutated(b, row: Row, j: int, delta: int, folder: Path) -> str:
    """Write ``row``'s cell ``j`` differently (its total and the sums as before); the fault must
    be reported with the row, the year and the difference."""
    row.total = sum(row.amounts)
    row.amounts = list(row.amounts)
    row.amounts[j] += delta
    text, _, _ = render(b)
    path = _write(text, folder)
    year = b["years"][j]
    diff = f"{abs(delta):,}".replace(",", " ")
    try:
        d = parse_decision(path)
    except DataError as err:
        _clear_error(err, path, text)
        assert row.label in err.problem or row.first in err.problem, err.problem
        assert f", {year}:" in err.problem, err.problem
        assert f"skillnad {'+' if delta > 0 else '−'}{diff} kr" in err.problem, err.problem
        return "error"
    errors = [{**c, "message": c["message"].replace("\u00a0", " ")}
              for c in validation.check_decision(d, "GEN") if c["severity"] == "error"]
    messages = " | ".join(c["message"] for c in errors)
    # the row: its stated total no longer matches its cells, by exactly the difference
    row_checks = [c for c in errors if c["check"] == "row_total" and c["label"] == row.label]
    assert row_checks, messages
    assert f"skillnad {'−' if delta > 0 else '+'}{diff} kr" in row_checks[0]["message"], messages
    # the year: the column sum (or costs against financing) of that year, by the difference
    year_checks = [c for c in errors if c["year"] == year and c["check"] in ("column_sum", "cost_vs_financing")]
    assert year_checks and any(f"{diff} kr" in c["message"] for c in year_checks), messages
    return "parsed"


def test_a_mutated_cell_is_always_reported_with_row_year_and_difference(tmp_path):
    # Only with a Totalt column can the wrong row be named at all (else only the year is known),
    # and only where the digits have one consistent reading can the wrong cell be located.
    outcomes: list[str] = []

    @SETTINGS
    @given(budgets(wide=True), st.data())
    def run(b, data):
        row = data.draw(st.sampled_from(b["cost"] + b["fin"]))
        j = data.draw(st.integers(0, len(b["years"]) - 1))
        delta = data.draw(st.sampled_from([10_000, -10_000, 1_000, 250_000, -3, 7]))
        if row.amounts[j] + delta < WIDE:
            delta = -delta
        outcomes.append(_check_mutated(b, row, j, delta, tmp_path))

    run()
    assert len(outcomes) >= 30
