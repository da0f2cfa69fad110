"""Pure computations on adoption speed: time to a milestone, speed-ups, and the trend over launch years."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

HUNDRED_MILLION = 100_000_000
#: Resamples of the figures behind the interval of the halving time.
RESAMPLES = 2000


def speed_up(months: pd.Series, baseline_months: float) -> pd.Series:
    """How many times faster than the baseline each time is (baseline ÷ time)."""
    return baseline_months / months


def summit_speed_ups(adoption: pd.DataFrame, baseline: str = "Automobile") -> pd.DataFrame:
    """The summit claims with their speed-up against the claimed time of `baseline` (marked in `baseline`).

    With the default baseline, ChatGPT's stated 2 months against the automobile's 16 years is 96×.
    """
    claims = adoption[adoption["statement"] == "summit claim"]
    base = claims.loc[claims["technology"] == baseline, "months"]
    if len(base) != 1:
        raise ValueError(f"expected one summit claim for baseline {baseline!r}, found {len(base)}")
    out = claims[["id", "technology", "category", "metric", "months", "years", "stated_by", "source_id"]].copy()
    out["speed_up"] = speed_up(out["months"], float(base.iloc[0]))
    out["baseline"] = out["technology"] == baseline
    return out.sort_values("months", ascending=False).reset_index(drop=True)


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


@dataclass(frozen=True)
class HalvingEstimate:
    """Halving time of time-to-milestone, with a bootstrap percentile interval (years)."""

    halving_years: float
    low: float
    high: float
    n: int
    label: str
    resamples: int = RESAMPLES


def bootstrap_halving(
    launch_year: pd.Series, months: pd.Series, label: str = "", resamples: int = RESAMPLES, seed: int = 20241204
) -> HalvingEstimate:
    """Halving time from the log-linear fit, with a 95% percentile interval from resampling the points.

    The interval is computed on the slope and turned into years; where resamples give a flat or
    rising trend, the upper end is infinite ('not bounded'). Same seed, same interval.
    """
    frame = pd.DataFrame({"x": launch_year, "y": np.log2(months.astype(float))}).dropna()
    fit = fit_trend(frame["x"], 2.0 ** frame["y"])
    rng = np.random.default_rng(seed)
    x, y = frame["x"].to_numpy(), frame["y"].to_numpy()
    picks = np.array([rng.integers(0, len(x), len(x)) for _ in range(resamples)])  # one resample a row
    xs, ys = x[picks], y[picks]
    sloped = np.ptp(xs, axis=1) != 0  # a resample with every point at one launch year has no slope
    dx = xs[sloped] - xs[sloped].mean(axis=1, keepdims=True)
    dy = ys[sloped] - ys[sloped].mean(axis=1, keepdims=True)
    slopes = (dx * dy).sum(axis=1) / (dx * dx).sum(axis=1)  # least-squares slope of each resample
    lower_slope, upper_slope = np.percentile(slopes, [2.5, 97.5])
    low = -1 / lower_slope if lower_slope < 0 else math.inf
    high = -1 / upper_slope if upper_slope < 0 else math.inf
    return HalvingEstimate(fit.halving_years, min(low, high), max(low, high), fit.n, label, resamples)


def halving_sensitivity(adoption: pd.DataFrame) -> list[HalvingEstimate]:
    """The halving time from all reference figures, and from those counting users only."""
    points = reference_points(adoption, HUNDRED_MILLION)
    users = points[points["metric"].isin(["users", "monthly active users"])]
    return [
        bootstrap_halving(points["launch_year"], points["months"], "all reference figures"),
        bootstrap_halving(users["launch_year"], users["months"], "users and monthly active users only"),
    ]


@dataclass(frozen=True)
class Trend:
    """The published times to 100 million with a launch year, their log-linear fit and its interval."""

    points: pd.DataFrame
    fit: TrendFit
    interval: HalvingEstimate
    #: Technologies with a published time but no launch year (not in the fit).
    left_out: list[str]


def trend(adoption: pd.DataFrame, milestone: int = HUNDRED_MILLION) -> Trend:
    """The trend of time to `milestone` over launch years, with the bootstrap interval of its halving time."""
    points = reference_points(adoption, milestone)
    left_out = adoption[
        (adoption["statement"] == "reference") & (adoption["milestone"] == milestone) & adoption["launch_year"].isna()
    ]["technology"].tolist()
    return Trend(points, fit_trend(points["launch_year"], points["months"]),
                 bootstrap_halving(points["launch_year"], points["months"]), left_out)


@dataclass(frozen=True)
class Halving:
    """The reference figures and the halving time estimated from all of them and from user counts only."""

    points: pd.DataFrame
    estimates: list[HalvingEstimate]


def halving(adoption: pd.DataFrame) -> Halving:
    """`halving_sensitivity` with the figures it is computed from."""
    return Halving(reference_points(adoption, HUNDRED_MILLION), halving_sensitivity(adoption))
