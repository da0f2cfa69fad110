"""Reports and JupyterLab as a person uses them: Debian's Chromium driven by Playwright, headless.

The reports are checked on a desktop (1280 px) and a phone (390 px): reading size and measure, tables that
scroll sideways in named regions, charts that open full size, the table of contents, print, links between
reports, and axe-core's accessibility rules (no serious or critical violation).

`make test` installs Chromium where it is missing (as root). Elsewhere these tests are skipped with a
reason, except in CI (CI=true), where a missing browser is a failure. With SCREENSHOTS=1 in the environment,
full-page screenshots of every page, on a desktop and a phone, are kept in test-artifacts/ (a second of CPU
each, so not by default); a JupyterLab run that times out always leaves one.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.request
from pathlib import Path

import pytest

from analysis import config
from analysis.build.execute import notebooks

from .jupyter_server import committed_repo, git, jupyter_server

#: Runs notebooks, builds, servers or a browser: left out by `make test-fast`.
pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = config.PROJECT_ROOT / "test-artifacts"
# Flags that keep Chromium from reaching for the network on its own (updates, sync, metrics).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps"]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI; `make test` should have installed Debian's chromium",
                    pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed (run `make test` as root, or apt-get install chromium)",
                allow_module_level=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def site(full_build) -> Path:
    return full_build / "reports"


class Visit:
    """A page opened in the browser, with what it logged, requested and raised."""

    def __init__(self, browser, url: str, width: int = 1280):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url, wait_until="load")

    def images(self) -> list[dict]:
        return self.page.evaluate(
            "Array.from(document.images).map(i => ({alt: i.getAttribute('alt'), width: i.naturalWidth, "
            "complete: i.complete}))"
        )

    def screenshot(self, name: str) -> None:
        """A full-page screenshot in test-artifacts/NAME.png, when SCREENSHOTS=1 (see the module's docstring)."""
        if os.environ.get("SCREENSHOTS") == "1":
            ARTIFACTS.mkdir(exist_ok=True)
            self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def shown(browser, site):
    """`shown(name, width)`: the page of report or index `name` at `width` pixels, opened once and shared by the
    tests that only read it (they click, type, scroll, resize and print nothing); a page costs Chromium half a
    second of CPU to load. Tests that act on a page open their own `Visit`."""
    visits: dict[tuple[str, int], Visit] = {}

    def show(name: str, width: int = 1280) -> Visit:
        if (name, width) not in visits:
            visits[name, width] = Visit(browser, (site / f"{name}.html").as_uri(), width=width)
        return visits[name, width]

    yield show
    for visit in visits.values():
        visit.page.close()


PAGES = ["index", *(nb.name for nb in notebooks())]


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_with_every_image_and_its_alt_text(shown, name):
    visit = shown(name)
    assert visit.errors == []
    outside = [u for u in visit.requests if not u.startswith(("file://", "data:"))]
    assert outside == [], "the page requested something from the network"
    images = visit.images()
    assert images, "the page shows no image"
    for image in images:
        assert image["complete"] and image["width"] > 0
        assert image["alt"] and len(image["alt"]) > 20
    assert visit.page.title()
    visit.screenshot(name)


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone_screen(shown, name):
    visit = shown(name, 390)
    overflow = visit.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than a 390px screen"
    visit.screenshot(f"{name}-phone")


def test_index_links_to_every_report_and_back(browser, site):
    visit = Visit(browser, (site / "index.html").as_uri())
    links = visit.page.eval_on_selector_all("a", "els => els.map(a => a.getAttribute('href'))")
    assert links == [f"{nb.name}.html" for nb in notebooks()]
    visit.page.click(f"a[href='{notebooks()[0].name}.html']")
    visit.page.wait_for_load_state("load")
    visit.page.click("nav.report-nav a")
    visit.page.wait_for_load_state("load")
    assert visit.page.url.endswith("/index.html")
    visit.page.close()


# --- Reports on any screen: reading size, tables, charts, contents, print, links, accessibility ----------

REPORTS = [nb.name for nb in notebooks()]
#: The section headings of a report, each without nbconvert's hidden '¶' anchor link.
HEADINGS_JS = """sel => [...document.querySelectorAll(sel)].map(h => ({id: h.id, text: [...h.childNodes]
    .filter(n => !(n.classList && n.classList.contains('anchor-link'))).map(n => n.textContent).join('').trim()}))"""


def grave_violations(page) -> tuple[list[dict], str]:
    """axe-core's violations of impact serious or critical on the page, and a message naming each (id, impact,
    the elements it found)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    grave = [v for v in violations if v["impact"] in ("serious", "critical")]
    message = "\n".join(f"{v['id']} ({v['impact']}): {v['help']}; " + "; ".join(
        " ".join(node["target"]) for node in v["nodes"]) for v in grave)
    return grave, message


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_or_critical_violation(shown, name, width):
    """axe-core (run through Playwright) on every report and the index, on a desktop and on a phone."""
    visit = shown(name, width)
    grave, message = grave_violations(visit.page)
    assert grave == [], message
    assert [u for u in visit.requests if not u.startswith(("file://", "data:"))] == []


@pytest.mark.parametrize("name", REPORTS)
def test_prose_is_17px_at_about_70_characters_a_line(shown, name):
    visit = shown(name)
    paragraphs = visit.page.evaluate("""() => [...document.querySelectorAll(
        '.jp-RenderedMarkdown > p, .jp-RenderedHTML > p:not(.figure-kit)')].map(p => {
        const style = getComputedStyle(p);
        return {size: style.fontSize, lineHeight: style.lineHeight, chars: p.textContent.trim().length,
                lines: Math.round(p.getBoundingClientRect().height / parseFloat(style.lineHeight))}; })""")
    assert {p["size"] for p in paragraphs} == {"17px"}
    assert {p["lineHeight"] for p in paragraphs} == {"27.2px"}
    # Characters a line, from paragraphs of four lines or more (the last line counts as half).
    per_line = sorted(p["chars"] / (p["lines"] - 0.5) for p in paragraphs if p["lines"] >= 4)
    assert len(per_line) >= 3
    assert 62 <= per_line[len(per_line) // 2] <= 78, per_line
    assert max(per_line) <= 82, per_line


TABLES_JS = """() => {
    const headings = [...document.querySelectorAll('main h2, main h3')];
    const headingText = h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('anchor-link')))
        .map(n => n.textContent).join('').trim();
    return [...document.querySelectorAll('main table')].map(table => {
        const region = table.parentElement, cue = table.closest('.table-frame').querySelector('.table-cue');
        const before = headings.filter(h => h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
        return {className: region.className, role: region.getAttribute('role'), tabindex: region.getAttribute('tabindex'),
                label: region.getAttribute('aria-label'), overflowX: getComputedStyle(region).overflowX,
                section: before.length ? headingText(before[before.length - 1]) : '',
                scrolls: region.scrollWidth > region.clientWidth, columns: table.rows[0].cells.length,
                cue: cue.textContent, cueShown: cue.getBoundingClientRect().height > 0
                    && getComputedStyle(cue).visibility === 'visible',
                shadow: getComputedStyle(region.parentElement, '::after').opacity};
    });
}"""


@pytest.mark.parametrize("name", REPORTS)
def test_tables_scroll_sideways_in_named_focusable_regions_with_a_cue(shown, name):
    """On a phone, each table scrolls inside its own region (role region, a name, a tab stop), with a cue and
    a shadow at the edge that has more columns; the page itself never scrolls sideways."""
    visit = shown(name, 390)
    page = visit.page
    page.wait_for_timeout(100)  # a frame for the scroll-driven cues
    tables = page.evaluate(TABLES_JS)
    assert tables
    for number, table in enumerate(tables, start=1):
        assert (table["className"], table["role"], table["tabindex"], table["overflowX"]) == (
            "table-scroll", "region", "0", "auto")
        assert table["label"] == f"Table {number}: {table['section']}" and table["section"]
        assert table["cue"] == f"Scroll sideways to see all {table['columns']} columns \u2192"
        assert (table["cueShown"], table["shadow"]) == ((True, "1") if table["scrolls"] else (False, "0")), table
    assert any(t["scrolls"] for t in tables), "no table is wider than a 390-pixel phone"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("name", REPORTS)
def test_a_wide_table_scrolls_by_keyboard_and_keeps_its_first_column_in_view(browser, site, name):
    visit = Visit(browser, (site / f"{name}.html").as_uri(), width=390)
    page = visit.page
    index = page.evaluate("[...document.querySelectorAll('.table-scroll')].findIndex(r => r.scrollWidth > r.clientWidth)")
    region = page.locator(".table-scroll").nth(index)
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('table-scroll')")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"document.querySelectorAll('.table-scroll')[{index}].scrollLeft > 0")
    geometry = region.evaluate("""r => { const row = r.querySelector('tbody tr'); return {
        scrolled: r.scrollLeft, inner: r.getBoundingClientRect().left + r.clientLeft,
        first: row.cells[0].getBoundingClientRect().left, second: row.cells[1].getBoundingClientRect().left,
        secondAtStart: row.cells[1].offsetLeft + r.getBoundingClientRect().left + r.clientLeft,
        position: getComputedStyle(row.cells[0]).position}; }""")
    assert geometry["position"] == "sticky"
    assert geometry["first"] == pytest.approx(geometry["inner"], abs=0.01)  # the first column stays in view
    assert geometry["second"] == pytest.approx(geometry["secondAtStart"] - geometry["scrolled"], abs=0.01)
    # At the end, the shadow that says "more this way" is gone, and the one beside the first column shows.
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    page.wait_for_function(f"getComputedStyle(document.querySelectorAll('.table-shell')[{index}], '::after').opacity === '0'")
    assert "0.28" in region.evaluate("r => getComputedStyle(r.querySelector('tbody td')).boxShadow")
    visit.page.close()


def test_tables_that_fit_a_desktop_show_no_scroll_cue(shown):
    visit = shown("01-adoption-speed")
    visit.page.wait_for_timeout(100)
    tables = visit.page.evaluate(TABLES_JS)
    fitting = [t for t in tables if not t["scrolls"]]
    assert fitting, "every table of report 01 is wider than the desktop column"
    assert {(t["cueShown"], t["shadow"]) for t in fitting} == {(False, "0")}


EXPECTED_CHARTS = {"01-adoption-speed": 3, "02-summit-programme": 3, "03-key-statistics": 3,
                   "04-claims-vs-evidence": 2}
DIALOG_JS = """() => { const dialog = document.querySelector('dialog[open]'); if (!dialog) return null;
    const img = dialog.querySelector('img'), box = dialog.getBoundingClientRect();
    return {id: dialog.id, modal: dialog.matches(':modal'), src: img.src, alt: img.alt,
            width: img.getBoundingClientRect().width, natural: img.naturalWidth, size: [box.width, box.height],
            pans: dialog.scrollWidth > dialog.clientWidth, focused: document.activeElement.textContent}; }"""


@pytest.mark.parametrize("name", REPORTS)
def test_a_tap_on_a_chart_opens_it_full_size_and_escape_a_button_or_a_tap_close_it(browser, site, name):
    """The chart itself is shown in a modal dialog, full size and scrollable (pannable) both ways; Escape, the
    Close button and a tap on the chart close it, and the keyboard opens it from its button."""
    visit = Visit(browser, (site / f"{name}.html").as_uri(), width=390)
    page = visit.page
    charts = page.evaluate("[...document.querySelectorAll('main img')].map(i => ({src: i.src, alt: i.alt, "
                           "width: i.getBoundingClientRect().width}))")
    assert len(charts) == EXPECTED_CHARTS[name]
    column = page.evaluate("document.querySelector('main').clientWidth")
    assert {c["width"] for c in charts} == {column}
    for number, chart in enumerate(charts, start=1):
        slot = page.locator(".chart-slot").nth(number - 1)
        slot.scroll_into_view_if_needed()
        box = slot.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a tap on the chart
        opened = page.evaluate(DIALOG_JS)
        assert opened == {"id": f"chart-{number}", "modal": True, "src": chart["src"], "alt": chart["alt"],
                          "width": min(opened["natural"], 1200), "natural": opened["natural"], "size": [390, 900],
                          "pans": True, "focused": "Close"}
        if number == 1:
            grave, message = grave_violations(page)
            assert grave == [], message
        page.keyboard.press("Escape")
        assert page.evaluate(DIALOG_JS) is None
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Show chart {number} at full size"
        assert page.evaluate(f"document.querySelectorAll('main img')[{number - 1}].getBoundingClientRect().width") == column
    # From the keyboard: Enter on the chart's button opens it, Enter on Close closes it.
    page.locator(".chart-open").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(DIALOG_JS)["id"] == "chart-1"
    page.keyboard.press("Enter")
    assert page.evaluate(DIALOG_JS) is None
    # A tap on the chart in the open dialog closes it.
    page.locator(".chart-open").first.click()
    page.mouse.click(195, 450)
    assert page.evaluate(DIALOG_JS) is None
    assert visit.errors == [] and page.evaluate("document.querySelectorAll('script').length") == 0
    visit.page.close()


@pytest.mark.parametrize("name", REPORTS)
def test_table_of_contents_after_the_first_paragraph_lists_every_h2(browser, site, name):
    visit = Visit(browser, (site / f"{name}.html").as_uri(), width=1280)
    page = visit.page
    headings = page.evaluate(HEADINGS_JS, "main h2")
    entries = page.eval_on_selector_all("nav.report-toc li a", "as => as.map(a => [a.textContent, a.getAttribute('href')])")
    assert entries == [[h["text"], f"#{h['id']}"] for h in headings]
    assert len(entries) >= 3 and entries[-1][0] == "Sources"
    assert page.evaluate("document.querySelector('nav.report-toc').previousElementSibling === "
                         "document.querySelector('main h1 ~ p')")
    assert page.get_by_role("navigation", name="On this page").count() == 1
    page.get_by_role("link", name=headings[0]["text"], exact=True).first.click()
    assert page.evaluate("location.hash") == f"#{headings[0]['id']}"
    top = page.evaluate("h => document.getElementById(h).getBoundingClientRect().top", headings[0]["id"])
    assert top == pytest.approx(16, abs=1)  # scroll-margin-top: 1rem
    visit.page.close()


@pytest.mark.parametrize("name", REPORTS)
def test_print_hides_the_controls_and_cuts_no_table(browser, site, name):
    visit = Visit(browser, (site / f"{name}.html").as_uri(), width=698)  # A4 less the half-inch margins
    page = visit.page
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.report-nav', '.report-toc', '.chart-open', '.table-cue', '.figure-kit']
        .map(s => [...document.querySelectorAll(s)].map(e => getComputedStyle(e).display))""")
    assert all(hidden[:4]) and {display for group in hidden for display in group} == {"none"}
    tables = page.evaluate("""() => [...document.querySelectorAll('.table-scroll')].map(r => ({
        cut: r.scrollWidth - r.clientWidth, overflow: getComputedStyle(r).overflowX,
        rows: getComputedStyle(r.querySelector('tr')).breakInside,
        first: getComputedStyle(r.querySelector('td')).position}))""")
    assert {(t["cut"], t["overflow"], t["rows"], t["first"]) for t in tables} == {(0, "visible", "avoid", "static")}
    assert set(page.evaluate("[...document.querySelectorAll('.chart-slot')].map(s => getComputedStyle(s).breakInside)")) \
        == {"avoid"}
    assert page.pdf(format="A4").startswith(b"%PDF")
    visit.page.close()


def test_mentions_of_report_04_link_to_it(browser, site):
    visit = Visit(browser, (site / "01-adoption-speed.html").as_uri(), width=1280)
    page = visit.page
    links = page.eval_on_selector_all("main a[href='04-claims-vs-evidence.html']", "as => as.map(a => a.textContent)")
    assert links and set(links) <= {"report 04, Claims versus evidence", "Report 04, Claims versus evidence"}
    page.locator("main a[href='04-claims-vs-evidence.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/04-claims-vs-evidence.html") and page.locator("h1").inner_text().startswith(
        "Claims versus evidence")
    visit.page.close()


def test_only_known_reports_are_linked_and_only_in_running_text():
    from analysis.build.export import Sibling, finish_page

    page = ("<html><body><main><h1>Title</h1><p>First.</p><h2>On report 04</h2>"
            "<p>See report 04, Claims versus evidence, then Report 04 and report 09; not <code>report 04</code>, "
            "not <a href='x.html'>report 04</a>, and not report 040.</p></main></body></html>")
    siblings = [Sibling("04", "04-claims-vs-evidence.html", "Claims versus evidence")]
    finished = finish_page(page, "Title", siblings)
    assert ('<p>See <a href="04-claims-vs-evidence.html">report 04, Claims versus evidence</a>, then '
            '<a href="04-claims-vs-evidence.html">Report 04</a> and report 09; not <code>report 04</code>, '
            'not <a href="x.html">report 04</a>, and not report 040.</p>') in finished
    assert "<h2>On report 04</h2>" in finished
    # A report never links to itself.
    assert "<a " not in finish_page(page.replace("<a href='x.html'>report 04</a>", ""), "Claims versus evidence",
                                    siblings).split("<main>")[1]


INJECTED_PAGES = ["index", "01-adoption-speed", "02-summit-programme", "03-key-statistics", "04-claims-vs-evidence"]


@pytest.mark.long
@pytest.mark.parametrize("name", INJECTED_PAGES)
def test_markup_in_every_free_text_field_never_runs_in_chromium(browser, injected_everywhere, name):
    """Markup appended to every free-text field of every table (tests/conftest.py: `inject_everywhere`): the
    page runs no script, opens no dialog, requests nothing outside itself, has no `javascript:` link, and
    shows the markup as text."""
    from .conftest import MARKUP

    (page,) = (injected_everywhere / "reports").glob(f"{name}*.html")  # 01 is a variant, named by its baseline
    visit = Visit(browser, page.as_uri())
    # Where a handler were attached to an element, these events would fire it.
    visit.page.evaluate("for (const e of document.querySelectorAll('body *')) for (const t of ['mouseover', "
                        "'mouseenter', 'focus', 'click']) e.dispatchEvent(new Event(t, {bubbles: false}))")
    visit.page.wait_for_timeout(300)
    assert visit.dialogs == []
    assert visit.errors == []
    assert [u for u in visit.requests if not u.startswith(("file://", "data:"))] == []
    assert visit.page.evaluate("document.querySelectorAll('script').length") == 0
    assert visit.page.evaluate(
        "Array.from(document.querySelectorAll('[href],[src]')).map(e => e.getAttribute('href') || '')"
        ".filter(h => /^\\s*(javascript|vbscript|data):/i.test(h)).length") == 0
    if name != "index":
        assert visit.page.get_by_text(MARKUP.strip(), exact=False).count() >= 1
    visit.page.close()


# --- JupyterLab ----------------------------------------------------------------------------------------

LAB_OPTIONS = ("--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly",
               # The project's settings, as `make lab` serves them: saving strips outputs (a pre-save hook).
               f"--config={config.PROJECT_ROOT / 'jupyter_server_config.py'}",
               # Nothing written to the home folder: notebook signatures in memory (workspaces: see below).
               "--NotebookNotary.db_file=:memory:")
#: The visible notebook, and the tabs of open documents (not the launcher's).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
DOCUMENT_TABS = ".lm-DockPanel .lm-TabBar-tab[data-type='document-title']"
#: True once every code cell of the visible notebook has run: its prompt shows a number, as [7]:.
ALL_RUN_JS = f"""() => {{ const cells = document.querySelectorAll('{PANEL} .jp-CodeCell');
    const prompts = [...document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputArea-prompt')];
    return cells.length > 0 && prompts.length === cells.length
        && prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim())); }}"""


def copy_notebooks(repo: Path) -> None:
    """Copies of the project's notebooks (as they are in notebooks/) at the top of `repo`."""
    for nb in notebooks():
        shutil.copy(nb.path, repo / nb.path.name)


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 with a token and the project's settings, serving a git repository of committed
    copies of the notebooks; yields its URL, token and repository, and is stopped whatever happens.

    Module-scoped: its one user is in this module, so it is gone before the next module starts.
    """
    folder = tmp_path_factory.mktemp("lab")
    repo = folder / "repo"
    repo.mkdir()
    copy_notebooks(repo)
    shutil.copy(config.PROJECT_ROOT / ".gitignore", repo / ".gitignore")  # as in the project (checkpoints)
    committed_repo(repo)
    with jupyter_server("lab", repo, folder / "server.log", *LAB_OPTIONS,
                        f"--LabApp.workspaces_dir={folder / 'workspaces'}") as (base, token):
        yield base, token, repo


class Lab:
    """JupyterLab loaded once in a browser page and used notebook after notebook, as a person keeps it open.

    `fresh()` hands each notebook's run the page as a fresh start leaves it (no open document or dialog, no
    kernel, the repository clean). Each run leaves it so itself; after one that failed, it is made so again and
    the page reloaded, so that one failure does not fail the notebooks after it.
    """

    def __init__(self, browser, base: str, token: str, repo: Path):
        self.browser, self.base, self.token, self.repo = browser, base, token, repo
        self.page = None

    def api(self, path: str, method: str = "GET"):
        """Jupyter's REST API: the JSON answer to METHOD /api/PATH, or None where it has none."""
        call = urllib.request.Request(f"{self.base}/api/{path}?token={self.token}", method=method)
        with urllib.request.urlopen(call, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def is_fresh(self) -> bool:
        page = self.page
        return (page is not None and not page.is_closed() and page.locator(".jp-Dialog, .lm-Menu").count() == 0
                and page.locator(DOCUMENT_TABS).count() == 0 and self.api("sessions") == []
                and self.api("kernels") == [] and git(self.repo, "status", "--porcelain") == "")

    def fresh(self):
        if self.is_fresh():
            return self.page
        if self.page is not None:
            self.page.close()  # without its "leave the page?" prompt
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", "DELETE")
        for kernel in self.api("kernels"):
            self.api(f"kernels/{kernel['id']}", "DELETE")
        copy_notebooks(self.repo)
        self.page = self.browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.goto(f"{self.base}/lab?reset&token={self.token}", wait_until="domcontentloaded")
        self.page.locator(".jp-DirListing-item").first.wait_for(timeout=60_000)
        return self.page


@pytest.fixture(scope="module")
def lab(browser, jupyterlab):
    """JupyterLab in one browser page for every notebook (loading it takes seconds of CPU)."""
    lab = Lab(browser, *jupyterlab)
    yield lab
    if lab.page is not None:
        lab.page.close()


@pytest.mark.long
def test_every_notebook_runs_in_jupyterlab(lab, subtests):
    """Each notebook in turn, in one JupyterLab page (one test, so one xdist worker loads it once; one subtest
    per notebook): see `run_in_jupyterlab`."""
    for name in EXPECTED_CHARTS:
        with subtests.test(notebook=name):
            run_in_jupyterlab(lab, name)


def run_in_jupyterlab(lab: Lab, name: str) -> None:
    """Opened from the file browser, run (Run > Run All Cells), checked, saved (Ctrl+S) with the project's
    settings, which leaves git nothing to commit, then closed with its kernel shut down."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = lab.fresh()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".jp-DirListing-itemText").get_by_text(f"{name}.ipynb", exact=True).dblclick()
    tab = page.locator(DOCUMENT_TABS, has_text=f"{name}.ipynb")
    tab.and_(page.locator(".jp-mod-current")).wait_for(timeout=60_000)
    page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=60_000)
    # JupyterLab may ask which kernel to start (the notebook's own, Python 3, is preselected); usually it
    # starts the notebook's own at once. Whichever comes first.
    select = page.get_by_role("button", name="Select", exact=True)
    idle = page.get_by_text("Python 3 (ipykernel) | Idle")
    select.or_(idle).first.wait_for(timeout=60_000)
    if select.is_visible():
        select.click()
    idle.wait_for(timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    try:
        page.wait_for_function(ALL_RUN_JS, timeout=180_000, polling=250)
    except PlaywrightTimeout:
        page.screenshot(path=str(ARTIFACTS / f"jupyterlab-{name}-timeout.png"))
        prompts = page.locator(f"{PANEL} .jp-CodeCell .jp-InputArea-prompt").all_text_contents()
        raise AssertionError(f"cells did not all run: prompts {prompts}") from None
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    panel = page.locator(PANEL)
    assert panel.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert panel.locator(".jp-RenderedImage img").count() == EXPECTED_CHARTS[name]
    if os.environ.get("SCREENSHOTS") == "1":
        page.screenshot(path=str(ARTIFACTS / f"jupyterlab-{name}.png"))

    # Saved as a person saves it: the file is written, the tab no longer marked unsaved, and git sees nothing.
    path = lab.repo / f"{name}.ipynb"
    before = path.stat().st_mtime_ns
    panel.locator(".jp-Notebook").press("Control+s")
    deadline = time.monotonic() + 30
    while path.stat().st_mtime_ns == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.stat().st_mtime_ns != before, "Ctrl+S did not save the notebook"
    tab.and_(page.locator(".jp-mod-dirty")).wait_for(state="detached", timeout=30_000)
    assert git(lab.repo, "status", "--porcelain") == "", "a notebook run and saved leaves something to commit"

    # Closed with its kernel (File > Close and Shut Down Notebook), leaving JupyterLab as the test found it.
    page.get_by_role("menuitem", name="File", exact=True).click()
    page.get_by_role("menuitem", name="Close and Shut Down Notebook").click()
    page.locator(".jp-Dialog").get_by_role("button", name="Ok", exact=True).click()
    tab.wait_for(state="detached", timeout=30_000)
    deadline = time.monotonic() + 30
    while lab.api("kernels") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert lab.api("kernels") == [], "the notebook's kernel is still running after it was closed"
