"""The one exception type for bad data, and the problems it carries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a data file, located as an editor or spreadsheet shows it."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str
    #: Where in a JSON file (the descriptor) the problem is, e.g. 'resources[3].schema.fields[2].type'.
    json_path: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.json_path is not None:
            parts.append(self.json_path)
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if self.value is not None:
            parts.append(f"value '{_shorten(self.value)}'")
        return ": ".join(parts) + f" — expected {self.expected}"


def _shorten(value: str, limit: int = 80) -> str:
    """Keep messages readable when a cell holds a very long text."""
    value = value.replace("\r", "\\r").replace("\n", "\\n")
    return value if len(value) <= limit else value[: limit - 1] + "…"


class DataError(ValueError):
    """Raised when a data file does not match its schema; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
