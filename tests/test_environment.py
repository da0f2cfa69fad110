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


def test_every_package_the_library_imports_is_declared():
    """A module imported anywhere in analysis/ comes from a distribution named in pyproject's dependencies (so
    it is installed on purpose, not because another package happens to pull it in)."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    from analysis import config

    project = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {normalise(r).split("[")[0].split("=")[0].split("<")[0].split(">")[0] for r in project["dependencies"]}
    distributions = packages_distributions()
    imported = set()
    for path in config.PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = sorted(m for m in imported if m not in sys.stdlib_module_names and m != "analysis")
    undeclared = {m: distributions.get(m) for m in third_party
                  if not {normalise(d) for d in distributions.get(m, [])} & declared}
    assert undeclared == {}
