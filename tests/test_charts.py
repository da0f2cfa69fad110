"""Charts: titles, scales, labels, source footers and alt text."""

from __future__ import annotations

import pytest

from analysis.compute import adoption as ca, household as ch, statistics as cs, summit as csu
from analysis import charts, load_adoption, load_household_adoption, load_sources
from analysis.charts.style import alt_text, chart_title


@pytest.fixture(scope="module")
def tables():
    return load_adoption(), load_household_adoption(), load_sources()


@pytest.fixture(scope="module")
def everything():
    from analysis.data.load import load_all

    return load_all()


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text") and a.get_text())]


def test_summit_comparison(tables):
    adoption, _, sources = tables
    fig = charts.summit_comparison(ca.summit_speed_ups(adoption), sources)
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
        "Julie Cordua: Automobile 16 years; Electronic devices 3 years (5.3× faster than the automobile); "
        "TikTok 1 year (16× faster than the automobile); ChatGPT 2 months (96× faster than the automobile)."
    )


def test_summit_comparison_against_another_baseline_reads_slower_and_keeps_proper_names(tables):
    adoption, _, sources = tables
    fig = charts.summit_comparison(ca.summit_speed_ups(adoption, "TikTok"), sources)
    title = fig.texts[0].get_text().replace("\n", " ")
    assert title == "At the summit, ChatGPT's 2 months to 100 million was set against 1 year for TikTok: 6× faster"
    shown = texts(fig)
    for label in ("16× slower than TikTok", "3× slower than TikTok", "6× faster than TikTok"):
        assert label in shown
    assert not any("tiktok" in text for text in shown)
    assert alt_text(fig).endswith(
        "Automobile 16 years (16× slower than TikTok); Electronic devices 3 years (3× slower than TikTok); "
        "TikTok 1 year; ChatGPT 2 months (6× faster than TikTok)."
    )


def test_adoption_trend(tables):
    adoption, _, sources = tables
    fig = charts.adoption_trend(ca.trend(adoption), sources)
    early, main = fig.axes
    assert main.get_yscale() == "log" and early.get_yscale() == "log"
    assert chart_title(fig) == (
        "Technologies launched later tended to reach 100 million sooner, but the trend is loose: the fitted time "
        "halves about every 18 years of launch date"
    )
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
    assert footer.startswith('Sources: Time-to-100-million chart as circulated, credited to "World of Statistics" (Mint, March 2023)')
    assert "Not shown, as no launch year is published with their figure: Mobile phone, World Wide Web." in footer
    assert ("the trend is descriptive (R² = 0.42, n = 14) and uncertain: resampling the points gives a 95% "
            "interval for the halving time of 2 to 26 years.") in footer  # 2.2 to 25.8, as in notebook 04
    assert alt_text(fig).endswith("the time halves about every 18 years of later launch (95% interval: 2 to 26 years).")


def test_household_curves(tables):
    _, household, sources = tables
    fig = charts.household_curves(ch.curves(household), sources)
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
    for fig in (charts.adoption_trend(ca.trend(adoption), sources), charts.household_curves(ch.curves(household), sources)):
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
    fig = charts.programme_chart(csu.programme(everything["sessions"]), everything["sources"])
    assert chart_title(fig) == "The public record names 21 sessions of the summit; only 3 have published times"
    shown = texts(fig)
    assert {"Day 1 (4 Dec)", "Day 2 (5 Dec)", "Day not stated"} <= set(shown)
    assert "OPENING · 09:00–10:00" in shown and "PANEL · 10:30–11:15" in shown
    assert shown.count("PANEL · time not published") == 7
    italic = [t.get_text() for t in fig.axes[0].texts if t.get_fontstyle() == "italic"]
    assert "Panel on the role of AI" in italic and "Opening and welcome" not in italic
    assert "Only 3 sessions" in alt_text(fig)


def test_themes_heatmap(everything):
    fig = charts.themes_heatmap(csu.theme_grid(everything["sessions"], everything["session_themes"]), everything["sources"])
    assert chart_title(fig) == "'Emerging technology and AI' was the most frequent theme, in 9 of 21 known sessions"
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Day 1 (4 Dec)", "Day 2 (5 Dec)", "Day not stated"]
    assert len(ax.get_yticklabels()) == 12
    assert "emerging technology and AI: Day 1 (4 Dec) 7, Day 2 (5 Dec) 1, Day not stated 1" in alt_text(fig)


def test_sector_chart(everything):
    fig = charts.sector_chart(csu.sector_counts(everything["people"], everything["organisations"], everything["session_people"]),
                              everything["sources"])
    assert chart_title(fig) == "Civil society made up 7 of the 14 organisations named; the 14 speakers came from 6 sectors"
    speakers, organisations = fig.axes
    assert [p.get_width() for p in speakers.patches] == [2, 2, 5, 1, 2, 1, 1]
    assert [p.get_width() for p in organisations.patches] == [1, 2, 7, 1, 2, 1, 0]


def test_ncmec_chart_marks_the_break(everything):
    fig = charts.ncmec_reports(cs.ncmec_reports(everything["statistics"]), everything["sources"])
    assert chart_title(fig) == "CyberTipline reports rose 66% from 2020 to 2023; the 2024 count is not comparable"
    ax = fig.axes[0]
    heights = [round(p.get_height(), 3) for p in ax.patches]
    assert heights == [16.9, 21.751, 29.398, 32.059, 36.2, 20.5]
    assert ax.patches[-1].get_facecolor() != ax.patches[1].get_facecolor()  # 2024 drawn apart
    assert ax.patches[0].get_hatch() == "///" and ax.patches[1].get_hatch() is None  # weak 2019
    assert "counting changed:\nduplicates bundled" in texts(fig)


def without_2022_assessed(statistics):
    """The statistics as the project had them before the IWF's 2022 report was checked: no assessed count."""
    return statistics[statistics["id"] != "iwf-assessed-2022"]


def test_iwf_chart(everything):
    fig = charts.iwf_reports(cs.iwf_reports(everything["statistics"]), everything["sources"])
    assert chart_title(fig) == ("Webpages confirmed by the IWF rose from about 132,700 in 2019 to 291,273 in 2024 "
                                "(×2.2)")  # the 2019 figure is a rounded press figure
    assert "not in\nsources" not in texts(fig)
    gapped = charts.iwf_reports(cs.iwf_reports(without_2022_assessed(everything["statistics"])), everything["sources"])
    assert "not in\nsources" in texts(gapped)


def test_childlight_chart(everything):
    fig = charts.childlight_prevalence(everything["statistics"], everything["sources"])
    shown = texts(fig)
    assert "12.6% (about 302 million)" in shown and "12.5% (about 300 million)" in shown and "3.5%" in shown
    assert {"11.0%", "7.5%", "7.0%"} <= set(shown)  # US men: 11% in the executive summary
    footer = fig.texts[-1].get_text().replace("\n", " ")
    assert "the categories overlap, so the headline of more than 300 million children is not their sum" in footer


def test_trend_shows_a_technology_added_with_any_launch_year(tables):
    adoption, _, sources = tables
    changed = adoption.copy()
    row = changed["id"] == "ref-mobile-phone"
    changed.loc[row, "launch_year"] = 1983.5
    fig = charts.adoption_trend(ca.trend(changed), sources)
    labels = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert "Mobile phone" in labels
    early, main = fig.axes
    assert early.get_xlim()[0] <= 1878.5 and main.get_xlim()[0] <= 1983.5 <= main.get_xlim()[1]


def test_formatting_of_counts_and_values():
    from analysis.text.adoption import milestone_text
    from analysis.text.formatting import format_count, format_value

    assert format_value(12.5) == "12.5" and format_value(1200.0) == "1,200" and format_value(3) == "3"
    assert format_count(21_751_085) == "21.8 million" and format_count(300_000_000) == "300 million"
    assert format_count(291_273) == "291,273"
    assert milestone_text(50_000_000) == "50 million" and milestone_text(1_500_000) == "1.5 million"
    assert milestone_text(500_000) == "500,000"


def test_claims_chart_puts_no_unsupported_claim_on_the_ratio_axis(everything):
    from analysis.charts.claims import NO_FIGURE_NOTE
    from analysis.text.claims import claims_table

    claims = claims_table(everything["adoption"], everything["statistics"])
    fig = charts.claims_chart(claims, everything["sources"])
    ax = fig.axes[0]
    rows = dict(zip([t.get_text() for t in ax.get_yticklabels()], ax.get_yticks(), strict=True))
    unsupported = [rows[label] for label, verdict in zip(
        [t.get_text() for t in ax.get_yticklabels()], claims["verdict"], strict=True) if verdict == "unsupported"]
    assert len(unsupported) == 2
    # Every marker and segment is drawn in data coordinates; none lies on an unsupported claim's row.
    drawn = [line for line in ax.lines if line.get_transform() == ax.transData]
    assert drawn and not any(y in unsupported for line in drawn for y in line.get_ydata())
    # Instead, each of those rows carries the note, inside the plot area.
    notes = [t for t in ax.texts if t.get_text() == NO_FIGURE_NOTE]
    assert NO_FIGURE_NOTE == "no published figure to compare"
    assert sorted(t.get_position()[1] for t in notes) == sorted(unsupported)
    assert all(t.get_position()[0] == 0.5 for t in notes)  # centred across the axes, not at a ratio
    # The axis is symmetric about 1× in log space, trimmed to ½×–2× (all ratios lie within), with short labels.
    low, high = ax.get_xlim()
    assert low * high == pytest.approx(1) and high == pytest.approx(2.5)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["½×", "1×", "2×"]
    assert ax.get_xlabel() == "Claim ÷ published figure (1× = the same; hollow circle: the published figure)"
    assert alt_text(fig) == (
        "Dot-and-line chart, one row per claim, of each claim as a multiple of the closest published figure on a "
        "logarithmic axis. Automobile: 16 years (vehicles): unsupported (no published figure, so not on the axis); "
        "Electronic devices: 3 years (devices in use): different metric (ratios 0.83 and 1.20); TikTok: 1 year (users): "
        "rounded (ratio 1.33); ChatGPT: 2 months (users): consistent (ratio 1.00); Children affected by online "
        "sexual exploitation and abuse each year: consistent (ratio 1.00); Time within which images of a child were "
        "removed after upload in one case: unsupported (no published figure, so not on the axis); Increase in "
        "reported child sexual abuse material cases since 2019 (attributed to NCMEC) (a published claim, not said at "
        "the summit): consistent (ratio 0.99)."
    )
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == (
        "Increase in reported child sexual\nabuse material cases since\n2019 (attributed to NCMEC)\n"
        "(a published claim, not said at the summit)"
    )


def test_iwf_note_for_a_missing_year_touches_no_bar(everything):
    fig = charts.iwf_reports(cs.iwf_reports(without_2022_assessed(everything["statistics"])), everything["sources"])
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    note = next(t for t in ax.texts if t.get_text() == "not in\nsources")
    box = note.get_window_extent(renderer)
    assert not any(box.overlaps(bar.get_window_extent(renderer)) for bar in ax.patches)


def test_trend_labels_keep_clear_of_every_marker(tables):
    adoption, _, sources = tables
    fig = charts.adoption_trend(ca.trend(adoption), sources)
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        centres = [c for col in ax.collections for c in ax.transData.transform(col.get_offsets())]
        for text in ax.texts:
            box = text.get_window_extent(renderer).padded(3.5 * fig.dpi / 72)  # about a marker's half-width
            assert not any(box.contains(x, y) for x, y in centres), text.get_text()


def test_household_lines_differ_in_colour_or_dash(tables):
    _, household, sources = tables
    fig = charts.household_curves(ch.curves(household), sources)
    ax = fig.axes[0]
    styles = [(line.get_color(), line.get_linestyle()) for line in ax.lines]
    assert len(set(styles)) == len(styles) == 12
    colours = [c for c, _ in styles]
    assert max(colours.count(c) for c in colours) <= 2  # no colour on three lines
    # Labels are in their line's colour; lines sharing a colour differ in dash.
    assert {line.get_linestyle() for line in ax.lines} == {"-", "--"}


def test_wrapped_titles_subtitles_and_footers_leave_no_lone_word():
    from analysis.charts.registry import FIGURES
    from analysis.data.load import load_all

    tables = load_all()
    for name, spec in FIGURES.items():
        fig = spec.make(tables)
        title, subtitle, footer = fig.texts[0], fig.texts[1], fig.texts[2]
        for part in (title, subtitle, footer):
            lines = part.get_text().split("\n")
            assert all(len(line.split()) >= 2 for line in lines) or len(lines) == 1, (name, lines)
        assert len(title.get_text().split("\n")) <= 2, name
        # Balanced: in a block of several lines, the last is at least half as long as the longest.
        for part in (title, subtitle):
            lines = part.get_text().split("\n")
            if len(lines) > 1:
                assert len(lines[-1]) >= 0.5 * max(map(len, lines)), (name, lines)


def test_wrapping_keeps_a_number_with_its_word_and_measures_widths():
    from analysis.charts.style import _wrap

    assert _wrap("", 10) == [""]
    assert _wrap("one short line", 10) == ["one short line"]
    lines = _wrap("From 10% to half of US households: 43 years for the landline, 5 for the tablet", 13, "bold", 400)
    assert lines == ["From 10% to half of US households:", "43 years for the landline, 5 for the tablet"]
    lines = _wrap("a " * 60 + "end", 10, max_width=200)
    assert len(lines) > 1 and len(lines[-1].split()) > 1


def test_halving_chart(tables):

    adoption, _, sources = tables
    fig = charts.halving_chart(ca.halving(adoption), sources)
    ax = fig.axes[0]
    assert chart_title(fig) == (
        "Time to 100 million halves every 18 years across all figures, but every 4 years among user counts: "
        "the trend depends on what is counted"
    )
    assert ax.get_xlabel() == "Halving time: years of later launch over which the time to 100 million halves"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "all reference figures\n(n = 14)", "users and monthly active users only\n(n = 8)"
    ]
    assert alt_text(fig) == (
        "Interval chart of the halving time of the time to reach 100 million. All reference figures: 18.0 years "
        "(95% interval 2.2 to 25.8; n = 14); Users and monthly active users only: 3.9 years (95% interval 3.4 to "
        "6.1; n = 8)."
    )


def test_household_axis_ends_with_the_data(tables):
    _, household, sources = tables
    ax = charts.household_curves(ch.curves(household), sources).axes[0]
    assert ax.spines["bottom"].get_bounds() == (1900, 2020)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1900", "1920", "1940", "1960", "1980", "2000", "2020"]
