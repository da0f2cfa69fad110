"""One loader per table: validated against the schema, with correct dtypes and derived columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .adoption import time_to_milestone
from .dates import decimal_year, parse_partial_dates
from .tables import Report, read_table

_PARTIAL_DATE = "a real date written YYYY, YYYY-MM or YYYY-MM-DD"


def load_sources(data_dir: Path | None = None) -> pd.DataFrame:
    """`sources.csv`: one row per source, with `published` as a date and its precision."""
    return read_table("sources", data_dir, refine=_refine_sources)


def _partial_dates(frame: pd.DataFrame, column: str, report: Report) -> pd.DataFrame:
    parsed = parse_partial_dates(frame[column])
    for row in frame.index[~parsed["valid"]]:
        report(row, column, frame.at[row, column], _PARTIAL_DATE)
    return parsed


def _refine_sources(sources: pd.DataFrame, report: Report) -> pd.DataFrame:
    parsed = _partial_dates(sources, "published", report)
    out = sources.copy()
    out["published"] = parsed["date"]
    out["published_precision"] = parsed["precision"]
    return out


def load_adoption(data_dir: Path | None = None) -> pd.DataFrame:
    """`adoption.csv`: time for technologies to reach a milestone, claimed at the summit or published.

    Adds `launch_precision`, `launch_year` (decimal, middle of the published period), `months` and
    `years` to the milestone; `launch_date` and `milestone_date` become dates (first day of the period).
    """
    return read_table("adoption", data_dir, refine=_refine_adoption)


def _refine_adoption(adoption: pd.DataFrame, report: Report) -> pd.DataFrame:
    launch = _partial_dates(adoption, "launch_date", report)
    milestone = _partial_dates(adoption, "milestone_date", report)
    has_value = adoption["time_value"].notna()
    has_unit = adoption["time_unit"].notna()
    for row in adoption.index[has_value & ~has_unit]:
        report(row, "time_unit", "", "a unit (days, weeks, months or years) because time_value is given")
    for row in adoption.index[has_unit & ~has_value]:
        report(row, "time_value", "", "a number because time_unit is given")
    for row in adoption.index[~has_value & ~has_unit & milestone["date"].isna()]:
        report(row, "time_value", "", "the time to the milestone, or a milestone_date")
    backwards = milestone["date"] <= launch["date"]
    for row in adoption.index[backwards.fillna(False)]:
        report(
            row,
            "milestone_date",
            adoption.at[row, "milestone_date"],
            f"a date after the launch_date ({adoption.at[row, 'launch_date']})",
        )
    claims_without_speaker = (adoption["statement"] == "summit claim") & adoption["stated_by"].isna()
    for row in adoption.index[claims_without_speaker]:
        report(row, "stated_by", "", "the speaker's name for a summit claim")

    out = adoption.copy()
    out["launch_date"] = launch["date"]
    out["launch_precision"] = launch["precision"]
    out["launch_year"] = decimal_year(launch["date"], launch["precision"])
    out["milestone_date"] = milestone["date"]
    out[["months", "years"]] = time_to_milestone(out)
    return out


def load_household_adoption(data_dir: Path | None = None) -> pd.DataFrame:
    """`household_adoption.csv`: share of US households with each technology, by year."""
    frame = read_table("household_adoption", data_dir)
    frame["year"] = frame["year"].astype("int64")
    return frame.sort_values(["technology", "year"]).reset_index(drop=True)


#: Every table's loader, by the table's name in the data package.
LOADERS = {
    "sources": load_sources,
    "adoption": load_adoption,
    "household_adoption": load_household_adoption,
}


def load_all(data_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table, validated; raises one `DataError` with the problems of all files together."""
    from .errors import DataError

    tables, problems = {}, []
    for name, loader in LOADERS.items():
        try:
            tables[name] = loader(data_dir)
        except DataError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    if problems:
        raise DataError(problems)
    return tables
