"""The summit tables: loaders, integrity rules with their exact messages, and the computations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError
from analysis.data.load import (
    load_all,
    load_organisations,
    load_people,
    load_session_people,
    load_session_themes,
    load_sessions,
    load_statistics,
)
from analysis.compute.summit import (
    basis_counts,
    non_speakers,
    programme,
    sector_mix,
    separate_sessions,
    session_people_view,
    speakers,
    theme_count,
    theme_coverage,
)
from analysis.text.summit import (
    basis_table,
    published_times_sentence,
    sector_table,
    session_people_table,
    session_table,
    sessions_basis_sentence,
    speakers_sentence,
    theme_table,
    themes_sentence,
)
from .markdown import unescaped


@pytest.fixture(scope="module")
def tables():
    return load_all()


def replace_line(data_dir: Path, name: str, old: str, new: str) -> Path:
    path = data_dir / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def problems(loader, data_dir) -> list[str]:
    with pytest.raises(DataError) as excinfo:
        loader(data_dir)
    return [str(p) for p in excinfo.value.problems]


# --- the committed data ------------------------------------------------------------------------------


def test_table_sizes(tables):
    assert {name: len(frame) for name, frame in tables.items()} == {
        "sources": 32,
        "adoption": 25,
        "household_adoption": 474,
        "organisations": 14,
        "people": 15,
        "sessions": 21,
        "session_themes": 33,
        "session_people": 18,
        "statistics": 59,
    }


def test_only_published_times_are_given(tables):
    timed = tables["sessions"].dropna(subset=["start_time"]).set_index("id")
    assert timed[["start_time", "end_time"]].to_dict("index") == {
        "d1-opening": {"start_time": "09:00", "end_time": "10:00"},
        "d1-keynote-humanity-tech-future": {"start_time": "10:00", "end_time": "10:30"},
        "d1-new-horizons": {"start_time": "10:30", "end_time": "11:15"},
    }


def test_sessions_dtypes(tables):
    sessions = tables["sessions"]
    assert sessions["day"].dtype == "Int64"
    assert sessions["date"].dtype.kind == "M"
    assert sessions["format"].dtype.name == "category"
    assert sessions.set_index("id").at["d2-closing-address", "date"] == pd.Timestamp("2024-12-05")


def test_statistics_linked_to_adoption_agree_with_it(tables):
    statistics, adoption = tables["statistics"], tables["adoption"].set_index("id")
    linked = statistics.dropna(subset=["adoption_id"])
    assert len(linked) == 4
    for row in linked.itertuples():
        assert row.value == adoption.at[row.adoption_id, "time_value"]
        assert row.unit == adoption.at[row.adoption_id, "time_unit"]
        assert row.cited_by == "julie-cordua"


def test_ncmec_2024_is_flagged_not_comparable(tables):
    statistics = tables["statistics"].set_index("id")
    assert statistics.at["ncmec-reports-2024", "comparable"] == False  # noqa: E712 (pandas boolean)
    assert statistics.at["ncmec-reports-2023", "comparable"] == True  # noqa: E712
    assert statistics.at["ncmec-reports-2024", "status"] == "weak"
    assert statistics.at["ncmec-reports-2020", "value"] == 21_751_085


def test_country_code_na_stays_text(data_dir):
    replace_line(data_dir, "organisations.csv", "safe-futures-hub,Safe Futures Hub,civil society,inferred,,,",
                 "safe-futures-hub,Safe Futures Hub,civil society,inferred,NA,inferred,")
    organisations = load_organisations(data_dir).set_index("id")
    assert organisations.at["safe-futures-hub", "country"] == "NA"


# --- how each programme fact is known: stated in the row's source, or inferred by the project -----------


def test_basis_of_every_programme_fact(tables):
    counts = basis_counts(tables).set_index("column")
    assert counts[["stated", "inferred", "not given"]].to_dict("index") == {
        "session_basis": {"stated": 11, "inferred": 10, "not given": 0},
        "format_basis": {"stated": 15, "inferred": 6, "not given": 0},
        "host_basis": {"stated": 1, "inferred": 4, "not given": 16},
        "part_basis": {"stated": 15, "inferred": 3, "not given": 0},
        "sector_basis": {"stated": 5, "inferred": 9, "not given": 0},
        "country_basis": {"stated": 4, "inferred": 3, "not given": 7},
    }
    for table, column in (("sessions", "session_basis"), ("session_people", "part_basis"),
                          ("organisations", "country_basis")):
        assert list(tables[table][column].cat.categories) == ["stated", "inferred"]


def test_sessions_that_are_topics_or_remarks_are_inferred(tables):
    sessions = tables["sessions"].set_index("id")
    inferred = sessions.index[sessions["session_basis"] == "inferred"].tolist()
    assert inferred == [
        "d1-remarks-technology-and-investigations", "d1-speed-of-adoption", "d1-panel-ai",
        "d1-panel-survivor-perspectives", "d1-breakout-ai-generated-material", "films-sextortion-grooming",
        "d2-ai-against-abuse", "d2-law-enforcement-innovation", "d2-international-collaboration",
        "d2-regulation-legal-reform",
    ]
    assert separate_sessions(tables["sessions"]) == 11
    # The four day-2 topics of the report's overview: neither their sessions nor their format are in the source.
    day2_topics = sessions.loc[["d2-ai-against-abuse", "d2-law-enforcement-innovation",
                                "d2-international-collaboration", "d2-regulation-legal-reform"]]
    assert (day2_topics[["session_basis", "format_basis"]] == "inferred").all().all()
    # Formats the sources name are stated.
    assert sessions.loc[["d1-keynote-humanity-tech-future", "d1-building-the-case-for-prevention",
                         "d1-breakout-frontline-wellbeing", "d2-closing-fireside-chat"], "format_basis"].eq("stated").all()
    # Every inference about a session says why.
    why = sessions[(sessions[["session_basis", "format_basis", "host_basis"]] == "inferred").any(axis=1)]
    assert why["basis_note"].notna().all()
    assert sessions.at["breakout-using-ai", "host_basis"] == "stated"
    assert sessions.at["ministerial-session", "host_basis"] == "inferred"


def test_organisations_sector_and_country_basis(tables):
    organisations = tables["organisations"].set_index("id")
    assert organisations.loc["social-media-matters", ["sector_basis", "country", "country_basis"]].tolist() == [
        "inferred", "IN", "stated"]  # 'an India-based organization', of no stated sector
    assert organisations.loc["thorn", ["sector_basis", "country_basis"]].tolist() == ["inferred", "inferred"]
    assert organisations.loc["rcmp", ["sector_basis", "country_basis"]].tolist() == ["stated", "stated"]
    assert organisations["country_basis"].isna().equals(organisations["country"].isna())


def test_people_met_at_a_side_meeting_are_not_speakers(tables):
    parts = tables["session_people"].set_index("person_id")
    assert parts.loc["pratishtha-arora", ["session_id", "part", "part_basis"]].tolist() == [
        "side-meeting-sextortion-report", "met the author", "stated"]
    assert parts.at["m-c-rasmin", "part"] == "participant"
    assert len(speakers(tables["session_people"])) == 13
    assert "pratishtha-arora" not in speakers(tables["session_people"])
    assert non_speakers(tables["session_people"]).values.tolist() == [
        ["pratishtha-arora", "met the author"], ["m-c-rasmin", "participant"]]


def test_parts_the_project_placed_are_inferred(tables):
    people = tables["session_people"]
    inferred = people[people["part_basis"] == "inferred"]
    assert inferred[["session_id", "person_id"]].values.tolist() == [
        ["d1-opening", "saif-bin-zayed-al-nahyan"],
        ["d1-keynote-humanity-tech-future", "nina-jane-patel"],
        ["d2-law-enforcement-innovation", "brenno-andrade"],
    ]
    assert inferred["basis_note"].notna().all()


def test_almarzooqi_is_director_general_of_the_ministry_not_of_the_alliance(tables):
    people = tables["people"].set_index("id")
    assert people.at["dana-humaid-almarzooqi", "role"] == (
        "Lieutenant Colonel; Director General, UAE Ministry of Interior; board member, WeProtect Global Alliance"
    )
    assert people.at["dana-humaid-almarzooqi", "organisation_id"] == "uae-ministry-of-interior"


def test_summaries_keep_to_what_the_session_is_known_for(tables):
    sessions = tables["sessions"].set_index("id")
    # Patel's quoted words are not placed in her keynote.
    assert sessions.at["d1-keynote-humanity-tech-future", "summary"] == (
        "A keynote on the speed of technological change and what it means for children's safety."
    )
    themes = tables["session_themes"]
    assert themes.loc[themes["session_id"] == "d1-keynote-humanity-tech-future", "theme"].tolist() == [
        "emerging technology and AI"]
    # What the author learned from Brenno Andrade in a private meeting is not the session's content.
    assert sessions.at["d2-law-enforcement-innovation", "summary"] == (
        "New approaches in law enforcement against online child sexual abuse. The report draws on a presentation by "
        "a Brazilian cybercrime police commander and on a private conversation with him together, without saying "
        "which point came from which, so neither is summarised here as the session's content."
    )
    assert "Brazilian law enforcement addresses" not in sessions.at["d2-law-enforcement-innovation", "summary"]


# --- each integrity rule, with its message -----------------------------------------------------------


def test_date_must_match_day(data_dir):
    path = replace_line(data_dir, "sessions.csv", "d2-closing-address,2,2024-12-05,", "d2-closing-address,2,2024-12-04,")
    assert problems(load_sessions, data_dir) == [
        f"{path}:21: column 'date': value '2024-12-04' — expected 2024-12-05, the date of day 2"
    ]


def test_session_without_day_has_no_position(data_dir):
    path = replace_line(data_dir, "sessions.csv", "breakout-using-ai,,,,", "breakout-using-ai,,,3,")
    assert problems(load_sessions, data_dir) == [
        f"{path}:13: column 'sequence': value '3' — expected no value, because the session's day is not given"
    ]


def test_positions_in_a_day_are_unique(data_dir):
    path = replace_line(data_dir, "sessions.csv", "d1-panel-ai,1,2024-12-04,6,", "d1-panel-ai,1,2024-12-04,5,")
    assert problems(load_sessions, data_dir) == [
        f"{path}:7: column 'sequence': value '5' — expected a position not used by another session of the same day"
    ]


def test_session_ends_after_it_starts(data_dir):
    path = replace_line(data_dir, "sessions.csv", ",10:30,11:15,", ",10:30,10:15,")
    assert problems(load_sessions, data_dir) == [
        f"{path}:4: column 'end_time': value '10:15' — expected a time after the start_time (10:30)"
    ]


def test_impossible_time(data_dir):
    path = replace_line(data_dir, "sessions.csv", ",09:00,10:00,", ",9:00,10:00,")
    assert problems(load_sessions, data_dir) == [
        f"{path}:2: column 'start_time': value '9:00' — expected text matching the pattern '([01][0-9]|2[0-3]):[0-5][0-9]'"
    ]


def test_unknown_theme(data_dir):
    path = replace_line(data_dir, "session_themes.csv", "d1-panel-ai,emerging technology and AI,", "d1-panel-ai,artificial intelligence,")
    (message,) = problems(load_session_themes, data_dir)
    assert message.startswith(
        f"{path}:14: column 'theme': value 'artificial intelligence' — expected one of: emerging technology and AI, "
    )


def test_duplicate_theme_of_a_session(data_dir):
    path = replace_line(data_dir, "session_themes.csv", "d1-opening,emerging technology and AI,", "d1-opening,international collaboration,")
    assert problems(load_session_themes, data_dir) == [
        f"{path}:3: column 'session_id + theme': value 'd1-opening, international collaboration' — expected a unique "
        "value; line 2 has it already"
    ]


def test_dangling_person(data_dir):
    path = replace_line(data_dir, "session_people.csv", "d1-speed-of-adoption,julie-cordua,", "d1-speed-of-adoption,julia-cordua,")
    assert problems(load_session_people, data_dir) == [
        f"{path}:7: column 'person_id': value 'julia-cordua' — expected an id listed in people.csv (did you mean 'julie-cordua'?)"
    ]


def test_dangling_organisation(data_dir):
    path = replace_line(data_dir, "people.csv", ",Futurist,,", ",Futurist,futurists-inc,")
    assert problems(load_people, data_dir) == [
        f"{path}:3: column 'organisation_id': value 'futurists-inc' — expected an id listed in organisations.csv"
    ]


def test_unknown_sector(data_dir):
    path = replace_line(data_dir, "organisations.csv", "Tech Coalition,industry,", "Tech Coalition,private sector,")
    assert problems(load_organisations, data_dir) == [
        f"{path}:10: column 'sector': value 'private sector' — expected one of: government, UN and intergovernmental, "
        "civil society, industry, law enforcement, research"
    ]


def test_series_value_needs_a_single_year(data_dir):
    path = replace_line(data_dir, "statistics.csv", "iwf-confirmed-2023,iwf-confirmed,Webpages confirmed as containing child sexual abuse imagery,275652,webpages,exact,2023,", "iwf-confirmed-2023,iwf-confirmed,Webpages confirmed as containing child sexual abuse imagery,275652,webpages,exact,2022-2023,")
    assert problems(load_statistics, data_dir) == [
        f"{path}:42: column 'period': value '2022-2023' — expected a single year (YYYY) for a value of a series"
    ]


def test_series_year_given_twice(data_dir):
    path = replace_line(data_dir, "statistics.csv", "275652,webpages,exact,2023,", "275652,webpages,exact,2022,")
    assert problems(load_statistics, data_dir) == [
        f"{path}:42: column 'period': value '2022' — expected a year not already given for this series"
    ]


def test_unknown_unit_and_negative_value(data_dir):
    path = replace_line(data_dir, "statistics.csv", "iwf-confirmed-2020,iwf-confirmed,Webpages confirmed as containing child sexual abuse imagery,153383,webpages,", "iwf-confirmed-2020,iwf-confirmed,Webpages confirmed as containing child sexual abuse imagery,-153383,pages,")
    found = problems(load_statistics, data_dir)
    assert found[0] == f"{path}:39: column 'value': value '-153383' — expected a value of at least 0"
    assert found[1].startswith(f"{path}:39: column 'unit': value 'pages' — expected one of: children, men, people, ")


def test_dangling_adoption_row(data_dir):
    path = replace_line(data_dir, "statistics.csv", ",summit-tiktok,", ",summit-tik-tok,")
    assert problems(load_statistics, data_dir) == [
        f"{path}:6: column 'adoption_id': value 'summit-tik-tok' — expected an id listed in adoption.csv "
        "(did you mean 'summit-tiktok'?)"
    ]


def test_host_needs_a_basis(data_dir):
    path = replace_line(data_dir, "sessions.csv", ",opening,stated,weprotect-global-alliance,inferred,",
                        ",opening,stated,weprotect-global-alliance,,")
    assert problems(load_sessions, data_dir) == [
        f"{path}:2: column 'host_basis': value '' — expected 'stated' or 'inferred', because host_organisation_id "
        "is given"
    ]


def test_no_basis_without_a_host(data_dir):
    path = replace_line(data_dir, "sessions.csv", ",keynote,stated,,,A keynote", ",keynote,stated,,stated,A keynote")
    assert problems(load_sessions, data_dir) == [
        f"{path}:3: column 'host_basis': value 'stated' — expected no value, because host_organisation_id is empty"
    ]


def test_a_dangling_host_is_reported_once(data_dir):
    path = replace_line(data_dir, "sessions.csv", ",opening,stated,weprotect-global-alliance,inferred,",
                        ",opening,stated,weprotect-alliance,inferred,")
    assert problems(load_sessions, data_dir) == [
        f"{path}:2: column 'host_organisation_id': value 'weprotect-alliance' — expected an id listed in "
        "organisations.csv (did you mean 'weprotect-global-alliance'?)"
    ]


def test_format_needs_a_basis(data_dir):
    path = replace_line(data_dir, "sessions.csv", ",panel,inferred,,,\"New approaches", ",panel,,,,\"New approaches")
    assert problems(load_sessions, data_dir) == [
        f"{path}:17: column 'format_basis': value '' — expected a value (this column is required)"
    ]


def test_country_needs_a_basis(data_dir):
    path = replace_line(data_dir, "organisations.csv", "thorn,Thorn,civil society,inferred,US,inferred,",
                        "thorn,Thorn,civil society,inferred,US,,")
    assert problems(load_organisations, data_dir) == [
        f"{path}:4: column 'country_basis': value '' — expected 'stated' or 'inferred', because country is given"
    ]


def test_unknown_basis_of_a_part(data_dir):
    path = replace_line(data_dir, "session_people.csv", ",met the author,stated,", ",met the author,assumed,")
    assert problems(load_session_people, data_dir) == [
        f"{path}:18: column 'part_basis': value 'assumed' — expected one of: stated, inferred"
    ]


# --- computations --------------------------------------------------------------------------------------


def test_programme_order(tables):
    table = programme(tables["sessions"])
    assert table["id"].tolist()[:3] == ["d1-opening", "d1-keynote-humanity-tech-future", "d1-new-horizons"]
    assert table["day_label"].astype(str).value_counts().to_dict() == {
        "Day 1 (4 Dec)": 10, "Day 2 (5 Dec)": 7, "Day not stated": 4
    }
    assert table.loc[0, "time"] == "09:00–10:00" and table.loc[5, "time"] == ""


def test_theme_coverage_by_day(tables):
    coverage = theme_coverage(tables["sessions"], tables["session_themes"])
    assert coverage.loc["emerging technology and AI"].tolist() == [7, 1, 1]
    assert coverage.loc["regulation and legal reform"].tolist() == [0, 2, 0]
    assert coverage.loc["sextortion and grooming"].tolist() == [0, 0, 2]
    # Nina Jane Patel's words on children's identities are not tied to her keynote, so neither is their theme.
    assert coverage.loc["mental health of children"].tolist() == [0, 1, 1]
    assert int(coverage.to_numpy().sum()) == 33
    assert list(coverage.columns) == ["Day 1 (4 Dec)", "Day 2 (5 Dec)", "Day not stated"]


def test_theme_coverage_by_format(tables):
    coverage = theme_coverage(tables["sessions"], tables["session_themes"], by="format")
    assert coverage.at["emerging technology and AI", "panel"] == 3
    assert coverage.at["law enforcement", "breakout"] == 1
    assert len(coverage.columns) == 10  # every format, even those with no theme counted


def test_sector_mix_of_speakers(tables):
    mix = sector_mix(tables["people"], tables["organisations"], tables["session_people"])
    assert mix.to_dict() == {
        "government": 2, "UN and intergovernmental": 2, "civil society": 4, "industry": 1,
        "law enforcement": 2, "research": 1, "not stated": 1,
    }
    everyone = sector_mix(tables["people"], tables["organisations"])
    assert everyone["civil society"] == 6  # Pratishtha Arora and the report's author, who did not speak, count here


def test_joined_view(tables):
    view = session_people_view(tables["sessions"], tables["session_people"], tables["people"], tables["organisations"])
    assert len(view) == 18
    cordua = view[view["person_id"] == "julie-cordua"].iloc[0]
    assert (cordua["organisation"], cordua["sector"], cordua["day"]) == ("Thorn", "civil society", 1)


def test_session_table_for_people(tables):
    table = session_table(tables["sessions"], tables["session_people"], tables["people"],
                          tables["sources"]).set_index("Session")
    assert table.at["d1-building-the-case-for-prevention", "People"] == (
        "Deborah Denis (panellist); Aengus Ó Dochartaigh (panellist); Nicolas Makharashvili (panellist); "
        "Sean Litton (panellist)"
    )
    assert table.at["d1-panel-ai", "Title"] == "Panel on the role of AI (descriptive)"
    assert table.at["d1-panel-ai", "Time"] == "not published"
    # The basis of each fact: the session itself, its format, each person's part, with the reason for inferences.
    assert list(table.columns) == ["Title", "Day", "Time", "Format", "Summary", "People", "Separate session",
                                   "Basis note", "Source"]
    assert table.loc["d1-panel-ai", ["Format", "Separate session"]].tolist() == ["panel", "inferred"]
    assert table.loc["d2-law-enforcement-innovation", ["Format", "People", "Separate session"]].tolist() == [
        "panel (inferred)", "Brenno Andrade (speaker, inferred)", "inferred"]
    assert table.at["d2-law-enforcement-innovation", "Basis note"] == (
        "One of the topics of day 2 in the report's overview ('discussions'); the project lists it as a session of "
        "its own and calls it a panel."
    )
    assert table.loc["d2-closing-fireside-chat", ["Format", "Separate session", "Basis note"]].tolist() == [
        "fireside chat", "stated", ""]
    assert table.at["side-meeting-sextortion-report", "People"] == (
        "Pratishtha Arora (met the author); M. C. Rasmin (participant)")
    assert (table["Separate session"] == "inferred").sum() == 10
    # The source's citation, as in the other tables; the session id leads back to the row and its source id.
    assert table.at["d1-opening", "Source"] == "WeProtect Global Alliance, 2024 Global Summit event page (2024)"
    assert table.at["d1-panel-ai", "Source"] == (
        "M. C. Rasmin, attendee's report of the summit, International Foundation for Digital Child (n.d.)"
    )
    assert table["Source"].notna().all()


def test_theme_table_has_one_header_row(tables):
    table = theme_table(tables["sessions"], tables["session_themes"])
    assert list(table.columns) == ["Theme", "Day 1 (4 Dec)", "Day 2 (5 Dec)", "Day not stated"]
    assert table.columns.name is None and table.index.name is None
    assert table.iloc[0].tolist() == ["Emerging technology and AI", 7, 1, 1]
    html = table.to_html(index=False)
    assert html.count("<tr") == 1 + len(table)  # one header row, then the themes
    by_format = theme_table(tables["sessions"], tables["session_themes"], by="format")
    assert list(by_format.columns)[:3] == ["Theme", "Opening", "Keynote"]


def test_sector_table_gives_the_counts_of_the_figure(tables):
    table = sector_table(tables["people"], tables["organisations"], tables["session_people"])
    assert list(table.columns) == ["Sector", "Speakers", "Organisations", "Of which sector inferred"]
    assert table.values.tolist() == [
        ["Government", 2, 1, 0], ["UN and intergovernmental", 2, 2, 0], ["Civil society", 4, 7, 7],
        ["Industry", 1, 1, 1], ["Law enforcement", 2, 2, 0], ["Research", 1, 1, 1], ["Not stated", 1, 0, 0],
    ]
    assert table["Speakers"].sum() == 13
    assert table["Organisations"].sum() == len(tables["organisations"])


def test_session_people_table_for_people(tables):
    table = session_people_table(tables["sessions"], tables["session_people"], tables["people"],
                                 tables["organisations"])
    assert list(table.columns) == ["Day", "Session title", "Person", "Part", "Role", "Organisation", "Sector"]
    assert len(table) == 18
    assert table.iloc[0].tolist() == [
        "Day 1 (4 Dec)", "Opening and welcome", "Saif bin Zayed Al Nahyan", "speaker (inferred)",
        "Deputy Prime Minister and Minister of Interior of the United Arab Emirates",
        "Ministry of Interior of the United Arab Emirates", "Government",
    ]
    # Sectors capitalised as in the sector table; no organisation reads 'Not stated', as the chart counts it.
    patel = table[table["Person"] == "Nina Jane Patel"].iloc[0]
    assert (patel["Part"], patel["Organisation"], patel["Sector"]) == ("keynote speaker (inferred)", "Not stated",
                                                                       "Not stated")
    sectors = {s[:1].upper() + s[1:] for s in tables["organisations"]["sector"].cat.categories}
    assert set(table["Sector"]) <= sectors | {s + " (inferred)" for s in sectors} | {"Not stated"}
    # A sector the source does not state is marked; one it states (a police force) is not.
    by_person = table.drop_duplicates("Person").set_index("Person")
    assert by_person.at["Julie Cordua", "Sector"] == "Civil society (inferred)"
    assert by_person.at["Roberta Sinclair", "Sector"] == "Law enforcement"
    assert by_person.at["Pratishtha Arora", "Part"] == "met the author"
    # In programme order: the sessions without a day come last.
    assert table["Day"].tolist()[-3:] == ["Day not stated"] * 3
    assert table.at[4, "Session title"] == "Remarks on investigations and AI tools (descriptive)"


def test_published_times_sentence(tables):
    assert unescaped(published_times_sentence(tables["sessions"])) == (
        "Only three of the 21 sessions and topics have published times (09:00–10:00, 10:00–10:30 and 10:30–11:15 "
        "on Day 1 (4 Dec))."
    )
    assert unescaped(published_times_sentence(tables["sessions"].head(3))) == "All three sessions have published times."
    timed = tables["sessions"].head(2)
    assert unescaped(published_times_sentence(timed)) == "Both sessions have published times."


def test_themes_sentence(tables):
    assert theme_count(tables["session_themes"]) == 12
    assert themes_sentence(tables["session_themes"]).startswith(
        "Each session is tagged with the themes its description covers, from a fixed list of twelve. "
    )


def test_sessions_basis_sentence(tables):
    assert unescaped(sessions_basis_sentence(tables["sessions"])) == (
        "The data lists 21 sessions and topics. Eleven are described by their sources as sessions or meetings of "
        "their own; the other ten are the project's reading of things their sources mention without saying that "
        "they formed a separate session. The table of all sessions below marks these *inferred* and says why."
    )
    stated = tables["sessions"][tables["sessions"]["session_basis"] == "stated"]
    assert sessions_basis_sentence(stated) == "All eleven sessions are described by their sources as sessions of their own."
    assert unescaped(published_times_sentence(stated)).startswith("Only three of the eleven sessions have ")


def test_speakers_sentence(tables):
    assert unescaped(speakers_sentence(tables["session_people"], tables["people"])) == (
        "The sources name 13 people as speaking, chairing or sitting on a panel. Two other people appear in the "
        "data without speaking and are not counted as speakers: Pratishtha Arora (met the author) and "
        "M. C. Rasmin (participant)."
    )


def test_basis_table(tables):
    table = basis_table(tables["sessions"], tables["session_people"], tables["organisations"])
    assert table.values.tolist() == [
        ["Session given as a session of its own", 11, 10, 0, "sessions.csv: session_basis"],
        ["Format of a session", 15, 6, 0, "sessions.csv: format_basis"],
        ["Host of a session", 1, 4, 16, "sessions.csv: host_basis"],
        ["A person's part in a session", 15, 3, 0, "session_people.csv: part_basis"],
        ["Sector of an organisation", 5, 9, 0, "organisations.csv: sector_basis"],
        ["Country of an organisation", 4, 3, 7, "organisations.csv: country_basis"],
    ]
    assert list(table.columns) == ["Fact", "Stated in the source", "Inferred by the project", "Not given", "Column"]
