"""The index page of the reports: one card per report with its title, a sentence and a thumbnail."""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .. import config

_FIRST_IMAGE = re.compile(r'<img [^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"[^>]*alt="([^"]*)"|'
                          r'<img [^>]*alt="([^"]*)"[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
THUMBNAIL_WIDTH = 360


@dataclass(frozen=True)
class Card:
    file: str
    title: str
    description: str
    thumbnail: bytes | None
    alt: str
    variants: tuple[tuple[str, str], ...] = ()  # (file name, label) of each parameterised variant


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


def first_figure(report_html: str) -> tuple[bytes, str] | None:
    """The first embedded PNG of a report, and its alt text."""
    match = _FIRST_IMAGE.search(report_html)
    if not match:
        return None
    data, alt = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    return base64.b64decode(data), html.unescape(alt)


def card_for(report: Path, title: str, description: str, variants: tuple[Path, ...] = ()) -> Card:
    figure = first_figure(report.read_text(encoding="utf-8")) if report.exists() else None
    return Card(
        file=report.name,
        title=title,
        description=description,
        thumbnail=thumbnail(figure[0]) if figure else None,
        alt=figure[1] if figure else "",
        variants=tuple((v.name, variant_label(v, report.stem)) for v in variants),
    )


def render_index(cards: list[Card], project_title: str) -> str:
    """The index page: self-contained (thumbnails embedded, no scripts), escaped, readable on a phone."""
    esc = html.escape
    items = []
    for card in cards:
        image = (
            f'<img src="data:image/png;base64,{base64.b64encode(card.thumbnail).decode("ascii")}" '
            f'alt="{esc(card.alt)}" width="{THUMBNAIL_WIDTH}">'
            if card.thumbnail
            else ""
        )
        variants = (
            '<p class="variants">Variants: '
            + ", ".join(f'<a href="{esc(file)}">{esc(label)}</a>' for file, label in card.variants)
            + "</p>"
            if card.variants
            else ""
        )
        items.append(
            f'<li class="card"><a href="{esc(card.file)}">{image}<h2>{esc(card.title)}</h2></a>'
            f"<p>{esc(card.description)}</p>{variants}</li>"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(project_title)}: reports</title>
<style>
  body {{ font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem; color: #222; }}
  h1 {{ font-size: 1.5rem; }}
  ul {{ list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 1.25rem; }}
  .card {{ border: 1px solid #ddd; border-radius: 6px; padding: 0.75rem; }}
  .card a {{ color: #0b5394; text-decoration: none; }}
  .card h2 {{ font-size: 1.05rem; margin: 0.5rem 0 0.25rem; }}
  .card img {{ width: 100%; height: auto; display: block; aspect-ratio: 4 / 3; object-fit: contain; object-position: center top; background: #fff; }}
  .card p {{ margin: 0; font-size: 0.9rem; line-height: 1.4; }}
  .card p.variants {{ margin-top: 0.5rem; }}
</style>
</head>
<body>
<main>
<h1>{esc(project_title)}</h1>
<p>Reports built from the notebooks of this project. Each figure carries its sources; each table gives the id of its row in the data.</p>
<ul>
{chr(10).join(items)}
</ul>
</main>
</body>
</html>
"""


def index_path(out_dir: Path | None = None) -> Path:
    return Path(out_dir or config.REPORTS_DIR) / "index.html"
