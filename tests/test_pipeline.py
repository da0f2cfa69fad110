"""`build`: figures drawn by a worker process while the notebooks run, each figure drawn once, no waiting for ever."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis import config
from analysis.build import pipeline
from analysis.build.cache import Manifest
from analysis.build.execute import notebooks
from analysis.charts.registry import FIGURES

#: Runs notebooks, builds, servers or a browser: left out by `make test-fast`.
pytestmark = pytest.mark.slow


@pytest.fixture
def folders(tmp_path, monkeypatch):
    for name in ("FIGURES_DIR", "REPORTS_DIR", "CACHE_DIR"):
        monkeypatch.setattr(config, name, tmp_path / name.removesuffix("_DIR").lower())
    return tmp_path


def test_build_draws_every_figure_once_and_the_next_build_has_nothing_to_do(folders):
    results = pipeline.build_all(show_progress=False)
    assert [(r.kind, r.name, r.status) for r in results] == (
        [("figure", name, "built") for name in FIGURES] + [("report", nb.name, "built") for nb in notebooks()])
    for name in FIGURES:  # the very bytes of the committed figures
        for suffix in (".png", ".svg"):
            assert (config.FIGURES_DIR / f"{name}{suffix}").read_bytes() == \
                (config.PROJECT_ROOT / "figures" / f"{name}{suffix}").read_bytes(), name + suffix
    again = pipeline.build_all(show_progress=False)
    assert {r.status for r in again} == {"cached"}
    index = (config.REPORTS_DIR / "index.html").read_text(encoding="utf-8")
    assert index.count('<img src="data:image/png;base64,') == len(notebooks())


def test_a_worker_that_dies_leaves_no_notebook_waiting(folders, monkeypatch):
    def dying_worker(names, out, record, ready, private):
        return subprocess.Popen([sys.executable, "-c", "import sys; sys.exit('the worker could not start')"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    monkeypatch.setattr(pipeline, "_start_worker", dying_worker)
    results = pipeline.build_all(show_progress=False, timeout=120)
    figures = [r for r in results if r.kind == "figure"]
    assert [r.status for r in figures] == ["failed"] * len(FIGURES)
    assert figures[0].message == ("figure summit-adoption-comparison: not drawn, the figure worker stopped: "
                                  "the worker could not start")
    # Each notebook drew its figures itself, so every report was still built.
    assert [r.status for r in results if r.kind == "report"] == ["built"] * len(notebooks())
    assert not Manifest().entries.keys() & {str((config.FIGURES_DIR / f"{n}.png").resolve()) for n in FIGURES}


def test_the_figures_are_drawn_in_the_order_the_notebooks_ask_for_them():
    assert pipeline.drawing_order(list(FIGURES), 2) == [
        "summit-adoption-comparison", "summit-programme", "adoption-trend", "summit-themes", "household-adoption",
        "summit-sectors", "ncmec-reports", "claims-vs-evidence", "iwf-reports", "halving-time",
        "childlight-prevalence",
    ]
    assert pipeline.drawing_order(["halving-time", "ncmec-reports"], 1) == ["ncmec-reports", "halving-time"]
