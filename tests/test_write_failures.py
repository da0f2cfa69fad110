"""Outputs that cannot be written: one line naming the path and the cause, exit 1, earlier files intact.

A read-only folder and a full disk are real file systems here (tmpfs mounts, as root); where mounting is
not allowed, those tests are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config

#: Runs the command line as processes: left out by `make test-fast`.
pytestmark = pytest.mark.slow


def run(*args: str, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, env=env,
                          timeout=300, cwd=config.PROJECT_ROOT)


def written(command: list[str]) -> str:
    """The file a command below writes: the figure's PNG or the report."""
    return "ncmec-reports.png" if command[0] == "figures" else "03-key-statistics.html"


@contextlib.contextmanager
def tmpfs(folder: Path, options: str):
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or 'not root'})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.mark.parametrize("command", [["figures", "ncmec-reports"], ["reports", "03-key-statistics"]])
def test_a_read_only_folder_is_one_line(tmp_path, command):
    with tmpfs(tmp_path / "out", "ro,size=1m") as out:
        result = run(*command, "--out", str(out), cache=tmp_path / "cache")
    name = written(command)
    assert result.returncode == 1
    assert result.stderr == f"error: cannot write {out / name}: Read-only file system\n"


@pytest.mark.parametrize("command", [["figures", "ncmec-reports"], ["reports", "03-key-statistics"]])
def test_a_full_disk_is_one_line_and_leaves_the_old_file(tmp_path, command):
    name = written(command)
    with tmpfs(tmp_path / "out", "size=256k") as out:
        (out / name).write_bytes(b"the previous version")
        with open(out / "filler", "wb", buffering=0) as filler, contextlib.suppress(OSError):
            while True:  # fill the rest of the disk
                filler.write(b"\0" * 4096)
        result = run(*command, "--out", str(out), cache=tmp_path / "cache")
        assert (out / name).read_bytes() == b"the previous version"
        assert sorted(p.name for p in out.iterdir()) == sorted([name, "filler"])  # no temporary file left
    assert result.returncode == 1
    assert result.stderr == f"error: cannot write {out / name}: No space left on device\n"


@pytest.mark.parametrize("command", [["figures", "ncmec-reports"], ["reports", "03-key-statistics"]])
def test_out_naming_a_file_is_one_line(tmp_path, command):
    target = tmp_path / "a-file"
    target.write_text("kept", encoding="utf-8")
    result = run(*command, "--out", str(target), cache=tmp_path / "cache")
    name = written(command)
    assert result.returncode == 1
    assert result.stderr == f"error: cannot write {target / name}: {target} is a file, not a folder\n"
    assert target.read_text(encoding="utf-8") == "kept"


def test_a_read_only_cache_folder_is_one_line(tmp_path):
    with tmpfs(tmp_path / "cache", "ro,size=1m") as cache:
        result = run("figures", "ncmec-reports", "--out", str(tmp_path / "figures"), cache=cache)
    assert result.returncode == 1
    assert result.stderr == f"error: cannot use {cache / 'build.lock'}: Read-only file system\n"
    assert not (tmp_path / "figures").exists()


# --- parameters given with -p -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e400", "-1e400", "1j"])
def test_a_parameter_that_is_not_a_finite_number_is_refused_before_anything_runs(tmp_path, value):
    result = run("reports", "03-key-statistics", "-p", "growth_start", value, "--out", str(tmp_path / "out"),
                 cache=tmp_path / "cache")
    shown = {"1e400": "inf", "-1e400": "-inf", "1j": "1j"}[value]
    assert result.returncode == 1
    assert result.stderr == (f"error: -p growth_start {value}: expected a finite real number or a text, "
                             f"not {shown}\n")
    assert not (tmp_path / "out").exists()


def test_a_negative_number_in_exponent_form_is_a_value_not_an_option(tmp_path):
    result = run("reports", "04-claims-vs-evidence", "-p", "claimed_rise", "-5e1", "--out", str(tmp_path / "out"),
                 cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in sorted((tmp_path / "out").glob("*.html"))] == [
        "04-claims-vs-evidence--claimed_rise--50.0.html", "index.html"]


def test_p_without_a_value_is_one_line(tmp_path):
    result = run("reports", "03-key-statistics", "-p", "growth_start", cache=tmp_path / "cache")
    assert result.returncode == 1
    assert result.stderr == "python -m analysis: error: -p needs a KEY and a VALUE\n"
