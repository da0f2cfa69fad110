"""What a built file depends on, as content hashes, and the record of what was last built from what.

A figure or report is fresh when its recorded key equals the key computed now from the current
dependencies, and its output file still has the bytes that were written. The record lives in
`.cache/build.json` (safe to delete: everything is then rebuilt) and is written atomically, only
after a successful build of the item it describes, so a failure is never recorded as fresh.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import config
from ..charts.saving import atomic_write_text

#: Packages whose version changes what a figure or report looks like.
KEY_PACKAGES = ("pandas", "numpy", "matplotlib", "pyarrow", "pandera", "nbconvert", "nbclient", "ipykernel", "nbformat")
MANIFEST_NAME = "build.json"


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


@cache
def versions_digest() -> str:
    """Hash of the Python version and the versions of the key packages."""
    found = [f"python={sys.version_info[:3]}"]
    for name in KEY_PACKAGES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=absent")
    return digest(*found)


def dependencies_digest(paths: Iterable[str]) -> str:
    """Hash of the named files' contents, in a stable order."""
    ordered = sorted(set(paths))
    return digest(*(part for p in ordered for part in (p, file_digest(Path(p)))))


def notebook_digest(path: Path) -> str:
    """Hash of what a notebook's report is made from: each cell's type and source, and code cells' tags.

    Outputs, execution counts, cell ids and other metadata are left out: editing them changes nothing.
    (Read as plain JSON: nbformat is slow to import and not needed to hash.)
    """
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    parts = []
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        parts += [cell.get("cell_type", ""), "".join(source) if isinstance(source, list) else source]
        if cell.get("cell_type") == "code":
            parts.append(",".join(cell.get("metadata", {}).get("tags", [])))
    parts.append(json.dumps(nb.get("metadata", {}).get("title", ""), ensure_ascii=False))
    return digest(*parts)


class Manifest:
    """The record of built outputs: for each output file, its key, its dependencies and its bytes' hash."""

    def __init__(self, path: Path | None = None, persist: bool = True):
        self.path = Path(path or config.CACHE_DIR / MANIFEST_NAME)
        self.persist = persist
        self.entries: dict[str, dict] = {}
        if persist:
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (FileNotFoundError, json.JSONDecodeError):
                pass  # a missing or damaged record only means: build everything

    @classmethod
    def in_memory(cls) -> "Manifest":
        """A record that is never read from or written to disk (every item is built)."""
        return cls(persist=False)

    def is_fresh(self, output: Path, key_of: "KeyFunction") -> bool:
        """True when `output` was built from dependencies that have not changed since."""
        entry = self.entries.get(self._name(output))
        if entry is None:
            return False
        outputs = entry.get("outputs", {})
        if not outputs or any(file_digest(Path(p)) != h for p, h in outputs.items()):
            return False
        return entry.get("key") == key_of(entry.get("dependencies", []))

    def record(self, output: Path, key: str, dependencies: Iterable[str], outputs: Iterable[Path]) -> None:
        """Record a successful build and save the manifest (atomically)."""
        self.entries[self._name(output)] = {
            "key": key,
            "dependencies": sorted(set(dependencies)),
            "outputs": {str(p): file_digest(p) for p in outputs},
        }
        if self.persist:
            atomic_write_text(self.path, json.dumps(self.entries, indent=1, sort_keys=True) + "\n")

    def forget(self, output: Path) -> None:
        """Drop the record of `output` (after a failed build, so that it is retried)."""
        if self.entries.pop(self._name(output), None) is not None and self.persist:
            atomic_write_text(self.path, json.dumps(self.entries, indent=1, sort_keys=True) + "\n")

    @staticmethod
    def _name(output: Path) -> str:
        return str(Path(output).resolve())


class KeyFunction:
    """Computes an item's key from its fixed parts and the current content of its dependencies."""

    def __init__(self, *fixed: str):
        self.fixed = fixed

    def __call__(self, dependencies: Iterable[str]) -> str:
        return digest(*self.fixed, dependencies_digest(dependencies))


def as_mapping(parameters: Mapping[str, object] | None) -> str:
    """Parameters as canonical JSON, for keys and file names."""
    return json.dumps(dict(parameters or {}), sort_keys=True, ensure_ascii=False)
