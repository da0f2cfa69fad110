"""Reading a CSV table and checking it against its schema, reporting every problem at once.

`read_table` is the one way data enters the package. It reads every cell as text (so "NA" or "None"
stay text), checks the header, parses each column to its declared type, runs the declared constraints
(with pandera), primary and foreign keys, and any table-specific row checks, then raises one `DataError`
listing every problem with its file, line (as an editor shows it), column, value and expectation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import config
from .checks import categorical, check_constraints, check_foreign_keys, check_keys, normalise_keys, parse_column
from .datafiles import file_problem
from .problems import ProblemLog
from .reading import check_header, header_text, read_bytes, read_cells
from .schema import TableSchema, descriptor_path, table_schema
from .store import VALIDATED, file_identity, note_read, read_stored, recording_reads, remember, stored_path

__all__ = ["ProblemLog", "Refine", "read_table", "recording_reads", "note_read"]

#: A table's own step after the schema checks: checks rows against each other's columns, logs problems
#: with `log.at_row(row, column, value, expectation)` (`log.reported(row, column)` says whether a cell
#: already has one) and returns the frame with any derived columns added.
Refine = Callable[[pd.DataFrame, "ProblemLog"], pd.DataFrame]


def read_table(name: str, data_dir: Path | None = None, refine: Refine | None = None) -> pd.DataFrame:
    """Read table `name` of the data package, validated; raise `DataError` listing every problem.

    Enum columns come back as ordered categoricals, integers as Int64, numbers as float64, booleans as
    pandas' boolean, text as str with missing values as NA.

    A file that passed validation is remembered, so it is not validated again while unchanged: in this
    process (by size and change time), and across processes in `.cache/tables/` as Arrow files, never
    pickles (by the hash of its bytes, the descriptor and the library). Files over 2 MB are not stored on disk.
    """
    schema = table_schema(name, data_dir)
    folder = Path(data_dir or config.data_dir())
    path = folder / schema.path
    note_read(path)
    note_read(descriptor_path(data_dir))
    log = ProblemLog(path)
    problem = file_problem(path, folder)
    if problem:  # checked before the file is opened or hashed, and without showing any of its content
        log.at_line(None, None, None, problem)
        log.raise_if_any()
    identity = file_identity(name, data_dir)
    typed = VALIDATED.get(identity) if identity is not None else None
    stored = stored_path(name, path, data_dir) if typed is None else None
    if typed is None and stored is not None:
        typed = read_stored(stored)  # Arrow, never a pickle; a damaged or foreign file is only a miss
    if typed is None:
        typed = _validate(schema, path, data_dir, log)
        if not log:
            remember(identity, stored, typed)
    elif identity is not None:
        VALIDATED[identity] = typed
    typed = typed.copy()
    if refine is not None:
        typed = refine(typed, log)
    if log and not log.data:
        log.data = read_bytes(path, log)  # for line numbers
    log.raise_if_any()
    return typed


def _validate(schema: TableSchema, path: Path, data_dir: Path | None, log: ProblemLog) -> pd.DataFrame:
    """Parse and check the file against its schema; problems go to `log` (header problems raise at once)."""
    data = read_bytes(path, log)
    header = check_header(header_text(data, log), schema, log)
    log.raise_if_any()
    raw = read_cells(data, header, log)

    typed = pd.DataFrame({spec.name: parse_column(raw[spec.name], spec, log) for spec in schema.fields})
    normalise_keys(typed, schema, log)
    check_constraints(typed, raw, schema, log)
    check_keys(typed, raw, schema, log)
    check_foreign_keys(typed, schema, data_dir, log, read_table)
    for spec in schema.fields:
        if spec.enum is not None:
            typed[spec.name] = categorical(typed[spec.name], spec.enum)
    return typed


