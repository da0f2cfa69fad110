"""The package as a wheel: every module and data file is in it, and it runs without the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from analysis import config

#: Runs notebooks, builds, servers or a browser: left out by `make test-fast`.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
                             str(config.PROJECT_ROOT)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("*.whl")
    return built


def test_the_wheel_holds_every_module_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {p.relative_to(config.PROJECT_ROOT).as_posix() for p in config.PACKAGE_DIR.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert package - names == set()
    assert "analysis/charts/analysis.mplstyle" in names and "analysis/build/templates/site/index.html.j2" in names
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "weprotect-analysis = analysis.cli:main" in entry_points


def test_the_unpacked_wheel_runs_the_command_line(wheel, tmp_path):
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    code = "import analysis.cli, sys; print(analysis.__file__); sys.exit(analysis.cli.main(['list']))"
    result = subprocess.run([sys.executable, "-c", code],
                            cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    where, *lines = result.stdout.splitlines()
    assert Path(where).is_relative_to(site)  # the wheel's copy, not the source tree
    assert lines[0] == "figures:" and len([line for line in lines[1:] if line.startswith("  ")]) == 11
    assert "summit-adoption-comparison" in lines[1]
