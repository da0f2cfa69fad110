"""The codebook `data/README.md`, rendered from the data package descriptor and the sources table.

The descriptor is the one place a column is described; `python -m analysis codebook` rewrites the
codebook from it, and a test checks that the committed codebook is current.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import config
from .schema import Field, table_schemas

_INTRO = """\
# Codebook

The data package of this project: tables about the WeProtect Global Alliance 2024 Global Summit and
the published figures behind what was said there. Every row names its source in `sources.csv`.

The machine-readable schema is `datapackage.json` ([Frictionless Data Package](https://datapackage.org/)):
types, constraints, primary and foreign keys. This page is generated from it by
`python -m analysis codebook`; edit the descriptor, not this page.

Conventions: UTF-8 CSV with a header line; an empty cell means *not known* or *not applicable*; dates
are written at the precision published (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`); text such as `NA` or
`None` is kept as text.
"""


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _constraints(field: Field) -> str:
    c = field.constraints
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "enum" in c:
        parts.append("one of: " + ", ".join(f"`{v}`" for v in c["enum"]))
    bounds = {"minimum": "≥ {}", "exclusiveMinimum": "> {}", "maximum": "≤ {}", "exclusiveMaximum": "< {}",
              "minLength": "at least {} characters", "maxLength": "at most {} characters"}
    parts += [text.format(c[name]) for name, text in bounds.items() if name in c]
    if "pattern" in c:
        parts.append(f"pattern `{c['pattern']}`")
    return "; ".join(parts)


def render_codebook(tables: dict[str, pd.DataFrame], data_dir: Path | None = None) -> str:
    """The codebook text for the package in `data_dir`, with each table's sources from its rows."""
    schemas = table_schemas(data_dir)
    citations = tables["sources"].set_index("id")["citation"]
    lines = [_INTRO, "## Tables", "", "| table | description | sources |", "|---|---|---|"]
    for name, schema in schemas.items():
        frame = tables[name]
        ids = frame["id"] if name == "sources" else frame["source_id"]
        sources = "the sources themselves" if name == "sources" else "; ".join(citations[i] for i in dict.fromkeys(ids))
        lines.append(f"| `{schema.path}` | {_cell(schema.description)} ({len(frame)} rows) | {_cell(sources)} |")
    for schema in schemas.values():
        lines += ["", f"## `{schema.path}`: {schema.title}", "", _cell(schema.description), ""]
        lines.append(f"Primary key: {', '.join(f'`{k}`' for k in schema.primary_key)}.")
        for fk in schema.foreign_keys:
            target = schemas[fk.resource].path if fk.resource else schema.path  # "" refers to the table itself
            lines.append(
                f"Foreign key: {', '.join(f'`{f}`' for f in fk.fields)} refers to "
                f"{', '.join(f'`{f}`' for f in fk.reference_fields)} in `{target}`."
            )
        lines += ["", "| column | meaning | type | unit | constraints |", "|---|---|---|---|---|"]
        for field in schema.fields:
            lines.append(
                f"| `{field.name}` | {_cell(field.description)} | {field.type} "
                f"| {_cell(field.unit)} | {_constraints(field)} |"
            )
    return "\n".join(lines) + "\n"


def codebook_path(data_dir: Path | None = None) -> Path:
    return Path(data_dir or config.data_dir()) / "README.md"
