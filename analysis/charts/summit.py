"""Charts of the summit programme: sessions by day, themes by day, and the sectors of speakers."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Patch

from ..text.citations import source_line
from .style import PALETTE, TEXT, new_chart, set_alt_text, styled
from ..compute.summit import SectorCounts, ThemeGrid

#: Formats grouped for colour (ten formats are too many colours to tell apart).
FORMAT_GROUPS = {
    "opening": "plenary",
    "keynote": "plenary",
    "remarks": "plenary",
    "fireside chat": "plenary",
    "ministerial session": "plenary",
    "closing": "plenary",
    "panel": "panel",
    "breakout": "breakout",
    "film screening": "other",
    "side meeting": "other",
}
GROUP_COLOURS = {"plenary": "#CFE3F2", "panel": "#F6DDB0", "breakout": "#C6E9DC", "other": "#E6E6E6"}
_WRAP = 34
_LINE_IN = 0.15


def _box_lines(row) -> list[str]:
    return textwrap.wrap(row.title, _WRAP)


def programme_chart(table: pd.DataFrame, sources: pd.DataFrame) -> Figure:
    """The sessions of each day in order (`programme`), as boxes labelled with format, time (where published)
    and title."""
    days = [d for d in table["day_label"].cat.categories if (table["day_label"] == d).any()]
    timed = int(table["start_time"].notna().sum())
    heights = {r.Index: 0.22 + _LINE_IN * len(_box_lines(r)) for r in table.itertuples()}
    column_heights = [sum(heights[i] + 0.08 for i in table.index[table["day_label"] == d]) for d in days]
    plot_height = max(column_heights) + 0.45
    title = (
        f"The public record names {len(table)} sessions of the summit; "
        f"only {timed} have published times"
    )
    subtitle = "Sessions by day, in the order the sources give them, with format and time where published"
    footer = source_line(sources, table["source_id"]) + (
        " Note: titles in italics are the project's descriptions (no title is published); times are local (UTC+4)."
    )
    with styled():
        fig, ax = new_chart(title, subtitle, footer, height=plot_height + 0.5, left=0.15, right=0.15, bottom=0.45)
        width = 8.0 - 0.3
        column_width = width / len(days)
        ax.set_xlim(0, width)
        ax.set_ylim(plot_height, 0)
        ax.axis("off")
        column_end: dict[str, float] = {}
        for c, day in enumerate(days):
            x0 = c * column_width + 0.06
            ax.text(x0, 0.12, day, fontsize=10.5, fontweight="bold", color=TEXT, va="top")
            y = 0.45
            for row in table[table["day_label"] == day].itertuples():
                h = heights[row.Index]
                group = FORMAT_GROUPS[row.format]
                ax.add_patch(
                    FancyBboxPatch(
                        (x0, y), column_width - 0.16, h, boxstyle="round,pad=0,rounding_size=0.05",
                        facecolor=GROUP_COLOURS[group], edgecolor="none",
                    )
                )
                when = row.time if row.time else "time not published"
                ax.text(x0 + 0.07, y + 0.05, f"{row.format.upper()} · {when}", fontsize=6.5, color="#444444",
                        va="top", fontweight="bold" if row.time else "normal")
                ax.text(x0 + 0.07, y + 0.2, "\n".join(_box_lines(row)), fontsize=7.5, color=TEXT, va="top",
                        linespacing=1.15, fontstyle="italic" if row.title_status == "descriptive" else "normal")
                y += h + 0.08
            column_end[day] = y
        handles = [Patch(facecolor=GROUP_COLOURS[g], label=label) for g, label in (
            ("plenary", "plenary: opening, keynote, remarks,\nministerial, fireside chat, closing"),
            ("panel", "panel"), ("breakout", "breakout"), ("other", "film screening or side meeting"))]
        # The legend goes under the shortest column, where there is room.
        shortest = min(days, key=lambda d: column_end[d])
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(days.index(shortest) * column_width, column_end[shortest] + 0.15),
                  bbox_transform=ax.transData, fontsize=8, frameon=False, handlelength=1.2, title="Format",
                  title_fontsize=8.5, alignment="left")
    per_day = "; ".join(f"{day}: {int((table['day_label'] == day).sum())}" for day in days)
    set_alt_text(
        fig,
        f"Columns of boxes listing the {len(table)} sessions of the summit known from the sources, by day ({per_day}). "
        f"Each box gives the format, the time where published and the title. Only {timed} sessions, all on the "
        f"morning of day 1, have published times.",
    )
    return fig


def themes_heatmap(grid: ThemeGrid, sources: pd.DataFrame) -> Figure:
    """Number of sessions covering each theme, by day, as an annotated grid."""
    counts = grid.counts
    totals = counts.sum(axis=1)
    top = totals.idxmax()
    title = f"'{top[0].upper() + top[1:]}' was the most frequent theme, in {totals[top]} of {grid.sessions} known sessions"
    subtitle = "Number of sessions covering each theme, by day (a session can cover several themes)"
    footer = source_line(sources, grid.source_ids) + (
        " Note: themes are the project's classification of the sources' descriptions."
    )
    with styled():
        fig, ax = new_chart(title, subtitle, footer, height=4.6, left=2.6, right=0.4, bottom=0.2, top=0.25)
        values = counts.to_numpy()
        ax.imshow(values, cmap="Blues", vmin=0, vmax=max(values.max(), 1) * 1.15, aspect="auto")
        ax.set_xticks(range(counts.shape[1]), counts.columns)
        ax.set_yticks(range(counts.shape[0]), [t[0].upper() + t[1:] for t in counts.index])
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        for (i, j), v in np.ndenumerate(values):
            ax.text(j, i, str(v) if v else "–", ha="center", va="center", fontsize=9,
                    color="white" if v >= values.max() * 0.6 and v else (TEXT if v else "#999999"))
    cells = "; ".join(
        f"{theme}: " + ", ".join(f"{day} {counts.at[theme, day]}" for day in counts.columns) for theme in counts.index
    )
    set_alt_text(fig, f"Grid of themes by day with the number of sessions covering each. {cells}.")
    return fig


def sector_chart(counts: SectorCounts, sources: pd.DataFrame) -> Figure:
    """Speakers and organisations by sector, side by side."""
    speakers, orgs = counts.speakers, counts.organisations
    top = orgs.idxmax()
    title = (
        f"{top[0].upper() + top[1:]} made up {orgs[top]} of the {int(orgs.sum())} organisations named; "
        f"the {int(speakers.sum())} speakers came from {int((speakers.drop('not stated', errors='ignore') > 0).sum())} sectors"
    )
    subtitle = "Number of speakers by the sector of their organisation, and number of organisations by sector"
    footer = source_line(sources, counts.source_ids) + (
        " Note: only people named in the sources are counted; 'not stated' means no organisation is given."
    )
    with styled():
        fig, left = new_chart(title, subtitle, footer, height=3.4, left=1.9, right=0.3, bottom=0.2, top=0.2)
        box = left.get_position()
        left.set_position((box.x0, box.y0, box.width * 0.46, box.height))
        right = fig.add_axes((box.x0 + box.width * 0.54, box.y0, box.width * 0.46, box.height), sharey=left)
        labels = [s[0].upper() + s[1:] for s in speakers.index]
        positions = np.arange(len(labels))[::-1]
        for ax, values, name, colour in (
            (left, speakers, "Speakers", PALETTE["blue"]), (right, orgs, "Organisations", PALETTE["orange"])
        ):
            ax.barh(positions, values.to_numpy(), color=colour, height=0.65)
            ax.set_title(name, loc="left", fontsize=10, fontweight="bold", color=TEXT)
            for y, v in zip(positions, values.to_numpy(), strict=True):
                ax.text(v + 0.1, y, str(v), va="center", fontsize=9, color=TEXT)
            ax.set_xlim(0, max(values.max(), 1) + 1.2)
            ax.grid(axis="y", visible=False)
            ax.xaxis.set_visible(False)
            ax.spines["bottom"].set_visible(False)
        left.set_yticks(positions, labels)
        right.tick_params(axis="y", labelleft=False, length=0)
        left.tick_params(axis="y", length=0)
    parts = "; ".join(f"{s}: {speakers[s]} speakers, {orgs[s]} organisations" for s in speakers.index)
    set_alt_text(fig, f"Two bar charts of counts by sector. {parts}.")
    return fig
