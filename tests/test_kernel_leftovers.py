"""Kernel folders (connection file with the kernel's HMAC key, sockets) left in the temporary folder by a
killed build are removed by the next build; a live build's folder never is."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analysis.build.execute import (
    FIGURES_PREFIX, KERNEL_PREFIX, KITS_PREFIX, Notebook, execute, private_folder, remove_dead_private_folders,
)


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def plant(temp: Path, pid: int, suffix: str = "abc123") -> Path:
    """A kernel folder of build `pid`, as a killed build leaves it: connection file and read log."""
    folder = temp / f"{KERNEL_PREFIX}{pid}-{suffix}"
    folder.mkdir(mode=0o700)
    (folder / "connection.json").write_text('{"key": "secret"}', encoding="utf-8")
    (folder / "reads.txt").write_text("", encoding="utf-8")
    return folder


def test_a_dead_builds_folder_is_removed(tmp_path):
    folder = plant(tmp_path, dead_pid())
    assert remove_dead_private_folders(tmp_path) == [folder]
    assert not folder.exists()


def test_a_dead_builds_figure_exchange_folder_is_removed_too(tmp_path):
    folder = tmp_path / f"{FIGURES_PREFIX}{dead_pid()}-xyz"
    folder.mkdir(mode=0o700)
    (folder / "ready.jsonl").write_text("", encoding="utf-8")
    assert remove_dead_private_folders(tmp_path) == [folder]


def test_a_live_builds_folder_is_kept(tmp_path):
    folder = plant(tmp_path, os.getpid())
    assert remove_dead_private_folders(tmp_path) == []
    assert (folder / "connection.json").exists()


def test_a_folder_locked_by_a_live_build_is_kept_even_if_its_pid_is_unknown_here(tmp_path):
    # e.g. a build in another container sharing the temporary folder, whose pid means nothing here
    folder = plant(tmp_path, dead_pid())
    with open(folder / "owner.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert remove_dead_private_folders(tmp_path) == []
    assert folder.exists()
    assert remove_dead_private_folders(tmp_path) == [folder]  # once the lock is released


def test_only_dead_builds_kernel_folders_are_touched(tmp_path):
    pid = dead_pid()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep").touch()
    kept = [
        tmp_path / f"{KERNEL_PREFIX}abcd1234",  # an earlier version's folder: no pid, owner unknown
        tmp_path / f"{KERNEL_PREFIX}0-abc",  # pid 0 would address a process group
        tmp_path / f"analysis-other-{pid}-abc",  # not one of the build's private folders
    ]
    for folder in kept:
        folder.mkdir()
    link = tmp_path / f"{KERNEL_PREFIX}{pid}-link"
    link.symlink_to(elsewhere, target_is_directory=True)
    file = tmp_path / f"{KERNEL_PREFIX}{pid}-file"
    file.touch()
    assert remove_dead_private_folders(tmp_path) == []
    assert all(folder.exists() for folder in kept)
    assert link.is_symlink() and (elsewhere / "keep").exists() and file.exists()


def test_a_kernel_folder_is_private_named_after_its_build_and_kept_while_in_use(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old_umask = os.umask(0)
    try:
        with private_folder(KERNEL_PREFIX) as folder:
            assert folder.parent == tmp_path
            assert folder.name.startswith(f"{KERNEL_PREFIX}{os.getpid()}-")
            assert folder.stat().st_mode & 0o777 == 0o700
            assert remove_dead_private_folders(tmp_path) == []
    finally:
        os.umask(old_umask)
    assert not folder.exists()


def test_executing_a_notebook_first_removes_dead_builds_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead, live = plant(tmp_path, dead_pid()), plant(tmp_path, os.getpid())
    with pytest.raises(FileNotFoundError):  # the sweep comes before the notebook is even read
        execute(Notebook(tmp_path / "missing.ipynb"))
    assert not dead.exists() and live.exists()


_BUILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from analysis.build.cache import Manifest
    from analysis.build.reports import build_reports

    notebooks, out = Path(sys.argv[1]), Path(sys.argv[2])
    results = build_reports(notebooks_dir=notebooks, out_dir=out, manifest=Manifest(out / "build.json"),
                            show_progress=False, force=True, jobs=1)
    assert [r.status for r in results] == ["built"], results
""")


def write_notebook(path: Path, source: str) -> None:
    nb = new_notebook(cells=[new_code_cell(source, id="only")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, path)


def wait_for(path: Path, seconds: float = 120) -> str:
    """The text of `path` once it has some."""
    deadline = time.monotonic() + seconds
    while not (path.exists() and path.read_text()):
        assert time.monotonic() < deadline, f"{path} was not written"
        time.sleep(0.1)
    return path.read_text()


@pytest.mark.slow
def test_a_killed_builds_kernel_folder_is_removed_by_the_next_build(tmp_path):
    # A short temporary folder: the kernel's Unix sockets live in it (their paths are limited to ~100 bytes).
    temp = Path(tempfile.mkdtemp(prefix="akl-"))
    try:
        env = {**os.environ, "TMPDIR": str(temp), "ANALYSIS_CACHE_DIR": str(tmp_path / "cache")}
        started = tmp_path / "kernel.pid"
        hanging, quick = tmp_path / "hanging", tmp_path / "quick"
        hanging.mkdir()
        quick.mkdir()
        write_notebook(hanging / "01-hang.ipynb",
                       f"import os, time\nopen({str(started)!r}, 'w').write(str(os.getpid()))\ntime.sleep(600)")
        write_notebook(quick / "01-quick.ipynb", "print(1)")

        build = subprocess.Popen([sys.executable, "-c", _BUILD, str(hanging), str(tmp_path / "out")], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            kernel = int(wait_for(started))
        finally:
            build.send_signal(signal.SIGKILL)
            build.wait()
        try:
            os.kill(kernel, signal.SIGKILL)  # the kernel may outlive its build; not this test's business
        except ProcessLookupError:
            pass
        (leftover,) = temp.glob(f"{KERNEL_PREFIX}{build.pid}-*")
        (kits,) = temp.glob(f"{KITS_PREFIX}{build.pid}-*")  # where its kernels would have written chart files
        assert (leftover / "connection.json").exists()  # with the kernel's key
        # The connection file is in its folder, not loose in $TMPDIR.
        assert sorted(temp.iterdir()) == sorted([leftover, kits])

        subprocess.run([sys.executable, "-c", _BUILD, str(quick), str(tmp_path / "out")], env=env, check=True,
                       timeout=300)
        assert not leftover.exists() and not kits.exists()
        assert list(temp.iterdir()) == []  # and the next build cleaned up its own
    finally:
        shutil.rmtree(temp, ignore_errors=True)
