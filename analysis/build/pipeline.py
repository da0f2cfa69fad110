"""The build: figures, then reports and their index, rebuilding only what changed, notebooks in parallel.

A figure is rebuilt when the library, the key package versions, or a data file it read changed; a
report when, in addition, its notebook's cells or its parameters changed. What each item read is
recorded while it is built (see `cache.py`). Failures are reported and never recorded as fresh;
the previous output stays in place.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config
from .cache import KeyFunction, Manifest, as_mapping, library_digest, notebook_digest, versions_digest
from .execute import (
    CELL_TIMEOUT, Notebook, ReportError, check_parameters, description_of, execute, notebooks, title_of, to_html,
)
from ..charts.saving import atomic_write_text

if TYPE_CHECKING:  # pragma: no cover
    from .kernels import KernelServer

PROJECT_TITLE = "WeProtect Global Alliance 2024 Global Summit: the public record as data"
LOCK_NAME = "build.lock"


@contextmanager
def exclusive_build(*folders: Path) -> Iterator[None]:
    """Hold the project's build lock: a second build started meanwhile waits for this one to finish.

    The lock is an advisory `flock` on `.cache/build.lock`, released by the operating system even when
    the process is killed. Once it is held, temporary files left in `folders` by an interrupted build are
    removed (no other build can be writing them).
    """
    config.CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(config.CACHE_DIR / LOCK_NAME, "a+") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not on POSIX: no lock
            yield
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another build of this project to finish…", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            for folder in (*folders, config.CACHE_DIR, config.CACHE_DIR / "tables"):
                for leftover in Path(folder).glob(".*.tmp"):
                    leftover.unlink(missing_ok=True)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Result:
    """What happened to one figure or report."""

    kind: str  # "figure" or "report"
    name: str
    status: str  # "built", "cached" or "failed"
    seconds: float = 0.0
    message: str = ""
    outputs: tuple[Path, ...] = field(default=())


class Progress:
    """A progress bar on a terminal; one plain line per item otherwise (as in CI logs)."""

    def __init__(self, total: int, label: str, stream=None, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.total, self.count, self.label = total, 0, label
        self.bar = None
        if enabled and total and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=label, file=self.stream, unit=label.rstrip("s"), leave=False)
        self.enabled = enabled

    def update(self, result: Result) -> None:
        self.count += 1
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.set_postfix_str(f"{result.status} {result.name}", refresh=False)
            self.bar.update(1)
            if result.status == "failed":
                self.bar.write(result.message, file=self.stream)
        else:
            timing = f" ({result.seconds:.1f} s)" if result.status == "built" else ""
            print(f"[{self.count}/{self.total}] {result.status} {result.kind} {result.name}{timing}", flush=True)
            if result.status == "failed":
                print(result.message, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def summary(results: Iterable[Result], seconds: float) -> str:
    """'figures: 1 built, 8 cached, 0 failed; reports: ... in 2.3 s'."""
    results = list(results)
    parts = []
    for kind in ("figure", "report"):
        mine = [r for r in results if r.kind == kind]
        if mine:
            counts = {s: sum(r.status == s for r in mine) for s in ("built", "cached", "failed")}
            parts.append(f"{kind}s: {counts['built']} built, {counts['cached']} cached, {counts['failed']} failed")
    return "; ".join(parts) + f" in {seconds:.1f} s"


def _fixed_key_parts(data_dir: Path | None = None) -> tuple[str, str, str]:
    """Parts of every figure's and report's key: the library's source, the key packages' versions, and
    the data folder (outputs made from another folder's files are not fresh for this one)."""
    return library_digest(), versions_digest(), str(Path(data_dir or config.data_dir()).resolve())


def build_figures(names: Iterable[str] | None = None, **options) -> list[Result]:
    """Write the named figures (all by default) that are missing or out of date; all with `force`.

    Options: out_dir, data_dir, force, manifest, show_progress. All data is validated first, so bad
    data raises DataError before any file is written. Runs under the build lock.
    """
    with exclusive_build(Path(options.get("out_dir") or config.FIGURES_DIR)):
        return _build_figures(names, **options)


def _build_figures(
    names: Iterable[str] | None = None,
    *,
    out_dir: Path | None = None,
    data_dir: Path | None = None,
    force: bool = False,
    manifest: Manifest | None = None,
    show_progress: bool = True,
) -> list[Result]:
    from ..charts.registry import FIGURES

    selected = list(names) if names else list(FIGURES)
    unknown = [n for n in selected if n not in FIGURES]
    if unknown:
        raise KeyError(f"unknown figure(s): {', '.join(unknown)}; known: {', '.join(FIGURES)}")
    manifest = manifest or Manifest()
    out = Path(out_dir or config.FIGURES_DIR)
    library, versions, data_folder = _fixed_key_parts(data_dir)
    keys = {name: KeyFunction("figure", name, library, versions, data_folder) for name in selected}
    stale = {name for name in selected if force or not manifest.is_fresh(out / f"{name}.png", keys[name])}
    if stale:
        # Only now are pandas and matplotlib imported; bad data stops the build before any file is written.
        from ..data.load import load_all

        load_all(data_dir)
    progress = Progress(len(selected), "figures", enabled=show_progress)
    results = []
    for name in selected:
        if name in stale:
            try:
                result = _build_figure(name, out, data_dir, keys[name], manifest)
            except Exception as exc:  # a chart that cannot be drawn fails alone; its old file stays
                manifest.forget(out / f"{name}.png")
                result = Result("figure", name, "failed", message=f"figure {name}: {type(exc).__name__}: {exc}")
        else:
            result = Result("figure", name, "cached")
        results.append(result)
        progress.update(result)
    progress.close()
    return results


def _build_figure(name: str, out: Path, data_dir: Path | None, key_of: KeyFunction, manifest: Manifest) -> Result:
    from ..charts.registry import save_figure_named
    from ..data.tables import recording_reads

    started = time.perf_counter()
    with recording_reads() as reads:
        paths = save_figure_named(name, out, data_dir)
    dependencies = [str(p) for p in reads]
    manifest.record(out / f"{name}.png", key_of(dependencies), dependencies, paths)
    return Result("figure", name, "built", time.perf_counter() - started, outputs=tuple(paths))


@dataclass(frozen=True)
class _Job:
    notebook: Notebook
    output: Path
    key_of: KeyFunction


def _run(
    job: _Job, timeout: int, parameters: Mapping[str, object], with_code: bool, kernels: KernelServer | None
) -> tuple[str, list[str]]:
    execution = execute(job.notebook, timeout=timeout, parameters=parameters, kernels=kernels)
    return to_html(execution.nb, with_code=with_code), execution.reads


def build_reports(names: Iterable[str] | None = None, **options) -> list[Result]:
    """Execute the notebooks whose report is missing or out of date, in parallel, and write their reports.

    Options: out_dir, force, jobs, with_code, parameters, timeout, manifest, show_progress, on_result,
    notebooks_dir. A report is replaced only when its notebook ran without error; with `parameters`,
    the reports are variants written to their own file names; the index page is rewritten at the end.
    Runs under the build lock.
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
) -> list[Result]:
    manifest = manifest or Manifest()
    out = Path(out_dir or config.REPORTS_DIR)
    library, versions, data_folder = _fixed_key_parts()
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

    kernels = None
    if pending:
        from .kernels import KernelServer, forking_enabled

        # The kernel server imports the heavy libraries while the data is validated here.
        kernels = KernelServer.start(notebooks_dir) if forking_enabled() else None
    try:
        if pending:
            from ..data.load import load_all

            load_all()  # bad data stops the build before any notebook runs
        workers = max(1, min(jobs or os.cpu_count() or 1, len(pending) or 1))
        pool = ThreadPoolExecutor(max_workers=workers)
        try:
            began_at: dict[Path, float] = {}  # when each notebook started to run (not when it was queued)

            def run(job: _Job) -> tuple[str, list[str]]:
                began_at[job.output] = time.perf_counter()
                return _run(job, timeout, parameters, with_code, kernels)

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
                atomic_write_text(job.output, html)
                manifest.record(job.output, job.key_of(reads), reads, [job.output])
                finish(Result("report", job.notebook.name, "built", time.perf_counter() - began, outputs=(job.output,)))
        finally:
            # After an interrupt or error, queued notebooks never start; running ones end with their kernel.
            pool.shutdown(wait=False, cancel_futures=True)
    finally:
        if kernels is not None:
            kernels.close()
    progress.close()
    write_index(out, manifest, notebooks_dir)
    order = {nb.name: i for i, nb in enumerate(selected)}
    return sorted(results, key=lambda r: order[r.name])


def write_index(out_dir: Path | None = None, manifest: Manifest | None = None, notebooks_dir: Path | None = None) -> Path:
    """Rewrite reports/index.html when a report, a notebook, the set of variants or the library changed."""
    from .site import index_path

    out = Path(out_dir or config.REPORTS_DIR)
    path = index_path(out)
    manifest = manifest or Manifest()
    pages = [(nb.path, nb.report_path(out), tuple(sorted(out.glob(f"{nb.name}--*.html"))))
             for nb in notebooks(None, notebooks_dir)]
    variant_names = [v.name for _, _, variants in pages for v in variants]
    key_of = KeyFunction("index", library_digest(), "\n".join(variant_names))
    dependencies = [str(p) for notebook, report, _ in pages for p in (notebook, report)]
    if manifest.is_fresh(path, key_of):
        return path
    import nbformat

    from .site import card_for, render_index

    cards = []
    for notebook_path, report, variants in pages:
        nb = nbformat.read(notebook_path, as_version=4)
        cards.append(card_for(report, title_of(nb), description_of(nb), variants))
    atomic_write_text(path, render_index(cards, PROJECT_TITLE))
    manifest.record(path, key_of(dependencies), dependencies, [path])
    return path
