"""Pure computations on the summit tables: who spoke where, themes by day and format, sector mix, and how
each programme fact is known (stated in its row's source, or inferred by the project)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: Label for sessions whose day the sources do not give.
NO_DAY = "Day not stated"
DAY_LABELS = {1: "Day 1 (4 Dec)", 2: "Day 2 (5 Dec)"}
#: Shown where the sources give no organisation (and so no sector) for a person.
NOT_STATED = "Not stated"
#: Parts that count as speaking (a named participant, or a person the report's author met, is not a speaker).
SPEAKING_PARTS = ("keynote speaker", "speaker", "panellist", "moderator", "host", "chair")
#: The basis of a programme fact: said in the row's source, or the project's reading of it.
BASES = ("stated", "inferred")
#: Each basis column, by table, with the fact it qualifies (None: the row itself, here a session).
BASIS_COLUMNS = {
    "sessions": {"session_basis": None, "format_basis": "format", "host_basis": "host_organisation_id"},
    "session_people": {"part_basis": "part"},
    "organisations": {"sector_basis": "sector", "country_basis": "country"},
}


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
    """One row per person per session part: session, day, format, person, role, organisation, sector, and the
    basis of the part and of the sector (stated in the source, or inferred by the project)."""
    view = session_people[["session_id", "person_id", "part", "part_basis"]].merge(
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
        organisations[["id", "name", "sector", "sector_basis", "country"]].rename(
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

    With `session_people`, only people who spoke (a part in `SPEAKING_PARTS`) are counted.
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


def speakers(session_people: pd.DataFrame) -> pd.Index:
    """Ids of the people with a speaking part in at least one session, in order of first appearance."""
    return pd.Index(session_people.loc[session_people["part"].isin(SPEAKING_PARTS), "person_id"].unique())


def non_speakers(session_people: pd.DataFrame) -> pd.DataFrame:
    """People named in sessions who spoke in none: one row each (`person_id`, `part`), first part given."""
    quiet = session_people[~session_people["person_id"].isin(speakers(session_people))]
    return quiet.drop_duplicates("person_id")[["person_id", "part"]].reset_index(drop=True)


def separate_sessions(sessions: pd.DataFrame) -> int:
    """Number of sessions whose row's source describes them as a session of their own (`session_basis`)."""
    return int((sessions["session_basis"] == "stated").sum())


def basis_counts(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """How each programme fact is known: one row per (table, basis column), with the fact it qualifies and
    the number of rows where it is stated, inferred, or not given (no fact, so no basis)."""
    rows = []
    for table, columns in BASIS_COLUMNS.items():
        frame = tables[table]
        for column, fact in columns.items():
            counts = frame[column].astype("object").value_counts()
            rows.append({"table": table, "column": column, "fact": fact,
                         **{basis: int(counts.get(basis, 0)) for basis in BASES},
                         "not given": int(frame[column].isna().sum())})
    return pd.DataFrame(rows)


def theme_count(session_themes: pd.DataFrame) -> int:
    """Number of themes in the fixed vocabulary (used or not)."""
    return len(session_themes["theme"].cat.categories)


@dataclass(frozen=True)
class ThemeGrid:
    """Sessions covering each theme, by day (themes no session covers left out), and what it is counted from:
    the number of sessions, of which `separate` are known from their sources as sessions of their own."""

    counts: pd.DataFrame
    sessions: int
    separate: int
    source_ids: pd.Series


def theme_grid(sessions: pd.DataFrame, session_themes: pd.DataFrame) -> ThemeGrid:
    """`theme_coverage` by day, without empty columns, with the number of sessions and the sources."""
    counts = theme_coverage(sessions, session_themes, by="day")
    return ThemeGrid(counts.loc[:, counts.sum() > 0], len(sessions), separate_sessions(sessions),
                     session_themes["source_id"])


@dataclass(frozen=True)
class SectorCounts:
    """Speakers by the sector of their organisation, and the organisations named by sector, of which
    `inferred` have a sector that is the project's classification rather than the source's."""

    speakers: pd.Series
    organisations: pd.Series
    inferred: pd.Series
    source_ids: pd.Series


def sector_counts(people: pd.DataFrame, organisations: pd.DataFrame, session_people: pd.DataFrame) -> SectorCounts:
    """Speakers (`sector_mix` of those who spoke) and all organisations named, by sector, in the same order."""
    speakers = sector_mix(people, organisations, session_people)
    sectors = organisations["sector"].astype("object")
    named = sectors.value_counts().reindex(speakers.index, fill_value=0)
    inferred = sectors[organisations["sector_basis"] == "inferred"].value_counts().reindex(speakers.index, fill_value=0)
    return SectorCounts(speakers, named, inferred.rename("inferred"),
                        pd.concat([organisations["source_id"], people["source_id"]]))
