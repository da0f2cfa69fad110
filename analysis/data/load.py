"""One loader per table: validated against the schema, with correct dtypes and derived columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .dates import decimal_year, parse_partial_dates, year_ranges
from .durations import time_to_milestone
from .tables import ProblemLog, read_table

_PARTIAL_DATE = "a real date written YYYY, YYYY-MM or YYYY-MM-DD"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]"
#: The summit's two days.
SUMMIT_DAYS = {1: pd.Timestamp("2024-12-04"), 2: pd.Timestamp("2024-12-05")}


def load_sources(data_dir: Path | None = None) -> pd.DataFrame:
    """`sources.csv`: one row per source, with `published` as a date and its precision."""
    return read_table("sources", data_dir, refine=_refine_sources)


def _partial_dates(frame: pd.DataFrame, column: str, log: ProblemLog) -> pd.DataFrame:
    parsed = parse_partial_dates(frame[column])
    for row in frame.index[~parsed["valid"]]:
        log.at_row(row, column, frame.at[row, column], _PARTIAL_DATE)
    return parsed


def _refine_sources(sources: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    parsed = _partial_dates(sources, "published", log)
    _partial_dates(sources, "checked", log)  # a real month (the pattern allows only YYYY-MM)
    no_url = sources["url"].isna()
    for row in sources.index[no_url & sources["check_note"].isna()]:
        log.at_row(row, "check_note", "", "the reason there is no URL, because url is empty")
    for row in sources.index[~no_url & (sources["check"] == "not found")]:
        log.at_row(row, "check", "not found", "'primary page' or 'secondary copy', because a URL is given")
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


def _refine_adoption(adoption: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    launch = _partial_dates(adoption, "launch_date", log)
    milestone = _partial_dates(adoption, "milestone_date", log)
    has_value = adoption["time_value"].notna()
    has_unit = adoption["time_unit"].notna()
    for row in adoption.index[has_value & ~has_unit]:
        log.at_row(row, "time_unit", "", "a unit (days, weeks, months or years) because time_value is given")
    for row in adoption.index[has_unit & ~has_value]:
        log.at_row(row, "time_value", "", "a number because time_unit is given")
    for row in adoption.index[~has_value & ~has_unit & milestone["date"].isna()]:
        log.at_row(row, "time_value", "", "the time to the milestone, or a milestone_date")
    backwards = milestone["date"] <= launch["date"]
    for row in adoption.index[backwards.fillna(False)]:
        log.at_row(
            row,
            "milestone_date",
            adoption.at[row, "milestone_date"],
            f"a date after the launch_date ({adoption.at[row, 'launch_date']})",
        )
    claims_without_speaker = (adoption["statement"] == "summit claim") & adoption["stated_by"].isna()
    for row in adoption.index[claims_without_speaker]:
        log.at_row(row, "stated_by", "", "the speaker's name for a summit claim")

    out = adoption.copy()
    out["launch_date"] = launch["date"]
    out["launch_precision"] = launch["precision"]
    out["launch_year"] = decimal_year(launch["date"], launch["precision"])
    out["milestone_date"] = milestone["date"]
    out[["months", "years"]] = time_to_milestone(out)
    return out


def load_household_adoption(data_dir: Path | None = None) -> pd.DataFrame:
    """`household_adoption.csv`: share of a US population with each technology, by year.

    `percent` is a share of the `population` the row names: US households, or US adults for the Pew
    survey series that Our World in Data charts with them. Checks that each technology has one population.
    """
    frame = read_table("household_adoption", data_dir, refine=_refine_household_adoption)
    frame["year"] = frame["year"].astype("int64")
    return frame.sort_values(["technology", "year"]).reset_index(drop=True)


def _refine_household_adoption(household: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    # A series measures one population: the first row of a technology (in file order) sets it.
    named = household.dropna(subset=["technology", "population"])
    first = named.drop_duplicates("technology").set_index("technology")["population"]
    for row in named.index[named["population"].to_numpy() != first.loc[named["technology"]].to_numpy()]:
        technology = household.at[row, "technology"]
        log.at_row(
            row,
            "population",
            household.at[row, "population"],
            f"'{first[technology]}', as in the first row of {technology}: a series measures one population",
        )
    return household


def _basis_follows_fact(frame: pd.DataFrame, fact: str, basis: str, log: ProblemLog) -> None:
    """A fact's basis column is filled exactly where the fact is (cells already reported stand aside)."""
    checked = ~pd.Series([log.reported(r, fact) or log.reported(r, basis) for r in frame.index], index=frame.index,
                         dtype=bool)
    for row in frame.index[checked & frame[fact].notna() & frame[basis].isna()]:
        log.at_row(row, basis, "", f"'stated' or 'inferred', because {fact} is given")
    for row in frame.index[checked & frame[fact].isna() & frame[basis].notna()]:
        log.at_row(row, basis, frame.at[row, basis], f"no value, because {fact} is empty")


def load_organisations(data_dir: Path | None = None) -> pd.DataFrame:
    """`organisations.csv`: organisations of the people and hosts, with their sector and country.

    `sector_basis` and `country_basis` say whether each is stated in the row's source or inferred by the
    project; checks that a country has a basis and that an empty country has none.
    """
    return read_table("organisations", data_dir, refine=_refine_organisations)


def _refine_organisations(organisations: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    _basis_follows_fact(organisations, "sector", "sector_basis", log)
    _basis_follows_fact(organisations, "country", "country_basis", log)
    return organisations


def load_people(data_dir: Path | None = None) -> pd.DataFrame:
    """`people.csv`: speakers and named participants, with their role and organisation."""
    return read_table("people", data_dir)


def load_sessions(data_dir: Path | None = None) -> pd.DataFrame:
    """`sessions.csv`: the summit's sessions; `day` and `sequence` as Int64, `date` as a date.

    Checks that each date matches its day, that a session without a day has no date or position,
    that positions within a day are unique, that a session ends after it starts, and that the format and
    host have a basis (`format_basis`, `host_basis`: stated or inferred) exactly where they are given.
    """
    return read_table("sessions", data_dir, refine=_refine_sessions)


def _refine_sessions(sessions: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    known_day = sessions["day"].isin(list(SUMMIT_DAYS)).fillna(False).astype(bool)
    # A day that is given but malformed is reported once, by the schema checks; nothing is built on it.
    no_day = sessions["day"].isna() & ~pd.Series([log.reported(r, "day") for r in sessions.index], index=sessions.index)
    for row in sessions.index[known_day & sessions["date"].notna()]:
        day = int(sessions.at[row, "day"])
        if sessions.at[row, "date"] != SUMMIT_DAYS[day]:
            log.at_row(row, "date", sessions.at[row, "date"], f"{SUMMIT_DAYS[day].date()}, the date of day {day}")
    for column in ("date", "sequence", "start_time"):
        for row in sessions.index[no_day & sessions[column].notna()]:
            log.at_row(row, column, sessions.at[row, column], "no value, because the session's day is not given")
    placed = sessions.dropna(subset=["day", "sequence"])
    for row in placed.index[placed.duplicated(["day", "sequence"])]:
        log.at_row(row, "sequence", sessions.at[row, "sequence"], "a position not used by another session of the same day")
    for row in sessions.index[sessions["end_time"].notna() & sessions["start_time"].isna()]:
        log.at_row(row, "start_time", "", "a start time, because end_time is given")
    times = [sessions[c].str.fullmatch(_TIME).fillna(False).astype(bool) for c in ("start_time", "end_time")]
    backwards = times[0] & times[1] & (sessions["end_time"] <= sessions["start_time"])
    for row in sessions.index[backwards]:
        log.at_row(row, "end_time", sessions.at[row, "end_time"], f"a time after the start_time ({sessions.at[row, 'start_time']})")
    for fact, basis in (("format", "format_basis"), ("host_organisation_id", "host_basis")):
        _basis_follows_fact(sessions, fact, basis, log)
    return sessions


def load_session_themes(data_dir: Path | None = None) -> pd.DataFrame:
    """`session_themes.csv`: one row per session and theme (controlled vocabulary)."""
    return read_table("session_themes", data_dir)


def load_session_people(data_dir: Path | None = None) -> pd.DataFrame:
    """`session_people.csv`: who took part in which session, and in what part (`part_basis`: stated or inferred)."""
    return read_table("session_people", data_dir, refine=_refine_session_people)


def _refine_session_people(session_people: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    _basis_follows_fact(session_people, "part", "part_basis", log)
    return session_people


def load_statistics(data_dir: Path | None = None) -> pd.DataFrame:
    """`statistics.csv`: numbers stated at the summit and published statistics, with `year` added.

    `year` is the single year of `period` (NA for ranges or none). Checks that every value of a
    series has a single year, not shared with another value of the series.
    """
    return read_table("statistics", data_dir, refine=_refine_statistics)


def _refine_statistics(statistics: pd.DataFrame, log: ProblemLog) -> pd.DataFrame:
    periods = year_ranges(statistics["period"])
    for row in statistics.index[periods["reversed"]]:
        period = statistics.at[row, "period"]
        start, end = period.split("-")
        expected = f"a range of years that runs forwards ({end}-{start})"
        log.at_row(row, "period", period, f"one year written {start}" if start == end else expected)
    single_year = statistics["period"].str.fullmatch(r"\d{4}").fillna(False).astype(bool)
    in_series = statistics["series"].notna()
    for row in statistics.index[in_series & ~single_year]:
        log.at_row(row, "period", statistics.at[row, "period"] or "", "a single year (YYYY) for a value of a series")
    out = statistics.copy()
    out["year"] = pd.to_numeric(statistics["period"].where(single_year), errors="coerce").astype("Int64")
    timed = out[in_series & single_year]
    for row in timed.index[timed.duplicated(["series", "year"])]:
        log.at_row(row, "period", statistics.at[row, "period"], "a year not already given for this series")
    return out


#: Every table's loader, by the table's name in the data package.
LOADERS = {
    "sources": load_sources,
    "adoption": load_adoption,
    "household_adoption": load_household_adoption,
    "organisations": load_organisations,
    "people": load_people,
    "sessions": load_sessions,
    "session_themes": load_session_themes,
    "session_people": load_session_people,
    "statistics": load_statistics,
}


def load_all(data_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every table, validated; raises one `DataError` with the problems of all files together."""
    from ..errors import DataError

    tables, problems = {}, []
    for name, loader in LOADERS.items():
        try:
            tables[name] = loader(data_dir)
        except DataError as exc:
            problems.extend(p for p in exc.problems if p not in problems)
    if problems:
        raise DataError(problems)
    return tables
