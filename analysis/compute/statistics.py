"""Time-series helpers for the statistics table, with breaks in comparability handled explicitly."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


class ComparabilityError(ValueError):
    """A change or growth rate was asked across a year where the series changed how it counts."""


def series(statistics: pd.DataFrame, series_id: str) -> pd.DataFrame:
    """The yearly values of one series, by year: value, comparable, qualifier, status, source_id, id, unit, note."""
    rows = statistics[statistics["series"] == series_id]
    if rows.empty:
        known = ", ".join(sorted(statistics["series"].dropna().unique()))
        raise KeyError(f"no series {series_id!r}; known: {known}")
    table = rows.set_index("year")[["value", "comparable", "qualifier", "status", "source_id", "id", "unit", "note"]]
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


def check_comparable(values: pd.DataFrame, start: int, end: int) -> None:
    """Raise unless both years have a value, `end` is after `start`, and no change in counting lies between."""
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
    check_comparable(values, start, end)
    return float(values.at[end, "value"] / values.at[start, "value"] - 1)


def compound_annual_growth(values: pd.DataFrame, start: int, end: int) -> float:
    """Compound annual growth rate from `start` to `end`; refuses to cross a comparability break."""
    check_comparable(values, start, end)
    ratio = values.at[end, "value"] / values.at[start, "value"]
    return float(ratio ** (1 / (end - start)) - 1)


def comparison_years(values: pd.DataFrame) -> tuple[int, int]:
    """The default comparison of a series, as in the NCMEC chart's title: from the first comparable year
    whose value is not weak to the last year before a change in counting."""
    comparable = values[values["comparable"].ne(False)]
    solid = comparable.index[comparable["status"] != "weak"]
    return int(solid[0]), int(comparable.index[-1])


def missing_years(values: pd.DataFrame) -> list[int]:
    """Years between the first and last year of a series that have no value."""
    years = [int(y) for y in values.index]
    return [y for y in range(years[0], years[-1] + 1) if y not in years]




@dataclass(frozen=True)
class SeriesChange:
    """A series with its default comparison (see `comparison_years`), the rise over it, and its breaks."""

    values: pd.DataFrame
    start: int
    end: int
    rise: float
    #: Years in which the producer changed how it counts.
    breaks: list[int]
    #: Rows of a companion series for the break years (e.g. the incidents that 2024's reports stand for).
    companion: pd.DataFrame


def series_change(statistics: pd.DataFrame, series_id: str, companion_id: str | None = None) -> SeriesChange:
    """`series_id` with the rise from its first solid to its last comparable year, and its breaks."""
    values = series(statistics, series_id)
    start, end = comparison_years(values)
    breaks = [int(y) for y in values.index[values["comparable"].eq(False)]]
    companion = series(statistics, companion_id) if companion_id else values.iloc[0:0]
    return SeriesChange(values, start, end, growth(values, start, end), breaks, companion)


def ncmec_reports(statistics: pd.DataFrame) -> SeriesChange:
    """NCMEC's CyberTipline reports, with the incidents that the reports of a changed count stand for."""
    return series_change(statistics, "ncmec-cybertipline-reports", "ncmec-cybertipline-incidents")


@dataclass(frozen=True)
class TwoSeries:
    """Two series of one producer shown together (e.g. IWF reports assessed and webpages confirmed)."""

    main: pd.DataFrame
    other: pd.DataFrame
    #: Years of `main` with no value in `other`.
    missing: list[int]


def iwf_reports(statistics: pd.DataFrame) -> TwoSeries:
    """IWF webpages confirmed (main) and reports assessed (other), by year."""
    confirmed, assessed = series(statistics, "iwf-confirmed"), series(statistics, "iwf-assessed")
    return TwoSeries(confirmed, assessed, [int(y) for y in sorted(set(confirmed.index) - set(assessed.index))])
