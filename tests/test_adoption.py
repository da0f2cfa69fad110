"""Computations on adoption speed, with hand-checked values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import load_adoption
from analysis.compute.adoption import fit_trend, reference_points, summit_speed_ups
from analysis.data.durations import DAYS_PER_MONTH, duration_in_months, months_between
from analysis.text.adoption import comparison_table, format_relative_speed, format_speed_up, human_duration, speed_up_table, technology_phrase
from analysis.data.dates import decimal_year, parse_partial_dates
from analysis import load_sources


def test_average_month_is_a_twelfth_of_the_gregorian_year():
    assert DAYS_PER_MONTH == 30.436875


def test_duration_in_months():
    months = duration_in_months(pd.Series([16, 3, 2, 5, 2]), pd.Series(["years", "years", "months", "days", "weeks"]))
    assert months.tolist() == [192.0, 36.0, 2.0, 5 / 30.436875, 14 / 30.436875]


def test_months_between_dates():
    months = months_between(pd.Series(pd.to_datetime(["2022-11-30"])), pd.Series(pd.to_datetime(["2023-01-01"])))
    assert months.iloc[0] == pytest.approx(32 / 30.436875, rel=1e-12)


def test_summit_speed_ups_against_the_automobile():
    table = summit_speed_ups(load_adoption())
    assert table["technology"].tolist() == ["Automobile", "Electronic devices", "TikTok", "ChatGPT"]
    assert table["speed_up"].tolist() == [1.0, 192 / 36, 16.0, 96.0]
    assert table["months"].map(human_duration).tolist() == ["16 years", "3 years", "1 year", "2 months"]
    assert table["baseline"].tolist() == [True, False, False, False]


def test_speed_ups_against_another_baseline():
    table = summit_speed_ups(load_adoption(), baseline="TikTok").set_index("technology")
    assert table.at["ChatGPT", "speed_up"] == 6.0
    assert table.at["Automobile", "speed_up"] == 12 / 192


def test_unknown_baseline_is_a_clear_error():
    with pytest.raises(ValueError, match="expected one summit claim for baseline 'Bicycle', found 0"):
        summit_speed_ups(load_adoption(), baseline="Bicycle")


@pytest.mark.parametrize(
    ("months", "text"),
    [
        (192, "16 years"),
        (12, "1 year"),
        (30, "2.5 years"),
        (43.2, "3.6 years"),
        (18, "1.5 years"),
        (14, "14 months"),
        (9, "9 months"),
        (2, "2 months"),
        (1, "1 month"),
        (5 / 30.436875, "5 days"),
        (1 / 30.436875, "1 day"),
    ],
)
def test_human_duration(months, text):
    assert human_duration(months) == text


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_human_duration_rejects_non_positive_or_non_finite(bad):
    with pytest.raises(ValueError):
        human_duration(bad)


@pytest.mark.parametrize(("ratio", "text"), [(96, "96×"), (16, "16×"), (192 / 36, "5.3×"), (1, "1×"), (2.5, "2.5×")])
def test_format_speed_up(ratio, text):
    assert format_speed_up(ratio) == text


@pytest.mark.parametrize(
    ("ratio", "text"),
    [(96, "96×"), (192 / 36, "5.3×"), (1, "1×"), (12 / 192, "16× slower"), (12 / 36, "3× slower"),
     (36 / 192, "5.3× slower"), (0.97, "1×")],
)
def test_format_relative_speed(ratio, text):
    assert format_relative_speed(ratio) == text


@pytest.mark.parametrize(
    ("name", "category", "text"),
    [("Automobile", "vehicle", "the automobile"), ("Electronic devices", "device", "the electronic devices"),
     ("TikTok", "platform", "TikTok"), ("ChatGPT", "app", "ChatGPT"), ("Facebook", "platform", "Facebook"),
     ("iPhone", "device", "iPhone"), ("Mobile phone", "network", "the mobile phone")],
)
def test_technology_phrase(name, category, text):
    assert technology_phrase(name, category) == text


def test_trend_recovers_a_known_halving_time():
    years = np.array([1900.0, 1950, 1980, 2000, 2010, 2020])
    months = pd.Series(120 * 2.0 ** (-(years - 1900) / 10))
    fit = fit_trend(pd.Series(years), months)
    assert fit.halving_years == pytest.approx(10.0, rel=1e-12)
    assert fit.r_squared == pytest.approx(1.0, abs=1e-12)
    assert fit.predict_months(1910) == pytest.approx(60.0, rel=1e-9)


def test_trend_of_the_reference_figures():
    points = reference_points(load_adoption())
    # Telephone, iTunes, Facebook, Twitter, WhatsApp, Instagram, App Store, TikTok, ChatGPT, Threads,
    # Pokémon Go, iPod, iPhone, iPad: the 100-million figures with a launch date.
    assert len(points) == 14
    fit = fit_trend(points["launch_year"], points["months"])
    slope, intercept = np.polyfit(points["launch_year"], np.log2(points["months"]), 1)
    assert fit.halving_years == pytest.approx(-1 / slope, rel=1e-12)
    r = np.corrcoef(points["launch_year"], np.log2(points["months"]))[0, 1]
    assert fit.r_squared == pytest.approx(r**2, rel=1e-9)
    assert 15 < fit.halving_years < 20


def test_trend_needs_three_points():
    with pytest.raises(ValueError, match="at least 3 points"):
        fit_trend(pd.Series([2000.0, 2010.0]), pd.Series([10.0, 5.0]))


def test_partial_dates():
    parsed = parse_partial_dates(pd.Series(["1878", "2001-11", "2022-11-30", None, "2023-02-30"], dtype="str"))
    assert parsed["precision"].tolist()[:3] == ["year", "month", "day"]
    assert parsed["valid"].tolist() == [True, True, True, True, False]
    years = decimal_year(parsed["date"], parsed["precision"])
    assert years.iloc[0] == 1878.5
    assert years.iloc[1] == pytest.approx(2001 + (304 + 15) / 365)  # 15 days into November's 30
    assert years.iloc[2] == pytest.approx(2022 + (333 + 0.5) / 365)  # noon of 30 November


def test_decimal_years_of_early_dates():
    """Years below 1000 (proleptic Gregorian calendar) are placed as exactly as recent ones."""
    parsed = parse_partial_dates(pd.Series(["0099", "0800-07", "1500-01-01"], dtype="str"))
    years = decimal_year(parsed["date"], parsed["precision"])
    assert years.iloc[0] == 99.5
    assert years.iloc[1] == pytest.approx(800 + (182 + 15.5) / 366)  # 800 is a leap year
    assert years.iloc[2] == pytest.approx(1500 + 0.5 / 365)  # 1500 is not


def test_tables_for_people():
    adoption, sources = load_adoption(), load_sources()
    claims = speed_up_table(adoption)
    assert claims["Times faster than the automobile"].tolist() == ["1×", "5.3×", "16×", "96×"]
    tiktok = speed_up_table(adoption, "TikTok")
    assert list(tiktok.columns)[-2:] == ["Times faster than TikTok", "Row"]  # the id last, not first
    assert tiktok["Times faster than TikTok"].tolist() == ["16× slower", "3× slower", "1×", "6×"]
    table = comparison_table(adoption, sources)
    assert len(table) == len(adoption)
    chatgpt = table[table["Row"] == "ref-chatgpt"].iloc[0]
    assert chatgpt["Time"] == "about 2 months"
    assert chatgpt["Source"] == "UBS analyst note, 1 February 2023 (Similarweb and Sensor Tower data), via Yahoo Finance"
    assert table["Statement"].tolist()[:4] == ["summit claim"] * 4


def test_where_publishers_differ_every_version_is_listed_with_the_one_the_charts_use():
    from analysis.text.adoption import version_table

    table = version_table(load_adoption(), load_sources())
    assert table[["Technology", "Time as published", "Counted as", "Used in the charts", "Row"]].values.tolist() == [
        ["Facebook", "4.5 years", "users", "yes", "ref-facebook"],
        ["Facebook", "4 years", "users", "no", "bcg-facebook"],
        ["Facebook", "4.4 years", "users", "no", "statista-facebook"],
        ["Instagram", "30 months", "monthly active users", "yes", "ref-instagram"],
        ["Instagram", "2 years", "users", "no", "bcg-instagram"],
        ["Instagram", "2.2 years", "users", "no", "statista-instagram"],
    ]
    assert table["Source"].tolist()[1:3] == [
        "BCG chart of time to 100 million users (2015), via Business Insider",
        "Statista chart of time to 100 million users (n.d.)"]


def test_the_corrected_adoption_figures():
    adoption = load_adoption().set_index("id")
    pokemon = adoption.loc["ref-pokemon-go"]
    assert (pokemon["source_id"], pokemon["milestone_date"], round(float(pokemon["months"]) * 30.4375)) == (
        "app-annie-pokemon-go", pd.Timestamp("2016-07-31"), 25)
    assert adoption.at["ref-pokemon-go-50m", "note"].startswith("Sensor Tower's figure, for Google Play alone")
    assert "shipped (not sold)" in adoption.at["ref-iphone", "note"]
    assert adoption.at["ref-chatgpt", "note"].startswith(
        "UBS projected from daily-user data that ChatGPT passed 100 million monthly active users in January 2023")
    assert adoption.at["ref-ipad", "milestone_date"] == pd.Timestamp("2012-10-23")
    listed = adoption[adoption["source_id"] == "time-to-100m-chart"].index.tolist()
    assert listed == ["ref-telephone", "ref-mobile-phone", "ref-world-wide-web", "ref-itunes", "ref-twitter",
                      "ref-facebook", "ref-whatsapp", "ref-app-store"]
    assert adoption.loc[adoption["statement"] == "other version", "status"].tolist() == [
        "secondary", "unverified", "secondary", "unverified"]


def test_the_comparison_table_gives_each_figure_its_status_and_note():
    table = comparison_table(load_adoption(), load_sources()).set_index("Row")
    assert list(table.columns) == ["Technology", "Statement", "Counted as", "Milestone", "Launch", "Time", "Status",
                                   "Note", "Source"]
    assert table.at["ref-chatgpt", "Note"].startswith("UBS projected from daily-user data")
    assert (table.at["statista-facebook", "Status"], table.at["ref-iphone", "Counted as"]) == (
        "unverified", "units shipped")
