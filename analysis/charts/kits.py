"""A kit beside every figure: `NAME.csv` (exactly the rows the chart plots, with units and source ids) and
`NAME.metadata.json` (title, subtitle, notes, each source with its citation, address and check, the licence,
how to cite the figure and the data version it was built from).

Neither file holds a clock time, so the same data gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import atomic_write_bytes

if TYPE_CHECKING:  # pandas and matplotlib are imported only when a figure is built
    import pandas as pd
    from matplotlib.figure import Figure

    from ..data.package import PackageInfo


def kit_csv(rows: "pd.DataFrame") -> bytes:
    """The rows as UTF-8 CSV with a header, '\\n' line ends and no index."""
    return rows.to_csv(index=False, lineterminator="\n", float_format="%.15g").encode("utf-8")


def kit_metadata(name: str, description: str, figure: "Figure", rows: "pd.DataFrame", sources: "pd.DataFrame",
                 package: "PackageInfo", data: dict) -> bytes:
    """The figure's metadata as JSON (keys in a fixed order, two-space indent, UTF-8, a final newline).

    `data` is the version of the files it was drawn from (`files_version`)."""
    from ..compute.figure_rows import source_ids
    from ..data.package import chart_credit
    from .style import alt_text, chart_title

    footer = " ".join(figure.texts[-1].get_text().split())
    note = footer.split(" Note: ", 1)[1] if " Note: " in footer else ""
    by_id = sources.set_index("id")
    cited = []
    for source_id in source_ids(rows):
        row = by_id.loc[source_id]
        cited.append({
            "id": source_id,
            "citation": row["citation"],
            "producer": row["producer"],
            "title": row["title"],
            "url": None if row.isna()["url"] else row["url"],
            "licence": row["licence"],
            "checked": row["checked"],
            "check": row["check"],
        })
    title = chart_title(figure)
    metadata = {
        "name": name,
        "title": title,
        "subtitle": " ".join(figure.texts[1].get_text().split()),
        "description": description,
        "alt_text": alt_text(figure),
        "notes": note,
        "columns": list(rows.columns),
        "sources": cited,
        "licence": {"name": package.licence, "url": package.licence_url},
        "credit": chart_credit(),
        "cite": (f"{'; '.join(package.contributors)}, \u201c{title}\u201d, figure {name} in {package.title}, version "
                 f"{package.version} (data files version {data['version']}), {package.licence}. Cite the original "
                 "sources above with it."),
        "data_version": data["version"],
        "data_files": data["files"],
        "files": {fmt: f"{name}.{fmt}" for fmt in ("png", "svg", "csv")},
    }
    return (json.dumps(metadata, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_figure_files(name: str, figure: "Figure", rows: "pd.DataFrame", out: Path, reads: Iterable[Path],
                       data_dir: Path | None = None, rendered: Mapping[str, bytes] | None = None) -> list[Path]:
    """Write a figure's PNG and SVG and its kit into `out` (each file atomically, all rendered first).

    `reads` are the data files the figure was drawn from: the kit names their version. `rendered` holds
    formats already rendered from this figure (the PNG a notebook displayed), used as they are.
    """
    from ..data.load import load_sources
    from ..data.package import files_version, package_info
    from .registry import FIGURES
    from .saving import FORMATS, figure_bytes

    rendered = rendered or {}
    files = {out / f"{name}.{fmt}": rendered.get(fmt) or figure_bytes(figure, fmt) for fmt in FORMATS}
    files[out / f"{name}.csv"] = kit_csv(rows)
    files[out / f"{name}.metadata.json"] = kit_metadata(
        name, FIGURES[name].description, figure, rows, load_sources(data_dir), package_info(data_dir),
        files_version(sorted(reads)))
    for path, data in files.items():
        atomic_write_bytes(path, data)
    return list(files)
