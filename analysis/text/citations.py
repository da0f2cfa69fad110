"""Citations built from `sources.csv`: chart footers, linked citations, a report's Sources section and the
line that says how to cite a report."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..data.package import PackageInfo
from .markup import md, md_link


def _known(sources: pd.DataFrame, ids: Iterable[str]) -> list[str]:
    """`ids` without repeats, in first-seen order; a KeyError names any id that sources.csv lacks."""
    unique = [i for i in dict.fromkeys(ids) if isinstance(i, str)]
    known = set(sources["id"])
    missing = [i for i in unique if i not in known]
    if missing:
        raise KeyError(f"source ids not in sources.csv: {', '.join(missing)}")
    return unique


def source_line(sources: pd.DataFrame, ids: Iterable[str]) -> str:
    """'Source: …' (or 'Sources: …') from the short citations of `ids`, in first-seen order."""
    unique = _known(sources, ids)
    by_id = sources.set_index("id")["citation"]
    label = "Source" if len(unique) == 1 else "Sources"
    return f"{label}: " + "; ".join(by_id[i] for i in unique) + "."


def cited(*columns: Iterable[str]) -> list[str]:
    """The source ids in `columns` (source_id columns, or lists of ids), without repeats, in first-seen order."""
    ids: list[str] = []
    for column in columns:
        for value in column:
            ids.extend(value if isinstance(value, (list, tuple)) else [value])
    return [i for i in dict.fromkeys(ids) if isinstance(i, str)]


def linked_citation(sources: pd.DataFrame, source_id: str) -> str:
    """A source's short citation in Markdown, linked to its address when it has one."""
    row = sources.set_index("id").loc[source_id]
    return md_link(row["citation"], row["url"])


def _published(row: pd.Series) -> str:
    value = row.get("published")
    if pd.isna(value):
        return "date not found"
    precision = row.get("published_precision", "day")
    return value.strftime({"year": "%Y", "month": "%B %Y"}.get(precision, "%-d %B %Y"))


#: How a source was checked, as a sentence reads it.
_CHECKS = {
    "primary page": "checked against the producer's own page",
    "secondary copy": "checked against a copy published by others",
    "not found": "no copy was found to check",
}


def _checked(row: pd.Series) -> str:
    """'In December 2026, checked against the producer's own page.'"""
    month = pd.Timestamp(f"{row['checked']}-01").strftime("%B %Y")
    return f"In {month}, {_CHECKS.get(str(row['check']), md(row['check']))}."


def sources_section(sources: pd.DataFrame, ids: Iterable[str]) -> str:
    """The Sources section of a report (Markdown): one numbered entry per source id, in the order given.

    Each entry: the citation linked to the source's address, the producer and title, the publication date,
    how and when the project checked it, the licence, and what the check found; 'No address was found'
    where the source has none, with the reason.
    """
    by_id = sources.set_index("id")
    lines = []
    for number, source_id in enumerate(_known(sources, ids), start=1):
        row = by_id.loc[source_id]
        address = ("" if pd.notna(row["url"]) else " No address was found." if row["check"] == "not found"
                   else " No address of the copy checked is recorded.")
        note = f" {md(row['check_note'])}" if pd.notna(row["check_note"]) else ""
        lines.append(
            f"{number}. {md_link(row['citation'], row['url'])}. {md(row['producer'])}: *{md(row['title'])}* "
            f"({md(_published(row))}). {_checked(row)} Licence: {md(row['licence'])}.{address}{note} "
            f"Source id: {md(source_id)}."
        )
    return "\n".join(lines)


def report_citation(report_title: str, package: PackageInfo) -> str:
    """'Cite this report' (Markdown): contributors, report title, package title, version, data version, licence."""
    who = "; ".join(package.contributors)
    return (
        f"**Cite this report:** {md(who)}, \u201c{md(report_title)}\u201d, in *{md(package.title)}*, version "
        f"{md(package.version)} (data version {md(package.data_version)}). Data licence: "
        f"{md_link(package.licence, package.licence_url)}; code licence: MIT. When you reuse a figure, cite its "
        "original source as listed above."
    )
