"""Validated tables remembered (in this process, and across processes in the cache folder), and the log of
the data files read, which the build uses to know what a figure or report depends on."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .. import config
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


def remember(identity: tuple | None, stored: Path | None, typed: pd.DataFrame) -> None:
    if identity is not None:
        VALIDATED[identity] = typed.copy()
    if stored is not None:
        import pickle

        from ..files import atomic_write_bytes

        try:
            atomic_write_bytes(stored, pickle.dumps(typed, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only project still works, only without the speed-up


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
