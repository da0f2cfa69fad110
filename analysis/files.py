"""Files: atomic writes, the project's build lock, and content hashes.

The lowest layer with `config` and `errors`: every other layer may use it, it uses none of them.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from . import config

LOCK_NAME = "build.lock"


class WriteError(OSError):
    """An output that could not be written, with its path and the cause, in one line ('cannot write …: …')."""

    def __init__(self, path: Path, cause: str):
        super().__init__(f"cannot write {config.display_path(path)}: {cause}")
        self.path = Path(path)


def _make_folder(folder: Path, path: Path) -> None:
    """Create `folder` (for `path`), naming the part of it that is a file, not a folder, when there is one."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise WriteError(path, f"{config.display_path(blocking)} is a file, not a folder") from exc
    except OSError as exc:
        raise WriteError(path, exc.strerror or str(exc)) from exc


def _temporary_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in the folder of `path` (made if missing), open: its handle and name."""
    _make_folder(path.parent, path)
    try:
        return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(path, exc.strerror or str(exc)) from exc


def check_writable(path: Path) -> None:
    """Raise the WriteError that writing `path` would raise for its folder (a file in the way, a read-only
    disk), now: a build checks this before minutes of work rather than after them. Leaves no file behind."""
    handle, temporary = _temporary_beside(Path(path))
    os.close(handle)
    os.unlink(temporary)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a partial one.

    The bytes go to a temporary file in the same folder, are flushed to disk, then renamed over `path`.
    Raises WriteError (the path and the cause, e.g. a read-only or full disk) when it cannot; the old file
    is then left as it was.
    """
    path = Path(path)
    handle, temporary = _temporary_beside(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise WriteError(path, exc.strerror or str(exc)) from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """`atomic_write_bytes` of `text` encoded as UTF-8."""
    atomic_write_bytes(path, text.encode("utf-8"))


@contextmanager
def exclusive_build(*folders: Path) -> Iterator[None]:
    """Hold the project's build lock: a second build started meanwhile waits for this one to finish.

    The lock is an advisory `flock` on `.cache/build.lock`, released by the operating system even when
    the process is killed. Once it is held, temporary files left in `folders` by an interrupted build are
    removed (no other build can be writing them).
    """
    config.CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(config.CACHE_DIR / LOCK_NAME, "a+") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX: no lock
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another build of this project to finish…", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            for folder in (*folders, config.CACHE_DIR, config.CACHE_DIR / "tables"):
                for leftover in Path(folder).glob(".*.tmp"):
                    leftover.unlink(missing_ok=True)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def digest(*parts: bytes | str) -> str:
    """SHA-256 of the parts, each length-prefixed so that ('ab', 'c') and ('a', 'bc') differ."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """Hash of a file's bytes, or 'missing' when it does not exist.

    Remembered by the file's identity (path, size, change time, inode), so a file read by several
    tables or outputs is hashed once while it is unchanged.
    """
    try:
        stat = Path(path).stat()
    except FileNotFoundError:
        return "missing"
    return _file_digest(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino)


@cache
def _file_digest(path: str, size: int, mtime_ns: int, inode: int) -> str:
    try:
        return digest(Path(path).read_bytes())
    except FileNotFoundError:
        return "missing"


def library_digest(package_dir: Path | None = None) -> str:
    """Hash of the package's own source: every .py, style and template file, by relative path.

    Recomputed only when a file's size or change time differs from the last call in this process.
    """
    root = Path(package_dir or config.PACKAGE_DIR)
    files = sorted(
        p for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".mplstyle", ".j2", ".json", ".css")
    )
    signature = tuple((p.relative_to(root).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return _library_digest(root, signature)


@cache
def _library_digest(root: Path, signature: tuple) -> str:
    return digest(*(part for name, _, _ in signature for part in (name, (root / name).read_bytes())))
