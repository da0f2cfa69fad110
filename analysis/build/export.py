"""Exporting an executed notebook as a self-contained HTML report, and reading its title and first sentence.

nbconvert renders the page (`templates/report/`); `finish_page` then shapes it for reading on any screen,
with no script: a table of contents after the first paragraph, each table in a labelled region that scrolls
sideways, each chart in a `<dialog>` that a button opens at full size (HTML invoker commands), and mentions
of the other reports ("report 04") linked to their files.
"""

from __future__ import annotations

import base64
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from .. import config

#: A report gets a table of contents when it has at least this many second-level headings.
TOC_MIN_HEADINGS = 3
#: Elements whose text never becomes a link to another report.
_NO_LINKS = {"a", "button", "code", "pre", "script", "style", "title", "h1", "h2", "h3", "h4", "h5", "h6", "nav",
             "th", "caption", "dialog"}


@dataclass(frozen=True)
class Sibling:
    """Another report of the site: its number ('04'), its file name and its title."""

    number: str
    file: str
    title: str


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


def sibling_reports(notebooks_dir: Path | None = None) -> list[Sibling]:
    """The reports made from the notebooks of `notebooks_dir` (the project's by default), by number."""
    import nbformat

    from .execute import notebooks

    siblings = []
    for notebook in notebooks(None, notebooks_dir):
        title = title_of(nbformat.read(notebook.path, as_version=4))
        siblings.append(Sibling(notebook.name[:2], notebook.report_path(Path(".")).name, title))
    return siblings


def to_html(nb, with_code: bool = False, siblings: list[Sibling] | None = None) -> str:
    """The executed notebook as one self-contained HTML page (code hidden unless `with_code`).

    `siblings` are the reports that a mention such as "report 04" may link to (by default those of the
    project's notebooks).
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="report",
        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
        exclude_input=not with_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    title = title_of(nb)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return finish_page(body, title, sibling_reports() if siblings is None else siblings)


def finish_page(page: str, title: str, siblings: list[Sibling] = ()) -> str:
    """The page nbconvert made, shaped for reading: see the module's docstring. The same input always gives
    the same bytes."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("main")
    if main is None:
        return page
    _quiet_cells(main)
    _charts(soup, main)
    _tables(soup, main)
    _link_reports(soup, main, [s for s in siblings if s.title != title])
    _contents(soup, main)
    return str(soup)


def _quiet_cells(main) -> None:
    """Cells are not tab stops: nbconvert makes every cell and output focusable, which puts dozens of stops
    between a keyboard and the links; only the table regions scroll, and they are focusable themselves."""
    for element in main.select("div.jp-Cell-inputWrapper[tabindex], div.jp-OutputArea-output[tabindex]"):
        del element["tabindex"]


def _png_size(src: str) -> tuple[int, int] | None:
    """Width and height of a PNG given as a data: address (read from its header), or None."""
    prefix = "data:image/png;base64,"
    if not src.startswith(prefix):
        return None
    head = base64.b64decode(src[len(prefix):len(prefix) + 32] + "==")
    if len(head) < 24 or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def _charts(soup, main) -> None:
    """Each chart in a `<dialog>` that shows it full size: a button over the chart opens it (as does a click
    or tap on the chart); a Close button, Escape or a tap on the chart close it. The chart keeps its place
    (the slot keeps its shape while the dialog is open) and its alt text; no script is involved."""
    images = [img for img in main.select(".jp-RenderedImage img") if _png_size(img.get("src", ""))]
    for number, img in enumerate(images, start=1):
        width, height = _png_size(img["src"])
        shown = int(img["width"]) if str(img.get("width", "")).isdigit() else width
        img["width"], img["height"] = str(shown), str(round(shown * height / width))
        ident = f"chart-{number}"
        slot = soup.new_tag("div", attrs={"class": "chart-slot",
                                                  "style": f"aspect-ratio: {width} / {height}; max-width: {shown}px"})
        dialog = soup.new_tag("dialog", attrs={"class": "chart-view", "id": ident,
                                               "aria-label": f"Chart {number} at full size"})
        close = soup.new_tag("button", attrs={"type": "button", "class": "chart-close", "command": "close",
                                              "commandfor": ident})
        close.string = "Close"
        hint = soup.new_tag("p", attrs={"class": "chart-view-hint"})
        hint.string = "Scroll or drag to move around the chart. Tap it, press Escape or Close to go back."
        bar = soup.new_tag("div", attrs={"class": "chart-view-bar"})
        bar.extend([hint, close])
        canvas = soup.new_tag("div", attrs={"class": "chart-view-canvas"})
        tap = soup.new_tag("button", attrs={"type": "button", "class": "chart-tap-close", "command": "close",
                                            "commandfor": ident, "tabindex": "-1", "aria-hidden": "true"})
        opener = soup.new_tag("button", attrs={"type": "button", "class": "chart-open", "command": "show-modal",
                                               "commandfor": ident,
                                               "aria-label": f"Show chart {number} at full size"})
        badge = soup.new_tag("span", attrs={"class": "chart-open-badge", "aria-hidden": "true"})
        badge.string = "Full size"
        opener.append(badge)
        img.replace_with(slot)
        canvas.extend([img, tap])
        dialog.extend([bar, canvas])
        slot.extend([dialog, opener])


def _tables(soup, main) -> None:
    """Each table in a region of its own that scrolls sideways, focusable and named after its section, with
    a cue ('Scroll sideways …') that the stylesheet shows only while the table is wider than the region."""
    tables = [t for t in main.find_all("table") if not t.find_parent(class_="table-scroll")]
    for number, table in enumerate(tables, start=1):
        heading = table.find_previous(["h2", "h3"])
        section = _heading_text(heading) if heading is not None else ""
        header = table.find("tr")
        columns = len(header.find_all(["th", "td"])) if header is not None else 0
        label = f"Table {number}" + (f": {section}" if section else "")
        frame = soup.new_tag("div", attrs={"class": "table-frame"})
        cue = soup.new_tag("p", attrs={"class": "table-cue", "aria-hidden": "true"})
        cue.string = f"Scroll sideways to see all {columns} columns \u2192" if columns else "Scroll sideways \u2192"
        shell = soup.new_tag("div", attrs={"class": "table-shell"})  # carries the shadow at the edge with more
        region = soup.new_tag("div", attrs={"class": "table-scroll", "role": "region", "tabindex": "0",
                                            "aria-label": label})
        _column_widths(table)
        table.replace_with(frame)
        region.append(table)
        shell.append(region)
        frame.extend([cue, shell])


#: Narrowest width class of a column by the length of its longest cell: a table that is too
#: wide for its region keeps its columns readable (`col-w1`…`col-w4` in report.css) and scrolls.
_WIDTH_CLASSES = ((60, "col-w4"), (25, "col-w3"), (15, "col-w2"), (9, "col-w1"))


def _column_widths(table) -> None:
    """A width class on each heading of a column whose cells would otherwise wrap word by word."""
    header = table.find("tr")
    if header is None:
        return
    headings = header.find_all(["th", "td"], recursive=False)
    longest = [0] * len(headings)
    for row in table.find_all("tr")[1:]:
        for index, cell in enumerate(row.find_all(["th", "td"], recursive=False)[:len(headings)]):
            longest[index] = max(longest[index], len(" ".join(cell.get_text().split())))
    for heading, length in zip(headings, longest):
        name = next((name for least, name in _WIDTH_CLASSES if length >= least), None)
        if name:
            heading["class"] = [*heading.get("class", []), name]


def _heading_text(heading) -> str:
    """A heading's text without nbconvert's '¶' anchor link."""
    return " ".join("".join(s for s in heading.find_all(string=True)
                            if not s.find_parent("a", class_="anchor-link")).split())


def _link_reports(soup, main, siblings: list[Sibling]) -> None:
    """'report 04' (and 'report 04, Claims versus evidence') in running text becomes a link to that report's
    file; only the files of `siblings` are ever linked, never from headings, links, code or tables' heads."""
    if not siblings:
        return
    from bs4.element import NavigableString

    by_number = {s.number: s for s in siblings}
    numbers = "|".join(re.escape(s.number) for s in siblings)
    titles = "|".join(re.escape(s.title) for s in siblings)
    pattern = re.compile(rf"\b[Rr]eport ({numbers})(?!\w)(?:, ({titles})(?!\w))?")
    for text in list(main.find_all(string=pattern)):
        if type(text) is not NavigableString or any(parent.name in _NO_LINKS for parent in text.parents):
            continue
        pieces, last = [], 0
        for match in pattern.finditer(text):
            sibling = by_number[match.group(1)]
            # The title is part of the link only when it is that report's title.
            end = match.end() if match.group(2) == sibling.title else match.end(1)
            link = soup.new_tag("a", attrs={"href": sibling.file})
            link.string = text[match.start():end]
            pieces += [text[last:match.start()], link]
            last = end
        pieces.append(text[last:])
        text.replace_with(*[p for p in pieces if p != ""])


def _contents(soup, main) -> None:
    """A table of contents of the second-level headings, after the first paragraph under the title."""
    headings = [h for h in main.find_all("h2") if not h.find_parent("nav")]
    title = main.find("h1")
    first = title.find_next("p") if title is not None else None
    if len(headings) < TOC_MIN_HEADINGS or first is None:
        return
    taken = {element["id"] for element in main.find_all(id=True)}
    nav = soup.new_tag("nav", attrs={"class": "report-toc", "aria-labelledby": "report-toc-title"})
    caption = soup.new_tag("p", attrs={"class": "report-toc-title", "id": "report-toc-title"})
    caption.string = "On this page"
    entries = soup.new_tag("ol")
    for heading in headings:
        text = _heading_text(heading)
        if not heading.get("id"):
            base = re.sub(r"\s+", "-", text) or "section"
            ident, n = base, 1
            while ident in taken:
                n += 1
                ident = f"{base}-{n}"
            heading["id"] = ident
            taken.add(ident)
        entry = soup.new_tag("li")
        link = soup.new_tag("a", attrs={"href": f"#{heading['id']}"})
        link.string = text
        entry.append(link)
        entries.append(entry)
    nav.extend([caption, entries])
    first.insert_after(nav)
