"""Reading and checking the data package descriptor `datapackage.json` before any table is read.

A broken or hostile descriptor is one `DataError` listing every problem found, never a traceback and
never a silent accept: each problem names the descriptor and the JSON path of the part at fault
(e.g. `resources[3].schema.fields[2].constraints.pattern`), with the value found and what was expected.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path, PurePosixPath

import pandas as pd

from .. import config
from ..errors import Problem

#: Deeper nesting is refused before parsing (the real descriptor is 8 levels deep; Python's parser recurses).
MAX_DEPTH = 64
#: A larger descriptor is refused without being parsed (the real one is about 60 kB).
MAX_BYTES = 20_000_000
#: The field types this project parses (see checks.parse_column).
TYPES = ("string", "integer", "number", "boolean", "date")
#: The constraints this project checks (see checks.check_constraints and check_keys).
CONSTRAINTS = ("required", "unique", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
               "pattern", "minLength", "maxLength")
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_MISSING = object()
#: A JSON string (skipped whole) or a bracket, for measuring the nesting without parsing.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def parse_descriptor(data: bytes, path: Path) -> tuple[object, list[Problem]]:
    """The descriptor's JSON, or None and the problems that stop it being read (size, encoding, nesting, syntax)."""
    file = config.display_path(path)
    if len(data) > MAX_BYTES:
        expected = f"a descriptor of at most {MAX_BYTES:,} bytes, not {len(data):,}"
        return None, [Problem(file, None, None, None, expected)]
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1]
        return None, [Problem(file, line, None, f"\\x{bad.hex()}", "UTF-8 text (save the descriptor as UTF-8)")]
    deep = _too_deep(text)
    if deep is not None:
        line, column = deep
        return None, [Problem(file, line, None, None, f"JSON nested at most {MAX_DEPTH} levels deep "
                                                      f"(level {MAX_DEPTH + 1} opens at column {column})")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        return None, [Problem(file, exc.lineno, None, None, f"valid JSON ({exc.msg}, column {exc.colno})")]
    except RecursionError:  # pragma: no cover - the nesting is measured above
        return None, [Problem(file, None, None, None, f"JSON nested at most {MAX_DEPTH} levels deep")]


def _too_deep(text: str) -> tuple[int, int] | None:
    """Line and column (1-based) of the first bracket deeper than MAX_DEPTH, or None."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                start = match.start()
                return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1
        elif token in "]}":
            depth -= 1
    return None


class _Checker:
    """Collects the descriptor's problems, each at a JSON path."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def bad(self, where: str, value: object, expected: str) -> None:
        if value is _MISSING:
            expected += " (it is missing)"
        shown = None
        if value is not _MISSING:
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        self.problems.append(Problem(self.file, None, None, shown, expected, json_path=where))

    def names(self, where: str, value: object, known: list[str], what: str) -> list[str]:
        """Field names given as one text or a list of texts, each checked against `known`."""
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            self.bad(where, value, f"a field name or a list of field names of {what}")
            return []
        for index, name in enumerate(names):
            if name not in known:
                at = where if isinstance(value, str) else f"{where}[{index}]"
                self.bad(at, name, f"a field of {what}: " + ", ".join(known))
        if len(set(names)) < len(names):
            self.bad(where, value, "each field named once")
        return names


def descriptor_problems(descriptor: object, path: Path) -> list[Problem]:
    """Every problem of the descriptor's structure, resources, fields, constraints and keys."""
    check = _Checker(config.display_path(path))
    resources = descriptor.get("resources", _MISSING) if isinstance(descriptor, dict) else _MISSING
    if not isinstance(descriptor, dict):
        check.bad("(top level)", descriptor, "a JSON object: a Frictionless data package with resources")
    elif not isinstance(resources, list) or not resources:
        check.bad("resources", resources, "a non-empty list of resources")
    else:
        names: dict[str, int] = {}
        for index, resource in enumerate(resources):
            where = f"resources[{index}]"
            name = resource.get("name", _MISSING) if isinstance(resource, dict) else _MISSING
            if isinstance(name, str) and name:
                if name in names:
                    check.bad(f"{where}.name", name, f"a name no other resource has (resources[{names[name]}] has it)")
                names.setdefault(name, index)
        checked = [_check_resource(check, f"resources[{i}]", resource) for i, resource in enumerate(resources)]
        fields = {name: checked[index] for name, index in names.items()}
        for index, resource in enumerate(resources):
            if isinstance(resource, dict) and isinstance(resource.get("schema"), dict):
                _check_foreign_keys(check, f"resources[{index}]", resource, fields)
        if not check.problems:
            _check_cycles(check, resources)
    return check.problems


def _check_resource(check: _Checker, where: str, resource: object) -> list[str]:
    """Check one resource; its field names (those that are text)."""
    if not isinstance(resource, dict):
        check.bad(where, resource, "an object describing a table: name, path and schema")
        return []
    name = resource.get("name", _MISSING)
    if not isinstance(name, str) or not name:
        check.bad(f"{where}.name", name, "the table's name, as text")
    path = resource.get("path", _MISSING)
    problem = path_problem(path)
    if problem:
        check.bad(f"{where}.path", path, problem)
    encoding = resource.get("encoding", "utf-8")
    if not isinstance(encoding, str) or encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        check.bad(f"{where}.encoding", encoding, "utf-8 (the only encoding this project reads)")
    if resource.get("format", "csv") != "csv":
        check.bad(f"{where}.format", resource.get("format"), "csv (the only format this project reads)")
    schema = resource.get("schema", _MISSING)
    if not isinstance(schema, dict):
        check.bad(f"{where}.schema", schema, "an object with the table's fields (a schema in another file is not read)")
        return []
    fields = schema.get("fields", _MISSING)
    if not isinstance(fields, list) or not fields:
        check.bad(f"{where}.schema.fields", fields, "a non-empty list of fields")
        return []
    names: list[str] = []
    for index, field in enumerate(fields):
        at = f"{where}.schema.fields[{index}]"
        if not isinstance(field, dict):
            check.bad(at, field, "an object describing a column: name, type and constraints")
            continue
        name = field.get("name", _MISSING)
        if not isinstance(name, str) or not name:
            check.bad(f"{at}.name", name, "the column's name, as text")
        elif name in names:
            check.bad(f"{at}.name", name, "a name no other field of the table has")
        else:
            names.append(name)
        kind = field.get("type", "string")
        if kind not in TYPES:
            check.bad(f"{at}.type", kind, "a field type this project reads: " + ", ".join(TYPES))
            kind = None
        for key in ("title", "description", "unit"):
            if not isinstance(field.get(key, ""), str):
                check.bad(f"{at}.{key}", field[key], "text")
        for key in ("trueValues", "falseValues"):
            values = field.get(key, ["text"])
            if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                check.bad(f"{at}.{key}", values, "a non-empty list of texts")
        constraints = field.get("constraints", {})
        if not isinstance(constraints, dict):
            check.bad(f"{at}.constraints", constraints, "an object of constraints")
        elif kind is not None:
            for key, value in constraints.items():
                problem = constraint_problem(key, value, kind)
                if problem:
                    check.bad(f"{at}.constraints.{key}", value, problem)
    if "primaryKey" in schema:
        check.names(f"{where}.schema.primaryKey", schema["primaryKey"], names, "this table")
    return names


def path_problem(path: object) -> str | None:
    """Why a resource's path may not be read, or None: it must stay inside the data folder."""
    expected = "a relative path to a file inside the data folder (no '..', not absolute, not a URL)"
    if not isinstance(path, str) or not path.strip():
        return "the path of the table's CSV file in the data folder, as text"
    pure = PurePosixPath(path)
    if (pure.is_absolute() or ".." in pure.parts or "\\" in path or "\x00" in path or re.match(r"[A-Za-z]:", path)
            or re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", path)):
        return expected
    return None


def constraint_problem(key: str, value: object, kind: str) -> str | None:
    """Why constraint `key` with `value` cannot be checked on a field of type `kind`, or None."""
    if key not in CONSTRAINTS:
        return "a constraint this project checks: " + ", ".join(CONSTRAINTS)
    if key in ("required", "unique"):
        return None if isinstance(value, bool) else "true or false"
    applies = {"enum": ("string",), "pattern": ("string",), "minLength": ("string",), "maxLength": ("string",)}
    kinds = applies.get(key, ("integer", "number", "date"))
    if kind not in kinds:
        return f"no {key} on a {kind} field (this project checks it on {' and '.join(kinds)} fields)"
    if key == "enum":
        ok = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        return None if ok else "a non-empty list of texts"
    if key == "pattern":
        if not isinstance(value, str):
            return "a regular expression, as text"
        try:
            re.compile(value)
        except re.error as exc:
            return f"a valid regular expression ({exc})"
        return None
    if key in ("minLength", "maxLength"):
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else "a whole number of at least 0"
    if kind == "date":
        return None if bound_date(value) is not None else "a date written YYYY-MM-DD, as the field is of type date"
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return None if ok else f"a finite number (not text in quotes), as the field is of type {kind}"


def bound_date(value: object) -> pd.Timestamp | None:
    """A date bound ('YYYY-MM-DD') as a timestamp, or None when it is not one."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return None
    date = pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")
    return None if pd.isna(date) else date


def _check_foreign_keys(check: _Checker, where: str, resource: dict, fields: dict[str, list[str]]) -> None:
    """Each foreign key names fields of its table and of a resource the descriptor has."""
    keys = resource["schema"].get("foreignKeys", [])
    if not isinstance(keys, list):
        check.bad(f"{where}.schema.foreignKeys", keys, "a list of foreign keys")
        return
    own = fields.get(resource.get("name"), []) if isinstance(resource.get("name"), str) else []
    for index, key in enumerate(keys):
        at = f"{where}.schema.foreignKeys[{index}]"
        reference = key.get("reference", _MISSING) if isinstance(key, dict) else _MISSING
        if not isinstance(key, dict) or not isinstance(reference, dict):
            check.bad(at if not isinstance(key, dict) else f"{at}.reference", key if not isinstance(key, dict)
                      else reference, "a foreign key: fields, and a reference with resource and fields")
            continue
        local = check.names(f"{at}.fields", key.get("fields", _MISSING), own, "this table")
        target = reference.get("resource", _MISSING)
        if not isinstance(target, str) or (target and target != resource.get("name") and target not in fields):
            check.bad(f"{at}.reference.resource", target,
                      "the name of a resource in the descriptor ('' for this table): " + ", ".join(fields))
            continue
        known = own if target in ("", resource.get("name")) else fields[target]
        remote = check.names(f"{at}.reference.fields", reference.get("fields", _MISSING), known,
                             f"resource '{target or resource.get('name')}'")
        if local and remote and len(local) != len(remote):
            check.bad(f"{at}.reference.fields", reference["fields"], f"as many fields as {at}.fields ({len(local)})")


def _check_cycles(check: _Checker, resources: list[dict]) -> None:
    """Foreign keys between tables must not form a cycle (each table is checked after those it refers to)."""
    edges: dict[str, list[tuple[str, str]]] = {}
    for index, resource in enumerate(resources):
        name = resource["name"]
        for number, key in enumerate(resource["schema"].get("foreignKeys", [])):
            target = key["reference"]["resource"]
            if target not in ("", name):
                edges.setdefault(name, []).append((target, f"resources[{index}].schema.foreignKeys[{number}]"))
    state: dict[str, str] = {}
    reported: set[frozenset[str]] = set()
    for start in (resource["name"] for resource in resources):
        if start in state:
            continue
        state[start], trail, stack = "open", [start], [iter(edges.get(start, []))]
        while stack:  # depth first, without recursion (a long chain of tables cannot exhaust the stack)
            step = next(stack[-1], None)
            if step is None:
                state[trail.pop()] = "done"
                stack.pop()
                continue
            target, where = step
            if state.get(target) == "open":
                cycle = trail[trail.index(target):] + [target]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    check.bad(f"{where}.reference.resource", target,
                              "foreign keys without a cycle between tables (" + " → ".join(cycle) + ")")
            elif target not in state:
                state[target] = "open"
                trail.append(target)
                stack.append(iter(edges.get(target, [])))
