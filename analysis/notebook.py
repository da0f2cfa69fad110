"""Showing charts in notebooks: the same PNG bytes as the saved figures, with alt text attached."""

from __future__ import annotations

import base64

import pandas as pd
from matplotlib.figure import Figure

from .saving import figure_bytes
from .style import alt_text

#: Width (in CSS pixels) at which charts are shown; the PNG has 1.5× as many pixels, for sharp screens.
DISPLAY_WIDTH = 800


def show(fig: Figure) -> None:
    """Display a chart as a PNG with its alt text (used by the HTML reports as the image's alt)."""
    from IPython.display import display

    png = base64.b64encode(figure_bytes(fig, "png")).decode("ascii")
    description = alt_text(fig)
    display(
        {"image/png": png, "text/plain": description},
        metadata={"image/png": {"alt": description, "width": DISPLAY_WIDTH}},
        raw=True,
    )


def table(frame: pd.DataFrame) -> None:
    """Display a table without its index; cell text is HTML-escaped, and the markup is the same every run."""
    from IPython.display import display

    html = frame.to_html(index=False, escape=True, border=0, na_rep="")
    display({"text/html": html, "text/plain": frame.to_string(index=False)}, raw=True)
