"""Problems found in a data file, collected by row and reported with the line an editor shows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataError, Problem

# Python's csv module refuses a field over 131,072 characters unless told otherwise; pyarrow, which reads
# the cells, has no such limit, so neither may the line counting and explanations built on the csv module.
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))


@dataclass
class ProblemLog:
    """Collects problems by data-row index and turns them into located `Problem`s."""

    path: Path
    #: The file's bytes (without a byte-order mark); decoded only when a problem needs a line number.
    data: bytes = b""
    _entries: list[tuple[int | None, int | None, str | None, str | None, str]] = field(
        default_factory=list
    )
    #: Problems found in other files this one depends on (a referenced table).
    elsewhere: list[Problem] = field(default_factory=list)
    _cells: set[tuple[int, str]] = field(default_factory=set)

    @property
    def file(self) -> str:
        return config.display_path(self.path)

    def at_line(self, line: int | None, column: str | None, value: object, expected: str) -> None:
        self._entries.append((line, None, column, _text(value), expected))

    def at_row(self, row: int, column: str | None, value: object, expected: str) -> None:
        """Log a problem in data row `row` (0-based); only the first problem of a cell is kept."""
        if column is not None:
            if (row, column) in self._cells:
                return
            self._cells.add((row, column))
        self._entries.append((None, row, column, _text(value), expected))

    def __bool__(self) -> bool:
        return bool(self._entries or self.elsewhere)

    def reported(self, row: int, column: str) -> bool:
        """Whether a problem is already logged for this cell (so that checks built on it can stand aside)."""
        return (row, column) in self._cells

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")

    def problems(self) -> list[Problem]:
        starts = record_start_lines(self.text) if any(r is not None for _, r, *_ in self._entries) else []
        located = []
        for line, row, column, value, expected in self._entries:
            if row is not None:
                line = starts[row + 1] if row + 1 < len(starts) else None
            located.append(Problem(self.file, line, column, value, expected))
        return list(dict.fromkeys(self.elsewhere)) + sorted(located, key=lambda p: p.line or 0)

    def raise_if_any(self) -> None:
        if self:
            raise DataError(self.problems())


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        return value.strftime("%Y-%m-%d")  # a date as the file writes it, without a time
    return str(value)


def record_start_lines(text: str) -> list[int]:
    """Line number (1-based) at which each non-blank CSV record starts; record 0 is the header."""
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    previous_end = 0
    for record in reader:
        if record:
            starts.append(previous_end + 1)
        previous_end = reader.line_num
    return starts
