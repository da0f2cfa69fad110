"""Time-series helpers: growth and compound growth with hand-checked values, and comparability breaks."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.data.load import load_all
from analysis.compute.statistics import ComparabilityError, comparison_years, compound_annual_growth, growth, missing_years, series, year_on_year
from analysis.text.statistics import childlight_reading, drop_empty_columns, growth_reading, growth_summary, headline_table, missing_years_sentence, series_table, statistics_table
from .markdown import unescaped


@pytest.fixture(scope="module")
def tables():
    return load_all()


@pytest.fixture(scope="module")
def ncmec(tables):
    return series(tables["statistics"], "ncmec-cybertipline-reports")


def test_ncmec_growth_2020_to_2022(ncmec):
    # 32,059,029 / 21,751,085 = 1.473905...
    assert growth(ncmec, 2020, 2022) == pytest.approx(32_059_029 / 21_751_085 - 1, rel=1e-15)
    assert round(growth(ncmec, 2020, 2022), 4) == 0.4739


def test_ncmec_compound_annual_growth_2020_to_2022(ncmec):
    assert compound_annual_growth(ncmec, 2020, 2022) == pytest.approx(math.sqrt(32_059_029 / 21_751_085) - 1)
    assert round(compound_annual_growth(ncmec, 2020, 2022), 4) == 0.2140


def test_growth_refuses_to_cross_the_2024_counting_change(ncmec):
    with pytest.raises(ComparabilityError, match="2024 is not comparable with earlier years"):
        growth(ncmec, 2020, 2024)
    with pytest.raises(ComparabilityError):
        compound_annual_growth(ncmec, 2023, 2024)


def test_growth_needs_years_with_values(ncmec):
    with pytest.raises(KeyError, match="no value for 2018"):
        growth(ncmec, 2018, 2022)
    with pytest.raises(ValueError, match="must be after"):
        growth(ncmec, 2022, 2020)


def test_year_on_year(ncmec):
    table = year_on_year(ncmec)
    assert table.at[2021, "change"] == 29_397_681 - 21_751_085
    assert table.at[2021, "percent_change"] == pytest.approx((29_397_681 / 21_751_085 - 1) * 100)
    assert pd.isna(table.at[2019, "change"])  # first year
    assert pd.isna(table.at[2024, "change"]) and bool(table.at[2024, "break"])


def without_row(statistics: pd.DataFrame, row_id: str) -> pd.DataFrame:
    return statistics[statistics["id"] != row_id]


def test_year_on_year_leaves_gaps_empty(tables):
    assessed = year_on_year(series(tables["statistics"], "iwf-assessed"))
    assert assessed.at[2023, "change"] == 392_665 - 375_230
    gapped = year_on_year(series(without_row(tables["statistics"], "iwf-assessed-2022"), "iwf-assessed"))
    assert pd.isna(gapped.at[2023, "change"])  # 2022 is missing, so 2023 has no previous year
    assert gapped.at[2024, "change"] == 424_047 - 392_665


def test_the_iwf_figures_are_those_of_the_iwfs_own_pages(tables):
    """REFERENCES section 5: 2022 from the annual report (a secondary copy had 255,571, and no assessed
    count), 2019 rounded press figures, 2024's assessed count not checked."""
    rows = tables["statistics"].set_index("id")
    sources = tables["sources"].set_index("id")
    assert (rows.at["iwf-confirmed-2022", "value"], rows.at["iwf-assessed-2022", "value"]) == (255_588, 375_230)
    assert {rows.at[i, "status"] for i in ("iwf-confirmed-2022", "iwf-assessed-2022")} == {"published"}
    assert rows.at["iwf-confirmed-2022", "source_id"] == rows.at["iwf-assessed-2022", "source_id"] == (
        "iwf-annual-report-2022")
    assert sources.at["iwf-annual-report-2022", "url"] == (
        "https://www.iwf.org.uk/about-us/who-we-are/annual-report-2022/")
    assert [rows.at[i, "qualifier"] for i in ("iwf-confirmed-2019", "iwf-assessed-2019")] == ["about", "about"]
    assert rows.at["iwf-assessed-2024", "status"] == "unverified"
    assert "iwf-secondary-2022" not in sources.index


def test_unknown_series(tables):
    with pytest.raises(KeyError, match="no series 'nope'"):
        series(tables["statistics"], "nope")


def test_series_table_spells_out_the_break(tables):
    table = series_table(tables["statistics"], "ncmec-cybertipline-reports", tables["sources"]).set_index("Year")
    assert table.at["2024", "Change on previous year"] == "not comparable (counting changed)"
    assert table.at["2021", "Change on previous year"] == "+35.2%"
    assert table.at["2020", "Value"] == "21,751,085"
    # Values published as approximate keep their qualifier.
    assert [table.at[y, "Value"] for y in ("2019", "2023", "2024")] == [
        "about 16.9 million", "about 36.2 million", "about 20.5 million"]
    # The source's citation, as in statistics_table; the row id leads back to the source id.
    assert table.at["2019", "Source"] == "NCMEC 2019 figures, secondary copy (weak)"
    assert table.at["2020", "Row"] == "ncmec-reports-2020"
    assert table.at["2020", "Source"] == "NCMEC, CyberTipline data (2022 report)"


def test_citations_identify_their_source(tables):
    """Tables show a source by its citation, so no two sources may share one."""
    assert tables["sources"]["citation"].is_unique


def test_growth_summary(ncmec):
    # 2023 is published as "about 36,200,000", so the change computed from it is "about" too.
    assert unescaped(growth_summary(ncmec, 2020, 2023, "CyberTipline reports")) == (
        "CyberTipline reports, 2020 to 2023: from 21.8 million to about 36.2 million, a change of about +66.4% "
        "over 3 years, or about +18.5% a year compounded. The 2020 count is published; the 2023 count is secondary."
    )
    assert unescaped(growth_summary(ncmec, 2020, 2022)) == (
        "Reports, 2020 to 2022: from 21.8 million to 32.1 million, a change of +47.4% over 2 years, or +21.4% a "
        "year compounded. The 2020 count is published; the 2022 count is published."
    )
    assert "a change of about +12.9% in 1 year." in unescaped(growth_summary(ncmec, 2022, 2023))
    with pytest.raises(ComparabilityError):
        unescaped(growth_summary(ncmec, 2020, 2024))


def test_headline_table(tables):
    table = headline_table(tables["statistics"], tables["sources"], tables["people"]).set_index("Statistic")
    assert table.at["summit-children-affected", "Value"] == "more than 300 million children"
    assert table.at["summit-adoption-tiktok", "Value"] == "1 year"
    assert table.at["summit-removal-time", "Stated by"] == "Dana Humaid AlMarzooqi"
    assert table.at["summit-removal-time", "Status"] == "unverified"
    assert len(table) == 12


def test_growth_reading_default_comparison(ncmec, tables):
    assert comparison_years(ncmec) == (2020, 2023)
    assert unescaped(growth_reading(ncmec, 2020, 2023, tables["sources"])) == (
        "The change below, computed from the table above, runs from 2020, the first year whose count is not known "
        "only from a weak secondary copy, to 2023, the last year counted before the change in counting. This is the "
        "comparison in the chart's title. The compound rate is the constant yearly rise that would give the same "
        "total. The 2020 count is from the producer's own publication and the 2023 count is known from secondary "
        "reports. The counts for 2020 to 2022 all come from NCMEC, CyberTipline data (2022 report), so a comparison of "
        "2020 with 2022 uses published counts only."
    )


def test_growth_reading_other_years_does_not_claim_the_chart_title(ncmec, tables):
    assert unescaped(growth_reading(ncmec, 2021, 2022, tables["sources"])) == (
        "The change below, computed from the table above, runs from 2021 to 2022. The chart's title compares 2020 "
        "with 2023. Both counts are from the producer's own publication."
    )
    with pytest.raises(ComparabilityError):
        unescaped(growth_reading(ncmec, 2020, 2024, tables["sources"]))


def test_childlight_and_the_membership_split_as_the_record_has_them(tables):
    """REFERENCES section 5: Childlight's executive summary gives US men as 11% (10.9% is the press release's);
    no copy of the opening's membership split (100 / 75 / 130) was found."""
    rows = tables["statistics"].set_index("id")
    assert rows.at["childlight-men-offending-us-share", "value"] == 11
    assert tables["sources"].set_index("id").at["childlight-into-the-light-2024", "url"] == (
        "https://intothelight.childlight.org/executive-summary.html")
    split = ["alliance-members-government", "alliance-members-private-sector", "alliance-members-civil-society"]
    assert [rows.at[i, "value"] for i in split] == [100, 75, 130]
    assert {rows.at[i, "status"] for i in split} == {"unverified"}


def test_missing_years(tables):
    assert missing_years(series(tables["statistics"], "iwf-assessed")) == []
    assessed = series(without_row(tables["statistics"], "iwf-assessed-2022"), "iwf-assessed")
    assert missing_years(assessed) == [2022]
    assert unescaped(missing_years_sentence(assessed, "reports assessed")) == (
        "The sources used here give no count of reports assessed for 2022."
    )
    assert unescaped(missing_years_sentence(series(tables["statistics"], "iwf-confirmed"), "webpages")) == ""


def test_childlight_reading(tables):
    assert unescaped(childlight_reading(tables["statistics"])) == (
        "Childlight's Into the Light index (May 2024) combines 125 representative studies, published from 2011 to "
        "2023. Its headline of more than 300 million children a year is the figure quoted at the summit (session "
        "d1-opening). The two largest categories, children who experienced non-consensual taking, sharing or "
        "exposure to sexual images and video in the past year (12.6%) and children who experienced online "
        "solicitation in the past year (12.5%), each cover about one child in eight; they overlap, so the headline "
        "is not their sum."
    )


def test_statistics_table_drops_columns_empty_in_every_row(tables):
    childlight = tables["statistics"][tables["statistics"]["source_id"] == "childlight-into-the-light-2024"]
    table = statistics_table(childlight, tables["sources"], tables["people"])
    assert list(table.columns) == ["What", "Value", "Where", "Status", "Statistic", "Source"]
    frame = pd.DataFrame({"a": ["x", ""], "b": ["", ""], "c": [None, None], "d": [0, 1]})
    assert list(drop_empty_columns(frame).columns) == ["a", "d"]
