"""The summit programme in tables and sentences: sessions, themes, who spoke, sectors, and how each fact is known.

Facts the project inferred rather than read in the row's source are marked '(inferred)' in the tables."""

from __future__ import annotations

import pandas as pd

from ..compute.summit import (
    NOT_STATED,
    basis_counts,
    non_speakers,
    programme,
    sector_counts,
    separate_sessions,
    session_people_view,
    speakers,
    theme_count,
    theme_coverage,
)
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
    organisations are all those named, by their sector, and how many of them have a sector the project
    inferred (the source does not state it).
    """
    counts = sector_counts(people, organisations, session_people)
    return pd.DataFrame(
        {
            "Sector": [capitalise(sector) for sector in counts.speakers.index],
            "Speakers": counts.speakers.to_numpy(),
            "Organisations": counts.organisations.to_numpy(),
            "Of which sector inferred": counts.inferred.to_numpy(),
        }
    )


#: Shown after a fact the project inferred rather than read in the row's source.
INFERRED_MARK = " (inferred)"


def marked(values: pd.Series, basis: pd.Series, mark: str = INFERRED_MARK) -> pd.Series:
    """Each value as text, with `mark` (' (inferred)') after those whose basis is 'inferred'."""
    text = values.astype("object").fillna("").astype(str)
    inferred = pd.Series(basis, index=values.index).astype("object").eq("inferred")
    return text.where(~inferred, text + mark)


def session_people_table(
    sessions: pd.DataFrame, session_people: pd.DataFrame, people: pd.DataFrame, organisations: pd.DataFrame
) -> pd.DataFrame:
    """`session_people_view` ready to show: day, session title, person, part, role, organisation, sector.

    Sectors are capitalised as in `sector_table`; a person with no organisation shows 'Not stated' for both,
    as the sector chart counts them. A part or a sector the project inferred is marked '(inferred)'.
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
            "Part": marked(view["part"], view["part_basis"]),
            "Role": view["role"].fillna(""),
            "Organisation": view["organisation"].fillna(NOT_STATED),
            "Sector": marked(view["sector"].astype("object").fillna("not stated").map(capitalise),
                             view["sector_basis"]),
        }
    ).reset_index(drop=True)


def _title_with_status(title: pd.Series, status: pd.Series) -> pd.Series:
    """'Panel on the role of AI (descriptive)': a title marked unless it is the official one."""
    marks = {"official": "", "as reported": " (as reported)", "descriptive": " (descriptive)"}
    return title + pd.Series(status, index=title.index).astype("object").map(marks).astype(str)


def session_table(
    sessions: pd.DataFrame, session_people: pd.DataFrame, people: pd.DataFrame, sources: pd.DataFrame
) -> pd.DataFrame:
    """The programme as a table for people: day, time, format, title (with its status), summary, who took part,
    whether the row's source gives it as a session of its own, why the project inferred what it inferred, and
    the source's citation (the *Session* id leads to the row, and its source id, in sessions.csv).

    A format or a person's part that the project inferred is marked '(inferred)'."""
    citation = sources.set_index("id")["citation"]
    table = programme(sessions)
    people_in = (
        session_people.merge(people[["id", "name"]].rename(columns={"id": "person_id"}), on="person_id",
                             validate="many_to_one")
        .assign(entry=lambda f: f["name"] + " (" + marked(f["part"], f["part_basis"], ", inferred") + ")")
        .groupby("session_id", sort=False)["entry"]
        .agg("; ".join)
    )
    return pd.DataFrame(
        {
            "Title": _title_with_status(table["title"], table["title_status"]),
            "Day": table["day_label"].astype(str),
            "Time": table["time"].replace("", "not published"),
            "Format": marked(table["format"], table["format_basis"]),
            "Summary": table["summary"],
            "People": table["id"].map(people_in).fillna(""),
            "Separate session": table["session_basis"].astype(str),
            "Basis note": table["basis_note"].fillna(""),
            "Session": table["id"],
            "Source": table["source_id"].map(citation),
        }
    )


def sessions_noun(sessions: pd.DataFrame) -> str:
    """'sessions', or 'sessions and topics' where some rows are not known as sessions of their own."""
    return "sessions" if separate_sessions(sessions) == len(sessions) else "sessions and topics"


def sessions_basis_sentence(sessions: pd.DataFrame) -> str:
    """How many rows of sessions.csv their sources give as sessions of their own, as a sentence."""
    total, separate = len(sessions), separate_sessions(sessions)
    if separate == total:
        return f"All {number_word(total)} sessions are described by their sources as sessions of their own."
    rest = total - separate
    described = ("is described by its source as a session or meeting of its own" if separate == 1
                 else "are described by their sources as sessions or meetings of their own")
    reading = ("is the project's reading of something its source mentions without saying that it was" if rest == 1
               else "are the project's reading of things their sources mention without saying that they formed")
    return (
        f"The data lists {number_word(total)} sessions and topics. {capitalise(number_word(separate))} {described}; "
        f"the other {number_word(rest)} {reading} a separate session. "
        f"The table of all sessions below marks {'it' if rest == 1 else 'these'} *inferred* and says why."
    )


def speakers_sentence(session_people: pd.DataFrame, people: pd.DataFrame) -> str:
    """How many people the sources name as speakers, and who else appears without speaking."""
    names = people.set_index("id")["name"]
    count = len(speakers(session_people))
    text = (f"The sources name {number_word(count)} {'person' if count == 1 else 'people'} as speaking, chairing "
            "or sitting on a panel.")
    quiet = non_speakers(session_people)
    if quiet.empty:
        return text
    one = len(quiet) == 1
    others = join_words([f"{md(names[row.person_id])} ({md(row.part)})" for row in quiet.itertuples()])
    return (f"{text} {capitalise(number_word(len(quiet)))} other {'person appears' if one else 'people appear'} in "
            f"the data without speaking and {'is' if one else 'are'} not counted as "
            f"{'a speaker' if one else 'speakers'}: {others}.")


#: What each basis column qualifies, as a reader would name it.
_BASIS_FACTS = {
    "session_basis": "Session given as a session of its own",
    "format_basis": "Format of a session",
    "host_basis": "Host of a session",
    "part_basis": "A person's part in a session",
    "sector_basis": "Sector of an organisation",
    "country_basis": "Country of an organisation",
}


def basis_table(sessions: pd.DataFrame, session_people: pd.DataFrame, organisations: pd.DataFrame) -> pd.DataFrame:
    """How each kind of programme fact is known: rows stated in their source, inferred by the project, or with
    no such fact (no host, no country), with the column of the data that records it."""
    counts = basis_counts({"sessions": sessions, "session_people": session_people, "organisations": organisations})
    return pd.DataFrame(
        {
            "Fact": counts["column"].map(_BASIS_FACTS),
            "Stated in the source": counts["stated"],
            "Inferred by the project": counts["inferred"],
            "Not given": counts["not given"],
            "Column": counts["table"] + ".csv: " + counts["column"],
        }
    )


def published_times_sentence(sessions: pd.DataFrame) -> str:
    """How many sessions have a published time, and which, as a sentence ('Only three of the 21 sessions …')."""

    timed = programme(sessions)
    timed = timed[timed["time"] != ""]
    by_day = timed.groupby("day_label", observed=True, sort=True)["time"].agg(list)
    listed = "; ".join(f"{join_words([md(t) for t in times])} on {md(day)}" for day, times in by_day.items())
    count, noun = number_word(len(timed)), sessions_noun(sessions)
    if len(timed) == len(sessions):
        return "Both sessions have published times." if len(timed) == 2 else f"All {count} {noun} have published times."
    if timed.empty:
        return f"None of the {number_word(len(sessions))} {noun} has a published time."
    return (f"Only {count} of the {number_word(len(sessions))} {noun} "
            f"{'has a published time' if len(timed) == 1 else 'have published times'} ({listed}).")


def themes_sentence(session_themes: pd.DataFrame) -> str:
    """How sessions are tagged with themes, with the size of the fixed list computed."""

    return (
        "Each session is tagged with the themes its description covers, from a fixed list of "
        f"{number_word(theme_count(session_themes))}. A session can have several themes, so the counts add up to "
        "more than the number of sessions."
    )
