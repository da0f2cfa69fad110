"""The summit programme in tables and sentences: sessions, themes, who spoke, and sectors."""

from __future__ import annotations

import pandas as pd

from ..compute.summit import NOT_STATED, programme, sector_counts, session_people_view, theme_count, theme_coverage
from .formatting import capitalise, join_words, number_word
from .markup import md


def theme_table(sessions: pd.DataFrame, session_themes: pd.DataFrame, by: str = "day") -> pd.DataFrame:
    """`theme_coverage` ready to show: a 'Theme' column, then one column per day (or format), one header row."""
    coverage = theme_coverage(sessions, session_themes, by=by)
    table = coverage.rename(columns=capitalise).rename_axis(index=None, columns=None)
    table.insert(0, "Theme", [capitalise(theme) for theme in coverage.index])
    return table.reset_index(drop=True)


def sector_table(people: pd.DataFrame, organisations: pd.DataFrame, session_people: pd.DataFrame) -> pd.DataFrame:
    """Speakers and organisations by sector, ready to show (the counts of the `summit-sectors` figure).

    Speakers are counted by the sector of their organisation ('Not stated' where none is given);
    organisations are all those named, by their sector.
    """
    counts = sector_counts(people, organisations, session_people)
    speakers, named = counts.speakers, counts.organisations
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
    listed = "; ".join(f"{join_words([md(t) for t in times])} on {md(day)}" for day, times in by_day.items())
    count = number_word(len(timed))
    if len(timed) == len(sessions):
        return "Both sessions have published times." if len(timed) == 2 else f"All {count} sessions have published times."
    if timed.empty:
        return f"None of the {number_word(len(sessions))} sessions has a published time."
    return (f"Only {count} of the {number_word(len(sessions))} sessions "
            f"{'has a published time' if len(timed) == 1 else 'have published times'} ({listed}).")


def themes_sentence(session_themes: pd.DataFrame) -> str:
    """How sessions are tagged with themes, with the size of the fixed list computed."""

    return (
        "Each session is tagged with the themes its description covers, from a fixed list of "
        f"{number_word(theme_count(session_themes))}. A session can have several themes, so the counts add up to "
        "more than the number of sessions."
    )
