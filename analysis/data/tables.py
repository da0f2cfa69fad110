"""Reading a CSV table and checking it against its schema, reporting every problem at once.

`read_table` is the one way data enters the package. It reads every cell as text (so "NA" or "None"
stay text), checks the header, parses each column to its declared type, runs the declared constraints
(with pandera), primary and foreign keys, and any table-specific row checks, then raises one `DataError`
listing every problem with its file, line (as an editor shows it), column, value and expectation.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..errors import DataError, Problem
from .schema import Field, TableSchema, descriptor_path, table_schema

#: A table's own step after the schema checks: checks rows against each other's columns, logs problems
#: with `log.at_row(row, column, value, expectation)` (`log.reported(row, column)` says whether a cell
#: already has one) and returns the frame with any derived columns added.
Refine = Callable[[pd.DataFrame, "ProblemLog"], pd.DataFrame]

_WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


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
        starts = _record_start_lines(self.text) if any(r is not None for _, r, *_ in self._entries) else []
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


def _record_start_lines(text: str) -> list[int]:
    """Line number (1-based) at which each non-blank CSV record starts; record 0 is the header."""
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    previous_end = 0
    for record in reader:
        if record:
            starts.append(previous_end + 1)
        previous_end = reader.line_num
    return starts


def _read_bytes(path: Path, log: ProblemLog) -> bytes:
    """The file's bytes without a byte-order mark, or a problem saying why it is not a CSV text file."""
    if not path.is_file():
        log.at_line(None, None, None, "the file to exist")
        log.raise_if_any()
    data = path.read_bytes()
    if data.startswith(_WORKBOOK_SIGNATURES):
        log.at_line(None, None, None, "a CSV text file, not a spreadsheet workbook (export the sheet as 'CSV UTF-8')")
        log.raise_if_any()
    wide = _wide_encoding(data)
    if wide:
        log.at_line(None, None, None, f"UTF-8 text, not {wide} (save the file as 'CSV UTF-8')")
        log.raise_if_any()
    nul = data.find(b"\x00")
    if nul >= 0:
        log.at_line(data.count(b"\n", 0, nul) + 1, None, None, "text, not binary data (a NUL byte was found)")
        log.raise_if_any()
    log.data = data = data.removeprefix(b"\xef\xbb\xbf")
    return data


def _wide_encoding(data: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when the bytes are text in one of them (by byte-order mark or NUL pattern)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    # Without a mark: mostly-ASCII text in UTF-16 has a NUL in every other byte, and only there.
    head = data[:200] if len(data) % 2 == 0 else b""
    if len(head) >= 8:
        for nuls, letters in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
            if nuls.count(0) == len(nuls) and 0 not in letters:
                return "UTF-16"
    return None


def _check_utf8(data: bytes, log: ProblemLog) -> None:
    """Raise a located problem at the first byte that is not UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        log.at_line(data.count(b"\n", 0, exc.start) + 1, None, f"\\x{bad.hex()}",
                    "UTF-8 text (save the file as 'CSV UTF-8')")
        log.raise_if_any()


def _header_text(data: bytes, log: ProblemLog) -> str:
    """The text of the header record (the whole file only if the header spans quoted line breaks)."""
    end = data.find(b"\n")
    first = data if end < 0 else data[: end + 1]
    if first.count(b'"') % 2:
        first = data
    _check_utf8(first, log)
    return first.decode("utf-8")


def _check_header(text: str, schema: TableSchema, log: ProblemLog) -> list[str]:
    """The header's column names (from the header's text); problems with them are logged."""
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    expected = schema.field_names
    if not header or header == [""]:
        log.at_line(1, None, None, "a header line naming the columns: " + ", ".join(expected))
        return header
    seen: set[str] = set()
    for name in header:
        if name in seen:
            log.at_line(1, name, None, "each column to appear once in the header")
        seen.add(name)
    missing = [n for n in expected if n not in seen]
    for name in header:
        if name not in expected and name not in ("",):
            hint = difflib.get_close_matches(name, missing, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            log.at_line(1, name, None, f"only the columns of the schema{suggestion}: " + ", ".join(expected))
        elif name == "":
            log.at_line(1, "", None, "every column in the header to have a name")
    for name in missing:
        log.at_line(1, name, None, "this column in the header; it is missing")
    if not log and header != expected:
        log.at_line(1, None, None, "the columns in this order: " + ", ".join(expected))
    return header


def _read_cells(data: bytes, header: list[str], log: ProblemLog) -> pd.DataFrame:
    """Every cell as text (pyarrow's CSV reader: fast, and strict about the number of fields).

    When pyarrow refuses the file, a slower reading says why, with line numbers: bytes that are not
    UTF-8, rows with too many or too few fields, or no data below the header.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.large_string() for name in header},  # what pandas stores text as
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        _explain_refusal(data, len(header), log)
        log.at_line(None, None, None, f"a CSV file that can be read ({exc})")
        log.raise_if_any()
    if table.num_rows == 0:
        log.at_line(2, None, None, "at least one row of data below the header")
        log.raise_if_any()
    return table.to_pandas()


def _explain_refusal(data: bytes, width: int, log: ProblemLog) -> None:
    """Locate why pyarrow refused the file, raising DataError when the reason is found."""
    _check_utf8(data, log)
    rows = [r for r in csv.reader(io.StringIO(log.text, newline="")) if r][1:]
    for index, record in enumerate(rows):
        if len(record) != width:
            log.at_row(index, None, None, f"{width} fields as in the header, found {len(record)}")
    if not rows:
        log.at_line(2, None, None, "at least one row of data below the header")
    log.raise_if_any()


def _parse_column(raw: pd.Series, spec: Field, log: ProblemLog) -> pd.Series:
    """The column parsed to its declared type; cells that fail to parse are logged and left missing."""
    import pyarrow as pa
    import pyarrow.compute as pc

    present = raw != ""
    padded = present & (raw != raw.str.strip())
    for row in raw.index[padded]:
        log.at_row(row, spec.name, raw[row], "no spaces at the start or end of the value")
    ok = present & ~padded
    if spec.type == "string":
        parsed = raw if ok.all() else raw.where(ok)
    elif spec.type in ("integer", "number"):
        # ASCII digits only ([0-9], not \\d, which also matches other scripts' digits); integers up to 18 digits.
        pattern = (r"[+-]?[0-9]{1,18}" if spec.type == "integer"
                   else r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?")
        good = ok & raw.str.fullmatch(pattern)
        # Checked against the pattern first, so pyarrow's cast (fast) cannot fail; it refuses a leading '+'.
        text = pa.array(raw.where(good))
        if pc.any(pc.starts_with(text, "+")).as_py():
            text = pc.utf8_ltrim(text, "+")
        numbers = pc.cast(text, pa.float64())
        finite = pc.fill_null(pc.is_finite(numbers), True).to_numpy(zero_copy_only=False)
        good &= finite  # '1e400' matches the pattern but is not a finite number
        bad = ok & ~good
        what = (
            "a whole number (at most 18 digits, no separators or units)"
            if spec.type == "integer"
            else "a number (digits with '.' for decimals, no thousands separators or units)"
        )
        for row in raw.index[bad]:
            log.at_row(row, spec.name, raw[row], what)
        if spec.type == "integer":
            parsed = pd.Series(pd.Int64Dtype().__from_arrow__(pc.cast(text, pa.int64())), index=raw.index)
        else:
            values = numbers.to_numpy(zero_copy_only=False)
            parsed = pd.Series(np.where(good, values, np.nan), index=raw.index)
    elif spec.type == "boolean":
        truth = raw.isin(spec.true_values).to_numpy()
        falsity = raw.isin(spec.false_values).to_numpy()
        bad = ok & ~(truth | falsity)
        for row in raw.index[bad]:
            log.at_row(row, spec.name, raw[row], " or ".join(spec.true_values + spec.false_values))
        parsed = pd.Series(pd.arrays.BooleanArray(truth, ~(truth | falsity)), index=raw.index)
    elif spec.type == "date":
        shaped = ok & raw.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
        parsed = pd.to_datetime(raw.where(shaped), format="%Y-%m-%d", errors="coerce")
        bad = ok & parsed.isna()
        for row in raw.index[bad]:
            log.at_row(row, spec.name, raw[row], "a date written YYYY-MM-DD")
    else:  # pragma: no cover - the descriptor uses only the types above
        raise ValueError(f"unsupported field type {spec.type!r}")
    return parsed


def _pandera_schema(schema: TableSchema):
    """The declared constraints as a pandera schema (imported lazily: pandera is slow to import)."""
    import pandera.pandas as pa

    columns = {}
    for spec in schema.fields:
        c = spec.constraints
        checks = []
        if spec.enum is not None:
            checks.append(pa.Check.isin(spec.enum, error="one of: " + ", ".join(spec.enum)))
        if "minimum" in c:
            checks.append(pa.Check.ge(c["minimum"], error=f"a value of at least {c['minimum']}"))
        if "exclusiveMinimum" in c:
            checks.append(pa.Check.gt(c["exclusiveMinimum"], error=f"a value greater than {c['exclusiveMinimum']}"))
        if "maximum" in c:
            checks.append(pa.Check.le(c["maximum"], error=f"a value of at most {c['maximum']}"))
        if "pattern" in c:
            pattern = c["pattern"]
            checks.append(
                pa.Check(lambda s, p=pattern: s.str.fullmatch(p), error=f"text matching the pattern '{pattern}'")
            )
        columns[spec.name] = pa.Column(checks=checks, nullable=not spec.required)
    return pa.DataFrameSchema(columns)


def _check_constraints(typed: pd.DataFrame, raw: pd.DataFrame, schema: TableSchema, log: ProblemLog) -> None:
    """The declared constraints; a cell already reported (e.g. not a number) is not reported again."""
    import pandera.errors

    try:
        _pandera_schema(schema).validate(typed, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        for column, check, row in cases[["column", "check", "index"]].itertuples(index=False):
            if row is None or pd.isna(row):
                continue  # a check on the whole column; its cells are reported one by one
            # The cell as written in the file, not as parsed (so '1.50' is not shown as '1.5').
            shown = raw.at[int(row), column]
            if check == "not_nullable":
                log.at_row(int(row), column, shown, "a value (this column is required)")
            else:
                log.at_row(int(row), column, shown, check)


def _check_keys(typed: pd.DataFrame, schema: TableSchema, log: ProblemLog) -> None:
    """Primary key and unique columns: every duplicate names the line of its first occurrence."""
    keys = [list(schema.primary_key)] if schema.primary_key else []
    keys += [[f.name] for f in schema.fields if f.constraints.get("unique") and [f.name] not in keys]
    for key in keys:
        subset = typed[key]
        if len(key) == 1 and subset[key[0]].nunique(dropna=True) == subset[key[0]].count():
            continue  # the common case, checked fast: no repeated value
        duplicated = subset.duplicated(keep=False) & subset.notna().all(axis=1)
        if not duplicated.any():
            continue
        starts = _record_start_lines(log.text)
        label = " + ".join(key)
        first_row: dict[tuple, int] = {}
        for row, value in zip(typed.index[duplicated], subset[duplicated].itertuples(index=False, name=None)):
            if value in first_row:
                shown = ", ".join(map(str, value))
                log.at_row(int(row), label, shown, f"a unique value; line {starts[first_row[value] + 1]} has it already")
            else:
                first_row[value] = int(row)


def _check_foreign_keys(typed: pd.DataFrame, schema: TableSchema, data_dir: Path | None, log: ProblemLog) -> None:
    """Every foreign key value must be listed in the referenced table (this table itself for resource "")."""
    for fk in schema.foreign_keys:
        if fk.resource in ("", schema.name):
            target, target_path = typed, schema.path
        else:
            try:
                target = read_table(fk.resource, data_dir)
            except DataError as exc:
                log.elsewhere.extend(exc.problems)
                continue
            target_path = table_schema(fk.resource, data_dir).path
        for column, ref_column in zip(fk.fields, fk.reference_fields, strict=True):
            known = pd.Index(target[ref_column].dropna().unique())
            values = typed[column]
            dangling = values.notna() & ~values.isin(known)
            for row in typed.index[dangling]:
                hint = difflib.get_close_matches(str(values[row]), [str(k) for k in known], n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                log.at_row(int(row), column, values[row], f"an {ref_column} listed in {target_path}{suggestion}")


#: Tables already validated in this process, by file identity (see `_identity`); read_table returns copies.
_VALIDATED: dict[tuple, pd.DataFrame] = {}


def _identity(name: str, data_dir: Path | None) -> tuple | None:
    """What identifies a table's content cheaply: path, size and change time of its file, of every file it
    refers to through foreign keys, and of the descriptor."""
    try:
        files = [descriptor_path(data_dir)] + [
            Path(data_dir or config.data_dir()) / table_schema(t, data_dir).path for t in _with_references(name, data_dir)
        ]
        return tuple((str(f.resolve()), st.st_size, st.st_mtime_ns, st.st_ino) for f in files for st in [f.stat()])
    except OSError:
        return None


def read_table(name: str, data_dir: Path | None = None, refine: Refine | None = None) -> pd.DataFrame:
    """Read table `name` of the data package, validated; raise `DataError` listing every problem.

    Enum columns come back as ordered categoricals, integers as Int64, numbers as float64, booleans as
    pandas' boolean, text as str with missing values as NA.

    A file that passed validation is remembered, so it is not validated again while unchanged: in this
    process (by size and change time), and across processes in `.cache/tables/` (by the hash of its
    bytes, the descriptor and the library). Files over 2 MB are not stored on disk.
    """
    schema = table_schema(name, data_dir)
    path = Path(data_dir or config.data_dir()) / schema.path
    _note_read(path)
    _note_read(descriptor_path(data_dir))
    log = ProblemLog(path)
    identity = _identity(name, data_dir)
    typed = _VALIDATED.get(identity) if identity is not None else None
    stored = _stored_path(name, path, data_dir) if typed is None else None
    if typed is None and stored is not None and stored.exists():
        try:
            typed = pd.read_pickle(stored)
        except Exception:  # a damaged cache entry is only a miss
            typed = None
    if typed is None:
        typed = _validate(schema, path, data_dir, log)
        if not log:
            _remember(identity, stored, typed)
    elif identity is not None:
        _VALIDATED[identity] = typed
    typed = typed.copy()
    if refine is not None:
        typed = refine(typed, log)
    if log and not log.data:
        log.data = _read_bytes(path, log)  # for line numbers
    log.raise_if_any()
    return typed


def _validate(schema: TableSchema, path: Path, data_dir: Path | None, log: ProblemLog) -> pd.DataFrame:
    """Parse and check the file against its schema; problems go to `log` (header problems raise at once)."""
    data = _read_bytes(path, log)
    header = _check_header(_header_text(data, log), schema, log)
    log.raise_if_any()
    raw = _read_cells(data, header, log)

    typed = pd.DataFrame({spec.name: _parse_column(raw[spec.name], spec, log) for spec in schema.fields})
    _check_constraints(typed, raw, schema, log)
    _check_keys(typed, schema, log)
    _check_foreign_keys(typed, schema, data_dir, log)
    for spec in schema.fields:
        if spec.enum is not None:
            typed[spec.name] = _categorical(typed[spec.name], spec.enum)
    return typed


def _categorical(values: pd.Series, categories: tuple[str, ...]) -> pd.Categorical:
    """Values as an ordered categorical of `categories`; values outside them (logged already) become missing."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes = pc.index_in(pa.array(values, type=pa.string(), from_pandas=True), value_set=pa.array(categories))
    return pd.Categorical.from_codes(
        pc.fill_null(codes, -1).to_numpy(zero_copy_only=False), categories=list(categories), ordered=True
    )


_STORE_LIMIT = 2_000_000


def _stored_path(name: str, path: Path, data_dir: Path | None) -> Path | None:
    """Where a validated copy of this exact content would be stored, or None for large or missing files.

    The key covers the file, every table it refers to through foreign keys (their ids decide whether
    it is valid), the descriptor and the library.
    """
    from ..build.cache import digest, file_digest, library_digest

    parts: list[str] = [name, pd.__version__, library_digest(), file_digest(descriptor_path(data_dir))]
    try:
        for table in _with_references(name, data_dir):
            file = Path(data_dir or config.data_dir()) / table_schema(table, data_dir).path
            if file.stat().st_size > _STORE_LIMIT:
                return None
            parts += [table, file_digest(file)]
    except OSError:
        return None
    if "missing" in parts:
        return None
    return config.CACHE_DIR / "tables" / f"{name}-{digest(*parts)[:32]}.pkl"


def _with_references(name: str, data_dir: Path | None) -> list[str]:
    """`name` and every table it refers to, directly or through others."""
    seen, todo = [], [name]
    while todo:
        table = todo.pop()
        if table not in seen:
            seen.append(table)
            todo += [fk.resource for fk in table_schema(table, data_dir).foreign_keys if fk.resource]
    return seen


def _remember(identity: tuple | None, stored: Path | None, typed: pd.DataFrame) -> None:
    if identity is not None:
        _VALIDATED[identity] = typed.copy()
    if stored is not None:
        import pickle

        from ..charts.saving import atomic_write_bytes

        try:
            atomic_write_bytes(stored, pickle.dumps(typed, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only project still works, only without the speed-up


#: Files read by read_table while `recording_reads()` is active (for the build's dependency tracking).
_reads: set[Path] | None = None


def _note_read(path: Path) -> None:
    resolved = path.resolve()
    if _reads is not None:
        _reads.add(resolved)
    log_file = os.environ.get(config.READ_LOG_VARIABLE)
    if log_file:
        with open(log_file, "a", encoding="utf-8") as handle:
            handle.write(f"{resolved}\n")


@contextmanager
def recording_reads() -> Iterator[set[Path]]:
    """Collect the paths of every data file read inside the block (resolved), including foreign-key targets."""
    global _reads
    previous, _reads = _reads, set()
    try:
        yield _reads
    finally:
        if previous is not None:
            previous.update(_reads)
        _reads = previous
