"""Durations derived while loading: a published time to a milestone, or the interval between two dates, in months."""

from __future__ import annotations

import pandas as pd

#: Days in the average Gregorian year and month.
DAYS_PER_YEAR = 365.2425
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
MONTHS_PER_UNIT = {"days": 1 / DAYS_PER_MONTH, "weeks": 7 / DAYS_PER_MONTH, "months": 1.0, "years": 12.0}


def duration_in_months(value: pd.Series, unit: pd.Series) -> pd.Series:
    """A duration given as value and unit ('days', 'weeks', 'months', 'years'), in months."""
    factor = pd.Series(unit, dtype="object").map(MONTHS_PER_UNIT).astype("float64")
    return pd.Series(value, dtype="float64") * factor.to_numpy()


def months_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Months (of average length) from `start` to `end`."""
    return (pd.to_datetime(end) - pd.to_datetime(start)).dt.total_seconds() / 86_400 / DAYS_PER_MONTH


def time_to_milestone(adoption: pd.DataFrame) -> pd.DataFrame:
    """Months and years to the milestone for each row.

    The duration as published (time_value, time_unit) is used where given; otherwise the interval
    from launch_date to milestone_date (both at the precision published, taken at the first day).
    """
    from_duration = duration_in_months(adoption["time_value"], adoption["time_unit"])
    from_dates = months_between(adoption["launch_date"], adoption["milestone_date"])
    months = from_duration.fillna(from_dates)
    return pd.DataFrame({"months": months, "years": months / 12}, index=adoption.index)
