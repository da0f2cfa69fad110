"""Pure computations on the summit tables: who spoke where, themes by day and format, sector mix."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: Label for sessions whose day the sources do not give.
NO_DAY = "Day not stated"
DAY_LABELS = {1: "Day 1 (4 Dec)", 2: "Day 2 (5 Dec)"}
#: Shown where the sources give no organisation (and so no sector) for a person.
NOT_STATED = "Not stated"
#: Parts that count as speaking (a named participant is not a speaker).
SPEAKING_PARTS = ("keynote speaker", "speaker", "panellist", "moderator", "host", "chair")


def day_label(day: pd.Series) -> pd.Series:
    """'Day 1 (4 Dec)', 'Day 2 (5 Dec)' or 'Day not stated', as an ordered categorical."""
    labels = day.map(lambda d: DAY_LABELS[int(d)] if pd.notna(d) else NO_DAY)
    return pd.Categorical(labels, categories=[*DAY_LABELS.values(), NO_DAY], ordered=True)


def programme(sessions: pd.DataFrame) -> pd.DataFrame:
    """Sessions in programme order: by day, then position; sessions without a day last, by title.

    Adds `day_label` and `time` ('09:00–10:00', or '' where no time is published).
    """
    out = sessions.copy()
    out["day_label"] = day_label(out["day"])
    out["time"] = (out["start_time"] + "–" + out["end_time"]).fillna("")
    return out.sort_values(["day_label", "sequence", "title"], na_position="last").reset_index(drop=True)


def session_people_view(
    sessions: pd.DataFrame, session_people: pd.DataFrame, people: pd.DataFrame, organisations: pd.DataFrame
) -> pd.DataFrame:
    """One row per person per session part: session, day, format, person, role, organisation, sector."""
    view = session_people[["session_id", "person_id", "part"]].merge(
        sessions[["id", "day", "title", "format"]].rename(columns={"id": "session_id", "title": "session"}),
        on="session_id",
        how="left",
        validate="many_to_one",
    )
    view = view.merge(
        people[["id", "name", "role", "organisation_id"]].rename(columns={"id": "person_id"}),
        on="person_id",
        how="left",
        validate="many_to_one",
    )
    view = view.merge(
        organisations[["id", "name", "sector", "country"]].rename(
            columns={"id": "organisation_id", "name": "organisation"}
        ),
        on="organisation_id",
        how="left",
        validate="many_to_one",
    )
    view["day_label"] = day_label(view["day"])
    return view


def theme_coverage(sessions: pd.DataFrame, session_themes: pd.DataFrame, by: str = "day") -> pd.DataFrame:
    """Number of sessions covering each theme, by day ('day') or by format ('format').

    Rows are the themes in vocabulary order, columns the days (with 'Day not stated') or formats;
    every theme and column appears, with 0 where no session matches.
    """
    if by not in ("day", "format"):
        raise ValueError(f"by must be 'day' or 'format', not {by!r}")
    joined = session_themes.merge(
        sessions[["id", "day", "format"]].rename(columns={"id": "session_id"}),
        on="session_id",
        how="left",
        validate="many_to_one",
    )
    column = pd.Series(day_label(joined["day"]), index=joined.index) if by == "day" else joined["format"]
    table = pd.crosstab(joined["theme"], column, dropna=False)
    table.index.name, table.columns.name = "theme", by
    return table.astype("int64")


def sector_mix(
    people: pd.DataFrame, organisations: pd.DataFrame, session_people: pd.DataFrame | None = None
) -> pd.Series:
    """Number of people by the sector of their organisation ('not stated' where none is given).

    With `session_people`, only people who spoke (any part but participant) are counted.
    """
    selected = people
    if session_people is not None:
        speaking = session_people.loc[session_people["part"].isin(SPEAKING_PARTS), "person_id"]
        selected = people[people["id"].isin(speaking)]
    sectors = selected.merge(
        organisations[["id", "sector"]].rename(columns={"id": "organisation_id"}),
        on="organisation_id",
        how="left",
        validate="many_to_one",
    )["sector"]
    counts = sectors.astype("object").fillna("not stated").value_counts()
    order = [*organisations["sector"].cat.categories, "not stated"]
    return counts.reindex(order, fill_value=0).rename("people")


def theme_count(session_themes: pd.DataFrame) -> int:
    """Number of themes in the fixed vocabulary (used or not)."""
    return len(session_themes["theme"].cat.categories)


@dataclass(frozen=True)
class ThemeGrid:
    """Sessions covering each theme, by day (themes no session covers left out), and what it is counted from."""

    counts: pd.DataFrame
    sessions: int
    source_ids: pd.Series


def theme_grid(sessions: pd.DataFrame, session_themes: pd.DataFrame) -> ThemeGrid:
    """`theme_coverage` by day, without empty columns, with the number of sessions and the sources."""
    counts = theme_coverage(sessions, session_themes, by="day")
    return ThemeGrid(counts.loc[:, counts.sum() > 0], len(sessions), session_themes["source_id"])


@dataclass(frozen=True)
class SectorCounts:
    """Speakers by the sector of their organisation, and the organisations named by sector."""

    speakers: pd.Series
    organisations: pd.Series
    source_ids: pd.Series


def sector_counts(people: pd.DataFrame, organisations: pd.DataFrame, session_people: pd.DataFrame) -> SectorCounts:
    """Speakers (`sector_mix` of those who spoke) and all organisations named, by sector, in the same order."""
    speakers = sector_mix(people, organisations, session_people)
    named = organisations["sector"].astype("object").value_counts().reindex(speakers.index, fill_value=0)
    return SectorCounts(speakers, named, pd.concat([organisations["source_id"], people["source_id"]]))
