"""A Jupyter server on 127.0.0.1 for the tests (a free port, a token, started and always stopped), and the git
repository of notebooks it serves, for tests that check what a save leaves to commit."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyter_server(app: str, root: Path, log_path: Path, *options: str, wait: float = 90) -> Iterator[tuple[str, str]]:
    """`jupyter APP` (lab or server) serving `root`, its output in `log_path`; yields its base URL and token.

    Stopped (its whole process group) whatever happens; a server that does not answer within `wait`
    seconds is an error carrying its log.
    """
    port, token = free_port(), secrets.token_hex(16)
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyter"), app, "--no-browser", f"--ServerApp.port={port}",
             "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
             "--ServerApp.port_retries=0", *options, *(["--allow-root"] if os.geteuid() == 0 else [])],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"jupyter {app} did not start:\n" + Path(log_path).read_text())
                time.sleep(0.3)
            yield base, token
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def git(repo: Path, *args: str) -> str:
    """`git -C repo ARGS`: its output (an error when git fails)."""
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def committed_repo(repo: Path) -> None:
    """Make `repo` a git repository with everything in it committed."""
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "notebooks")
