"""Shared fixtures: a private copy of the data folder that a test may break, and the builds that many tests
read, made once per test run (also when pytest-xdist runs the tests in several processes)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import analysis.build  # noqa: F401 - first, so that nbformat loads fast in the tests too (see its comment)
from analysis import config
from analysis.data.schema import TableSchema, table_schemas

ADOPTION_HEADER = (
    "id,technology,category,metric,milestone,launch_date,time_value,time_unit,milestone_date,"
    "approximate,statement,stated_by,status,source_id,note"
)
#: A valid adoption row, field by field, that tests change one value at a time.
VALID_ADOPTION = {
    "id": "ref-example",
    "technology": "Example",
    "category": "app",
    "metric": "users",
    "milestone": "100000000",
    "launch_date": "2010-04",
    "time_value": "2.5",
    "time_unit": "years",
    "milestone_date": "",
    "approximate": "false",
    "statement": "reference",
    "stated_by": "",
    "status": "secondary",
    "source_id": "time-to-100m-chart",
    "note": "",
}


def adoption_csv(*rows: dict[str, str]) -> str:
    """adoption.csv text with the header and one line per row (each a change to VALID_ADOPTION)."""
    columns = ADOPTION_HEADER.split(",")
    lines = [ADOPTION_HEADER]
    for changes in rows:
        row = {**VALID_ADOPTION, **changes}
        lines.append(",".join(row[c] for c in columns))
    return "\n".join(lines) + "\n"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `long` first, the rest in their order: pytest-xdist hands tests out in this order, so the
    long ones start early and the run ends with short ones on every worker, not with one worker still busy."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The build record, lock and validated tables of the test run (one per xdist worker), in a temporary
    folder: tests in other workers never wait for each other's lock, and the project's .cache is untouched."""
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "CACHE_DIR", cache)
        patch.setenv("ANALYSIS_CACHE_DIR", str(cache))  # for the processes and kernels that tests start
        yield cache


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of data/ in a temporary folder."""
    target = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, target)
    return target


#: Markup appended to every free-text value by `inject_everywhere`: a script, an event handler, a Markdown image
#: from another site, Markdown and HTML `javascript:` links, and a Markdown heading and emphasis.
MARKUP = (' <script>alert("s")</script><img src=x onerror=alert("i")> ![p](https://evil.example/p.png) '
          '[m](javascript:alert("m")) <a href="javascript:alert(\'a\')">h</a> *e* _u_ `c` # x')


def _foreign_keys(schema: TableSchema) -> dict[str, tuple[str, str]]:
    """Each foreign-key field of a table with the table and field it refers to."""
    return {own: (key.resource or schema.name, other) for key in schema.foreign_keys
            for own, other in zip(key.fields, key.reference_fields, strict=True)}


def free_text_fields(schemas: dict[str, TableSchema]) -> dict[str, list[str]]:
    """Each table's text fields that the descriptor leaves free: type string, with no enum and no pattern, and
    not a foreign key (a foreign key is text only as far as the field it refers to is)."""
    return {name: [f.name for f in schema.fields if f.type == "string" and f.enum is None
                   and "pattern" not in f.constraints and f.name not in _foreign_keys(schema)]
            for name, schema in schemas.items()}


def inject_everywhere(data: Path) -> dict[str, int]:
    """Append MARKUP to every non-empty value of every free-text field of every table in `data`, and to the
    foreign keys that refer to such a field, so that keys still match. Returns the number of values changed
    per table.field (free-text fields only)."""
    import csv

    schemas = table_schemas(data)
    free = free_text_fields(schemas)
    changed = {}
    for table, schema in schemas.items():
        references = [f for f, (other, field) in _foreign_keys(schema).items() if field in free[other]]
        path = data / schema.path
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header, rows = list(reader.fieldnames or []), list(reader)
        for field in free[table] + references:
            if field in free[table]:
                changed[f"{table}.{field}"] = sum(bool(row[field]) for row in rows)
            for row in rows:
                if row[field]:
                    row[field] += MARKUP
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return changed


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder `name`, filled by `make(folder)` once per test run and shared by every xdist worker
    (the first to ask makes it while the others wait on a lock)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, common to its workers
    folder, done = base / name, base / f"{name}.done"
    with open(base / f"{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def _full_build(folder: Path) -> None:
    """`build` of the committed data: folder/figures, folder/reports (with the index) and folder/results.json."""
    from analysis.build.pipeline import build_all

    with pytest.MonkeyPatch.context() as patch:
        for name in ("FIGURES_DIR", "REPORTS_DIR", "CACHE_DIR"):
            patch.setattr(config, name, folder / name.removesuffix("_DIR").lower())
        results = build_all(show_progress=False)
    summary = [[r.kind, r.name, r.status, r.message] for r in results]
    (folder / "results.json").write_text(json.dumps(summary), encoding="utf-8")


@pytest.fixture(scope="session")
def full_build(tmp_path_factory) -> Path:
    """A fresh `build` of the committed data, shared by the tests that read its figures and reports."""
    return made_once(tmp_path_factory, "full-build", _full_build)


def _injected_everywhere(folder: Path) -> None:
    data = folder / "data"
    shutil.copytree(config.DATA_DIR, data)
    (folder / "injected.json").write_text(json.dumps(inject_everywhere(data)), encoding="utf-8")
    env = {**os.environ, config.DATA_DIR_VARIABLE: str(data), "ANALYSIS_CACHE_DIR": str(folder / "cache")}
    reports = [sys.executable, "-m", "analysis", "reports", "--out", str(folder / "reports")]
    # Notebook 01 compares with the automobile by name, so it is given the injected name.
    for command in (reports + ["02-summit-programme", "03-key-statistics", "04-claims-vs-evidence"],
                    reports + ["01-adoption-speed", "-p", "baseline", "Automobile" + MARKUP]):
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def injected_everywhere(tmp_path_factory) -> Path:
    """Every report, built from data with MARKUP appended to every free-text value (see `inject_everywhere`);
    the folder holds data/, reports/ and injected.json (the values changed per table.field)."""
    return made_once(tmp_path_factory, "injected-everywhere", _injected_everywhere)
