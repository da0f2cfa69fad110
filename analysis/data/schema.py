"""The table schemas, declared once in the Frictionless descriptor `data/datapackage.json`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .. import config
from ..errors import DataError, Problem
from .datafiles import file_problem
from .descriptor import descriptor_problems, parse_descriptor


@dataclass(frozen=True)
class Field:
    """One column of a table as the descriptor declares it."""

    name: str
    type: str
    constraints: dict = field(default_factory=dict, hash=False, compare=False)
    true_values: tuple[str, ...] = ("true",)
    false_values: tuple[str, ...] = ("false",)
    description: str = ""
    unit: str = ""

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required", False))

    @property
    def enum(self) -> tuple[str, ...] | None:
        values = self.constraints.get("enum")
        return tuple(values) if values is not None else None


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableSchema:
    """A resource of the data package: its file and its fields."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def descriptor_path(data_dir: Path | None = None) -> Path:
    return Path(data_dir or config.data_dir()) / config.DESCRIPTOR_NAME


def _names(value: str | list[str]) -> tuple[str, ...]:
    """Field names given as one text or a list (both are allowed by Frictionless)."""
    return (value,) if isinstance(value, str) else tuple(value)


def _parse_resource(resource: dict) -> TableSchema:
    """A resource already checked by `descriptor_problems`."""
    schema = resource["schema"]
    fields = tuple(
        Field(
            name=f["name"],
            type=f.get("type", "string"),
            constraints=dict(f.get("constraints", {})),
            true_values=tuple(f.get("trueValues", ("true",))),
            false_values=tuple(f.get("falseValues", ("false",))),
            description=f.get("description", ""),
            unit=f.get("unit", ""),
        )
        for f in schema["fields"]
    )
    foreign_keys = tuple(
        ForeignKey(
            fields=_names(fk["fields"]),
            resource=fk["reference"]["resource"],
            reference_fields=_names(fk["reference"]["fields"]),
        )
        for fk in schema.get("foreignKeys", [])
    )
    return TableSchema(
        name=resource["name"],
        path=resource["path"],
        title=resource.get("title", resource["name"]),
        description=resource.get("description", ""),
        fields=fields,
        primary_key=_names(schema.get("primaryKey", [])),
        foreign_keys=foreign_keys,
    )


def table_schemas(data_dir: Path | None = None) -> dict[str, TableSchema]:
    """Every table of the data package, by resource name, in descriptor order (re-read when it changes).

    Raises DataError when the data folder or its descriptor is missing, is not a regular file, is not
    UTF-8 JSON, or describes anything this project cannot check (see `descriptor.descriptor_problems`).
    """
    folder = Path(data_dir or config.data_dir())
    path = folder / config.DESCRIPTOR_NAME
    shown = config.display_path(path)
    if folder.exists() and not folder.is_dir():
        raise DataError([Problem(config.display_path(folder), None, None, None,
                                 f"a data folder holding {config.DESCRIPTOR_NAME}, not a file")])
    problem = file_problem(path, folder)
    if problem:
        raise DataError([Problem(shown, None, None, None, problem)])
    try:
        status = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        where = "" if folder.is_dir() else " (the folder does not exist)"
        raise DataError([Problem(shown, None, None, None, f"the data package descriptor of the data folder{where}")]) \
            from None
    try:
        schemas, problems = _parsed_schemas(path.resolve(), status.st_mtime_ns, status.st_size, status.st_ino)
    except OSError as exc:
        raise DataError([Problem(shown, None, None, None, f"a file that can be read ({exc.strerror})")]) from None
    if problems:
        raise DataError(problems)
    return dict(schemas)


@cache
def _parsed_schemas(path: Path, mtime_ns: int, size: int, inode: int) \
        -> tuple[tuple[tuple[str, TableSchema], ...], tuple[Problem, ...]]:
    """The schemas of the descriptor at `path`, or the problems that stop it being used."""
    descriptor, problems = parse_descriptor(path.read_bytes(), path)
    if not problems:
        problems = descriptor_problems(descriptor, path)
    if problems:
        return (), tuple(problems)
    return tuple((r["name"], _parse_resource(r)) for r in descriptor["resources"]), ()


def table_schema(name: str, data_dir: Path | None = None) -> TableSchema:
    """The schema of table `name`; a DataError naming the descriptor when it has no such resource."""
    schemas = table_schemas(data_dir)
    if name not in schemas:
        raise DataError([Problem(config.display_path(descriptor_path(data_dir)), None, None, None,
                                 f"a resource named '{name}' (the resources are: {', '.join(schemas)})",
                                 json_path="resources")])
    return schemas[name]
