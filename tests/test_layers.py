"""The package's layers: folders that import only downwards, no import cycles, small modules."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_LINES = 400


def lint(root: Path) -> subprocess.CompletedProcess:
    """import-linter's contracts of `root`/pyproject.toml, checked on the `analysis` package in `root`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", str(root / "pyproject.toml")], cwd=root, env=env,
                          capture_output=True, text=True)


def test_the_layer_contracts_are_kept():
    result = lint(config.PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Each layer imports only from the layers below it KEPT" in result.stdout
    assert "No import cycles between the modules of any folder KEPT" in result.stdout
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    shutil.copytree(config.PACKAGE_DIR, tmp_path / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(config.PROJECT_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_an_upward_import_breaks_the_layers(package_copy):
    module = package_copy / "analysis" / "compute" / "adoption.py"
    module.write_text(module.read_text(encoding="utf-8") + "\nfrom ..charts import style  # noqa: E402\n",
                      encoding="utf-8")
    result = lint(package_copy)
    assert result.returncode == 1
    assert "Each layer imports only from the layers below it BROKEN" in result.stdout
    assert "analysis.compute.adoption -> analysis.charts.style" in result.stdout


def test_a_cycle_between_two_modules_breaks_the_contract(package_copy):
    module = package_copy / "analysis" / "data" / "dates.py"
    module.write_text(module.read_text(encoding="utf-8") + "\nfrom . import load  # noqa: E402\n", encoding="utf-8")
    result = lint(package_copy)
    assert result.returncode == 1
    assert "No import cycles between the modules of any folder BROKEN" in result.stdout


def test_no_module_is_longer_than_the_limit():
    lengths = {path.relative_to(config.PROJECT_ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
               for path in config.PACKAGE_DIR.rglob("*.py")}
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def test_the_folders_are_the_layers():
    folders = sorted(p.name for p in config.PACKAGE_DIR.iterdir() if (p / "__init__.py").exists())
    assert folders == ["build", "charts", "compute", "data", "text"]


def test_public_names_stay_importable_from_the_package():
    import analysis

    for name in ("DataError", "Problem", "load_adoption", "load_household_adoption", "load_sources",
                 "load_organisations", "load_people", "load_sessions", "load_session_themes",
                 "load_session_people", "load_statistics", "load_all", "charts"):
        assert getattr(analysis, name) is not None, name
