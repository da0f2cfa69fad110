"""Checking cells against the schema: types, constraints (with pandera), primary and foreign keys."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError
from .descriptor import bound_date
from .problems import ProblemLog, record_start_lines
from .schema import Field, TableSchema, table_schema


def parse_column(raw: pd.Series, spec: Field, log: ProblemLog) -> pd.Series:
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

        def bound(key: str, spec: Field = spec) -> object:
            """A bound as the column holds values: a date field's bounds are dates ('YYYY-MM-DD')."""
            return bound_date(spec.constraints[key]) if spec.type == "date" else spec.constraints[key]

        checks = []
        if spec.enum is not None:
            checks.append(pa.Check.isin(spec.enum, error="one of: " + ", ".join(spec.enum)))
        if "minimum" in c:
            checks.append(pa.Check.ge(bound("minimum"), error=f"a value of at least {c['minimum']}"))
        if "exclusiveMinimum" in c:
            checks.append(pa.Check.gt(bound("exclusiveMinimum"), error=f"a value greater than {c['exclusiveMinimum']}"))
        if "maximum" in c:
            checks.append(pa.Check.le(bound("maximum"), error=f"a value of at most {c['maximum']}"))
        if "exclusiveMaximum" in c:
            checks.append(pa.Check.lt(bound("exclusiveMaximum"), error=f"a value less than {c['exclusiveMaximum']}"))
        if "minLength" in c:
            checks.append(pa.Check(lambda s, n=c["minLength"]: s.str.len() >= n,
                                   error=f"text of at least {c['minLength']} characters"))
        if "maxLength" in c:
            checks.append(pa.Check(lambda s, n=c["maxLength"]: s.str.len() <= n,
                                   error=f"text of at most {c['maxLength']} characters"))
        if "pattern" in c:
            pattern = c["pattern"]
            checks.append(
                pa.Check(lambda s, p=pattern: s.str.fullmatch(p), error=f"text matching the pattern '{pattern}'")
            )
        columns[spec.name] = pa.Column(checks=checks, nullable=not spec.required)
    return pa.DataFrameSchema(columns)


def check_constraints(typed: pd.DataFrame, raw: pd.DataFrame, schema: TableSchema, log: ProblemLog) -> None:
    """The declared constraints; a cell already reported (e.g. not a number) is not reported again."""
    import pandera.errors

    try:
        _pandera_schema(schema).validate(typed, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        for column, check, row in cases[["column", "check", "index"]].itertuples(index=False):
            if row is None or pd.isna(row):
                # A check that could not run on the column (the descriptor checks should prevent it): a
                # problem, never a silent pass.
                failure = cases.loc[(cases["column"] == column) & (cases["check"] == check), "failure_case"]
                log.at_line(None, column, None, f"{check} (the check could not be run: {failure.iloc[0]})")
                continue
            # The cell as written in the file, not as parsed (so '1.50' is not shown as '1.5').
            shown = raw.at[int(row), column]
            if check == "not_nullable":
                log.at_row(int(row), column, shown, "a value (this column is required)")
            else:
                log.at_row(int(row), column, shown, check)


#: Unicode categories of characters that do not show (format and control characters, e.g. U+200B, U+FEFF):
#: refused in key fields, where 'thorn' and 'thorn' + U+200B would be two ids that look the same.
INVISIBLE = ("Cf", "Cc")


def key_fields(schema: TableSchema) -> list[str]:
    """The text fields that identify rows or refer to them: primary key, unique fields, foreign keys."""
    names = [*schema.primary_key, *(f.name for f in schema.fields if f.constraints.get("unique")),
             *(name for fk in schema.foreign_keys for name in fk.fields)]
    types = {f.name: f.type for f in schema.fields}
    return [name for name in dict.fromkeys(names) if types.get(name) == "string"]


def normalise_keys(typed: pd.DataFrame, schema: TableSchema, log: ProblemLog) -> None:
    """Key text normalised to NFC in place (so NFC and NFD spellings are the same key and match foreign keys);
    a key value holding an invisible character is a problem."""
    for name in key_fields(schema):
        column = typed[name]
        if not column.notna().any():
            continue  # (a column without values may not hold text, so has no .str)
        # Plain ASCII letters, digits and punctuation (most keys) are printable and already NFC: only the
        # other values are looked at one by one.
        plain = column.str.fullmatch(r"[ -~]*").fillna(True).astype(bool)
        other = column[column.notna() & ~plain]
        for row, value in other.items():
            hidden = [c for c in value if unicodedata.category(c) in INVISIBLE]
            if hidden:
                shown = "".join(f"\\u{ord(c):04x}" if c in hidden else c for c in value)
                what = f"U+{ord(hidden[0]):04X} {unicodedata.name(hidden[0], '')}".rstrip()
                log.at_row(int(row), name, shown, f"a key without invisible characters (found {what})")
        if len(other):
            typed.loc[other.index, name] = other.str.normalize("NFC")


def check_keys(typed: pd.DataFrame, raw: pd.DataFrame, schema: TableSchema, log: ProblemLog) -> None:
    """Primary key and unique columns: every duplicate names the line of its first occurrence.

    Keys are compared after NFC normalisation (see `normalise_keys`) and ignoring case (by `str.casefold`),
    so 'Thorn' repeats 'thorn': ids that differ only in case are too easily confused to tell rows apart.
    """
    keys = [list(schema.primary_key)] if schema.primary_key else []
    keys += [[f.name] for f in schema.fields if f.constraints.get("unique") and [f.name] not in keys]
    texts = set(key_fields(schema))
    for key in keys:
        subset = typed[key]
        folded = pd.DataFrame({c: subset[c].str.casefold() if c in texts and subset[c].notna().any() else subset[c]
                               for c in key})
        if len(key) == 1 and folded[key[0]].nunique(dropna=True) == folded[key[0]].count():
            continue  # the common case, checked fast: no repeated value
        duplicated = folded.duplicated(keep=False) & folded.notna().all(axis=1)
        if not duplicated.any():
            continue
        starts = record_start_lines(log.text)
        label = " + ".join(key)
        first_row: dict[tuple, int] = {}
        for row, value in zip(typed.index[duplicated], folded[duplicated].itertuples(index=False, name=None)):
            if value not in first_row:
                first_row[value] = int(row)
                continue
            first = first_row[value]
            line = starts[first + 1]
            if list(subset.loc[row]) != list(subset.loc[first]):
                how = f"it differs only in case from the key on line {line} (keys are compared ignoring case)"
            elif list(raw.loc[row, key]) != list(raw.loc[first, key]):
                how = f"it differs only in Unicode normalisation (NFC/NFD) from the key on line {line}"
            else:
                how = f"line {line} has it already"
            log.at_row(int(row), label, ", ".join(map(str, subset.loc[row])), f"a unique value; {how}")


def check_foreign_keys(typed: pd.DataFrame, schema: TableSchema, data_dir: Path | None, log: ProblemLog,
                       read: Callable[[str, Path | None], pd.DataFrame]) -> None:
    """Every foreign key value must be listed in the referenced table (this table itself for resource ""),
    which `read(name, data_dir)` reads, validated."""
    for fk in schema.foreign_keys:
        if fk.resource in ("", schema.name):
            target, target_path = typed, schema.path
        else:
            try:
                target = read(fk.resource, data_dir)
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


def categorical(values: pd.Series, categories: tuple[str, ...]) -> pd.Categorical:
    """Values as an ordered categorical of `categories`; values outside them (logged already) become missing."""
    import pyarrow as pa
    import pyarrow.compute as pc

    codes = pc.index_in(pa.array(values, type=pa.string(), from_pandas=True), value_set=pa.array(categories))
    return pd.Categorical.from_codes(
        pc.fill_null(codes, -1).to_numpy(zero_copy_only=False), categories=list(categories), ordered=True
    )
