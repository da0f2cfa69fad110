"""Figures as byte-reproducible PNG and SVG bytes, and saving them atomically."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import atomic_write_bytes

if TYPE_CHECKING:  # matplotlib is imported only when a figure is saved
    from matplotlib.figure import Figure

FORMATS = ("png", "svg")


def figure_bytes(fig: "Figure", fmt: str) -> bytes:
    """The figure rendered as `fmt` ('png' or 'svg'), identical bytes for identical figures.

    No date or software version is written; the chart's title and alt text go into the file's
    metadata (PNG text chunks, SVG Dublin Core). The style sets the rest: PNGs 1,920 pixels wide (8 inches
    at 240 dpi), and SVG text kept as <text> in a named font stack, with ids fixed by `svg.hashsalt`.
    """
    from .style import alt_text, chart_title, styled

    description = alt_text(fig)
    title = chart_title(fig)
    if fmt == "png":
        metadata = {"Software": None, "Title": title, "Description": description}
    elif fmt == "svg":
        metadata = {"Date": None, "Creator": None, "Title": title, "Description": description}
    else:
        raise ValueError(f"unsupported figure format {fmt!r}; expected one of {FORMATS}")
    buffer = io.BytesIO()
    with styled():  # savefig.dpi, svg.hashsalt, svg.fonttype and the font stack are read when saving
        fig.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def png_description(png: bytes) -> str:
    """The alt text stored in a PNG written by `figure_bytes` (its 'Description' text chunk), or ''."""
    from PIL import Image

    return Image.open(io.BytesIO(png)).text.get("Description", "")


def save_figure(fig: "Figure", directory: Path, name: str) -> list[Path]:
    """Write `directory/name.png` and `directory/name.svg`; both are rendered before either is written."""
    rendered = {fmt: figure_bytes(fig, fmt) for fmt in FORMATS}
    paths = []
    for fmt, data in rendered.items():
        path = Path(directory) / f"{name}.{fmt}"
        atomic_write_bytes(path, data)
        paths.append(path)
    return paths
