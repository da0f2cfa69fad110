"""What a built file depends on, as content hashes, and the record of what was last built from what.

A figure or report is fresh when its recorded key equals the key computed now from the current
dependencies, and its output file still has the bytes that were written. The record lives in
`.cache/build.json` (safe to delete: everything is then rebuilt) and is written atomically, only
after a successful build of the item it describes, so a failure is never recorded as fresh.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import config
from ..files import atomic_write_text, digest, file_digest, library_digest

#: Packages whose version changes what a figure or report looks like.
KEY_PACKAGES = ("pandas", "numpy", "matplotlib", "pyarrow", "pandera", "nbconvert", "nbclient", "ipykernel", "nbformat")
MANIFEST_NAME = "build.json"


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


def fixed_key_parts(data_dir: Path | None = None) -> tuple[str, str, str]:
    """Parts of every figure's and report's key: the library's source, the key packages' versions, and
    the data folder (outputs made from another folder's files are not fresh for this one)."""
    return library_digest(), versions_digest(), str(Path(data_dir or config.data_dir()).resolve())


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
        entry = {
            "key": key,
            "dependencies": sorted(set(dependencies)),
            "outputs": {str(p): file_digest(p) for p in outputs},
        }
        self.entries[self._name(output)] = entry
        self._save()

    def adopt(self, other: "Manifest", output: Path) -> None:
        """Take `other`'s record of `output` (made by another process) into this record, and save it."""
        entry = other.entries.get(self._name(output))
        if entry is not None:
            self.entries[self._name(output)] = entry
            self._save()

    def forget(self, output: Path) -> None:
        """Drop the record of `output` (after a failed build, so that it is retried)."""
        if self.entries.pop(self._name(output), None) is not None:
            self._save()

    def _save(self) -> None:
        if self.persist:
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
