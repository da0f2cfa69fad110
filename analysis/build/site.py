"""The index page of the reports: one card per report with its title, a sentence and a thumbnail.

The thumbnail is a smaller copy of the first figure the notebook shows, taken from `figures/` (not
from the report's HTML); the page is rendered from `templates/site/index.html.j2` with every value
escaped.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..files import atomic_write_text, library_digest
from .cache import KeyFunction, Manifest
from .execute import notebooks, shown_figures
from .export import description_of, title_of

PROJECT_TITLE = "WeProtect Global Alliance 2024 Global Summit: the public record as data"
THUMBNAIL_WIDTH = 360


@dataclass(frozen=True)
class Card:
    file: str
    title: str
    description: str
    thumbnail: bytes | None
    alt: str
    variants: tuple[tuple[str, str], ...] = ()  # (file name, label) of each parameterised variant

    @property
    def thumbnail_base64(self) -> str:
        return base64.b64encode(self.thumbnail or b"").decode("ascii")


def variant_label(report: Path, name: str) -> str:
    """'baseline: TikTok' for reports/NAME--baseline-TikTok.html (several parameters joined by commas)."""
    pairs = report.stem.removeprefix(f"{name}--").split("--")
    return ", ".join(": ".join(pair.split("-", 1)) for pair in pairs)


def thumbnail(png: bytes, width: int = THUMBNAIL_WIDTH) -> bytes:
    """A smaller copy of a PNG, with no metadata, so the same input gives the same bytes."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    height = round(image.height * width / image.width)
    small = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def card_for(report: Path, title: str, description: str, figure: Path | None, variants: tuple[Path, ...] = ()) -> Card:
    """A report's card; `figure` is the PNG file of its first figure (no thumbnail when it is missing)."""
    from ..charts.saving import png_description

    png = figure.read_bytes() if figure is not None and figure.is_file() else None
    return Card(
        file=report.name,
        title=title,
        description=description,
        thumbnail=thumbnail(png) if png else None,
        alt=png_description(png) if png else "",
        variants=tuple((v.name, variant_label(v, report.stem)) for v in variants),
    )


def render_index(cards: list[Card], project_title: str = PROJECT_TITLE) -> str:
    """The index page: self-contained (thumbnails embedded, no scripts), escaped, readable on a phone."""
    from jinja2 import Environment, FileSystemLoader

    environment = Environment(loader=FileSystemLoader(config.TEMPLATES_DIR / "site"), autoescape=True,
                              keep_trailing_newline=True)
    return environment.get_template("index.html.j2").render(
        cards=cards, project_title=project_title, thumbnail_width=THUMBNAIL_WIDTH)


def index_path(out_dir: Path | None = None) -> Path:
    return Path(out_dir or config.REPORTS_DIR) / "index.html"


def write_index(out_dir: Path | None = None, manifest: Manifest | None = None, notebooks_dir: Path | None = None,
                figures_dir: Path | None = None) -> Path:
    """Rewrite reports/index.html when a report, a notebook, a thumbnail's figure, the set of variants or
    the library changed."""
    out = Path(out_dir or config.REPORTS_DIR)
    figures = Path(figures_dir or config.FIGURES_DIR)
    path = index_path(out)
    manifest = manifest or Manifest()
    pages = []
    for notebook in notebooks(None, notebooks_dir):
        name = next(iter(shown_figures(notebook.path)), None)
        pages.append((notebook.path, notebook.report_path(out), figures / f"{name}.png" if name else None,
                      tuple(sorted(out.glob(f"{notebook.name}--*.html")))))
    variant_names = [v.name for *_, variants in pages for v in variants]
    key_of = KeyFunction("index", library_digest(), "\n".join(variant_names))
    dependencies = [str(p) for notebook, report, figure, _ in pages for p in (notebook, report, figure) if p]
    if manifest.is_fresh(path, key_of):
        return path
    import nbformat

    cards = []
    for notebook, report, figure, variants in pages:
        nb = nbformat.read(notebook, as_version=4)
        cards.append(card_for(report, title_of(nb), description_of(nb), figure if report.exists() else None,
                              variants))
    atomic_write_text(path, render_index(cards))
    manifest.record(path, key_of(dependencies), dependencies, [path])
    return path
