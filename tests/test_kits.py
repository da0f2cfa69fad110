"""A kit beside every figure: the CSV of the rows it plots and its metadata (sources, licence, citation)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from analysis import config, load_sources
from analysis.build.figures import write_figures
from analysis.build.kits import copy_kits
from analysis.charts.registry import FIGURES, draw_figure
from analysis.charts.style import alt_text, chart_title
from analysis.compute.figure_rows import source_ids
from analysis.data.package import files_version, package_info

pytestmark = pytest.mark.slow  # draws every figure


@pytest.fixture(scope="module")
def kits(full_build):
    """The figures folder of the run's fresh `build` (tests/conftest.py), with every figure's kit."""
    return full_build / "figures"


def _metadata(kits, name):
    return json.loads((kits / f"{name}.metadata.json").read_text(encoding="utf-8"))


def _rows(kits, name):
    return list(csv.DictReader(io.StringIO((kits / f"{name}.csv").read_text(encoding="utf-8"))))


@pytest.mark.parametrize("name", list(FIGURES))
def test_every_figure_has_its_rows_and_metadata(kits, name):
    figure, rows = draw_figure(name)
    metadata = _metadata(kits, name)
    assert metadata["title"] == chart_title(figure) and metadata["alt_text"] == alt_text(figure)
    assert metadata["columns"] == list(rows.columns) == list(_rows(kits, name)[0])
    assert len(_rows(kits, name)) == len(rows) > 0
    # Every source of the rows plotted, each with its citation, and every one of them in the chart's footer.
    footer = " ".join(figure.texts[-1].get_text().split())
    assert [s["id"] for s in metadata["sources"]] == source_ids(rows)
    assert all(s["citation"] in footer for s in metadata["sources"])
    package = package_info()
    assert metadata["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    # The version of exactly the files the figure is drawn from: the descriptor, its tables and the sources.
    files = sorted({"datapackage.json", *(f"{table}.csv" for table in FIGURES[name].reads)})
    assert metadata["data_files"] == files
    assert metadata["data_version"] == files_version([config.DATA_DIR / f for f in files])["version"]
    assert metadata["cite"] == (
        f"WeProtect summit data project contributors, \u201c{chart_title(figure)}\u201d, figure {name} in "
        f"{package.title}, version {package.version} (data files version {metadata['data_version']}), CC BY 4.0. "
        "Cite the original sources above with it.")
    assert metadata["files"] == {"png": f"{name}.png", "svg": f"{name}.svg", "csv": f"{name}.csv"}
    # The credit and licence are drawn in the chart itself, under its footer, so they survive a screenshot.
    credit = "Chart: WeProtect summit data project contributors, data package version 0.1.0. Licence: CC BY 4.0."
    assert credit in [" ".join(text.get_text().split()) for text in figure.texts]
    assert metadata["credit"] == credit


def test_the_ncmec_kit_holds_exactly_the_bars_with_their_sources(kits):
    assert (kits / "ncmec-reports.csv").read_text(encoding="utf-8") == (
        "year,series,value,unit,qualifier,status,comparable,row_id,source_id\n"
        "2019,CyberTipline reports,16900000,reports,about,weak,True,ncmec-reports-2019,ncmec-secondary-2019\n"
        "2020,CyberTipline reports,21751085,reports,exact,published,True,ncmec-reports-2020,ncmec-cybertipline-2022\n"
        "2021,CyberTipline reports,29397681,reports,exact,published,True,ncmec-reports-2021,ncmec-cybertipline-2022\n"
        "2022,CyberTipline reports,32059029,reports,exact,published,True,ncmec-reports-2022,ncmec-cybertipline-2022\n"
        "2023,CyberTipline reports,36200000,reports,about,secondary,True,ncmec-reports-2023,ncmec-secondary-2023\n"
        "2024,CyberTipline reports,20500000,reports,about,weak,False,ncmec-reports-2024,ncmec-secondary-2024\n"
    )
    sources = _metadata(kits, "ncmec-reports")["sources"]
    assert [(s["id"], s["url"], s["check"]) for s in sources] == [
        ("ncmec-secondary-2019", None, "not found"),
        ("ncmec-cybertipline-2022", "https://www.missingkids.org/cybertiplinedata", "primary page"),
        ("ncmec-secondary-2023", None, "not found"),
        ("ncmec-secondary-2024", None, "secondary copy"),
    ]
    assert _metadata(kits, "ncmec-reports")["notes"].startswith("From 2024 NCMEC bundles duplicate reports")


def test_the_lead_chart_kit_has_the_times_as_stated_and_their_verdicts(kits):
    rows = _rows(kits, "summit-adoption-comparison")
    assert [(r["technology"], r["time_as_stated_months"], r["verdict"]) for r in rows] == [
        ("Automobile", "192", "contradicted by the record"), ("Electronic devices", "36", "different metric"),
        ("TikTok", "12", "rounded"), ("ChatGPT", "2", "consistent")]
    household = _rows(kits, "household-adoption")
    assert len(household) == 474
    assert {r["population"] for r in household if r["technology"] == "Tablet"} == {"US adults"}


def test_kits_are_byte_identical_between_builds_and_hold_no_clock_time(kits, tmp_path):
    again = tmp_path / "again"
    write_figures(["ncmec-reports", "claims-vs-evidence"], out_dir=again)
    for name in ("ncmec-reports", "claims-vs-evidence"):
        for suffix in (".csv", ".metadata.json"):
            assert (again / f"{name}{suffix}").read_bytes() == (kits / f"{name}{suffix}").read_bytes()
    text = (kits / "claims-vs-evidence.metadata.json").read_text(encoding="utf-8")
    assert "2026-12-" not in text and "T0" not in text and "time" not in json.loads(text)


def test_the_kits_are_copied_beside_the_reports_only_when_they_change(kits, tmp_path):
    written = copy_kits(kits, tmp_path, list(FIGURES))
    assert len(written) == 4 * len(FIGURES)
    assert (tmp_path / "figures" / "iwf-reports.csv").read_bytes() == (kits / "iwf-reports.csv").read_bytes()
    assert copy_kits(kits, tmp_path, list(FIGURES)) == []


def test_every_source_of_a_kit_is_a_source_row():
    known = set(load_sources()["id"])
    for name in FIGURES:
        assert set(source_ids(draw_figure(name)[1])) <= known, name
