"""Charts: titles, scales, labels, source footers and alt text."""

from __future__ import annotations

import pytest

from analysis import charts, load_adoption, load_household_adoption, load_sources
from analysis.style import alt_text, chart_title


@pytest.fixture(scope="module")
def tables():
    return load_adoption(), load_household_adoption(), load_sources()


@pytest.fixture(scope="module")
def everything():
    from analysis.load import load_all

    return load_all()


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text") and a.get_text())]


def test_summit_comparison(tables):
    adoption, _, sources = tables
    fig = charts.summit_comparison(adoption, sources)
    ax = fig.axes[0]
    assert chart_title(fig) == (
        "At the summit, ChatGPT's 2 months to 100 million was set against 16 years for the automobile: 96× faster"
    )
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Automobile\n(vehicles)", "Electronic devices\n(devices in use)", "TikTok\n(users)", "ChatGPT\n(users)"
    ]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "1 month", "3 months", "1 year", "3 years", "10 years", "30 years"
    ]
    shown = texts(fig)
    for label in ("16 years", "3 years", "1 year", "2 months", "96× faster than the automobile",
                  "16× faster than the automobile", "5.3× faster than the automobile"):
        assert label in shown
    footer = fig.texts[-1].get_text().replace("\n", " ")
    assert footer.startswith("Source: M. C. Rasmin, attendee's report of the summit, International Foundation")
    assert [p.get_width() + 0.5 for p in ax.patches] == [192, 36, 12, 2]
    assert alt_text(fig) == (
        "Horizontal bar chart, logarithmic time axis, of the times to reach 100 million stated at the summit by "
        "Julie Cordua: Automobile 16 years; Electronic devices 3 years (5.3× faster); TikTok 1 year (16× faster); "
        "ChatGPT 2 months (96× faster). Speed-ups are against the automobile."
    )


def test_adoption_trend(tables):
    adoption, _, sources = tables
    fig = charts.adoption_trend(adoption, sources)
    early, main = fig.axes
    assert main.get_yscale() == "log" and early.get_yscale() == "log"
    assert chart_title(fig).startswith("Technologies launched later reached 100 million sooner: the time halved about every 18 years")
    legend = [t.get_text() for t in main.get_legend().get_texts()]
    assert legend == [
        "Log-linear trend: time halves every 18.0 years", "users", "monthly active users", "subscribers",
        "units sold", "downloads", "sign-ups",
    ]
    labels = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert labels == {
        "Telephone", "iTunes", "Facebook", "Twitter", "WhatsApp", "Instagram", "Apple App Store", "TikTok",
        "ChatGPT", "Threads", "Pokémon Go", "iPod", "iPhone", "iPad",
    }
    footer = fig.texts[-1].get_text().replace("\n", " ")
    assert footer.startswith("Sources: BCG and Statista")
    assert "Not shown, as no launch year is published with their figure: Mobile phone, World Wide Web." in footer
    assert "n = 14" in footer
    assert "time halves about every 18 years" in alt_text(fig)


def test_household_curves(tables):
    _, household, sources = tables
    fig = charts.household_curves(household, sources)
    ax = fig.axes[0]
    assert chart_title(fig) == "From 10% to half of US households: 43 years for the landline, 5 for the tablet"
    assert len(ax.lines) == 12
    assert {t.get_text() for t in ax.texts} == set(household["technology"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0%", "25%", "50%", "75%", "100%"]
    footer = fig.texts[-1].get_text().replace("\n", " ")
    assert footer.startswith("Source: Our World in Data, from Comin and Hobijn (2004) and others (CC BY 4.0).")
    # Every label is drawn in its line's colour.
    colours = {line.get_color() for line in ax.lines}
    assert {t.get_color() for t in ax.texts} <= colours


def test_labels_do_not_overlap(tables):
    adoption, household, sources = tables
    for fig in (charts.adoption_trend(adoption, sources), charts.household_curves(household, sources)):
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            boxes = [t.get_window_extent(renderer) for t in ax.texts]
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    assert not a.overlaps(b), (ax.texts[boxes.index(a)].get_text())


def test_figure_without_alt_text_is_refused():
    from matplotlib.figure import Figure

    with pytest.raises(ValueError, match="no alt text"):
        alt_text(Figure())


def test_programme_chart(everything):
    fig = charts.programme_chart(everything["sessions"], everything["sources"])
    assert chart_title(fig) == "The public record names 21 sessions of the summit; only 3 have published times"
    shown = texts(fig)
    assert {"Day 1 (4 Dec)", "Day 2 (5 Dec)", "Day not stated"} <= set(shown)
    assert "OPENING · 09:00–10:00" in shown and "PANEL · 10:30–11:15" in shown
    assert shown.count("PANEL · time not published") == 7
    italic = [t.get_text() for t in fig.axes[0].texts if t.get_fontstyle() == "italic"]
    assert "Panel on the role of AI" in italic and "Opening and welcome" not in italic
    assert "Only 3 sessions" in alt_text(fig)


def test_themes_heatmap(everything):
    fig = charts.themes_heatmap(everything["sessions"], everything["session_themes"], everything["sources"])
    assert chart_title(fig) == "'Emerging technology and AI' was the most frequent theme, in 9 of 21 known sessions"
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Day 1 (4 Dec)", "Day 2 (5 Dec)", "Day not stated"]
    assert len(ax.get_yticklabels()) == 12
    assert "emerging technology and AI: Day 1 (4 Dec) 7, Day 2 (5 Dec) 1, Day not stated 1" in alt_text(fig)


def test_sector_chart(everything):
    fig = charts.sector_chart(everything["people"], everything["organisations"], everything["session_people"],
                              everything["sources"])
    assert chart_title(fig) == "Civil society made up 7 of the 14 organisations named; the 14 speakers came from 6 sectors"
    speakers, organisations = fig.axes
    assert [p.get_width() for p in speakers.patches] == [2, 2, 5, 1, 2, 1, 1]
    assert [p.get_width() for p in organisations.patches] == [1, 2, 7, 1, 2, 1, 0]


def test_ncmec_chart_marks_the_break(everything):
    fig = charts.ncmec_reports(everything["statistics"], everything["sources"])
    assert chart_title(fig) == "CyberTipline reports rose 66% from 2020 to 2023; the 2024 count is not comparable"
    ax = fig.axes[0]
    heights = [round(p.get_height(), 3) for p in ax.patches]
    assert heights == [16.9, 21.751, 29.398, 32.059, 36.2, 20.5]
    assert ax.patches[-1].get_facecolor() != ax.patches[1].get_facecolor()  # 2024 drawn apart
    assert ax.patches[0].get_hatch() == "///" and ax.patches[1].get_hatch() is None  # weak 2019
    assert "counting changed:\nduplicates bundled" in texts(fig)


def test_iwf_chart(everything):
    fig = charts.iwf_reports(everything["statistics"], everything["sources"])
    assert chart_title(fig) == "Webpages confirmed by the IWF rose from 132,700 in 2019 to 291,273 in 2024 (×2.2)"
    assert "not\npublished" in texts(fig)


def test_childlight_chart(everything):
    fig = charts.childlight_prevalence(everything["statistics"], everything["sources"])
    shown = texts(fig)
    assert "12.6% (about 302 million)" in shown and "12.5% (about 300 million)" in shown and "3.5%" in shown
    assert {"10.9%", "7.5%", "7%"} <= set(shown)
    footer = fig.texts[-1].get_text().replace("\n", " ")
    assert "the categories overlap, so the headline of more than 300 million children is not their sum" in footer


def test_trend_shows_a_technology_added_with_any_launch_year(tables):
    adoption, _, sources = tables
    changed = adoption.copy()
    row = changed["id"] == "ref-mobile-phone"
    changed.loc[row, "launch_year"] = 1983.5
    fig = charts.adoption_trend(changed, sources)
    labels = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert "Mobile phone" in labels
    early, main = fig.axes
    assert early.get_xlim()[0] <= 1878.5 and main.get_xlim()[0] <= 1983.5 <= main.get_xlim()[1]


def test_formatting_of_counts_and_values():
    from analysis.adoption import milestone_text
    from analysis.formatting import format_count, format_value

    assert format_value(12.5) == "12.5" and format_value(1200.0) == "1,200" and format_value(3) == "3"
    assert format_count(21_751_085) == "21.8 million" and format_count(300_000_000) == "300 million"
    assert format_count(291_273) == "291,273"
    assert milestone_text(50_000_000) == "50 million" and milestone_text(1_500_000) == "1.5 million"
    assert milestone_text(500_000) == "500,000"
