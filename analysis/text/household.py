"""The US adoption series in words and tables: the milestone table and the sentences around it.

Each series is a share of the population its rows name (US households, or US adults for the Pew survey
series); every sentence that gives a share names that population, as the data says it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..compute.household import adoption_milestones, first_crossing, years_between
from .formatting import join_words, number_word
from .markup import md


def milestone_table(household: pd.DataFrame) -> pd.DataFrame:
    """`adoption_milestones` ready to show, with each series' population: years to one decimal, '–' where
    the data has no crossing."""
    table = adoption_milestones(household)

    def fmt(value: float, digits: int = 1) -> str:
        return "–" if pd.isna(value) else f"{value:.{digits}f}"

    return pd.DataFrame(
        {
            "Technology": table["technology"],
            "Population": table["population"],
            "Year it passed 10%": table["reached_10_percent"].map(lambda v: fmt(v, 0)),
            "Years from 10% to 50%": table["years_10_to_50"].map(fmt),
            "Years from 10% to 90%": table["years_10_to_90"].map(fmt),
        }
    )


def milestone_gaps(household: pd.DataFrame) -> str:
    """Why `milestone_table` shows a dash where it does, in sentences computed from the series.

    A series that starts above 10% cannot show the year it passed 10%; one that ends below 50% or 90%
    has not reached that share by its last year. Returns '' when every crossing is in the data.
    """
    started_above, short_of = [], {50: [], 90: []}
    for technology, population in years_between(household)[["technology", "population"]].itertuples(index=False):
        group = household[household["technology"] == technology].sort_values("year")
        years, percents = group["year"].to_numpy(), group["percent"].to_numpy(dtype=float)
        of = f"of {md(population)}"
        if np.isnan(first_crossing(years, percents, 10)) and percents[0] > 10:
            started_above.append(f"{md(technology)} starts in {years[0]} at {percents[0]:.0f}% {of}")
        for share, names in short_of.items():
            if np.isnan(first_crossing(years, percents, share)):
                names.append(f"{md(technology)} ({percents[-1]:.0f}% {of} in {years[-1]})")
    sentences = []
    if started_above:
        sentences.append(
            f"{join_words(started_above)}, above 10% already: the year of passing 10%, and the years from there, "
            "are not in the data."
        )
    for share, names in short_of.items():
        if names:
            sentences.append(f"Not at {share}% by the last year of their series: {join_words(names)}.")
    return " ".join(["A dash means the series does not show that crossing.", *sentences]) if sentences else ""


def halfway_reading(household: pd.DataFrame) -> str:
    """The years from 10% to 50% in sentences: the earliest technology, the range and median of the later
    ones, and (where there is one) the clearest case of a later technology taking longer than an earlier
    one, so the text says no more than the table shows.

    The first sentence names the earliest technology's population; a technology of another population is
    named with its own, and a closing sentence says which series measure another population.
    """
    table = adoption_milestones(household).dropna(subset=["reached_10_percent", "years_10_to_50"])
    table = table.sort_values("reached_10_percent").reset_index(drop=True)
    first, later = table.iloc[0], table.iloc[1:]
    base = first["population"]
    shortest = later.loc[later["years_10_to_50"].idxmin()]
    longest = later.loc[later["years_10_to_50"].idxmax()]

    def named(row: pd.Series) -> str:
        """'Radio', or 'Tablet, US adults' where the population is not the first sentence's."""
        return md(row["technology"]) + ("" if row["population"] == base else f", {md(row['population'])}")

    def past_10(row: pd.Series) -> str:
        of = "" if row["population"] == base else f" of {md(row['population'])}"
        return f"past 10%{of} in {row['reached_10_percent']:.0f}"

    sentences = [
        f"Of the technologies whose series show both crossings, {md(first['technology'])} passed 10% of "
        f"{md(base)} first (in {first['reached_10_percent']:.0f}) and took {first['years_10_to_50']:.1f} years to go "
        f"from 10% to 50%.",
        f"The {number_word(len(later))} that passed 10% later all took less, from {shortest['years_10_to_50']:.1f} years "
        f"({named(shortest)}) to {longest['years_10_to_50']:.1f} years ({named(longest)}), with a "
        f"median of {later['years_10_to_50'].median():.1f} years."
        if (later["years_10_to_50"] < first["years_10_to_50"]).all() else
        f"The {number_word(len(later))} that passed 10% later took from {shortest['years_10_to_50']:.1f} years "
        f"({named(shortest)}) to {longest['years_10_to_50']:.1f} years ({named(longest)}), with a "
        f"median of {later['years_10_to_50'].median():.1f} years.",
    ]
    # The largest excess of a later technology's time over an earlier one's, if any.
    best = None
    for i in range(len(table)):
        for j in range(i + 1, len(table)):
            excess = table.at[j, "years_10_to_50"] - table.at[i, "years_10_to_50"]
            if excess > 0 and (best is None or excess > best[0]):
                best = (excess, i, j)
    if best is None:
        sentences.append("Each took less time than the one before it.")
    else:
        _, i, j = best
        a, b = table.iloc[i], table.iloc[j]
        sentences.append(
            f"The time did not fall steadily: {md(b['technology'])} ({past_10(b)}) took "
            f"{b['years_10_to_50']:.1f} years, against {a['years_10_to_50']:.1f} for {md(a['technology'])} "
            f"({past_10(a)})."
        )
    others = table[table["population"] != base]
    for population, group in others.groupby("population", sort=False):
        names = join_words([md(t) for t in group["technology"]])
        shares = "is a share" if len(group) == 1 else "are shares"
        sentences.append(
            f"{names} {shares} of {md(population)}, not of {md(base)}: the range and the median combine shares of "
            f"different populations."
        )
    return " ".join(sentences)
