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


def md(value: Any) -> str:
    """Text from the data, made to read as itself inside Markdown that becomes HTML ('a_b' -> 'a\\_b')."""
    text = _LINE_BREAKS.sub(" ", str(value))  # a value never starts a new block (list, heading, quote)
    return "".join(_ESCAPED.get(c, c) for c in text)


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
