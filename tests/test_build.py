"""The incremental, parallel build: what invalidates a report or figure, what does not, and failures."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import analysis.build.cache as build_cache
from analysis import config
from analysis.build.figures import build_figures
from analysis.build.progress import Result, summary
from analysis.build.reports import build_reports
from analysis.build.cache import Manifest, notebook_digest
from analysis.files import library_digest

#: Runs notebooks, builds, servers or a browser: left out by `make test-fast`.
pytestmark = pytest.mark.slow


def write_notebook(path: Path, *cells: str, markdown: str = "# A test notebook\n\nCounts the sources.") -> Path:
    """A small notebook: a heading, an import cell, a `parameters` cell (n = 1), then `cells`."""
    parameters = new_code_cell("n = 1", id="parameters")
    parameters.metadata["tags"] = ["parameters"]
    nb = new_notebook(
        cells=[
            new_markdown_cell(markdown, id="intro"),
            new_code_cell("from analysis import load_sources", id="imports"),
            parameters,
            *[new_code_cell(c, id=f"cell-{i}") for i, c in enumerate(cells)],
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(nb, path)
    return path


@pytest.fixture
def project(tmp_path, data_dir, monkeypatch):
    """A notebooks folder with one notebook reading sources.csv, a reports folder and a private build record."""
    monkeypatch.setenv(config.DATA_DIR_VARIABLE, str(data_dir))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_notebook(notebooks / "01-count.ipynb", "print(len(load_sources()) * n)")
    return {
        "notebooks": notebooks,
        "out": tmp_path / "reports",
        "manifest": tmp_path / "cache" / "build.json",
        "data": data_dir,
    }


def run(project, **options) -> list[str]:
    results = build_reports(
        out_dir=project["out"],
        notebooks_dir=project["notebooks"],
        manifest=Manifest(project["manifest"]),
        show_progress=False,
        **options,
    )
    return [r.status for r in results]


def report(project, name="01-count") -> str:
    return (project["out"] / f"{name}.html").read_text(encoding="utf-8")


class Outputs(HTMLParser):
    """The text of each output area of a report (stripped of the markup's surrounding white space)."""

    def __init__(self, html: str):
        super().__init__()
        self.outputs: list[str] = []
        self._depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag != "div":
            return
        if self._depth:
            self._depth += 1
        elif "jp-OutputArea-output" in (dict(attrs).get("class") or "").split():
            self._depth = 1
            self.outputs.append("")

    def handle_endtag(self, tag):
        if tag == "div" and self._depth:
            self._depth -= 1
            if not self._depth:
                self.outputs[-1] = self.outputs[-1].strip()

    def handle_data(self, data):
        if self._depth:
            self.outputs[-1] += data


def printed(project, name="01-count") -> list[str]:
    """What the code cells of a report printed, one string per output."""
    return Outputs(report(project, name)).outputs


def test_second_build_is_cached(project):
    assert run(project) == ["built"]
    assert printed(project) == ["32"]
    assert run(project) == ["cached"]


def test_editing_a_code_cell_rebuilds(project):
    run(project)
    write_notebook(project["notebooks"] / "01-count.ipynb", "print(len(load_sources()) * n * 2)")
    assert run(project) == ["built"]
    assert printed(project) == ["64"]


def test_editing_markdown_rebuilds(project):
    run(project)
    write_notebook(project["notebooks"] / "01-count.ipynb", "print(len(load_sources()) * n)",
                   markdown="# A test notebook\n\nCounts the sources again.")
    assert run(project) == ["built"]
    assert "Counts the sources again." in report(project)


def test_outputs_and_cell_metadata_do_not_rebuild(project):
    run(project)
    path = project["notebooks"] / "01-count.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", name="stdout", text="stale output\n")]
    nb.cells[3].execution_count = 7
    nb.cells[3].metadata["collapsed"] = True
    nb.cells[3].metadata["scrolled"] = "auto"
    nb.metadata["widgets"] = {}
    nbformat.write(nb, path)
    assert run(project) == ["cached"]


def test_changing_a_data_file_it_reads_rebuilds(project):
    run(project)
    sources = project["data"] / "sources.csv"
    sources.write_text(sources.read_text(encoding="utf-8")
                       + "new-source,Someone,A title,2025,,not found,2026-12,not found,No copy found.,Someone (2025)\n",
                       encoding="utf-8")
    assert run(project) == ["built"]
    assert printed(project) == ["33"]


def test_changing_a_data_file_it_does_not_read_keeps_it(project):
    run(project)
    household = project["data"] / "household_adoption.csv"
    household.write_text(household.read_text(encoding="utf-8") + "Tablet,2017,53,US adults,owid-us-household-adoption\n",
                         encoding="utf-8")
    assert run(project) == ["cached"]


def test_changing_the_library_rebuilds(project, monkeypatch):
    run(project)
    monkeypatch.setattr(build_cache, "library_digest", lambda: "a different library")
    assert run(project) == ["built"]


def test_library_digest_follows_the_source(tmp_path):
    copy = tmp_path / "analysis"
    shutil.copytree(config.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = library_digest(copy)
    assert library_digest(copy) == before
    (copy / "charts" / "adoption.py").write_text("# edited\n", encoding="utf-8")
    assert library_digest(copy) != before


def test_parameters_build_a_variant_and_leave_the_default(project):
    run(project)
    default = report(project)
    assert run(project, parameters={"n": 3}) == ["built"]
    assert printed(project, "01-count--n-3") == ["96"]
    # The variant says so before anything else, and the default report does not.
    assert re.sub(r"<[^>]+>", "", report(project, "01-count--n-3")).count(
        "A variant of this report, run with n = 3 instead of the values in its parameters cell.") == 1
    assert "A variant of this report" not in default
    assert report(project) == default
    assert run(project, parameters={"n": 3}) == ["cached"]
    assert run(project) == ["cached"]
    index = (project["out"] / "index.html").read_text(encoding="utf-8")
    assert '<p class="variants">Variants: <a href="01-count--n-3.html">n: 3</a></p>' in index


def test_an_unknown_parameter_stops_the_build_before_anything_runs(project):
    from analysis.build.execute import ReportError

    with pytest.raises(ReportError) as caught:
        run(project, parameters={"n": 3, "m": 2})
    assert str(caught.value) == (
        f"{config.display_path(project['notebooks'] / '01-count.ipynb')} has no parameter 'm'; its parameters are: n"
    )
    assert not project["out"].exists()


def test_declared_parameters_are_the_names_the_parameters_cell_assigns():
    from analysis.build.execute import declared_parameters

    cell = new_code_cell("a = 1\nb: int = 2\nc, (d, e) = 3, (4, 5)\nf += 1\nprint(a)\ng = h = 0", id="parameters")
    cell.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[new_code_cell("x = 1", id="before"), cell])
    assert declared_parameters(nb) == ["a", "b", "c", "d", "e", "f", "g", "h"]
    assert declared_parameters(new_notebook(cells=[new_code_cell("x = 1", id="only")])) == []


def test_failure_keeps_the_previous_report_and_is_retried(project):
    run(project)
    good = report(project)
    path = project["notebooks"] / "01-count.ipynb"
    write_notebook(path, "print(len(load_sources()) * n)", "raise ValueError('the data is not as expected')")
    results = build_reports(out_dir=project["out"], notebooks_dir=project["notebooks"],
                            manifest=Manifest(project["manifest"]), show_progress=False)
    (failed,) = results
    assert failed.status == "failed"
    assert failed.message.endswith(
        "01-count.ipynb: cell 5 failed: ValueError: the data is not as expected\n"
        "    raise ValueError('the data is not as expected')"
    )
    assert report(project) == good
    assert run(project) == ["failed"]  # not recorded as fresh: tried again
    write_notebook(path, "print(len(load_sources()) * n)")
    assert run(project) == ["built"]


def test_an_output_folder_that_cannot_be_written_stops_the_build_before_any_notebook_runs(project, tmp_path):
    from analysis.files import WriteError

    ran = tmp_path / "ran"
    write_notebook(project["notebooks"] / "01-count.ipynb", f"open({str(ran)!r}, 'w').close()")
    project["out"].write_text("a file where the reports folder should be", encoding="utf-8")
    with pytest.raises(WriteError) as error:
        run(project)
    assert str(error.value) == (f"cannot write {project['out'] / '01-count.html'}: "
                                f"{project['out']} is a file, not a folder")
    assert not ran.exists()  # the notebook never ran
    project["out"].unlink()
    assert run(project) == ["built"] and ran.exists()  # the same notebook runs where it can be written
    assert sorted(p.name for p in project["out"].iterdir()) == ["01-count.html", "index.html"]  # no check file left


def test_a_cell_that_runs_too_long_is_stopped(project):
    write_notebook(project["notebooks"] / "01-count.ipynb", "import time\ntime.sleep(60)")
    results = build_reports(out_dir=project["out"], notebooks_dir=project["notebooks"], timeout=3,
                            manifest=Manifest(project["manifest"]), show_progress=False)
    assert results[0].status == "failed"
    assert results[0].message.endswith("01-count.ipynb: cell 4 did not finish within 3 s\n    import time\n    time.sleep(60)")


def test_one_failing_notebook_does_not_stop_the_others(project):
    write_notebook(project["notebooks"] / "02-broken.ipynb", "1 / 0")
    statuses = run(project, jobs=2)
    assert statuses == ["built", "failed"]
    assert (project["out"] / "01-count.html").exists()
    assert not (project["out"] / "02-broken.html").exists()


def test_deleting_the_record_rebuilds_everything(project):
    run(project)
    project["manifest"].unlink()
    assert run(project) == ["built"]


def test_a_damaged_record_is_not_trusted(project):
    run(project)
    project["manifest"].write_text("{ not json", encoding="utf-8")
    assert run(project) == ["built"]
    assert json.loads(project["manifest"].read_text(encoding="utf-8"))  # rewritten whole


def test_notebook_digest_ignores_ids_and_outputs(tmp_path):
    a = write_notebook(tmp_path / "a.ipynb", "x = 1")
    nb = nbformat.read(a, as_version=4)
    for i, cell in enumerate(nb.cells):
        cell.id = f"other-{i}"
    nbformat.write(nb, tmp_path / "b.ipynb")
    assert notebook_digest(a) == notebook_digest(tmp_path / "b.ipynb")


def test_index_lists_every_report_with_thumbnail(project):
    write_notebook(project["notebooks"] / "02-plot.ipynb",
                   "from analysis.notebook import show_figure\nshow_figure('summit-adoption-comparison')",
                   markdown="# Plotting\n\nShows the summit chart. More text.")
    run(project, jobs=2)
    index = (project["out"] / "index.html").read_text(encoding="utf-8")
    assert '<a href="01-count.html">' in index and '<a href="02-plot.html">' in index
    assert "<h2>A test notebook</h2>" in index and "<p>Shows the summit chart.</p>" in index
    assert index.count('<img src="data:image/png;base64,') == 1
    assert 'alt="Dot chart, logarithmic time axis' in index
    assert '<a href="index.html">← All reports</a>' in report(project, "02-plot")


def test_figures_rebuild_only_when_their_data_changes(tmp_path, data_dir):
    manifest = Manifest(tmp_path / "build.json")
    out = tmp_path / "figures"
    first = build_figures(["summit-themes", "ncmec-reports"], out_dir=out, data_dir=data_dir, manifest=manifest,
                          show_progress=False)
    assert [r.status for r in first] == ["built", "built"]
    themes = data_dir / "session_themes.csv"
    themes.write_text(themes.read_text(encoding="utf-8").replace("d1-panel-ai,emerging technology and AI,",
                                                                 "d1-panel-ai,prevention,"), encoding="utf-8")
    second = build_figures(["summit-themes", "ncmec-reports"], out_dir=out, data_dir=data_dir, manifest=manifest,
                           show_progress=False)
    assert [r.status for r in second] == ["built", "cached"]
    (out / "ncmec-reports.svg").write_bytes(b"edited by hand")
    third = build_figures(["ncmec-reports"], out_dir=out, data_dir=data_dir, manifest=manifest, show_progress=False)
    assert [r.status for r in third] == ["built"]  # an output that no longer has its bytes is rebuilt


def test_figures_from_another_data_folder_are_not_fresh(tmp_path, data_dir):
    """A figure drawn from one folder's files is rebuilt, not kept, when another folder is named."""
    manifest = Manifest(tmp_path / "build.json")
    out = tmp_path / "figures"
    other = tmp_path / "other-data"
    shutil.copytree(data_dir, other)
    adoption = other / "adoption.csv"
    adoption.write_text(adoption.read_text(encoding="utf-8").replace(",16,years,", ",20,years,", 1), encoding="utf-8")

    def statuses(folder):
        return [r.status for r in build_figures(["summit-adoption-comparison"], out_dir=out, data_dir=folder,
                                                manifest=manifest, show_progress=False)]

    assert statuses(data_dir) == ["built"]
    ours = (out / "summit-adoption-comparison.png").read_bytes()
    assert statuses(other) == ["built"]
    assert (out / "summit-adoption-comparison.png").read_bytes() != ours  # drawn from the edited copy
    assert statuses(other) == ["cached"]
    assert statuses(data_dir) == ["built"]
    assert (out / "summit-adoption-comparison.png").read_bytes() == ours


def test_reports_from_another_data_folder_are_not_fresh(project, tmp_path, monkeypatch):
    assert run(project) == ["built"]
    other = tmp_path / "other-data"
    shutil.copytree(project["data"], other)
    monkeypatch.setenv(config.DATA_DIR_VARIABLE, str(other))
    assert run(project) == ["built"]
    assert run(project) == ["cached"]
    monkeypatch.setenv(config.DATA_DIR_VARIABLE, str(project["data"]))
    assert run(project) == ["built"]


def test_summary_line():
    results = [Result("figure", "a", "cached"), Result("report", "b", "built", 1.0),
               Result("report", "c", "failed", 1.0, "boom")]
    assert summary(results, 2.345) == (
        "figures: 0 built, 1 cached, 0 failed; reports: 1 built, 0 cached, 1 failed in 2.3 s"
    )


def test_a_figure_that_cannot_be_drawn_fails_alone(tmp_path, monkeypatch):
    from dataclasses import replace

    from analysis.charts import registry

    def broken(_data, _sources):
        raise ValueError("no baseline to compare with")

    monkeypatch.setitem(registry.FIGURES, "ncmec-reports", replace(registry.FIGURES["ncmec-reports"], chart=broken))
    results = build_figures(["summit-themes", "ncmec-reports", "iwf-reports"], out_dir=tmp_path,
                            manifest=Manifest(tmp_path / "build.json"), show_progress=False)
    assert [r.status for r in results] == ["built", "failed", "built"]
    assert results[1].message == "figure ncmec-reports: ValueError: no baseline to compare with"
    assert not (tmp_path / "ncmec-reports.png").exists()


def test_the_index_sentence_is_plain_text():
    from analysis.build.export import description_of

    nb = new_notebook(cells=[new_markdown_cell(
        "# Title\n\nEach number is *consistent*, **rounded** or `unsupported`; see [the data](../data/README.md) "
        "and snake_case_names, 2 * 3 * 4. A second sentence.", id="intro")])
    assert description_of(nb) == (
        "Each number is consistent, rounded or unsupported; see the data and snake_case_names, 2 * 3 * 4."
    )


# --- figures drawn once -------------------------------------------------------------------------------


def test_a_kernel_shows_an_up_to_date_figure_from_its_file_without_matplotlib(project, tmp_path):
    figures = tmp_path / "figures"
    manifest = Manifest(project["manifest"])
    build_figures(["ncmec-reports"], out_dir=figures, manifest=manifest, show_progress=False)
    write_notebook(project["notebooks"] / "01-count.ipynb",
                   "import sys\nfrom analysis.notebook import show_figure\nshow_figure('ncmec-reports')\n"
                   "print('matplotlib' in sys.modules)")
    results = build_reports(out_dir=project["out"], notebooks_dir=project["notebooks"], manifest=manifest,
                            figures_dir=figures, show_progress=False)
    assert [r.status for r in results] == ["built"]
    nb_outputs = report(project)
    png = (figures / "ncmec-reports.png").read_bytes()
    import base64

    assert base64.b64encode(png).decode("ascii") in nb_outputs  # the very bytes of the file
    assert Outputs(nb_outputs).outputs[-1] == "False"  # the kernel never imported matplotlib
    # The report depends on the figure's file: a new figure means a new report.
    assert str((figures / "ncmec-reports.png").resolve()) in manifest.entries[str((project["out"] / "01-count.html").resolve())]["dependencies"]


def test_a_stale_figure_is_drawn_in_the_kernel(project, tmp_path):
    figures = tmp_path / "figures"
    manifest = Manifest(project["manifest"])
    write_notebook(project["notebooks"] / "01-count.ipynb",
                   "import sys\nfrom analysis.notebook import show_figure\nshow_figure('ncmec-reports')\n"
                   "print('matplotlib' in sys.modules)")
    build_reports(out_dir=project["out"], notebooks_dir=project["notebooks"], manifest=manifest, figures_dir=figures,
                  show_progress=False)
    assert printed(project)[-1] == "True"
    assert not figures.exists()  # the report step never writes figures


@pytest.mark.long
def test_a_serial_build_drawing_every_chart_equals_the_parallel_build_from_figure_files(full_build, tmp_path):
    """A report does not depend on how many notebooks run at once, nor on whether its charts were shown from
    the files that the build's worker drew or drawn in the kernel; and two builds give the same bytes."""
    from analysis.build.execute import notebooks

    serial = build_reports(out_dir=tmp_path / "serial", jobs=1, manifest=Manifest.in_memory(),
                           figures_dir=tmp_path / "no-figures", show_progress=False)
    assert [r.status for r in serial] == ["built"] * len(notebooks())
    assert not (tmp_path / "no-figures").exists()  # every chart was drawn in its kernel
    for nb in notebooks():
        name = f"{nb.name}.html"
        assert (tmp_path / "serial" / name).read_bytes() == (full_build / "reports" / name).read_bytes(), name


def test_a_failing_cell_has_the_same_number_with_or_without_parameters(project):
    write_notebook(project["notebooks"] / "01-count.ipynb", "raise ValueError('boom')")
    messages = []
    for parameters in (None, {"n": 2}):
        (result,) = build_reports(out_dir=project["out"], notebooks_dir=project["notebooks"], parameters=parameters,
                                  manifest=Manifest(project["manifest"]), show_progress=False)
        messages.append(result.message.split(": ", 1)[1])
    assert messages == ["cell 4 failed: ValueError: boom\n    raise ValueError('boom')"] * 2


def test_variants_never_share_a_file_name():
    from analysis.build.execute import Notebook

    notebook = Notebook(Path("notebooks/04-claims.ipynb"))
    names = [notebook.report_path(Path("out"), {"rise": value}).name for value in (50, -50, "a b", "a_b", "a/b")]
    assert names[:2] == ["04-claims--rise-50.html", "04-claims--rise--50.html"]
    assert len(set(names)) == len(names)
    assert all(n.startswith("04-claims--rise-a_b") for n in names[2:]) and names[3] == "04-claims--rise-a_b.html"
