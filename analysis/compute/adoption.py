"""Pure computations on adoption speed: time to a milestone, speed-ups, and the trend over launch years."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Days in the average Gregorian year and month.
DAYS_PER_YEAR = 365.2425
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
MONTHS_PER_UNIT = {"days": 1 / DAYS_PER_MONTH, "weeks": 7 / DAYS_PER_MONTH, "months": 1.0, "years": 12.0}
HUNDRED_MILLION = 100_000_000


def milestone_text(milestone: int) -> str:
    """'100 million', '50 million', '1.5 million', '500,000'."""
    from ..text.formatting import format_count

    return format_count(float(milestone))


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


def speed_up(months: pd.Series, baseline_months: float) -> pd.Series:
    """How many times faster than the baseline each time is (baseline ÷ time)."""
    return baseline_months / months


def summit_speed_ups(adoption: pd.DataFrame, baseline: str = "Automobile") -> pd.DataFrame:
    """The summit claims with their speed-up against the claimed time of `baseline`.

    With the default baseline, ChatGPT's stated 2 months against the automobile's 16 years is 96×.
    """
    claims = adoption[adoption["statement"] == "summit claim"]
    base = claims.loc[claims["technology"] == baseline, "months"]
    if len(base) != 1:
        raise ValueError(f"expected one summit claim for baseline {baseline!r}, found {len(base)}")
    out = claims[["id", "technology", "metric", "months", "years"]].copy()
    out["speed_up"] = speed_up(out["months"], float(base.iloc[0]))
    out["label"] = out["months"].map(human_duration)
    return out.sort_values("months", ascending=False).reset_index(drop=True)


def _format_number(value: float) -> str:
    rounded = round(value, 1)
    return f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"


def human_duration(months: float) -> str:
    """A duration in the unit a person would say: '16 years', '2.5 years', '9 months', '5 days'.

    Under a month it is given in days; from 3 years up, in years to one decimal; from 1 to 3 years, in
    years when a whole or half number of them, else in months; the rest in months.
    """
    if months is None or not math.isfinite(months) or months <= 0:
        raise ValueError(f"a positive duration in months is expected, got {months!r}")
    if months < 1:
        days = round(months * DAYS_PER_MONTH)
        return f"{days} day" if days == 1 else f"{days} days"
    years = months / 12
    if years >= 1 and (abs(years * 2 - round(years * 2)) < 1e-9 or years >= 3):
        text = _format_number(years)
        return f"{text} year" if text == "1" else f"{text} years"
    text = _format_number(months)
    return f"{text} month" if text == "1" else f"{text} months"


def format_speed_up(ratio: float) -> str:
    """'96×', '5.3×': a speed-up rounded to one decimal, or to a whole number from 10 upwards."""
    return f"{ratio:.0f}×" if ratio >= 10 else f"{_format_number(ratio)}×"


def format_relative_speed(ratio: float) -> str:
    """A speed-up that may be below 1, read honestly: '96×', '5.3×', '1×', and '16× slower' for 0.0625.

    Below 1 the inverse is given as times slower; a ratio that rounds to 1 either way is '1×'.
    """
    if ratio >= 1:
        return format_speed_up(ratio)
    slower = format_speed_up(1 / ratio)
    return "1×" if slower == "1×" else f"{slower} slower"


def technology_phrase(name: str, category: str) -> str:
    """A technology's name as it reads inside a sentence: 'the automobile', 'the electronic devices', 'TikTok'.

    Apps and platforms, and names with a capital after the first letter or none at the start ('iPhone'),
    are proper names and kept as they are; other names are common nouns, lowercased after 'the'.
    """
    proper = category in ("app", "platform") or name[:1].islower() or any(c.isupper() for c in name[1:])
    return name if proper else f"the {name[:1].lower()}{name[1:]}"


@dataclass(frozen=True)
class TrendFit:
    """A log-linear fit of time to a milestone against launch year: log2(months) = intercept + slope × year."""

    slope: float
    intercept: float
    n: int
    r_squared: float

    @property
    def halving_years(self) -> float:
        """Years of later launch over which the time to the milestone halves."""
        return -1.0 / self.slope

    def predict_months(self, year: np.ndarray | float) -> np.ndarray:
        return np.power(2.0, self.intercept + self.slope * np.asarray(year, dtype=float))


def fit_trend(launch_year: pd.Series, months: pd.Series) -> TrendFit:
    """Least-squares fit of log2(months) on launch year (rows with either missing are dropped)."""
    frame = pd.DataFrame({"x": launch_year, "y": np.log2(months.astype(float))}).dropna()
    if len(frame) < 3:
        raise ValueError(f"a trend needs at least 3 points with a launch year, got {len(frame)}")
    slope, intercept = np.polyfit(frame["x"], frame["y"], 1)
    residual = frame["y"] - (intercept + slope * frame["x"])
    total = frame["y"] - frame["y"].mean()
    r_squared = 1 - float((residual**2).sum() / (total**2).sum())
    return TrendFit(slope=float(slope), intercept=float(intercept), n=len(frame), r_squared=r_squared)


def reference_points(adoption: pd.DataFrame, milestone: int = HUNDRED_MILLION) -> pd.DataFrame:
    """Published reference figures for `milestone` that have a launch date, ordered by launch."""
    mask = (
        (adoption["statement"] == "reference")
        & (adoption["milestone"] == milestone)
        & adoption["launch_year"].notna()
    )
    return adoption[mask].sort_values("launch_year").reset_index(drop=True)


def comparison_table(adoption: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every statement of time to a milestone, readable: claims first, then references by time.

    Columns: Row (the id in adoption.csv), Technology, Statement, Counted as, Milestone, Launch, Time,
    Source (short citation).
    """
    citation = sources.set_index("id")["citation"]
    ordered = adoption.assign(_claim=adoption["statement"] != "summit claim").sort_values(["_claim", "months"])
    launch = ordered["launch_date"].dt.strftime("%Y").where(ordered["launch_date"].notna(), "")
    return pd.DataFrame(
        {
            "Row": ordered["id"].to_numpy(),
            "Technology": ordered["technology"].to_numpy(),
            "Statement": ordered["statement"].astype(str).to_numpy(),
            "Counted as": ordered["metric"].astype(str).to_numpy(),
            "Milestone": ordered["milestone"].map(milestone_text).to_numpy(),
            "Launch": launch.to_numpy(),
            "Time": [
                ("about " if approx else "") + human_duration(m)
                for m, approx in zip(ordered["months"], ordered["approximate"], strict=True)
            ],
            "Source": ordered["source_id"].map(citation).to_numpy(),
        }
    )


def speed_up_table(adoption: pd.DataFrame, baseline: str = "Automobile") -> pd.DataFrame:
    """The summit claims as stated, with their speed-up against `baseline`, ready to show.

    The last column is headed 'Times faster than the automobile' (or 'than TikTok'); a claim slower
    than the baseline reads '16× slower', not '0.1×'.
    """
    table = summit_speed_ups(adoption, baseline)
    claims = adoption[adoption["statement"] == "summit claim"]
    category = str(claims.loc[claims["technology"] == baseline, "category"].iloc[0])
    return pd.DataFrame(
        {
            "Row": table["id"],
            "Technology": table["technology"],
            "Counted as": table["metric"].astype(str),
            "Time to 100 million (as stated)": table["label"],
            f"Times faster than {technology_phrase(baseline, category)}": table["speed_up"].map(format_relative_speed),
        }
    )
