"""Checks of a decision's budget against its own stated totals.

For every decision document:

* ``row_total`` — each row's stated "Totalt" against the sum of its year cells;
* ``column_sum`` — each stated sum row ("Summa bokförda kostnader", "Total finansiering")
  against the sum of the rows it covers, per year and for the total column;
* ``cost_vs_financing`` — total costs against total financing, per year and overall
  (the stated sums where the document has them, else the sums of the cells);
* ``period_years`` — the tables' years are the calendar years of the project period;
* ``applied_amount`` — the deciding region's appropriation 1:1 row equals the amount applied
  for (or, for a share, that share of the booked costs, at most the ceiling).

and, across documents, ``extractions_agree`` — the extractions of one decision give the
same tables and metadata.

Each check gets a severity: ``ok`` (no difference), ``rounding`` (a difference of a few
kronor, no larger than rounding every amount involved to whole kronor can cause:
(terms + 1) // 2 kr), or ``error``. ``validation_report`` lists the findings (rounding
notes and errors), ``validation_checks`` every check: both live in :mod:`analysis.tables.budgets`,
which runs these checks while it builds the budget (so this module never imports it).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.formatting import format_sek
from ..sources.decisions import BudgetTable, Decision, rounding_tolerance
from . import financiers

CHECK_COLUMNS = [
    "project_id", "document", "table", "line", "check", "label", "column", "year",
    "stated_sek", "expected_sek", "difference_sek", "tolerance_sek", "severity", "message",
]
SEVERITIES = ("ok", "rounding", "error")
TOTAL_COLUMN = "Totalt"


def _kr(value: int) -> str:
    return format_sek(value)


def _severity(difference: int, tolerance: int) -> str:
    if difference == 0:
        return "ok"
    return "rounding" if abs(difference) <= tolerance else "error"


def _check(project_id: str, decision: Decision, table: str | None, line: int | None, check: str,
           label: str, column: str, year: int | None, stated: int | None, expected: int | None,
           tolerance: int, what: str, computed: str | None = None) -> dict:
    """One check. ``computed`` (a template with ``{}`` for the amount) describes ``stated`` when
    the document states no such figure (it is a sum of rows), instead of "anges till"."""
    if stated is None or expected is None:
        diff = None
        severity = "ok"
    else:
        diff = stated - expected
        severity = _severity(diff, tolerance)
    if severity == "ok":
        message = f"{what}: stämmer"
    else:
        said = computed.format(_kr(stated)) if computed else f"anges till {_kr(stated)}"
        message = (f"{what}: {said} men blir {_kr(expected)} "
                   f"(skillnad {'+' if diff > 0 else '−'}{_kr(abs(diff))}; "
                   f"{'avrundning' if severity == 'rounding' else 'större än avrundning'})")
    return {
        "project_id": project_id, "document": decision.document, "table": table, "line": line,
        "check": check, "label": label, "column": column, "year": year, "stated_sek": stated,
        "expected_sek": expected, "difference_sek": diff, "tolerance_sek": tolerance,
        "severity": severity, "message": message,
    }


def _table_checks(project_id: str, d: Decision, t: BudgetTable) -> list[dict]:
    out = []
    n_years = len(t.years)
    for row in t.rows + t.sums:
        if row.stated_total is None:
            continue
        out.append(_check(project_id, d, t.kind, row.line, "row_total", row.label, TOTAL_COLUMN, None,
                          row.stated_total, sum(row.amounts), rounding_tolerance(n_years),
                          f"Radsumman för {row.label!r}"))
    for s in t.sums:
        covered = [t.rows[k] for k in s.covers]
        tol = rounding_tolerance(len(covered))
        for j, year in enumerate(t.years):
            out.append(_check(project_id, d, t.kind, s.line, "column_sum", s.label, str(year), year,
                              s.amounts[j], sum(r.amounts[j] for r in covered), tol,
                              f"{s.label} {year}"))
        if s.stated_total is not None and all(r.stated_total is not None for r in covered):
            out.append(_check(project_id, d, t.kind, s.line, "column_sum", s.label, TOTAL_COLUMN, None,
                              s.stated_total, sum(r.stated_total for r in covered), tol,
                              f"{s.label} totalt (summan av radernas totaler)"))
    return out


def _totals(t: BudgetTable) -> tuple[list[int], int, int | None, str]:
    """Per-year totals, overall total, the line they stand on (None if computed) and a name."""
    final = t.final_sum
    if final is not None:
        total = final.stated_total if final.stated_total is not None else sum(final.amounts)
        return list(final.amounts), total, final.line, final.label
    years = [sum(r.amounts[j] for r in t.rows) for j in range(len(t.years))]
    return years, sum(years), None, "summan av raderna"


def _computed_sum_text(t: BudgetTable) -> str:
    """How to name a financing sum that no row states (the table has no sum row)."""
    text = (f"finansieringsraderna summerar till"
            f" {{}} (ingen summarad i tabellen, rad {t.header_line}–{t.end_line}")
    if t.ends_at_eof:
        text += "; tabellen slutar där filen slutar – kan texten vara avklippt?"
    return text + ")"


def check_decision(decision: Decision, project_id: str, issuer: str | None = None,
                   financier_file: str | Path | None = None) -> list[dict]:
    """Every check of one decision document (a list of dicts with :data:`CHECK_COLUMNS`)."""
    d = decision
    out = _table_checks(project_id, d, d.cost) + _table_checks(project_id, d, d.financing)

    cost_years, cost_total, _, _ = _totals(d.cost)
    fin_years, fin_total, fin_line, fin_name = _totals(d.financing)
    tol = rounding_tolerance(len(d.cost.rows) + len(d.financing.rows))
    line = fin_line if fin_line is not None else d.financing.header_line
    computed = None if fin_line is not None else _computed_sum_text(d.financing)
    for j, year in enumerate(d.cost.years):
        out.append(_check(project_id, d, "financing", line, "cost_vs_financing", fin_name, str(year), year,
                          fin_years[j], cost_years[j], tol, f"Finansiering mot kostnader {year}", computed))
    out.append(_check(project_id, d, "financing", line, "cost_vs_financing", fin_name, TOTAL_COLUMN, None,
                      fin_total, cost_total, tol, "Finansiering mot kostnader totalt", computed))

    period_years = tuple(range(d.start_date.year, d.end_date.year + 1))
    ok = d.cost.years == period_years
    out.append({
        "project_id": project_id, "document": d.document, "table": "cost", "line": d.cost.header_line,
        "check": "period_years", "label": d.cost.header, "column": None, "year": None,
        "stated_sek": None, "expected_sek": None, "difference_sek": None, "tolerance_sek": 0,
        "severity": "ok" if ok else "error",
        "message": (f"Budgetåren {d.cost.years[0]}–{d.cost.years[-1]} "
                    + ("motsvarar" if ok else "motsvarar inte")
                    + f" projektperioden {d.start_date}—{d.end_date}"),
    })

    if issuer:
        out.append(_applied_check(project_id, d, issuer, cost_total, financier_file))
    return out


def _applied_check(project_id: str, d: Decision, issuer: str, cost_total: int,
                   financier_file: str | Path | None) -> dict:
    rows = []
    for row in d.financing.rows:
        try:
            fin = financiers.resolve_financier(row.label, financier_file)
        except financiers.UnknownFinancier:
            continue
        if fin.financier == issuer and fin.funding_source == "appropriation_1_1":
            rows.append(row)
    base = {"project_id": project_id, "document": d.document, "table": "financing",
            "check": "applied_amount", "column": TOTAL_COLUMN, "year": None}
    if len(rows) != 1:
        return {**base, "line": d.applied_line, "label": issuer, "stated_sek": None, "expected_sek": None,
                "difference_sek": None, "tolerance_sek": 0, "severity": "error",
                "message": f"Hittar {'ingen' if not rows else 'mer än en'} rad för {issuer}s anslag 1:1 "
                           f"att jämföra med det sökta beloppet"}
    row = rows[0]
    stated = row.stated_total if row.stated_total is not None else sum(row.amounts)
    if d.applied_share is None:
        expected, tol = d.applied_amount_sek, 0
        what = f"{row.label!r} mot sökt belopp {_kr(d.applied_amount_sek)} (rad {d.applied_line})"
    else:
        share_amount = int(d.applied_share * cost_total)  # the ceiling rounds down
        expected, tol = min(d.applied_amount_sek, share_amount), 1
        what = (f"{row.label!r} mot {d.applied_share:.0%} av bokförda kostnader {_kr(cost_total)}, "
                f"högst {_kr(d.applied_amount_sek)} (rad {d.applied_line})").replace("%", " %")
    return {**base, **_check(project_id, d, "financing", row.line, "applied_amount", row.label,
                             TOTAL_COLUMN, None, stated, expected, tol, what)}


def _signature(d: Decision) -> dict:
    def table(t: BudgetTable) -> list:
        return [t.years, t.has_total_column,
                [(r.label, r.amounts, r.stated_total, r.is_sum) for r in t.rows + t.sums]]
    return {
        "kostnadstabellen": table(d.cost),
        "finansieringstabellen": table(d.financing),
        "sökande": d.applicant, "sökt belopp": (d.applied_amount_sek, d.applied_share),
        "projektperiod": (d.start_date, d.end_date),
        "mål": [(t.value, t.unit, t.description) for t in d.targets],
    }


def check_extractions(register: pd.DataFrame, decisions: dict[str, Decision]) -> list[dict]:
    """For each project with more than one decision document: do they all agree with the canonical one?"""
    out = []
    regs = register[register["kind"] == "decision"]
    for project_id, group in regs.groupby("project_id"):
        if len(group) < 2:
            continue
        canonical = group.loc[group["canonical"], "document"].iloc[0]
        ref = _signature(decisions[canonical])
        for doc in group.loc[~group["canonical"], "document"]:
            d = decisions[doc]
            sig = _signature(d)
            differ = [k for k in ref if ref[k] != sig[k]]
            out.append({
                "project_id": project_id, "document": doc, "table": None, "line": None,
                "check": "extractions_agree", "label": canonical, "column": None, "year": None,
                "stated_sek": None, "expected_sek": None, "difference_sek": None, "tolerance_sek": 0,
                "severity": "error" if differ else "ok",
                "message": (f"{doc} ger samma tabeller och uppgifter som {canonical}" if not differ else
                            f"{doc} skiljer sig från {canonical} i: {', '.join(differ)}"),
            })
    return out


def checks_frame(rows: list[dict]) -> pd.DataFrame:
    """The checks as a table with :data:`CHECK_COLUMNS` and nullable integer columns."""
    df = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    for c in ("line", "year", "stated_sek", "expected_sek", "difference_sek", "tolerance_sek"):
        df[c] = pd.array(df[c].tolist(), dtype="Int64")
    for c in ("project_id", "document", "table", "check", "label", "column", "severity", "message"):
        df[c] = df[c].astype("str")
    bad = set(df["severity"]) - set(SEVERITIES)
    assert not bad, bad
    return df

