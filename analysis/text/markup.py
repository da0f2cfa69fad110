"""The one path by which text from the data reaches a report: escaped in Markdown, rendered to safe HTML.

Text in the data files is untrusted (a copy of `data/` can be passed with `--data-dir`). Two rules keep it
text in every report:

- every value from a data file that is placed in Markdown goes through `md()`, which puts a backslash before
  every ASCII punctuation character, so that none of them starts a tag, an entity, emphasis, a link, an
  image, a list or a heading, and joins its lines, so that it cannot start a block;
- a note is rendered here, by `note_html()`, with raw HTML escaped, images shown as their text, and links
  kept only for http(s) and mailto addresses, so that even a value that missed `md()` cannot run script,
  load a remote image or make a `javascript:` link.

Tables are HTML-escaped by pandas (`analysis.notebook.table`), chart text is drawn by matplotlib with
mathtext off (`charts/analysis.mplstyle`), alt text is an escaped attribute, and the index page is
rendered by jinja2 with autoescaping.
"""

from __future__ import annotations

import re
import string
from functools import cache
from typing import Any

#: Every ASCII punctuation character is escaped with a backslash (CommonMark allows it for all of them): it
#: then means itself, and `note_html` writes `&`, `<`, `>` and quotes as HTML character references.
_ESCAPED = {c: "\\" + c for c in string.punctuation}
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
#: An absolute web address: http or https, then a host, then anything without white space.
_WEB_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#]\S*)?")
#: Characters a link's address never carries as themselves in a report (each is percent-encoded).
_URL_ESCAPES = {c: f"%{ord(c):02X}" for c in "<>\"'`\\()[]{}|^ "}


def md(value: Any) -> str:
    """Text from the data, made to read as itself inside Markdown that becomes HTML ('a_b' -> 'a\\_b')."""
    text = _LINE_BREAKS.sub(" ", str(value))  # a value never starts a new block (list, heading, quote)
    return "".join(_ESCAPED.get(c, c) for c in text)


def web_url(value: Any) -> str | None:
    """`value` as a web address safe to put in a link (http or https, a host, no spaces or control
    characters, with quotes, brackets and backslashes percent-encoded), or None when it is not one."""
    if not isinstance(value, str):
        return None
    match = _WEB_URL.fullmatch(value)
    if match is None or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in value):
        return None
    return "".join(_URL_ESCAPES.get(c, c) for c in value)


def md_link(text: Any, url: Any) -> str:
    """A Markdown link to `url` with `text` escaped by `md()`; the text alone when `url` is not a web address."""
    safe = web_url(url)
    return f"[{md(text)}](<{safe}>)" if safe else md(text)


def html_escape(text: str) -> str:
    """Text made to read as itself in HTML: '&', '<', '>' and both quotes become character references."""
    import html

    return html.escape(text, quote=True)


def html_link(text: Any, url: Any) -> str:
    """An HTML link to `url` with `text` HTML-escaped; the escaped text alone when `url` is not a web address."""
    safe = web_url(url)
    label = html_escape(str(text))
    return f'<a href="{html_escape(safe)}">{label}</a>' if safe else label


def note_html(markdown: str) -> str:
    """A note written in Markdown (with its data values passed through `md()`) as HTML that runs nothing:
    text is HTML-escaped, raw HTML is shown as text, images as their text, and only http(s) and mailto links
    are kept."""
    return _render()(markdown).strip()


@cache
def _render():
    """The Markdown renderer of notes (made once)."""
    import mistune

    class _SafeRenderer(mistune.HTMLRenderer):
        SAFE_PROTOCOLS = ("http:", "https:", "mailto:")
        GOOD_DATA_PROTOCOLS = ()

        def image(self, text: str, url: str, title: str | None = None) -> str:
            return text  # no image is loaded from a note: its alt text is shown instead

        def link(self, text: str, url: str, title: str | None = None) -> str:
            if self.sanitize_url(url) == "#harmful-link" or url.lstrip().startswith("//"):
                return text  # not a web or mail address: the text alone
            return super().link(text, url, title)

    return mistune.create_markdown(escape=True, renderer=_SafeRenderer(escape=True))
