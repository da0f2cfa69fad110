"""Years from 10% to 50% and 90% of US households, hand-checked against the published series."""

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


def test_milestone_gaps_explain_every_dash_from_the_data():
    text = unescaped(milestone_gaps(load_household_adoption()))
    assert text == (
        "A dash means the series does not show that crossing. Smartphone usage starts in 2011 at 35%, above 10% "
        "already: the year of passing 10%, and the years from there, are not in the data. Not at 90% by the last "
        "year of their series: Microcomputer (78% in 2016), Internet (88% in 2016), Social media usage (69% in 2016), "
        "Tablet (51% in 2016) and Smartphone usage (77% in 2016)."
    )


def test_milestone_gaps_of_series_that_show_every_crossing_or_stop_early():
    frame = pd.DataFrame({
        "technology": ["Radio"] * 3 + ["Fax"] * 2,
        "year": [1920, 1930, 1940, 1990, 2000],
        "percent_households": [5.0, 60.0, 95.0, 8.0, 30.0],
    })
    assert unescaped(milestone_gaps(frame[frame["technology"] == "Radio"])) == ""
    assert unescaped(milestone_gaps(frame)) == (
        "A dash means the series does not show that crossing. Not at 50% by the last year of their series: "
        "Fax (30% in 2000). Not at 90% by the last year of their series: Fax (30% in 2000)."
    )


def test_halfway_reading_agrees_with_the_table():
    assert unescaped(halfway_reading(load_household_adoption())) == (
        "Of the technologies whose series show both crossings, Landline passed 10% of US households first (in 1903) "
        "and took 43.0 years to go from 10% to 50%. The ten that passed 10% later all took less, from 4.8 years "
        "(Tablet) to 16.3 years (Electric power), with a median of 7.8 years. The time did not fall steadily: "
        "Microcomputer (past 10% in 1985) took 14.8 years, against 5.7 for Radio (past 10% in 1925)."
    )
