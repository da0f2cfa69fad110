"""The one chart style: palette, the style context, and the standard frame of every chart.

Every chart has a title that states its finding, a subtitle with the unit, a footer with its sources
and notes, and alt text. `new_chart` lays these out at fixed positions, so output does not depend on
the machine or on automatic layout.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import config

#: Okabe-Ito colours (colour-blind safe), by name.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
#: Colours strong enough for thin lines and text on white (Okabe-Ito without yellow).
LINE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
GREY = "#777777"
LIGHT_GREY = "#BBBBBB"
TEXT = "#222222"

WIDTH_IN = 8.0
_TITLE_PT, _SUBTITLE_PT, _FOOTER_PT = 13, 10, 7.5
_ALT_ATTRIBUTE = "_analysis_alt_text"


@contextmanager
def styled() -> Iterator[None]:
    """Apply the project style (from `analysis.mplstyle`) for the duration of the block."""
    with matplotlib.style.context(config.STYLE_FILE):
        yield


def _wrap(text: str, width: int) -> list[str]:
    return [line for paragraph in text.split("\n") for line in textwrap.wrap(paragraph, width)] or [""]


def new_chart(
    title: str,
    subtitle: str,
    footer: str,
    *,
    height: float = 5.0,
    left: float = 0.9,
    right: float = 0.3,
    bottom: float = 0.55,
    top: float = 0.0,
) -> tuple[Figure, Axes]:
    """A figure with the standard frame and one axes; margins in inches (`top`: extra room above the axes).

    Call inside `styled()`. The title is bold at the top left, the subtitle under it, the footer
    (sources and notes) at the bottom left; the axes fill the space between.
    """
    title_lines = _wrap(title, 66)
    subtitle_lines = _wrap(subtitle, 92)
    footer_lines = _wrap(footer, 124)
    header_in = 0.15 + len(title_lines) * 0.25 + len(subtitle_lines) * 0.19 + 0.2 + top
    footer_in = 0.12 + len(footer_lines) * 0.14
    total_height = height + header_in + footer_in
    fig = Figure(figsize=(WIDTH_IN, total_height))
    FigureCanvasAgg(fig)  # a canvas to measure text with, without pyplot's global state
    x0 = 0.12 / WIDTH_IN
    y = 1 - 0.15 / total_height
    fig.text(x0, y, "\n".join(title_lines), fontsize=_TITLE_PT, fontweight="bold", color=TEXT, va="top")
    y -= len(title_lines) * 0.25 / total_height
    fig.text(x0, y, "\n".join(subtitle_lines), fontsize=_SUBTITLE_PT, color="#444444", va="top")
    fig.text(x0, 0.1 / total_height, "\n".join(footer_lines), fontsize=_FOOTER_PT, color="#555555", va="bottom")
    ax = fig.add_axes(
        (
            left / WIDTH_IN,
            (footer_in + bottom) / total_height,
            1 - (left + right) / WIDTH_IN,
            (height - bottom) / total_height,
        )
    )
    return fig, ax


def set_alt_text(fig: Figure, text: str) -> None:
    """Attach alt text (a plain description for screen readers) to a figure."""
    setattr(fig, _ALT_ATTRIBUTE, " ".join(text.split()))


def alt_text(fig: Figure) -> str:
    """The figure's alt text; every chart of the package sets one."""
    text = getattr(fig, _ALT_ATTRIBUTE, "")
    if not text:
        raise ValueError("this figure has no alt text; chart functions set one with set_alt_text()")
    return text


def chart_title(fig: Figure) -> str:
    """The title line(s) of a chart made with `new_chart`, joined into one line."""
    return " ".join(fig.texts[0].get_text().split())
