"""The registry of figures that `python -m analysis figures` writes to `figures/`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from . import charts, config
from .load import LOADERS, load_all
from .saving import save_figure


@dataclass(frozen=True)
class FigureSpec:
    """A figure: its file name, the tables it reads, and how to draw it from them."""

    name: str
    description: str
    tables: tuple[str, ...]
    draw: Callable[[dict[str, pd.DataFrame]], Figure]

    def make(self, tables: dict[str, pd.DataFrame]) -> Figure:
        return self.draw(tables)


FIGURES: dict[str, FigureSpec] = {
    spec.name: spec
    for spec in (
        FigureSpec(
            "summit-adoption-comparison",
            "Adoption times stated at the summit, with speed-ups against the automobile",
            ("adoption", "sources"),
            lambda t: charts.summit_comparison(t["adoption"], t["sources"]),
        ),
        FigureSpec(
            "adoption-trend",
            "Time to 100 million against launch year, with a log-linear trend",
            ("adoption", "sources"),
            lambda t: charts.adoption_trend(t["adoption"], t["sources"]),
        ),
        FigureSpec(
            "household-adoption",
            "Share of US households with each technology over time",
            ("household_adoption", "sources"),
            lambda t: charts.household_curves(t["household_adoption"], t["sources"]),
        ),
        FigureSpec(
            "summit-programme",
            "The summit's sessions by day, with format and published times",
            ("sessions", "sources"),
            lambda t: charts.programme_chart(t["sessions"], t["sources"]),
        ),
        FigureSpec(
            "summit-themes",
            "Themes of the sessions by day",
            ("sessions", "session_themes", "sources"),
            lambda t: charts.themes_heatmap(t["sessions"], t["session_themes"], t["sources"]),
        ),
        FigureSpec(
            "summit-sectors",
            "Speakers and organisations by sector",
            ("people", "organisations", "session_people", "sources"),
            lambda t: charts.sector_chart(t["people"], t["organisations"], t["session_people"], t["sources"]),
        ),
        FigureSpec(
            "ncmec-reports",
            "NCMEC CyberTipline reports per year, 2019-2024, with the 2024 counting change",
            ("statistics", "sources"),
            lambda t: charts.ncmec_reports(t["statistics"], t["sources"]),
        ),
        FigureSpec(
            "iwf-reports",
            "IWF reports assessed and webpages confirmed per year, 2019-2024",
            ("statistics", "sources"),
            lambda t: charts.iwf_reports(t["statistics"], t["sources"]),
        ),
        FigureSpec(
            "childlight-prevalence",
            "Childlight 2024 prevalence estimates, children and men",
            ("statistics", "sources"),
            lambda t: charts.childlight_prevalence(t["statistics"], t["sources"]),
        ),
    )
}
assert all(table in LOADERS for spec in FIGURES.values() for table in spec.tables)


def make_figure(name: str, data_dir: Path | None = None) -> Figure:
    """Draw registered figure `name` from freshly loaded data."""
    spec = FIGURES[name]
    return spec.make({table: LOADERS[table](data_dir) for table in spec.tables})


def write_figures(
    names: Iterable[str] | None = None,
    out_dir: Path | None = None,
    data_dir: Path | None = None,
    on_written: Callable[[str, list[Path]], None] | None = None,
) -> list[Path]:
    """Write the named figures (all by default) as PNG and SVG; returns the paths written.

    All data is validated before any file is written, so bad data leaves `figures/` untouched.
    """
    selected = list(names) if names else list(FIGURES)
    unknown = [n for n in selected if n not in FIGURES]
    if unknown:
        raise KeyError(f"unknown figure(s): {', '.join(unknown)}; known: {', '.join(FIGURES)}")
    tables = load_all(data_dir)
    written = []
    for name in selected:
        fig = FIGURES[name].make(tables)
        paths = save_figure(fig, Path(out_dir or config.FIGURES_DIR), name)
        written += paths
        if on_written is not None:
            on_written(name, paths)
    return written
