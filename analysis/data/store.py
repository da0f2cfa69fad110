"""Validated tables remembered (in this process, and across processes in the cache folder), and the log of
the data files read, which the build uses to know what a figure or report depends on.

The cache folder holds Arrow IPC files, never pickles: reading one cannot run code, whoever wrote it. Each
file records every column's exact dtype in its schema metadata (`_DTYPES_KEY`), so that what Arrow does not
keep by itself (the categories of an empty categorical, a string dtype's storage) is restored; a file that
is unreadable, damaged or does not give back those dtypes is only a cache miss.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .. import config
from .datafiles import file_problem
from .schema import descriptor_path, table_schema


#: Tables already validated in this process, by file identity (see `identity`); read_table returns copies.
VALIDATED: dict[tuple, pd.DataFrame] = {}


def file_identity(name: str, data_dir: Path | None) -> tuple | None:
    """What identifies a table's content cheaply: path, size and change time of its file, of every file it
    refers to through foreign keys, and of the descriptor."""
    try:
        files = [descriptor_path(data_dir)] + [
            Path(data_dir or config.data_dir()) / table_schema(t, data_dir).path for t in _with_references(name, data_dir)
        ]
        return tuple((str(f.resolve()), st.st_size, st.st_mtime_ns, st.st_ino) for f in files for st in [f.stat()])
    except OSError:
        return None


_STORE_LIMIT = 2_000_000
#: Suffix of a stored table (Arrow IPC file format); pickles (`.pkl`) of earlier versions are never read.
SUFFIX = ".arrow"
#: Schema metadata key of a stored table: the exact dtype of every column (see `_describe`).
_DTYPES_KEY = b"analysis.dtypes"


def stored_path(name: str, path: Path, data_dir: Path | None) -> Path | None:
    """Where a validated copy of this exact content would be stored, or None for large or missing files.

    The key covers the file, every table it refers to through foreign keys (their ids decide whether
    it is valid), the descriptor and the library.
    """
    from ..files import digest, file_digest, library_digest

    parts: list[str] = [name, pd.__version__, library_digest(), file_digest(descriptor_path(data_dir))]
    try:
        for table in _with_references(name, data_dir):
            file = Path(data_dir or config.data_dir()) / table_schema(table, data_dir).path
            if file_problem(file) or file.stat().st_size > _STORE_LIMIT:
                return None  # a link, named pipe or other non-regular file is never hashed (reading may wait)
            parts += [table, file_digest(file)]
    except OSError:
        return None
    if "missing" in parts:
        return None
    return config.CACHE_DIR / "tables" / f"{name}-{digest(*parts)[:32]}{SUFFIX}"


def _with_references(name: str, data_dir: Path | None) -> list[str]:
    """`name` and every table it refers to, directly or through others."""
    seen, todo = [], [name]
    while todo:
        table = todo.pop()
        if table not in seen:
            seen.append(table)
            todo += [fk.resource for fk in table_schema(table, data_dir).foreign_keys if fk.resource]
    return seen


def remember(identity: tuple | None, stored: Path | None, typed: pd.DataFrame) -> None:
    """Keep a validated table in this process and, when `stored` is given, in the cache folder."""
    if identity is not None:
        VALIDATED[identity] = typed.copy()
    if stored is not None:
        from ..files import atomic_write_bytes

        try:
            data = _encode(typed)
            exact = same_frame(_decode(data), typed)
        except Exception:  # a dtype Arrow cannot hold: the table is simply not stored
            return
        if not exact:  # stored only when it comes back exactly as validated 
            return
        try:
            atomic_write_bytes(stored, data)
        except OSError:
            pass  # a read-only project still works, only without the speed-up


def read_stored(stored: Path) -> pd.DataFrame | None:
    """The table stored at `stored`, or None when it is missing, unreadable, damaged or not one of ours.

    Never raises and never runs code from the file (it is read as Arrow IPC, not unpickled).
    """
    try:
        data = stored.read_bytes()
    except OSError:
        return None
    try:
        return _decode(data)
    except Exception:  # a truncated, damaged or foreign file (e.g. an old pickle) is only a miss
        return None


def _encode(frame: pd.DataFrame) -> bytes:
    """`frame` as an Arrow IPC file, with the exact dtype of every column in the schema metadata."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=None)
    described = json.dumps([[str(c), _describe(frame[c].dtype)] for c in frame.columns]).encode("utf-8")
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), _DTYPES_KEY: described})
    sink = pa.BufferOutputStream()
    with pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _decode(data: bytes) -> pd.DataFrame:
    """The frame of an `_encode`d file; raises on anything else (checked in full before it is converted)."""
    import pyarrow as pa

    table = pa.ipc.open_file(pa.BufferReader(data)).read_all()
    table.validate(full=True)  # offsets and lengths checked before pandas touches a buffer
    described = json.loads((table.schema.metadata or {})[_DTYPES_KEY])
    frame = table.to_pandas()
    if [str(c) for c in frame.columns] != [name for name, _ in described]:
        raise ValueError("stored columns differ from their description")
    for position, (dtype, (_, description)) in enumerate(zip(frame.dtypes, described)):
        if _describe(dtype) != description:  # e.g. an empty categorical, which Arrow gives back without categories
            column = frame.iloc[:, position].astype(_dtype(description))
            if _describe(column.dtype) != description:
                raise ValueError(f"column {position} does not have its stored dtype")
            frame.isetitem(position, column)
    return frame


def _describe(dtype: object) -> dict:
    """A dtype as JSON: categories and order of a categorical, storage and missing value of a string."""
    if isinstance(dtype, pd.CategoricalDtype):
        categories = dtype.categories
        return {"categories": categories.tolist(), "ordered": bool(dtype.ordered),
                "categories_dtype": _describe(categories.dtype)}
    if isinstance(dtype, pd.StringDtype):
        return {"string": dtype.storage, "na": "NA" if dtype.na_value is pd.NA else "nan"}
    return {"dtype": str(dtype)}


def _dtype(description: dict) -> object:
    """The dtype that `_describe` described (names are looked up, never evaluated)."""
    if "categories" in description:
        categories = pd.Index(description["categories"], dtype=_dtype(description["categories_dtype"]))
        return pd.CategoricalDtype(categories, ordered=bool(description["ordered"]))
    if "string" in description:
        return pd.StringDtype(description["string"], na_value=pd.NA if description["na"] == "NA" else float("nan"))
    return pd.api.types.pandas_dtype(description["dtype"])


def same_frame(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    """Whether two frames are equal in values, index, columns and every dtype (a categorical's categories
    and their dtype, a string dtype's storage included)."""
    try:
        pd.testing.assert_frame_equal(left, right, check_dtype=True, check_exact=True, check_index_type=True,
                                      check_column_type=True, check_categorical=True, check_flags=True)
    except AssertionError:
        return False
    return [_describe(d) for d in left.dtypes] == [_describe(d) for d in right.dtypes] and \
        type(left.index) is type(right.index) and _describe(left.columns.dtype) == _describe(right.columns.dtype)


#: Files read by read_table while `recording_reads()` is active (for the build's dependency tracking).
_reads: set[Path] | None = None


def note_read(path: Path) -> None:
    """Record that `path` was read (for `recording_reads` and the build's log of what a kernel read)."""
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
