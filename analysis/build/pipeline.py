"""`build`: the figures and the reports, each figure drawn once, the figures while the notebooks run.

After the data is validated, the figures that are out of date are drawn by a worker process
(`figure_worker`) while the notebooks run in their kernels. A notebook shows each registered figure from its
file: at once when it is up to date, otherwise as soon as the worker announces it (see
`analysis.notebook.show_figure`). So no figure is drawn twice, the figures use one core while the notebooks
use the others, and the kernels never import matplotlib.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from .. import config
from ..files import exclusive_build
from .cache import Manifest
from .execute import CELL_TIMEOUT, FIGURES_PREFIX, notebooks, private_folder, shown_figures
from .figure_worker import announce
from .figures import fresh_figures, stale_figures
from .kits import copy_kits
from .progress import Progress, Result
from .reports import _build_reports
from .site import write_index


def build_all(*, force: bool = False, jobs: int | None = None, with_code: bool = False, timeout: int = CELL_TIMEOUT,
              manifest: Manifest | None = None, show_progress: bool = True) -> list[Result]:
    """Write every figure and every report that is missing or out of date (all with `force`).

    All data is validated before anything is drawn or run, so bad data raises DataError before any file is
    written; with nothing to do, no data is read at all. Runs under the build lock. Returns the figures'
    results (in the registry's order), then the reports'.
    """
    from ..charts.registry import FIGURES

    manifest = manifest or Manifest()
    figures_dir = config.FIGURES_DIR
    with exclusive_build(figures_dir, config.REPORTS_DIR), \
            private_folder(FIGURES_PREFIX) as private:
        stale = stale_figures(manifest, figures_dir, force=force)
        if stale:
            from ..data.load import load_all  # pandas is imported only when there is something to build

            load_all()  # bad data stops the build here; the validated tables are kept for the worker and kernels
            stale = drawing_order(stale, jobs or os.cpu_count() or 1)
        ready, record = Path(private) / "ready.jsonl", Path(private) / "build.json"
        worker = _start_worker(stale, figures_dir, record, ready, Path(private)) if stale else None
        # When the worker ends, every figure it did not announce is announced as failed: no notebook waits
        # for ever. Joined before the results are read, so that they hold every announcement.
        announcer = threading.Thread(target=_announce_the_rest, args=(worker, stale, ready), daemon=True)
        if worker is not None:
            announcer.start()
        try:
            reports = _build_reports(None, force=force, jobs=jobs, with_code=with_code, timeout=timeout,
                                     manifest=manifest, show_progress=show_progress, pending_figures=(stale, ready))
        except BaseException:
            if worker is not None and worker.poll() is None:
                worker.kill()  # interrupted or failed: the worker's figures are not waited for
            raise
        finally:
            if worker is not None:
                announcer.join()
        figures = _take_results(list(FIGURES), stale, ready, record, manifest, show_progress)
        copy_kits(figures_dir, config.REPORTS_DIR, fresh_figures(manifest, figures_dir))  # with those just drawn
        write_index(config.REPORTS_DIR, manifest)  # again: its thumbnails are the figures just drawn
    return figures + reports


def drawing_order(names: list[str], jobs: int) -> list[str]:
    """`names` in the order the notebooks will ask for them: the notebooks run `jobs` at a time, in order,
    each showing its figures in turn, so the figures of the notebooks running together are interleaved."""
    wanted = [[n for n in shown_figures(nb.path) if n in names] for nb in notebooks()]
    order: list[str] = []
    for start in range(0, len(wanted), jobs):
        batch = wanted[start:start + jobs]
        for rank in range(max((len(w) for w in batch), default=0)):
            order += [w[rank] for w in batch if rank < len(w) and w[rank] not in order]
    return order + [n for n in names if n not in order]


def _start_worker(names: list[str], out: Path, record: Path, ready: Path, private: Path) -> subprocess.Popen:
    task = private / "task.json"
    task.write_text(json.dumps({"names": names, "out": str(out), "manifest": str(record), "ready": str(ready)}),
                    encoding="utf-8")
    return subprocess.Popen([sys.executable, "-m", "analysis.build.figure_worker", str(task)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=config.PROJECT_ROOT)


def _announced(ready: Path) -> dict[str, dict]:
    text = ready.read_text(encoding="utf-8") if ready.exists() else ""
    return {entry["name"]: entry for entry in map(json.loads, text.split("\n")[:-1])}  # complete lines only


def _announce_the_rest(worker: subprocess.Popen, names: list[str], ready: Path) -> None:
    error = worker.communicate()[1].decode("utf-8", "replace").strip().splitlines()
    done = _announced(ready)
    for name in names:
        if name not in done:
            reason = f": {error[-1]}" if error else ""
            announce(ready, Result("figure", name, "failed", message=f"figure {name}: not drawn, the figure "
                                                                     f"worker stopped{reason}"))


def _take_results(names: list[str], stale: list[str], ready: Path, record: Path, manifest: Manifest,
                  show_progress: bool) -> list[Result]:
    """The figures' results, the worker's records taken into the build's record."""
    done, drawn = _announced(ready), Manifest(record)
    progress = Progress(len(names), "figures", enabled=show_progress)
    results = []
    for name in names:
        entry = done.get(name)
        if name not in stale:
            result = Result("figure", name, "cached")
        elif entry is not None and entry["status"] == "built":
            manifest.adopt(drawn, config.FIGURES_DIR / f"{name}.png")
            result = Result("figure", name, "built", entry["seconds"], outputs=tuple(Path(p) for p in entry["outputs"]))
        else:
            manifest.forget(config.FIGURES_DIR / f"{name}.png")
            message = entry["message"] if entry else f"figure {name}: not drawn"
            result = Result("figure", name, "failed", entry["seconds"] if entry else 0.0, message)
        progress.update(result)
        results.append(result)
    progress.close()
    return results
