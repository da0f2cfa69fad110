"""Published statistics in words and tables: changes over time, status of each count, Childlight estimates."""

from __future__ import annotations

import pandas as pd

from ..compute.statistics import (
    check_comparable, comparison_years, compound_annual_growth, growth, missing_years, series, year_on_year,
)
from .formatting import (
    capitalise, format_count, format_published, format_value, join_words, number_word, qualified,
)
from .markup import md


def growth_summary(values: pd.DataFrame, start: int, end: int, what: str = "Reports") -> str:
    """The change from `start` to `end` in one sentence or two: both values (with their published qualifier),
    the total and compound annual change, and the status of the two values. Refuses to cross a comparability
    break, as `growth` does. A change computed from an approximate value is itself marked 'about'.

    'CyberTipline reports, 2020 to 2023: from 21.8 million to about 36.2 million, a change of about +66.4% over
    3 years, or about +18.5% a year compounded. The 2020 count is published; the 2023 count is secondary.'
    """
    total = growth(values, start, end)
    annual = compound_annual_growth(values, start, end)
    approximate = any(str(values.at[year, "qualifier"]) != "exact" for year in (start, end))
    about = "about " if approximate else ""
    span = end - start
    over = "in 1 year" if span == 1 else f"over {span} years, or {about}{annual:+.1%} a year compounded"
    start_text = qualified(format_count(values.at[start, "value"]), md(values.at[start, "qualifier"]))
    end_text = qualified(format_count(values.at[end, "value"]), md(values.at[end, "qualifier"]))
    return (
        f"{what}, {start} to {end}: from {start_text} to {end_text}, a change of {about}{total:+.1%} {over}. "
        f"The {start} count is {md(values.at[start, 'status'])}; the {end} count is {md(values.at[end, 'status'])}."
    )


#: What each status says about where a value was seen, for use in a sentence.
STATUS_PHRASES = {
    "published": "from the producer's own publication",
    "secondary": "known from secondary reports",
    "weak": "seen only in a secondary copy (weak)",
    "unverified": "not independently verified",
}


def growth_reading(values: pd.DataFrame, start: int, end: int, sources: pd.DataFrame) -> str:
    """How the change from `start` to `end` is chosen and how far its counts can be trusted, as Markdown.

    Says which of the two years is the first solid or last comparable year, whether the comparison is the
    one in the chart's title, the status of both counts, and which span uses published counts only.
    """
    check_comparable(values, start, end)
    first_solid, last_comparable = comparison_years(values)
    breaks = values.index[values["comparable"].eq(False)]
    start_why = ", the first year whose count is not known only from a weak secondary copy," if start == first_solid else ""
    end_why = ""
    if end == last_comparable:
        end_why = ", the last year counted before the change in counting" if len(breaks) else ", the last year in the data"
    sentences = [f"The change below, computed from the table above, runs from {start}{start_why} to {end}{end_why}."]
    if (start, end) == (first_solid, last_comparable):
        sentences.append("This is the comparison in the chart's title.")
    else:
        sentences.append(f"The chart's title compares {first_solid} with {last_comparable}.")
    if end - start > 1:
        sentences.append("The compound rate is the constant yearly rise that would give the same total.")
    statuses = [(year, str(values.at[year, "status"])) for year in (start, end)]
    if all(status == "published" for _, status in statuses):
        sentences.append(f"Both counts are {STATUS_PHRASES['published']}.")
    else:
        described = [f"the {year} count is {STATUS_PHRASES.get(status, md(status))}" for year, status in statuses]
        sentences.append(capitalise(join_words(described) + "."))
        span = values.loc[start:end]
        published = span.index[span["status"] == "published"]
        if len(published) >= 2:
            p0, p1 = int(published[0]), int(published[-1])
            run = span.loc[p0:p1]
            if (run["status"] == "published").all():
                citation = sources.set_index("id")["citation"]
                cited = join_words([md(citation.get(i, i)) for i in dict.fromkeys(run["source_id"])])
                sentences.append(
                    f"The counts for {p0} to {p1} all come from {cited}, so a comparison of {p0} with {p1} "
                    "uses published counts only."
                )
    return " ".join(sentences)


def missing_years_sentence(values: pd.DataFrame, what: str) -> str:
    """'The sources used here give no count of reports assessed for 2022.', or '' when no year is missing."""
    missing = missing_years(values)
    return f"The sources used here give no count of {what} for {join_words(map(str, missing))}." if missing else ""


def childlight_reading(
    statistics: pd.DataFrame,
    studies_id: str = "childlight-studies",
    headline_id: str = "childlight-children-affected",
    category_ids: tuple[str, ...] = ("childlight-image-abuse-share", "childlight-solicitation-share"),
) -> str:
    """Childlight's index in a few sentences: its number of studies, its headline and where it was quoted at
    the summit, and its largest categories as a share and as 'one child in N'."""
    rows = statistics.set_index("id")
    studies, headline = rows.loc[studies_id], rows.loc[headline_id]
    quoted = statistics[statistics["reference_id"] == headline_id]
    headline_text = qualified(format_count(headline["value"]), md(headline["qualifier"]))
    sentences = [
        f"Childlight's Into the Light index (May 2024) combines {format_value(studies['value'])} "
        f"{md(studies['indicator'].split(' in ')[0].lower())}, published from {md(str(studies['period']).replace('-', ' to '))}."
    ]
    if len(quoted):
        sessions = join_words([md(s) for s in sorted(quoted["session_id"].dropna().unique())])
        sentences.append(f"Its headline of {headline_text} {md(headline['unit'])} a year is the figure quoted at the "
                         f"summit (session {sessions}).")
    shares = [rows.loc[i] for i in category_ids]
    one_in = {round(100 / float(r["value"])) for r in shares}
    names = join_words([f"{md(r['indicator'][0].lower() + r['indicator'][1:])} ({format_value(r['value'])}%)"
                        for r in shares])
    cover = f"each cover about one child in {number_word(one_in.pop())}" if len(one_in) == 1 else "cover"
    sentences.append(
        f"The {number_word(len(shares))} largest categories, {names}, {cover}; they overlap, so the headline is "
        "not their sum."
    )
    return " ".join(sentences)


_TIME_UNITS = ("seconds", "minutes", "days", "months", "years")


def _unit(value: float, unit: str) -> str:
    return unit[:-1] if value == 1 and unit in _TIME_UNITS else unit


def headline_table(statistics: pd.DataFrame, sources: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """The summit's own numbers: those stated in a session, and the facts about the summit itself
    (rows whose id starts with 'summit-'), with who stated them and the source."""
    stated = statistics[statistics["session_id"].notna() | statistics["id"].str.startswith("summit-")]
    return statistics_table(stated, sources, people)


def statistics_table(stated: pd.DataFrame, sources: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Rows of the statistics table, readable: value with qualifier and unit, who stated it, status, source.

    Columns that would be empty in every row (e.g. *Stated by* for published figures) are left out.
    """
    names = people.set_index("id")["name"]
    citation = sources.set_index("id")["citation"]
    table = pd.DataFrame(
        {
            "What": stated["indicator"],
            "Value": [
                format_published(v, q) + " " + _unit(v, u)
                for v, q, u in zip(stated["value"], stated["qualifier"].astype(str), stated["unit"].astype(str),
                                   strict=True)
            ],
            "Where": stated["geography"].fillna(""),
            "Stated by": stated["cited_by"].map(names).fillna(""),
            "Session": stated["session_id"].fillna(""),
            "Status": stated["status"].astype(str),
            "Statistic": stated["id"],
            "Source": stated["source_id"].map(citation),
        }
    ).reset_index(drop=True)
    return drop_empty_columns(table)


def drop_empty_columns(table: pd.DataFrame) -> pd.DataFrame:
    """The table without the columns that are empty ('' or missing) in every row."""
    empty = [c for c in table.columns if table[c].isna().all() or table[c].astype(str).str.strip().eq("").all()]
    return table.drop(columns=empty)


def series_table(statistics: pd.DataFrame, series_id: str, sources: pd.DataFrame) -> pd.DataFrame:
    """A series with its year-on-year change, ready to show; breaks in comparability are spelled out.

    *Row* is the id in statistics.csv and *Source* the citation from sources.csv, as in `statistics_table`.
    """
    citation = sources.set_index("id")["citation"]
    values = series(statistics, series_id)
    changes = year_on_year(values)
    return pd.DataFrame(
        {
            "Year": values.index.astype(str),
            "Value": [format_published(v, str(q)) for v, q in zip(values["value"], values["qualifier"], strict=True)],
            "Change on previous year": [
                "not comparable (counting changed)" if brk else ("" if pd.isna(p) else f"{p:+.1f}%")
                for p, brk in zip(changes["percent_change"], changes["break"], strict=True)
            ],
            "Status": values["status"].astype(str),
            "Row": values["id"],
            "Source": values["source_id"].map(citation),
        }
    ).reset_index(drop=True)
