"""The table schemas, declared once in the Frictionless descriptor `data/datapackage.json`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .. import config
from ..errors import DataError, Problem


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


@cache
def _read_descriptor(path: Path, mtime_ns: int) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _parse_resource(resource: dict) -> TableSchema:
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
            fields=tuple(fk["fields"]),
            resource=fk["reference"]["resource"],
            reference_fields=tuple(fk["reference"]["fields"]),
        )
        for fk in schema.get("foreignKeys", [])
    )
    return TableSchema(
        name=resource["name"],
        path=resource["path"],
        title=resource.get("title", resource["name"]),
        description=resource.get("description", ""),
        fields=fields,
        primary_key=tuple(schema.get("primaryKey", [])),
        foreign_keys=foreign_keys,
    )


def table_schemas(data_dir: Path | None = None) -> dict[str, TableSchema]:
    """Every table of the data package, by resource name, in descriptor order (re-read when it changes).

    Raises DataError when the descriptor is missing, is not JSON, or lacks a resource's name, path or fields.
    """
    path = descriptor_path(data_dir).resolve()
    try:
        mtime_ns = path.stat().st_mtime_ns
    except FileNotFoundError:
        folder = "" if path.parent.is_dir() else " (the folder does not exist)"
        raise DataError([Problem(str(path), None, None, None,
                                 f"the data package descriptor of the data folder{folder}")]) from None
    try:
        return dict(_parsed_schemas(path, mtime_ns))
    except json.JSONDecodeError as exc:
        raise DataError([Problem(str(path), exc.lineno, None, None, f"valid JSON ({exc.msg}, column {exc.colno})")]) \
            from None
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataError([Problem(str(path), None, None, None,
                                 "resources, each with a name, a path and schema fields "
                                 f"(a Frictionless data package; problem: {type(exc).__name__} {exc})")]) from None


@cache
def _parsed_schemas(path: Path, mtime_ns: int) -> tuple[tuple[str, TableSchema], ...]:
    return tuple((r["name"], _parse_resource(r)) for r in _read_descriptor(path, mtime_ns)["resources"])


def table_schema(name: str, data_dir: Path | None = None) -> TableSchema:
    schemas = table_schemas(data_dir)
    if name not in schemas:
        raise KeyError(f"no table named {name!r} in {descriptor_path(data_dir)}")
    return schemas[name]
