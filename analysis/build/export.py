"""Exporting an executed notebook as a self-contained HTML report, and reading its title and first sentence."""

from __future__ import annotations

import re

from .. import config


def title_of(nb) -> str:
    """The first Markdown heading of the notebook."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return "Report"


def description_of(nb) -> str:
    """The first sentence of the first paragraph after the notebook's title."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            paragraphs = [p.strip() for p in re.split(r"\n\s*\n", cell.source) if p.strip()]
            body = [p for p in paragraphs if not p.startswith("#")]
            if body:
                text = _plain(" ".join(body[0].split()))
                match = re.match(r"(.+?[.!?])(\s|$)", text)
                return match.group(1) if match else text
    return ""


def _plain(markdown: str) -> str:
    """Markdown inline markup removed: links keep their text; emphasis and code marks are dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", text)
    return text.replace("`", "")


def to_html(nb, with_code: bool = False) -> str:
    """The executed notebook as one self-contained HTML page (code hidden unless `with_code`)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
        exclude_input=not with_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title_of(nb)}})
    return body
