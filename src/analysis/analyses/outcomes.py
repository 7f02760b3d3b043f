"""Targets and outcomes: ECS3's numeric targets, public money per target unit, attainment.

The targets come from the decision (``budgets.project_targets()``). Achieved values are never
estimated here: an evaluator enters them in ``data/outcomes/outcomes.csv`` (one row per
reported value, with date and source; see ``data/outcomes/README.md``) or, with the rating of
the target, as ``achieved_value`` in the assessment file ``data/assessment/<project>.csv``.
Both are accepted only where they agree (:func:`achieved_values`): the same target and date
with two different values stops with a :class:`DataError` naming both files and lines. The
report shows one value per target, the latest, with its source and the file it was entered in.
Until a target has a value in either file, its status is ``"ej rapporterat"``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.errors import DataError

OUTCOMES_FILE = paths.DATA / "outcomes" / "outcomes.csv"
ENTERED_IN = {"outcomes": "utfallsfilen", "assessment": "bedömningsfilen",
              "both": "utfallsfilen och bedömningsfilen"}
OUTCOME_COLUMNS = ["project_id", "target_id", "achieved_value", "unit", "reported_date",
                   "source", "entered_by", "comment"]
NOT_REPORTED = "ej rapporterat"
ACHIEVED = "uppnått"
PARTLY = "delvis uppnått"

# Units that are amounts of money, in kronor per unit.
_MONEY_UNITS = {"kr": 1, "kronor": 1, "tkr": 1_000, "mkr": 1_000_000, "mnkr": 1_000_000,
                "msek": 1_000_000, "sek": 1}


def money_factor(unit: str) -> int | None:
    """Kronor per unit if ``unit`` is a money unit (``'mkr'`` → 1 000 000), else ``None``."""
    key = re.sub(r"[\s.]", "", str(unit).lower())
    return _MONEY_UNITS.get(key)


def _clean_header(name: str) -> str:
    """'Project ID ' → 'project_id': as a typed header means the column (å, ä, ö kept)."""
    return re.sub(r"[^\w]+", "_", name.strip().lower()).strip("_")


def read_outcomes(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate an outcomes file (default ``data/outcomes/outcomes.csv``).

    The file may be saved by Excel or LibreOffice in any of their CSV formats (UTF-8 with or
    without byte-order mark, Windows-1252, UTF-16; comma, semicolon or tab; quoted line breaks;
    ``#`` inside a cell is text, a record whose first cell begins with ``#`` a comment).
    Numbers are read the Swedish way (``1 200``, ``1,5``; ``1.200`` is refused as ambiguous).
    Every problem is a :class:`DataError` naming the file, the line and the column.
    """
    from ..core.csvfile import parse_number, read_records

    path = Path(path) if path is not None else outcomes_file()
    records, _info = read_records(path, missing="utfallsfilen saknas (se data/outcomes/README.md)")
    if not records:
        raise DataError(path, None, f"filen är tom; första raden ska vara rubrikraden "
                                    f"{','.join(OUTCOME_COLUMNS)}")
    header_line, header = records[0]
    cleaned = [_clean_header(h) for h in header]
    if cleaned != OUTCOME_COLUMNS:
        raise DataError(path, header_line, f"fel kolumner {cleaned}; väntade {OUTCOME_COLUMNS}")
    ref = {c: f"kolumn {i} ({c})" for i, c in enumerate(OUTCOME_COLUMNS, start=1)}
    rows, lines, seen = [], {}, {}
    for line, fields in records[1:]:
        if len(fields) != len(OUTCOME_COLUMNS):
            raise DataError(path, line, f"raden har {len(fields)} fält, väntade "
                                        f"{len(OUTCOME_COLUMNS)} (som rubrikraden, rad {header_line})")
        row = {c: f.strip() for c, f in zip(OUTCOME_COLUMNS, fields)}
        for col in ("project_id", "target_id", "achieved_value", "unit", "reported_date", "source"):
            if not row[col]:
                raise DataError(path, line, f"{ref[col]}: kolumnen {col} är tom")
        try:
            value = parse_number(row["achieved_value"])
        except ValueError as err:
            problem = (f"utfallet {row['achieved_value']!r} är inget tal"
                       if str(err).endswith("är inget tal") else str(err))
            raise DataError(path, line, f"{ref['achieved_value']}: {problem}") from None
        if value < 0:
            raise DataError(path, line, f"{ref['achieved_value']}: utfallet {row['achieved_value']!r} "
                                        "är negativt; ett uppnått värde är 0 eller mer")
        day = row["reported_date"]
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
                raise ValueError
            stamp = pd.Timestamp(day)
        except ValueError:
            raise DataError(path, line, f"{ref['reported_date']}: datumet {day!r} ska skrivas "
                                        "ÅÅÅÅ-MM-DD") from None
        if len(row["source"]) < 3:
            raise DataError(path, line, f"{ref['source']}: källan {row['source']!r} är för kort; "
                                        "skriv var värdet kommer ifrån (rapport, dnr, sida)")
        key = (row["project_id"], row["target_id"], stamp)
        if key in seen:
            raise DataError(path, line, f"{ref['reported_date']}: {row['project_id']}/"
                                        f"{row['target_id']} har redan ett värde den {day} (rad "
                                        f"{seen[key]}); ett värde per mål och datum")
        seen[key] = line
        lines[len(rows)] = line
        rows.append({**row, "achieved_value": value, "reported_date": stamp,
                     "entered_by": row["entered_by"] or None, "comment": row["comment"] or None})
    df = pd.DataFrame(rows, columns=OUTCOME_COLUMNS)
    df["achieved_value"] = df["achieved_value"].astype(float)
    df["reported_date"] = pd.to_datetime(df["reported_date"])
    for col in ("entered_by", "comment"):
        df[col] = df[col].astype(object)
    df.attrs["file"] = str(path)
    df.attrs["lines"] = lines
    return df


def check_against_targets(outcome_table: pd.DataFrame, targets: pd.DataFrame) -> None:
    """Every outcome row names a known target in the target's unit (case aside: ``Mkr`` is
    ``mkr``); else a :class:`DataError` naming the file, line and column."""
    known = set(zip(targets["project_id"], targets["target_id"]))
    unit_of = dict(zip(zip(targets["project_id"], targets["target_id"]), targets["unit"]))
    file = outcome_table.attrs.get("file", "utfallstabellen")
    lines = outcome_table.attrs.get("lines", {})
    listed = ", ".join(f"{p}/{i}" for p, i in sorted(known)) or "inga"
    for n, (i, r) in enumerate(outcome_table.iterrows()):
        key = (r["project_id"], r["target_id"])
        line = lines.get(n)
        if key not in known:
            col = "kolumn 1 (project_id)" if r["project_id"] not in {p for p, _ in known} \
                else "kolumn 2 (target_id)"
            raise DataError(file, line, f"{col}: utfall för okänt mål {key[0]}/{key[1]}. "
                                        f"Giltiga mål: {listed}.")
        if str(r["unit"]).strip().casefold() != str(unit_of[key]).strip().casefold():
            raise DataError(file, line, f"kolumn 4 (unit): utfallet för {key[0]}/{key[1]} har "
                                        f"enheten {r['unit']!r} men målet har {unit_of[key]!r}; "
                                        "skriv värdet i målets enhet")


def outcomes_file() -> Path:
    """``$OMS_OUTCOMES_FILE`` if set (relative to the repository), else ``data/outcomes/outcomes.csv``."""
    return paths.outcomes_file()


@lru_cache(maxsize=2)
def _outcomes_cached(path: str) -> pd.DataFrame:
    return read_outcomes(path)


def outcomes() -> pd.DataFrame:
    """The validated outcomes file (a copy)."""
    return _outcomes_cached(str(outcomes_file())).copy()


def _show(path: str | None) -> str:
    if path is None:
        return "utfallstabellen"
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _entries_rows(entries: pd.DataFrame, known: set[tuple[str, str]]) -> list[dict]:
    rows = []
    for _, e in entries[entries["achieved_value"].notna()].iterrows():
        key = (e["project_id"], e["item_id"])
        if key not in known:
            continue                      # a commitment's value (e.g. meetings a year)
        rows.append({"project_id": key[0], "target_id": key[1],
                     "achieved_value": float(e["achieved_value"]), "reported_date": e["date"],
                     "source": e["source"], "origin": "assessment",
                     "file": _show(e["file"]) if "file" in e else "bedömningsfilen",
                     "line": int(e["line"])})
    return rows


def achieved_values(outcome_table: pd.DataFrame | None = None,
                    entries: pd.DataFrame | None = None,
                    targets: pd.DataFrame | None = None,
                    assessment_directory=None) -> pd.DataFrame:
    """One achieved value per numeric target, from the outcomes file and the assessment files.

    Both files may hold a target's achieved value (``outcomes.csv``: ``achieved_value`` with
    ``reported_date``; the assessment: ``achieved_value`` with the ``date`` the rating describes).
    They are accepted only where they agree: for the same target and date, two different values
    stop with a :class:`DataError` naming both files and lines (nothing is chosen between them).
    Values on different dates are a series; the latest is the target's value.

    Columns: ``project_id, target_id, achieved_value, reported_date, source`` (the evaluator's
    source; both, if the two files name different ones), ``entered_in`` (``utfallsfilen``,
    ``bedömningsfilen`` or both) and ``entries`` (file and line of each entry).
    """
    if targets is None:
        from ..tables.budgets import project_targets

        targets = project_targets()
    if outcome_table is None:
        outcome_table = outcomes()
    if entries is None:
        from ..tables.assessment import assessments

        entries = assessments(assessment_directory)
    known = set(zip(targets["project_id"], targets["target_id"]))
    units = dict(zip(zip(targets["project_id"], targets["target_id"]), targets["unit"]))
    lines = outcome_table.attrs.get("lines", {})
    file = _show(outcome_table.attrs.get("file"))
    pooled = [{"project_id": r["project_id"], "target_id": r["target_id"],
               "achieved_value": float(r["achieved_value"]),
               "reported_date": pd.Timestamp(r["reported_date"]), "source": r["source"],
               "origin": "outcomes", "file": file, "line": lines.get(i)}
              for i, r in outcome_table.iterrows()]
    pooled += _entries_rows(entries, known)
    out = []
    for (pid, tid, day), g in (pd.DataFrame(pooled, columns=[
            "project_id", "target_id", "achieved_value", "reported_date", "source", "origin",
            "file", "line"]).groupby(["project_id", "target_id", "reported_date"], sort=True)):
        first = g.iloc[0]
        for _, other in g.iloc[1:].iterrows():
            if abs(other["achieved_value"] - first["achieved_value"]) > 1e-9:
                unit = units.get((pid, tid), "")
                raise DataError(first["file"], first["line"],
                                f"uppnått värde för {tid} den {day.date()}: {first['file']}, rad "
                                f"{first['line']} anger {first['achieved_value']:g} {unit}, men "
                                f"{other['file']}, rad {other['line']} anger "
                                f"{other['achieved_value']:g} {unit}. Samma mål och datum ska ha "
                                "samma värde i båda filerna: rätta den ena eller ta bort värdet "
                                "ur den ena.")
        origins = set(g["origin"])
        out.append({"project_id": pid, "target_id": tid,
                    "achieved_value": first["achieved_value"], "reported_date": day,
                    "source": "; ".join(dict.fromkeys(g["source"])),
                    "entered_in": ENTERED_IN["both" if len(origins) > 1 else origins.pop()],
                    "entries": "; ".join(f"{f}, rad {n}" if n is not None else f
                                         for f, n in zip(g["file"], g["line"]))})
    df = pd.DataFrame(out, columns=["project_id", "target_id", "achieved_value", "reported_date",
                                    "source", "entered_in", "entries"])
    return df.groupby(["project_id", "target_id"], sort=False).tail(1).reset_index(drop=True)


def public_funding(lines: pd.DataFrame | None = None,
                   stated_totals: pd.DataFrame | None = None) -> pd.Series:
    """Public money per project (kronor): every financing row whose financier the register
    calls public (``sector``), in money or in kind; private money is left out. A project with
    no public money has 0 (:func:`analysis.analyses.financing.financing_overview`)."""
    from .financing import financing_overview

    o = financing_overview(lines, stated_totals)
    return o.set_index("project_id")["public_sek"].rename("amount_sek")


def targets_with_outcomes(targets: pd.DataFrame | None = None,
                          outcome_table: pd.DataFrame | None = None,
                          lines: pd.DataFrame | None = None,
                          stated_totals: pd.DataFrame | None = None,
                          entries: pd.DataFrame | None = None) -> pd.DataFrame:
    """Numeric targets with public money per target unit, the latest reported value and status.

    Columns: ``project_id, target_id, description, value, unit, document, line,
    public_funding_sek, target_value_units, public_sek_per_unit, target_sek_per_public_sek,
    per_unit_label,
    achieved_value, reported_date, source, entered_in, attainment, status``.

    The achieved value is :func:`achieved_values` (outcomes file and assessment files
    reconciled; ``entries``: the assessment entries, default the checked files).

    ``public_sek_per_unit`` divides the project's whole public funding by the target value;
    for a money target (e.g. 8 mkr private investment) it is public kronor per target krona.
    ``target_sek_per_public_sek`` is its inverse for money targets: target kronor (private
    investment) per public krona, the usual way to state leverage.
    The same money serves all targets at once, so these ratios are not additive.
    ``attainment`` = achieved / target (NA and status ``"ej rapporterat"`` until reported).
    """
    if targets is None:
        from ..tables.budgets import project_targets

        targets = project_targets()
    if outcome_table is None:
        outcome_table = outcomes()
    t = targets.copy()
    funding = public_funding(lines, stated_totals)
    t["public_funding_sek"] = t["project_id"].map(funding) if len(t) else pd.Series(dtype=float)
    factor = pd.Series([money_factor(u) for u in t["unit"]], index=t.index, dtype=float)
    t["target_value_units"] = t["value"] * factor.fillna(1)
    t["public_sek_per_unit"] = t["public_funding_sek"] / t["target_value_units"]
    # leverage the usual way: kronor in a money target (private investment) per public krona
    t["target_sek_per_public_sek"] = (t["target_value_units"] / t["public_funding_sek"]).where(
        factor.notna())
    t["per_unit_label"] = [
        "offentliga kronor per krona i målet" if pd.notna(f) else f"kr per {u}"
        for f, u in zip(factor, t["unit"])]

    check_against_targets(outcome_table, t)
    latest = achieved_values(outcome_table, entries, t).set_index(["project_id", "target_id"])
    key = list(zip(t["project_id"], t["target_id"]))
    for col in ("achieved_value", "reported_date", "source", "entered_in"):
        t[col] = [latest.at[k, col] if k in latest.index else None for k in key]
    t["achieved_value"] = pd.to_numeric(t["achieved_value"])
    t["attainment"] = t["achieved_value"] / t["value"]
    t["status"] = [NOT_REPORTED if pd.isna(a) else (ACHIEVED if a >= 1 else PARTLY)
                   for a in t["attainment"]]
    return t


PRIMARY_GROUP_PHRASE = "Den primära målgruppen"


def primary_target_group(project_id: str,
                         project_table: pd.DataFrame | None = None) -> dict | None:
    """The decision's own sentence on its primary target group: ``document, line, text``, or
    None when the decision has none (REAL ÖMS's text names no primary target group)."""
    from ..core.paths import RAW_DOCUMENTS
    from ..sources.decisions.text import read_lines

    if project_table is None:
        from ..tables.budgets import projects

        project_table = projects()
    document = project_table.set_index("project_id").at[project_id, "document"]
    for number, line in enumerate(read_lines(RAW_DOCUMENTS / document), start=1):
        if PRIMARY_GROUP_PHRASE in line:
            return {"document": document, "line": number, "text": " ".join(line.split())}
    return None
