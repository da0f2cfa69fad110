"""Time-series helpers: growth and compound growth with hand-checked values, and comparability breaks."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.load import load_all
from analysis.statistics import (
    ComparabilityError,
    compound_annual_growth,
    growth,
    growth_summary,
    headline_table,
    series,
    series_table,
    year_on_year,
)


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


def test_year_on_year_leaves_gaps_empty(tables):
    assessed = year_on_year(series(tables["statistics"], "iwf-assessed"))
    assert pd.isna(assessed.at[2023, "change"])  # 2022 is missing, so 2023 has no previous year
    assert assessed.at[2024, "change"] == 424_047 - 392_665


def test_unknown_series(tables):
    with pytest.raises(KeyError, match="no series 'nope'"):
        series(tables["statistics"], "nope")


def test_series_table_spells_out_the_break(tables):
    table = series_table(tables["statistics"], "ncmec-cybertipline-reports", tables["sources"]).set_index("Year")
    assert table.at["2024", "Change on previous year"] == "not comparable (counting changed)"
    assert table.at["2021", "Change on previous year"] == "+35.2%"
    assert table.at["2020", "Value"] == "21,751,085"
    # The source's citation, as in statistics_table; the row id leads back to the source id.
    assert table.at["2019", "Source"] == "NCMEC 2019 figures, secondary copy (weak)"
    assert table.at["2020", "Row"] == "ncmec-reports-2020"
    assert table.at["2020", "Source"] == "NCMEC, CyberTipline 2022 report"


def test_citations_identify_their_source(tables):
    """Tables show a source by its citation, so no two sources may share one."""
    assert tables["sources"]["citation"].is_unique


def test_growth_summary(ncmec):
    assert growth_summary(ncmec, 2020, 2023, "CyberTipline reports") == (
        "CyberTipline reports, 2020 to 2023: from 21.8 million to 36.2 million.\n"
        "Change: +66.4% over 3 years, or +18.5% a year compounded.\n"
        "Status of the two counts: 2020 published, 2023 secondary."
    )
    assert growth_summary(ncmec, 2022, 2023).splitlines()[1] == "Change: +12.9% in 1 year."
    with pytest.raises(ComparabilityError):
        growth_summary(ncmec, 2020, 2024)


def test_headline_table(tables):
    table = headline_table(tables["statistics"], tables["sources"], tables["people"]).set_index("Statistic")
    assert table.at["summit-children-affected", "Value"] == "more than 300,000,000 children"
    assert table.at["summit-adoption-tiktok", "Value"] == "1 year"
    assert table.at["summit-removal-time", "Stated by"] == "Dana Humaid AlMarzooqi"
    assert table.at["summit-removal-time", "Status"] == "unverified"
    assert len(table) == 12
