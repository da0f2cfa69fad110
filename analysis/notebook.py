"""What the notebooks call to show results: figures (the same PNG bytes as figures/), tables and notes.

`show_figure("NAME")` draws a registered figure from the data. When the build runs the notebook, it
tells the kernel (through `$ANALYSIS_FIGURES`) which figures are up to date in figures/ and which it is
drawing meanwhile: those are shown from their files, with the same bytes and alt text, so that no figure
is drawn twice and the kernel need not import matplotlib.
"""

from __future__ import annotations

import base64
import html
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import config

if TYPE_CHECKING:  # pandas and matplotlib are imported when a figure or table is shown
    from collections.abc import Iterable

    import pandas as pd
    from matplotlib.figure import Figure

#: The sources cited in this kernel's tables and behind its charts so far, in first-seen order (a dict used as
#: an ordered set).
_CITED: dict[str, None] = {}


#: Width (in CSS pixels) at which charts are shown; the PNG has 1.5× as many pixels, for sharp screens.
DISPLAY_WIDTH = 800


def _display_png(png: bytes, description: str) -> None:
    """Display PNG bytes with their alt text, in every front end and HTML export.

    The alt text is sent twice: as the `alt` metadata of the `image/png` output, and in a `text/html`
    `<img>` with an escaped `alt` attribute. The HTML is what JupyterLab and nbconvert render (they prefer
    it to the PNG), because nbconvert's default `lab` template ignores the metadata and would leave the
    image without alt text. The wrapper carries JupyterLab's class for image outputs, so the chart is
    styled and found as one.
    """
    from IPython.display import display

    encoded = base64.b64encode(png).decode("ascii")
    img = (
        f'<div class="jp-RenderedImage"><img src="data:image/png;base64,{encoded}" '
        f'alt="{html.escape(description, quote=True)}" width="{DISPLAY_WIDTH}"></div>'
    )
    display(
        {"text/html": img, "image/png": encoded, "text/plain": description},
        metadata={"image/png": {"alt": description, "width": DISPLAY_WIDTH}},
        raw=True,
    )


def show(fig: "Figure") -> None:
    """Display a chart as a PNG with its alt text (the bytes `python -m analysis figures` would write)."""
    _show_png(fig)


def _show_png(fig: "Figure") -> bytes:
    """`show`, returning the PNG's bytes (so that a figure's files need not render it again)."""
    from .charts.saving import figure_bytes
    from .charts.style import alt_text

    png = figure_bytes(fig, "png")
    _display_png(png, alt_text(fig))
    return png


def _exchange() -> dict | None:
    """What the build that runs this notebook says about figures (`$ANALYSIS_FIGURES`), or None outside it.

    `dir`: the figures folder; `fresh`: the figures up to date there; `pending`: those the build is drawing
    meanwhile, each announced in the file `ready` (one JSON object a line, with its name and status) when done;
    `kits`: the folder beside the report where a figure drawn in the kernel writes its files (PNG, SVG, CSV and
    metadata), which the report links.
    """
    value = os.environ.get(config.FIGURES_VARIABLE)
    return json.loads(value) if value else None


def _announced(name: str, ready: Path) -> bool:
    """Wait until the build announces figure `name` in `ready`: True when it was drawn, False when it failed.

    The build announces every pending figure, drawn or not, even when its figure step stops early; the
    cell's time limit bounds the wait in any case.
    """
    while True:
        text = ready.read_text(encoding="utf-8") if ready.exists() else ""
        for entry in map(json.loads, text.split("\n")[:-1]):  # complete lines only
            if entry["name"] == name:
                return entry["status"] == "built"
        time.sleep(0.02)


def show_figure(name: str, **options: Any) -> None:
    """Display registered figure `name` (see `python -m analysis list`), drawn with `options` if given.

    Under the build, a figure with its default options is shown from its file in figures/, as soon as it
    is up to date there (the build draws the figures while it runs the notebooks); elsewhere, or with
    other options, it is drawn here. Under it go links to the chart's PNG, SVG, CSV and metadata (in a
    report, its own `figures/` folder; in JupyterLab, the project's), and its sources join the report's
    Sources section.
    """
    from .charts.registry import FIGURES

    spec = FIGURES[name]
    default = all(spec.options.get(k) == v for k, v in options.items())
    exchange = _exchange() if default else None
    path = Path(exchange["dir"]) / f"{name}.png" if exchange else None
    from_file = bool(exchange) and (
        (name in exchange["fresh"] and path.is_file())
        or (name in exchange.get("pending", []) and _announced(name, Path(exchange["ready"]))))
    if from_file:  # the build copies its files beside the report
        _show_file(path)
    else:
        from .charts.kits import write_figure_files
        from .charts.registry import draw_figure
        from .compute.figure_rows import source_ids
        from .data.tables import recording_reads

        with recording_reads() as reads:
            figure, rows = draw_figure(name, **options)
        png = _show_png(figure)
        _CITED.update(dict.fromkeys(source_ids(rows)))
        if exchange and exchange.get("kits"):  # under the build: this page's own files, from this drawing
            write_figure_files(name, figure, rows, Path(exchange["kits"]), reads, rendered={"png": png})
    if exchange and (from_file or exchange.get("kits")):
        _show_kit_links(name, "figures")
    elif default and not _exchange():  # in JupyterLab: the project's figures (made by `make figures`)
        _show_kit_links(name, "../figures")
    else:
        _show_html('<p class="figure-kit">This chart is drawn with other options than the default, so it has no '
                   "downloadable files; the default chart's files are in the project's figures folder.</p>")


def _show_html(markup: str) -> None:
    from IPython.display import display

    display({"text/html": markup, "text/plain": ""}, raw=True)


def _show_kit_links(name: str, folder: str) -> None:
    """Links under a chart to its PNG, SVG, CSV (the rows it plots) and metadata (sources, licence, citation)."""
    from .text.markup import html_escape

    files = (("png", "PNG"), ("svg", "SVG (editable text)"), ("csv", "CSV: the rows plotted"),
             ("metadata.json", "metadata: sources, licence, how to cite"))
    links = " · ".join(f'<a href="{html_escape(f"{folder}/{name}.{suffix}")}">{label}</a>' for suffix, label in files)
    _show_html(f'<p class="figure-kit">Get this chart and its data: {links}</p>')


def _show_file(png_path: Path) -> None:
    """Display a figure's PNG file with the alt text stored in it, as `show` would display the figure."""
    from .charts.saving import png_description
    from .data.tables import note_read

    png = png_path.read_bytes()
    note_read(png_path)  # the report depends on the figure's bytes (which the build redraws when its data changes)
    _display_png(png, png_description(png))
    metadata = png_path.with_name(png_path.name.removesuffix(".png") + ".metadata.json")
    if metadata.is_file():  # the sources of the rows it plots, for the report's Sources section
        note_read(metadata)
        _CITED.update(dict.fromkeys(s["id"] for s in json.loads(metadata.read_text(encoding="utf-8"))["sources"]))


def table(frame: "pd.DataFrame", sources: "pd.DataFrame | None" = None) -> None:
    """Display a table without its index; every cell and heading is HTML-escaped, and the markup is the
    same every run. With `sources` (sources.csv), each citation in a *Source* or *Sources* column links to
    its source's address (citations in one cell are separated by '; ')."""
    from IPython.display import display

    from .text.markup import html_escape, html_link

    urls = {} if sources is None else dict(zip(sources["citation"], sources["url"], strict=True))
    ids = {} if sources is None else dict(zip(sources["citation"], sources["id"], strict=True))

    def linked(cell: object) -> str:
        text = "" if _missing(cell) else str(cell)
        parts = [text] if text in urls else text.split("; ")
        for part in parts:
            if part in ids:
                _CITED.setdefault(ids[part])
        return "; ".join(html_link(p, urls[p]) if p in urls else html_escape(p) for p in parts)

    shown = frame.copy()
    for column in shown.columns:
        link = column in ("Source", "Sources") and urls
        shown[column] = [linked(c) if link else ("" if _missing(c) else html_escape(str(c))) for c in shown[column]]
    shown.columns = [html_escape(str(c)) for c in shown.columns]
    markup = shown.to_html(index=False, escape=False, border=0, na_rep="")
    display({"text/html": markup, "text/plain": frame.to_string(index=False)}, raw=True)


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, (list, tuple)) and bool(pd.isna(value)))


def end_matter(report_title: str, *also: "Iterable[str]") -> None:
    """The end of a report: its Sources section (every source cited in its tables and behind its charts, then
    the source ids in `also`, each with address, check and licence) and how to cite the report (the data
    package's title, version, data version and licence)."""
    from .data.load import load_sources
    from .data.package import package_info
    from .text.citations import cited, report_citation, sources_section

    sources = load_sources()
    known = set(sources["id"])
    note(sources_section(sources, [i for i in cited(list(_CITED), *also) if i in known]))
    note(report_citation(report_title, package_info()))


def note(markdown: str) -> None:
    """Display a short text computed from the data, written in Markdown with every data value passed through
    `analysis.text.markup.md`; it is rendered to HTML that runs nothing (see `note_html`)."""
    from IPython.display import display

    from .text.markup import note_html

    if markdown:
        display({"text/html": note_html(markdown), "text/plain": markdown}, raw=True)
