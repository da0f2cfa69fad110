"""The report step: execute the notebooks whose report is out of date, in parallel, and write their HTML.

A report is rebuilt when its notebook's cells or tags, its parameters, a data file its kernel read, a
figure file it showed, the library, the key package versions or the data folder changed. A failed
notebook is never recorded as built; its previous report stays in place.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..files import atomic_write_text, check_writable, exclusive_build
from .cache import KeyFunction, Manifest, as_mapping, fixed_key_parts, notebook_digest
from .execute import (
    CELL_TIMEOUT, KITS_PREFIX, Notebook, ReportError, check_parameters, execute, notebooks, private_folder,
    stop_running_kernels,
)
from .export import to_html
from .figures import fresh_figures
from .kits import copy_kits
from .progress import Progress, Result
from .site import write_index


@dataclass(frozen=True)
class _Job:
    notebook: Notebook
    output: Path
    key_of: KeyFunction


def build_reports(names: Iterable[str] | None = None, **options) -> list[Result]:
    """Execute the notebooks whose report is missing or out of date, in parallel, and write their reports.

    Options: out_dir, force, jobs, with_code, parameters, timeout, manifest, show_progress, on_result,
    notebooks_dir, figures_dir, pending_figures. A report is replaced only when its notebook ran without
    error; with `parameters`, the reports are variants written to their own file names; the index page is
    rewritten at the end. Runs under the build lock.

    Figures that are up to date in `figures_dir` are shown from their files, not drawn again; so are the
    `pending_figures` (names, and the file that announces each), which `build` draws meanwhile.
    """
    with exclusive_build(Path(options.get("out_dir") or config.REPORTS_DIR)):
        return _build_reports(names, **options)


def _build_reports(
    names: Iterable[str] | None = None,
    *,
    out_dir: Path | None = None,
    force: bool = False,
    jobs: int | None = None,
    with_code: bool = False,
    parameters: Mapping[str, object] | None = None,
    timeout: int = CELL_TIMEOUT,
    manifest: Manifest | None = None,
    show_progress: bool = True,
    on_result: Callable[[Result], None] | None = None,
    notebooks_dir: Path | None = None,
    figures_dir: Path | None = None,
    pending_figures: tuple[list[str], Path] | None = None,
) -> list[Result]:
    manifest = manifest or Manifest()
    out = Path(out_dir or config.REPORTS_DIR)
    library, versions, data_folder = fixed_key_parts()
    parameters = dict(parameters or {})
    selected = notebooks(names, notebooks_dir)
    for notebook in selected:
        check_parameters(notebook, parameters)  # a misspelt parameter stops the build before anything runs
    progress = Progress(len(selected), "reports", enabled=show_progress)
    results: list[Result] = []

    def finish(result: Result) -> None:
        results.append(result)
        progress.update(result)
        if on_result is not None:
            on_result(result)

    pending = []
    for notebook in selected:
        key_of = KeyFunction(
            "report", notebook_digest(notebook.path), as_mapping(parameters), str(with_code), str(timeout),
            library, versions, data_folder,
        )
        output = notebook.report_path(out, parameters)
        if not force and manifest.is_fresh(output, key_of):
            finish(Result("report", notebook.name, "cached"))
        else:
            pending.append(_Job(notebook, output, key_of))

    figures_out = Path(figures_dir or config.FIGURES_DIR)
    if pending:
        from ..data.load import load_all

        load_all()  # bad data stops the build before any notebook runs
        check_writable(pending[0].output)  # so does an output folder that cannot be written
        with private_folder(KITS_PREFIX) as kits_folder:
            drawn = Path(kits_folder)
            drawing, ready = pending_figures or ([], None)
            exchange = {"dir": str(figures_out.resolve()), "fresh": fresh_figures(manifest, figures_out),
                        "pending": list(drawing), "ready": str(ready) if ready else None,
                        # A figure drawn in a kernel (not up to date in figures_out) writes its files here; they are
                        # copied beside the reports once the reports are written.
                        "kits": str(drawn)}
            workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
            pool = ThreadPoolExecutor(max_workers=workers)
            try:
                began_at: dict[Path, float] = {}  # when each notebook started to run (not when it was queued)

                def run(job: _Job) -> tuple[str, list[str]]:
                    began_at[job.output] = time.perf_counter()
                    # Each notebook's kernel writes the files of the charts it draws into a folder of its own.
                    own = {**exchange, "kits": str(drawn / job.output.stem)}
                    execution = execute(job.notebook, timeout=timeout, parameters=parameters, figures=own)
                    return to_html(execution.nb, with_code=with_code), execution.reads

                started = {pool.submit(run, job): job for job in pending}
                for future in as_completed(started):
                    job = started[future]
                    began = began_at[job.output]
                    try:
                        html, reads = future.result()
                    except ReportError as exc:
                        manifest.forget(job.output)
                        finish(Result("report", job.notebook.name, "failed", time.perf_counter() - began, str(exc)))
                        continue
                    # The report, then the files of the charts it drew beside it; only then is it recorded as
                    # built, with those files, so a build stopped in between writes them again.
                    atomic_write_text(job.output, html)
                    kits_of_job = drawn / job.output.stem
                    made = list(kits_of_job.iterdir()) if kits_of_job.is_dir() else []
                    charts = sorted({p.name.split(".")[0] for p in made})
                    copy_kits(kits_of_job, out, charts)
                    kit_files = [out / "figures" / f"{n}{s}" for n in charts for s in config.FIGURE_SUFFIXES]
                    manifest.record(job.output, job.key_of(reads), reads, [job.output, *kit_files])
                    finish(Result("report", job.notebook.name, "built", time.perf_counter() - began,
                                  outputs=(job.output,)))
            except BaseException:
                # After an interrupt or error, queued notebooks never start and running ones are stopped.
                pool.shutdown(wait=False, cancel_futures=True)
                stop_running_kernels()
                raise
            finally:
                pool.shutdown(wait=False, cancel_futures=True)
    progress.close()
    copy_kits(figures_out, out, fresh_figures(manifest, figures_out))
    write_index(out, manifest, notebooks_dir, figures_dir)
    order = {nb.name: i for i, nb in enumerate(selected)}
    return sorted(results, key=lambda r: order[r.name])
