"""A broken or hostile data folder: descriptor faults, file kinds, huge cells, look-alike keys, reversed periods.

Each case changes a private copy of data/ (the `data_dir` fixture) and checks the exact list of problems:
one line each, naming the file (and for the descriptor the JSON path of the part at fault), never a
traceback, never a silent accept. `<descriptor>` stands for the copy's datapackage.json and `<name.csv>`
for a table's file in it. Resource indices in JSON paths: 0 sources, 1 adoption, 2 household_adoption,
3 organisations, 4 people, 5 sessions, 6 session_themes, 7 session_people, 8 statistics.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError, config
from analysis.data.checks import check_constraints
from analysis.data.load import LOADERS, load_all
from analysis.data.problems import ProblemLog
from analysis.data.schema import Field, TableSchema

from .conftest import adoption_csv
from .test_bad_inputs import (
    HOUSEHOLD,
    ORGANISATION,
    PERSON,
    RCMP,
    organisations,
    statistics,
    table,
)

TYPES = "string, integer, number, boolean, date"
RESOURCES = "sources, adoption, household_adoption, organisations, people, sessions, session_themes, session_people, " \
    "statistics"
INSIDE = "a relative path to a file inside the data folder (no '..', not absolute, not a URL)"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Validated tables are cached on disk by content; keep this test's out of the project's .cache/."""
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache")


def expand(message: str, data_dir: Path) -> str:
    message = message.replace("<descriptor>", str(data_dir / "datapackage.json"))
    return re.sub(r"<([a-z_]+\.csv)>", lambda m: str(data_dir / m.group(1)), message)


def problems(load: Callable[[Path], object], data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as excinfo:
        load(data_dir)
    return [str(p) for p in excinfo.value.problems]


def assert_problems(load: Callable[[Path], object], data_dir: Path, *expected: str) -> None:
    assert problems(load, data_dir) == [expand(m, data_dir) for m in expected]


def change_descriptor(data_dir: Path, change: Callable[[dict], None]) -> None:
    path = data_dir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def field(descriptor: dict, resource: int, name: str) -> dict:
    return next(f for f in descriptor["resources"][resource]["schema"]["fields"] if f["name"] == name)


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging for ever (a named pipe opened for reading waits for a writer)."""
    def fail(*_):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- 1, 2: a descriptor too deep to parse, or not UTF-8 ----------------------------------------------------


def test_descriptor_nested_100000_levels_deep(data_dir: Path):
    (data_dir / "datapackage.json").write_text('{"resources": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                               encoding="utf-8")
    assert_problems(load_all, data_dir,
                    "<descriptor>:1 — expected JSON nested at most 64 levels deep (level 65 opens at column 78)")


def test_descriptor_in_latin1(data_dir: Path):
    path = data_dir / "datapackage.json"
    text = path.read_text(encoding="utf-8").replace('"title": "Sources",', '"title": "Références",', 1)
    path.write_bytes(text.encode("latin-1"))
    assert_problems(load_all, data_dir,
                    "<descriptor>:20: value '\\xe9' — expected UTF-8 text (save the descriptor as UTF-8)")


def test_descriptor_that_is_not_an_object_of_resources(data_dir: Path):
    (data_dir / "datapackage.json").write_text('[1, 2]', encoding="utf-8")
    assert_problems(load_all, data_dir, "<descriptor>: (top level): value '[1, 2]' — expected a JSON object: a "
                    "Frictionless data package with resources")
    (data_dir / "datapackage.json").write_text('{"resources": {}}', encoding="utf-8")
    assert_problems(load_all, data_dir,
                    "<descriptor>: resources: value '{}' — expected a non-empty list of resources")


def test_resource_without_a_path(data_dir: Path):
    change_descriptor(data_dir, lambda d: d["resources"][0].pop("path"))
    assert_problems(load_all, data_dir, "<descriptor>: resources[0].path — expected the path of the table's CSV file "
                    "in the data folder, as text (it is missing)")


# --- 3: a field type the project does not read -------------------------------------------------------------


def test_unsupported_field_type(data_dir: Path):
    change_descriptor(data_dir, lambda d: field(d, 5, "date").update(type="datetime"))
    assert_problems(load_all, data_dir, "<descriptor>: resources[5].schema.fields[2].type: value 'datetime' — "
                    f"expected a field type this project reads: {TYPES}")


# --- 4: a cycle of foreign keys ----------------------------------------------------------------------------


def test_foreign_key_cycle_between_tables(data_dir: Path):
    def cycle(d: dict) -> None:
        d["resources"][0]["schema"]["foreignKeys"] = [
            {"fields": ["id"], "reference": {"resource": "adoption", "fields": ["id"]}}]

    change_descriptor(data_dir, cycle)
    assert_problems(LOADERS["adoption"], data_dir,
                    "<descriptor>: resources[1].schema.foreignKeys[0].reference.resource: "
                    "value 'sources' — expected foreign keys without a cycle between tables "
                    "(sources → adoption → sources)")


def test_foreign_key_to_this_table_is_no_cycle(data_dir: Path):
    assert len(LOADERS["statistics"](data_dir)) == 59  # reference_id refers to statistics itself


# --- 5: the data folder is a file ---------------------------------------------------------------------------


def test_data_folder_that_is_a_file(tmp_path: Path):
    file = tmp_path / "notes.txt"
    file.write_text("not a folder\n", encoding="utf-8")
    assert problems(load_all, file) == [f"{file} — expected a data folder holding datapackage.json, not a file"]


@pytest.mark.slow
def test_data_folder_that_is_a_file_through_the_command_line(tmp_path: Path):
    file = tmp_path / "notes.txt"
    file.write_text("not a folder\n", encoding="utf-8")
    result = run_cli("--data-dir", str(file), "validate", cache=tmp_path / "cache")
    assert (result.returncode, result.stdout, "Traceback" in result.stderr) == (2, "", False)
    assert result.stderr.splitlines() == ["error: 1 problem(s) in the data; nothing was written.",
                                          f"{file} — expected a data folder holding datapackage.json, not a file"]


# --- 6: cells longer than Python's csv field limit ----------------------------------------------------------


def test_cell_over_the_csv_field_limit_in_a_file_with_another_error(data_dir: Path):
    long_note = "n" * 200_000
    (data_dir / "adoption.csv").write_text(adoption_csv({"note": long_note}, {"id": "b", "time_value": "-1"}),
                                           encoding="utf-8")
    assert_problems(LOADERS["adoption"], data_dir,
                    "<adoption.csv>:3: column 'time_value': value '-1' — expected a value greater than 0")


def test_cell_over_the_csv_field_limit_in_a_row_with_too_many_fields(data_dir: Path):
    # The long cell is the row's 15th field; a 16th follows it.
    (data_dir / "adoption.csv").write_text(adoption_csv({}, {"id": "b", "note": "n" * 200_000 + ",extra"}),
                                           encoding="utf-8")
    assert_problems(LOADERS["adoption"], data_dir, "<adoption.csv>:3 — expected 15 fields as in the header, found 16")


def test_five_megabyte_free_text_cell_loads(data_dir: Path):
    note = ("Five megabytes of note, with, commas and \"quotes\".\n" * 100_000)[:5_000_000]
    quoted = '"' + note.replace('"', '""') + '"'
    (data_dir / "adoption.csv").write_text(adoption_csv({"note": quoted}, {"id": "b"}), encoding="utf-8")
    frame = LOADERS["adoption"](data_dir)
    assert list(frame["id"]) == ["ref-example", "b"]
    assert frame.at[0, "note"] == note


def test_five_megabyte_cell_over_a_max_length(data_dir: Path):
    change_descriptor(data_dir, lambda d: field(d, 1, "note").setdefault("constraints", {}).update(maxLength=1000))
    (data_dir / "adoption.csv").write_text(adoption_csv({"note": "x" * 5_000_000}), encoding="utf-8")
    assert_problems(LOADERS["adoption"], data_dir,
                    f"<adoption.csv>:2: column 'note': value '{'x' * 79}…' — "
                    "expected text of at most 1000 characters")


# --- 7: a resource the descriptor lacks -------------------------------------------------------------------


def test_missing_resource(data_dir: Path):
    change_descriptor(data_dir, lambda d: d["resources"].pop(2))
    remaining = RESOURCES.replace("household_adoption, ", "")
    assert_problems(LOADERS["household_adoption"], data_dir,
                    f"<descriptor>: resources — expected a resource named 'household_adoption' (the resources are: "
                    f"{remaining})")


def test_foreign_key_to_an_unknown_resource(data_dir: Path):
    change_descriptor(data_dir, lambda d: d["resources"][1]["schema"]["foreignKeys"][0]["reference"].update(
        resource="sourcez"))
    assert_problems(load_all, data_dir, "<descriptor>: resources[1].schema.foreignKeys[0].reference.resource: value "
                    f"'sourcez' — expected the name of a resource in the descriptor ('' for this table): {RESOURCES}")


def test_foreign_key_to_an_unknown_field(data_dir: Path):
    change_descriptor(data_dir, lambda d: d["resources"][1]["schema"]["foreignKeys"][0].update(fields="sources_id"))
    assert_problems(load_all, data_dir,
                    "<descriptor>: resources[1].schema.foreignKeys[0].fields: value 'sources_id' — "
                    "expected a field of this table: id, technology, category, metric, milestone, launch_date, "
                    "time_value, time_unit, milestone_date, approximate, statement, stated_by, status, source_id, note")


@pytest.mark.slow
def test_missing_resource_through_the_command_line(data_dir: Path, tmp_path: Path):
    change_descriptor(data_dir, lambda d: d["resources"].pop(2))
    result = run_cli("--data-dir", str(data_dir), "validate", cache=tmp_path / "cache")
    assert (result.returncode, result.stdout, "Traceback" in result.stderr) == (2, "", False)
    assert result.stderr.splitlines() == [
        "error: 1 problem(s) in the data; nothing was written.",
        (f"{data_dir / 'datapackage.json'}: resources — expected a resource named 'household_adoption' "
         f"(the resources are: {RESOURCES.replace('household_adoption, ', '')})"),
    ]


# --- 8: constraints that cannot be checked ---------------------------------------------------------------


def test_invalid_regular_expression(data_dir: Path):
    change_descriptor(data_dir, lambda d: field(d, 0, "id")["constraints"].update(pattern="[a-z"))
    assert_problems(load_all, data_dir,
                    "<descriptor>: resources[0].schema.fields[0].constraints.pattern: value '[a-z' — "
                    "expected a valid regular expression (unterminated character set at position 0)")


def test_minimum_written_as_text_on_a_number_field(data_dir: Path):
    change_descriptor(data_dir, lambda d: field(d, 2, "percent")["constraints"].update(minimum="0"))
    assert_problems(load_all, data_dir,
                    "<descriptor>: resources[2].schema.fields[2].constraints.minimum: value '0' — "
                    "expected a finite number (not text in quotes), as the field is of type number")


def test_constraint_on_a_field_type_it_does_not_apply_to_and_an_unknown_constraint(data_dir: Path):
    def change(d: dict) -> None:
        field(d, 2, "year")["constraints"].update(pattern="[0-9]{4}")
        field(d, 3, "name")["constraints"].update(maxLenght=80)

    change_descriptor(data_dir, change)
    assert_problems(load_all, data_dir,
                    "<descriptor>: resources[2].schema.fields[1].constraints.pattern: value '[0-9]{4}' — expected no "
                    "pattern on a integer field (this project checks it on string fields)",
                    "<descriptor>: resources[3].schema.fields[1].constraints.maxLenght: value '80' — expected a "
                    "constraint this project checks: required, unique, enum, minimum, maximum, exclusiveMinimum, "
                    "exclusiveMaximum, pattern, minLength, maxLength")


def test_a_check_that_cannot_run_is_a_problem_not_a_pass(tmp_path: Path):
    # Past the descriptor checks (a schema made by hand): the failed check is reported, not skipped.
    schema = TableSchema("t", "t.csv", "t", "", (Field("n", "number", {"minimum": "x"}),), (), ())
    log = ProblemLog(tmp_path / "t.csv")
    typed = pd.DataFrame({"n": [1.0, 2.0]})
    check_constraints(typed, typed.astype(str), schema, log)
    [problem] = [str(p) for p in log.problems()]
    assert problem.startswith(f"{tmp_path / 't.csv'}: column 'n' — expected a value of at least x "
                              "(the check could not be run: TypeError(")


# --- 9: paths outside the data folder, symbolic links, named pipes -------------------------------------------


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "https://example.org/sources.csv"])
def test_resource_path_outside_the_data_folder(data_dir: Path, path: str):
    change_descriptor(data_dir, lambda d: d["resources"][0].update(path=path))
    assert_problems(load_all, data_dir, f"<descriptor>: resources[0].path: value '{path}' — expected {INSIDE}")


def test_symbolic_link_to_a_file_outside(data_dir: Path):
    (data_dir / "sources.csv").unlink()
    (data_dir / "sources.csv").symlink_to("/etc/passwd")
    messages = problems(LOADERS["sources"], data_dir)
    assert messages == [
        expand("<sources.csv> — expected a regular file in the data folder, not a symbolic link", data_dir)]


def test_file_reached_through_a_linked_folder(data_dir: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "sources.csv").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (data_dir / "linked").symlink_to(outside)
    change_descriptor(data_dir, lambda d: d["resources"][0].update(path="linked/sources.csv"))
    assert problems(LOADERS["sources"], data_dir) == [
        (f"{data_dir / 'linked' / 'sources.csv'} — expected a file inside the data folder, not one reached through a "
         "symbolic link or '..'")]


def test_named_pipe_is_refused_without_waiting(data_dir: Path):
    (data_dir / "sources.csv").unlink()
    os.mkfifo(data_dir / "sources.csv")
    with deadline(60):
        assert_problems(LOADERS["sources"], data_dir,
                        "<sources.csv> — expected a regular file, not a named pipe (FIFO)")
        # ... also when it is only referenced (its content would be hashed for the cache key).
        assert_problems(LOADERS["organisations"], data_dir,
                        "<sources.csv> — expected a regular file, not a named pipe (FIFO)")


def test_descriptor_that_is_a_named_pipe(data_dir: Path):
    (data_dir / "datapackage.json").unlink()
    os.mkfifo(data_dir / "datapackage.json")
    with deadline(60):
        assert_problems(load_all, data_dir, "<descriptor> — expected a regular file, not a named pipe (FIFO)")


def test_folder_in_place_of_a_table(data_dir: Path):
    (data_dir / "sources.csv").unlink()
    (data_dir / "sources.csv").mkdir()
    assert_problems(LOADERS["sources"], data_dir, "<sources.csv> — expected a regular file, not a folder")


# --- 10: keys that look the same -------------------------------------------------------------------------------


def test_key_with_a_zero_width_space(data_dir: Path):
    (data_dir / "organisations.csv").write_text(organisations({}, {**ORGANISATION, "id": "thorn\u200b"}),
                                                encoding="utf-8")
    assert_problems(LOADERS["organisations"], data_dir, "<organisations.csv>:3: column 'id': value 'thorn\\u200b' — "
                    "expected a key without invisible characters (found U+200B ZERO WIDTH SPACE)")


def test_byte_order_mark_inside_a_key_and_a_foreign_key(data_dir: Path):
    (data_dir / "household_adoption.csv").write_text(table(HOUSEHOLD, {"technology": "Auto\ufeffmobile"}),
                                                     encoding="utf-8")
    (data_dir / "people.csv").write_text(table(PERSON, {"organisation_id": "thorn\u2060"}), encoding="utf-8")
    assert_problems(LOADERS["household_adoption"], data_dir, "<household_adoption.csv>:2: column 'technology': value "
                    "'Auto\\ufeffmobile' — expected a key without invisible characters (found U+FEFF ZERO WIDTH "
                    "NO-BREAK SPACE)")
    assert_problems(LOADERS["people"], data_dir, "<people.csv>:2: column 'organisation_id': value 'thorn\\u2060' — "
                    "expected a key without invisible characters (found U+2060 WORD JOINER)")


def test_keys_that_differ_only_in_unicode_normalisation(data_dir: Path):
    (data_dir / "household_adoption.csv").write_text(
        table(HOUSEHOLD, {"technology": "Café"}, {"technology": "Cafe\u0301"}), encoding="utf-8")
    assert_problems(LOADERS["household_adoption"], data_dir, "<household_adoption.csv>:3: column 'technology + year': "
                    "value 'Café, 1915' — expected a unique value; it differs only in Unicode normalisation "
                    "(NFC/NFD) from the key on line 2")


def test_keys_that_differ_only_in_case(data_dir: Path):
    (data_dir / "household_adoption.csv").write_text(
        table(HOUSEHOLD, {}, {"year": "1916"}, {"technology": "AUTOMOBILE"}), encoding="utf-8")
    assert_problems(LOADERS["household_adoption"], data_dir, "<household_adoption.csv>:4: column 'technology + year': "
                    "value 'AUTOMOBILE, 1915' — expected a unique value; it differs only in case from the key "
                    "on line 2 (keys are compared ignoring case)")


def test_key_in_decomposed_form_loads_as_nfc(data_dir: Path):
    (data_dir / "household_adoption.csv").write_text(table(HOUSEHOLD, {"technology": "Cafe\u0301"}), encoding="utf-8")
    assert list(LOADERS["household_adoption"](data_dir)["technology"]) == ["Café"]


def test_exact_duplicate_key_keeps_its_message(data_dir: Path):
    (data_dir / "organisations.csv").write_text(organisations({}, RCMP, {"name": "Thorn (again)"}), encoding="utf-8")
    assert_problems(LOADERS["organisations"], data_dir,
                    "<organisations.csv>:4: column 'id': value 'thorn' — expected a "
                    "unique value; line 2 has it already")


# --- 11: a reversed period --------------------------------------------------------------------------------------


def test_reversed_year_range(data_dir: Path):
    (data_dir / "statistics.csv").write_text(statistics({"period": "2024-2019"}, {"id": "b", "period": "2019-2019"},
                                                        {"id": "c", "period": "2019-2024"}), encoding="utf-8")
    assert_problems(LOADERS["statistics"], data_dir,
                    "<statistics.csv>:2: column 'period': value '2024-2019' — expected a range of years that runs "
                    "forwards (2019-2024)",
                    "<statistics.csv>:3: column 'period': value '2019-2019' — expected one year written 2019")


# --- through the command line ------------------------------------------------------------------------------------


def run_cli(*args: str, cache: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, timeout=300,
                          check=False, env={**os.environ, "ANALYSIS_CACHE_DIR": str(cache)})


@pytest.mark.slow
def test_descriptor_faults_through_the_command_line(data_dir: Path, tmp_path: Path):
    change_descriptor(data_dir, lambda d: (field(d, 5, "date").update(type="datetime"),
                                           d["resources"][0].update(path="../../etc/passwd")))
    result = run_cli("--data-dir", str(data_dir), "validate", cache=tmp_path / "cache")
    assert (result.returncode, result.stdout, "Traceback" in result.stderr) == (2, "", False)
    descriptor = data_dir / "datapackage.json"
    assert result.stderr.splitlines() == [
        "error: 2 problem(s) in the data; nothing was written.",
        f"{descriptor}: resources[0].path: value '../../etc/passwd' — expected {INSIDE}",
        (f"{descriptor}: resources[5].schema.fields[2].type: value 'datetime' — expected a field type this project "
         f"reads: {TYPES}"),
    ]


@pytest.mark.slow
def test_named_pipe_through_the_command_line(data_dir: Path, tmp_path: Path):
    (data_dir / "sources.csv").unlink()
    os.mkfifo(data_dir / "sources.csv")
    result = run_cli("--data-dir", str(data_dir), "validate", cache=tmp_path / "cache")
    assert (result.returncode, result.stdout, "Traceback" in result.stderr) == (2, "", False)
    assert result.stderr.splitlines() == [
        "error: 1 problem(s) in the data; nothing was written.",
        f"{data_dir / 'sources.csv'} — expected a regular file, not a named pipe (FIFO)",
    ]
