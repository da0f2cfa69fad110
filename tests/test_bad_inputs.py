"""A corpus of malformed input files: the exact list of messages each one raises.

Every case writes one broken file into a private copy of data/ (the `data_dir` fixture) and checks the
complete list of problems of the `DataError`, message by message. Line numbers were counted by hand on
the inputs below: line 1 is the header, and a quoted field with line breaks takes as many lines as an
editor shows. In the expected messages `<name.csv>` stands for the absolute path of that file in the copy.

Cases marked xfail(strict=True) expect what the code should do but does not yet; each reason says what
it does instead.

A few cases also go through the command line's entry point (`main`, what `python -m analysis figures` calls):
exit status 2, one line per problem, no traceback, and nothing written. They run in the test's process;
tests/test_cli.py runs bad data through a real `python -m analysis` process.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError, config
from analysis.data.load import LOADERS

from .conftest import adoption_csv

# --- expectations shared by several cases ----------------------------------------------------------

NUMBER = "a number (digits with '.' for decimals, no thousands separators or units)"
INTEGER = "a whole number (at most 18 digits, no separators or units)"
PARTIAL_DATE = "a real date written YYYY, YYYY-MM or YYYY-MM-DD"
UTF8 = "UTF-8 text (save the file as 'CSV UTF-8')"
BINARY = "text, not binary data (a NUL byte was found)"
WORKBOOK = "a CSV text file, not a spreadsheet workbook (export the sheet as 'CSV UTF-8')"
NO_SPACES = "no spaces at the start or end of the value"
REQUIRED = "a value (this column is required)"
ID_PATTERN = "text matching the pattern '[a-z0-9]+(-[a-z0-9]+)*'"
NO_DAY = "no value, because the session's day is not given"

SECTORS = "one of: government, UN and intergovernmental, civil society, industry, law enforcement, research"
METRICS = (
    "one of: users, monthly active users, sign-ups, downloads, units sold, units shipped, devices in use, cars, vehicles, subscribers"
)
TIME_UNITS = "one of: days, weeks, months, years"
PARTS = "one of: keynote speaker, speaker, panellist, moderator, host, chair, participant, met the author"
THEMES = (
    "one of: emerging technology and AI, AI-generated abuse material, prevention, survivors' perspectives, "
    "mental health of children, frontline responders' well-being, law enforcement, regulation and legal reform, "
    "international collaboration, youth participation, industry responsibility, sextortion and grooming"
)

ORGANISATIONS_COLUMNS = "id, name, sector, sector_basis, country, country_basis, basis_note, source_id"
SOURCES_COLUMNS = "id, producer, title, published, url, licence, checked, check, check_note, citation"

# --- small valid tables that the cases change one value at a time ----------------------------------

ORGANISATION = {
    "id": "thorn",
    "name": "Thorn",
    "sector": "civil society",
    "sector_basis": "inferred",
    "country": "US",
    "country_basis": "inferred",
    "basis_note": "",
    "source_id": "rasmin-summit-report",
}
RCMP = {"id": "rcmp", "name": "Royal Canadian Mounted Police", "sector": "law enforcement", "sector_basis": "stated",
        "country": "CA", "country_basis": "stated"}
SOURCE = {
    "id": "apple-ipod-100m",
    "producer": "Apple",
    "title": "100 million iPods sold (press release)",
    "published": "2007-04-09",
    "url": "https://www.apple.com/newsroom/2007/04/09100-Million-iPods-Sold/",
    "licence": "not found",
    "checked": "2026-12",
    "check": "primary page",
    "check_note": "",
    "citation": "Apple (2007)",
}
SESSION = {
    "id": "d1-opening",
    "day": "1",
    "date": "2024-12-04",
    "sequence": "1",
    "start_time": "09:00",
    "end_time": "10:00",
    "title": "Opening and welcome",
    "title_status": "official",
    "session_basis": "stated",
    "format": "opening",
    "format_basis": "stated",
    "host_organisation_id": "weprotect-global-alliance",
    "host_basis": "inferred",
    "summary": "Welcome.",
    "note": "",
    "basis_note": "",
    "source_id": "weprotect-summit-page",
}
KEYNOTE = {
    "id": "d1-keynote",
    "sequence": "2",
    "start_time": "10:00",
    "end_time": "10:30",
    "title": "Keynote",
    "format": "keynote",
    "host_organisation_id": "",
    "host_basis": "",
}
THEME = {"session_id": "d1-opening", "theme": "prevention", "source_id": "rasmin-summit-report"}
SESSION_PERSON = {
    "session_id": "d1-opening",
    "person_id": "iain-drennan",
    "part": "speaker",
    "part_basis": "stated",
    "basis_note": "",
    "source_id": "rasmin-summit-report",
}
PERSON = {
    "id": "julie-cordua",
    "name": "Julie Cordua",
    "role": "Chief Executive Officer",
    "organisation_id": "thorn",
    "source_id": "rasmin-summit-report",
}
HOUSEHOLD = {
    "technology": "Automobile",
    "year": "1915",
    "percent": "10",
    "population": "US households",
    "source_id": "owid-us-household-adoption",
}


def table(template: dict[str, str], *rows: dict[str, str], newline: str = "\n") -> str:
    """CSV text: the template's keys as header, then one line per row (each a change to the template).

    Values are joined as given, so a test writes its own quotes where it wants them.
    """
    lines = [",".join(template)]
    lines += [",".join({**template, **changes}[c] for c in template) for changes in rows]
    return newline.join(lines) + newline


def _statistics_template() -> dict[str, str]:
    """The real row 'summit-length' of statistics.csv (its header decides the columns)."""
    with open(config.DATA_DIR / "statistics.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["id"] == "summit-length":
                # A single figure that refers to no other row: nothing in it needs quoting.
                assert not any(set(v) & set(',"\r\n') for v in row.values())
                return row
    raise AssertionError("statistics.csv has no row 'summit-length'")


def statistics(*rows: dict[str, str]) -> str:
    return table(_statistics_template(), *rows)


def organisations(*rows: dict[str, str], newline: str = "\n") -> str:
    return table(ORGANISATION, *rows, newline=newline)


# --- the cases -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    #: The file written, without '.csv'; also the loader called unless `loader` is given.
    table: str
    content: str | bytes
    #: Every message, in order; `<name.csv>` stands for the path of that file in the copy.
    expected: tuple[str, ...]
    loader: str | None = None
    #: Set when the code is wrong: what it does instead (the case is then a strict xfail) ...
    bug: str | None = None
    #: ... and the exception that failure raises in this test, so that only that failure counts as expected.
    raises: type[BaseException] | None = None


CASES = [
    # --- bytes and encodings -----------------------------------------------------------------------
    Case(
        "bom-keeps-line-numbers",
        "adoption",
        b"\xef\xbb\xbf" + adoption_csv({}, {"id": "b", "metric": "visitors"}).encode(),
        ("<adoption.csv>:3: column 'metric': value 'visitors' — expected " + METRICS,),
    ),
    Case(
        "latin1-in-a-data-line",
        "adoption",
        adoption_csv({}, {"id": "b", "technology": "Pokémon Go"}).encode("latin-1"),
        (f"<adoption.csv>:3: value '\\xe9' — expected {UTF8}",),
    ),
    Case(
        "latin1-in-the-header",
        "organisations",
        # cp1252 / Latin-1 no-break space after the last column name.
        organisations({}).replace("source_id\n", "source_id\xa0\n", 1).encode("latin-1"),
        (f"<organisations.csv>:1: value '\\xa0' — expected {UTF8}",),
    ),
    Case(
        "latin1-after-a-multiline-field",
        "organisations",
        # Lines 2-3 are one record; the bad byte (û, 0xfb) is on physical line 4.
        organisations(
            {"name": '"Thorn\n(United States)"'},
            {"id": "surete-du-quebec", "name": "Sûreté du Québec", "sector": "law enforcement", "country": "CA"},
        ).encode("latin-1"),
        (f"<organisations.csv>:4: value '\\xfb' — expected {UTF8}",),
    ),
    Case(
        "latin1-in-a-row-with-too-many-fields",
        "organisations",
        organisations({}, {**RCMP, "name": "Sûreté du Québec", "source_id": "rasmin-summit-report,extra"}).encode(
            "latin-1"
        ),
        (f"<organisations.csv>:3: value '\\xfb' — expected {UTF8}",),
    ),
    Case(
        "nul-bytes-after-the-header",
        "sources",
        table(SOURCE).encode() + b"\x00\x00\x00\x01garbage\xff\xfe\n",
        (f"<sources.csv>:2 — expected {BINARY}",),
    ),
    Case(
        "binary-garbage",
        "sources",
        bytes(range(256)) * 4,
        (f"<sources.csv>:1 — expected {BINARY}",),
    ),
    Case(
        "png-image-saved-as-csv",
        "sources",
        # \x89PNG, CR LF (line break 1), \x1a, LF (line break 2), then the first NUL on line 3.
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        (f"<sources.csv>:3 — expected {BINARY}",),
    ),
    Case(
        "utf16-file",
        "organisations",
        organisations({}).encode("utf-16"),  # with a byte-order mark
        ("<organisations.csv> — expected UTF-8 text, not UTF-16 (save the file as 'CSV UTF-8')",),
    ),
    Case(
        "utf16-big-endian-without-a-mark",
        "organisations",
        organisations({}).encode("utf-16-be"),
        ("<organisations.csv> — expected UTF-8 text, not UTF-16 (save the file as 'CSV UTF-8')",),
    ),
    Case(
        "utf32-file",
        "organisations",
        organisations({}).encode("utf-32"),
        ("<organisations.csv> — expected UTF-8 text, not UTF-32 (save the file as 'CSV UTF-8')",),
    ),
    Case(
        "xlsx-workbook-saved-as-csv",
        "adoption",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"[Content_Types].xml" + b"\x00" * 64,
        (f"<adoption.csv> — expected {WORKBOOK}",),
    ),
    Case(
        "xls-workbook-saved-as-csv",
        "organisations",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 120,
        (f"<organisations.csv> — expected {WORKBOOK}",),
    ),
    Case(
        "crlf-keeps-line-numbers",
        "organisations",
        organisations({}, {**RCMP, "sector": "police"}, newline="\r\n"),
        (f"<organisations.csv>:3: column 'sector': value 'police' — expected {SECTORS}",),
    ),
    # --- empty files and headers ------------------------------------------------------------------------
    Case(
        "empty-file",
        "sources",
        b"",
        (f"<sources.csv>:1 — expected a header line naming the columns: {SOURCES_COLUMNS}",),
    ),
    Case(
        "byte-order-mark-only",
        "sources",
        b"\xef\xbb\xbf",
        (f"<sources.csv>:1 — expected a header line naming the columns: {SOURCES_COLUMNS}",),
    ),
    Case(
        "header-only",
        "organisations",
        "id,name,sector,sector_basis,country,country_basis,basis_note,source_id\n",
        ("<organisations.csv>:2 — expected at least one row of data below the header",),
    ),
    Case(
        "header-only-without-final-newline",
        "organisations",
        "id,name,sector,sector_basis,country,country_basis,basis_note,source_id",
        ("<organisations.csv>:2 — expected at least one row of data below the header",),
    ),
    Case(
        "missing-column",
        "organisations",
        "id,name,sector,sector_basis,country_basis,basis_note,source_id\n"
        "thorn,Thorn,civil society,inferred,inferred,,rasmin-summit-report\n",
        ("<organisations.csv>:1: column 'country' — expected this column in the header; it is missing",),
    ),
    Case(
        "extra-column",
        "organisations",
        "id,name,sector,sector_basis,country,country_basis,basis_note,source_id,website\nthorn,Thorn,civil society,inferred,US,inferred,,rasmin-summit-report,https://thorn.org\n",
        (f"<organisations.csv>:1: column 'website' — expected only the columns of the schema: {ORGANISATIONS_COLUMNS}",),
    ),
    Case(
        "duplicated-column",
        "organisations",
        "id,name,sector,sector_basis,country,country_basis,basis_note,source_id,sector\nthorn,Thorn,civil society,inferred,US,inferred,,rasmin-summit-report,industry\n",
        ("<organisations.csv>:1: column 'sector' — expected each column to appear once in the header",),
    ),
    Case(
        "misspelt-column",
        "sources",
        table(SOURCE, {}).replace(",title,", ",titel,", 1),
        (
            "<sources.csv>:1: column 'titel' — expected only the columns of the schema (did you mean 'title'?): "
            + SOURCES_COLUMNS,
            "<sources.csv>:1: column 'title' — expected this column in the header; it is missing",
        ),
    ),
    Case(
        "columns-in-another-order",
        "organisations",
        "id,name,country,country_basis,sector,sector_basis,basis_note,source_id\n"
        "thorn,Thorn,US,inferred,civil society,inferred,,rasmin-summit-report\n",
        (f"<organisations.csv>:1 — expected the columns in this order: {ORGANISATIONS_COLUMNS}",),
    ),
    Case(
        "unnamed-column-from-trailing-commas",
        "organisations",
        "id,name,sector,sector_basis,country,country_basis,basis_note,source_id,\nthorn,Thorn,civil society,inferred,US,inferred,,rasmin-summit-report,\n",
        ("<organisations.csv>:1: column '' — expected every column in the header to have a name",),
    ),
    # --- rows with the wrong number of fields --------------------------------------------------------
    Case(
        "too-many-fields",
        "organisations",
        organisations({}, {**RCMP, "source_id": "rasmin-summit-report,extra"}),
        ("<organisations.csv>:3 — expected 8 fields as in the header, found 9",),
    ),
    Case(
        "too-few-fields-after-a-multiline-field",
        "organisations",
        # Lines 2-4 are one record (two line breaks inside quotes); line 5 lacks its country.
        organisations({"name": '"Thorn\n\n(US)"'}, RCMP).replace(",CA,", ",", 1),
        ("<organisations.csv>:5 — expected 8 fields as in the header, found 7",),
    ),
    Case(
        "too-many-and-too-few-fields",
        "organisations",
        "id,name,sector,sector_basis,country,country_basis,basis_note,source_id\n"
        "thorn,Thorn,civil society,inferred,US,inferred,,rasmin-summit-report\n"
        "rcmp,Royal Canadian Mounted Police,law enforcement,stated,CA,stated,,rasmin-summit-report,\n"
        "tech-coalition,Tech Coalition,industry\n",
        (
            "<organisations.csv>:3 — expected 8 fields as in the header, found 9",
            "<organisations.csv>:4 — expected 8 fields as in the header, found 3",
        ),
    ),
    Case(
        "unterminated-quote",
        "organisations",
        # The quote opened on line 3 runs to the end of the file: one record of two fields.
        organisations({}, {**RCMP, "name": '"Royal Canadian Mounted Police'}),
        ("<organisations.csv>:3 — expected 8 fields as in the header, found 2",),
    ),
    # --- wrong types ----------------------------------------------------------------------------------
    Case(
        "text-in-a-number-column",
        "statistics",
        statistics({}, {"id": "summit-length-b", "value": "about 300"}),
        (f"<statistics.csv>:3: column 'value': value 'about 300' — expected {NUMBER}",),
    ),
    Case(
        "thousands-separator-in-a-number",
        "statistics",
        statistics({"value": '"1,200"'}),
        (f"<statistics.csv>:2: column 'value': value '1,200' — expected {NUMBER}",),
    ),
    Case(
        "unit-inside-a-number",
        "adoption",
        adoption_csv({"time_value": "12 months"}),
        (f"<adoption.csv>:2: column 'time_value': value '12 months' — expected {NUMBER}",),
    ),
    Case(
        "text-in-an-integer-column",
        "adoption",
        adoption_csv({"milestone": "100 million"}),
        (f"<adoption.csv>:2: column 'milestone': value '100 million' — expected {INTEGER}",),
    ),
    Case(
        "decimal-in-an-integer-column",
        "household_adoption",
        table(HOUSEHOLD, {}, {"year": "1916.0"}),
        (f"<household_adoption.csv>:3: column 'year': value '1916.0' — expected {INTEGER}",),
    ),
    Case(
        "integer-too-large-for-int64",
        "household_adoption",
        table(HOUSEHOLD, {"year": "99999999999999999999"}),
        # More digits than a 64-bit integer holds: refused as a whole number before any range is checked.
        (f"<household_adoption.csv>:2: column 'year': value '99999999999999999999' — expected {INTEGER}",),
    ),
    Case(
        "digits-of-another-script-in-an-integer-column",
        "household_adoption",
        # Arabic-Indic digits for 1916: Python's \d matches them, pyarrow's number parser does not.
        table(HOUSEHOLD, {}, {"year": "١٩١٦"}),
        (f"<household_adoption.csv>:3: column 'year': value '١٩١٦' — expected {INTEGER}",),
    ),
    Case(
        "fullwidth-digits-in-a-number-column",
        "household_adoption",
        table(HOUSEHOLD, {"percent": "１０"}),
        (f"<household_adoption.csv>:2: column 'percent': value '１０' — expected {NUMBER}",),
    ),
    Case(
        "bad-boolean",
        "adoption",
        adoption_csv({"approximate": "yes"}),
        ("<adoption.csv>:2: column 'approximate': value 'yes' — expected true or false",),
    ),
    Case(
        "boolean-in-capitals",
        "statistics",
        statistics({"comparable": "TRUE"}),
        ("<statistics.csv>:2: column 'comparable': value 'TRUE' — expected true or false",),
    ),
    # --- values out of range ------------------------------------------------------------------------------
    Case(
        "negative-duration",
        "adoption",
        adoption_csv({}, {"id": "b", "time_value": "-0.5"}),
        ("<adoption.csv>:3: column 'time_value': value '-0.5' — expected a value greater than 0",),
    ),
    Case(
        "zero-duration-written-as-decimal",
        "adoption",
        adoption_csv({"time_value": "0.0"}),
        ("<adoption.csv>:2: column 'time_value': value '0.0' — expected a value greater than 0",),
    ),
    Case(
        "negative-count",
        "statistics",
        statistics({"value": "-5"}),
        ("<statistics.csv>:2: column 'value': value '-5' — expected a value of at least 0",),
    ),
    Case(
        "percent-over-100",
        "household_adoption",
        table(HOUSEHOLD, {}, {"year": "1916", "percent": "101"}),
        ("<household_adoption.csv>:3: column 'percent': value '101' — expected a value of at most 100",),
    ),
    Case(
        "milestone-on-the-launch-day",
        "adoption",
        adoption_csv({"launch_date": "2010-04-03", "milestone_date": "2010-04-03"}),
        (
            "<adoption.csv>:2: column 'milestone_date': value '2010-04-03' — expected a date after the "
            "launch_date (2010-04-03)",
        ),
    ),
    Case(
        "milestone-before-the-launch",
        "adoption",
        adoption_csv({}, {"id": "b", "launch_date": "2016-07-06", "milestone_date": "2015-12"}),
        ("<adoption.csv>:3: column 'milestone_date': value '2015-12' — expected a date after the launch_date (2016-07-06)",),
    ),
    Case(
        "session-ending-before-it-starts",
        "sessions",
        table(SESSION, {"start_time": "10:00", "end_time": "09:30"}),
        ("<sessions.csv>:2: column 'end_time': value '09:30' — expected a time after the start_time (10:00)",),
    ),
    # --- dates --------------------------------------------------------------------------------------------------
    Case(
        "february-30",
        "adoption",
        adoption_csv({"launch_date": "2023-02-30"}),
        (f"<adoption.csv>:2: column 'launch_date': value '2023-02-30' — expected {PARTIAL_DATE}",),
    ),
    Case(
        "month-13",
        "adoption",
        adoption_csv({}, {"id": "b", "milestone_date": "2023-13"}),
        (f"<adoption.csv>:3: column 'milestone_date': value '2023-13' — expected {PARTIAL_DATE}",),
    ),
    Case(
        "february-29-of-a-common-year-in-a-date-column",
        "sessions",
        table(SESSION, {"date": "2023-02-29"}),
        ("<sessions.csv>:2: column 'date': value '2023-02-29' — expected a date written YYYY-MM-DD",),
    ),
    Case(
        "date-without-leading-zero",
        "sessions",
        table(SESSION, {"date": "2024-12-4"}),
        ("<sessions.csv>:2: column 'date': value '2024-12-4' — expected a date written YYYY-MM-DD",),
    ),
    Case(
        "date-of-the-other-day",
        "sessions",
        table(SESSION, {"date": "2024-12-05"}),
        ("<sessions.csv>:2: column 'date': value '2024-12-05' — expected 2024-12-04, the date of day 1",),
    ),
    # --- unknown values -------------------------------------------------------------------------------------
    Case(
        "unknown-sector",
        "organisations",
        organisations({}, {**RCMP, "sector": "NGO"}),
        (f"<organisations.csv>:3: column 'sector': value 'NGO' — expected {SECTORS}",),
    ),
    Case(
        "unknown-theme",
        "session_themes",
        table(THEME, {}, {"theme": "AI"}),
        (f"<session_themes.csv>:3: column 'theme': value 'AI' — expected {THEMES}",),
    ),
    Case(
        "unknown-population",
        "household_adoption",
        table(HOUSEHOLD, {}, {"year": "1916", "population": "US individuals"}),
        ("<household_adoption.csv>:3: column 'population': value 'US individuals' — expected one of: US households, "
         "US adults",),
    ),
    Case(
        "enum-value-in-another-case",
        "session_people",
        table(SESSION_PERSON, {"part": "Speaker"}),
        (f"<session_people.csv>:2: column 'part': value 'Speaker' — expected {PARTS}",),
    ),
    Case(
        "unknown-unit-reported-once",
        "adoption",
        # The unit is unknown, so the row also has a time_value without a unit: one problem for the cell.
        adoption_csv({"time_unit": "fortnights"}),
        (f"<adoption.csv>:2: column 'time_unit': value 'fortnights' — expected {TIME_UNITS}",),
    ),
    Case(
        "very-long-unknown-value-is-shortened",
        "organisations",
        organisations({"sector": "x" * 200}),
        ("<organisations.csv>:2: column 'sector': value '" + "x" * 79 + "…' — expected " + SECTORS,),
    ),
    Case(
        "pattern-mismatch",
        "organisations",
        organisations({"country": "usa"}),
        ("<organisations.csv>:2: column 'country': value 'usa' — expected text matching the pattern '[A-Z]{2}'",),
    ),
    Case(
        "series-value-over-a-range-of-years",
        "statistics",
        statistics({"series": "example-series", "period": "2019-2020"}),
        (
            "<statistics.csv>:2: column 'period': value '2019-2020' — expected a single year (YYYY) for a value "
            "of a series",
        ),
    ),
    # --- required values and spaces --------------------------------------------------------------------
    Case(
        "empty-required-value",
        "organisations",
        organisations({}, {**RCMP, "name": ""}),
        (f"<organisations.csv>:3: column 'name': value '' — expected {REQUIRED}",),
    ),
    Case(
        "trailing-space-in-quotes",
        "organisations",
        organisations({"name": '"Thorn "'}),
        (f"<organisations.csv>:2: column 'name': value 'Thorn ' — expected {NO_SPACES}",),
    ),
    Case(
        "leading-space-in-an-id-reported-once",
        "organisations",
        organisations({}, {**RCMP, "id": " rcmp"}),
        (f"<organisations.csv>:3: column 'id': value ' rcmp' — expected {NO_SPACES}",),
    ),
    Case(
        "spaces-around-a-number",
        "adoption",
        adoption_csv({"time_value": " 16 "}),
        (f"<adoption.csv>:2: column 'time_value': value ' 16 ' — expected {NO_SPACES}",),
    ),
    Case(
        "blank-required-value",
        "organisations",
        organisations({"name": "   "}),
        (f"<organisations.csv>:2: column 'name': value '   ' — expected {NO_SPACES}",),
    ),
    # --- keys -------------------------------------------------------------------------------------------------
    Case(
        "duplicate-id-three-times",
        "organisations",
        organisations({}, RCMP, {"name": "Thorn (again)"}, {"name": "Thorn (thrice)"}),
        (
            "<organisations.csv>:4: column 'id': value 'thorn' — expected a unique value; line 2 has it already",
            "<organisations.csv>:5: column 'id': value 'thorn' — expected a unique value; line 2 has it already",
        ),
    ),
    Case(
        "duplicate-composite-key-of-two-columns",
        "session_themes",
        table(THEME, {}, {"theme": "law enforcement"}, {"source_id": "weprotect-summit-page"}),
        (
            "<session_themes.csv>:4: column 'session_id + theme': value 'd1-opening, prevention' — expected a unique "
            "value; line 2 has it already",
        ),
    ),
    Case(
        "duplicate-composite-key-with-an-integer",
        "household_adoption",
        table(HOUSEHOLD, {}, {"year": "1916"}, {"percent": "11"}),
        (
            "<household_adoption.csv>:4: column 'technology + year': value 'Automobile, 1915' — expected a unique "
            "value; line 2 has it already",
        ),
    ),
    Case(
        "duplicate-composite-key-of-three-columns-after-a-blank-line",
        "session_people",
        # Line 3 is blank; the duplicate of line 2 is on line 5.
        table(SESSION_PERSON, {}, {"part": "host"}, {"source_id": "weprotect-summit-page"}).replace(
            "speaker,stated,,rasmin-summit-report\n", "speaker,stated,,rasmin-summit-report\n\n", 1
        ),
        (
            "<session_people.csv>:5: column 'session_id + person_id + part': value 'd1-opening, iain-drennan, "
            "speaker' — expected a unique value; line 2 has it already",
        ),
    ),
    Case(
        "duplicate-position-in-a-day",
        "sessions",
        table(SESSION, {}, {**KEYNOTE, "sequence": "1"}),
        (
            "<sessions.csv>:3: column 'sequence': value '1' — expected a position not used by another session of "
            "the same day",
        ),
    ),
    Case(
        "duplicate-year-in-a-series",
        "statistics",
        statistics(
            {"id": "a", "series": "example-series", "period": "2019"},
            {"id": "b", "series": "example-series", "period": "2020"},
            {"id": "c", "series": "example-series", "period": "2019"},
        ),
        ("<statistics.csv>:4: column 'period': value '2019' — expected a year not already given for this series",),
    ),
    Case(
        "two-populations-in-one-series",
        "household_adoption",
        # Rows 2 and 4 agree; row 3 switches the automobile series from households to adults. Another
        # technology may measure another population.
        table(HOUSEHOLD, {}, {"year": "1916", "population": "US adults"}, {"year": "1917"},
              {"technology": "Tablet", "year": "2010", "population": "US adults"}),
        (
            "<household_adoption.csv>:3: column 'population': value 'US adults' — expected 'US households', as in the "
            "first row of Automobile: a series measures one population",
        ),
    ),
    # --- foreign keys ---------------------------------------------------------------------------------------
    Case(
        "dangling-foreign-key-with-a-suggestion",
        "people",
        table(PERSON, {}, {"id": "someone", "name": "Someone", "organisation_id": "thorne"}),
        ("<people.csv>:3: column 'organisation_id': value 'thorne' — expected an id listed in organisations.csv "
         "(did you mean 'thorn'?)",),
    ),
    Case(
        "dangling-foreign-key-without-a-suggestion",
        "session_people",
        table(SESSION_PERSON, {"person_id": "zzzz"}),
        ("<session_people.csv>:2: column 'person_id': value 'zzzz' — expected an id listed in people.csv",),
    ),
    Case(
        "dangling-session-of-a-theme",
        "session_themes",
        table(THEME, {"session_id": "d3-opening"}),
        (
            "<session_themes.csv>:2: column 'session_id': value 'd3-opening' — expected an id listed in sessions.csv "
            "(did you mean 'd1-opening'?)",
        ),
    ),
    Case(
        "dangling-speaker-of-a-statistic",
        "statistics",
        statistics({}, {"id": "summit-length-b", "cited_by": "nobody-in-particular-xyz"}),
        ("<statistics.csv>:3: column 'cited_by': value 'nobody-in-particular-xyz' — expected an id listed in people.csv",),
    ),
    Case(
        "problem-in-a-referenced-table",
        "sources",
        table(SOURCE, {"id": "rasmin-summit-report"}, {"id": "UBS note", "citation": "UBS (2023)"}),
        (f"<sources.csv>:3: column 'id': value 'UBS note' — expected {ID_PATTERN}",),
        loader="organisations",
    ),
    Case(
        "problem-in-a-table-referenced-twice-is-reported-once",
        "sources",
        table(SOURCE, {"id": "rasmin-summit-report"}, {"id": "UBS note", "citation": "UBS (2023)"}),
        (f"<sources.csv>:3: column 'id': value 'UBS note' — expected {ID_PATTERN}",),
        loader="people",
    ),
    # --- line numbers -----------------------------------------------------------------------------------------
    Case(
        "error-after-a-multiline-field",
        "adoption",
        # The note spans lines 2-4; the next row is line 5.
        adoption_csv({"note": '"first line\nsecond line\nthird line"'}, {"id": "b", "category": "gadget"}),
        (
            "<adoption.csv>:5: column 'category': value 'gadget' — expected one of: device, platform, app, vehicle, "
            "network",
        ),
    ),
    Case(
        "error-inside-a-multiline-field",
        "adoption",
        adoption_csv({}, {"id": "b", "metric": '"users\nweekly"'}),
        ("<adoption.csv>:3: column 'metric': value 'users\\nweekly' — expected " + METRICS,),
    ),
    Case(
        "multiline-field-in-a-crlf-file",
        "organisations",
        # Lines 2-3 are one record (a CRLF inside quotes); the bad row is line 4.
        organisations({"name": '"Thorn\r\n(US)"'}, {**RCMP, "country": "CAN"}, newline="\r\n"),
        ("<organisations.csv>:4: column 'country': value 'CAN' — expected text matching the pattern '[A-Z]{2}'",),
    ),
    Case(
        "blank-lines-are-counted",
        "organisations",
        # Lines: 1 header, 2 blank, 3 thorn, 4 and 5 blank, 6 rcmp.
        organisations({}, {**RCMP, "sector": "police"}).replace("\n", "\n\n", 1).replace("\nrcmp", "\n\n\nrcmp"),
        (f"<organisations.csv>:6: column 'sector': value 'police' — expected {SECTORS}",),
    ),
    Case(
        "several-problems-in-file-order",
        "adoption",
        adoption_csv(
            {"id": "a", "time_value": "-1"},
            {"id": "b", "note": '"two\nlines"', "source_id": "nowhere"},
            {"id": "c", "approximate": "maybe"},
        ),
        (
            "<adoption.csv>:2: column 'time_value': value '-1' — expected a value greater than 0",
            "<adoption.csv>:3: column 'source_id': value 'nowhere' — expected an id listed in sources.csv",
            "<adoption.csv>:5: column 'approximate': value 'maybe' — expected true or false",
        ),
    ),
    # --- one bad cell, one problem ------------------------------------------------------------------------
    Case(
        "day-out-of-range",
        "sessions",
        table(SESSION, {"day": "3"}),
        ("<sessions.csv>:2: column 'day': value '3' — expected a value of at most 2",),
    ),
    Case(
        "day-that-is-not-a-number",
        "sessions",
        table(SESSION, {"day": "one"}),
        (f"<sessions.csv>:2: column 'day': value 'one' — expected {INTEGER}",),
    ),
    Case(
        "session-placed-without-a-day",
        "sessions",
        table(SESSION, {"day": ""}),
        (
            f"<sessions.csv>:2: column 'date': value '2024-12-04' — expected {NO_DAY}",
            f"<sessions.csv>:2: column 'sequence': value '1' — expected {NO_DAY}",
            f"<sessions.csv>:2: column 'start_time': value '09:00' — expected {NO_DAY}",
        ),
    ),
    # --- the basis of a programme fact: present exactly where the fact is -------------------------------------
    Case(
        "host-without-a-basis",
        "sessions",
        table(SESSION, {"host_basis": ""}),
        ("<sessions.csv>:2: column 'host_basis': value '' — expected 'stated' or 'inferred', because "
         "host_organisation_id is given",),
    ),
    Case(
        "basis-of-a-host-that-is-not-given",
        "sessions",
        table(SESSION, {}, {**KEYNOTE, "host_basis": "inferred"}),
        ("<sessions.csv>:3: column 'host_basis': value 'inferred' — expected no value, because "
         "host_organisation_id is empty",),
    ),
    Case(
        "basis-of-a-country-that-is-not-given",
        "organisations",
        organisations({"country": ""}),
        ("<organisations.csv>:2: column 'country_basis': value 'inferred' — expected no value, because country is "
         "empty",),
    ),
    Case(
        "part-without-a-basis",
        "session_people",
        table(SESSION_PERSON, {"part_basis": ""}),
        (f"<session_people.csv>:2: column 'part_basis': value '' — expected {REQUIRED}",),
    ),
    Case(
        "basis-in-capitals",
        "organisations",
        organisations({"sector_basis": "Stated"}),
        ("<organisations.csv>:2: column 'sector_basis': value 'Stated' — expected one of: stated, inferred",),
    ),
]


def _expand(message: str, data_dir: Path) -> str:
    return re.sub(r"<([a-z_]+\.csv)>", lambda m: str(data_dir / m.group(1)), message)


def _param(case: Case | Loads):
    marks = [pytest.mark.xfail(strict=True, reason=case.bug, raises=case.raises)] if case.bug else []
    return pytest.param(case, id=case.id, marks=marks)


def _write(data_dir: Path, case: Case) -> None:
    content = case.content.encode("utf-8") if isinstance(case.content, str) else case.content
    (data_dir / f"{case.table}.csv").write_bytes(content)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Validated tables are cached on disk by content; keep this test's out of the project's .cache/."""
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache")


def test_case_ids_are_unique():
    ids = [c.id for c in CASES]
    assert len(set(ids)) == len(ids) >= 30
    assert not set(ids) & {c.id for c in LOADS}  # test_fuzz.py finds cases by id in both lists


# An exception raised and swallowed inside the loader (pyarrow's "Exception ignored in ...") fails the test.
@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_input(case: Case, data_dir: Path):
    _write(data_dir, case)
    with pytest.raises(DataError) as excinfo:
        LOADERS[case.loader or case.table](data_dir)
    assert [str(p) for p in excinfo.value.problems] == [_expand(m, data_dir) for m in case.expected]


# --- input that must load ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loads:
    id: str
    table: str
    content: str | bytes
    check: Callable[[pd.DataFrame], None]
    bug: str | None = None
    raises: type[BaseException] | None = None
    loader: str | None = None


def _values(column: str, expected: list) -> Callable[[pd.DataFrame], None]:
    def check(frame: pd.DataFrame) -> None:
        assert [None if pd.isna(v) else v for v in frame[column]] == expected

    return check


def _all(*checks: Callable[[pd.DataFrame], None]) -> Callable[[pd.DataFrame], None]:
    def check(frame: pd.DataFrame) -> None:
        for c in checks:
            c(frame)

    return check


LONG_NOTE = ("A very long note. " * 5556)[:99_997] + "End"
assert len(LONG_NOTE) == 100_000

LOADS = [
    Loads(
        "byte-order-mark",
        "organisations",
        b"\xef\xbb\xbf" + organisations({}, RCMP).encode(),
        _all(_values("id", ["thorn", "rcmp"]), _values("country", ["US", "CA"])),
    ),
    Loads(
        "crlf-line-endings",
        "adoption",
        adoption_csv({}, {"id": "b", "note": '"two\r\nlines"'}).replace("\n", "\r\n").replace("\r\r\n", "\r\n"),
        _all(_values("id", ["ref-example", "b"]), _values("note", [None, "two\r\nlines"])),
    ),
    Loads(
        "byte-order-mark-and-crlf",
        "sessions",
        b"\xef\xbb\xbf" + table(SESSION, {}, KEYNOTE, newline="\r\n").encode(),
        _all(_values("id", ["d1-opening", "d1-keynote"]), _values("end_time", ["10:00", "10:30"])),
    ),
    Loads(
        "no-final-newline",
        "organisations",
        organisations({}, RCMP).rstrip("\n"),
        _values("source_id", ["rasmin-summit-report", "rasmin-summit-report"]),
    ),
    Loads(
        "text-that-pandas-reads-as-missing",
        "adoption",
        adoption_csv(
            {"id": "a", "technology": "NA", "note": "None"},
            {"id": "b", "technology": "null", "stated_by": "NaN", "note": "N/A"},
            {"id": "c", "technology": "nan", "stated_by": "#N/A", "note": "NULL"},
            {"id": "d", "technology": "None", "note": ""},
        ),
        _all(
            _values("technology", ["NA", "null", "nan", "None"]),
            _values("stated_by", [None, "NaN", "#N/A", None]),
            _values("note", ["None", "N/A", "NULL", None]),
        ),
    ),
    Loads(
        "country-code-of-namibia",
        "organisations",
        organisations({"country": "NA"}, {**RCMP, "country": "", "country_basis": ""}),
        _values("country", ["NA", None]),
    ),
    Loads(
        "integer-with-a-plus-sign",
        "household_adoption",
        # The integer pattern accepts a sign (as Frictionless does), and '+10' in a number column loads.
        table(HOUSEHOLD, {"year": "+1916", "percent": "+10"}),
        _all(_values("year", [1916]), _values("percent", [10.0])),
    ),
    Loads(
        "very-long-note",
        "adoption",
        adoption_csv({"note": LONG_NOTE}),
        _values("note", [LONG_NOTE]),
    ),
    Loads(
        "quotes-commas-newlines-and-unicode-in-quoted-fields",
        "organisations",
        organisations(
            {"name": '"Social & ""Media"" Matters, Delhi"'},
            {**RCMP, "name": '"Gendarmerie royale du Canada\n— العربية 中文 🚓"'},
        ),
        _values("name", ['Social & "Media" Matters, Delhi', "Gendarmerie royale du Canada\n— العربية 中文 🚓"]),
    ),
]


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("case", [_param(c) for c in LOADS])
def test_input_that_must_load(case: Loads, data_dir: Path):
    content = case.content.encode("utf-8") if isinstance(case.content, str) else case.content
    (data_dir / f"{case.table}.csv").write_bytes(content)
    case.check(LOADERS[case.loader or case.table](data_dir))


# --- the same cases through the command line ----------------------------------------------------------------

CLI_CASES = [
    "bom-keeps-line-numbers",
    "latin1-in-a-row-with-too-many-fields",
    "latin1-after-a-multiline-field",
    "nul-bytes-after-the-header",
    "xlsx-workbook-saved-as-csv",
    "missing-column",
    "too-many-and-too-few-fields",
    "duplicate-composite-key-of-two-columns",
    "several-problems-in-file-order",
]


def _cli_param(case: Case):
    # Through the command line, every bug shows as output other than the expected lines.
    marks = [pytest.mark.xfail(strict=True, reason=case.bug, raises=AssertionError)] if case.bug else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_cli_param(c) for c in CASES if c.id in CLI_CASES])
def test_bad_input_through_the_command_line(case: Case, data_dir: Path, tmp_path: Path, monkeypatch, capsys):
    from analysis.cli import main

    _write(data_dir, case)
    out = tmp_path / "figures"
    out.mkdir()
    (out / "adoption-trend.png").write_bytes(b"previous")
    monkeypatch.setenv(config.DATA_DIR_VARIABLE, str(config.DATA_DIR))  # `--data-dir` sets it; restored after

    status = main(["--data-dir", str(data_dir), "figures", "--out", str(out)])

    stderr = capsys.readouterr().err
    messages = [_expand(m, data_dir) for m in case.expected]
    assert status == 2, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines() == [
        f"error: {len(messages)} problem(s) in the data; nothing was written.",
        *messages,
    ]
    assert [p.name for p in out.iterdir()] == ["adoption-trend.png"]
    assert (out / "adoption-trend.png").read_bytes() == b"previous"


def test_every_cli_case_exists():
    assert set(CLI_CASES) <= {c.id for c in CASES}

