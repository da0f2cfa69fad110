"""Showing charts in notebooks: the same PNG bytes as the saved figures, with alt text attached."""

from __future__ import annotations

import base64
import html

import pandas as pd
from matplotlib.figure import Figure

from .charts.saving import figure_bytes
from .charts.style import alt_text

#: Width (in CSS pixels) at which charts are shown; the PNG has 1.5× as many pixels, for sharp screens.
DISPLAY_WIDTH = 800


def show(fig: Figure) -> None:
    """Display a chart as a PNG with its alt text, in every front end and HTML export.

    The alt text is sent twice: as the `alt` metadata of the `image/png` output, and in a `text/html`
    `<img>` with an escaped `alt` attribute. The HTML is what JupyterLab and nbconvert render (they prefer
    it to the PNG), because nbconvert's default `lab` template ignores the metadata and would leave the
    image without alt text. The wrapper carries JupyterLab's class for image outputs, so the chart is
    styled and found as one.
    """
    from IPython.display import display

    png = base64.b64encode(figure_bytes(fig, "png")).decode("ascii")
    description = alt_text(fig)
    img = (
        f'<div class="jp-RenderedImage"><img src="data:image/png;base64,{png}" '
        f'alt="{html.escape(description, quote=True)}" width="{DISPLAY_WIDTH}"></div>'
    )
    display(
        {"text/html": img, "image/png": png, "text/plain": description},
        metadata={"image/png": {"alt": description, "width": DISPLAY_WIDTH}},
        raw=True,
    )


def table(frame: pd.DataFrame) -> None:
    """Display a table without its index; cell text is HTML-escaped, and the markup is the same every run."""
    from IPython.display import display

    html = frame.to_html(index=False, escape=True, border=0, na_rep="")
    display({"text/html": html, "text/plain": frame.to_string(index=False)}, raw=True)


def note(markdown: str) -> None:
    """Display a short text computed from the data as Markdown (it reads as prose in the report)."""
    from IPython.display import display

    if markdown:
        display({"text/markdown": markdown, "text/plain": markdown}, raw=True)
