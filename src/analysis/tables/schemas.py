"""pandera schemas of the budget tables, checked every time they are built.

Only the budget part lives here (budget lines, stated totals, projects, months per year,
targets); other tables have their own schemas next to their builders.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.pandas import Check, Column, DataFrameSchema

from ..core import regions
from .financiers import FUNDING_SOURCES

COST_CATEGORIES = ["staff", "external_services", "travel", "investments", "premises",
                   "indirect_costs", "other_costs"]
TABLES = ["cost", "financing"]
_YEAR = Check.in_range(1990, 2100)
_PROJECT = Check.str_matches(r"^[A-Z][A-Z0-9_]*$")


def _county_codes() -> list[str]:
    return regions.county_codes()


def _budget_keys(df) -> bool:
    """Cost rows have no county or funding source; financing rows always a funding source."""
    cost = df["table"] == "cost"
    return bool(df.loc[cost, "county_code"].isna().all()
                and df.loc[cost, "funding_source"].isna().all()
                and df.loc[cost, "category"].isin(COST_CATEGORIES).all()
                and df.loc[~cost, "funding_source"].notna().all())


BUDGET_LINES = DataFrameSchema(
    {
        "project_id": Column(str, _PROJECT),
        "table": Column(str, Check.isin(TABLES)),
        "label": Column(str, Check.str_length(min_value=1)),
        "category": Column(str, Check.str_length(min_value=1)),
        "county_code": Column(str, Check(lambda s: s.isin(_county_codes())), nullable=True),
        "funding_source": Column(str, Check.isin(sorted(FUNDING_SOURCES)), nullable=True),
        "year": Column("int64", _YEAR),
        "amount_sek": Column("int64"),
        "document": Column(str, Check.str_endswith(".txt")),
        "line": Column("int64", Check.ge(1)),
    },
    checks=[Check(_budget_keys, error="kostnadsrader saknar län/källa, finansieringsrader har källa")],
    unique=["project_id", "table", "label", "year"],
    strict=True, ordered=True, coerce=True, name="budget_lines",
)

BUDGET_TOTALS = DataFrameSchema(
    {
        "project_id": Column(str, _PROJECT),
        "table": Column(str, Check.isin(TABLES)),
        "label": Column(str),
        "category": Column(str),
        "county_code": Column(str, nullable=True),
        "funding_source": Column(str, Check.isin(sorted(FUNDING_SOURCES)), nullable=True),
        "stated_total_sek": Column("Int64", nullable=True),
        "computed_total_sek": Column("int64"),
        "document": Column(str),
        "line": Column("int64", Check.ge(1)),
    },
    unique=["project_id", "table", "label"],
    strict=True, ordered=True, coerce=True, name="budget_totals",
)

PROJECTS = DataFrameSchema(
    {
        "project_id": Column(str, _PROJECT, unique=True),
        "title": Column(str, Check.str_length(min_value=1)),
        "short_name": Column(str),
        "applicant": Column(str, Check.str_length(min_value=1)),
        "deciding_authority": Column(str, nullable=True),
        "applied_amount_sek": Column("int64", Check.gt(0)),
        "applied_share": Column(float, Check.in_range(0, 1), nullable=True),
        "start_date": Column("datetime64[us]"),
        "end_date": Column("datetime64[us]"),
        "months": Column("int64", Check.gt(0)),
        "dnr": Column(str, nullable=True),
        "meeting_date": Column("datetime64[us]", nullable=True),
        "document": Column(str),
    },
    checks=[Check(lambda df: (df["end_date"] >= df["start_date"]).all(), error="slut före start")],
    strict=True, ordered=True, coerce=True, name="projects",
)

MONTHS_PER_YEAR = DataFrameSchema(
    {
        "project_id": Column(str, _PROJECT),
        "year": Column("int64", _YEAR),
        "months": Column("int64", Check.in_range(1, 12)),
        "days": Column("int64", Check.in_range(1, 366)),
    },
    unique=["project_id", "year"],
    strict=True, ordered=True, coerce=True, name="months_per_year",
)

PROJECT_TARGETS = DataFrameSchema(
    {
        "project_id": Column(str, _PROJECT),
        "target_id": Column(str, unique=True),
        "description": Column(str, Check.str_length(min_value=1)),
        "value": Column(float, Check.ge(0)),
        "unit": Column(str),
        "document": Column(str),
        "line": Column("int64", Check.ge(1)),
    },
    strict=True, ordered=True, coerce=True, name="project_targets",
)

__all__ = ["BUDGET_LINES", "BUDGET_TOTALS", "PROJECTS", "MONTHS_PER_YEAR", "PROJECT_TARGETS", "pa"]
