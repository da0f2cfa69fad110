"""Charts of the summit programme: sessions by day, themes by day, and the sectors of speakers."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Patch

from ..text.citations import source_line
from .style import PALETTE, TEXT, TINTS, new_chart, set_alt_text, styled
from ..compute.summit import SectorCounts, ThemeGrid, separate_sessions

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
GROUP_COLOURS = {"plenary": TINTS["sky"], "panel": TINTS["orange"], "breakout": TINTS["green"], "other": TINTS["grey"]}
#: Outline of a box whose existence as a separate session the project inferred.
INFERRED_EDGE = {"edgecolor": "#555555", "linestyle": (0, (3, 2)), "linewidth": 0.9}
_WRAP = 34
_LINE_IN = 0.15


def _box_lines(row) -> list[str]:
    return textwrap.wrap(row.title, _WRAP)


def _timed_where(table: pd.DataFrame) -> str:
    """Where the sessions with a published time fall: ', all on Day 1 (4 Dec), before noon', or ''."""
    timed = table[table["start_time"].notna()]
    days = timed["day_label"].astype(str).unique()
    if len(days) != 1:
        return ""
    morning = bool((timed["end_time"].fillna(timed["start_time"]) <= "12:00").all())
    return f", all on {days[0]}" + (", before noon" if morning else "")


def programme_chart(table: pd.DataFrame, sources: pd.DataFrame) -> Figure:
    """The sessions of each day in order (`programme`), as boxes labelled with format, time (where published)
    and title; a dashed outline marks a row the project inferred to be a session of its own, '(inferred)'
    a format the project chose."""
    days = [d for d in table["day_label"].cat.categories if (table["day_label"] == d).any()]
    timed = int(table["start_time"].notna().sum())
    separate = separate_sessions(table)
    inferred = len(table) - separate
    heights = {r.Index: 0.22 + _LINE_IN * len(_box_lines(r)) for r in table.itertuples()}
    column_heights = [sum(heights[i] + 0.08 for i in table.index[table["day_label"] == d]) for d in days]
    plot_height = max(column_heights) + 0.45
    if inferred:
        title = (f"The sources give {len(table)} sessions and topics of the summit, {separate} of them known as "
                 f"separate sessions; only {timed} have published times")
        subtitle = ("Sessions and topics by day, in the order the sources give them, with format and time where "
                    "published")
    else:
        title = f"The sources give {len(table)} sessions of the summit; only {timed} have published times"
        subtitle = "Sessions by day, in the order the sources give them, with format and time where published"
    footer = source_line(sources, table["source_id"]) + (
        " Note: titles in italics are the project's descriptions (no title is published); '(inferred)' marks a "
        "format the project chose; times are local (UTC+4)."
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
                edge = INFERRED_EDGE if row.session_basis == "inferred" else {"edgecolor": "none"}
                ax.add_patch(
                    FancyBboxPatch(
                        (x0, y), column_width - 0.16, h, boxstyle="round,pad=0,rounding_size=0.05",
                        facecolor=GROUP_COLOURS[group], **edge,
                    )
                )
                when = row.time if row.time else "time not published"
                kind = row.format.upper() + (" (inferred)" if row.format_basis == "inferred" else "")
                ax.text(x0 + 0.07, y + 0.05, f"{kind} · {when}", fontsize=6.5, color="#444444",
                        va="top", fontweight="bold" if row.time else "normal")
                ax.text(x0 + 0.07, y + 0.2, "\n".join(_box_lines(row)), fontsize=7.5, color=TEXT, va="top",
                        linespacing=1.15, fontstyle="italic" if row.title_status == "descriptive" else "normal")
                y += h + 0.08
            column_end[day] = y
        handles = [Patch(facecolor=GROUP_COLOURS[g], label=label) for g, label in (
            ("plenary", "plenary: opening, keynote, remarks,\nministerial, fireside chat, closing"),
            ("panel", "panel"), ("breakout", "breakout"), ("other", "film screening or side meeting"))]
        if inferred:
            handles.append(Patch(facecolor="white", **INFERRED_EDGE,
                                 label="dashed outline: not known to be\na separate session (inferred)"))
        # The legend goes under the shortest column, where there is room.
        shortest = min(days, key=lambda d: column_end[d])
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(days.index(shortest) * column_width, column_end[shortest] + 0.15),
                  bbox_transform=ax.transData, fontsize=8, frameon=False, handlelength=1.2, title="Format",
                  title_fontsize=8.5, alignment="left")
    per_day = "; ".join(f"{day}: {int((table['day_label'] == day).sum())}" for day in days)
    basis = (
        f" {separate} are described by their sources as sessions of their own; the other {inferred}, drawn with "
        "dashed outlines, are the project's reading of things the sources mention without saying that they "
        "formed a separate session." if inferred else ""
    )
    chosen = int((table["format_basis"] == "inferred").sum())
    set_alt_text(
        fig,
        f"Columns of boxes listing the {len(table)} {'sessions and topics' if inferred else 'sessions'} of the "
        f"summit known from the sources, by day ({per_day}).{basis} Each box gives the format (marked inferred "
        f"in {chosen} boxes where the project chose it), the time where published and the title. "
        f"Only {timed} sessions have published times{_timed_where(table)}.",
    )
    return fig


def themes_heatmap(grid: ThemeGrid, sources: pd.DataFrame) -> Figure:
    """Number of sessions covering each theme, by day, as an annotated grid."""
    counts = grid.counts
    totals = counts.sum(axis=1)
    top = totals.idxmax()
    if grid.separate < grid.sessions:
        noun = "sessions and topics"
        subtitle = (f"Number of sessions and topics covering each theme, by day ({grid.separate} of the "
                    f"{grid.sessions} are known as separate sessions; each can cover several themes)")
    else:
        noun = "sessions"
        subtitle = "Number of sessions covering each theme, by day (a session can cover several themes)"
    title = f"'{top[0].upper() + top[1:]}' was the most frequent theme, in {totals[top]} of the {grid.sessions} {noun}"
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
    set_alt_text(fig, f"Grid of themes by day with the number of {noun} covering each, out of {grid.sessions}, of "
                      f"which {grid.separate} are known as separate sessions. {cells}.")
    return fig


def sector_chart(counts: SectorCounts, sources: pd.DataFrame) -> Figure:
    """Speakers and organisations by sector, side by side."""
    speakers, orgs = counts.speakers, counts.organisations
    top = orgs.idxmax()
    sectors = int((speakers.drop("not stated", errors="ignore") > 0).sum())
    inferred = int(counts.inferred.sum())
    # A sector the sources do not state is the project's classification, and the title says so.
    lead = f"By the project's classification, {top}" if counts.inferred[top] else top[0].upper() + top[1:]
    title = (
        f"{lead} made up {orgs[top]} of the {int(orgs.sum())} organisations named; "
        f"the {int(speakers.sum())} named speakers came from {sectors} sectors"
    )
    subtitle = "Number of speakers by the sector of their organisation, and number of organisations by sector"
    footer = source_line(sources, counts.source_ids) + (
        " Note: only people the sources name as speaking, chairing or sitting on a panel are counted as speakers; "
        "'not stated' means no organisation is given. "
        f"The sector of {inferred} of the {int(orgs.sum())} organisations is the project's classification; "
        "the sources do not state it."
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
    set_alt_text(fig, f"Two bar charts of counts by sector. {parts}. The sector of {inferred} of the "
                      f"{int(orgs.sum())} organisations is the project's classification, not the sources'.")
    return fig
