"""What a parsed decision holds: targets, budget tables with their rows, and the decision itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Target:
    """A numeric project target as stated ("300 företag får stöd")."""

    number: int          # order in the document, 1-based
    description: str     # the line as written
    value: float
    unit: str            # the word after the number ("företag", "mkr")
    line: int


@dataclass
class TableRow:
    """One row of a budget table as written."""

    label: str                     # wrapped lines joined with one space
    line: int                      # the line where the amounts stand
    label_lines: tuple[int, ...]   # every line the label is written on
    amounts: tuple[int, ...]       # the year cells, in header order
    stated_total: int | None       # the "Totalt" cell, if the table has that column
    is_sum: bool = False           # a "Summa …"/"Total …" row
    section: str | None = None     # the section heading above the row ("Offentlig finansiär")
    covers: tuple[int, ...] = ()   # for a sum row: indexes (into .rows) of the rows it sums
    readings: int = 1              # how many ways the digits could be read before the constraints


@dataclass
class BudgetTable:
    """A cost or financing table as written."""

    kind: str                      # "cost" or "financing"
    header: str                    # the header's label ("Bokförda kostnader")
    header_line: int
    years: tuple[int, ...]
    has_total_column: bool
    layout: str                    # "tab" or "space"
    rows: list[TableRow] = field(default_factory=list)   # data rows
    sums: list[TableRow] = field(default_factory=list)   # stated sum rows
    headings: list[tuple[int, str]] = field(default_factory=list)
    end_line: int = 0
    ends_at_eof: bool = False      # nothing but blank lines follows the table: the file may be cut

    @property
    def final_sum(self) -> TableRow | None:
        """The sum row that covers every data row (the table's total), if stated."""
        for row in reversed(self.sums):
            if len(row.covers) == len(self.rows):
                return row
        return None


@dataclass
class Decision:
    """Everything :func:`parse_decision` reads from one decision document."""

    path: Path
    title: str
    title_line: int
    applicant: str
    applied_amount_sek: int
    applied_share: float | None
    applied_line: int
    project_name: str
    start_date: date
    end_date: date
    period_line: int
    dnr: str | None
    dnr_line: int | None
    meeting_date: date | None
    meeting_line: int | None
    targets: list[Target]
    cost: BudgetTable
    financing: BudgetTable
    layout: str
    skipped_lines: frozenset[int]

    @property
    def document(self) -> str:
        return self.path.name
