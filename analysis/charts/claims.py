"""Charts of claims against evidence: each claim's ratio to the published figure, and the halving time."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator

from ..compute.adoption import Halving, fit_trend
from ..compute.claims import CONTRADICTED, GROWTH_CLAIM, NO_SOURCE, TOLERANCE, VERDICTS, claim_ratios
from ..text.citations import source_line
from ..text.claims import TOLERANCE_TEXT, describe_halving
from ..text.formatting import capitalise, join_words
from .style import GREY, PALETTE, TEXT, new_chart, set_alt_text, styled, wrap_text

VERDICT_COLOURS = {
    "consistent": PALETTE["green"],
    "rounded": PALETTE["blue"],
    "differs": PALETTE["vermillion"],
    "different metric": PALETTE["orange"],
    CONTRADICTED: PALETTE["purple"],
    NO_SOURCE: "#666666",
}
assert set(VERDICT_COLOURS) == set(VERDICTS)
#: Besides its colour and its label, a claim contradicted by the record has its own marker: a triangle pointing
#: away from 1×, as the record bounds the time only on one side (the true ratio lies at the triangle or beyond).
BOUND_MARKERS = {"below": "<", "above": ">"}


#: The note written, in place of a marker, on the row of a claim that has no published figure.
NO_FIGURE_NOTE = "no published figure to compare"


def _ratio_label(ratio: float) -> str:
    special = {0.25: "¼×", 0.5: "½×"}
    return special.get(ratio, f"{ratio:g}×" if ratio >= 1 else f"1/{1 / ratio:g}×")


def claims_chart(claims: pd.DataFrame, sources: pd.DataFrame) -> Figure:
    """One row per claim of `claims_table`: the claim as a ratio of the closest published figure, coloured by
    verdict, with the verdict written at the right.

    A claim with no published figure has no ratio: its row has no marker, only a note saying so. A claim the
    record contradicts is drawn with a triangle (`BOUND_MARKERS`), as its ratio is a bound.
    """
    said = claims[claims["claim_id"] != GROWTH_CLAIM]  # the published rise checked alongside was not said there
    counts = said["verdict"].value_counts()
    contradicted = int(claims["verdict"].eq(CONTRADICTED).sum())

    def count(n: int, singular: str, plural: str) -> list[str]:
        return [f"{n} {singular if n == 1 else plural}"] if n else []

    matched, rounded = int(counts.get("consistent", 0) + counts.get("rounded", 0)), int(counts.get("rounded", 0))
    parts = (count(matched, "matches the record", "match the record")
             + ([f"({rounded} after rounding)"] if rounded else [])
             + count(int(counts.get("differs", 0)), "differs from it", "differ from it")
             + count(int(counts.get(CONTRADICTED, 0)), "is contradicted by it", "are contradicted by it")
             + count(int(counts.get("different metric", 0)), "counts another thing", "count other things")
             + count(int(counts.get(NO_SOURCE, 0)), "has no source", "have no source"))
    # The rounding note belongs to the count before it: '3 match the record (1 after rounding), 1 is ...'.
    joined = [f"{p} {q}" if q.startswith("(") else p for p, q in zip(parts, [*parts[1:], ""])]
    title = f"Of {len(said)} numbers said at the summit, " + join_words([p for p in joined if not p.startswith("(")])
    subtitle = "Each number as a multiple of the closest published figure (logarithmic scale), coloured by verdict"
    source_ids = [*claims["claim_source_id"], *(i for ids in claims["source_ids"] for i in ids)]
    footer = (
        source_line(sources, source_ids)
        + f" Note: consistent means within {TOLERANCE_TEXT}; rounded means equal once the published figure is rounded to "
        "the claim's unit; ties between published figures are all shown"
        + (f"; contradicted by the record means published counts date the milestone outside {TOLERANCE_TEXT} of the "
           "claim, and its triangle marks a bound: the true ratio lies there or beyond." if contradicted else ".")
    )
    with styled():
        fig, ax = new_chart(title, subtitle, footer, height=0.62 * len(claims) + 1.2, left=3.0, right=2.35, bottom=0.55)
        positions = np.arange(len(claims))[::-1]
        ax.set_xscale("log")
        # Symmetric about 1× in log space: at least ½× to 2×, wider where a claim lies further out;
        # ticks at powers of two.
        shown = [r for _, row in claims.iterrows() if row["verdict"] != NO_SOURCE for r in claim_ratios(row)]
        extent = max([1.0, *(abs(math.log2(r)) for r in shown)])
        high = 2.0 ** math.ceil(extent)
        right_edge = high * 1.25
        ax.set_xlim(1 / right_edge, right_edge)
        ticks = [2.0**k for k in range(-math.ceil(extent), math.ceil(extent) + 1)]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_major_formatter(lambda v, _p: _ratio_label(v))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.axvline(1, color=GREY, linewidth=1, zorder=1)
        ax.axvspan(1 / TOLERANCE, TOLERANCE, color="#e9f5ef", zorder=0)
        for y, row in zip(positions, claims.itertuples(), strict=True):
            colour = VERDICT_COLOURS[row.verdict]
            if row.verdict == NO_SOURCE:
                # No ratio, so no place on the axis: a plain band over the row hides the 1× line and the
                # ±10% band there, and a note says why the row is empty.
                ax.axhspan(y - 0.4, y + 0.4, color="#f3f3f3", linewidth=0, zorder=1.5)
                ax.text(0.5, y, NO_FIGURE_NOTE, transform=ax.get_yaxis_transform(), ha="center", va="center",
                        fontsize=8.5, fontstyle="italic", color=GREY, zorder=5)
                detail = "no ratio"
            else:
                ratios = claim_ratios(row)
                ax.plot([1], [y], marker="o", markerfacecolor="white", markeredgecolor=GREY, markersize=11, zorder=3)
                for ratio in ratios:
                    ax.plot([1, ratio], [y, y], color=colour, linewidth=2, zorder=2)
                    marker = _marker(row.verdict, ratio)
                    ax.plot([ratio], [y], marker=marker, color=colour, markersize=7 if marker == "o" else 9, zorder=4)
                detail = _ratios_text(ratios, row.verdict)
            # The verdict is written in dark text (readable at any contrast), after a key square in its colour.
            ax.annotate(
                "\u25a0", (right_edge, y), xytext=(8, 3), textcoords="offset points", va="bottom", ha="left",
                fontsize=9, color=colour, annotation_clip=False,
            )
            ax.annotate(
                row.verdict, (right_edge, y), xytext=(20, 3), textcoords="offset points", va="bottom", ha="left",
                fontsize=9, fontweight="bold", color=TEXT, annotation_clip=False,
            )
            ax.annotate(
                detail, (right_edge, y), xytext=(8, -2), textcoords="offset points", va="top", ha="left",
                fontsize=8, color=GREY, annotation_clip=False,
            )
        ax.set_yticks(positions, [_row_label(r) for r in claims.itertuples()])
        ax.tick_params(axis="y", length=0, labelsize=_ROW_LABEL_PT)
        ax.grid(axis="y", visible=False)
        ax.set_ylim(-0.7, len(claims) - 0.3)
        ax.set_xlabel("Claim ÷ published figure (1× = the same; hollow circle: the published figure)")
    described = "; ".join(
        f"{_short(r)}{'' if _said_at_summit(r) else ' (' + _PUBLISHED_CLAIM + ')'}: {r.verdict}"
        + (f" ({_ratios_text(claim_ratios(r), r.verdict)})" if not math.isnan(r.ratio)
           else " (no published figure, so not on the axis)")
        + (", marked by a triangle" if r.verdict == CONTRADICTED else "")
        for r in claims.itertuples()
    )
    set_alt_text(fig, f"Dot-and-line chart, one row per claim, of each claim as a multiple of the closest "
                      f"published figure on a logarithmic axis. {described}.")
    return fig


#: Size and widest line (points) of the claim labels left of the axis (its left margin is 3 inches).
_ROW_LABEL_PT, _ROW_LABEL_WIDTH_PT = 8.5, 190.0
#: How a row that was not said at the summit (a published claim checked alongside) is marked.
_PUBLISHED_CLAIM = "a published claim, not said at the summit"


def _said_at_summit(row) -> bool:
    return bool(getattr(row, "session_id", ""))


def _marker(verdict: str, ratio: float) -> str:
    """A dot, or for a claim contradicted by the record a triangle pointing away from 1×."""
    if verdict != CONTRADICTED:
        return "o"
    return BOUND_MARKERS["below" if ratio < 1 else "above"]


def _ratios_text(ratios: list[float], verdict: str = "") -> str:
    """'ratio 1.33', 'ratios 0.83 and 1.20' when published figures tie, or 'ratio at most 0.22' for a claim
    the record contradicts (its time is bounded on one side only)."""
    if verdict == CONTRADICTED:
        return f"ratio {'at most' if ratios[0] < 1 else 'at least'} {ratios[0]:.2f}"
    return ("ratio " if len(ratios) == 1 else "ratios ") + " and ".join(f"{r:.2f}" for r in ratios)


def _row_label(row) -> str:
    label = "\n".join(wrap_text(_short(row), _ROW_LABEL_PT, max_width=_ROW_LABEL_WIDTH_PT))
    return label if _said_at_summit(row) else f"{label}\n({_PUBLISHED_CLAIM})"


def _short(row) -> str:
    return row.claim.split(": ", 1)[0] if row.unit not in ("months",) else row.claim.replace(" to 100 million", "")


def _interval(estimate) -> str:
    """'95% interval 2 to 26 years', from the bootstrap estimate (an open upper end is 'not bounded')."""
    if not math.isfinite(estimate.high):
        return f"95% interval from {estimate.low:.0f} years, not bounded above"
    return f"95% interval {estimate.low:.0f} to {estimate.high:.0f} years"


def halving_chart(halving: Halving, sources: pd.DataFrame) -> Figure:
    """The halving time of time-to-100-million, for all reference figures and for user counts only,
    with bootstrap 95% intervals."""
    points, estimates = halving.points, halving.estimates
    first, second = estimates
    earliest = points.loc[points["launch_year"].idxmin()]
    resamples = " or ".join(sorted({f"{e.resamples:,}" for e in estimates}))
    title = (
        f"A loose trend: the time to 100 million halves every {first.halving_years:.0f} years across all figures "
        f"({_interval(first)}), but every {second.halving_years:.0f} years among user counts"
    )
    subtitle = "Halving time of the time to reach 100 million, by launch year, with 95% bootstrap intervals (years)"
    others = points.drop(index=earliest.name)
    without = fit_trend(others["launch_year"], others["months"])
    footer = source_line(sources, points["source_id"]) + (
        f" Note: intervals from {resamples} resamples of the figures (fixed seed); the "
        f"{str(earliest['technology']).lower()} ({int(earliest['launch_year'])}) weighs heavily on the fit across "
        f"all figures: without it, the time halves every {without.halving_years:.1f} years."
    )
    with styled():
        fig, ax = new_chart(title, subtitle, footer, height=2.4, left=3.0, right=0.6, bottom=0.55)
        positions = np.arange(len(estimates))[::-1]
        upper_limit = 40
        for y, estimate, colour in zip(positions, estimates, (GREY, PALETTE["blue"]), strict=True):
            high = min(estimate.high, upper_limit)
            ax.plot([estimate.low, high], [y, y], color=colour, linewidth=3, solid_capstyle="butt")
            if not math.isfinite(estimate.high) or estimate.high > upper_limit:
                ax.annotate("", (upper_limit, y), xytext=(upper_limit - 3, y),
                            arrowprops={"arrowstyle": "->", "color": colour, "lw": 2})
            ax.plot([estimate.halving_years], [y], marker="o", color=colour, markersize=9)
            ax.annotate(describe_halving(estimate), (estimate.low, y), xytext=(0, 10), textcoords="offset points",
                        ha="left", va="bottom", fontsize=8.5, color=TEXT)
        ax.set_yticks(positions, [f"{e.label}\n(n = {e.n})" for e in estimates])
        ax.set_xlim(0, upper_limit)
        ax.set_ylim(-0.6, len(estimates) - 0.2)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("Halving time: years of later launch over which the time to 100 million halves")
    set_alt_text(
        fig,
        "Interval chart of the halving time of the time to reach 100 million. "
        + "; ".join(f"{capitalise(e.label)}: {describe_halving(e)}" for e in estimates) + ".",
    )
    return fig


