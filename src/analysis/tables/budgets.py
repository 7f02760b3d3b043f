"""The projects' budgets as tidy tables, from the registered decision documents.

Reads every decision listed in ``data/reference/documents.csv`` with
:func:`analysis.sources.decisions.parse_decision`, resolves cost labels to canonical categories and
financing labels to financiers (:mod:`analysis.tables.financiers`), runs the checks of
:mod:`analysis.tables.validation`, and checks each table against its schema
(:mod:`analysis.tables.schemas`). A project's budget comes from its *canonical* document; the other
extractions of the same decision are parsed too and must agree (a validation check).

Public functions (cached for the process, each returns a copy):

* :func:`budget_lines` — one row per budget cell (project × table × row × year);
* :func:`budget_totals` — each row's stated total beside the sum of its cells;
* :func:`projects` — one row per project: title, applicant, amount applied for, period, Dnr…;
* :func:`months_per_year` — how many months of each budget year the project runs;
* :func:`project_targets` — the numeric targets stated in the decision.

They raise :class:`analysis.core.errors.DataError` on unreadable input and when a validation check
finds an error (a difference larger than rounding).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.errors import DataError
from ..core.labels import labels
from ..core.months import days_in_year, project_months
from ..sources.decisions import REGISTER_FILE, BudgetTable, Decision, document_register, parse_decision
from . import financiers, validation

#: canonical cost categories, matched on the start of the label (case-insensitive)
COST_CATEGORIES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(egen\s+)?personal\b|^lönekostnader\b|^löner\b", re.I), "staff"),
    (re.compile(r"^(externa|köpta)\s+tjänster\b|^konsult", re.I), "external_services"),
    (re.compile(r"^resor\b|^resekostnader\b", re.I), "travel"),
    (re.compile(r"^investering", re.I), "investments"),
    (re.compile(r"^lokal", re.I), "premises"),
    (re.compile(r"^indirekta\s+kostnader\b|^schablon|^overhead\b", re.I), "indirect_costs"),
    (re.compile(r"^övriga\s+kostnader\b", re.I), "other_costs"),
]

_LAYOUT_OF_EXTRACTION = {"tab-separated": "tab", "space-separated": "space"}


def cost_category(label: str) -> str | None:
    """``'Egen personal (inkl. lönebikost.)' -> 'staff'``; ``None`` if no category matches."""
    for pattern, category in COST_CATEGORIES:
        if pattern.search(label.strip()):
            return category
    return None


@dataclass
class Budget:
    """Everything built from the registered decisions (see :func:`build`)."""

    register: pd.DataFrame
    decisions: dict[str, Decision]             # document file name -> parsed decision
    lines: pd.DataFrame
    totals: pd.DataFrame
    projects: pd.DataFrame
    months: pd.DataFrame
    targets: pd.DataFrame
    checks: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> pd.DataFrame:
        return self.checks[self.checks["severity"] == "error"]


def _row_meta(decision: Decision, table: BudgetTable, label: str, line: int,
              financier_file: Path | None, notes: list[str]) -> dict:
    if table.kind == "cost":
        category = cost_category(label)
        if category is None:
            raise DataError(decision.path, line,
                            f"okänd kostnadskategori {label!r} (kända: "
                            f"{', '.join(labels('cost_category').values())})")
        return {"category": category, "county_code": pd.NA, "funding_source": pd.NA}
    try:
        fin = financiers.resolve_financier(label, financier_file)
    except financiers.UnknownFinancier:
        raise DataError(decision.path, line,
                        f"okänd finansiär {label!r}: finns inte i data/reference/financiers.csv") from None
    if fin.via == "rule":
        notes.append(f"{decision.document}, rad {line}: finansiären {label!r} finns inte i registret; "
                     f"tolkad som {fin.financier} ({labels('funding_source')[fin.funding_source]})")
    return {"category": fin.financier, "county_code": fin.county_code if fin.county_code else pd.NA,
            "funding_source": fin.funding_source}


def _tidy(decision: Decision, project_id: str, financier_file: Path | None,
          notes: list[str]) -> tuple[list[dict], list[dict]]:
    lines: list[dict] = []
    totals: list[dict] = []
    for table in (decision.cost, decision.financing):
        seen: dict[tuple, int] = {}
        wide: list[dict] = []  # one row per table row, one column per budget year, as written
        for row in table.rows:
            meta = _row_meta(decision, table, row.label, row.line, financier_file, notes)
            key = (meta["category"], None if pd.isna(meta["funding_source"]) else meta["funding_source"])
            if key in seen:
                raise DataError(decision.path, row.line,
                                f"dubbla rader: {row.label!r} avser samma "
                                f"{'kostnadskategori' if table.kind == 'cost' else 'finansiär och finansieringskälla'} "
                                f"som raden på rad {seen[key]}")
            seen[key] = row.line
            base = {"project_id": project_id, "table": table.kind, "label": row.label, **meta}
            wide.append({**base, "document": decision.document, "line": row.line,
                         **dict(zip(table.years, row.amounts))})
            computed = sum(row.amounts)
            totals.append({**base,
                           "stated_total_sek": row.stated_total if row.stated_total is not None else pd.NA,
                           "computed_total_sek": computed,
                           "document": decision.document, "line": row.line})
        lines += _year_cells(pd.DataFrame(wide), table.years)
    return lines, totals


def _year_cells(wide: pd.DataFrame, years: list[int]) -> list[dict]:
    """The table as written (a column per year) as one record per cell, row by row."""
    import janitor  # noqa: F401 - registers DataFrame.pivot_longer

    if wide.empty:
        return []
    long = wide.pivot_longer(index=[c for c in wide.columns if c not in years],
                             names_to="year", values_to="amount_sek", sort_by_appearance=True)
    long["year"] = long["year"].astype("int64")
    return long.to_dict("records")


def _months(start: date, end: date) -> list[dict]:
    return [{"year": year, "months": len(months), "days": days_in_year(start, end, year)}
            for year, months in project_months(start, end).items()]


def _period_months(start: date, end: date) -> int:
    return sum(len(months) for months in project_months(start, end).values())


def build(register_file: str | Path | None = None, documents_dir: str | Path | None = None,
          financier_file: str | Path | None = None) -> Budget:
    """Parse, resolve and check every registered decision (not cached; see :func:`budget`)."""
    from . import schemas  # pandera is heavy: import only when building

    register_file = Path(register_file or REGISTER_FILE)
    documents_dir = Path(documents_dir or paths.RAW_DOCUMENTS)
    financier_file = Path(financier_file) if financier_file else None
    register = document_register(register_file)
    notes: list[str] = []
    decisions: dict[str, Decision] = {}
    line_rows: list[dict] = []
    total_rows: list[dict] = []
    project_rows: list[dict] = []
    month_rows: list[dict] = []
    target_rows: list[dict] = []
    check_rows: list[dict] = []

    registered = set(register["document"])
    for extra in sorted(p.name for p in documents_dir.glob("*.txt") if p.name not in registered):
        notes.append(f"{extra}: finns i {documents_dir.name}/ men inte i dokumentregistret; läses inte")

    for i, reg in register.iterrows():
        if reg["kind"] != "decision":
            continue
        path = documents_dir / reg["document"]
        if not path.is_file():
            raise DataError(register_file, register.attrs.get("lines", {}).get(reg["document"]),
                            f"dokumentet {reg['document']} finns inte i {documents_dir}")
        decision = parse_decision(path)
        expected = _LAYOUT_OF_EXTRACTION.get(reg["extraction"])
        if expected is not None and decision.layout != expected:
            raise DataError(register_file, int(i) + 2,
                            f"{reg['document']} är registrerat som {reg['extraction']} men tabellerna är "
                            f"{'tabbseparerade' if decision.layout == 'tab' else 'mellanslagsseparerade'}")
        decisions[reg["document"]] = decision
        doc_lines, doc_totals = _tidy(decision, reg["project_id"], financier_file, notes)
        check_rows += validation.check_decision(decision, reg["project_id"], reg["issuer"], financier_file)
        if not reg["canonical"]:
            continue
        line_rows += doc_lines
        total_rows += doc_totals
        project_rows.append({
            "project_id": reg["project_id"],
            "title": decision.title,
            "short_name": reg["short_name"] or reg["project_id"],
            "applicant": decision.applicant,
            "deciding_authority": reg["issuer"] or pd.NA,
            "applied_amount_sek": decision.applied_amount_sek,
            "applied_share": decision.applied_share if decision.applied_share is not None else float("nan"),
            "start_date": pd.Timestamp(decision.start_date),
            "end_date": pd.Timestamp(decision.end_date),
            "months": _period_months(decision.start_date, decision.end_date),
            "dnr": decision.dnr if decision.dnr else pd.NA,
            "meeting_date": pd.Timestamp(decision.meeting_date) if decision.meeting_date else pd.NaT,
            "document": decision.document,
        })
        for m in _months(decision.start_date, decision.end_date):
            month_rows.append({"project_id": reg["project_id"], **m})
        for t in decision.targets:
            target_rows.append({
                "project_id": reg["project_id"], "target_id": f"{reg['project_id']}_{t.number}",
                "description": t.description, "value": t.value, "unit": t.unit,
                "document": decision.document, "line": t.line,
            })

    check_rows += validation.check_extractions(register, decisions)
    # every table lists the projects by start date (same-day starts: the register's order)
    rank = {r["project_id"]: i for i, r in enumerate(sorted(project_rows, key=lambda r: r["start_date"]))}
    line_rows, total_rows, project_rows, month_rows, target_rows = (
        sorted(rows, key=lambda r: rank[r["project_id"]])
        for rows in (line_rows, total_rows, project_rows, month_rows, target_rows))

    def frame(rows: list[dict], schema) -> pd.DataFrame:
        return validated(pd.DataFrame(rows, columns=list(schema.columns)), schema)

    lines = frame(line_rows, schemas.BUDGET_LINES)
    totals = frame(total_rows, schemas.BUDGET_TOTALS)
    projects_df = frame(project_rows, schemas.PROJECTS)
    months = frame(month_rows, schemas.MONTHS_PER_YEAR)
    targets = frame(target_rows, schemas.PROJECT_TARGETS)
    checks = validation.checks_frame(check_rows)
    return Budget(register, decisions, lines, totals, projects_df, months, targets, checks, notes)


def validated(df: pd.DataFrame, schema) -> pd.DataFrame:
    """``schema.validate(df)``; a failure becomes a DataError naming the document and line of the
    first failing row (every budget row carries both), never a pandera traceback."""
    import pandera.errors as pae

    try:
        return schema.validate(df, lazy=True)
    except pae.SchemaErrors as err:
        cases = err.failure_cases
        first = cases.iloc[0]
        index = first.get("index")
        where = df.loc[index] if index is not None and index in df.index else None
        file = where["document"] if where is not None and "document" in df else schema.name
        line = int(where["line"]) if where is not None and "line" in df and pd.notna(where["line"]) else None
        raise DataError(file, line, f"tabellen {schema.name} uppfyller inte schemat: kolumnen "
                        f"{first.get('column')!r}, kontrollen {first.get('check')} "
                        f"(värdet {first.get('failure_case')!r}; {len(cases)} fel)") from None


LAYOUT_NAMES = {"tab": "tabbseparerad", "space": "mellanslagsseparerad", "mixed": "blandad"}


def documents_read(b: Budget | None = None) -> pd.DataFrame:
    """What was read from each decision document, with Swedish headers (for notebook and CLI)."""
    b = b or budget()
    reg = b.register.set_index("document")
    rows = []
    for doc, d in b.decisions.items():
        r = reg.loc[doc]
        rows.append({
            "Dokument": doc,
            "Projekt": r["short_name"] or r["project_id"],
            "Tabellformat": LAYOUT_NAMES.get(d.layout, d.layout),
            "Används": "ja" if r["canonical"] else "nej (kontroll)",
            "Kostnadstabell, rader": f"{d.cost.header_line}–{d.cost.end_line}",
            "Finansieringstabell, rader": f"{d.financing.header_line}–{d.financing.end_line}",
            "Budgetrader": len(d.cost.rows) + len(d.financing.rows),
            "Rader med flera möjliga läsningar": sum(
                1 for t in (d.cost, d.financing) for row in t.rows + t.sums if row.readings > 1),
        })
    return pd.DataFrame(rows)


def budget_inputs() -> list[Path]:
    """Every file the budget is built from (the build cache's key)."""
    from ..core.regions import COUNTIES_FILE

    register = document_register(REGISTER_FILE)
    return [REGISTER_FILE, financiers.REGISTER_FILE, COUNTIES_FILE,
            *sorted(paths.RAW_DOCUMENTS.glob("*.txt")),
            *(paths.RAW_DOCUMENTS / d for d in register["document"])]


#: The tables of a budget, stored together (:mod:`.store`) and read by the loaders below.
TABLES = ("lines", "totals", "projects", "months", "targets", "checks")


def tables_of(b: Budget) -> dict[str, pd.DataFrame]:
    return {name: getattr(b, name) for name in TABLES}


@lru_cache(maxsize=1)
def budget() -> Budget:
    """The budget built from the project's files, parsed decisions included (once per process;
    the loaders below read the stored tables instead and need it only when none are stored)."""
    return build()


@lru_cache(maxsize=1)
def _tables() -> dict[str, pd.DataFrame]:
    from . import store

    return store.tables("budget", budget_inputs, lambda: tables_of(budget()))


def _checked() -> dict[str, pd.DataFrame]:
    t = _tables()
    errors = t["checks"][t["checks"]["severity"] == "error"]
    if len(errors):
        first = errors.iloc[0]
        raise DataError(paths.RAW_DOCUMENTS / first["document"],
                        None if pd.isna(first["line"]) else int(first["line"]),
                        f"{first['message']} ({len(errors)} fel i valideringen; kör python -m analysis extract)")
    return t


def budget_lines() -> pd.DataFrame:
    """One row per budget cell of each project's canonical decision (never the stated sums).

    Columns: ``project_id``, ``table`` (cost/financing), ``label`` (as written, wrapped lines
    joined), ``category`` (cost category or canonical financier), ``county_code`` (NA for
    costs and non-regional financiers), ``funding_source`` (NA for costs), ``year``,
    ``amount_sek`` (int), ``document``, ``line`` (where the row's amounts stand).
    """
    return _checked()["lines"].copy()


def budget_totals() -> pd.DataFrame:
    """Each budget row's stated total (``stated_total_sek``, the "Totalt" cell) beside the sum
    of its year cells (``computed_total_sek``); same keys as :func:`budget_lines`.

    Use the stated totals where the document's own figures are quoted ("Region Sörmland:
    3 056 308 kr in all, as stated"); they can differ from the cells by rounding.
    """
    return _checked()["totals"].copy()


def validation_checks() -> pd.DataFrame:
    """Every check of every registered decision document (:mod:`.validation`), with its severity."""
    return _tables()["checks"].copy()


def validation_report() -> pd.DataFrame:
    """The findings: every check whose severity is ``rounding`` or ``error``, with document and line."""
    checks = validation_checks()
    return checks[checks["severity"] != "ok"].reset_index(drop=True)


def projects() -> pd.DataFrame:
    """One row per project (from its canonical decision).

    Columns: ``project_id``, ``title``, ``short_name``, ``applicant``, ``deciding_authority``,
    ``applied_amount_sek`` (the fixed amount, or the ceiling when a share is applied for),
    ``applied_share`` (e.g. 0.12, NaN when a fixed amount), ``start_date``, ``end_date``,
    ``months``, ``dnr`` (NA if not in the text), ``meeting_date`` (Projektforum, NaT if not
    in the text), ``document``.
    """
    return _checked()["projects"].copy()


def months_per_year(project_id: str | None = None) -> pd.DataFrame:
    """Months (and days) of each budget year inside the project period.

    With ``project_id``: columns ``year, months, days`` (REAL_OMS: 2023 → 2, 2027 → 10);
    without: all projects, with a ``project_id`` column first.
    """
    months = _checked()["months"]
    if project_id is None:
        return months.copy()
    if project_id not in set(months["project_id"]):
        raise KeyError(f"okänt projekt {project_id!r}; kända: {', '.join(sorted(set(months['project_id'])))}")
    return months[months["project_id"] == project_id].drop(columns="project_id").reset_index(drop=True)


def project_targets() -> pd.DataFrame:
    """The numeric targets stated in the decisions.

    Columns: ``project_id``, ``target_id`` (``<project>_<n>``, n = order in the document),
    ``description`` (as written), ``value``, ``unit`` (as written: ``företag``, ``mkr``),
    ``document``, ``line``. Empty (with these columns and types) when no decision has one.
    """
    t = _checked()["targets"].copy()
    if t.empty:  # a stored empty table keeps no types: give the numbers theirs
        t = t.astype({"value": float, "line": "Int64"})
    return t
