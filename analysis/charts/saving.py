"""Writing files atomically, and figures as byte-reproducible PNG and SVG."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is imported only when a figure is saved
    from matplotlib.figure import Figure

FORMATS = ("png", "svg")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a partial one.

    The bytes go to a temporary file in the same folder, are flushed to disk, then renamed over `path`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def figure_bytes(fig: "Figure", fmt: str) -> bytes:
    """The figure rendered as `fmt` ('png' or 'svg'), identical bytes for identical figures.

    No date or software version is written; the chart's title and alt text go into the file's
    metadata (PNG text chunks, SVG Dublin Core).
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
    with styled():  # svg.hashsalt and svg.fonttype are read when saving
        fig.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def save_figure(fig: "Figure", directory: Path, name: str) -> list[Path]:
    """Write `directory/name.png` and `directory/name.svg`; both are rendered before either is written."""
    rendered = {fmt: figure_bytes(fig, fmt) for fmt in FORMATS}
    paths = []
    for fmt, data in rendered.items():
        path = Path(directory) / f"{name}.{fmt}"
        atomic_write_bytes(path, data)
        paths.append(path)
    return paths
