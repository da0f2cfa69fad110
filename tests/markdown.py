"""Test helper: a note's Markdown with the backslash escapes of its data values (`md()`) taken out, i.e.
the text a reader sees, its Markdown emphasis and lists kept."""

from __future__ import annotations

import re
import string

_ESCAPE = re.compile(r"\\([" + re.escape(string.punctuation) + "])")


def unescaped(markdown: str) -> str:
    return _ESCAPE.sub(r"\1", markdown)
