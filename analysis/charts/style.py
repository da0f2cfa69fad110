"""The one chart style: palette, the style context, and the standard frame of every chart.

Every chart has a title that states its finding, a subtitle with the unit, a footer with its sources
and notes, and alt text. `new_chart` lays these out at fixed positions, so output does not depend on
the machine or on automatic layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

from .. import config

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
#: Light fills for boxes that hold dark text (#222222 on each: at least 7.7:1), by the Okabe-Ito colour each is
#: mixed from with white. Four light tints of different hues collapse for colour-blind readers (the old ones fell
#: to ΔE00 2 under deuteranopia), so these also differ in lightness: every pair stays at least ΔE00 11 apart in
#: normal vision and under simulated protanopia, deuteranopia and tritanopia (tests/test_colour_vision.py).
TINTS = {"sky": "#B1DCF5", "orange": "#F8E2B2", "green": "#66C5AB", "grey": "#E0E0E0"}
GREY = "#777777"
LIGHT_GREY = "#BBBBBB"
#: Context drawn behind highlighted data (the other series of a small multiple): lighter than any data colour.
CONTEXT_GREY = "#CFCFCF"
TEXT = "#222222"

WIDTH_IN = 8.0
#: The widest a line of title, subtitle or footer may be: the figure less a margin each side.
TEXT_WIDTH_IN = WIDTH_IN - 0.4
_TITLE_PT, _SUBTITLE_PT, _FOOTER_PT = 13, 10, 7.5
_ALT_ATTRIBUTE = "_analysis_alt_text"


@contextmanager
def styled() -> Iterator[None]:
    """Apply the project style (from `analysis.mplstyle`) for the duration of the block."""
    with matplotlib.style.context(config.STYLE_FILE):
        yield


_NUMBER = re.compile(r"[0-9][0-9.,]*%?")


@lru_cache(maxsize=4096)
def _text_width(text: str, size: float, weight: str) -> float:
    """Width in points of one line of DejaVu Sans (the bundled font), measured from the glyphs."""
    font = FontProperties(family="DejaVu Sans", size=size, weight=weight)
    return text_to_path.get_text_width_height_descent(text, font, ismath=False)[0]


def _wrap(text: str, size: float, weight: str = "normal", max_width: float = TEXT_WIDTH_IN * 72) -> list[str]:
    """Lines of `text` no wider than `max_width` points, as few as greedy filling needs, but balanced.

    Each paragraph (split at newlines) takes as many lines as filling them greedily would, but its
    breaks are chosen so the lines are as even as possible (the least sum of squared slack): no last
    line holds a lone word while the lines above are full. Widths are measured, not counted in characters.
    """
    lines: list[str] = []
    space = _text_width("x x", size, weight) - 2 * _text_width("x", size, weight)
    for paragraph in text.split("\n"):
        words: list[str] = []
        for word in paragraph.split():
            # A number stays on the line of the word after it ("43 years", not "43" then "years").
            if words and _NUMBER.fullmatch(words[-1]):
                words[-1] += " " + word
            else:
                words.append(word)
        if not words:
            continue
        widths = [_text_width(w, size, weight) for w in words]

        def width(i: int, j: int) -> float:  # words[i:j] on one line
            return sum(widths[i:j]) + space * (j - i - 1)

        def fits(i: int, j: int) -> bool:
            return j - i == 1 or width(i, j) <= max_width

        count, start = 0, 0  # greedy filling: the fewest lines
        while start < len(words):
            end = start + 1
            while end < len(words) and fits(start, end + 1):
                end += 1
            count, start = count + 1, end
        # best[m][j]: least cost of words[:j] in m lines, and where its last line starts.
        inf = float("inf")
        best = [[(inf, -1)] * (len(words) + 1) for _ in range(count + 1)]
        best[0][0] = (0.0, -1)
        for m in range(1, count + 1):
            for j in range(1, len(words) + 1):
                for i in range(j - 1, -1, -1):
                    if not fits(i, j):
                        break
                    previous = best[m - 1][i][0]
                    if previous < inf:
                        cost = previous + max(0.0, max_width - width(i, j)) ** 2
                        if cost < best[m][j][0]:
                            best[m][j] = (cost, i)
        breaks, j = [], len(words)
        for m in range(count, 0, -1):
            i = best[m][j][1]
            breaks.append(" ".join(words[i:j]))
            j = i
        lines += breaks[::-1]
    return lines or [""]


def wrap_text(text: str, size: float, weight: str = "normal", max_width: float = TEXT_WIDTH_IN * 72) -> list[str]:
    """Lines of `text` at `size` points no wider than `max_width` points, balanced (no lone last word)."""
    return _wrap(text, size, weight, max_width)


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
    (sources and notes) at the bottom left, and under it the credit line (`chart_credit`: who made the chart,
    the data package's version and its licence); the axes fill the space between.
    """
    from ..data.package import chart_credit

    title_lines = _wrap(title, _TITLE_PT, "bold")
    subtitle_lines = _wrap(subtitle, _SUBTITLE_PT)
    footer_lines = _wrap(footer, _FOOTER_PT)
    credit_lines = _wrap(chart_credit(), _FOOTER_PT)
    header_in = 0.15 + len(title_lines) * 0.25 + len(subtitle_lines) * 0.19 + 0.2 + top
    footer_in = 0.12 + (len(footer_lines) + len(credit_lines)) * 0.14
    total_height = height + header_in + footer_in
    fig = Figure(figsize=(WIDTH_IN, total_height))
    FigureCanvasAgg(fig)  # a canvas to measure text with, without pyplot's global state
    x0 = 0.12 / WIDTH_IN
    y = 1 - 0.15 / total_height
    fig.text(x0, y, "\n".join(title_lines), fontsize=_TITLE_PT, fontweight="bold", color=TEXT, va="top")
    y -= len(title_lines) * 0.25 / total_height
    fig.text(x0, y, "\n".join(subtitle_lines), fontsize=_SUBTITLE_PT, color="#444444", va="top")
    # The credit line under the footer, so it survives a screenshot; drawn first, so the footer stays the last text.
    fig.text(x0, 0.1 / total_height, "\n".join(credit_lines), fontsize=_FOOTER_PT, color="#555555", va="bottom")
    fig.text(x0, (0.1 + len(credit_lines) * 0.14) / total_height, "\n".join(footer_lines), fontsize=_FOOTER_PT,
             color="#555555", va="bottom")
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
