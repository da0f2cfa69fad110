"""Shared fixtures: a private copy of the data folder that a test may break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.fixture(scope="module")
def injected_report(tmp_path_factory) -> Path:
    """Report 02 built from data whose text holds markup."""
    root = tmp_path_factory.mktemp("injected")
    data = root / "data"
    shutil.copytree(config.DATA_DIR, data)
    inject(data)
    env = {**os.environ, config.DATA_DIR_VARIABLE: str(data), "ANALYSIS_CACHE_DIR": str(root / "cache")}
    result = subprocess.run([sys.executable, "-m", "analysis", "reports", "02-summit-programme", "--out",
                             str(root / "reports")], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return root / "reports"
