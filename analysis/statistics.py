"""Time-series helpers for the statistics table, with breaks in comparability handled explicitly."""

from __future__ import annotations

import pandas as pd

from .formatting import format_count, format_value


class ComparabilityError(ValueError):
    """A change or growth rate was asked across a year where the series changed how it counts."""


def series(statistics: pd.DataFrame, series_id: str) -> pd.DataFrame:
    """The yearly values of one series, by year: value, comparable, status, source_id, id."""
    rows = statistics[statistics["series"] == series_id]
    if rows.empty:
        known = ", ".join(sorted(statistics["series"].dropna().unique()))
        raise KeyError(f"no series {series_id!r}; known: {known}")
    table = rows.set_index("year")[["value", "comparable", "qualifier", "status", "source_id", "id", "unit"]]
    return table.sort_index()


def year_on_year(values: pd.DataFrame) -> pd.DataFrame:
    """Change from the previous published year, as a count and a percentage.

    Left empty (NA) where the previous year is missing or the year is not comparable with it, and
    `break` is True for a year where the producer changed how it counts.
    """
    years = values.index.to_series()
    previous = values["value"].shift(1)
    consecutive = years.diff() == 1
    breaks = values["comparable"].eq(False).fillna(False).astype(bool)
    valid = consecutive & ~breaks
    change = (values["value"] - previous).where(valid)
    percent = ((values["value"] / previous - 1) * 100).where(valid)
    return pd.DataFrame({"value": values["value"], "change": change, "percent_change": percent, "break": breaks})


def _check_comparable(values: pd.DataFrame, start: int, end: int) -> None:
    for year in (start, end):
        if year not in values.index:
            raise KeyError(f"no value for {year}; years with values: {', '.join(map(str, values.index))}")
    if end <= start:
        raise ValueError(f"the end year ({end}) must be after the start year ({start})")
    span = values.loc[(values.index > start) & (values.index <= end)]
    broken = span.index[span["comparable"].eq(False).fillna(False).astype(bool)].tolist()
    if broken:
        raise ComparabilityError(
            f"{', '.join(map(str, broken))} is not comparable with earlier years (the producer changed how it "
            f"counts); compare {start} with a year before the change"
        )


def growth(values: pd.DataFrame, start: int, end: int) -> float:
    """Relative change from `start` to `end` (0.5 is +50%); refuses to cross a comparability break."""
    _check_comparable(values, start, end)
    return float(values.at[end, "value"] / values.at[start, "value"] - 1)


def compound_annual_growth(values: pd.DataFrame, start: int, end: int) -> float:
    """Compound annual growth rate from `start` to `end`; refuses to cross a comparability break."""
    _check_comparable(values, start, end)
    ratio = values.at[end, "value"] / values.at[start, "value"]
    return float(ratio ** (1 / (end - start)) - 1)


def growth_summary(values: pd.DataFrame, start: int, end: int, what: str = "Reports") -> str:
    """The change from `start` to `end` in words, in three short lines: both values, the total and compound
    annual change, and the status of the two values. Refuses to cross a comparability break, as `growth` does.

    'Reports, 2020 to 2022: from 21.8 million to 32.1 million.' /
    'Change: +47.4% over 2 years, or +21.4% a year compounded.' /
    'Status of the two counts: 2020 published, 2022 published.'
    """
    total = growth(values, start, end)
    annual = compound_annual_growth(values, start, end)
    span = end - start
    over = "in 1 year" if span == 1 else f"over {span} years, or {annual:+.1%} a year compounded"
    return (
        f"{what}, {start} to {end}: from {format_count(values.at[start, 'value'])} to "
        f"{format_count(values.at[end, 'value'])}.\n"
        f"Change: {total:+.1%} {over}.\n"
        f"Status of the two counts: {start} {values.at[start, 'status']}, {end} {values.at[end, 'status']}."
    )


_TIME_UNITS = ("seconds", "minutes", "days", "months", "years")


def _unit(value: float, unit: str) -> str:
    return unit[:-1] if value == 1 and unit in _TIME_UNITS else unit


def headline_table(statistics: pd.DataFrame, sources: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """The summit's own numbers: those stated in a session, and the facts about the summit itself
    (rows whose id starts with 'summit-'), with who stated them and the source."""
    stated = statistics[statistics["session_id"].notna() | statistics["id"].str.startswith("summit-")]
    return statistics_table(stated, sources, people)


def statistics_table(stated: pd.DataFrame, sources: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Rows of the statistics table, readable: value with qualifier and unit, who stated it, status, source."""
    names = people.set_index("id")["name"]
    citation = sources.set_index("id")["citation"]
    qualifier = stated["qualifier"].astype(str).map({"exact": "", "about": "about ", "more than": "more than ",
                                                     "as little as": "as little as "})
    return pd.DataFrame(
        {
            "Statistic": stated["id"],
            "What": stated["indicator"],
            "Value": qualifier
            + [
                format_value(v) + " " + _unit(v, u)
                for v, u in zip(stated["value"], stated["unit"].astype(str), strict=True)
            ],
            "Where": stated["geography"].fillna(""),
            "Stated by": stated["cited_by"].map(names).fillna(""),
            "Session": stated["session_id"].fillna(""),
            "Status": stated["status"].astype(str),
            "Source": stated["source_id"].map(citation),
        }
    ).reset_index(drop=True)


def series_table(statistics: pd.DataFrame, series_id: str, sources: pd.DataFrame) -> pd.DataFrame:
    """A series with its year-on-year change, ready to show; breaks in comparability are spelled out.

    *Row* is the id in statistics.csv and *Source* the citation from sources.csv, as in `statistics_table`.
    """
    citation = sources.set_index("id")["citation"]
    values = series(statistics, series_id)
    changes = year_on_year(values)
    return pd.DataFrame(
        {
            "Year": values.index.astype(str),
            "Value": values["value"].map(format_value),
            "Change on previous year": [
                "not comparable (counting changed)" if brk else ("" if pd.isna(p) else f"{p:+.1f}%")
                for p, brk in zip(changes["percent_change"], changes["break"], strict=True)
            ],
            "Status": values["status"].astype(str),
            "Row": values["id"],
            "Source": values["source_id"].map(citation),
        }
    ).reset_index(drop=True)
