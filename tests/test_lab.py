"""Notebooks run and saved leave git with nothing to commit: JupyterLab's saves through the project's server
settings (`make lab`), and any other editor's saves through the git filter that `make install` enables."""

from __future__ import annotations

import json
import shutil
import sys
import urllib.request
from pathlib import Path

import pytest

from analysis import config

from .jupyter_server import committed_repo, git, jupyter_server

#: Runs notebooks, builds, servers or a browser: left out by `make test-fast`.
pytestmark = pytest.mark.slow


def run_in_place(content: dict) -> None:
    """What a run adds to a notebook: outputs, counts, kernel metadata and per-cell execution details."""
    for number, cell in enumerate(c for c in content["cells"] if c["cell_type"] == "code"):
        cell["execution_count"] = number + 1
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "a result\n"}]
        cell["metadata"]["execution"] = {"iopub.execute_input": "2026-12-02T10:00:00Z"}
    content["metadata"]["language_info"] = {"name": "python", "version": "3.11.7", "file_extension": ".py",
                                            "mimetype": "text/x-python", "pygments_lexer": "ipython3",
                                            "codemirror_mode": {"name": "ipython", "version": 3},
                                            "nbconvert_exporter": "python"}
    content["metadata"]["widgets"] = {}


@pytest.fixture
def server(tmp_path):
    """A git repository holding copies of the notebooks, served by Jupyter with the project's settings."""
    repo = tmp_path / "repo"
    shutil.copytree(config.NOTEBOOKS_DIR, repo / "notebooks", ignore=shutil.ignore_patterns("*.html", ".ipynb*"))
    shutil.copy(config.PROJECT_ROOT / ".gitignore", repo / ".gitignore")  # as in the project (checkpoints)
    committed_repo(repo)
    with jupyter_server("server", repo / "notebooks", tmp_path / "server.log",
                        f"--config={config.PROJECT_ROOT / 'jupyter_server_config.py'}") as (base, token):
        yield repo, f"{base}/api/contents", token


def request(url: str, token: str, method: str = "GET", body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    call = urllib.request.Request(f"{url}?token={token}", data=data, method=method,
                                  headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(call, timeout=30) as response:
        return json.loads(response.read())


def test_a_notebook_saved_with_outputs_leaves_nothing_to_commit(server):
    repo, base, token = server
    name = "01-adoption-speed.ipynb"
    model = request(f"{base}/{name}", token)
    content = model["content"]
    run_in_place(content)
    saved = request(f"{base}/{name}", token, "PUT", {"type": "notebook", "format": "json", "content": content})
    assert saved["name"] == name
    assert git(repo, "status", "--porcelain") == ""  # byte for byte what was committed
    on_disk = json.loads((repo / "notebooks" / name).read_text(encoding="utf-8"))
    assert all(c["outputs"] == [] for c in on_disk["cells"] if c["cell_type"] == "code")


def test_an_edit_is_kept(server):
    repo, base, token = server
    name = "03-key-statistics.ipynb"
    content = request(f"{base}/{name}", token)["content"]
    content["cells"][-1]["source"] += "\n\nA sentence added in JupyterLab."
    request(f"{base}/{name}", token, "PUT", {"type": "notebook", "format": "json", "content": content})
    assert git(repo, "status", "--porcelain") == f" M notebooks/{name}\n"
    assert "A sentence added in JupyterLab." in (repo / "notebooks" / name).read_text(encoding="utf-8")


def test_outputs_saved_by_any_editor_never_reach_a_commit(tmp_path):
    """The nbstripout filter, set up as `make install` sets it up: a notebook written with outputs by another
    editor shows no difference, and once added there is nothing to commit."""
    repo = tmp_path / "repo"
    shutil.copytree(config.NOTEBOOKS_DIR, repo / "notebooks", ignore=shutil.ignore_patterns("*.html", ".ipynb*"))
    for name in (".gitattributes", "notebooks.gitconfig"):
        shutil.copy(config.PROJECT_ROOT / name, repo / name)
    (repo / ".venv").symlink_to(Path(sys.prefix))  # the filter runs .venv/bin/python, as in the project
    committed_repo(repo)
    git(repo, "config", "include.path", "../notebooks.gitconfig")  # what `make install` does
    path = repo / "notebooks" / "04-claims-vs-evidence.ipynb"
    content = json.loads(path.read_text(encoding="utf-8"))
    run_in_place(content)
    path.write_text(json.dumps(content, indent=2), encoding="utf-8")
    assert "a result" in path.read_text(encoding="utf-8")
    assert git(repo, "diff") == ""
    git(repo, "add", "-A")
    assert git(repo, "status", "--porcelain") == ""  # nothing to commit
    assert "a result" not in git(repo, "show", ":notebooks/04-claims-vs-evidence.ipynb")
