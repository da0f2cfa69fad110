"""The registry of figures: each is a chart function drawn from one computed result and the sources.

A figure is `chart(prepare(*tables, **options), sources)`: `prepare` names the function (of
`analysis.compute`, or of `analysis.text` where the chart shows labelled rows) that turns the
validated tables into what the chart draws; the chart only draws. `options` are the keyword
arguments a notebook may change (with their defaults); `python -m analysis figures` draws the defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas and matplotlib are imported only when a figure is drawn
    import pandas as pd
    from matplotlib.figure import Figure


def _resolve(dotted: str) -> Callable:
    """'compute.adoption.trend' -> the function analysis.compute.adoption.trend (imported on first use)."""
    module, name = dotted.rsplit(".", 1)
    return getattr(import_module(f"...{module}", __name__), name)


@dataclass(frozen=True)
class FigureSpec:
    """A figure: its file name, what it shows, the chart that draws it and what the chart is drawn from."""

    name: str
    description: str
    #: A chart function of `analysis.charts` (its name, or the function itself).
    chart: str | Callable
    #: The tables `prepare` reads, in the order of its arguments.
    tables: tuple[str, ...]
    #: 'compute.MODULE.FUNCTION' (or 'text.…'); None passes the single table on as it is.
    prepare: str | None = None
    #: Keyword arguments of `prepare` that a notebook may set, with their defaults.
    options: Mapping[str, Any] = field(default_factory=dict)
    #: 'compute.figure_rows.FUNCTION': the rows the chart plots, from what it draws (the CSV of its kit).
    rows: str | None = None

    def data(self, tables: Mapping[str, "pd.DataFrame"], **options: Any) -> Any:
        """What the chart draws, computed from the loaded tables."""
        unknown = set(options) - set(self.options)
        if unknown:
            raise TypeError(f"figure {self.name} has no option {', '.join(sorted(unknown))}; "
                            f"its options are: {', '.join(self.options) or 'none'}")
        arguments = [tables[t] for t in self.tables]
        if self.prepare is None:
            (single,) = arguments
            return single
        return _resolve(self.prepare)(*arguments, **{**self.options, **options})

    def make(self, tables: Mapping[str, "pd.DataFrame"], **options: Any) -> "Figure":
        """Draw the figure from the loaded tables (which include 'sources')."""
        return self.draw(tables, **options)[0]

    def draw(self, tables: Mapping[str, "pd.DataFrame"], **options: Any) -> tuple["Figure", "pd.DataFrame"]:
        """The figure and the rows it plots (see `rows`), from one computation of what it draws."""
        chart = self.chart if callable(self.chart) else getattr(import_module("..", __name__), self.chart)
        data = self.data(tables, **options)
        if self.rows is None:
            raise ValueError(f"figure {self.name} does not say which rows it plots (FigureSpec.rows)")
        return chart(data, tables["sources"]), _resolve(self.rows)(data)

    @property
    def reads(self) -> tuple[str, ...]:
        """Every table the figure is drawn from, the sources included."""
        return (*self.tables, "sources")


FIGURES: dict[str, FigureSpec] = {
    spec.name: spec
    for spec in (
        FigureSpec("summit-adoption-comparison",
                   "Adoption times stated at the summit, each with its verdict, and speed-ups against the automobile",
                   "summit_comparison", ("adoption", "statistics"), "compute.claims.summit_adoption_verdicts",
                   options={"baseline": "Automobile"},
                   rows="compute.figure_rows.adoption_comparison_rows"),
        FigureSpec("adoption-trend", "Time to 100 million against launch year, with a log-linear trend",
                   "adoption_trend", ("adoption",), "compute.adoption.trend",
                   rows="compute.figure_rows.trend_rows"),
        FigureSpec("household-adoption",
                   "Share of US households with each technology over time, or of US adults for the Pew survey series",
                   "household_curves", ("household_adoption",), "compute.household.curves",
                   rows="compute.figure_rows.household_rows"),
        FigureSpec("summit-programme", "The summit's sessions and topics by day, with format and published times",
                   "programme_chart", ("sessions",), "compute.summit.programme",
                   rows="compute.figure_rows.programme_rows"),
        FigureSpec("summit-themes", "Themes of the sessions and topics by day",
                   "themes_heatmap", ("sessions", "session_themes"), "compute.summit.theme_grid",
                   rows="compute.figure_rows.theme_rows"),
        FigureSpec("summit-sectors", "Speakers and organisations by sector",
                   "sector_chart", ("people", "organisations", "session_people"), "compute.summit.sector_counts",
                   rows="compute.figure_rows.sector_rows"),
        FigureSpec("ncmec-reports", "NCMEC CyberTipline reports per year, 2019-2024, with the 2024 counting change",
                   "ncmec_reports", ("statistics",), "compute.statistics.ncmec_reports",
                   rows="compute.figure_rows.ncmec_rows"),
        FigureSpec("iwf-reports", "IWF reports assessed and webpages confirmed per year, 2019-2024",
                   "iwf_reports", ("statistics",), "compute.statistics.iwf_reports",
                   rows="compute.figure_rows.iwf_rows"),
        FigureSpec("childlight-prevalence", "Childlight 2024 prevalence estimates, children and men",
                   "childlight_prevalence", ("statistics",),
                   rows="compute.figure_rows.childlight_rows"),
        FigureSpec("claims-vs-evidence",
                   "Each number said at the summit against the closest published figure, by verdict",
                   "claims_chart", ("adoption", "statistics"), "text.claims.claims_table",
                   rows="compute.figure_rows.claims_rows"),
        FigureSpec("halving-time",
                   "Halving time of the time to 100 million, all figures and user counts only, with intervals",
                   "halving_chart", ("adoption",), "compute.adoption.halving",
                   rows="compute.figure_rows.halving_rows"),
    )
}


def make_figure(name: str, data_dir: Path | None = None, **options: Any) -> "Figure":
    """Draw registered figure `name` from freshly loaded data (loaded tables are remembered per process)."""
    return draw_figure(name, data_dir, **options)[0]


def draw_figure(name: str, data_dir: Path | None = None, **options: Any) -> tuple["Figure", "pd.DataFrame"]:
    """Registered figure `name` and the rows it plots, from freshly loaded data."""
    from ..data.load import LOADERS

    spec = FIGURES[name]
    return spec.draw({table: LOADERS[table](data_dir) for table in spec.reads}, **options)
