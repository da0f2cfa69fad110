"""Dates published at different precisions: a year, a month, or a day."""

from __future__ import annotations

import pandas as pd

PRECISIONS = ("year", "month", "day")
_FORMATS = {4: ("%Y", "year"), 7: ("%Y-%m", "month"), 10: ("%Y-%m-%d", "day")}


def parse_partial_dates(values: pd.Series) -> pd.DataFrame:
    """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' strings.

    Returns a frame with `date` (the first day of the period, datetime64), `precision`
    (year, month or day) and `valid` (False where a non-empty value is not a real date, e.g. '2023-02-30').
    Missing values stay missing and are valid.
    """
    date = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    precision = pd.Series(pd.NA, index=values.index, dtype="str")
    lengths = values.str.len()
    for length, (fmt, name) in _FORMATS.items():
        mask = values.notna() & (lengths == length)
        if mask.any():
            date[mask] = pd.to_datetime(values[mask], format=fmt, errors="coerce").astype("datetime64[s]")
            precision[mask] = name
    valid = values.isna() | date.notna()
    precision = precision.where(valid)
    return pd.DataFrame(
        {"date": date, "precision": pd.Categorical(precision, categories=list(PRECISIONS), ordered=True), "valid": valid}
    )


def year_ranges(values: pd.Series) -> pd.DataFrame:
    """First and last year of periods written 'YYYY' or 'YYYY-YYYY' (Int64; missing for other text).

    A range must run forwards: `reversed` is True where its last year is not after its first ('2024-2019',
    or '2019-2019', which is written '2019').
    """
    parts = values.str.extract(r"^([0-9]{4})(?:-([0-9]{4}))?$")
    start = pd.to_numeric(parts[0], errors="coerce").astype("Int64")
    end = pd.to_numeric(parts[1], errors="coerce").astype("Int64")
    reversed_ = (end <= start).fillna(False).astype(bool)
    return pd.DataFrame({"start": start, "end": end.fillna(start), "reversed": reversed_}, index=values.index)


def decimal_year(date: pd.Series, precision: pd.Series) -> pd.Series:
    """Calendar year as a decimal, at the middle of the period a partial date stands for.

    '2010' gives 2010.5, '2010-04' the middle of April 2010, '2010-04-03' noon of that day.
    """
    start = pd.to_datetime(date)
    period_end = start.copy()
    period_end[precision == "year"] = start[precision == "year"] + pd.offsets.YearBegin(1)
    period_end[precision == "month"] = start[precision == "month"] + pd.offsets.MonthBegin(1)
    period_end[precision == "day"] = start[precision == "day"] + pd.Timedelta(days=1)
    middle = start + (period_end - start) / 2
    # Year boundaries by calendar arithmetic, not by formatting years as text (which breaks below 1000).
    years = middle.to_numpy().astype("datetime64[Y]")
    unit = middle.to_numpy().dtype
    year_start = pd.Series(years.astype(unit), index=middle.index)
    next_year = pd.Series((years + 1).astype(unit), index=middle.index)
    return middle.dt.year + (middle - year_start) / (next_year - year_start)
