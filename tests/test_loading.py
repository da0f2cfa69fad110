"""Loaders: dtypes and values of the real data, and exact messages for malformed files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import DataError, load_adoption, load_household_adoption, load_sources
from analysis.data.load import load_all

from .conftest import ADOPTION_HEADER, adoption_csv


def messages(excinfo: pytest.ExceptionInfo[DataError]) -> list[str]:
    return [str(p) for p in excinfo.value.problems]


def broken_adoption(data_dir: Path, text: str) -> list[str]:
    (data_dir / "adoption.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        load_adoption(data_dir)
    return messages(excinfo)


# --- the real data -----------------------------------------------------------------------------


def test_adoption_loads_with_declared_dtypes():
    adoption = load_adoption()
    assert len(adoption) == 25
    assert adoption["category"].dtype == pd.CategoricalDtype(
        ["device", "platform", "app", "vehicle", "network"], ordered=True
    )
    assert adoption["months"].dtype == "float64"
    assert adoption["launch_date"].dtype.kind == "M"
    assert adoption["approximate"].dtype == "boolean"
    assert adoption["milestone"].dtype == "Int64"


def test_adoption_holds_the_four_summit_claims_as_stated():
    adoption = load_adoption().set_index("id")
    claims = adoption[adoption["statement"] == "summit claim"]
    assert claims["months"].to_dict() == {
        "summit-automobile": 192.0,
        "summit-electronic-devices": 36.0,
        "summit-tiktok": 12.0,
        "summit-chatgpt": 2.0,
    }
    assert set(claims["stated_by"]) == {"Julie Cordua"}


def test_adoption_derives_launch_year_from_partial_dates():
    adoption = load_adoption().set_index("id")
    assert adoption.at["ref-telephone", "launch_year"] == 1878.5
    assert adoption.at["ref-telephone", "launch_precision"] == "year"
    assert adoption.at["ref-ipad", "launch_precision"] == "month"
    # Middle of April 2010: 15 days into a 30-day month, 90 days into a 365-day year.
    assert adoption.at["ref-ipad", "launch_year"] == pytest.approx(2010 + (90 + 15) / 365)
    assert adoption.at["ref-chatgpt", "launch_date"] == pd.Timestamp("2022-11-30")


def test_every_row_of_every_table_names_a_known_source():
    tables = load_all()
    known = set(tables["sources"]["id"])
    for name in ("adoption", "household_adoption"):
        assert set(tables[name]["source_id"]) <= known


def test_household_series():
    household = load_household_adoption()
    assert len(household) == 474
    assert household["technology"].nunique() == 12
    automobile = household[household["technology"] == "Automobile"].set_index("year")["percent"]
    assert automobile[1915] == 10 and automobile[2005] == 91
    # The Pew series are shares of US adults: tablets 3% of adults in 2010, smartphones 35% in 2011.
    adults = household[household["population"] == "US adults"].set_index(["technology", "year"])["percent"]
    assert adults[("Tablet", 2010)] == 3 and adults[("Smartphone usage", 2011)] == 35
    assert sorted(adults.index.get_level_values("technology").unique()) == [
        "Smartphone usage", "Social media usage", "Tablet"
    ]


def test_sources_keep_partial_publication_dates():
    sources = load_sources().set_index("id")
    assert sources.at["ubs-chatgpt-note", "published"] == pd.Timestamp("2023-02-01")
    assert sources.at["ubs-chatgpt-note", "published_precision"] == "day"
    assert sources.at["meta-threads-signups", "published_precision"] == "month"
    assert pd.isna(sources.at["statista-100m", "published"])


# --- malformed files: the exact message for each problem ------------------------------------------


def test_missing_column(data_dir):
    text = adoption_csv({}).replace(",metric,", ",").replace(",app,users,", ",app,")
    assert broken_adoption(data_dir, text) == [
        f"{data_dir / 'adoption.csv'}:1: column 'metric' — expected this column in the header; it is missing"
    ]


def test_misspelt_column_is_named_with_a_suggestion(data_dir):
    text = adoption_csv({}).replace(",metric,", ",metrik,", 1)
    problems = broken_adoption(data_dir, text)
    assert problems[0] == (
        f"{data_dir / 'adoption.csv'}:1: column 'metrik' — expected only the columns of the schema "
        "(did you mean 'metric'?): " + ADOPTION_HEADER.replace(",", ", ")
    )
    assert problems[1] == f"{data_dir / 'adoption.csv'}:1: column 'metric' — expected this column in the header; it is missing"


def test_wrong_type(data_dir):
    problems = broken_adoption(data_dir, adoption_csv({}, {"id": "b", "time_value": '"1,200"'}))
    assert problems == [
        f"{data_dir / 'adoption.csv'}:3: column 'time_value': value '1,200' — expected a number "
        "(digits with '.' for decimals, no thousands separators or units)"
    ]


def test_negative_duration(data_dir):
    problems = broken_adoption(data_dir, adoption_csv({"time_value": "-3"}))
    assert problems == [f"{data_dir / 'adoption.csv'}:2: column 'time_value': value '-3' — expected a value greater than 0"]


def test_zero_duration(data_dir):
    problems = broken_adoption(data_dir, adoption_csv({"time_value": "0"}))
    assert problems == [f"{data_dir / 'adoption.csv'}:2: column 'time_value': value '0' — expected a value greater than 0"]


def test_unknown_metric(data_dir):
    problems = broken_adoption(data_dir, adoption_csv({"metric": "visitors"}))
    assert problems == [
        f"{data_dir / 'adoption.csv'}:2: column 'metric': value 'visitors' — expected one of: users, "
        "monthly active users, sign-ups, downloads, units sold, units shipped, devices in use, cars, vehicles, subscribers"
    ]


def test_duplicate_key_names_the_first_line(data_dir):
    problems = broken_adoption(data_dir, adoption_csv({}, {"id": "other"}, {}))
    assert problems == [
        f"{data_dir / 'adoption.csv'}:4: column 'id': value 'ref-example' — expected a unique value; line 2 has it already"
    ]


def test_unknown_source_id_with_suggestion(data_dir):
    problems = broken_adoption(data_dir, adoption_csv({"source_id": "time-to-100m-charts"}))
    assert problems == [
        f"{data_dir / 'adoption.csv'}:2: column 'source_id': value 'time-to-100m-charts' — expected an id listed "
        "in sources.csv (did you mean 'time-to-100m-chart'?)"
    ]


def test_all_problems_of_a_file_are_reported_together(data_dir):
    text = adoption_csv({"metric": "visitors"}, {"id": "b", "time_value": "-1"}, {"id": "c", "source_id": "nowhere"})
    problems = broken_adoption(data_dir, text)
    assert [p.split(": ")[0].rsplit(":", 1)[1] for p in problems] == ["2", "3", "4"]
    assert len(problems) == 3


def test_milestone_before_launch(data_dir):
    problems = broken_adoption(data_dir, adoption_csv({"milestone_date": "2009-01"}))
    assert problems == [
        f"{data_dir / 'adoption.csv'}:2: column 'milestone_date': value '2009-01' — expected a date after the "
        "launch_date (2010-04)"
    ]


def test_impossible_date(data_dir):
    problems = broken_adoption(data_dir, adoption_csv({"launch_date": "2023-02-30"}))
    assert problems == [
        f"{data_dir / 'adoption.csv'}:2: column 'launch_date': value '2023-02-30' — expected a real date written "
        "YYYY, YYYY-MM or YYYY-MM-DD"
    ]


def test_duration_without_unit(data_dir):
    problems = broken_adoption(data_dir, adoption_csv({"time_unit": ""}))
    assert problems == [
        f"{data_dir / 'adoption.csv'}:2: column 'time_unit': value '' — expected a unit (days, weeks, months or "
        "years) because time_value is given"
    ]


def test_line_numbers_count_physical_lines_of_quoted_multiline_fields(data_dir):
    text = adoption_csv({"note": '"first line\nsecond line"'}, {"id": "b", "metric": "visitors"})
    problems = broken_adoption(data_dir, text)
    assert problems == [
        f"{data_dir / 'adoption.csv'}:4: column 'metric': value 'visitors' — expected one of: users, "
        "monthly active users, sign-ups, downloads, units sold, units shipped, devices in use, cars, vehicles, subscribers"
    ]


def test_row_with_extra_field(data_dir):
    text = adoption_csv({}) + adoption_csv({"id": "b"}).splitlines()[1] + ",extra\n"
    problems = broken_adoption(data_dir, text)
    assert problems == [f"{data_dir / 'adoption.csv'}:3 — expected 15 fields as in the header, found 16"]


def test_row_with_missing_field(data_dir):
    text = adoption_csv({}) + adoption_csv({"id": "b"}).splitlines()[1].rsplit(",", 1)[0] + "\n"
    problems = broken_adoption(data_dir, text)
    assert problems == [f"{data_dir / 'adoption.csv'}:3 — expected 15 fields as in the header, found 14"]


def test_spaces_around_a_value(data_dir):
    problems = broken_adoption(data_dir, adoption_csv({"category": " app"}))
    assert problems == [
        f"{data_dir / 'adoption.csv'}:2: column 'category': value ' app' — expected no spaces at the start or "
        "end of the value"
    ]


def test_empty_file(data_dir):
    problems = broken_adoption(data_dir, "")
    assert problems == [
        f"{data_dir / 'adoption.csv'}:1 — expected a header line naming the columns: " + ADOPTION_HEADER.replace(",", ", ")
    ]


def test_header_only(data_dir):
    problems = broken_adoption(data_dir, ADOPTION_HEADER + "\n")
    assert problems == [f"{data_dir / 'adoption.csv'}:2 — expected at least one row of data below the header"]


def test_latin1_file(data_dir):
    (data_dir / "adoption.csv").write_bytes(adoption_csv({"technology": "Pokémon Go"}).encode("latin-1"))
    with pytest.raises(DataError) as excinfo:
        load_adoption(data_dir)
    assert messages(excinfo) == [
        f"{data_dir / 'adoption.csv'}:2: value '\\xe9' — expected UTF-8 text (save the file as 'CSV UTF-8')"
    ]


def test_spreadsheet_saved_as_csv(data_dir):
    (data_dir / "adoption.csv").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40)
    with pytest.raises(DataError) as excinfo:
        load_adoption(data_dir)
    assert messages(excinfo) == [
        f"{data_dir / 'adoption.csv'} — expected a CSV text file, not a spreadsheet workbook (export the sheet as 'CSV UTF-8')"
    ]


def test_missing_file(data_dir):
    (data_dir / "adoption.csv").unlink()
    with pytest.raises(DataError) as excinfo:
        load_adoption(data_dir)
    assert messages(excinfo) == [f"{data_dir / 'adoption.csv'} — expected the file to exist"]


# --- input that must work ------------------------------------------------------------------------


def test_byte_order_mark_and_crlf_are_accepted(data_dir):
    text = adoption_csv({}, {"id": "b", "technology": "Pokémon Go"}).replace("\n", "\r\n")
    (data_dir / "adoption.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    adoption = load_adoption(data_dir)
    assert adoption["technology"].tolist() == ["Example", "Pokémon Go"]
    assert adoption["note"].isna().all()


def test_text_that_looks_missing_stays_text(data_dir):
    adoption = broken_or_loaded(data_dir, adoption_csv({"technology": "NA", "note": "None"}, {"id": "b", "technology": "null"}))
    assert adoption["technology"].tolist() == ["NA", "null"]
    assert adoption["note"].tolist()[0] == "None"


def broken_or_loaded(data_dir: Path, text: str) -> pd.DataFrame:
    (data_dir / "adoption.csv").write_text(text, encoding="utf-8")
    return load_adoption(data_dir)


def test_a_source_without_a_url_must_say_why_and_one_with_a_url_cannot_be_not_found(data_dir):
    path = data_dir / "sources.csv"
    text = path.read_text(encoding="utf-8")
    statista = next(line for line in text.splitlines() if line.startswith("statista-100m,"))
    ipod = next(line for line in text.splitlines() if line.startswith("apple-ipod-100m,"))
    no_reason = statista.replace(
        '"The references give Statista\'s figures (Facebook 4.4 years, Instagram 2.2 years) but no address or date '
        'for the chart."', "")
    assert no_reason != statista
    text = text.replace(statista, no_reason).replace(ipod, ipod.replace(",primary page,", ",not found,"))
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        load_sources(data_dir)
    lines = text.splitlines()
    assert messages(excinfo) == [
        f"{path}:{lines.index(no_reason) + 1}: column 'check_note': value '' — expected the reason there is no URL, "
        "because url is empty",
        f"{path}:{lines.index(ipod.replace(',primary page,', ',not found,')) + 1}: column 'check': value 'not found' — "
        "expected 'primary page' or 'secondary copy', because a URL is given",
    ]


def test_problems_in_a_referenced_table_are_reported(data_dir):
    sources = (data_dir / "sources.csv").read_text(encoding="utf-8")
    (data_dir / "sources.csv").write_text(sources.replace("\nubs-chatgpt-note,", "\nUBS note,", 1), encoding="utf-8")
    with pytest.raises(DataError) as excinfo:
        load_adoption(data_dir)
    assert messages(excinfo) == [
        f"{data_dir / 'sources.csv'}:7: column 'id': value 'UBS note' — expected text matching the pattern "
        "'[a-z0-9]+(-[a-z0-9]+)*'"
    ]


def test_number_too_large_to_be_finite(data_dir):
    problems = broken_adoption(data_dir, adoption_csv({"time_value": "1e400"}))
    assert problems == [
        f"{data_dir / 'adoption.csv'}:2: column 'time_value': value '1e400' — expected a number "
        "(digits with '.' for decimals, no thousands separators or units)"
    ]
