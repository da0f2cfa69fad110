"""Provenance a reader can follow: source addresses and checks, linked citations, the Sources section of a
report and the line that says how to cite it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis import config, load_sources
from analysis.data.package import PackageInfo, package_info
from analysis.text.citations import cited, linked_citation, report_citation, sources_section
from analysis.text.markup import html_link, md_link, note_html, web_url
from tests.markdown import unescaped


@pytest.mark.parametrize(("value", "expected"), [
    ("https://www.iwf.org.uk/annual-report-2023/", "https://www.iwf.org.uk/annual-report-2023/"),
    ("http://example.org", "http://example.org"),
    ("https://example.org/a(1)?q=\"x\"&r='y'", "https://example.org/a%281%29?q=%22x%22&r=%27y%27"),
    ("https://example.org/<script>", "https://example.org/%3Cscript%3E"),
    ("javascript:alert(1)", None),
    ("data:text/html,x", None),
    ("//evil.example/x", None),
    ("HTTPS://example.org", None),
    ("https://user@evil.example", None),
    ("https://example.org/a b", None),
    ("https://example.org/\u2028x", None),
    ("https://example.org/\x85", None),
    (float("nan"), None),
    (None, None),
])
def test_only_web_addresses_become_links(value, expected):
    assert web_url(value) == expected


def test_links_escape_their_text_and_keep_only_web_addresses():
    assert md_link("A_b (c)", "https://example.org/x(1)") == "[A\\_b \\(c\\)](<https://example.org/x%281%29>)"
    assert md_link("A_b", "javascript:alert(1)") == "A\\_b"
    assert note_html(md_link("<b>", 'https://example.org/"')) == (
        '<p><a href="https://example.org/%22">&lt;b&gt;</a></p>')
    assert html_link("<b>", "https://example.org/?a=1&b=2") == (
        '<a href="https://example.org/?a=1&amp;b=2">&lt;b&gt;</a>')
    assert html_link("<b>", pd.NA) == "&lt;b&gt;"


def test_every_source_has_an_address_or_the_reason_for_none():
    sources = load_sources()
    assert sources["check"].value_counts().to_dict() == {"primary page": 18, "secondary copy": 10, "not found": 4}
    assert sorted(sources.loc[sources["url"].isna(), "id"]) == [
        "ncmec-secondary-2019", "ncmec-secondary-2023", "ncmec-secondary-2024", "sharjah24-opening", "statista-100m"]
    assert sources.loc[sources["url"].isna(), "check_note"].notna().all()
    assert (sources["url"].dropna().map(web_url) == sources["url"].dropna()).all()
    assert set(sources["checked"]) == {"2026-12"}
    assert sources.set_index("id")["licence"].loc[lambda s: s != "not found"].to_dict() == {
        "owid-us-household-adoption": "CC BY 4.0"}
    by_id = sources.set_index("id")
    assert by_id.at["rasmin-summit-report", "url"] == (
        "https://ifdchild.org/the-fight-against-online-child-sexual-abuse-insights-from-the-weprotect-global-"
        "alliances-2024-summit")
    assert by_id.at["apple-iphone-100m", "title"] == "100 million iPhones shipped (announced on stage)"
    assert by_id.at["childhood-summit-page", "published"] == pd.Timestamp("2025-01-01")
    assert by_id.at["time-to-100m-chart", "producer"] == '"World of Statistics", as credited by Mint'


def test_the_sources_section_gives_address_check_licence_and_reason():
    text = sources_section(load_sources(), ["sharjah24-opening", "apple-ipod-100m", "sharjah24-opening"])
    assert unescaped(text).splitlines() == [
        "1. Sharjah24 news report, 5 December 2024 (no copy found). Sharjah24: *Report on the opening of the "
        "WeProtect Global Alliance summit* (5 December 2024). In December 2026, no copy was found to check. "
        "Licence: not found. No address was found. No copy of the report was found, so its figures are unverified. "
        "WeProtect's members page says over 100 member governments; the Alliance describes itself as 310 "
        "organisations in all. Source id: sharjah24-opening.",
        "2. [Apple press release, 9 April 2007](<https://www.apple.com/newsroom/2007/04/09100-Million-iPods-Sold/>). "
        "Apple: *100 Million iPods Sold (press release)* (9 April 2007). In December 2026, checked against the "
        "producer's own page. Licence: not found. Source id: apple-ipod-100m.",
    ]
    with pytest.raises(KeyError, match="source ids not in sources.csv: nowhere"):
        sources_section(load_sources(), ["nowhere"])


def test_a_citation_links_to_its_source():
    assert unescaped(linked_citation(load_sources(), "weprotect-gta-2023")) == (
        "[WeProtect Global Alliance, Global Threat Assessment 2023](<https://www.weprotect.org/global-threat-"
        "assessment-23/>)")
    assert cited(["a", "b"], pd.Series(["b", pd.NA, "c"]), [["d", "a"]]) == ["a", "b", "c", "d"]


def test_cite_this_report_names_the_package_version_data_version_and_licence():
    package = PackageInfo("Title: the data", "1.2.0", ("A", "B"), "CC BY 4.0",
                          "https://creativecommons.org/licenses/by/4.0/", "0123456789ab")
    assert unescaped(report_citation("Key statistics", package)) == (
        "**Cite this report:** A; B, \u201cKey statistics\u201d, in *Title: the data*, version 1.2.0 (data version "
        "0123456789ab). Data licence: [CC BY 4.0](<https://creativecommons.org/licenses/by/4.0/>); code licence: "
        "MIT. When you reuse a figure, cite its original source as listed above.")


def test_the_data_version_follows_the_data_and_only_the_data(data_dir):
    first = package_info(data_dir)
    assert first == package_info(data_dir)
    assert (first.title, first.version, first.contributors, first.licence) == (
        "WeProtect Global Alliance 2024 Global Summit: the public record as data", "0.1.0",
        ("WeProtect summit data project contributors",), "CC BY 4.0")
    assert re.fullmatch(r"[0-9a-f]{12}", first.data_version)
    (data_dir / "notes.txt").write_text("not part of the package", encoding="utf-8")
    assert package_info(data_dir).data_version == first.data_version
    path = data_dir / "statistics.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",255588,", ",255589,"), encoding="utf-8")
    assert package_info(data_dir).data_version != first.data_version


def test_citation_cff_pyproject_and_descriptor_agree_on_title_version_and_licences():
    cff = yaml.safe_load((config.PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    package = package_info()
    assert cff["title"] == package.title
    assert cff["version"] == project["version"] == package.version
    assert cff["license"] == ["MIT", "CC-BY-4.0"]
    assert project["license"] == "MIT"
    assert [a["name"] for a in cff["authors"]] == list(package.contributors)
    assert "code is under the MIT licence" in cff["message"] and "data under CC BY 4.0" in cff["message"]
    assert Path(config.PROJECT_ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
