"""Notebook kernels forked from one warm process, instead of each starting Python from nothing.

A fresh IPython kernel spends about a second of CPU starting the interpreter and importing ipykernel,
pandas, pyarrow, pandera, matplotlib and this library, before its first cell runs. The build starts one
*kernel server* (`python -m analysis.build.kernels`) that makes those imports once; every kernel is then a
`fork()` of it: a process of its own, with its own working directory, environment and sockets, exactly
as jupyter_client would have started it, minus the imports. Output is the same byte for byte (a test
compares the reports with those made by fresh kernels).

The server lives as long as one build: it is started by `KernelServer.start()`, stops when its
standard input closes (also when the build is killed), and each kernel exits when the server does
(ipykernel's parent poller). Forking is used on Linux only; `ANALYSIS_FORK_KERNELS=0` turns it off,
and any failure of the server falls back to starting the kernel the usual way.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

from .. import config

#: Modules the server imports once, so that the kernels forked from it need not.
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "pandas",
    "pyarrow.csv",
    "pandera.pandas",
    "matplotlib.figure",
    "analysis.data.load",
    "analysis.charts",
    "analysis.notebook",
    "analysis.compute.adoption",
    "analysis.compute.claims",
    "analysis.compute.household",
    "analysis.compute.statistics",
    "analysis.compute.summit",
)

#: Environment of the server (and so of the kernels' memory allocators): no helper threads may exist
#: when a process forks. One thread for numerical libraries (kernels already run one per core), and
#: no background thread in pyarrow's jemalloc. matplotlib is told of the inline backend before it is
#: imported, as ipykernel would tell it in a fresh kernel.
SERVER_ENVIRONMENT = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "JE_ARROW_MALLOC_CONF": "background_thread:false",
}
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: Seconds to wait for the server to fork a kernel (the first request also waits for its imports).
REPLY_TIMEOUT = 120.0


def forking_enabled() -> bool:
    """Whether kernels are forked from a warm server: on Linux, unless `$ANALYSIS_FORK_KERNELS` is 0."""
    return sys.platform == "linux" and os.environ.get(config.FORK_KERNELS_VARIABLE, "1") != "0"


class KernelServer:
    """The build's side of the kernel server: asks it for kernels, one at a time (thread-safe)."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self._lock = threading.Lock()

    @classmethod
    def start(cls, cwd: Path | None = None) -> KernelServer:
        """Start the server; it imports `PRELOAD` while the build goes on, and answers once ready.

        `cwd` is where the imports happen (matplotlib reads a `matplotlibrc` there): the notebooks' folder.
        """
        env = {**os.environ, **SERVER_ENVIRONMENT}
        env.setdefault("MPLBACKEND", INLINE_BACKEND)
        process = subprocess.Popen(
            [sys.executable, "-m", "analysis.build.kernels"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=cwd or config.NOTEBOOKS_DIR,
            start_new_session=True,  # Ctrl-C in the terminal reaches the build, which stops the server
        )
        return cls(process)

    def can_fork(self, cmd: list[str]) -> bool:
        """True for the standard IPython kernel command of this very interpreter (what the server holds)."""
        return (
            len(cmd) >= 3
            and os.path.abspath(cmd[0]) == os.path.abspath(sys.executable)
            and cmd[1:3] == ["-m", "ipykernel_launcher"]
            and self.process.poll() is None
        )

    def fork(self, cmd: list[str], env: dict[str, str], cwd: str) -> int:
        """Fork a kernel running `cmd`'s arguments in `cwd` with `env`; returns its process id."""
        request = json.dumps({"argv": cmd[3:], "env": env, "cwd": str(cwd)}) + "\n"
        with self._lock:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write(request.encode("utf-8"))
            self.process.stdin.flush()
            ready, _, _ = select.select([self.process.stdout], [], [], REPLY_TIMEOUT)
            if not ready:  # a server that hangs is stopped, so that later kernels start the usual way
                self.process.kill()
                raise OSError(f"the kernel server did not answer within {REPLY_TIMEOUT:g} s")
            reply = self.process.stdout.readline()
        if not reply:
            raise OSError("the kernel server has stopped")
        return int(json.loads(reply)["pid"])

    def close(self) -> None:
        """Stop the server (kernels already shut down by their clients are gone; others follow it)."""
        if self.process.stdin is not None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


class ForkedProcess:
    """The part of `subprocess.Popen` that jupyter_client uses, for a kernel that is not our child.

    The server reaps its children at once, so a kernel that has exited no longer exists; its exit
    status is not known here and is reported as 0.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:  # the id was reused by a process of another user
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedKernelProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching through the kernel server when it can."""

    server: KernelServer | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        server = self.server
        if server is None or not server.can_fork(cmd):
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(kwargs.get("cwd") or Path.cwd())
        try:
            pid = server.fork(cmd, env, cwd)
        except (OSError, ValueError, KeyError) as exc:
            self.log.warning("kernel server unavailable (%s); starting the kernel the usual way", exc)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedProcess(pid)  # type: ignore[assignment]
        # The kernel leads a session of its own (as with `start_new_session`), so its group is its id.
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


def kernel_manager_class(server: KernelServer | None) -> type[AsyncKernelManager]:
    """A kernel manager class whose kernels come from `server` (the usual one when it is None)."""
    if server is None:
        return AsyncKernelManager

    class ForkedKernelProvisionerOfServer(ForkedKernelProvisioner):
        pass

    ForkedKernelProvisionerOfServer.server = server

    class ForkedKernelManager(AsyncKernelManager):
        async def _async_pre_start_kernel(self, **kw: Any):
            if self.provisioner is None:
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
                self.provisioner = ForkedKernelProvisionerOfServer(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
                )
            return await super()._async_pre_start_kernel(**kw)

    return ForkedKernelManager


# The server -------------------------------------------------------------------------------------


def _serve() -> None:
    """Import `PRELOAD`, then fork one kernel per request line read from standard input."""
    import importlib

    # As ipykernel_launcher does: the working directory is not importable while the kernel loads.
    if sys.path and (sys.path[0] in ("", os.getcwd())):
        del sys.path[0]
    for module in PRELOAD:
        importlib.import_module(module)
    # Exited kernels are reaped by the system at once, so none lingers as a zombie.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops the server by closing its input
    for line in sys.stdin.buffer:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _become_kernel(request)  # never returns
        sys.stdout.write(json.dumps({"pid": pid}) + "\n")
        sys.stdout.flush()


def _become_kernel(request: dict) -> None:
    """In the forked child: take on the kernel's session, folder and environment, and run it."""
    try:
        os.setsid()
        for signum in (signal.SIGCHLD, signal.SIGINT):
            signal.signal(signum, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)  # the kernel's input arrives over its sockets
        os.dup2(2, 1)  # the server's output is its reply channel; the kernel writes to the build's stderr
        os.close(devnull)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # The kernel's parent is now the server: it exits when the server does. (ipykernel read
        # $JPY_PARENT_PID when the server imported it, so it is given as an option too.)
        parent = str(os.getppid())
        os.environ["JPY_PARENT_PID"] = parent
        numpy = sys.modules.get("numpy")
        if numpy is not None:  # its global random state was copied from the server: draw a new one
            numpy.random.seed()
        argv = [*request["argv"], f"--IPKernelApp.parent_handle={parent}"]
        import ipykernel_launcher
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = [ipykernel_launcher.__file__, *argv]
        IPKernelApp.launch_instance(argv=argv)
        code = 0
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - a kernel that cannot start says why, then exits
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _serve()
