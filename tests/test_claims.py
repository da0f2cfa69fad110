"""Claims versus evidence: the verdict rule at its boundaries, the six required cases, and the trend."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import load_adoption, load_people, load_sources, load_statistics
from analysis.compute.adoption import bootstrap_halving, halving_sensitivity
from analysis.compute.claims import (
    VERDICTS, Comparison, adoption_checks, growth_claim_arithmetic, milestone_dating, tolerance_band, verdict,
)
from analysis.text.claims import (
    adoption_claim_notes, band_text, claims_for_people, claims_table, halving_reading, trend_reading, verdict_rule,
)
from analysis.text.growth_claims import growth_claim_table, gta_reading, gta_setup
from .markdown import unescaped


def figure(value: float, claim: float, compatible: bool = True, name: str = "ref") -> Comparison:
    return Comparison(name, value, claim / value, compatible, "src")


# --- the rule, at its boundaries -------------------------------------------------------------------


def test_no_figure_is_no_source_found():
    assert verdict(16, 12, []) == ("no source found", [])


def test_the_verdicts_tell_no_source_from_contradicted():
    assert VERDICTS == ("consistent", "rounded", "differs", "different metric", "contradicted by the record",
                        "no source found")
    assert "unsupported" not in verdict_rule()


def test_the_rule_as_the_report_states_it():
    assert verdict_rule() == (
        "**The rule**, applied in this order to every claim:\n\n"
        "1. *contradicted by the record*: no published figure of the claimed kind exists, but published counts date "
        "the milestone, and the time they give, counted from the start the claim names and from any later start, is "
        "outside ±10% of the claim;\n"
        "2. *no source found*: no published figure measures the same technology or indicator, and no published count "
        "contradicts the claim;\n"
        "3. *different metric*: published figures exist, but none counts a compatible thing (users and monthly "
        "active users are compatible; units sold and devices in use are not);\n"
        "4. *consistent*: a compatible figure is within ±10% of the claim;\n"
        "5. *rounded*: a compatible figure, expressed in the claim's unit and rounded to a whole number of it, "
        "equals the claim;\n"
        "6. *differs*: otherwise, with the ratio saying by how much.\n\n"
        "Where several published figures qualify, the closest decides and the others are listed; exact ties are all "
        "shown."
    )


def test_only_incompatible_figures_is_different_metric():
    decided, deciding = verdict(36, 12, [figure(43.2, 36, compatible=False)])
    assert decided == "different metric" and deciding[0].reference_value == 43.2


@pytest.mark.parametrize(
    ("claim", "reference", "expected"),
    [
        (110.0, 100.0, "consistent"),  # ratio 1.10: the edge, included
        (100.0, 110.0, "consistent"),  # ratio 1/1.10
        (110.1, 100.0, "differs"),  # just outside, and no whole-unit rounding applies (unit 1)
        (90.0, 100.0, "differs"),  # ratio 0.9 < 1/1.1 = 0.909
        (91.0, 100.0, "consistent"),
        (50.0, 100.0, "differs"),
    ],
)
def test_tolerance_boundaries(claim, reference, expected):
    assert verdict(claim, 1.0, [figure(reference, claim)])[0] == expected


@pytest.mark.parametrize(
    ("claim_months", "reference_months", "expected"),
    [
        (12, 9, "rounded"),  # 0.75 years rounds to 1 year
        (12, 6, "differs"),  # 0.5 years rounds to 0 (banker's rounding), not 1
        (12, 18, "differs"),  # 1.5 years rounds to 2
        (24, 17, "differs"),  # 1.42 years rounds to 1, not 2
        (24, 19, "rounded"),  # 1.58 years rounds to 2
    ],
)
def test_rounding_to_the_claims_unit(claim_months, reference_months, expected):
    assert verdict(claim_months, 12, [figure(reference_months, claim_months)])[0] == expected


def test_a_claim_not_in_whole_units_is_never_rounded():
    # 30 months is 2.5 years: a claim that is not a whole number of its unit cannot be a rounding.
    assert verdict(30, 12, [figure(24, 30)])[0] == "differs"


def test_closest_figure_decides_and_ties_are_all_kept():
    decided, deciding = verdict(36, 12, [figure(43.2, 36, False, "iphone"), figure(30, 36, False, "ipad"),
                                         figure(66, 36, False, "ipod")])
    assert decided == "different metric"
    assert [c.reference_id for c in deciding] == ["iphone", "ipad"]


def test_compatible_figures_are_preferred_to_closer_incompatible_ones():
    decided, deciding = verdict(100, 1, [figure(100, 100, compatible=False, name="other"), figure(105, 100, name="same")])
    assert (decided, deciding[0].reference_id) == ("consistent", "same")


# --- the six cases the issue names ------------------------------------------------------------------


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return claims_table(load_adoption(), load_statistics()).set_index("claim_id")


def test_chatgpt_two_months_is_consistent(claims):
    row = claims.loc["summit-chatgpt"]
    assert (row["verdict"], row["ratio"]) == ("consistent", 1.0)
    assert row["reference_ids"] == ["ref-chatgpt"] and row["source_ids"] == ["ubs-chatgpt-note"]


def test_tiktok_one_year_is_rounded_up_from_nine_months(claims):
    row = claims.loc["summit-tiktok"]
    assert row["verdict"] == "rounded"
    assert row["ratio"] == pytest.approx(12 / 9)
    assert row["reference_ids"] == ["ref-tiktok"]


def test_automobile_sixteen_years_is_contradicted_by_the_record_and_matches_mobile_phones(claims):
    row = claims.loc["summit-automobile"]
    assert row["verdict"] == "contradicted by the record"
    # Cars were still under 100 million in 1960: at least 1960 - 1886 = 74 years, against the 16 claimed.
    assert row["ratio"] == pytest.approx(16 / 74)
    assert row["reference_ids"] == ["world-cars-1960"] and row["reference_values"] == [74 * 12]
    assert row["source_ids"] == ["wardsauto-world-vehicles"]
    assert row["reference"] == "Cars worldwide: about 98.3 million cars in 1960, so at least 74 years after 1886"
    assert row["note"] == (
        "Counted from Benz's automobile (1886): at least 1960 − 1886 = 74 years, 4.6 times the claim. Counted from "
        "the Model T (1908): at least 1960 − 1908 = 52 years. The same time is published for: Mobile phone "
        "(16 years, subscribers)."
    )


# --- the evidence against the automobile's 16 years -------------------------------------------------------


def test_vehicle_counts_are_the_evidence_rows_of_the_car_claim():
    """REFERENCES section 5: WardsAuto's world counts, via the Wikipedia article, and the dates set beside them."""
    statistics = load_statistics()
    rows = statistics[statistics["evidence_for"] == "summit-automobile"].set_index("id")
    assert rows[["value", "unit", "qualifier", "period", "evidence_role"]].to_dict("index") == {
        "automobile-first-year": {"value": 1886, "unit": "calendar year", "qualifier": "exact", "period": "1886",
                                  "evidence_role": "start"},
        "automobile-model-t-year": {"value": 1908, "unit": "calendar year", "qualifier": "exact", "period": "1908",
                                    "evidence_role": "later start"},
        "world-cars-1960": {"value": 98_300_000, "unit": "cars", "qualifier": "about", "period": "1960",
                            "evidence_role": "milestone count"},
        "world-motor-vehicles-1960": {"value": 126_900_000, "unit": "motor vehicles", "qualifier": "about",
                                      "period": "1960", "evidence_role": "context"},
        "world-motor-vehicles-1970": {"value": 250_000_000, "unit": "motor vehicles", "qualifier": "about",
                                      "period": "1970", "evidence_role": "context"},
    }
    assert set(rows["status"]) == {"secondary"} and set(rows["source_id"]) == {"wardsauto-world-vehicles"}
    assert "Benz's automobile" in rows.at["automobile-first-year", "indicator"]
    assert list(rows.loc[["world-motor-vehicles-1960", "world-motor-vehicles-1970"], "series"]) == [
        "world-motor-vehicles"] * 2
    # Evidence rows are not numbers said at the summit: they are not checked as claims themselves.
    assert not set(rows.index) & set(claims_table(load_adoption(), statistics)["claim_id"])


def test_the_start_year_comes_from_the_data():
    adoption, statistics = load_adoption(), load_statistics()
    claim = adoption.set_index("id").loc["summit-automobile"].copy()
    claim["id"] = "summit-automobile"
    dating = milestone_dating(claim, statistics)
    assert (int(dating.below["year"]), dating.reached) == (1960, None)
    assert [(e.start_year, e.at_least, e.at_most) for e in dating.elapsed] == [(1886, 74, math.inf),
                                                                               (1908, 52, math.inf)]
    assert dating.contradicts
    # Move the start: a claim of 16 years counted from 1946 would be consistent with cars under 100 million in 1960
    # (at least 14 years), so the verdict falls back to no source found.
    moved = statistics.copy()
    moved.loc[moved["id"] == "automobile-first-year", "value"] = 1946
    moved.loc[moved["id"] == "automobile-model-t-year", "value"] = 1947
    check = next(c for c in adoption_checks(adoption, moved) if c.claim_id == "summit-automobile")
    assert check.verdict == "no source found" and check.deciding == ()
    # Without evidence rows the claim has no source, as before.
    bare = statistics[statistics["evidence_for"].isna()]
    check = next(c for c in adoption_checks(adoption, bare) if c.claim_id == "summit-automobile")
    assert (check.verdict, check.dating) == ("no source found", None)


def test_a_later_start_that_agrees_with_the_claim_keeps_it_from_being_contradicted():
    adoption, statistics = load_adoption(), load_statistics()
    later = statistics.copy()
    later.loc[later["id"] == "automobile-model-t-year", "value"] = 1945  # 1960 - 1945 = 15 years, within ±10% of 16
    check = next(c for c in adoption_checks(adoption, later) if c.claim_id == "summit-automobile")
    assert check.verdict == "no source found"


def test_electronic_devices_is_a_different_metric_with_a_tie(claims):
    row = claims.loc["summit-electronic-devices"]
    assert row["verdict"] == "different metric"
    assert row["reference_ids"] == ["ref-iphone", "ref-ipad"]
    assert [36 / v for v in row["reference_values"]] == pytest.approx([36 / 43.2, 36 / 30])
    assert row["note"] == "Other figures: iPod: 5.5 years (units sold), ratio 0.55."


def test_three_hundred_million_is_consistent_with_childlight(claims):
    row = claims.loc["summit-children-affected"]
    assert (row["verdict"], row["ratio"]) == ("consistent", 1.0)
    assert row["reference_ids"] == ["childlight-children-affected"]
    assert "categories overlap, so it is not their sum" in row["note"]


def test_removal_in_three_minutes_has_no_source(claims):
    row = claims.loc["summit-removal-time"]
    assert row["verdict"] == "no source found" and math.isnan(row["ratio"])
    assert row["stated_by"] == "dana-humaid-almarzooqi"


def test_gta_rise_against_each_base_and_end_year():
    arithmetic = growth_claim_arithmetic(load_statistics(), 87).set_index(["from", "to"])
    assert arithmetic.at[(2019, 2022), "rise_percent"] == pytest.approx((32_059_029 / 16_900_000 - 1) * 100)
    assert round(arithmetic.at[(2019, 2022), "rise_percent"], 1) == 89.7
    assert round(arithmetic.at[(2019, 2023), "rise_percent"], 1) == 114.2
    assert round(arithmetic.at[(2020, 2022), "rise_percent"], 1) == 47.4
    assert all(to != 2024 for _, to in arithmetic.index)  # 2024 counts differently
    assert len(arithmetic) == 10  # every pair of 2019-2023


def test_gta_claim_verdict(claims):
    row = claims.loc["gta-reports-increase-since-2019"]
    assert row["verdict"] == "consistent"
    assert row["ratio"] == pytest.approx(1.87 / (32_059_029 / 16_900_000))
    assert row["reference"] == "NCMEC reports 2019 to 2022: +89.7%"
    assert row["claim"] == "Increase in reports of child sexual abuse material since 2019 (attributed to NCMEC): 87%"
    assert row["note"] == (
        "Growth factors compared (1.87 against 1.897); ±10% in growth factor admits any rise from +70% to +106%. "
        "Other end years: 2019 to 2020: +28.7%; 2019 to 2021: +74.0%; 2019 to 2023: +114.2%. The 2019 count is weak "
        "(a secondary copy)."
    )


def test_the_width_of_the_rule_on_a_growth_factor():
    # 1.87 / 1.1 - 1 = 0.70 and 1.87 * 1.1 - 1 = 1.057: the band is +70% to +106% (not +68%).
    low, high = tolerance_band(87)
    assert low == pytest.approx(70) and high == pytest.approx(105.7)
    assert band_text(87) == "any rise from +70% to +106%"
    assert band_text(150) == "any rise from +127% to +175%"


def test_the_global_threat_assessment_rows_say_what_was_measured():
    """REFERENCES section 5: the 87% counts reports ('cases' is the press release's word); the 360% compares the
    first half of 2022 with the first half of 2020, as the IWF's release behind it says."""
    rows = load_statistics().set_index("id")
    reports = rows.loc["gta-reports-increase-since-2019"]
    assert reports["indicator"] == "Increase in reports of child sexual abuse material since 2019 (attributed to NCMEC)"
    assert (reports["value"], reports["unit"], reports["source_id"]) == (87, "percent", "weprotect-gta-2023")
    assert "cases" not in reports["indicator"] and '"cases" is its press release\'s word' in reports["note"]
    imagery = rows.loc["gta-self-generated-increase"]
    assert imagery["indicator"] == ('Increase in "self-generated" sexual imagery of children aged 7 to 10, first half '
                                    "of 2022 against first half of 2020")
    assert (imagery["value"], imagery["period"], imagery["status"], imagery["source_id"]) == (
        360, "2020-2022", "published", "iwf-self-generated-h1-2022")
    assert imagery["note"] == (
        "The comparison is of half-years, the first half of 2022 against the first half of 2020; the period column "
        "holds whole years only, so it reads 2020-2022. The Global Threat Assessment 2023 quotes the figure (as 2020 "
        "to 2022); this row cites the IWF news release behind it, which states the half-years."
    )


def test_table_for_people(claims):
    shown = claims_for_people(claims.reset_index(), load_people(), load_sources()).set_index("Claim")
    car = shown.loc["Automobile: 16 years to 100 million (cars)"]
    assert (car["Ratio"], car["Verdict"]) == ("at most 0.22", "contradicted by the record")
    assert car["Published figure"] == "Cars worldwide: about 98.3 million cars in 1960, so at least 74 years after 1886"
    assert car["Source"] == 'Wikipedia, "Motor vehicle", with WardsAuto figures (August 2011)'
    removal = shown.loc[shown.index.str.startswith("Time within")].iloc[0]
    assert (removal["Published figure"], removal["Ratio"], removal["Verdict"]) == ("none found", "", "no source found")
    tiktok = shown.loc["TikTok: 1 year to 100 million (users)"]
    assert (tiktok["Speaker"], tiktok["Session"], tiktok["Ratio"], tiktok["Verdict"]) == (
        "Julie Cordua", "d1-speed-of-adoption", "1.33", "rounded"
    )
    devices = shown.loc["Electronic devices: 3 years to 100 million (devices in use)"]
    assert devices["Ratio"] == "0.83 and 1.20"
    assert shown.loc[shown.index.str.startswith("Time within"), "Speaker"].item() == "Dana Humaid AlMarzooqi"


# --- the trend and its uncertainty ---------------------------------------------------------------------


def test_bootstrap_recovers_a_known_halving_time():
    rng = np.random.default_rng(7)
    years = np.linspace(1980, 2020, 30)
    months = 240 * 2.0 ** (-(years - 1980) / 5) * 2.0 ** rng.normal(0, 0.3, years.size)
    estimate = bootstrap_halving(pd.Series(years), pd.Series(months), resamples=500)
    assert estimate.halving_years == pytest.approx(5.0, rel=0.05)
    assert estimate.low < 5.0 < estimate.high
    assert estimate.high - estimate.low < 1.0


def test_bootstrap_is_reproducible():
    points = pd.Series([2000.0, 2005, 2010, 2015, 2020]), pd.Series([60.0, 30, 20, 6, 2])
    assert bootstrap_halving(*points, resamples=300) == bootstrap_halving(*points, resamples=300)


def test_sensitivity_to_the_metric():
    everything, users = halving_sensitivity(load_adoption())
    assert (everything.n, users.n) == (14, 8)
    assert round(everything.halving_years, 1) == 17.9
    assert round(users.halving_years, 1) == 3.9
    assert users.low < users.halving_years < users.high


def test_a_claim_restated_in_two_sessions_lists_both():
    statistics = load_statistics()
    again = statistics[statistics["id"] == "summit-adoption-tiktok"].copy()
    again["id"], again["session_id"] = "summit-adoption-tiktok-again", "d2-ai-against-abuse"
    table = claims_table(load_adoption(), pd.concat([statistics, again], ignore_index=True)).set_index("claim_id")
    assert table.at["summit-tiktok", "session_id"] == "d1-speed-of-adoption; d2-ai-against-abuse"


def test_decimal_values_keep_their_decimals():
    statistics = load_statistics()
    changed = statistics.copy()
    row = changed["id"] == "summit-removal-time"
    changed.loc[row, "value"] = 2.5
    table = claims_table(load_adoption(), changed).set_index("claim_id")
    assert table.at["summit-removal-time", "claim"].endswith(": 2.5 minutes")


# --- the same results in sentences ----------------------------------------------------------------------


def test_adoption_claim_notes_say_only_what_the_record_shows():
    notes = adoption_claim_notes(load_adoption(), load_statistics(), load_sources())
    assert unescaped(notes).splitlines() == [
        "- **ChatGPT, 2 months**: the published figure is about 2 months to 100 million monthly active users, "
        "within ±10% of the claim, so the verdict is *consistent*. About that figure: UBS projected from daily-user "
        "data that ChatGPT passed 100 million monthly active users in January 2023: an estimate, not a count. About "
        "57 million monthly active users in December 2022; Similarweb data. Source: UBS analyst note, 1 February 2023 "
        "(Similarweb and Sensor Tower data), via Yahoo Finance.",
        "- **TikTok, 1 year**: the published figure is about 9 months to 100 million monthly active users. That is "
        "0.75 years, which rounds to the 1 year stated, so the verdict is *rounded*; the claim is 33% longer than "
        "the figure. Source: UBS analyst note, 1 February 2023 (Similarweb and Sensor Tower data), via Yahoo "
        "Finance.",
        '- **"Electronic devices", 3 years**: no device type was named. The closest published figures are the '
        "iPhone (3.6 years) and the iPad (2.5 years): they differ from 3 years by the same factor (1.2), in opposite "
        "directions. Both count units shipped and units sold, not devices in use, so the verdict is *different metric*.",
        "- **The automobile, 16 years**: no published source gives a time to 100 million cars, and the published "
        "counts contradict 16 years. In 1960 the world had about 98.3 million cars, still under 100 million, so cars "
        "passed 100 million no earlier than 1960: at least 1960 − 1886 = 74 years after Benz's automobile of 1886, "
        "and 74 ÷ 16 ≈ 4.6: at least 4.6 times the 16 years stated. Counted from the Model T (1908) instead, it is "
        "still at least 1960 − 1908 = 52 years. For scale: motor vehicles worldwide numbered about 126.9 million in "
        "1960 and about 250 million in 1970. The verdict is *contradicted by the record*. The published figure of 16 "
        "years to 100 million in this data is for mobile phone subscribers. Sources: Wikipedia, \"Motor vehicle\", "
        'with WardsAuto figures (August 2011); Time-to-100-million chart as circulated, credited to "World of '
        'Statistics" (Mint, March 2023).',
    ]


def test_a_claim_without_evidence_rows_keeps_the_no_source_note():
    statistics = load_statistics()
    notes = adoption_claim_notes(load_adoption(), statistics[statistics["evidence_for"].isna()], load_sources())
    assert unescaped(notes).splitlines()[-1] == (
        "- **The automobile, 16 years**: no published source was found for 16 years to 100 million cars. The "
        "published figure of 16 years to 100 million in this data is for mobile phone subscribers. Source: "
        'Time-to-100-million chart as circulated, credited to "World of Statistics" (Mint, March 2023).'
    )


def test_gta_text_follows_the_checked_rise():
    statistics = load_statistics()
    assert unescaped(gta_setup(statistics, 87)) == (
        "The published figure is 87%. By the rule, a rise counts as consistent with 87% when its growth factor is "
        "within ±10% of 1.87: any rise from +70% to +106%. The end year is not stated, so the table below computes "
        "the rise between every pair of comparable years of NCMEC's counts. The 2024 count is left out: NCMEC "
        "changed how it counts."
    )
    assert "This run of the report checks a rise of 60% instead." in unescaped(gta_setup(statistics, 60))
    assert unescaped(gta_reading(statistics, 87)) == (
        "From 2019 to 2022 NCMEC's counts rose by about 90%, the closest to the 87% checked; to 2020 by about 29%, "
        "to 2021 by about 74% and to 2023 by about 114%. The 87% is therefore consistent (within ±10% in growth "
        "factor, which admits any rise from +70% to +106%) with a 2019-to-2022 comparison, but the 2019 count itself "
        "is seen only in a secondary copy (weak), so the match is not strong evidence. The band is wide enough that "
        "2019 to 2021 (about 74%) would pass too."
    )
    # A parameterised run never repeats the published 87%.
    assert "87" not in unescaped(gta_reading(statistics, 150))
    assert unescaped(gta_reading(statistics, 150)).endswith(
        "No end year gives a rise within ±10% of the 150% in growth factor, that is any rise from +127% to +175%.")


def test_growth_claim_table_keeps_qualifiers():
    table = growth_claim_table(load_statistics(), 87)
    row = table[(table["From"] == 2019) & (table["To"] == 2023)].iloc[0]
    assert row.tolist() == [2019, 2023, "about 16.9 million", "about 36.2 million", "+114.2%", "0.873",
                            "weak, secondary"]


def test_trend_and_halving_readings():
    adoption = load_adoption()
    assert unescaped(trend_reading(adoption)) == (
        "Fitted to all 14 published times with a launch year, the line halves the time to 100 million every 17.9 "
        "years of later launch. The trend is loose: launch year accounts for 42% of the variation in the logarithm "
        "of the time (R² = 0.42), and refitting on 2,000 resamples of the figures gives a 95% interval of 2.2 to "
        "25.8 years. The earliest figure weighs heavily: without the telephone (1878), the time halves every 2.8 "
        "years. It also depends on what is counted: these figures count subscribers, units sold, users, units shipped, "
        "monthly active users, downloads or sign-ups, and among the eight that count users or monthly active users "
        "the time halves every 3.9 years (95% interval 3.4 to 6.1 years); five of those eight come from one source, "
        "so they are not independent measurements. Report 04, Claims versus evidence, shows "
        "both estimates."
    )
    assert unescaped(halving_reading(halving_sensitivity(adoption))) == (
        "Each interval is the middle 95% of the halving times from refitting the line on 2,000 resamples of the "
        "figures, drawn with replacement.\n\n"
        "- All reference figures (14 figures): halving every 17.9 years, 95% interval 2.2 to 25.8 years.\n"
        "- Users and monthly active users only (8 figures): halving every 3.9 years, 95% interval 3.4 to 6.1 years."
    )


def test_vehicle_counts_read_as_people_say_them():
    from analysis.text.formatting import format_count, qualified

    assert [qualified(format_count(v), "about") for v in (98_300_000, 126_900_000, 250_000_000)] == [
        "about 98.3 million", "about 126.9 million", "about 250 million"]
