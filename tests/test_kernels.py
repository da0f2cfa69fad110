"""Kernels forked from the warm kernel server behave as kernels started afresh, and leave nothing behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analysis import config
from analysis.build.pipeline import build_reports
from analysis.build.cache import Manifest
from analysis.build.kernels import KernelServer, forking_enabled, kernel_manager_class
from analysis.build.execute import Notebook, execute

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="kernels are forked on Linux only")

#: What a notebook can observe of the process it runs in, printed as one JSON line.
PROBE = """
import json, os, sys
import matplotlib
print(json.dumps({
    "cwd": os.getcwd(),
    "path": sys.path,
    "argv0": os.path.basename(sys.argv[0]),
    "backend": matplotlib.get_backend(),
    "data_dir": os.environ.get("ANALYSIS_DATA_DIR"),
    "read_log_set": "ANALYSIS_READ_LOG" in os.environ,
    "parent_is_announced": os.environ["JPY_PARENT_PID"] == str(os.getppid()),
    "ppid": os.getppid(),
    "own_session": os.getsid(0) == os.getpid(),
    "pid": os.getpid(),
}))
"""


def probe_notebook(folder: Path) -> Notebook:
    nb = new_notebook(cells=[new_code_cell(PROBE, id="probe")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "01-probe.ipynb")
    return Notebook(folder / "01-probe.ipynb")


def observed(execution) -> dict:
    return json.loads(execution.nb.cells[0].outputs[0]["text"])


def gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def server():
    started = KernelServer.start()
    yield started
    started.close()


def test_forking_is_the_default_on_linux_and_can_be_turned_off(monkeypatch):
    monkeypatch.delenv(config.FORK_KERNELS_VARIABLE, raising=False)
    assert forking_enabled()
    monkeypatch.setenv(config.FORK_KERNELS_VARIABLE, "0")
    assert not forking_enabled()


def test_a_forked_kernel_sees_what_a_fresh_kernel_sees(tmp_path, data_dir, monkeypatch, server):
    monkeypatch.setenv(config.DATA_DIR_VARIABLE, str(data_dir))
    notebook = probe_notebook(tmp_path / "notebooks")
    fresh = observed(execute(notebook))
    forked = observed(execute(notebook, kernels=server))
    assert forked.pop("pid") != fresh.pop("pid")
    assert forked.pop("ppid") == server.process.pid
    assert fresh.pop("ppid") == os.getpid()  # a fresh kernel's parent is the build itself
    assert forked == fresh  # the whole import path included
    assert str(tmp_path / "notebooks") not in forked.pop("path")
    assert forked == {
        "cwd": str(tmp_path / "notebooks"),
        "argv0": "ipykernel_launcher.py",
        "backend": "module://matplotlib_inline.backend_inline",
        "data_dir": str(data_dir),
        "read_log_set": True,
        "parent_is_announced": True,
        "own_session": True,
    }


def test_forked_kernels_exit_when_their_notebook_is_done(tmp_path, server):
    notebook = probe_notebook(tmp_path / "notebooks")
    pids = [observed(execute(notebook, kernels=server))["pid"] for _ in range(3)]
    assert len(set(pids)) == 3
    assert all(gone(pid) for pid in pids)


def test_reports_from_forked_kernels_equal_reports_from_fresh_kernels(tmp_path, monkeypatch):
    from analysis.build.execute import notebooks

    count = len(notebooks())
    monkeypatch.setenv(config.FORK_KERNELS_VARIABLE, "0")
    fresh = build_reports(out_dir=tmp_path / "fresh", manifest=Manifest.in_memory(), show_progress=False)
    monkeypatch.setenv(config.FORK_KERNELS_VARIABLE, "1")
    forked = build_reports(out_dir=tmp_path / "forked", manifest=Manifest.in_memory(), show_progress=False)
    assert [r.status for r in fresh] == [r.status for r in forked] == ["built"] * count
    names = sorted(p.name for p in (tmp_path / "fresh").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "forked").iterdir())
    for name in names:
        assert (tmp_path / "forked" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_a_stopped_server_falls_back_to_fresh_kernels(tmp_path, server):
    server.process.kill()
    server.process.wait()
    notebook = probe_notebook(tmp_path / "notebooks")
    result = observed(execute(notebook, kernels=server))
    assert result["ppid"] == os.getpid()  # started the usual way: its parent is this process
    assert result["parent_is_announced"] is True
    assert result["cwd"] == str(tmp_path / "notebooks")


def test_forked_kernels_draw_their_own_numpy_random_state(tmp_path, server):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = new_notebook(cells=[new_code_cell("import numpy\nprint(repr(numpy.random.random()))", id="draw")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, folder / "01-draw.ipynb")
    draws = {execute(Notebook(folder / "01-draw.ipynb"), kernels=server).nb.cells[0].outputs[0]["text"]
             for _ in range(3)}
    assert len(draws) == 3


def test_a_server_that_does_not_answer_is_stopped_and_kernels_start_the_usual_way(tmp_path, monkeypatch):
    import analysis.build.kernels as kernels

    monkeypatch.setattr(kernels, "REPLY_TIMEOUT", 0.5)
    silent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    server = KernelServer(silent)
    command = [sys.executable, "-m", "ipykernel_launcher", "-f", "x.json"]
    assert server.can_fork(command)
    with pytest.raises(OSError, match="did not answer within 0.5 s"):
        server.fork(command, dict(os.environ), str(tmp_path))
    assert silent.wait(timeout=5) == -signal.SIGKILL
    assert not server.can_fork(command)
    result = observed(execute(probe_notebook(tmp_path / "notebooks"), kernels=server))
    assert result["ppid"] == os.getpid()
    server.close()


def test_other_kernel_commands_are_started_the_usual_way(server):
    assert server.can_fork([sys.executable, "-m", "ipykernel_launcher", "-f", "x.json"])
    assert not server.can_fork(["/usr/bin/python3-other", "-m", "ipykernel_launcher", "-f", "x.json"])
    assert not server.can_fork([sys.executable, "-m", "other_kernel", "-f", "x.json"])


def test_the_manager_class_is_the_usual_one_without_a_server():
    from jupyter_client.manager import AsyncKernelManager

    assert kernel_manager_class(None) is AsyncKernelManager


def test_server_and_kernels_stop_when_the_build_is_killed(tmp_path):
    """SIGKILL of the build closes the server's input: the server exits, then its kernels."""
    script = tmp_path / "build.py"
    script.write_text(
        "import asyncio, json, time\n"
        "from analysis.build.kernels import KernelServer, kernel_manager_class\n"
        "server = KernelServer.start()\n"
        "km = kernel_manager_class(server)(kernel_name='python3')\n"
        "asyncio.run(km.start_kernel())\n"
        "print(json.dumps({'server': server.process.pid, 'kernel': km.provisioner.pid}), flush=True)\n"
        "time.sleep(600)\n",
        encoding="utf-8",
    )
    build = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        pids = json.loads(build.stdout.readline())
        assert pids["kernel"] != pids["server"]
        os.kill(pids["kernel"], 0)  # running
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
        build.stdout.close()
    assert gone(pids["server"])
    assert gone(pids["kernel"])
