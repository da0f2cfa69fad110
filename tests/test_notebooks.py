"""Notebooks: committed clean, thin, and they run from the build and from plain nbconvert."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from analysis import config, load_sources
from analysis.build.reports import build_reports as _build_reports
from analysis.build.cache import Manifest
from analysis.build.execute import notebooks

#: Runs notebooks, builds, servers or a browser: left out by `make test-fast`.
pytestmark = pytest.mark.slow


def build_reports(names, out, with_code=False):
    """Build reports into `out` from scratch, returning their paths."""
    results = _build_reports(names, out_dir=out, with_code=with_code, manifest=Manifest.in_memory(),
                             show_progress=False)
    assert all(r.status == "built" for r in results), [r.message for r in results]
    return [p for r in results for p in r.outputs]

NOTEBOOKS = notebooks()


def test_there_is_at_least_one_notebook_and_names_follow_the_rule():
    assert [nb.name for nb in NOTEBOOKS][:1] == ["01-adoption-speed"]
    for nb in NOTEBOOKS:
        assert re.fullmatch(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*", nb.name)


def what_git_would_commit(path: Path) -> str:
    """The notebook as `git add` would store it (through the nbstripout filter when `make install` set it up);
    the file itself outside a git work tree."""
    root = config.PROJECT_ROOT
    if not (root / ".git").is_dir():
        return path.read_text(encoding="utf-8")
    relative = path.relative_to(root).as_posix()
    blob = subprocess.run(["git", "-C", str(root), "hash-object", "-w", "--path", relative, str(path)],
                          check=True, capture_output=True, text=True).stdout.strip()
    return subprocess.run(["git", "-C", str(root), "cat-file", "blob", blob], check=True, capture_output=True,
                          text=True).stdout


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.name)
def test_committed_without_outputs_and_in_house_order(notebook):
    nb = nbformat.reads(what_git_would_commit(notebook.path), as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    # One import cell, first among the code cells, then one cell tagged `parameters`.
    assert all(line.startswith(("from ", "import ")) for line in code[0].source.splitlines() if line)
    assert not any(re.search(r"^\s*(from|import)\s", c.source, re.MULTILINE) for c in code[1:])
    assert code[1].metadata.get("tags") == ["parameters"]
    # Nothing machine-specific or run-specific is committed.
    assert set(nb.metadata) <= {"kernelspec", "language_info", "title"}
    assert nb.metadata.kernelspec["name"] == "python3"
    assert set(nb.metadata.language_info) <= {"name"}
    for cell in nb.cells:
        assert set(cell.metadata) <= {"tags"}, cell.metadata
    sources = "\n".join(c.source for c in code)
    assert "rcParams" not in sources and ".csv" not in sources and "/" not in re.sub(r"#.*", "", sources)


#: Each notebook's page title and the number of charts its report shows.
EXPECTED = {
    "01-adoption-speed": ("How fast did technologies reach 100 million?", 3),
    "02-summit-programme": ("The summit programme: sessions, themes and speakers", 3),
    "03-key-statistics": ("Key statistics cited at and around the summit", 3),
    "04-claims-vs-evidence": ("Claims versus evidence", 2),
}


def test_every_notebook_is_expected():
    assert [nb.name for nb in NOTEBOOKS] == list(EXPECTED)


@pytest.fixture(scope="module")
def reports(full_build) -> dict[str, str]:
    return {nb.name: (full_build / "reports" / f"{nb.name}.html").read_text(encoding="utf-8") for nb in NOTEBOOKS}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_report_embeds_the_charts_with_alt_text(reports, name):
    title, charts = EXPECTED[name]
    images = re.findall(r"<img [^>]*>", reports[name])
    assert len(images) == charts
    for tag in images:
        assert 'src="data:image/png;base64,' in tag
        assert re.search(r'alt="[^"]{40,}"', tag)
    assert f"<title>{title}</title>" in reports[name]
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in reports[name]  # no warning or error


@pytest.mark.parametrize("name", list(EXPECTED))
def test_report_loads_nothing_from_the_network(reports, name):
    report = reports[name]
    assert not re.search(r"<script[^>]+src=", report)
    assert not re.search(r'<(link|img|script)[^>]+(src|href)="(https?:)?//', report)
    assert "require.js" not in report and "MathJax.js" not in report


def test_report_hides_code_by_default(reports):
    assert "from analysis import" not in reports["01-adoption-speed"]
    assert "summit-chatgpt" in reports["01-adoption-speed"]  # the table of claims, with its row ids
    assert "ncmec-reports-2024" in reports["03-key-statistics"]
    assert "not comparable (counting changed)" in reports["03-key-statistics"]


def test_report_with_code(tmp_path):
    (path,) = build_reports(["03-key-statistics"], tmp_path, with_code=True)
    assert '<span class="kn">from</span><span class="w"> </span><span class="nn">analysis</span>' in path.read_text(
        encoding="utf-8"
    )


def plain_nbconvert(copies: list[Path], cwd: Path) -> subprocess.CompletedProcess:
    jupyter = Path(sys.executable).parent / "jupyter"
    return subprocess.run([str(jupyter), "nbconvert", "--execute", "--to", "html", *map(str, copies)],
                          cwd=cwd, capture_output=True, text=True, timeout=600)


def test_plain_nbconvert_runs_notebooks_and_gives_every_chart_its_alt_text(tmp_path):
    """`jupyter nbconvert --execute` on copies outside the project, typed at the project root, as someone
    without this package's build would run it. nbconvert's default `lab` template ignores the `alt` metadata
    of a PNG; `show` must still reach it. Two notebooks, six charts: every notebook runs outside the build in
    JupyterLab (tests/test_browser.py), where `show` is the same."""
    copies = []
    for notebook in (nb for nb in NOTEBOOKS if nb.name in ("01-adoption-speed", "03-key-statistics")):
        copies.append(tmp_path / notebook.path.name)
        shutil.copy(notebook.path, copies[-1])
    assert len(copies) == 2
    result = plain_nbconvert(copies, cwd=config.PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    assert "Alternative text is missing" not in result.stderr
    for copy in copies:
        html = copy.with_suffix(".html").read_text(encoding="utf-8")
        images = re.findall(r"<img [^>]*>", html)
        assert len(images) == EXPECTED[copy.stem][1]
        assert all('src="data:image/png;base64,' in tag for tag in images), copy.stem
        assert all(re.search(r'alt="[^"]{40,}"', tag) for tag in images), copy.stem
        assert "No description has been provided" not in html
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html  # no warning or error printed


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda nb: nb.name)
def test_first_paragraph_is_plain_text(notebook):
    """The index shows each report's first paragraph as plain text, so it carries no Markdown emphasis."""
    intro = nbformat.read(notebook.path, as_version=4).cells[0].source
    first = intro.split("\n\n")[1]
    assert "*" not in first and "_" not in first, first


class _Page(HTMLParser):
    """The links of a report: those in tables (cell text, address), those in its Sources list, and alt texts."""

    def __init__(self, html: str):
        super().__init__()
        self.table_links: list[tuple[str, str]] = []
        self.source_entries: list[str] = []
        self.source_links: list[tuple[str, str]] = []
        self.alts: list[str] = []
        self.hrefs: list[str] = []
        self._where: list[str] = []
        self._after_sources = False
        self._heading = ""
        self._href: str | None = None
        self._text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.alts.append(attrs.get("alt") or "")
        if tag == "a" and attrs.get("href", "").startswith("http"):
            self._href, self._text = attrs["href"], ""
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag in ("td", "li", "h2"):
            self._where.append(tag)
            if tag == "li" and self._after_sources:
                self.source_entries.append("")

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            link = (self._text, self._href)
            if "td" in self._where:
                self.table_links.append(link)
            elif self._after_sources and "li" in self._where:
                self.source_links.append(link)
            self._href = None
        if tag == "h2":
            self._after_sources = self._heading.replace("\u00b6", "").strip() == "Sources"
            self._heading = ""
        if tag in ("td", "li", "h2") and self._where:
            self._where.pop()

    def handle_data(self, data):
        if self._where[-1:] == ["h2"]:
            self._heading += data
        if self._href is not None:
            self._text += data
        if self._after_sources and self._where[-1:] == ["li"] and self.source_entries:
            self.source_entries[-1] += data


@pytest.mark.parametrize("name", list(EXPECTED))
def test_report_links_its_citations_and_ends_with_its_sources_and_how_to_cite_it(reports, full_build, name):
    from analysis.charts.registry import FIGURES, make_figure
    from analysis.charts.style import alt_text
    from analysis.data.package import package_info

    page = _Page(reports[name])
    reports_dir = full_build / "reports"
    sources = load_sources()
    urls = dict(zip(sources["citation"], sources["url"], strict=True))
    assert page.table_links, "a report's tables link their citations"
    for text, href in page.table_links:
        assert urls[text] == href
    assert set(page.table_links) <= set(page.source_links)
    # The Sources list has one entry per source, each with its check; the linked ones lead to the address.
    assert len(page.source_entries) == len(set(page.source_entries)) >= len(set(page.table_links))
    assert all(" Licence: " in entry and "In December 2026, " in entry for entry in page.source_entries)
    # Links lead to the web, to a place on the page, to a page of the report site or to a chart's files there.
    assert all(re.fullmatch(r"https?://\S+|#\S*|[\w.-]+\.html|figures/[\w-]+\.(png|svg|csv|metadata\.json)", href)
               for href in page.hrefs), page.hrefs
    kits = [href for href in page.hrefs if href.startswith("figures/")]
    assert len(kits) == 4 * EXPECTED[name][1]  # PNG, SVG, CSV and metadata under every chart
    assert all((reports_dir / href).is_file() for href in kits)
    # Every source named in the footer of a chart of the page is in its Sources list.
    listed = " ".join(page.source_entries)
    for figure in FIGURES:
        fig = make_figure(figure)
        if alt_text(fig) in page.alts:
            footer = fig.texts[-1].get_text().replace("\n", " ")
            for citation in sources["citation"]:
                if citation in footer:
                    assert citation in listed, (figure, citation)
    package = package_info()
    assert (f"Cite this report: WeProtect summit data project contributors, \u201c{EXPECTED[name][0]}\u201d, in "
            f"{package.title}, version {package.version} (data version {package.data_version})") in re.sub(
                r"<[^>]+>", "", reports[name])


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_table_starts_with_a_column_people_read_not_an_id(reports, name):
    """On a phone the first column stays in view while the rest scrolls: it names the row in words."""
    firsts = [re.sub(r"<[^>]+>", "", cell).strip()
              for cell in re.findall(r"<thead>\s*<tr[^>]*>\s*<th[^>]*>(.*?)</th>", reports[name], re.S)]
    assert firsts and not set(firsts) & {"Row", "Statistic", "Session", "Claim id", "id"}, firsts
