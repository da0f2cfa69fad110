"""The figure step: write each registered figure that is missing or out of date, as PNG and SVG, with its kit
(`NAME.csv` and `NAME.metadata.json`, see `analysis.build.kits`).

A figure is rebuilt when the library, the key package versions, the data folder or a data file it read
changed, or when its file no longer has the bytes that were written. Failures are reported and never
recorded as fresh; the previous file stays in place.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .. import config
from ..files import WriteError, exclusive_build
from .cache import KeyFunction, Manifest, fixed_key_parts
from .progress import Progress, Result


def build_figures(names: Iterable[str] | None = None, **options) -> list[Result]:
    """Write the named figures (all when `names` is None) that are missing or out of date; all with `force`.

    Options: out_dir, data_dir, force, manifest, show_progress, on_result. All data is validated first, so bad
    data raises DataError before any file is written. Runs under the build lock.
    """
    with exclusive_build(Path(options.get("out_dir") or config.FIGURES_DIR)):
        return _build_figures(names, **options)


def write_figures(
    names: Iterable[str] | None = None, out_dir: Path | None = None, data_dir: Path | None = None
) -> list[Path]:
    """Write the named figures (all by default), without consulting the build record."""
    results = build_figures(names, out_dir=out_dir, data_dir=data_dir, force=True, manifest=Manifest.in_memory(),
                            show_progress=False)
    return [p for r in results for p in r.outputs]


def figure_keys(names: Iterable[str], data_dir: Path | None = None) -> dict[str, KeyFunction]:
    """The key function of each named figure."""
    library, versions, data_folder = fixed_key_parts(data_dir)
    return {name: KeyFunction("figure", name, library, versions, data_folder) for name in names}


def stale_figures(manifest: Manifest, out_dir: Path | None = None, data_dir: Path | None = None, *,
                  names: Iterable[str] | None = None, force: bool = False) -> list[str]:
    """The figures (registered ones unless `names`) whose files in `out_dir` are missing or out of date for
    the data in `data_dir`; all of them with `force`."""
    from ..charts.registry import FIGURES

    out = Path(out_dir or config.FIGURES_DIR)
    keys = figure_keys(FIGURES if names is None else names, data_dir)
    return [name for name, key in keys.items() if force or not manifest.is_fresh(out / f"{name}.png", key)]


def fresh_figures(manifest: Manifest, out_dir: Path | None = None, data_dir: Path | None = None) -> list[str]:
    """The registered figures whose files in `out_dir` are up to date for the data in `data_dir`."""
    from ..charts.registry import FIGURES

    stale = stale_figures(manifest, out_dir, data_dir)
    return [name for name in FIGURES if name not in stale]


def _build_figures(
    names: Iterable[str] | None = None,
    *,
    out_dir: Path | None = None,
    data_dir: Path | None = None,
    force: bool = False,
    manifest: Manifest | None = None,
    show_progress: bool = True,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    from ..charts.registry import FIGURES

    selected = list(FIGURES) if names is None else list(names)
    unknown = [n for n in selected if n not in FIGURES]
    if unknown:
        raise KeyError(f"unknown figure(s): {', '.join(unknown)}; known: {', '.join(FIGURES)}")
    manifest = manifest or Manifest()
    out = Path(out_dir or config.FIGURES_DIR)
    keys = figure_keys(selected, data_dir)
    stale = set(stale_figures(manifest, out, data_dir, names=selected, force=force))
    if stale:
        # Only now are pandas and matplotlib imported; bad data stops the build before any file is written.
        from ..data.load import load_all

        load_all(data_dir)
    progress = Progress(len(selected), "figures", enabled=show_progress)
    results = []
    try:
        for name in selected:
            if name in stale:
                try:
                    result = _build_figure(name, out, data_dir, keys[name], manifest)
                except WriteError:
                    raise  # the folder cannot be written (read-only, full): no figure can be, so stop here
                except Exception as exc:  # a chart that cannot be drawn fails alone; its old file stays
                    manifest.forget(out / f"{name}.png")
                    result = Result("figure", name, "failed", message=f"figure {name}: {type(exc).__name__}: {exc}")
            else:
                result = Result("figure", name, "cached")
            results.append(result)
            progress.update(result)
            if on_result is not None:
                on_result(result)
    finally:
        progress.close()
    return results


def _build_figure(name: str, out: Path, data_dir: Path | None, key_of: KeyFunction, manifest: Manifest) -> Result:
    from ..charts.kits import write_figure_files
    from ..charts.registry import draw_figure
    from ..data.load import load_sources
    from ..data.tables import recording_reads

    started = time.perf_counter()
    with recording_reads() as reads:
        figure, rows = draw_figure(name, data_dir)
        load_sources(data_dir)
    # The figure depends on the files it read, and its kit names their version (not the whole package's), so
    # a change to a table it does not draw leaves it as it is.
    paths = write_figure_files(name, figure, rows, out, reads, data_dir)
    dependencies = [str(p) for p in reads]
    manifest.record(out / f"{name}.png", key_of(dependencies), dependencies, paths)
    return Result("figure", name, "built", time.perf_counter() - started, outputs=tuple(paths))
