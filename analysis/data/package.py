"""The data package as a whole: its title, version, contributors and licence, and the version of the data.

These are what a citation of a report needs. They come from `datapackage.json` (already checked by the
loaders, which read it first), and the data version is a hash of the descriptor and every table file, so a
report built from other data cites another version, while the same data always gives the same one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..errors import DataError, Problem
from ..files import digest
from .schema import descriptor_path, table_schemas
from .store import note_read


@dataclass(frozen=True)
class PackageInfo:
    """How to cite the data package: `data_version` is the first 12 hex digits of the data's hash."""

    title: str
    version: str
    contributors: tuple[str, ...]
    licence: str
    licence_url: str
    data_version: str


def package_info(data_dir: Path | None = None) -> PackageInfo:
    """Title, version, contributors and licence of the data package, and the version of its data."""
    path = descriptor_path(data_dir)
    schemas = table_schemas(data_dir)  # raises DataError for a descriptor with problems
    folder = Path(data_dir or config.data_dir())
    tables = [folder / schema.path for schema in schemas.values()]
    for table in tables:
        note_read(table)
    version = files_version([path, *tables])["version"]
    return _described(path, json.loads(path.read_bytes()), version)


def files_version(paths: list[Path]) -> dict:
    """The version of a set of data files (the package's, or those a figure was drawn from): the first 12 hex
    digits of a hash of their names and bytes, and their names."""
    parts: list[bytes | str] = []
    for path in paths:
        parts += [Path(path).name, Path(path).read_bytes()]
    return {"version": digest(*parts)[:12], "files": [Path(p).name for p in paths]}


def chart_credit(data_dir: Path | None = None) -> str:
    """The credit line every chart carries, so that it survives a screenshot: who made it, from which data
    package and version, under which licence. Read from the descriptor alone (no table is hashed)."""
    path = descriptor_path(data_dir)
    table_schemas(data_dir)  # raises DataError for a descriptor with problems
    note_read(path)
    package = _described(path, json.loads(path.read_bytes()), "")
    return f"Chart: {'; '.join(package.contributors)}, data package version {package.version}. Licence: {package.licence}."


def _described(path: Path, descriptor: dict, data_version: str) -> PackageInfo:
    """The package's citation facts from its descriptor; one DataError naming each one that is missing."""
    where = config.display_path(path)
    problems = [Problem(where, None, None, repr(descriptor.get(key)), "text: a report's citation needs it", key)
                for key in ("title", "version") if not isinstance(descriptor.get(key), str) or not descriptor[key]]
    contributors = descriptor.get("contributors")
    if not (isinstance(contributors, list) and contributors
            and all(isinstance(c, dict) and isinstance(c.get("title"), str) for c in contributors)):
        problems.append(Problem(where, None, None, repr(contributors), "a list of contributors, each with a title",
                                "contributors"))
    licences = descriptor.get("licenses")
    if not (isinstance(licences, list) and licences and isinstance(licences[0], dict)
            and isinstance(licences[0].get("title"), str) and isinstance(licences[0].get("path", ""), str)):
        problems.append(Problem(where, None, None, repr(licences), "a list of licences, the first with a title",
                                "licenses"))
    if problems:
        raise DataError(problems)
    return PackageInfo(
        title=descriptor["title"],
        version=descriptor["version"],
        contributors=tuple(c["title"] for c in contributors),
        licence=licences[0]["title"],
        licence_url=licences[0].get("path", ""),
        data_version=data_version,
    )
