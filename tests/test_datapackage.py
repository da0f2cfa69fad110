"""The data package: valid for the Frictionless standard's own validator, and fully documented."""

from __future__ import annotations

import json
import re

from analysis import config
from analysis.data.schema import table_schemas


def test_frictionless_validates_the_package():
    import frictionless

    report = frictionless.validate(config.DATA_DIR / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])


def test_every_data_file_is_described_and_every_description_has_a_file():
    described = {schema.path for schema in table_schemas().values()}
    present = {p.name for p in config.DATA_DIR.glob("*.csv")}
    assert described == present


def test_codebook_documents_every_table_and_column():
    codebook = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for schema in table_schemas().values():
        assert f"`{schema.path}`" in codebook
        section = codebook.split(f"`{schema.path}`", 1)[1]
        for field in schema.field_names:
            assert re.search(rf"^\| `{field}` \|", section, re.MULTILINE), f"{schema.path}: {field}"


def test_committed_codebook_is_current():
    from analysis.data.codebook import render_codebook
    from analysis.data.load import load_all

    committed = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert committed == render_codebook(load_all()), "data/README.md is stale; run `python -m analysis codebook`"


def test_every_field_has_a_description():
    descriptor = json.loads((config.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert field.get("description"), f"{resource['name']}.{field['name']}"
