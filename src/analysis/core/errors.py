"""The one error type for bad input: it always names the file, the line (or row) and the problem."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """Bad input data. ``str(err)`` reads ``'<file>, rad <line>: <problem>'``."""

    def __init__(self, file: str | Path, line: int | None, problem: str):
        self.file = str(file)
        self.line = line
        self.problem = problem
        where = f"{Path(self.file).name}, rad {line}" if line is not None else Path(self.file).name
        super().__init__(f"{where}: {problem}")
