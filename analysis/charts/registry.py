"""The registry of figures that `python -m analysis figures` writes to `figures/`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config
from .saving import save_figure

if TYPE_CHECKING:  # pandas and matplotlib are imported only when a figure is drawn
    import pandas as pd
    from matplotlib.figure import Figure


def _chart(name: str) -> Callable:
    """A chart function of analysis.charts, imported when first drawn."""
    return getattr(import_module(__package__), name)


def _claims():
    return import_module("..compute.claims", __package__)


def _adoption():
    return import_module("..compute.adoption", __package__)


@dataclass(frozen=True)
class FigureSpec:
    """A figure: its file name, the tables it reads, and how to draw it from them."""

    name: str
    description: str
    tables: tuple[str, ...]
    draw: Callable[[dict[str, "pd.DataFrame"]], "Figure"]

    def make(self, tables: dict[str, "pd.DataFrame"]) -> "Figure":
        return self.draw(tables)


FIGURES: dict[str, FigureSpec] = {
    spec.name: spec
    for spec in (
        FigureSpec(
            "summit-adoption-comparison",
            "Adoption times stated at the summit, with speed-ups against the automobile",
            ("adoption", "sources"),
            lambda t: _chart("summit_comparison")(t["adoption"], t["sources"]),
        ),
        FigureSpec(
            "adoption-trend",
            "Time to 100 million against launch year, with a log-linear trend",
            ("adoption", "sources"),
            lambda t: _chart("adoption_trend")(t["adoption"], t["sources"]),
        ),
        FigureSpec(
            "household-adoption",
            "Share of US households with each technology over time",
            ("household_adoption", "sources"),
            lambda t: _chart("household_curves")(t["household_adoption"], t["sources"]),
        ),
        FigureSpec(
            "summit-programme",
            "The summit's sessions by day, with format and published times",
            ("sessions", "sources"),
            lambda t: _chart("programme_chart")(t["sessions"], t["sources"]),
        ),
        FigureSpec(
            "summit-themes",
            "Themes of the sessions by day",
            ("sessions", "session_themes", "sources"),
            lambda t: _chart("themes_heatmap")(t["sessions"], t["session_themes"], t["sources"]),
        ),
        FigureSpec(
            "summit-sectors",
            "Speakers and organisations by sector",
            ("people", "organisations", "session_people", "sources"),
            lambda t: _chart("sector_chart")(t["people"], t["organisations"], t["session_people"], t["sources"]),
        ),
        FigureSpec(
            "ncmec-reports",
            "NCMEC CyberTipline reports per year, 2019-2024, with the 2024 counting change",
            ("statistics", "sources"),
            lambda t: _chart("ncmec_reports")(t["statistics"], t["sources"]),
        ),
        FigureSpec(
            "iwf-reports",
            "IWF reports assessed and webpages confirmed per year, 2019-2024",
            ("statistics", "sources"),
            lambda t: _chart("iwf_reports")(t["statistics"], t["sources"]),
        ),
        FigureSpec(
            "childlight-prevalence",
            "Childlight 2024 prevalence estimates, children and men",
            ("statistics", "sources"),
            lambda t: _chart("childlight_prevalence")(t["statistics"], t["sources"]),
        ),
        FigureSpec(
            "claims-vs-evidence",
            "Each number said at the summit against the closest published figure, by verdict",
            ("adoption", "statistics", "sources"),
            lambda t: _chart("claims_chart")(_claims().claims_table(t["adoption"], t["statistics"]), t["sources"]),
        ),
        FigureSpec(
            "halving-time",
            "Halving time of the time to 100 million, all figures and user counts only, with intervals",
            ("adoption", "sources"),
            lambda t: _chart("halving_chart")(
                _adoption().reference_points(t["adoption"]), _claims().halving_sensitivity(t["adoption"]), t["sources"]
            ),
        ),
    )
}


def make_figure(name: str, data_dir: Path | None = None) -> "Figure":
    """Draw registered figure `name` from freshly loaded data."""
    from ..data.load import LOADERS

    spec = FIGURES[name]
    return spec.make({table: LOADERS[table](data_dir) for table in spec.tables})


def save_figure_named(name: str, out_dir: Path | None = None, data_dir: Path | None = None) -> list[Path]:
    """Draw registered figure `name` and write it as PNG and SVG; returns the two paths."""
    return save_figure(make_figure(name, data_dir), Path(out_dir or config.FIGURES_DIR), name)


def write_figures(
    names: Iterable[str] | None = None, out_dir: Path | None = None, data_dir: Path | None = None
) -> list[Path]:
    """Write the named figures (all by default), without consulting the build record.

    All data is validated before any file is written, so bad data leaves the folder untouched.
    """
    from ..build.pipeline import build_figures
    from ..build.cache import Manifest

    results = build_figures(names, out_dir=out_dir, data_dir=data_dir, force=True, manifest=Manifest.in_memory(),
                            show_progress=False)
    return [p for r in results for p in r.outputs]
