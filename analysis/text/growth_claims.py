"""The Global Threat Assessment's rise since 2019 in sentences and a table: the arithmetic of report 04."""

from __future__ import annotations

import math

import pandas as pd

from ..compute.claims import GROWTH_CLAIM, GROWTH_SERIES, growth_check, growth_claim_arithmetic, within_tolerance
from ..compute.statistics import series as get_series
from .claims import TOLERANCE_TEXT, band_text
from .formatting import format_published, format_value, join_words
from .statistics import STATUS_PHRASES


def _percent(value: float, approximate: bool) -> str:
    return f"{'about ' if approximate else ''}{value:.0f}%"


def gta_setup(statistics: pd.DataFrame, claimed_percent: float, claim_id: str = GROWTH_CLAIM,
              series_id: str = GROWTH_SERIES) -> str:
    """What the table of the Global Threat Assessment's rise checks: the published value, the value checked
    (when a run sets another), and the years left out because counting changed."""

    published = float(statistics.set_index("id").at[claim_id, "value"])
    values = get_series(statistics, series_id)
    breaks = [str(y) for y in values.index[values["comparable"].eq(False)]]
    sentences = [f"The published figure is {format_value(published)}%."]
    if not math.isclose(claimed_percent, published):
        sentences.append(f"This run of the report checks a rise of {format_value(claimed_percent)}% instead.")
    sentences.append(f"By the rule, a rise counts as consistent with {format_value(claimed_percent)}% when its growth "
                     f"factor is within {TOLERANCE_TEXT} of {1 + claimed_percent / 100:.2f}: "
                     f"{band_text(claimed_percent)}.")
    sentences.append("The end year is not stated, so the table below computes the rise between every pair of "
                     "comparable years of NCMEC's counts.")
    if breaks:
        sentences.append(f"The {join_words(breaks)} count{' is' if len(breaks) == 1 else 's are'} left out: "
                         "NCMEC changed how it counts.")
    return " ".join(sentences)


def gta_reading(statistics: pd.DataFrame, claimed_percent: float, base_year: int = 2019,
                series_id: str = GROWTH_SERIES) -> str:
    """The rise from `base_year` to each later comparable year against the claimed rise, in sentences: the
    closest end year, the others, whether the closest is within the tolerance, and how solid its counts are."""
    check = growth_check(statistics, claimed_percent, base_year, series_id)
    values, end = check.values, check.end

    def approx(year: int) -> bool:
        return str(values.at[year, "qualifier"]) != "exact" or str(values.at[base_year, "qualifier"]) != "exact"

    claim = f"{format_value(claimed_percent)}%"
    others = [f"to {int(r.to)} by {_percent(r.rise_percent, approx(int(r.to)))}"
              for r in check.since.itertuples() if int(r.to) != end]
    sentences = [
        f"From {base_year} to {end} NCMEC's counts rose by {_percent(check.rise_percent, approx(end))}, the closest "
        f"to the {claim} checked" + (f"; {join_words(others)}." if others else ".")
    ]
    also = [f"{base_year} to {int(r.to)} ({_percent(r.rise_percent, approx(int(r.to)))})"
            for r in check.since.itertuples() if int(r.to) != end and within_tolerance(r.factor_ratio)]
    if check.verdict == "consistent":
        base_status = str(values.at[base_year, "status"])
        caveat = (f", but the {base_year} count itself is {STATUS_PHRASES[base_status]}, so the match is not strong "
                  "evidence" if base_status in ("weak", "unverified") else "")
        sentences.append(f"The {claim} is therefore consistent (within {TOLERANCE_TEXT} in growth factor, which admits "
                         f"{band_text(claimed_percent)}) with a {base_year}-to-{end} comparison{caveat}.")
        if also:
            sentences.append(f"The band is wide enough that {join_words(also)} would pass too.")
    else:
        sentences.append(f"No end year gives a rise within {TOLERANCE_TEXT} of the {claim} in growth factor, that is "
                         f"{band_text(claimed_percent)}.")
    return " ".join(sentences)


def growth_claim_table(statistics: pd.DataFrame, claimed_percent: float,
                       series_id: str = GROWTH_SERIES) -> pd.DataFrame:
    """`growth_claim_arithmetic` ready to show: counts with their published qualifier, rise, factor ratio, status."""

    arithmetic = growth_claim_arithmetic(statistics, claimed_percent, series_id)
    qualifier = get_series(statistics, series_id)["qualifier"].astype(str)

    def count(year: int, value: float) -> str:
        return format_published(value, qualifier[year])

    return pd.DataFrame(
        {
            "From": arithmetic["from"],
            "To": arithmetic["to"],
            "Reports (from)": [count(y, v) for y, v in zip(arithmetic["from"], arithmetic["start_value"], strict=True)],
            "Reports (to)": [count(y, v) for y, v in zip(arithmetic["to"], arithmetic["end_value"], strict=True)],
            "Rise": arithmetic["rise_percent"].map("{:+.1f}%".format),
            "Claimed ÷ computed growth factor": arithmetic["factor_ratio"].map("{:.3f}".format),
            "Status of the counts": arithmetic["statuses"],
        }
    )
