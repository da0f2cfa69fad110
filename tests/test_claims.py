"""Claims versus evidence: the verdict rule at its boundaries, the six required cases, and the trend."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import load_adoption, load_people, load_sources, load_statistics
from analysis.compute.adoption import bootstrap_halving, halving_sensitivity
from analysis.compute.claims import Comparison, growth_claim_arithmetic, verdict
from analysis.text.claims import adoption_claim_notes, claims_for_people, claims_table, growth_claim_table, gta_reading, gta_setup, halving_reading, trend_reading
from .markdown import unescaped


def figure(value: float, claim: float, compatible: bool = True, name: str = "ref") -> Comparison:
    return Comparison(name, value, claim / value, compatible, "src")


# --- the rule, at its boundaries -------------------------------------------------------------------


def test_no_figure_is_unsupported():
    assert verdict(16, 12, []) == ("unsupported", [])


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


def test_automobile_sixteen_years_is_unsupported_and_matches_mobile_phones(claims):
    row = claims.loc["summit-automobile"]
    assert row["verdict"] == "unsupported" and math.isnan(row["ratio"])
    assert row["note"] == "The same time is published for: Mobile phone (16 years, subscribers)."


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


def test_removal_in_three_minutes_is_unsupported(claims):
    row = claims.loc["summit-removal-time"]
    assert row["verdict"] == "unsupported"
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


def test_table_for_people(claims):
    shown = claims_for_people(claims.reset_index(), load_people(), load_sources()).set_index("Claim")
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
    assert round(everything.halving_years, 1) == 18.0
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
    assert unescaped(adoption_claim_notes(load_adoption(), load_sources())).splitlines() == [
        "- **ChatGPT, 2 months**: the published figure is about 2 months to 100 million monthly active users, "
        "within ±10% of the claim, so the verdict is *consistent*. Source: UBS analyst note, 1 February 2023 "
        "(Similarweb and Sensor Tower data), via Yahoo Finance.",
        "- **TikTok, 1 year**: the published figure is about 9 months to 100 million monthly active users. That is "
        "0.75 years, which rounds to the 1 year stated, so the verdict is *rounded*; the claim is 33% longer than "
        "the figure. Source: UBS analyst note, 1 February 2023 (Similarweb and Sensor Tower data), via Yahoo "
        "Finance.",
        '- **"Electronic devices", 3 years**: no device type was named. The closest published figures are the '
        "iPhone (3.6 years) and the iPad (2.5 years): they differ from 3 years by the same factor (1.2), in opposite "
        "directions. Both count units sold, not devices in use, so the verdict is *different metric*.",
        "- **The automobile, 16 years**: no published source was found for 16 years to 100 million vehicles. The "
        "published figure of 16 years to 100 million in this data is for mobile phone subscribers. Source: "
        'Time-to-100-million chart as circulated, credited to "World of Statistics" (Mint, March 2023).',
    ]


def test_gta_text_follows_the_checked_rise():
    statistics = load_statistics()
    assert unescaped(gta_setup(statistics, 87)) == (
        "The published figure is 87%. The end year is not stated, so the table below computes the rise between "
        "every pair of comparable years of NCMEC's counts. The 2024 count is left out: NCMEC changed how it counts."
    )
    assert "This run of the report checks a rise of 60% instead." in unescaped(gta_setup(statistics, 60))
    assert unescaped(gta_reading(statistics, 87)) == (
        "From 2019 to 2022 NCMEC's counts rose by about 90%, the closest to the 87% checked; to 2020 by about 29%, "
        "to 2021 by about 74% and to 2023 by about 114%. The 87% is therefore consistent (within ±10% in growth "
        "factor) with a 2019-to-2022 comparison, but the 2019 count itself is seen only in a secondary copy (weak), "
        "so the match is not strong evidence."
    )
    # A parameterised run never repeats the published 87%.
    assert "87" not in unescaped(gta_reading(statistics, 150))
    assert unescaped(gta_reading(statistics, 150)).endswith("No end year gives a rise within ±10% of the 150% (in growth factor).")


def test_growth_claim_table_keeps_qualifiers():
    table = growth_claim_table(load_statistics(), 87)
    row = table[(table["From"] == 2019) & (table["To"] == 2023)].iloc[0]
    assert row.tolist() == [2019, 2023, "about 16,900,000", "about 36,200,000", "+114.2%", "0.873", "weak, secondary"]


def test_trend_and_halving_readings():
    adoption = load_adoption()
    assert unescaped(trend_reading(adoption)) == (
        "Fitted to all 14 published times with a launch year, the line halves the time to 100 million every 18.0 "
        "years of later launch. The trend is loose: launch year accounts for 42% of the variation in the logarithm "
        "of the time (R² = 0.42), and refitting on 2,000 resamples of the figures gives a 95% interval of 2.2 to "
        "25.8 years. It also depends on what is counted: these figures count subscribers, units sold, users, "
        "monthly active users, downloads or sign-ups, and among the eight that count users or monthly active users "
        "the time halves every 3.9 years (95% interval 3.4 to 6.1 years). Report 04, Claims versus evidence, shows "
        "both estimates."
    )
    assert unescaped(halving_reading(halving_sensitivity(adoption))) == (
        "Each interval is the middle 95% of the halving times from refitting the line on 2,000 resamples of the "
        "figures, drawn with replacement.\n\n"
        "- All reference figures (14 figures): halving every 18.0 years, 95% interval 2.2 to 25.8 years.\n"
        "- Users and monthly active users only (8 figures): halving every 3.9 years, 95% interval 3.4 to 6.1 years."
    )
