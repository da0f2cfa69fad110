"""Years from 10% to 50% and 90% of each series' population (US households, or US adults for the Pew series),
hand-checked against the published series."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import load_household_adoption
from analysis.compute.household import adoption_milestones, first_crossing
from analysis.text.household import halfway_reading, milestone_gaps, milestone_table
from .markdown import unescaped


def test_crossing_is_interpolated_between_published_years():
    # Social media usage: 5% in 2005, 11% in 2006, so 10% is reached 5/6 of the way through.
    assert first_crossing([2005, 2006, 2007], [5, 11, 15], 10) == pytest.approx(2005 + 5 / 6)


def test_crossing_on_an_observation():
    assert first_crossing([1984, 1985, 1986], [8.2, 10, 12], 10) == 1985.0


def test_series_that_starts_above_the_threshold_has_no_crossing():
    assert math.isnan(first_crossing([2011, 2012], [35, 45], 10))


def test_series_that_starts_exactly_at_the_threshold():
    assert first_crossing([1915, 1916], [10, 12], 10) == 1915.0


def test_series_that_never_reaches_the_threshold():
    assert math.isnan(first_crossing([1993, 2016], [10, 88], 90))


def test_milestones_of_the_published_series():
    table = adoption_milestones(load_household_adoption()).set_index("technology")
    # Landline: 10% in 1903, 50% in 1946 (46% in 1945).
    assert table.at["Landline", "years_10_to_50"] == 43.0
    # Automobile: 49% in 1925, 54% in 1926, so 50% at 1925.2.
    assert table.at["Automobile", "years_10_to_50"] == pytest.approx(10.2)
    # Radio: 45% in 1930, 52% in 1931; 89% in 1946, 92% in 1947.
    assert table.at["Radio", "years_10_to_50"] == pytest.approx(5 + 5 / 7)
    assert table.at["Radio", "years_10_to_90"] == pytest.approx(21 + 1 / 3)
    # Tablet: 10% in 2011, 45% in 2015, 51% in 2016.
    assert table.at["Tablet", "years_10_to_50"] == pytest.approx(4 + 5 / 6)
    assert math.isnan(table.at["Smartphone usage", "years_10_to_50"])
    assert math.isnan(table.at["Internet", "years_10_to_90"])
    assert table.index[0] == "Landline"  # ordered by first published year


def test_milestone_table_marks_missing_crossings():
    table = milestone_table(load_household_adoption()).set_index("Technology")
    assert table.at["Landline", "Years from 10% to 50%"] == "43.0"
    assert table.at["Smartphone usage", "Year it passed 10%"] == "–"


def test_milestone_table_names_each_series_population():
    table = milestone_table(load_household_adoption())
    assert list(table.columns) == [
        "Technology", "Population", "Year it passed 10%", "Years from 10% to 50%", "Years from 10% to 90%"
    ]
    assert dict(zip(table["Technology"], table["Population"], strict=True)) == {
        "Landline": "US households",
        "Electric power": "US households",
        "Automobile": "US households",
        "Radio": "US households",
        "Household refrigerator": "US households",
        "Colour TV": "US households",
        "Microcomputer": "US households",
        "Internet": "US households",
        "Cellular phone": "US households",
        "Social media usage": "US adults",
        "Tablet": "US adults",
        "Smartphone usage": "US adults",
    }
    assert list(adoption_milestones(load_household_adoption())["population"]) == list(table["Population"])


def test_population_of_every_technology_as_loaded():
    household = load_household_adoption()
    assert list(household.columns) == ["technology", "year", "percent", "population", "source_id"]
    assert list(household["population"].cat.categories) == ["US households", "US adults"]
    populations = household.groupby("technology")["population"].agg(lambda p: sorted(set(map(str, p))))
    assert populations.to_dict() == {
        "Automobile": ["US households"],
        "Cellular phone": ["US households"],
        "Colour TV": ["US households"],
        "Electric power": ["US households"],
        "Household refrigerator": ["US households"],
        "Internet": ["US households"],
        "Landline": ["US households"],
        "Microcomputer": ["US households"],
        "Radio": ["US households"],
        "Smartphone usage": ["US adults"],
        "Social media usage": ["US adults"],
        "Tablet": ["US adults"],
    }
    assert (household["population"] == "US adults").sum() == 25  # 12 social media + 6 smartphone + 7 tablet rows


def test_milestone_gaps_explain_every_dash_from_the_data():
    text = unescaped(milestone_gaps(load_household_adoption()))
    assert text == (
        "A dash means the series does not show that crossing. Smartphone usage starts in 2011 at 35% of US adults, "
        "above 10% already: the year of passing 10%, and the years from there, are not in the data. Not at 90% by "
        "the last year of their series: Microcomputer (78% of US households in 2016), Internet (88% of US households "
        "in 2016), Social media usage (69% of US adults in 2016), Tablet (51% of US adults in 2016) and Smartphone "
        "usage (77% of US adults in 2016)."
    )


def test_milestone_gaps_of_series_that_show_every_crossing_or_stop_early():
    frame = pd.DataFrame({
        "technology": ["Radio"] * 3 + ["Fax"] * 2,
        "year": [1920, 1930, 1940, 1990, 2000],
        "percent": [5.0, 60.0, 95.0, 8.0, 30.0],
        "population": ["US households"] * 3 + ["US adults"] * 2,
    })
    assert unescaped(milestone_gaps(frame[frame["technology"] == "Radio"])) == ""
    assert unescaped(milestone_gaps(frame)) == (
        "A dash means the series does not show that crossing. Not at 50% by the last year of their series: "
        "Fax (30% of US adults in 2000). Not at 90% by the last year of their series: Fax (30% of US adults in 2000)."
    )


def test_halfway_reading_agrees_with_the_table():
    assert unescaped(halfway_reading(load_household_adoption())) == (
        "Of the technologies whose series show both crossings, Landline passed 10% of US households first (in 1903) "
        "and took 43.0 years to go from 10% to 50%. The ten that passed 10% later all took less, from 4.8 years "
        "(Tablet, US adults) to 16.3 years (Electric power), with a median of 7.8 years. The time did not fall "
        "steadily: Microcomputer (past 10% in 1985) took 14.8 years, against 5.7 for Radio (past 10% in 1925). "
        "Social media usage and Tablet are shares of US adults, not of US households: the range and the median "
        "combine shares of different populations."
    )


def test_halfway_reading_names_the_population_of_an_adults_series_wherever_it_appears():
    # Invented series: an adults series is the slower of the two later ones, so it is named in the range and in
    # the sentence on a later technology taking longer, each time with its population.
    frame = pd.DataFrame({
        "technology": ["Radio"] * 2 + ["Fax"] * 2 + ["Pager"] * 2,
        "year": [1920, 1960, 1930, 1934, 1940, 1960],
        "percent": [10.0, 50.0, 10.0, 50.0, 10.0, 50.0],
        "population": ["US households"] * 4 + ["US adults"] * 2,
    })
    assert unescaped(halfway_reading(frame)) == (
        "Of the technologies whose series show both crossings, Radio passed 10% of US households first (in 1920) "
        "and took 40.0 years to go from 10% to 50%. The two that passed 10% later all took less, from 4.0 years "
        "(Fax) to 20.0 years (Pager, US adults), with a median of 12.0 years. The time did not fall steadily: "
        "Pager (past 10% of US adults in 1940) took 20.0 years, against 4.0 for Fax (past 10% in 1930). "
        "Pager is a share of US adults, not of US households: the range and the median combine shares of "
        "different populations."
    )


def test_halfway_reading_of_one_population_adds_no_population_sentence():
    # Every series of the same population (here adults): it is named once, in the first sentence.
    frame = pd.DataFrame({
        "technology": ["Radio"] * 2 + ["Fax"] * 2 + ["Pager"] * 2,
        "year": [1920, 1960, 1930, 1934, 1940, 1950],
        "percent": [10.0, 50.0, 10.0, 50.0, 10.0, 50.0],
        "population": ["US adults"] * 6,
    })
    assert unescaped(halfway_reading(frame)) == (
        "Of the technologies whose series show both crossings, Radio passed 10% of US adults first (in 1920) "
        "and took 40.0 years to go from 10% to 50%. The two that passed 10% later all took less, from 4.0 years "
        "(Fax) to 10.0 years (Pager), with a median of 7.0 years. The time did not fall steadily: Pager (past 10% "
        "in 1940) took 10.0 years, against 4.0 for Fax (past 10% in 1930)."
    )
