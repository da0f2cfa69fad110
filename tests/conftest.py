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
    "source_id": "bcg-statista-100m",
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


INJECTED_TITLE = "<script>alert(1)</script>"
INJECTED_SUMMARY = "<img src=x onerror=alert(1)>"


def inject(data: Path) -> None:
    """Markup in a session title and summary, and in a person's role."""
    sessions = data / "sessions.csv"
    text = sessions.read_text(encoding="utf-8")
    text = text.replace("Panel on the role of AI,descriptive", f'"{INJECTED_TITLE}",descriptive', 1)
    text = text.replace("A panel discussion centred on the perspectives of survivors.", f'"{INJECTED_SUMMARY}"', 1)
    sessions.write_text(text, encoding="utf-8")
    people = data / "people.csv"
    people.write_text(people.read_text(encoding="utf-8").replace(",Futurist,", ',"<b onmouseover=alert(2)>Futurist</b>",'),
                      encoding="utf-8")


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


def _injected_report(folder: Path) -> None:
    data = folder / "data"
    shutil.copytree(config.DATA_DIR, data)
    inject(data)
    env = {**os.environ, config.DATA_DIR_VARIABLE: str(data), "ANALYSIS_CACHE_DIR": str(folder / "cache")}
    result = subprocess.run([sys.executable, "-m", "analysis", "reports", "02-summit-programme", "--out",
                             str(folder / "reports")], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def injected_report(tmp_path_factory) -> Path:
    """Report 02 built from data whose text holds markup."""
    return made_once(tmp_path_factory, "injected", _injected_report) / "reports"
