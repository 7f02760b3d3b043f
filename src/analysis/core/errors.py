"""The error types, one per kind: bad input data (:class:`DataError`) and bad parameters (:class:`ParameterError`)."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """Bad input data. ``str(err)`` reads ``'<file>, rad <line>: <problem>'``."""

    def __init__(self, file: str | Path, line: int | None, problem: str):
        self.file = str(file)
        self.line = line
        # Amounts in a message are formatted for readers, with non-breaking spaces; a message is
        # read in a terminal or a log, where ordinary spaces copy, search and paste as expected.
        problem = problem.replace("\u00a0", " ")
        self.problem = problem
        where = f"{Path(self.file).name}, rad {line}" if line is not None else Path(self.file).name
        super().__init__(f"{where}: {problem}")


class ParameterError(ValueError):
    """A parameter (report focus, region, indicator, year, ...) has a value that cannot be used.

    The message is Swedish and lists the valid values, because it reaches the person who typed
    the parameter: on the command line, in a chapter's parameters cell or in a notebook.
    """
