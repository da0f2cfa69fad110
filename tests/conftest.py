"""Shared fixtures: a private copy of the data folder that a test may break."""

from __future__ import annotations

import shutil
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
