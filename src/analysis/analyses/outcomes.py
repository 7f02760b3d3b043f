"""Targets and outcomes: ECS3's numeric targets, public money per target unit, attainment.

The targets come from the decision (``budgets.project_targets()``). Achieved values are never
estimated here: an evaluator enters them in ``data/outcomes/outcomes.csv`` (one row per
reported value, with date and source; see ``data/outcomes/README.md``). Until a target has a
row there, its status is ``"ej rapporterat"``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core import paths
from ..core.errors import DataError

OUTCOMES_FILE = paths.DATA / "outcomes" / "outcomes.csv"
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


def _schema():
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "project_id": pa.Column(str, pa.Check.str_length(min_value=1)),
            "target_id": pa.Column(str, pa.Check.str_length(min_value=1)),
            "achieved_value": pa.Column(float, pa.Check.ge(0)),
            "unit": pa.Column(str, pa.Check.str_length(min_value=1)),
            "reported_date": pa.Column("datetime64[ns]"),
            "source": pa.Column(str, pa.Check.str_length(min_value=3)),
            "entered_by": pa.Column(str, nullable=True),
            "comment": pa.Column(str, nullable=True),
        },
        strict=True, ordered=True,
        unique=["project_id", "target_id", "reported_date"],
    )


def read_outcomes(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate an outcomes file (default ``data/outcomes/outcomes.csv``).

    Every problem is a :class:`DataError` naming the file and the line (header = line 1).
    """
    import pandera.errors as pae

    path = Path(path) if path is not None else OUTCOMES_FILE
    if not path.exists():
        raise DataError(path, None, "utfallsfilen saknas (se data/outcomes/README.md)")
    import janitor  # noqa: F401 - registers DataFrame.clean_names

    raw = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#")
    # The file is typed by evaluators: "Project ID" or "Achieved value " mean the columns they
    # name. Letters are lower-cased and spaces become "_", but å, ä, ö are kept as written.
    raw = raw.clean_names(strip_accents=False, strip_underscores=True)
    if list(raw.columns) != OUTCOME_COLUMNS:
        raise DataError(path, 1, f"fel kolumner {list(raw.columns)}; väntade {OUTCOME_COLUMNS}")
    df = raw.copy()
    values: list[float] = []
    for i, row in raw.iterrows():
        line = _line_of(path, i)
        for col in ("project_id", "target_id", "achieved_value", "unit", "reported_date", "source"):
            if not row[col].strip():
                raise DataError(path, line, f"kolumnen {col} är tom")
        try:
            values.append(float(row["achieved_value"].replace(" ", "").replace(",", ".")))
        except ValueError:
            raise DataError(path, line, f"utfallet {row['achieved_value']!r} är inget tal") from None
        try:
            pd.Timestamp(row["reported_date"])
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["reported_date"].strip()):
                raise ValueError
        except ValueError:
            raise DataError(path, line, f"datumet {row['reported_date']!r} ska skrivas ÅÅÅÅ-MM-DD") \
                from None
    df["achieved_value"] = pd.Series(values, index=raw.index, dtype=float)
    df["reported_date"] = pd.to_datetime(df["reported_date"].str.strip())
    for col in ("entered_by", "comment"):
        df[col] = df[col].mask(df[col].str.strip() == "")
    try:
        df = _schema().validate(df, lazy=True)
    except pae.SchemaErrors as err:
        cases = err.failure_cases
        first = cases.iloc[0]
        idx = first.get("index")
        line = _line_of(path, int(idx)) if pd.notna(idx) else None
        raise DataError(path, line, f"kolumnen {first['column']}: {first['check']} "
                                    f"(värde {first['failure_case']!r}); {len(cases)} fel") \
            from None
    return df


def _line_of(path: Path, index: int) -> int:
    """File line of data row ``index`` (skips comment lines, header is line 1)."""
    n = -1
    for lineno, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text.startswith("#") or not text.strip():
            continue
        if n == index:
            return lineno
        n += 1
    return lineno


@lru_cache(maxsize=1)
def _outcomes_cached() -> pd.DataFrame:
    return read_outcomes()


def outcomes() -> pd.DataFrame:
    """The validated outcomes file (a copy)."""
    return _outcomes_cached().copy()


def public_funding(lines: pd.DataFrame | None = None,
                   stated_totals: pd.DataFrame | None = None) -> pd.Series:
    """Public money per project (kronor): every financier in the decisions' financing tables
    is public ("Offentlig finansiär": the regions and ERUF)."""
    from .financing import contributions

    c = contributions(lines, stated_totals)
    public = c["funding_source"].isin(["appropriation_1_1", "regional_other",
                                       "regional_unspecified", "erdf"])
    if not public.all():
        odd = ", ".join(sorted(set(c.loc[~public, "label"])))
        raise ValueError(f"Okänd finansieringskälla för {odd}; kan inte avgöra om den är offentlig.")
    return c.groupby("project_id")["amount_sek"].sum()


def targets_with_outcomes(targets: pd.DataFrame | None = None,
                          outcome_table: pd.DataFrame | None = None,
                          lines: pd.DataFrame | None = None,
                          stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Numeric targets with public money per target unit, the latest reported value and status.

    Columns: ``project_id, target_id, description, value, unit, document, line,
    public_funding_sek, target_value_units, public_sek_per_unit, target_sek_per_public_sek,
    per_unit_label,
    achieved_value, reported_date, source, attainment, status``.

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
    t["public_funding_sek"] = t["project_id"].map(funding)
    factor = t["unit"].map(money_factor)
    t["target_value_units"] = t["value"] * factor.fillna(1)
    t["public_sek_per_unit"] = t["public_funding_sek"] / t["target_value_units"]
    # leverage the usual way: kronor in a money target (private investment) per public krona
    t["target_sek_per_public_sek"] = (t["target_value_units"] / t["public_funding_sek"]).where(
        factor.notna())
    t["per_unit_label"] = [
        "offentliga kronor per krona i målet" if pd.notna(f) else f"kr per {u}"
        for f, u in zip(factor, t["unit"])]

    known = set(zip(t["project_id"], t["target_id"]))
    o = outcome_table.copy()
    unknown = [(p, i) for p, i in zip(o["project_id"], o["target_id"]) if (p, i) not in known]
    if unknown:
        listed = ", ".join(f"{p}/{i}" for p, i in sorted(known))
        raise ValueError(f"Utfall för okänt mål {unknown[0][0]}/{unknown[0][1]}. "
                         f"Giltiga mål: {listed}.")
    latest = (o.sort_values("reported_date").groupby(["project_id", "target_id"]).tail(1)
              .set_index(["project_id", "target_id"]))
    key = list(zip(t["project_id"], t["target_id"]))
    for col in ("achieved_value", "unit", "reported_date", "source"):
        t[f"outcome_{col}" if col == "unit" else col] = [
            latest.at[k, col] if k in latest.index else None for k in key]
    mismatch = t["outcome_unit"].notna() & (t["outcome_unit"] != t["unit"])
    if mismatch.any():
        r = t[mismatch].iloc[0]
        raise ValueError(f"Utfallet för {r['project_id']}/{r['target_id']} har enheten "
                         f"{r['outcome_unit']!r} men målet har {r['unit']!r}.")
    t["achieved_value"] = pd.to_numeric(t["achieved_value"])
    t["attainment"] = t["achieved_value"] / t["value"]
    t["status"] = [NOT_REPORTED if pd.isna(a) else (ACHIEVED if a >= 1 else PARTLY)
                   for a in t["attainment"]]
    return t.drop(columns=["outcome_unit"])


PRIMARY_GROUP_PHRASE = "Den primära målgruppen"


def primary_target_group(project_id: str = "ECS3",
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
