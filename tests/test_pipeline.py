"""`build`: figures drawn by a worker process while the notebooks run, each figure drawn once, no waiting for ever."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis import config
from analysis.build import pipeline
from analysis.build.cache import Manifest
from analysis.build.execute import notebooks
from analysis.charts.registry import FIGURES

#: Runs notebooks, builds, servers or a browser: left out by `make test-fast`.
pytestmark = pytest.mark.slow

KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


@pytest.fixture
def folders(tmp_path, monkeypatch):
    for name in ("FIGURES_DIR", "REPORTS_DIR", "CACHE_DIR"):
        monkeypatch.setattr(config, name, tmp_path / name.removesuffix("_DIR").lower())
    return tmp_path


def test_build_draws_every_figure_once_and_the_next_build_has_nothing_to_do(full_build, monkeypatch):
    results = json.loads((full_build / "results.json").read_text(encoding="utf-8"))
    assert [(kind, name, status) for kind, name, status, _ in results] == (
        [("figure", name, "built") for name in FIGURES] + [("report", nb.name, "built") for nb in notebooks()])
    for name in FIGURES:  # the very bytes of the committed figures
        for suffix in (".png", ".svg"):
            assert (full_build / "figures" / f"{name}{suffix}").read_bytes() == \
                (config.PROJECT_ROOT / "figures" / f"{name}{suffix}").read_bytes(), name + suffix
    for name in ("FIGURES_DIR", "REPORTS_DIR", "CACHE_DIR"):
        monkeypatch.setattr(config, name, full_build / name.removesuffix("_DIR").lower())
    again = pipeline.build_all(show_progress=False)
    assert {r.status for r in again} == {"cached"}
    index = (config.REPORTS_DIR / "index.html").read_text(encoding="utf-8")
    assert index.count('<img src="data:image/png;base64,') == len(notebooks())


def test_a_worker_that_dies_leaves_no_notebook_waiting(folders, monkeypatch):
    def dying_worker(names, out, record, ready, private):
        return subprocess.Popen([sys.executable, "-c", "import sys; sys.exit('the worker could not start')"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    monkeypatch.setattr(pipeline, "_start_worker", dying_worker)
    # One notebook that waits for two of the figures the worker was to draw.
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", folders / "notebooks")
    config.NOTEBOOKS_DIR.mkdir()
    cell = new_code_cell("show_figure('ncmec-reports')\nshow_figure('summit-themes')", id="show")
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Two figures\n\nShown.", id="intro"),
                                       new_code_cell("from analysis.notebook import show_figure", id="imports"),
                                       cell], metadata=KERNEL), config.NOTEBOOKS_DIR / "01-two-figures.ipynb")
    results = pipeline.build_all(show_progress=False, timeout=120)
    figures = [r for r in results if r.kind == "figure"]
    assert [r.status for r in figures] == ["failed"] * len(FIGURES)
    assert figures[0].message == ("figure summit-adoption-comparison: not drawn, the figure worker stopped: "
                                  "the worker could not start")
    # The notebook drew its figures itself, so its report was still built.
    assert [(r.name, r.status) for r in results if r.kind == "report"] == [("01-two-figures", "built")]
    assert (config.REPORTS_DIR / "01-two-figures.html").read_text(encoding="utf-8").count("<img ") == 2
    assert not Manifest().entries.keys() & {str((config.FIGURES_DIR / f"{n}.png").resolve()) for n in FIGURES}


def test_the_figures_are_drawn_in_the_order_the_notebooks_ask_for_them():
    assert pipeline.drawing_order(list(FIGURES), 2) == [
        "summit-adoption-comparison", "summit-programme", "adoption-trend", "summit-themes", "household-adoption",
        "summit-sectors", "ncmec-reports", "claims-vs-evidence", "iwf-reports", "halving-time",
        "childlight-prevalence",
    ]
    assert pipeline.drawing_order(["halving-time", "ncmec-reports"], 1) == ["ncmec-reports", "halving-time"]
