"""Charts of adoption speed: the summit comparison, the trend of time to 100 million, household curves."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, NullLocator

from ..compute.adoption import Trend
from ..compute.household import Curves
from ..data.durations import DAYS_PER_MONTH
from ..text.adoption import format_relative_speed, human_duration, technology_phrase
from ..text.citations import source_line
from ..text.formatting import join_words
from .labels import Label, Spot, around, densify, place_labels
from .style import CONTEXT_GREY, GREY, LIGHT_GREY, PALETTE, TEXT, new_chart, set_alt_text, styled

#: Time ticks (in months) for logarithmic time axes, labelled in the unit a person would say.
_TIME_TICKS = (5 / DAYS_PER_MONTH, 1, 3, 12, 36, 120, 360, 1200, 3600)


def _human_time_axis(axis, lower: float, upper: float) -> None:
    ticks = [t for t in _TIME_TICKS if lower <= t <= upper]
    axis.set_major_locator(FixedLocator(ticks))
    axis.set_major_formatter(lambda value, _pos: human_duration(value))
    axis.set_minor_locator(NullLocator())


def _compared(ratio: float, baseline_phrase: str) -> str:
    """'96× faster than the automobile', '16× slower than TikTok', or 'about as fast as …' near 1."""
    speed = format_relative_speed(ratio)
    if speed == "1×":
        return f"about as fast as {baseline_phrase}"
    return f"{speed} than {baseline_phrase}" if speed.endswith("slower") else f"{speed} faster than {baseline_phrase}"


def summit_comparison(table: pd.DataFrame, sources: pd.DataFrame) -> Figure:
    """The adoption times stated at the summit (`summit_adoption_verdicts`) as dots on a logarithmic time axis.

    Each dot is labelled with its time as stated and the verdict of report 04's rule (words as well as colour);
    the speed-up against the baseline row is a second, lighter line, and the chart says it is computed here.
    The title states what was said and, where the record contradicts the slowest time, that too.
    """
    from .claims import VERDICT_COLOURS

    speakers = ", ".join(dict.fromkeys(table["stated_by"].dropna()))
    slowest, fastest = table.iloc[0], table.iloc[-1]
    base = table[table["baseline"]].iloc[0]
    phrase = technology_phrase(base["technology"], base["category"])
    slow_time = human_duration(slowest["months"])
    title = (
        f"Said at the summit: {slow_time} for {technology_phrase(slowest['technology'], slowest['category'])} "
        f"to reach 100 million, {human_duration(fastest['months'])} for "
        f"{technology_phrase(fastest['technology'], fastest['category'])}"
        + (f"; the record contradicts the {slow_time}" if slowest["verdict"] == "contradicted by the record" else "")
    )
    subtitle = (f"Times as stated by {speakers}, as an attendee reported them, with report 04's verdict on each "
                "(logarithmic scale)")
    footer = (
        source_line(sources, table["source_id"])
        + f" Note: speed-ups against {phrase}'s stated time are computed here from the stated times; they were not"
        " stated as such. What was counted differs: " + join_words(list(dict.fromkeys(table["metric"].astype(str)))) + "."
    )
    with styled():
        fig, ax = new_chart(title, subtitle, footer, height=3.8, left=1.9, right=0.4)
        positions = np.arange(len(table))[::-1]
        origin = 0.5
        colours = [VERDICT_COLOURS.get(v, GREY) for v in table["verdict"]]
        ax.hlines(positions, origin, table["months"], color=LIGHT_GREY, linewidth=1.5, zorder=1)
        ax.scatter(table["months"], positions, s=90, color=colours, zorder=3, edgecolors="white", linewidths=1)
        ax.set_xscale("log")
        ax.set_xlim(origin, 400)
        ax.set_ylim(positions.min() - 0.4, positions.max() + 0.75)
        _human_time_axis(ax.xaxis, origin, 400)
        ax.set_yticks(positions, [f"{t}\n({m})" for t, m in zip(table["technology"], table["metric"], strict=True)])
        ax.tick_params(axis="y", length=0, labelsize=10)
        ax.grid(axis="y", visible=False)
        ax.spines["left"].set_visible(False)
        for y, row in zip(positions, table.itertuples(), strict=True):
            # Both labels sit over each stem, from its start, so the longest fits and none crosses a dot.
            ax.annotate(f"{human_duration(row.months)}: {row.verdict}", (origin, y),
                        xytext=(2, 7 if row.baseline else 19),
                        textcoords="offset points", va="bottom", ha="left", fontsize=10, fontweight="bold",
                        color=TEXT)
            if not row.baseline:
                ax.annotate(_compared(row.speed_up, phrase) + "'s stated time", (origin, y), xytext=(2, 7),
                            textcoords="offset points", va="bottom", ha="left", fontsize=8.5, color=GREY)
        ax.set_xlabel("Time to 100 million as stated (logarithmic scale)")
    parts = "; ".join(
        f"{r.technology} {human_duration(r.months)}, verdict {r.verdict}"
        + ("" if r.baseline else f" ({_compared(r.speed_up, phrase)}'s stated time)")
        for r in table.itertuples()
    )
    set_alt_text(
        fig,
        f"Dot chart, logarithmic time axis, of the times to reach 100 million stated at the summit by {speakers}, "
        f"each with the verdict of the project's check: {parts}.",
    )
    return fig


#: Marker for each metric on the trend chart (shape and colour both encode the metric).
_METRIC_MARKERS = {
    "users": ("o", PALETTE["blue"]),
    "monthly active users": ("s", PALETTE["vermillion"]),
    "subscribers": ("^", PALETTE["green"]),
    "units sold": ("D", PALETTE["purple"]),
    "units shipped": ("d", PALETTE["purple"]),
    "downloads": ("v", PALETTE["orange"]),
    "sign-ups": ("P", PALETTE["black"]),
    "devices in use": ("X", GREY),
    "vehicles": ("h", GREY),
}


_SPLIT_YEAR = 1950
_MARKER_FILL_ALPHA = 0.45
#: Distances (points) of the label spots from a marker's centre, and the least room (points) between a
#: label and any other marker's centre: both clear of a marker's outline.
_LABEL_GAPS = (7.0, 17.0, 29.0)
_LABEL_CLEARANCE = 4.5


def _split_axes(fig: Figure, ax, widths: tuple[float, float]) -> list:
    """Replace `ax` by two side-by-side axes sharing its y range, with break marks between them."""
    box = ax.get_position()
    gap = 1 - sum(widths)
    left = ax
    left.set_position((box.x0, box.y0, box.width * widths[0], box.height))
    right = fig.add_axes((box.x0 + box.width * (widths[0] + gap), box.y0, box.width * widths[1], box.height), sharey=left)
    left.spines["right"].set_visible(False)
    right.spines["left"].set_visible(False)
    right.tick_params(axis="y", left=False, labelleft=False)
    marks = dict(marker=[(-1, -1.5), (1, 1.5)], markersize=9, linestyle="none", color="#999999", mec="#999999", mew=1, clip_on=False)
    left.plot([1], [0], transform=left.transAxes, **marks)
    right.plot([0], [0], transform=right.transAxes, **marks)
    return [left, right]


def adoption_trend(trend: Trend, sources: pd.DataFrame) -> Figure:
    """Time to 100 million against launch year for the published reference figures, with a log-linear trend."""
    points, fit, interval, left_out = trend.points, trend.fit, trend.interval, trend.left_out
    title = (
        f"Technologies launched later tended to reach 100 million sooner, but the trend is loose: "
        f"the fitted time halves about every {fit.halving_years:.0f} years of launch date"
    )
    subtitle = "Time from launch to 100 million (users, subscribers, downloads, or units sold or shipped), logarithmic scale"
    span = (f"{interval.low:.0f} to {interval.high:.0f} years" if np.isfinite(interval.high)
            else f"at least {interval.low:.0f} years, with no upper bound")
    note = (
        f" Note: the metric differs between technologies, so the trend is descriptive (R² = {fit.r_squared:.2f}, "
        f"n = {fit.n}) and uncertain: resampling the points gives a 95% interval for the halving time of {span}. "
        "Launch dates given only as a year are placed at mid-year."
    )
    if left_out:
        note += f" Not shown, as no launch year is published with their figure: {', '.join(left_out)}."
    footer = source_line(sources, points["source_id"]) + note
    early = points["launch_year"] < _SPLIT_YEAR
    with styled():
        fig, ax = new_chart(title, subtitle, footer, height=6.2, left=0.9, right=0.3)
        # A broken x axis: a narrow panel for the 19th century, a wide one for recent launches.
        panels = _split_axes(fig, ax, (0.12, 0.85)) if early.any() else [ax]
        # Each panel spans its own points (with a margin), so a technology added later is always shown.
        groups = [points[early], points[~early]] if early.any() else [points]
        limits = [(float(g["launch_year"].min()) - 4, float(g["launch_year"].max()) + 3) for g in groups]
        years = np.linspace(points["launch_year"].min(), points["launch_year"].max(), 400)
        trend = fit.predict_months(years)
        handles = [
            Line2D([], [], color=GREY, linestyle="--",
                   label=f"Log-linear trend: time halves every {fit.halving_years:.1f} years")
        ]
        for metric in [m for m in _METRIC_MARKERS if (points["metric"] == m).any()]:
            marker, colour = _METRIC_MARKERS[metric]
            handles.append(Line2D([], [], marker=marker, color=colour, markeredgewidth=1.3, linestyle="none",
                                  markerfacecolor=to_rgba(colour, _MARKER_FILL_ALPHA), label=metric))
        for panel, (x0, x1) in zip(panels, limits, strict=True):
            panel.set_yscale("log")
            panel.set_ylim(0.1, 4000)
            panel.set_xlim(x0, x1)
            _human_time_axis(panel.yaxis, 0.1, 4000)
            panel.plot(years, trend, color=GREY, linestyle="--", linewidth=1.2, zorder=1)
            for metric, (marker, colour) in _METRIC_MARKERS.items():
                subset = points[points["metric"] == metric]
                # Translucent fill inside a solid outline: where markers overlap (iPad and Instagram),
                # both shapes stay whole.
                panel.scatter(subset["launch_year"], subset["months"], marker=marker, s=38, zorder=3,
                              facecolors=to_rgba(colour, _MARKER_FILL_ALPHA), edgecolors=colour, linewidths=1.3)
        main = panels[-1]
        main.legend(handles=handles, loc="lower left", title="Counted as", title_fontsize=9, alignment="left")
        main.set_xlabel("Launch year")
        fig.canvas.draw()  # fixes the legend's position so labels can avoid it
        box = main.get_legend().get_window_extent()
        (lx0, ly0), (lx1, ly1) = main.transData.inverted().transform([[box.x0, box.y0], [box.x1, box.y1]])
        legend_area = np.array([[x, y] for x in np.linspace(lx0, lx1, 12) for y in np.geomspace(ly0, ly1, 8)])
        for panel, (x0, x1) in zip(panels, limits, strict=True):
            inside = points[(points["launch_year"] >= x0) & (points["launch_year"] <= x1)]
            markers = inside[["launch_year", "months"]].to_numpy()
            obstacles = [np.column_stack([years, trend])]
            if panel is main:
                obstacles.append(legend_area)
            # Crowded points first, so they get the nearest free spots.
            crowding = [int(np.sum(np.hypot(inside["launch_year"] - r.launch_year, np.log2(inside["months"] / r.months)) < 2))
                        for r in inside.itertuples()]
            order = sorted(range(len(inside)), key=lambda i: (-crowding[i], i))
            labels = [
                Label(inside.iloc[i]["technology"],
                      around(inside.iloc[i]["launch_year"], inside.iloc[i]["months"], _LABEL_GAPS), TEXT)
                for i in order
            ]
            place_labels(panel, labels, np.vstack(obstacles), fontsize=8, markers=markers, clearance=_LABEL_CLEARANCE)
    fastest = points.loc[points["months"].idxmin()]
    slowest = points.loc[points["months"].idxmax()]
    set_alt_text(
        fig,
        f"Scatter chart of time to reach 100 million (logarithmic scale) against launch year for {fit.n} "
        f"technologies, from {slowest['technology']} ({int(slowest['launch_year'])}, {human_duration(slowest['months'])}) "
        f"to {fastest['technology']} ({int(fastest['launch_year'])}, {human_duration(fastest['months'])}). "
        f"Marker shape shows what was counted. A dashed log-linear trend line falls steadily: the time halves "
        f"about every {fit.halving_years:.0f} years of later launch (95% interval: {span}).",
    )
    return fig


#: The household small multiples: panels per row, the room (inches) above each panel for its two title lines,
#: and the gaps (inches) between panels, across and down.
_HOUSEHOLD_COLUMNS = 4
_PANEL_HEADER_IN = 0.36
_PANEL_GAP_IN = (0.2, 0.3)
#: A panel's own series, by population: the population most series measure first (blue), then the others.
_POPULATION_COLOURS = (PALETTE["blue"], PALETTE["vermillion"], PALETTE["green"], PALETTE["purple"])
#: The 10% and 50% levels whose crossings each panel marks.
_FROM, _TO = 10, 50


def _per_series(household: pd.DataFrame, order: list[str]) -> tuple[pd.Series, str, list[str]]:
    """Each technology's population (as its rows give it), the population most series measure (on a tie,
    that of the earliest series) and the other populations, in order of their first series."""
    population = household.groupby("technology", observed=True)["population"].first().astype(str)[order]
    found = list(dict.fromkeys(population))
    usual = max(found, key=lambda p: int((population == p).sum()))
    return population, usual, [p for p in found if p != usual]


def _panel_grid(fig: Figure, ax, count: int) -> list:
    """Replace `ax` by `count` panels with shared axes, `_HOUSEHOLD_COLUMNS` to a row, filling its box,
    each with room above it for its title; tick labels only on the left column and the lowest panel of each column."""
    box = ax.get_position()
    fig.delaxes(ax)
    width_in, height_in = fig.get_size_inches()
    columns = min(_HOUSEHOLD_COLUMNS, count)
    rows = -(-count // columns)
    gap_x, gap_y = _PANEL_GAP_IN[0] / width_in, _PANEL_GAP_IN[1] / height_in
    header = _PANEL_HEADER_IN / height_in
    width = (box.width - gap_x * (columns - 1)) / columns
    height = (box.height - rows * header - (rows - 1) * gap_y) / rows
    panels: list = []
    for i in range(count):
        row, column = divmod(i, columns)
        x0 = box.x0 + column * (width + gap_x)
        y0 = box.y1 - (row + 1) * (header + height) - row * gap_y
        first = panels[0] if panels else None
        panel = fig.add_axes((x0, y0, width, height), sharex=first, sharey=first)
        panel.tick_params(labelleft=column == 0, labelbottom=i + columns >= count, labelsize=7.5, length=2)
        panels.append(panel)
    return panels


def _crossing_label(group: pd.DataFrame, milestone: pd.Series) -> tuple[str, list[Spot]]:
    """The panel's note on its rise from 10% to 50%, and where it may go: the years, beside the box that spans
    them; or, where the series does not show both crossings, what it shows instead, beside its first or last point."""
    years, percents = group["year"].to_numpy(), group["percent"].to_numpy()
    start, span = milestone["reached_10_percent"], milestone["years_10_to_50"]
    if np.isfinite(span):
        end = start + span
        middle = (_FROM + _TO) / 2
        spots = [Spot(end, middle, 4, 0, "left", "center"), Spot(start, middle, -4, 0, "right", "center"),
                 Spot(end, _FROM, 4, 0, "left", "center"), Spot(start, _TO, -4, 0, "right", "center"),
                 Spot(start, _FROM, 0, -3, "left", "top"), Spot(end, _TO, 0, 3, "right", "bottom")]
        return f"{span:.0f} years", spots
    if not np.isfinite(start) and percents[0] > _FROM:
        text = f"already {percents[0]:.0f}%\nin {years[0]}"
        x, y = years[0], percents[0]
    else:  # not at 50% (or never at 10%) by its last year
        text = f"{percents[-1]:.0f}% in {years[-1]}"
        x, y = years[-1], percents[-1]
    spots = [Spot(x, y, dx, dy, ha, va) for dx, dy, ha, va in (
        (-4, 0, "right", "center"), (0, -6, "center", "top"), (4, 0, "left", "center"), (0, 6, "center", "bottom"),
        (-4, -6, "right", "top"), (4, -6, "left", "top"))]
    return text, spots


def household_curves(curves: Curves, sources: pd.DataFrame) -> Figure:
    """Share of US households (or, for the Pew survey series, of US adults) with each technology over time, as
    small multiples: one panel per technology, its series highlighted over all the others in light grey, titled
    with the technology and its population, and its rise from 10% to 50% shaded and labelled with its years.

    Every population named in the title, subtitle, panels, footer and alt text comes from the data; each
    population's series has its own colour, and its panels name it.
    """
    household = curves.series
    order = (
        household.groupby("technology", observed=True)["year"].min().sort_values(kind="stable").index.tolist()
    )
    population, usual, others = _per_series(household, order)
    colours = {p: _POPULATION_COLOURS[i % len(_POPULATION_COLOURS)] for i, p in enumerate((usual, *others))}
    milestones = curves.milestones.dropna(subset=["years_10_to_50"])
    slow = milestones.loc[milestones["years_10_to_50"].idxmax()]
    fast = milestones.loc[milestones["years_10_to_50"].idxmin()]
    slow_years, fast_years = f"{slow['years_10_to_50']:.0f}", f"{fast['years_10_to_50']:.0f}"
    if slow["population"] == fast["population"]:
        title = (
            f"From 10% to half of {slow['population']}: {slow_years} years for the {slow['technology'].lower()}, "
            f"{fast_years} for the {fast['technology'].lower()}"
        )
    else:
        title = (
            f"From 10% to half: {slow_years} years for the {slow['technology'].lower()} ({slow['population']}), "
            f"{fast_years} for the {fast['technology'].lower()} ({fast['population']})"
        )
    subtitle = (
        f"Share of {usual} with each technology"
        + "".join(f", or of {p} where the panel says so" for p in others)
        + ", by year (%); in grey, the other technologies; shaded, the years from 10% to 50%"
    )
    note = " Note: series start when a technology passes about 10% and have gaps"
    for p in others:
        names = [t for t in order if population[t] == p]
        note += f"; {join_words(names)} {'is a share' if len(names) == 1 else 'are shares'} of {p}, not of {usual}"
    footer = source_line(sources, household["source_id"]) + note + "."
    by_technology = {t: household[household["technology"] == t].sort_values("year") for t in order}
    by_milestone = curves.milestones.set_index("technology")
    first_year, last_year = int(household["year"].min()), int(household["year"].max())
    x0, x1 = 20 * (first_year // 20), 20 * -(-last_year // 20)  # whole score years around the data

    with styled():
        rows = -(-len(order) // _HOUSEHOLD_COLUMNS)
        fig, frame = new_chart(title, subtitle, footer, height=1.62 * rows + 0.35, left=0.5, right=0.2, bottom=0.3)
        panels = _panel_grid(fig, frame, len(order))
        first = panels[0]
        first.set_xlim(x0, x1)
        first.set_xticks(range(x0 + 20, x1, 40))  # inner ticks only: no year label meets the next panel's
        first.set_ylim(0, 104)  # room for the line width of a series at 100%
        first.set_yticks([0, _TO, 100], ["0%", f"{_TO}%", "100%"])
        for panel, technology in zip(panels, order, strict=True):
            group, milestone = by_technology[technology], by_milestone.loc[technology]
            colour = colours[population[technology]]
            for other in order:
                if other != technology:
                    panel.plot(by_technology[other]["year"], by_technology[other]["percent"], color=CONTEXT_GREY,
                               linewidth=0.6, zorder=1)
            x, y = group["year"].to_numpy(), group["percent"].to_numpy()
            panel.plot(x, y, color=colour, linewidth=1.8, zorder=3)
            start, span = milestone["reached_10_percent"], milestone["years_10_to_50"]
            if np.isfinite(span):
                panel.add_patch(Rectangle((start, _FROM), span, _TO - _FROM, facecolor=colour, alpha=0.16,
                                          linewidth=0, zorder=2))
                panel.plot([start, start + span], [_FROM, _TO], linestyle="none", marker="o", markersize=3.5,
                           color=colour, zorder=4)
            panel.annotate(technology, (0, 1), xycoords="axes fraction", xytext=(0, 14), textcoords="offset points",
                           fontsize=8.5, fontweight="bold", color=TEXT, va="bottom", ha="left")
            panel.annotate(population[technology], (0, 1), xycoords="axes fraction", xytext=(0, 3),
                           textcoords="offset points", fontsize=7.5, color="#444444", va="bottom", ha="left")
            panel.grid(axis="x", visible=False)
            text, spots = _crossing_label(group, milestone)
            # In dark text (the series colours are too light for small text on white), beside its box.
            for label in place_labels(panel, [Label(text, spots, TEXT)], densify(x, y), fontsize=8):
                label.set_fontweight("bold")
    counts = [(p, int((population == p).sum())) for p in (usual, *others)]
    measured = join_words([f"of {p} with {n} {'technology' if n == 1 else 'technologies'}" for p, n in counts])
    described = "; ".join(
        f"{r.technology} {r.years_10_to_50:.0f} years" + ("" if r.population == usual else f" ({r.population})")
        for r in milestones.sort_values("years_10_to_50").itertuples()
    )
    first_values = household.sort_values("year").groupby("technology", observed=True)["percent"].first()
    above = [t for t in curves.milestones.loc[curves.milestones["reached_10_percent"].isna(), "technology"]
             if first_values[t] > 10]
    started = f" {join_words(above)} {'starts' if len(above) == 1 else 'start'} above 10% in the data." if above else ""
    set_alt_text(
        fig,
        f"Small multiples: {len(order)} line charts with shared axes of the share {measured}, from "
        f"{household['year'].min()} to {household['year'].max()}, one panel per technology titled with the "
        f"technology and its population, its line drawn over the others in light grey and the years from 10% to 50% "
        f"shaded and labelled. The curves rise in an S shape; later ones are generally steeper. Years to go "
        f"from 10% to 50% of each series' population: {described}.{started}",
    )
    return fig
