"""Nothing lost: builds killed at any stage, two builds at once, and text from data kept as text."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path


from analysis import config

import pytest

#: Runs notebooks, builds, servers or a browser: left out by `make test-fast`.
pytestmark = pytest.mark.slow

NOTEBOOKS = ("01-adoption-speed", "03-key-statistics")
#: The figures the builds here write: those that `edit_data` changes, and one it does not.
BUILT_FIGURES = ("summit-adoption-comparison", "adoption-trend", "ncmec-reports")


def build_command(figures: Path, reports: Path, force: bool) -> list[str]:
    """`figures` (three of them), then `reports` of two notebooks, one at a time (so that a report is written
    while the other notebook still runs); each prints a line per figure or report it writes."""
    flag = " --force" if force else ""
    python = sys.executable
    return [
        "sh", "-c",
        f"'{python}' -m analysis figures {' '.join(BUILT_FIGURES)} --out '{figures}'{flag} && "
        f"'{python}' -m analysis reports {' '.join(NOTEBOOKS)} --jobs 1 --out '{reports}'{flag}",
    ]


def environment(data: Path, cache: Path) -> dict:
    return {**os.environ, config.DATA_DIR_VARIABLE: str(data), "ANALYSIS_CACHE_DIR": str(cache)}


def snapshot(*folders: Path) -> dict[str, bytes]:
    """Every file in the folders and their subfolders (reports/figures/), by its path under the folder's parent."""
    return {p.relative_to(folder.parent).as_posix(): p.read_bytes() for folder in folders
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def edit_data(data: Path) -> None:
    """A change that alters figures and reports: NCMEC's 2023 count and Facebook's time to 100 million."""
    statistics = data / "statistics.csv"
    statistics.write_text(statistics.read_text(encoding="utf-8").replace(
        ",36200000,reports,about,2023,", ",36300000,reports,about,2023,"), encoding="utf-8")
    adoption = data / "adoption.csv"
    adoption.write_text(adoption.read_text(encoding="utf-8").replace(
        "ref-facebook,Facebook,platform,users,100000000,2004,4.5,", "ref-facebook,Facebook,platform,users,100000000,2004,4.4,"),
        encoding="utf-8")


def progress_lines(process: subprocess.Popen):
    """The `[k/n] built …` lines a build prints as it writes each file, as they come."""
    for line in process.stdout:
        if line.startswith("["):
            yield line


def committed_outputs(full_build: Path) -> dict[str, bytes]:
    """What the builds here write from the committed data: its figures with their kits, and reports (the index
    aside) with the files of their charts beside them."""
    from analysis.build.execute import shown_figures
    from analysis.config import FIGURE_SUFFIXES as FIGURE_FILES

    outputs = {f"figures/{name}{suffix}": (config.FIGURES_DIR / f"{name}{suffix}").read_bytes()
               for name in BUILT_FIGURES for suffix in FIGURE_FILES}
    # The reports here are built with no figure up to date, so each kernel writes the files of its charts.
    shown = {n for notebook in NOTEBOOKS for n in shown_figures(config.NOTEBOOKS_DIR / f"{notebook}.ipynb")}
    copies = {f"reports/figures/{name}{suffix}": (config.FIGURES_DIR / f"{name}{suffix}").read_bytes()
              for name in shown for suffix in FIGURE_FILES}
    return outputs | copies | {f"reports/{name}.html": (full_build / "reports" / f"{name}.html").read_bytes()
                               for name in NOTEBOOKS}


@pytest.mark.long
def test_killed_builds_leave_old_or_new_files_and_the_next_build_finishes(tmp_path, data_dir, full_build):
    # The old version of every output: what a build of the committed data writes.
    old_env = environment(data_dir, tmp_path / "cache")
    figures, reports = tmp_path / "figures", tmp_path / "reports"
    old = committed_outputs(full_build)
    for name, content in old.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    # The new version, built cleanly elsewhere from the edited data.
    edit_data(data_dir)
    new_env = environment(data_dir, tmp_path / "cache-reference")
    subprocess.run(build_command(tmp_path / "new" / "figures", tmp_path / "new" / "reports", force=False),
                   env=new_env, check=True, capture_output=True)
    new = snapshot(tmp_path / "new" / "figures", tmp_path / "new" / "reports")
    assert new.keys() == old.keys() | {"reports/index.html"}
    assert sum(old[k] != new[k] for k in old) >= 4  # the edit changes figures and reports

    # Killed (the whole process group, SIGKILL) just after writing the first figure, the last one (as the
    # report step starts), and the first report (while the second notebook runs).
    count = len(BUILT_FIGURES)
    for written in (1, count, count + 1):
        process = subprocess.Popen(build_command(figures, reports, force=True), env=old_env, start_new_session=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines = progress_lines(process)
        for _ in range(written):
            assert next(lines, None) is not None, "the build ended before it was to be killed"
        assert process.poll() is None  # still at work: the next file is not written yet
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
        for name, content in snapshot(figures, reports).items():
            assert content in (old.get(name), new[name]), f"{name} is neither the old nor the new version"

    finished = subprocess.run(build_command(figures, reports, force=False), env=old_env, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert snapshot(figures, reports) == new
    leftovers = [p.name for folder in (figures, reports, tmp_path / "cache") for p in folder.rglob(".*.tmp")]
    assert leftovers == []


@pytest.mark.long
def test_two_builds_at_once_wait_for_each_other(tmp_path, data_dir, full_build):
    env = environment(data_dir, tmp_path / "cache")
    figures, reports = tmp_path / "figures", tmp_path / "reports"
    with open(tmp_path / "first.err", "w") as first_errors:
        first = subprocess.Popen(build_command(figures, reports, force=False), env=env, stdout=subprocess.PIPE,
                                 stderr=first_errors, text=True)
        out1 = first.stdout.readline()  # written a figure: the first build holds the lock and is drawing
        assert out1.startswith("[1/")
        second = subprocess.Popen(build_command(figures, reports, force=False), env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        out1 += first.stdout.read()
        first.wait(timeout=300)
        out2, err2 = second.communicate(timeout=300)
    err1 = (tmp_path / "first.err").read_text(encoding="utf-8")
    assert first.returncode == 0 and second.returncode == 0, (err1, err2)
    assert "waiting for another build of this project to finish" in err2
    # The second found every figure drawn, and one of the two found the reports written; the files are those
    # of a build on its own.
    assert "figures: 0 built" in out2 and "reports: 0 built" in out1 + out2
    built = snapshot(figures, reports)
    expected = committed_outputs(full_build)
    assert built.keys() == expected.keys() | {"reports/index.html"}
    assert {k: v for k, v in built.items() if k != "reports/index.html"} == expected


class Elements(HTMLParser):
    """What a browser's parser would make of a page: its element names, event handlers, links and sources,
    the alt text of its images, and its text."""

    def __init__(self, page: str):
        super().__init__()
        self.names, self.handlers, self.addresses, self.image_alts, self.text = [], [], [], [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.names.append(tag)
        if tag == "img":
            self.image_alts.append(dict(attrs).get("alt"))
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction") and value:
                self.addresses.append((name, value.strip()))

    def handle_data(self, data):
        self.text.append(data)


def test_every_free_text_field_of_the_descriptor_was_injected(injected_everywhere):
    import json

    from analysis.data.schema import table_schemas

    from .conftest import free_text_fields

    declared = {f"{table}.{field}" for table, fields in free_text_fields(table_schemas(config.DATA_DIR)).items()
                for field in fields}
    injected = json.loads((injected_everywhere / "injected.json").read_text(encoding="utf-8"))
    assert set(injected) == declared
    assert len(declared) == 21 and all(count > 0 for count in injected.values()), injected


def test_markup_in_every_free_text_field_stays_text_in_every_report(injected_everywhere):
    from .conftest import MARKUP

    pages = sorted((injected_everywhere / "reports").glob("*.html"))
    assert len(pages) == 5  # the index and the four reports
    for page in pages:
        parsed = Elements(page.read_text(encoding="utf-8"))
        assert "script" not in parsed.names and parsed.handlers == [], page.name
        loaded = [v for name, v in parsed.addresses if name != "href" and not v.startswith("data:image/png;base64,")]
        assert loaded == [], page.name  # nothing is loaded from elsewhere
        scheme = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
        assert [v for name, v in parsed.addresses if name == "href" and scheme.match(v)] == [], page.name
        if page.name != "index.html":  # the index shows notebook titles only, which are not data
            assert MARKUP.strip() in " ".join("".join(parsed.text).split()), page.name  # shown as written


def test_markup_in_alt_text_cannot_leave_the_attribute():
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from analysis.build.export import to_html

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    cell = new_code_cell("show(fig)")
    cell.outputs = [new_output("display_data", data={"image/png": png, "text/plain": "chart"},
                               metadata={"image/png": {"alt": '"><script>alert(1)</script>', "width": 800}})]
    html = to_html(new_notebook(cells=[cell]))
    parsed = Elements(html)
    assert "script" not in parsed.names
    assert parsed.image_alts == ['"><script>alert(1)</script>']  # the whole text, kept inside the attribute


def test_index_escapes_titles_and_descriptions():
    from analysis.build.site import Card, render_index

    page = render_index([Card("a.html", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", None, "")],
                        "Project & <co>")
    assert "<script" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "Project &amp; &lt;co&gt;" in page


INTERRUPTIBLE_BUILD = """
import sys
from pathlib import Path
from analysis.build.reports import build_reports
from analysis.build.cache import Manifest
try:
    build_reports(out_dir=Path(sys.argv[1]), notebooks_dir=Path(sys.argv[2]), jobs=1,
                  manifest=Manifest.in_memory(), show_progress=False)
except KeyboardInterrupt:
    sys.exit(130)
"""


def test_ctrl_c_stops_the_build_without_starting_queued_notebooks(tmp_path):
    """Four notebooks, one worker: after Ctrl-C in the first, the other three never start."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    notebooks, started = tmp_path / "notebooks", tmp_path / "started"
    notebooks.mkdir()
    started.mkdir()
    for i in range(1, 5):
        cell = f"import os, time\nopen({str(started / str(i))!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)"
        nb = new_notebook(cells=[new_code_cell(cell, id="wait")],
                          metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
        nbformat.write(nb, notebooks / f"0{i}-wait.ipynb")
    script = tmp_path / "build.py"
    script.write_text(INTERRUPTIBLE_BUILD, encoding="utf-8")
    build = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "reports"), str(notebooks)],
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        while not any(p.stat().st_size for p in started.iterdir()):
            assert build.poll() is None, "the build ended before its first notebook started"
            time.sleep(0.1)
        build.send_signal(signal.SIGINT)
        assert build.wait(timeout=50) == 130  # well before the running cell's 60 s are over
    finally:
        build.kill()
        build.wait()
    assert sorted(p.name for p in started.iterdir()) == ["1"]
    kernel = int((started / "1").read_text())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(kernel, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the interrupted notebook's kernel {kernel} is still running")
