"""environment.yml (conda) and pyproject.toml (pip) name the same dependencies with the same versions."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis import config


def normalise(requirement: str) -> str:
    name, spec = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", requirement.strip()).groups()
    return name.lower().replace("_", "-") + spec.replace(" ", "")


def test_environment_matches_pyproject():
    project = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_side = {normalise(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    environment = yaml.safe_load((config.PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_side = {
        normalise(d) for d in environment["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))
    }
    assert conda_side == pip_side
    assert f">={project['requires-python'].removeprefix('>=')}" in " ".join(
        d for d in environment["dependencies"] if isinstance(d, str) and d.startswith("python")
    )
    pip_installs = [d for d in environment["dependencies"] if isinstance(d, dict)][0]["pip"]
    assert pip_installs == ["-e ."]
