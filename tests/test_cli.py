"""The command line as a person runs it: exit status, messages, no traceback, nothing overwritten."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from analysis import config

import pytest

#: Runs the command line as processes: left out by `make test-fast`.
pytestmark = pytest.mark.slow


def run(*args: str, cwd: Path = config.PROJECT_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_validate_the_committed_data():
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ok  sources: 32 rows",
        "ok  adoption: 25 rows",
        "ok  household_adoption: 474 rows",
        "ok  organisations: 14 rows",
        "ok  people: 15 rows",
        "ok  sessions: 21 rows",
        "ok  session_themes: 33 rows",
        "ok  session_people: 18 rows",
        "ok  statistics: 59 rows",
    ]


def test_bad_data_exits_2_with_one_line_per_problem_and_no_traceback(data_dir, tmp_path):
    text = (data_dir / "adoption.csv").read_text(encoding="utf-8")
    text = text.replace("ref-itunes,iTunes,platform,users,", "ref-itunes,iTunes,platform,visitors,")
    text = text.replace(",2.5,years,2012-10-23,", ",-2.5,years,2012-10-23,")
    (data_dir / "adoption.csv").write_text(text, encoding="utf-8")
    out = tmp_path / "figures"
    out.mkdir()
    (out / "adoption-trend.png").write_bytes(b"previous")

    result = run("--data-dir", str(data_dir), "figures", "--out", str(out))

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    path = data_dir / "adoption.csv"
    assert result.stderr.splitlines() == [
        "error: 2 problem(s) in the data; nothing was written.",
        f"{path}:9: column 'metric': value 'visitors' — expected one of: users, monthly active users, sign-ups, "
        "downloads, units sold, units shipped, devices in use, cars, vehicles, subscribers",
        f"{path}:22: column 'time_value': value '-2.5' — expected a value greater than 0",
    ]
    assert result.stdout == ""
    assert [p.name for p in out.iterdir()] == ["adoption-trend.png"]
    assert (out / "adoption-trend.png").read_bytes() == b"previous"


def test_a_data_folder_without_a_readable_descriptor_is_one_clear_error(tmp_path):
    missing = tmp_path / "no-such-folder"
    result = run("--data-dir", str(missing), "validate")
    assert (result.returncode, result.stdout, "Traceback" in result.stderr) == (2, "", False)
    assert result.stderr.splitlines() == [
        "error: 1 problem(s) in the data; nothing was written.",
        f"{missing / 'datapackage.json'} — expected the data package descriptor of the data folder "
        "(the folder does not exist)",
    ]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "datapackage.json").write_text('{"resources": [\n  {name: "sources"}]}', encoding="utf-8")
    result = run("--data-dir", str(broken), "figures", "--out", str(tmp_path / "figures"))
    assert (result.returncode, result.stdout, "Traceback" in result.stderr) == (2, "", False)
    assert result.stderr.splitlines()[1] == (
        f"{broken / 'datapackage.json'}:2 — expected valid JSON (Expecting property name enclosed in double quotes, "
        "column 4)"
    )
    assert not (tmp_path / "figures").exists()


def test_validate_reports_bad_data_from_an_environment_variable(data_dir):
    (data_dir / "sources.csv").write_text("id,producer\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "validate"],
        capture_output=True, text=True, timeout=120,
        env={**__import__("os").environ, config.DATA_DIR_VARIABLE: str(data_dir)},
    )
    assert result.returncode == 2
    assert f"{data_dir / 'sources.csv'}:1: column 'title' — expected this column in the header; it is missing" in result.stderr


def test_works_from_any_working_directory(tmp_path):
    result = run("list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "summit-adoption-comparison" in result.stdout
    assert "01-adoption-speed" in result.stdout


def test_unknown_figure_exits_1_with_the_known_names(tmp_path):
    result = run("figures", "nonsense", "--out", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: unknown figure(s): nonsense; known: summit-adoption-comparison")


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("validate", "list", "figures", "reports", "build"):
        assert command in result.stdout


def test_jobs_and_timeout_must_be_at_least_one():
    for option, value in (("--jobs", "0"), ("--timeout", "-5"), ("--jobs", "two")):
        result = run("reports", option, value, "--out", "/nonexistent-folder")
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        expected = "a whole number, not 'two'" if value == "two" else f"a number of at least 1, not {value}"
        assert result.stderr.splitlines()[-1].endswith(f"error: argument {option}{'/-j' if option == '--jobs' else ''}: "
                                                       f"expected {expected}")


def test_an_unknown_parameter_is_refused_with_the_notebooks_own(tmp_path):
    result = run("reports", "01-adoption-speed", "-p", "growth_start", "2021", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr == (
        "error: notebooks/01-adoption-speed.ipynb has no parameter 'growth_start'; its parameters are: baseline\n"
    )
    assert not (tmp_path / "out").exists()


def run_in_terminal(*args: str, env: dict | None = None) -> tuple[int, str]:
    """Run `python -m analysis ARGS` with a pseudo-terminal (24 rows, 100 columns) as its stdin, stdout and
    stderr, as at a prompt."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "analysis", *args], cwd=config.PROJECT_ROOT,
                               stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return process.wait(timeout=300), output.decode("utf-8", "replace")


def test_a_build_at_a_terminal_shows_a_progress_bar(tmp_path):
    import os

    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(tmp_path / "cache")}
    status, output = run_in_terminal("figures", "summit-themes", "iwf-reports", "--force", "--out", str(tmp_path), env=env)
    assert status == 0, output
    frames = [frame.strip() for frame in output.split("\r")]
    assert any(frame.startswith("figures:   0%|") and "| 0/2 [" in frame for frame in frames), frames  # tqdm's bar
    assert any(frame.startswith("figures: 100%|") and "| 2/2 [" in frame for frame in frames), frames
    assert "Traceback" not in output
    assert re.fullmatch(r"figures: 2 built, 0 cached, 0 failed in \d+\.\d s", frames[-2]), frames[-2:]
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["iwf-reports.png", "summit-themes.png"]
