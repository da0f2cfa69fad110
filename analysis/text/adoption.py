"""Adoption speed in words and tables: durations and speed-ups as a person says them, and the tables the reports show."""

from __future__ import annotations

import math

import pandas as pd

from ..compute.adoption import summit_speed_ups
from ..data.durations import DAYS_PER_MONTH
from .formatting import format_count, format_value


def milestone_text(milestone: int) -> str:
    """'100 million', '50 million', '1.5 million', '500,000'."""
    return format_count(float(milestone))


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


def comparison_table(adoption: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every statement of time to a milestone, readable: claims first, then references by time.

    Columns: Row (the id in adoption.csv), Technology, Statement, Counted as, Milestone, Launch, Time,
    Status, Note (the row's note: e.g. that a figure is an estimate), Source (short citation).
    """
    citation = sources.set_index("id")["citation"]
    ordered = adoption.assign(_claim=adoption["statement"] != "summit claim").sort_values(["_claim", "months"])
    launch = ordered["launch_date"].dt.strftime("%Y").where(ordered["launch_date"].notna(), "")
    return pd.DataFrame(
        {
            "Technology": ordered["technology"].to_numpy(),
            "Statement": ordered["statement"].astype(str).to_numpy(),
            "Counted as": ordered["metric"].astype(str).to_numpy(),
            "Milestone": ordered["milestone"].map(milestone_text).to_numpy(),
            "Launch": launch.to_numpy(),
            "Time": [
                ("about " if approx else "") + human_duration(m)
                for m, approx in zip(ordered["months"], ordered["approximate"], strict=True)
            ],
            "Status": ordered["status"].astype(str).to_numpy(),
            "Note": ordered["note"].fillna("").to_numpy(),
            "Row": ordered["id"].to_numpy(),
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
            "Technology": table["technology"],
            "Counted as": table["metric"].astype(str),
            "Time to 100 million (as stated)": table["months"].map(human_duration),
            f"Times faster than {technology_phrase(baseline, category)}": table["speed_up"].map(format_relative_speed),
            "Row": table["id"],
        }
    )


def _as_published(row) -> str:
    """A time as its source gives it ('4.4 years', '30 months'), or in words where only dates are given."""
    if pd.isna(row.time_value):
        return human_duration(row.months)
    unit = str(row.time_unit)
    return f"{format_value(row.time_value)} {unit.removesuffix('s') if row.time_value == 1 else unit}"


def version_table(adoption: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Where publishers give different times for one technology and milestone: every version, the one the
    charts and the trend use first, with the time as published, what was counted and the source."""
    citation = sources.set_index("id")["citation"]
    published = adoption[adoption["statement"].isin(["reference", "other version"])]
    several = published.groupby(["technology", "milestone"], sort=False)["id"].transform("size") > 1
    shown = published[several].assign(_other=lambda f: f["statement"] == "other version")
    shown = shown.sort_values(["technology", "milestone", "_other", "months"], kind="stable")
    return pd.DataFrame(
        {
            "Technology": shown["technology"].to_numpy(),
            "Milestone": shown["milestone"].map(milestone_text).to_numpy(),
            "Time as published": [_as_published(r) for r in shown.itertuples()],
            "Counted as": shown["metric"].astype(str).to_numpy(),
            "Used in the charts": ["no" if other else "yes" for other in shown["_other"]],
            "Row": shown["id"].to_numpy(),
            "Source": shown["source_id"].map(citation).to_numpy(),
        }
    )
