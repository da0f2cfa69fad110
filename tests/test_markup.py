"""The one path from data text to a report: `md()` escapes it in Markdown, `note_html()` renders notes safely."""

from __future__ import annotations

import pytest

from analysis.text.markup import md, note_html


@pytest.mark.parametrize(("value", "expected"), [
    ("TikTok", "TikTok"),
    ("Pokémon Go", "Pokémon Go"),
    ("<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\<\\/script\\>"),
    ("![p](https://evil.example/p.png)", "\\!\\[p\\]\\(https\\:\\/\\/evil\\.example\\/p\\.png\\)"),
    ("*e* _u_ `c` # x", "\\*e\\* \\_u\\_ \\`c\\` \\# x"),
    ("a & b \\ c", "a \\& b \\\\ c"),
    ("two\nlines\r\n- item", "two lines \\- item"),
    (1.5, "1\\.5"),
])
def test_md_escapes_every_ascii_punctuation_and_joins_lines(value, expected):
    assert md(value) == expected


@pytest.mark.parametrize(("value", "shown"), [
    ('<script>alert("s")</script>', "&lt;script&gt;alert(&quot;s&quot;)&lt;/script&gt;"),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ("![p](https://evil.example/p.png)", "![p](https://evil.example/p.png)"),
    ("[m](javascript:alert(1))", "[m](javascript:alert(1))"),
    ("*e* _u_ `c` # x", "*e* _u_ `c` # x"),
    ("AT&T <https://evil.example>", "AT&amp;T &lt;https://evil.example&gt;"),
])
def test_a_value_passed_through_md_shows_literally_in_a_note(value, shown):
    assert note_html(f"Before **{md(value)}** after.") == f"<p>Before <strong>{shown}</strong> after.</p>"


def test_a_note_runs_nothing_even_without_md():
    """Defence in depth: markup written into a note without `md()` is still text, and nothing is loaded."""
    html = note_html('<b onmouseover="alert(1)">x</b> ![p](https://evil.example/p.png) [j](javascript:alert(1)) '
                     "[v](vbscript:x) [d](data:text/html,x) [w](https://example.org/a) [s](//evil.example/x)")
    assert html == ('<p>&lt;b onmouseover=&quot;alert(1)&quot;&gt;x&lt;/b&gt; p j v d '
                    '<a href="https://example.org/a">w</a> s</p>')


def test_the_project_notes_keep_their_markdown():
    assert note_html("- **Rule**: *consistent*\n- second") == (
        "<ul>\n<li><strong>Rule</strong>: <em>consistent</em></li>\n<li>second</li>\n</ul>")


def test_chart_text_from_the_data_is_drawn_as_written():
    """A technology named "$x^2$ Ltd" is drawn with its dollar signs, not as mathematics."""
    import matplotlib.pyplot as plt

    from analysis.charts.style import styled

    with styled():
        fig, ax = plt.subplots()
        label = ax.set_title("$x^2$ Ltd")
        assert label.get_parse_math() is False
        plt.close(fig)
    with plt.rc_context({"text.parse_math": True}):  # what matplotlib does without the project's style
        fig, ax = plt.subplots()
        assert ax.set_title("$x^2$ Ltd").get_parse_math() is True
        plt.close(fig)
