"""Pure computations on the US adoption series: shares of US households, and of US adults for the Pew series."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def first_crossing(years: np.ndarray, percents: np.ndarray, threshold: float) -> float:
    """The first (decimal) year a series reaches `threshold` percent, by linear interpolation.

    NaN when the series never reaches it, or when its first observation is already above it
    (the crossing happened before the data starts, so its year is unknown).
    """
    years = np.asarray(years, dtype=float)
    percents = np.asarray(percents, dtype=float)
    reached = np.flatnonzero(percents >= threshold)
    if reached.size == 0:
        return float("nan")
    i = int(reached[0])
    if i == 0:
        return float(years[0]) if percents[0] == threshold else float("nan")
    y0, y1, p0, p1 = years[i - 1], years[i], percents[i - 1], percents[i]
    return float(y0 + (threshold - p0) / (p1 - p0) * (y1 - y0))


def years_between(household: pd.DataFrame, start: float = 10, end: float = 50) -> pd.DataFrame:
    """For each technology, the years it took to go from `start`% to `end`% of its population.

    Returns one row per technology (in order of first observed year) with columns technology,
    population (as the series gives it), year_start, year_end and years; a value is NaN where the
    series does not show that crossing.
    """
    rows = []
    ordered = household.sort_values(["technology", "year"])
    for technology, group in ordered.groupby("technology", sort=False, observed=True):
        year_start = first_crossing(group["year"], group["percent"], start)
        year_end = first_crossing(group["year"], group["percent"], end)
        rows.append(
            {
                "technology": technology,
                "population": str(group["population"].iloc[0]),
                "first_year": int(group["year"].iloc[0]),
                "year_start": year_start,
                "year_end": year_end,
                "years": year_end - year_start,
            }
        )
    table = pd.DataFrame(rows).sort_values(["first_year", "technology"]).reset_index(drop=True)
    return table.drop(columns="first_year")


def adoption_milestones(household: pd.DataFrame) -> pd.DataFrame:
    """Years from 10% to 50% and from 10% to 90% of each technology's population, one row per technology."""
    half = years_between(household, 10, 50)
    most = years_between(household, 10, 90)
    return pd.DataFrame(
        {
            "technology": half["technology"],
            "population": half["population"],
            "reached_10_percent": half["year_start"],
            "years_10_to_50": half["years"],
            "years_10_to_90": most["years"],
        }
    )


@dataclass(frozen=True)
class Curves:
    """The adoption series (households and adults) and each technology's milestones, as the chart shows them."""

    series: pd.DataFrame
    milestones: pd.DataFrame


def curves(household: pd.DataFrame) -> Curves:
    """The adoption series with `adoption_milestones`."""
    return Curves(household, adoption_milestones(household))
