"""Generated registers of decisions: a project tree with 1–5 joint projects (issue 20).

Each generated decision is one of the two real decisions used as a template (the tab layout of
000 for ECS3, the space layout of 003 for REAL ÖMS), with a new title, a new period and a new
budget whose sums add up, so that everything the package reads from a decision (metadata,
budget tables, targets and goals) is there, but every number differs from the shipped ones.
The amounts are drawn with a fixed seed; :class:`Project` keeps the drawn values, so a test
can assert them against what the package computes.

``generated_root(root, n)`` writes the tree (``data/`` copied with the register replaced,
``report/`` copied) and returns the projects, ordered by start date; the register lists them
in another order on purpose (the package must order by start date, never by register order).
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from analysis.core import paths

SKIP = {"processed", "_book", "_preview", ".quarto", "_freeze", "__pycache__", "figures"}
TEMPLATES = {"tab": "000_5838ca1629de2de5.txt", "space": "003_e1f4e7d84336dce7.txt"}
# financing rows as the financier register knows them (alias, county code; None = ERUF)
REGION_ROWS = {
    "tab": [("Region Örebro län 1:1", "18"), ("Region Västmanland", "19"),
            ("Region Östergötland", "05"), ("Regionförbundet Sörmland", "04"),
            ("Region Uppsala", "03"), ("ERUF", None)],
    "space": [("Region Örebro län 1:1-medel", "18"), ("Region Västmanland", "19"),
              ("Region Östergötland", "05"), ("Region Sörmland 1:1 medel", "04"),
              ("Region Upsala 1:1 medel", "03"), ("Tillväxtverket ERUF", None)],
}
COST_ROWS = {"tab": ["Egen personal", "Externa tjänster", "Övriga kostnader"],
             "space": ["Egen personal (inkl. lönebikost.)", "Indirekta kostnader (Schablon)"]}
DECIDING = "18"  # Region Örebro län's row is the amount applied for
SHARE = 0.12  # the space template applies for 12 % of the booked costs (at most its row)


@dataclass
class Project:
    project_id: str
    short_name: str
    title: str
    layout: str
    start: date
    end: date
    document: str
    years: list[int] = field(default_factory=list)
    cost: dict[str, list[int]] = field(default_factory=dict)
    financing: dict[str, list[int]] = field(default_factory=dict)  # county code or "erdf"

    @property
    def total_sek(self) -> int:
        return sum(sum(v) for v in self.cost.values())

    @property
    def regional_sek(self) -> int:
        return sum(sum(v) for k, v in self.financing.items() if k != "erdf")

    def region_sek(self, code: str) -> int:
        return sum(self.financing[code])

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


# Periods: each starts when the one before ends, some in the middle of a year (partial years).
PERIODS = [(date(2016, 3, 1), date(2018, 2, 28)), (date(2018, 3, 1), date(2020, 12, 31)),
           (date(2021, 1, 1), date(2022, 6, 30)), (date(2022, 7, 1), date(2024, 6, 30)),
           (date(2024, 7, 1), date(2026, 9, 30))]
NAMES = ["SMART A", "SMART B", "SMART C", "SMART D", "SMART E"]


def _fmt(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _draw(rng: random.Random, p: Project) -> None:
    p.years = list(range(p.start.year, p.end.year + 1))
    p.financing = {code or "erdf": [] for _, code in REGION_ROWS[p.layout]}
    names = COST_ROWS[p.layout]
    p.cost = {n: [] for n in names}
    for _ in p.years:
        fin = {code or "erdf": rng.randrange(150, 900) * 1000 + rng.randrange(100, 999)
               for _, code in REGION_ROWS[p.layout]}
        if p.layout == "space":  # '12 procent av projektets bokförda kostnader, dock högst …'
            others = sum(v for k, v in fin.items() if k != DECIDING)
            fin[DECIDING] = round(SHARE * others / (1 - SHARE))
        for k, v in fin.items():
            p.financing[k].append(v)
        total = sum(fin.values())
        # cost rows: all but the last drawn, the last takes the rest (every amount ≥ 100 000)
        rest = total
        for k, n in enumerate(names[:-1]):
            v = rng.randrange(100_000, rest - 100_000 * (len(names) - 1 - k))
            p.cost[n].append(v)
            rest -= v
        p.cost[names[-1]].append(rest)


def _table(p: Project) -> list[str]:
    sep = "\t" if p.layout == "tab" else " "
    years = [str(y) for y in p.years]

    def row(label, values):
        return sep.join([label, *map(_fmt, values), _fmt(sum(values))])

    totals = [sum(v[j] for v in p.cost.values()) for j in range(len(p.years))]
    lines = [sep.join(["Bokförda kostnader", *years, "Totalt"])]
    lines += [row(n, v) for n, v in p.cost.items()]
    lines.append(row("Summa bokförda kostnader", totals))
    lines.append("")
    lines.append(sep.join(["Finansiär", *years, "Totalt"]))
    lines += [row(alias, p.financing[code or "erdf"]) for alias, code in REGION_ROWS[p.layout]]
    lines.append(row("Summa finansiering", totals))
    return lines


def _document(p: Project) -> str:
    template = (paths.RAW_DOCUMENTS / TEMPLATES[p.layout]).read_text(encoding="utf-8")
    lines = template.split("\n")
    # the title: the first line with text
    first = next(i for i, ln in enumerate(lines) if ln.strip())
    lines[first] = p.title
    text = "\n".join(lines)
    applied = _fmt(p.region_sek(DECIDING))
    period = f"{p.start.isoformat()}—{p.end.isoformat()}"
    if p.layout == "tab":
        text, n = re.subn(r"ansöker om [\d ]+ kr för projekt .+? under perioden \S+",
                          f"ansöker om {applied} kr för projekt {p.title} under perioden {period}.",
                          text, count=1)
    else:
        text, n = re.subn(r"högst [\d ]+ kronor för projekt .+? under perioden \n\S+",
                          f"högst {applied} kronor för projekt {p.title} under perioden \n{period}.",
                          text, count=1)
    assert n == 1, p.layout
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Bokförda kostnader"))
    end = next(i for i, ln in enumerate(lines)
               if i > start and re.match(r"(Summa|Total) finansiering", ln.strip()))
    lines[start:end + 1] = _table(p)
    return "\n".join(lines)


def generated_projects(n: int, seed: int = 20, first: str = "tab") -> list[Project]:
    """``n`` projects (1–5) in start-date order, alternating the two layouts from ``first``
    (``"space"`` first: the layout of 003, a decision without numeric targets, work packages or
    a request for mirroring)."""
    rng = random.Random(seed * 100 + n)
    out = []
    for k in range(n):
        start, end = PERIODS[len(PERIODS) - n + k]  # the latest ``n`` periods
        layout = [first, "space" if first == "tab" else "tab"][k % 2]
        pid = f"SMART_{chr(ord('A') + k)}"
        p = Project(pid, NAMES[k], f"Smart specialisering i Östra Mellansverige, etapp {k + 1}",
                    layout, start, end, f"{90 + k:03d}_generated_{pid.lower()}.txt")
        _draw(rng, p)
        out.append(p)
    return out


def _register_row(p: Project) -> str:
    extraction = "tab-separated" if p.layout == "tab" else "space-separated"
    return (f"{p.document},{p.project_id},{p.short_name},decision,{extraction},true,"
            f"Region Örebro län,Generated decision (template {TEMPLATES[p.layout]}).,,\"{p.title}\"")


def _drop_rows_citing(file: Path, column: str, documents: set[str], names: set[str] = frozenset()
                      ) -> None:
    """Leave out the rows of a reference table that cite one of ``documents`` or whose text
    names one of the projects ``names``."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"))))
    col = rows[0].index(column)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        [rows[0], *[r for r in rows[1:] if r and r[col] not in documents
                    and not any(n in cell for n in names for cell in r)]])
    file.write_text(buf.getvalue(), encoding="utf-8")


def generated_root(root: Path, n: int, seed: int = 20, first: str = "tab") -> list[Project]:
    """Write a project tree with ``n`` generated decisions in ``root``; the projects in
    start-date order (the register lists them newest first).

    The tree is an evaluator's whose register holds the generated projects and not the shipped
    ones: the shipped decisions leave the register, and so do what an evaluator of other
    projects would never have written about them (their assessment files, and the rows of the
    reference tables that quote or name them); the register's other documents (the regions' web page,
    Region Kalmar län's strategy) stay, with every reference row that cites them. Each reference
    row thus cites a registered document, as the package requires (a row citing an unregistered
    one is a data error naming the table, its row and the document)."""
    ignore = lambda f, names: [x for x in names if x in SKIP or x.startswith(".oms-")]  # noqa: E731
    shutil.copytree(paths.DATA, root / "data", ignore=ignore)
    shutil.copytree(paths.REPORT, root / "report", ignore=ignore)
    shutil.copyfile(paths.ROOT / "pyproject.toml", root / "pyproject.toml")
    projects = generated_projects(n, seed, first)
    docs = root / "data" / "raw" / "documents"
    reference = root / "data" / "reference"
    register = reference / "documents.csv"
    lines = register.read_text(encoding="utf-8").rstrip("\n").split("\n")
    decision = re.compile(r"^([^,]+),([A-Z][A-Z0-9_]*),[^,]*,decision,")
    shipped = {m[1]: m[2] for m in map(decision.match, lines[1:]) if m}  # document -> project
    names = {ln.split(",")[2] for ln in lines[1:] if decision.match(ln)}  # their short names
    kept = [lines[0]] + [ln for ln in lines[1:] if not decision.match(ln)]
    for p in projects:
        (docs / p.document).write_text(_document(p), encoding="utf-8")
    rows = [_register_row(p) for p in reversed(projects)]
    register.write_text("\n".join([kept[0], *rows, *kept[1:]]) + "\n", encoding="utf-8")
    _drop_rows_citing(reference / "kalmar_comparison.csv", "oms_document", set(shipped), names)
    _drop_rows_citing(reference / "challenge_areas.csv", "document", set(shipped))
    for pid in set(shipped.values()):
        (root / "data" / "assessment" / f"{pid}.csv").unlink(missing_ok=True)
    return projects
