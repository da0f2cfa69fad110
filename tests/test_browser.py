"""Reports and JupyterLab as a person uses them: Debian's Chromium driven by Playwright, headless.

`make test` installs Chromium where it is missing (as root). Elsewhere these tests are skipped with a
reason, except in CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

import pytest

from analysis import config
from analysis.build.execute import notebooks

from .jupyter_server import jupyter_server

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
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


PAGES = ["index", *(nb.name for nb in notebooks())]


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_with_every_image_and_its_alt_text(browser, site, name):
    visit = Visit(browser, (site / f"{name}.html").as_uri())
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
    visit.page.close()


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone_screen(browser, site, name):
    visit = Visit(browser, (site / f"{name}.html").as_uri(), width=390)
    overflow = visit.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than a 390px screen"
    visit.screenshot(f"{name}-phone")
    visit.page.close()


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


INJECTED_PAGES = ["index", "01-adoption-speed", "02-summit-programme", "03-key-statistics", "04-claims-vs-evidence"]


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
    visit.screenshot(f"injected-{name}")
    visit.page.close()


# --- JupyterLab ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory):
    """JupyterLab on 127.0.0.1 with a token, serving copies of the notebooks; stopped whatever happens."""
    root = tmp_path_factory.mktemp("lab")
    for nb in notebooks():
        shutil.copy(nb.path, root / nb.path.name)
    with jupyter_server("lab", root, root / "server.log", "--LabApp.news_url=",
                        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                        "--LabApp.extension_manager=readonly") as server:
        yield server


EXPECTED_CHARTS = {"01-adoption-speed": 3, "02-summit-programme": 3, "03-key-statistics": 3,
                   "04-claims-vs-evidence": 2}


@pytest.mark.parametrize("name", list(EXPECTED_CHARTS))
def test_notebook_runs_in_jupyterlab(browser, jupyterlab, name):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    base, token = jupyterlab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        # A workspace of its own, so that no tab of an earlier test is restored beside it.
        page.goto(f"{base}/lab/workspaces/smoke-{name}/tree/{name}.ipynb?reset&token={token}",
                  wait_until="domcontentloaded")
        page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=60_000)
        # JupyterLab may ask which kernel to start; the notebook's own (Python 3) is preselected.
        with contextlib.suppress(PlaywrightTimeout):
            page.get_by_role("button", name="Select", exact=True).click(timeout=5_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        code_cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").count()
        prompts = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt")
        deadline = time.monotonic() + 180
        while True:  # every code cell has run once its prompt shows a number, as [7]:
            texts = prompts.all_text_contents()
            if len(texts) == code_cells and all(t.strip("[]: ").isdigit() for t in texts):
                break
            if time.monotonic() > deadline:
                page.screenshot(path=str(ARTIFACTS / f"jupyterlab-{name}-timeout.png"))
                raise AssertionError(f"cells did not all run: prompts {texts}")
            time.sleep(0.5)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
        panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
        assert panel.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert panel.locator(".jp-RenderedImage img").count() == EXPECTED_CHARTS[name]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"jupyterlab-{name}.png"))
    finally:
        page.close()
