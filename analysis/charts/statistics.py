"""Charts of published statistics: NCMEC CyberTipline reports, IWF confirmed webpages, Childlight prevalence."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..compute.figure_rows import CHILDLIGHT_CHILDREN, CHILDLIGHT_MEN
from ..compute.statistics import SeriesChange, TwoSeries
from ..text.citations import source_line
from ..text.formatting import format_count, format_value, join_words, qualified
from .style import GREY, LIGHT_GREY, PALETTE, TEXT, new_chart, set_alt_text, styled


def ncmec_reports(change: SeriesChange, sources: pd.DataFrame) -> Figure:
    """CyberTipline reports per year, with the change in counting marked and weak values shown lighter."""
    values, first_solid, last_comparable, rise, breaks = (change.values, change.start, change.end, change.rise,
                                                         change.breaks)
    title = (
        f"CyberTipline reports rose {rise:.0%} from {first_solid} to {last_comparable}; "
        f"the {', '.join(map(str, breaks))} count is not comparable"
    )
    subtitle = "Reports to NCMEC's CyberTipline per year (millions of reports, not files or incidents)"
    stand_for = [
        f"its {format_count(values.at[year, 'value'])} reports stand for "
        f"{format_count(change.companion.at[year, 'value'])} {change.companion.at[year, 'unit']}"
        for year in breaks if year in change.companion.index
    ]
    reasons = [str(values.at[year, "note"]) for year in breaks if pd.notna(values.at[year, "note"])]
    why = " ".join(reasons) if reasons else f"{join_words(map(str, breaks))} is not comparable with earlier years."
    footer = source_line(sources, values["source_id"]) + (
        f" Note: {why.rstrip('.')}" + (f" ({'; '.join(stand_for)})" if stand_for else "")
        + ". Hatched bars: seen only in secondary copies (weak)."
    )
    with styled():
        fig, ax = new_chart(title, subtitle, footer, height=4.2, left=0.7, right=0.3, bottom=0.5)
        years = values.index.to_numpy()
        millions = values["value"].to_numpy() / 1e6
        for year, value, row in zip(years, millions, values.itertuples(), strict=True):
            weak = row.status == "weak"
            broken = pd.notna(row.comparable) and not row.comparable
            ax.bar(year, value, width=0.65, color=LIGHT_GREY if broken else PALETTE["blue"],
                   hatch="///" if weak else None, edgecolor="white" if weak else None, linewidth=0)
            ax.text(year, value + 0.6, f"{value:.1f}", ha="center", va="bottom", fontsize=9, color=TEXT)
        for year in breaks:
            ax.axvline(year - 0.5, color=GREY, linestyle=":", linewidth=1)
            ax.annotate("counted differently:\nnot comparable", (year - 0.5, millions.max() * 1.1),
                        xytext=(5, 0), textcoords="offset points", ha="left", va="top", fontsize=8, color=GREY)
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_ylim(0, millions.max() * 1.18)
        ax.set_ylabel("Millions of reports")
        ax.grid(axis="x", visible=False)
    listed = "; ".join(f"{y}: {format_count(v)}" for y, v in zip(years, values["value"], strict=True))
    set_alt_text(
        fig,
        f"Bar chart of CyberTipline reports per year. {listed}. Reports rose {rise:.0%} from {first_solid} to "
        f"{last_comparable}. Grey bars are not comparable with earlier years: " + (" ".join(reasons) or "counted differently."),
    )
    return fig


def _as_published(values: pd.DataFrame, year: int) -> str:
    """A year's count with its published qualifier ('about 132,700' for a rounded figure)."""
    return qualified(format_count(values.at[year, "value"]), str(values.at[year, "qualifier"]))


def _unchecked_labels(confirmed: pd.DataFrame, assessed: pd.DataFrame) -> list[str]:
    """'reports assessed in 2024' for each value the data marks unverified, confirmed webpages first."""
    return [f"{what} in {year}" for what, values in (("webpages confirmed", confirmed), ("reports assessed", assessed))
            for year in values.index[values["status"] == "unverified"]]


def iwf_reports(iwf: TwoSeries, sources: pd.DataFrame) -> Figure:
    """IWF: reports assessed and webpages confirmed as containing child sexual abuse imagery, per year."""
    confirmed, assessed, missing = iwf.main, iwf.other, iwf.missing
    first, last = int(confirmed.index[0]), int(confirmed.index[-1])
    ratio = confirmed.at[last, "value"] / confirmed.at[first, "value"]
    title = (
        f"Webpages confirmed by the IWF rose from {_as_published(confirmed, first)} in {first} "
        f"to {_as_published(confirmed, last)} in {last} (×{ratio:.1f})"
    )
    subtitle = "Reports assessed and webpages confirmed as containing child sexual abuse imagery, per year (thousands)"
    footer = source_line(sources, pd.concat([confirmed["source_id"], assessed["source_id"]])) + (
        " Note: a report assessed may not be confirmed."
        + (f" Reports assessed in {', '.join(map(str, missing))} are not in the sources." if missing else "")
        + (f" Hatched: {join_words(_unchecked_labels(confirmed, assessed))}, which the project could not check "
           "(unverified)." if _unchecked_labels(confirmed, assessed) else "")
    )
    with styled():
        fig, ax = new_chart(title, subtitle, footer, height=4.2, left=0.7, right=0.3, bottom=0.5)
        years = confirmed.index.to_numpy()
        width = 0.38
        for year in years:
            if year in assessed.index:
                v = assessed.at[year, "value"] / 1000
                unchecked = assessed.at[year, "status"] == "unverified"
                ax.bar(year - width / 2, v, width=width, color=PALETTE["sky"], hatch="///" if unchecked else None,
                       edgecolor="white" if unchecked else None, linewidth=0)
                ax.text(year - width / 2, v + 6, f"{v:.0f}", ha="center", va="bottom", fontsize=8, color=TEXT)
            else:
                # Centred in the free space left of the year's other bar (from the previous year's
                # bars to it), which is wider than the empty slot, so the note touches no bar.
                free_left = year - 1 + width if year - 1 in confirmed.index else year - width
                ax.text((free_left + year) / 2, 6, "not in\nsources", ha="center", va="bottom", fontsize=7,
                        color=GREY)
            v = confirmed.at[year, "value"] / 1000
            unchecked = confirmed.at[year, "status"] == "unverified"
            ax.bar(year + width / 2, v, width=width, color=PALETTE["blue"], hatch="///" if unchecked else None,
                   edgecolor="white" if unchecked else None, linewidth=0)
            ax.text(year + width / 2, v + 6, f"{v:.0f}", ha="center", va="bottom", fontsize=8, color=TEXT)
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_ylim(0, assessed["value"].max() / 1000 * 1.15)
        ax.set_ylabel("Thousands")
        ax.grid(axis="x", visible=False)
        ax.legend(handles=[Patch(color=PALETTE["sky"], label="reports assessed"),
                           Patch(color=PALETTE["blue"], label="webpages confirmed")], loc="upper left")
    listed = "; ".join(f"{y}: {format_count(v)}" for y, v in zip(years, confirmed["value"], strict=True))
    set_alt_text(
        fig,
        f"Grouped bar chart by year of IWF reports assessed and webpages confirmed. Confirmed webpages: {listed}."
        + "".join(f" The bar for {label} is hatched: unverified." for label in _unchecked_labels(confirmed, assessed)),
    )
    return fig


_CHILDLIGHT_CHILDREN = tuple(zip(
    CHILDLIGHT_CHILDREN, ("childlight-image-abuse-count", "childlight-solicitation-count", None),
    ("Non-consensual taking, sharing or\nexposure to sexual images or video", "Online solicitation", "Sexual extortion"),
    strict=True,
))
_CHILDLIGHT_MEN = tuple(zip(CHILDLIGHT_MEN, ("United States", "Australia", "United Kingdom"), strict=True))


def childlight_prevalence(statistics: pd.DataFrame, sources: pd.DataFrame) -> Figure:
    """Childlight's 2024 prevalence estimates: children by category, and men reporting offending by country."""
    stats = statistics.set_index("id")
    headline = stats.loc["childlight-children-affected"]
    shares = [stats.at[s, "value"] for s, _, _ in _CHILDLIGHT_CHILDREN]
    title = (
        f"In the past year, {shares[0]:g}% of children experienced image-based abuse and {shares[1]:g}% online "
        "solicitation, by Childlight's estimates"
    )
    subtitle = "Share of children worldwide (top) and of men in three countries (bottom), percent"
    footer = source_line(sources, [headline["source_id"]]) + (
        f" Note: the categories overlap, so the headline of {headline['qualifier']} "
        f"{format_count(headline['value'])} children is not their sum. Meta-analysis of "
        f"{stats.at['childlight-studies', 'value']:.0f} representative studies published "
        f"{str(stats.at['childlight-studies', 'period']).replace('-', '–')}."
    )
    men = [stats.at[s, "value"] for s, _ in _CHILDLIGHT_MEN]
    with styled():
        fig, top = new_chart(title, subtitle, footer, height=4.6, left=2.6, right=0.3, bottom=0.1)
        # Two stacked panels on one percent scale: children (three bars) above, men (three bars) below.
        box = top.get_position()
        top.set_position((box.x0, box.y0 + box.height * 0.52, box.width, box.height * 0.42))
        bottom = fig.add_axes((box.x0, box.y0, box.width, box.height * 0.42), sharex=top)
        panels = (
            (top, "Children, worldwide", [label for _, _, label in _CHILDLIGHT_CHILDREN], shares, PALETTE["blue"],
             [f" (about {format_count(stats.at[c, 'value'])})" if c else "" for _, c, _ in _CHILDLIGHT_CHILDREN]),
            (bottom, "Men reporting online sexual offending against children", [n for _, n in _CHILDLIGHT_MEN], men,
             PALETTE["orange"], [""] * len(men)),
        )
        for ax, name, labels, values, colour, extra in panels:
            positions = np.arange(len(values))[::-1]
            ax.barh(positions, values, color=colour, height=0.62)
            for y, value, more in zip(positions, values, extra, strict=True):
                ax.text(value + 0.2, y, f"{format_value(value)}%{more}", va="center", fontsize=9, color=TEXT)
            ax.set_yticks(positions, labels)
            ax.set_title(name, loc="left", fontsize=10, fontweight="bold", color=TEXT)
            ax.set_xlim(0, 20)
            ax.grid(axis="y", visible=False)
            ax.xaxis.set_visible(False)
            ax.spines["bottom"].set_visible(False)
            ax.tick_params(axis="y", length=0)
    children = "; ".join(f"{label.replace(chr(10), ' ')} {v:.1f}%" for (_, _, label), v in zip(_CHILDLIGHT_CHILDREN, shares, strict=True))
    countries = "; ".join(f"{name} {v:.1f}%" for (_, name), v in zip(_CHILDLIGHT_MEN, men, strict=True))
    set_alt_text(
        fig,
        f"Two bar charts of Childlight's 2024 estimates. Share of children in the past year: {children}; the "
        f"categories overlap. Share of men reporting online sexual offending against children: {countries}.",
    )
    return fig
