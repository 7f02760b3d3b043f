"""The vocabulary and inputs every financing analysis shares: funding-source groups, the
contribution-ratio denominators, parameter checks, the financiers' classification (kind, public
or private, money or in kind: from the financier register) and the tables used when an argument
is ``None``."""

from __future__ import annotations

import pandas as pd

from ...core.errors import ParameterError


REGIONAL_SOURCES = ("appropriation_1_1", "regional_other", "regional_unspecified")
ERDF_SOURCE = "erdf"
DENOMINATORS = ("population", "grp", "mix")
DENOMINATOR_LABELS = {"population": "befolkning", "grp": "BRP",
                      "mix": "blandning (hälften befolkning, hälften BRP)"}
FLAT_RATE_INDIRECT = 0.40  # REAL ÖMS: indirect costs = 40 % of staff costs (schablon)
#: The classification columns :func:`classified` adds (from ``data/reference/financiers.csv``).
CLASSIFICATION = ("kind", "sector", "form")
#: Kinds in the order tables and figures show them.
KIND_ORDER = ("region", "state_agency", "municipality", "university", "eu_fund", "other", "private")


# --------------------------------------------------------------------------------------------
# Parameters and defaults
# --------------------------------------------------------------------------------------------

def check_denominator(denominator: str) -> str:
    if denominator not in DENOMINATORS:
        raise ParameterError(f"Okänd nämnare {denominator!r} för bidragskvoten. Giltiga värden: "
                             + ", ".join(f"{d} ({DENOMINATOR_LABELS[d]})" for d in DENOMINATORS) + ".")
    return denominator


def check_project(project_id: str, lines: pd.DataFrame) -> str:
    valid = sorted(lines["project_id"].unique())
    if project_id not in valid:
        raise ParameterError(f"Okänt projekt {project_id!r}. Giltiga värden: {', '.join(valid)}.")
    return project_id


def lines_or_default(lines: pd.DataFrame | None) -> pd.DataFrame:
    """A copy of ``lines``, or of ``budgets.budget_lines()`` when it is None."""
    if lines is None:
        from ...tables.budgets import budget_lines

        lines = budget_lines()
    return lines.copy()


def indicators_or_default(indicator_table: pd.DataFrame | None) -> pd.DataFrame:
    """A copy of ``indicator_table``, or of ``indicators.indicators()`` when it is None."""
    if indicator_table is None:
        from ...tables.indicators import indicators

        indicator_table = indicators()
    return indicator_table.copy()


def _months(months: pd.DataFrame | None, project_id: str) -> pd.DataFrame:
    """Months per budget year for one project (``year, months``), from a table shaped like
    ``budgets.months_per_year()`` (``project_id, year, months``; by default that table)."""
    if months is None:
        from ...tables.budgets import months_per_year

        months = months_per_year()
    mine = months[months["project_id"] == project_id]
    return mine.drop(columns="project_id").reset_index(drop=True)


def _regional(lines: pd.DataFrame) -> pd.DataFrame:
    """The regions' financing rows (kind ``region`` in the financier register)."""
    fin = classified(lines)
    return fin[fin["kind"] == "region"].drop(columns=list(CLASSIFICATION))


def classified(lines: pd.DataFrame) -> pd.DataFrame:
    """The financing rows of ``lines`` with the financier's ``kind``, ``sector`` (public/private)
    and ``form`` (cash/in_kind) from the financier register (each row's label resolved as the
    budget build resolved it). Never from the display text: a label the register does not
    know stops with the register's error. Rows that already carry all three columns keep them."""
    from ...tables.financiers import classification

    fin = lines[lines["table"] == "financing"].copy()
    if set(CLASSIFICATION) <= set(fin.columns) and fin[list(CLASSIFICATION)].notna().all().all():
        return fin
    if fin.empty:
        for col in CLASSIFICATION:
            fin[col] = pd.Series(dtype=object)
        return fin
    cls = classification(fin["label"]).set_index("label")
    for col in CLASSIFICATION:
        fin[col] = fin["label"].map(cls[col])
    return fin
