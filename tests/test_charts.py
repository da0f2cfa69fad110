"""Charts: titles, scales, labels, source footers and alt text."""

from __future__ import annotations

import pytest

from analysis.compute import adoption as ca, household as ch, statistics as cs, summit as csu
from analysis import charts, load_adoption, load_household_adoption, load_sources
from analysis.charts.labels import densify
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


def _lead(baseline: str = "Automobile"):
    from analysis import load_statistics
    from analysis.compute.claims import summit_adoption_verdicts

    return charts.summit_comparison(summit_adoption_verdicts(load_adoption(), load_statistics(), baseline),
                                    load_sources())


def test_summit_comparison_says_what_was_said_and_what_the_record_shows():
    fig = _lead()
    ax = fig.axes[0]
    assert chart_title(fig) == (
        "Said at the summit: 16 years for the automobile to reach 100 million, 2 months for ChatGPT; the record "
        "contradicts the 16 years"
    )
    assert "96" not in chart_title(fig)
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Automobile\n(cars)", "Electronic devices\n(devices in use)", "TikTok\n(users)", "ChatGPT\n(users)"
    ]
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "1 month", "3 months", "1 year", "3 years", "10 years", "30 years"
    ]
    # Dots, not bars, on the log axis: a bar's length would mislead.
    assert not ax.patches
    assert ax.collections[1].get_offsets()[:, 0].tolist() == [192, 36, 12, 2]
    assert [t.get_text() for t in ax.texts] == [
        "16 years: contradicted by the record",
        "3 years: different metric", "5.3× faster than the automobile's stated time",
        "1 year: rounded", "16× faster than the automobile's stated time",
        "2 months: consistent", "96× faster than the automobile's stated time",
    ]
    footer = fig.texts[-1].get_text().replace("\n", " ")
    assert footer.startswith("Source: M. C. Rasmin, attendee's report of the summit, International Foundation")
    assert ("speed-ups against the automobile's stated time are computed here from the stated times; they were "
            "not stated as such.") in footer
    assert alt_text(fig) == (
        "Dot chart, logarithmic time axis, of the times to reach 100 million stated at the summit by Julie Cordua, "
        "each with the verdict of the project's check: Automobile 16 years, verdict contradicted by the record; "
        "Electronic devices 3 years, verdict different metric (5.3× faster than the automobile's stated time); "
        "TikTok 1 year, verdict rounded (16× faster than the automobile's stated time); ChatGPT 2 months, verdict "
        "consistent (96× faster than the automobile's stated time)."
    )


def test_summit_comparison_against_another_baseline_reads_slower_and_keeps_proper_names():
    fig = _lead("TikTok")
    # The title states what was said; the variant's comparison is labelled as computed here.
    assert chart_title(fig) == chart_title(_lead())
    shown = texts(fig)
    for label in ("16× slower than TikTok's stated time", "3× slower than TikTok's stated time",
                  "6× faster than TikTok's stated time"):
        assert label in shown
    assert not any("tiktok" in text for text in shown)
    assert "speed-ups against TikTok's stated time are computed here" in fig.texts[-1].get_text().replace("\n", " ")
    assert alt_text(fig).endswith(
        "Automobile 16 years, verdict contradicted by the record (16× slower than TikTok's stated time); Electronic "
        "devices 3 years, verdict different metric (3× slower than TikTok's stated time); TikTok 1 year, verdict "
        "rounded; ChatGPT 2 months, verdict consistent (6× faster than TikTok's stated time)."
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
        "Log-linear trend: time halves every 17.9 years", "users", "monthly active users", "subscribers",
        "units sold", "units shipped", "downloads", "sign-ups",
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
    # The landline is a share of US households, the tablet of US adults: the title names both.
    assert chart_title(fig) == (
        "From 10% to half: 43 years for the landline (US households), 5 for the tablet (US adults)"
    )
    assert fig.texts[1].get_text().replace("\n", " ") == (
        "Share of US households with each technology, or of US adults where the panel says so, by year (%); in "
        "grey, the other technologies; shaded, the years from 10% to 50%"
    )
    # Small multiples: one panel per technology, in order of first year, titled with the technology and its
    # population, and labelled with its years from 10% to 50% (or what its series shows instead).
    assert [[t.get_text() for t in ax.texts] for ax in fig.axes] == [
        ["Landline", "US households", "43 years"], ["Electric power", "US households", "16 years"],
        ["Automobile", "US households", "10 years"], ["Radio", "US households", "6 years"],
        ["Household refrigerator", "US households", "11 years"], ["Colour TV", "US households", "7 years"],
        ["Microcomputer", "US households", "15 years"], ["Internet", "US households", "8 years"],
        ["Cellular phone", "US households", "7 years"], ["Social media usage", "US adults", "5 years"],
        ["Tablet", "US adults", "5 years"], ["Smartphone usage", "US adults", "already 35%\nin 2011"],
    ]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["0%", "50%", "100%"]
    footer = fig.texts[-1].get_text().replace("\n", " ")
    assert footer == (
        "Source: Our World in Data, from Comin and Hobijn (2004) and others (CC BY 4.0). Note: series start when a "
        "technology passes about 10% and have gaps; Social media usage, Tablet and Smartphone usage are shares of "
        "US adults, not of US households."
    )
    assert alt_text(fig) == (
        "Small multiples: 12 line charts with shared axes of the share of US households with 9 technologies and of "
        "US adults with 3 technologies, from 1903 to 2016, one panel per technology titled with the technology and "
        "its population, its line drawn over the others in light grey and the years from 10% to 50% shaded and "
        "labelled. The curves rise in an S shape; later ones are generally steeper. Years to go from 10% to 50% of "
        "each series' population: Tablet 5 years (US adults); Social media usage 5 years (US adults); Radio 6 "
        "years; Cellular phone 7 years; Colour TV 7 years; Internet 8 years; Automobile 10 years; Household "
        "refrigerator 11 years; Microcomputer 15 years; Electric power 16 years; Landline 43 years. Smartphone "
        "usage starts above 10% in the data."
    )


def test_household_curves_take_every_population_from_the_data(tables):
    from analysis.charts.style import PALETTE

    _, household, sources = tables
    # Only the household series: one population, named once in the subtitle, and on every panel.
    homes = household[household["population"] == "US households"]
    fig = charts.household_curves(ch.curves(homes), sources)
    assert chart_title(fig) == "From 10% to half of US households: 43 years for the landline, 6 for the radio"
    assert fig.texts[1].get_text().replace("\n", " ") == (
        "Share of US households with each technology, by year (%); in grey, the other technologies; shaded, the "
        "years from 10% to 50%"
    )
    assert [ax.texts[0].get_text() for ax in fig.axes] == list(dict.fromkeys(homes.sort_values("year")["technology"]))
    assert {ax.texts[1].get_text() for ax in fig.axes} == {"US households"}
    assert fig.texts[-1].get_text().replace("\n", " ").endswith(
        "Note: series start when a technology passes about 10% and have gaps."
    )
    # The landline relabelled as a share of adults: the fastest and slowest now share that population, and the
    # landline's panel names it and draws it in the adults' colour.
    relabelled = household.assign(
        population=household["population"].mask(household["technology"] == "Landline", "US adults")
    )
    fig = charts.household_curves(ch.curves(relabelled), sources)
    assert chart_title(fig) == "From 10% to half of US adults: 43 years for the landline, 5 for the tablet"
    assert [t.get_text() for t in fig.axes[0].texts[:2]] == ["Landline", "US adults"]
    assert fig.axes[0].lines[-1].get_color() == PALETTE["vermillion"]


def test_labels_do_not_overlap(tables):
    adoption, household, sources = tables
    for fig in (charts.adoption_trend(ca.trend(adoption), sources), charts.household_curves(ch.curves(household), sources)):
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            boxes = [t.get_window_extent(renderer) for t in ax.texts]
            for i, a in enumerate(boxes):
                for b in boxes[i + 1 :]:
                    assert not a.overlaps(b), (ax.texts[boxes.index(a)].get_text())


def test_household_text_overlaps_no_other_text_nor_its_own_series(tables):
    from analysis.charts.style import CONTEXT_GREY

    _, household, sources = tables
    fig = charts.household_curves(ch.curves(household), sources)
    renderer = fig.canvas.get_renderer()
    # Every text of the figure, across panels: titles, tick labels, panel headers and crossing labels.
    texts = [*fig.texts, *(t for ax in fig.axes for t in (*ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels())
                           if t.get_visible() and t.get_text())]
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            assert not a.overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())
    for ax in fig.axes:
        label = ax.texts[-1].get_window_extent(renderer)
        own = [line for line in ax.lines if line.get_color() != CONTEXT_GREY][0]
        points = ax.transData.transform(densify(own.get_xdata(), own.get_ydata()))
        assert not any(label.contains(x, y) for x, y in points), ax.texts[0].get_text()


def test_figure_without_alt_text_is_refused():
    from matplotlib.figure import Figure

    with pytest.raises(ValueError, match="no alt text"):
        alt_text(Figure())


def test_programme_chart(everything):
    fig = charts.programme_chart(csu.programme(everything["sessions"]), everything["sources"])
    assert chart_title(fig) == (
        "The sources give 21 sessions and topics of the summit, 11 of them known as separate sessions; "
        "only 3 have published times"
    )
    shown = texts(fig)
    assert {"Day 1 (4 Dec)", "Day 2 (5 Dec)", "Day not stated"} <= set(shown)
    assert "OPENING · 09:00–10:00" in shown and "PANEL · 10:30–11:15" in shown
    # A format the source names, and one the project chose (the four topics of day 2).
    assert shown.count("PANEL · time not published") == 3
    assert shown.count("PANEL (inferred) · time not published") == 4
    assert shown.count("REMARKS (inferred) · time not published") == 2
    italic = [t.get_text() for t in fig.axes[0].texts if t.get_fontstyle() == "italic"]
    assert "Panel on the role of AI" in italic and "Opening and welcome" not in italic
    # The ten rows not known as separate sessions have a dashed outline; the others none.
    boxes = [p for p in fig.axes[0].patches if p.get_label() == ""]  # not the legend's
    dashed = [p for p in boxes if p.get_edgecolor()[3] > 0 and p.get_linestyle() != "solid"]
    assert (len(boxes), len(dashed)) == (21, 10)
    assert "dashed outline: not known to be\na separate session (inferred)" in shown
    assert alt_text(fig).startswith(
        "Columns of boxes listing the 21 sessions and topics of the summit known from the sources, by day "
        "(Day 1 (4 Dec): 10; Day 2 (5 Dec): 7; Day not stated: 4). 11 are described by their sources as sessions "
        "of their own; the other 10, drawn with dashed outlines, are the project's reading"
    )
    assert alt_text(fig).endswith(
        "(marked inferred in 6 boxes where the project chose it), the time where published and the title. "
        "Only 3 sessions have published times, all on Day 1 (4 Dec), before noon."
    )


def test_themes_heatmap(everything):
    fig = charts.themes_heatmap(csu.theme_grid(everything["sessions"], everything["session_themes"]), everything["sources"])
    assert chart_title(fig) == "'Emerging technology and AI' was the most frequent theme, in 9 of the 21 sessions and topics"
    assert fig.texts[1].get_text().replace("\n", " ") == (
        "Number of sessions and topics covering each theme, by day (11 of the 21 are known as separate sessions; "
        "each can cover several themes)"
    )
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Day 1 (4 Dec)", "Day 2 (5 Dec)", "Day not stated"]
    assert len(ax.get_yticklabels()) == 12
    assert "emerging technology and AI: Day 1 (4 Dec) 7, Day 2 (5 Dec) 1, Day not stated 1" in alt_text(fig)


def test_sector_chart(everything):
    fig = charts.sector_chart(csu.sector_counts(everything["people"], everything["organisations"], everything["session_people"]),
                              everything["sources"])
    # 13 speakers: Pratishtha Arora, whom the report's author met at a side meeting, and the author are not counted.
    assert chart_title(fig) == ("By the project's classification, civil society made up 7 of the 14 organisations "
                                "named; the 13 named speakers came from 6 sectors")
    speakers, organisations = fig.axes
    assert [p.get_width() for p in speakers.patches] == [2, 2, 4, 1, 2, 1, 1]
    assert fig.texts[-1].get_text().replace("\n", " ").endswith(
        "The sector of 9 of the 14 organisations is the project's classification; the sources do not state it."
    )
    assert [p.get_width() for p in organisations.patches] == [1, 2, 7, 1, 2, 1, 0]


def test_ncmec_chart_marks_the_break(everything):
    fig = charts.ncmec_reports(cs.ncmec_reports(everything["statistics"]), everything["sources"])
    assert chart_title(fig) == "CyberTipline reports rose 66% from 2020 to 2023; the 2024 count is not comparable"
    ax = fig.axes[0]
    heights = [round(p.get_height(), 3) for p in ax.patches]
    assert heights == [16.9, 21.751, 29.398, 32.059, 36.2, 20.5]
    assert ax.patches[-1].get_facecolor() != ax.patches[1].get_facecolor()  # 2024 drawn apart
    assert ax.patches[0].get_hatch() == "///" and ax.patches[1].get_hatch() is None  # weak 2019
    assert "counted differently:\nnot comparable" in texts(fig)
    # The reason for the break is the data row's note, not a sentence typed in the chart.
    footer = fig.texts[-1].get_text().replace("\n", " ")
    assert ("Note: From 2024 NCMEC bundles duplicate reports about the same incident, so 2024 is not comparable "
            "with earlier years (its 20.5 million reports stand for 29.2 million incidents). Hatched bars: seen only "
            "in secondary copies (weak).") in footer
    assert "similar activity" not in footer


def without_2022_assessed(statistics):
    """The statistics as the project had them before the IWF's 2022 report was checked: no assessed count."""
    return statistics[statistics["id"] != "iwf-assessed-2022"]


def test_iwf_chart(everything):
    fig = charts.iwf_reports(cs.iwf_reports(everything["statistics"]), everything["sources"])
    assert chart_title(fig) == ("Webpages confirmed by the IWF rose from about 132,700 in 2019 to 291,273 in 2024 "
                                "(×2.2)")  # the 2019 figure is a rounded press figure
    assert "not in\nsources" not in texts(fig)
    # The one value that could not be checked (2024 assessed) is hatched and named, in the footer and alt text.
    ax = fig.axes[0]
    assert [p.get_hatch() for p in ax.patches] == [None] * 10 + ["///", None]
    assert ("Hatched: reports assessed in 2024, which the project could not check (unverified)."
            in fig.texts[-1].get_text().replace("\n", " "))
    assert alt_text(fig).endswith("The bar for reports assessed in 2024 is hatched: unverified.")
    gapped = charts.iwf_reports(cs.iwf_reports(without_2022_assessed(everything["statistics"])), everything["sources"])
    assert "not in\nsources" in texts(gapped)


def test_childlight_chart(everything):
    fig = charts.childlight_prevalence(everything["statistics"], everything["sources"])
    shown = texts(fig)
    assert "12.6% (about 302 million)" in shown and "12.5% (about 300 million)" in shown and "3.5%" in shown
    assert {"11%", "7.5%", "7%"} <= set(shown)  # US men: 11% in the executive summary, written as published
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


def test_claims_chart_puts_no_unsourced_claim_on_the_ratio_axis(everything):
    from analysis.charts.claims import NO_FIGURE_NOTE, VERDICT_COLOURS
    from analysis.charts.style import PALETTE
    from analysis.text.claims import claims_table

    claims = claims_table(everything["adoption"], everything["statistics"])
    fig = charts.claims_chart(claims, everything["sources"])
    ax = fig.axes[0]
    assert chart_title(fig) == (
        "Of 6 numbers said at the summit, 3 match the record (1 after rounding), 1 is contradicted by it, 1 counts "
        "another thing and 1 has no source"
    )
    rows = dict(zip([t.get_text() for t in ax.get_yticklabels()], ax.get_yticks(), strict=True))
    unsupported = [rows[label] for label, verdict in zip(
        [t.get_text() for t in ax.get_yticklabels()], claims["verdict"], strict=True) if verdict == "no source found"]
    assert len(unsupported) == 1
    # The claim the record contradicts has its own colour, its own marker (a triangle pointing away from 1x: the
    # record bounds its time on one side) and its verdict written beside it.
    car = rows["Automobile: 16 years (cars)"]
    assert VERDICT_COLOURS["contradicted by the record"] == PALETTE["purple"]
    assert len(set(VERDICT_COLOURS.values())) == len(VERDICT_COLOURS)
    marks = [line for line in ax.lines if list(line.get_ydata()) == [car] and len(line.get_xdata()) == 1]
    assert [(m.get_marker(), m.get_color()) for m in marks if m.get_marker() != "o"] == [("<", PALETTE["purple"])]
    assert [m.get_xdata()[0] for m in marks if m.get_marker() == "<"] == [pytest.approx(16 / 74)]
    assert not any(m.get_marker() == "<" for line_y in rows.values() if line_y != car
                   for m in ax.lines if list(m.get_ydata()) == [line_y])
    labels = [t.get_text() for t in ax.texts]
    assert "contradicted by the record" in labels and "ratio at most 0.22" in labels
    # Every marker and segment is drawn in data coordinates; none lies on the row of a claim without a source.
    drawn = [line for line in ax.lines if line.get_transform() == ax.transData]
    assert drawn and not any(y in unsupported for line in drawn for y in line.get_ydata())
    # Instead, each of those rows carries the note, inside the plot area.
    notes = [t for t in ax.texts if t.get_text() == NO_FIGURE_NOTE]
    assert NO_FIGURE_NOTE == "no published figure to compare"
    assert sorted(t.get_position()[1] for t in notes) == sorted(unsupported)
    assert all(t.get_position()[0] == 0.5 for t in notes)  # centred across the axes, not at a ratio
    # The axis is symmetric about 1× in log space, wide enough for the automobile's 0.22 (¼× is not, so 1/8×),
    # with short labels.
    low, high = ax.get_xlim()
    assert low * high == pytest.approx(1) and high == pytest.approx(10)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1/8×", "¼×", "½×", "1×", "2×", "4×", "8×"]
    assert ax.get_xlabel() == "Claim ÷ published figure (1× = the same; hollow circle: the published figure)"
    assert alt_text(fig) == (
        "Dot-and-line chart, one row per claim, of each claim as a multiple of the closest published figure on a "
        "logarithmic axis. Automobile: 16 years (cars): contradicted by the record (ratio at most 0.22), marked "
        "by a triangle; Electronic devices: 3 years (devices in use): different metric (ratios 0.83 and 1.20); "
        "TikTok: 1 year (users): rounded (ratio 1.33); ChatGPT: 2 months (users): consistent (ratio 1.00); Children "
        "affected by online sexual exploitation and abuse each year: consistent (ratio 1.00); Time within which "
        "images of a child were removed after upload in one case: no source found (no published figure, so not on "
        "the axis); Increase in reports of child sexual abuse material since 2019 (attributed to NCMEC) (a published "
        "claim, not said at the summit): consistent (ratio 0.99)."
    )
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == (
        "Increase in reports of child sexual abuse\nmaterial since 2019 (attributed to NCMEC)\n"
        "(a published claim, not said at the summit)"
    )
    footer = fig.texts[-1].get_text().replace("\n", " ")
    assert footer.endswith(
        "contradicted by the record means published counts date the milestone outside ±10% of the claim, and its "
        "triangle marks a bound: the true ratio lies there or beyond."
    )
    assert 'Wikipedia, "Motor vehicle", with WardsAuto figures (August 2011)' in footer


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


def test_household_panels_highlight_their_own_series_and_mark_its_rise(tables):
    from analysis.charts.style import CONTEXT_GREY, PALETTE

    _, household, sources = tables
    curves = ch.curves(household)
    fig = charts.household_curves(curves, sources)
    milestones = curves.milestones.set_index("technology")
    for ax in fig.axes:
        technology = ax.texts[0].get_text()
        series = household[household["technology"] == technology].sort_values("year")
        own = [line for line in ax.lines if line.get_color() != CONTEXT_GREY]
        context = [line for line in ax.lines if line.get_color() == CONTEXT_GREY]
        # Every other series in grey behind; the panel's own in its population's colour (blue for households,
        # vermillion for adults), over them.
        assert len(context) == 11
        assert {line.get_color() for line in own} == {
            PALETTE["blue"] if ax.texts[1].get_text() == "US households" else PALETTE["vermillion"]}
        assert list(own[0].get_xdata()) == list(series["year"]) and list(own[0].get_ydata()) == list(series["percent"])
        assert all(line.get_zorder() > context[0].get_zorder() for line in own)
        start, years = milestones.at[technology, "reached_10_percent"], milestones.at[technology, "years_10_to_50"]
        if technology == "Smartphone usage":  # starts above 10%: nothing to mark
            assert not ax.patches and len(own) == 1
            continue
        # The box spans the years from 10% to 50%, with a dot at each crossing.
        (box,) = ax.patches
        assert (box.get_x(), box.get_y(), box.get_width(), box.get_height()) == pytest.approx((start, 10, years, 40))
        dots = own[1]
        assert list(dots.get_xdata()) == pytest.approx([start, start + years]) and list(dots.get_ydata()) == [10, 50]
    widths = {ax.texts[0].get_text(): ax.patches[0].get_width() for ax in fig.axes if ax.patches}
    assert widths["Landline"] == 43.0 and widths["Tablet"] == pytest.approx(4 + 5 / 6)


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
    lines = _wrap(
        "From 10% to half: 43 years for the landline (US households), 5 for the tablet (US adults)", 13, "bold", 400
    )
    assert lines == ["From 10% to half: 43 years for the landline", "(US households), 5 for the tablet (US adults)"]
    lines = _wrap("a " * 60 + "end", 10, max_width=200)
    assert len(lines) > 1 and len(lines[-1].split()) > 1


def test_halving_chart(tables):

    adoption, _, sources = tables
    fig = charts.halving_chart(ca.halving(adoption), sources)
    ax = fig.axes[0]
    # A loose trend, with the interval of the estimate across all figures (2.2 to 25.8 years, rounded).
    assert chart_title(fig) == (
        "A loose trend: the time to 100 million halves every 18 years across all figures (95% interval 2 to 26 "
        "years), but every 4 years among user counts"
    )
    assert fig.texts[-1].get_text().replace("\n", " ").endswith(
        "the telephone (1878) weighs heavily on the fit across all figures: without it, the time halves every 2.8 years."
    )
    assert ax.get_xlabel() == "Halving time: years of later launch over which the time to 100 million halves"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "all reference figures\n(n = 14)", "users and monthly active users only\n(n = 8)"
    ]
    assert alt_text(fig) == (
        "Interval chart of the halving time of the time to reach 100 million. All reference figures: 17.9 years "
        "(95% interval 2.2 to 25.8; n = 14); Users and monthly active users only: 3.9 years (95% interval 3.4 to "
        "6.1; n = 8)."
    )


def test_household_panel_says_what_a_series_without_both_crossings_shows(tables):
    import pandas as pd

    _, _, sources = tables
    # Invented series: one never reaches 50%, one starts above 10%; neither has a box, each says what it shows.
    frame = pd.DataFrame({
        "technology": ["Fax"] * 3 + ["Pager"] * 2,
        "year": [1990, 1995, 2000, 1990, 2000],
        "percent": [5.0, 12.0, 30.0, 20.0, 60.0],
        "population": ["US households"] * 5,
        "source_id": ["owid-us-household-adoption"] * 5,
    })
    frame = pd.concat([frame, pd.DataFrame({"technology": ["Radio"] * 2, "year": [1920, 1930], "percent": [10.0, 50.0],
                                            "population": ["US households"] * 2,
                                            "source_id": ["owid-us-household-adoption"] * 2})])
    fig = charts.household_curves(ch.curves(frame), sources)
    assert [[t.get_text() for t in ax.texts] for ax in fig.axes] == [
        ["Radio", "US households", "10 years"], ["Fax", "US households", "30% in 2000"],
        ["Pager", "US households", "already 20%\nin 1990"],
    ]
    assert [len(ax.patches) for ax in fig.axes] == [1, 0, 0]


def test_household_panels_share_axes_that_end_with_the_data(tables):
    _, household, sources = tables
    panels = charts.household_curves(ch.curves(household), sources).axes
    assert len(panels) == 12
    assert {ax.get_xlim() for ax in panels} == {(1900, 2020)} and {ax.get_ylim() for ax in panels} == {(0, 104)}
    # Inner year ticks only (no year meets the next panel's), labelled on the bottom row; percentages on the left.
    assert [t.get_text() for t in panels[-1].get_xticklabels()] == ["1920", "1960", "2000"]
    rows = sorted({round(ax.get_position().y0, 6) for ax in panels})
    columns = sorted({round(ax.get_position().x0, 6) for ax in panels})
    assert (len(rows), len(columns)) == (3, 4)
    for ax in panels:
        assert ax.xaxis.get_tick_params()["labelbottom"] == (round(ax.get_position().y0, 6) == rows[0])
        assert ax.yaxis.get_tick_params()["labelleft"] == (round(ax.get_position().x0, 6) == columns[0])
