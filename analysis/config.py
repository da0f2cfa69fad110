"""Every path the project uses, derived from the package location.

Nothing else in the project hard-codes a path; notebooks never do.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
DESCRIPTOR_NAME = "datapackage.json"
FIGURES_DIR = PROJECT_ROOT / "figures"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PACKAGE_DIR = Path(__file__).resolve().parent
STYLE_FILE = PACKAGE_DIR / "charts" / "analysis.mplstyle"
TEMPLATES_DIR = PACKAGE_DIR / "build" / "templates"
#: The build's record of what it built from what, and validated tables (safe to delete).
#: `$ANALYSIS_CACHE_DIR` moves it (the benchmarks use a fresh one for cold builds).
CACHE_DIR = Path(os.environ.get("ANALYSIS_CACHE_DIR") or PROJECT_ROOT / ".cache")
#: The files written for every figure: the chart, and its kit (the rows it plots, and its metadata).
FIGURE_SUFFIXES = (".png", ".svg", ".csv", ".metadata.json")
#: Environment variable that points the loaders (and the notebooks they run in) at another data folder.
DATA_DIR_VARIABLE = "ANALYSIS_DATA_DIR"
#: Environment variable naming a file to which every data file read is appended (set by the build for kernels).
READ_LOG_VARIABLE = "ANALYSIS_READ_LOG"
#: Environment variable (set by the build for kernels) naming the figures folder, the figures in it that are
#: up to date and those the build is drawing meanwhile: `show_figure` shows those from their files.
FIGURES_VARIABLE = "ANALYSIS_FIGURES"


def data_dir() -> Path:
    """The data folder: `$ANALYSIS_DATA_DIR` when set, else `data/` of the project."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override).resolve() if override else DATA_DIR


def display_path(path: Path) -> str:
    """A path as a person should read it in a message: relative to the project when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)
