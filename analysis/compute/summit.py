"""Pure computations on the summit tables: who spoke where, themes by day and format, sector mix."""

from __future__ import annotations

import pandas as pd

from ..text.formatting import capitalise, join_words, number_word

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


def theme_table(sessions: pd.DataFrame, session_themes: pd.DataFrame, by: str = "day") -> pd.DataFrame:
    """`theme_coverage` ready to show: a 'Theme' column, then one column per day (or format), one header row."""
    coverage = theme_coverage(sessions, session_themes, by=by)
    table = coverage.rename(columns=capitalise).rename_axis(index=None, columns=None)
    table.insert(0, "Theme", [capitalise(theme) for theme in coverage.index])
    return table.reset_index(drop=True)


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


def sector_table(people: pd.DataFrame, organisations: pd.DataFrame, session_people: pd.DataFrame) -> pd.DataFrame:
    """Speakers and organisations by sector, ready to show (the counts of the `summit-sectors` figure).

    Speakers are counted by the sector of their organisation ('Not stated' where none is given);
    organisations are all those named, by their sector.
    """
    speakers = sector_mix(people, organisations, session_people)
    named = organisations["sector"].astype("object").value_counts().reindex(speakers.index, fill_value=0)
    return pd.DataFrame(
        {
            "Sector": [capitalise(sector) for sector in speakers.index],
            "Speakers": speakers.to_numpy(),
            "Organisations": named.to_numpy(),
        }
    )


def session_people_table(
    sessions: pd.DataFrame, session_people: pd.DataFrame, people: pd.DataFrame, organisations: pd.DataFrame
) -> pd.DataFrame:
    """`session_people_view` ready to show: day, session title, person, part, role, organisation, sector.

    Sectors are capitalised as in `sector_table`; a person with no organisation shows 'Not stated' for both,
    as the sector chart counts them.
    """
    view = session_people_view(sessions, session_people, people, organisations)
    order = pd.Series(range(len(sessions)), index=programme(sessions)["id"])
    view = view.assign(_order=view["session_id"].map(order)).sort_values("_order", kind="stable")
    status = view["session_id"].map(sessions.set_index("id")["title_status"])
    return pd.DataFrame(
        {
            "Day": view["day_label"].astype(str),
            "Session title": _title_with_status(view["session"], status),
            "Person": view["name"],
            "Part": view["part"].astype(str),
            "Role": view["role"].fillna(""),
            "Organisation": view["organisation"].fillna(NOT_STATED),
            "Sector": view["sector"].astype("object").fillna("not stated").map(capitalise),
        }
    ).reset_index(drop=True)


def _title_with_status(title: pd.Series, status: pd.Series) -> pd.Series:
    """'Panel on the role of AI (descriptive)': a title marked unless it is the official one."""
    marks = {"official": "", "as reported": " (as reported)", "descriptive": " (descriptive)"}
    return title + pd.Series(status, index=title.index).astype("object").map(marks).astype(str)


def session_table(
    sessions: pd.DataFrame, session_people: pd.DataFrame, people: pd.DataFrame, sources: pd.DataFrame
) -> pd.DataFrame:
    """The programme as a table for people: day, time, format, title (with its status), summary, who spoke,
    and the source's citation (the *Session* id leads to the row, and its source id, in sessions.csv)."""
    citation = sources.set_index("id")["citation"]
    table = programme(sessions)
    speakers = (
        session_people.merge(people[["id", "name"]].rename(columns={"id": "person_id"}), on="person_id",
                             validate="many_to_one")
        .assign(entry=lambda f: f["name"] + " (" + f["part"].astype(str) + ")")
        .groupby("session_id", sort=False)["entry"]
        .agg("; ".join)
    )
    return pd.DataFrame(
        {
            "Session": table["id"],
            "Day": table["day_label"].astype(str),
            "Time": table["time"].replace("", "not published"),
            "Format": table["format"].astype(str),
            "Title": _title_with_status(table["title"], table["title_status"]),
            "Summary": table["summary"],
            "People": table["id"].map(speakers).fillna(""),
            "Source": table["source_id"].map(citation),
        }
    )


def published_times_sentence(sessions: pd.DataFrame) -> str:
    """How many sessions have a published time, and which, as a sentence ('Only three of the 21 sessions …')."""

    timed = programme(sessions)
    timed = timed[timed["time"] != ""]
    by_day = timed.groupby("day_label", observed=True, sort=True)["time"].agg(list)
    listed = "; ".join(f"{join_words(times)} on {day}" for day, times in by_day.items())
    count = number_word(len(timed))
    if len(timed) == len(sessions):
        return "Both sessions have published times." if len(timed) == 2 else f"All {count} sessions have published times."
    if timed.empty:
        return f"None of the {number_word(len(sessions))} sessions has a published time."
    return (f"Only {count} of the {number_word(len(sessions))} sessions "
            f"{'has a published time' if len(timed) == 1 else 'have published times'} ({listed}).")


def theme_count(session_themes: pd.DataFrame) -> int:
    """Number of themes in the fixed vocabulary (used or not)."""
    return len(session_themes["theme"].cat.categories)


def themes_sentence(session_themes: pd.DataFrame) -> str:
    """How sessions are tagged with themes, with the size of the fixed list computed."""

    return (
        "Each session is tagged with the themes its description covers, from a fixed list of "
        f"{number_word(theme_count(session_themes))}. A session can have several themes, so the counts add up to "
        "more than the number of sessions."
    )
