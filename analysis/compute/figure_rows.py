"""The rows each figure plots, as a tidy table: the CSV of the figure's kit (see `analysis.charts.kits`).

Each function takes what the figure's chart draws (the figure's `prepare` result, see
`analysis.charts.registry`) and returns one row per mark the chart shows, with the values in the unit its
column name says, and the id of the row of the data and of the source behind it. Marks that stand for
several rows (counts of sessions or people) list their sources in `source_ids`, separated by '; '.
"""

from __future__ import annotations

import pandas as pd

from .adoption import Halving, Trend
from .household import Curves
from .statistics import SeriesChange, TwoSeries
from .summit import SectorCounts, ThemeGrid

#: The Childlight rows the prevalence chart shows: children by category (the headline and the counts are
#: given beside them), then men by country.
CHILDLIGHT_CHILDREN = ("childlight-image-abuse-share", "childlight-solicitation-share", "childlight-sextortion-share")
CHILDLIGHT_MEN = ("childlight-men-offending-us-share", "childlight-men-offending-au-share",
                  "childlight-men-offending-uk-share")


def _ids(values) -> str:
    return "; ".join(dict.fromkeys(str(v) for v in values if isinstance(v, str)))


def source_ids(rows: pd.DataFrame) -> list[str]:
    """The source ids of the rows a figure plots (`source_id`, or '; '-separated `source_ids`), first seen first."""
    ids: list[str] = []
    for column in ("source_id", "source_ids"):
        if column in rows:
            for value in rows[column].dropna():
                ids.extend(part for part in str(value).split("; ") if part)
    return list(dict.fromkeys(ids))


def adoption_comparison_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The summit's adoption times (`summit_adoption_verdicts`): time as stated, verdict, speed-up."""
    return pd.DataFrame({
        "row_id": table["id"], "technology": table["technology"], "counted_as": table["metric"].astype(str),
        "time_as_stated_months": table["months"], "verdict": table["verdict"],
        "times_faster_than_baseline_as_stated": table["speed_up"], "baseline": table["baseline"],
        "stated_by": table["stated_by"], "source_id": table["source_id"],
    })


def _reference_rows(points: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "row_id": points["id"], "technology": points["technology"], "counted_as": points["metric"].astype(str),
        "launch_year": points["launch_year"], "time_to_100_million_months": points["months"],
        "approximate": points["approximate"], "status": points["status"].astype(str),
        "source_id": points["source_id"],
    })


def trend_rows(trend: Trend) -> pd.DataFrame:
    """The published times to 100 million with a launch year, as the trend chart plots them."""
    return _reference_rows(trend.points)


def household_rows(curves: Curves) -> pd.DataFrame:
    """Every point of every adoption line: technology, population, year, percent."""
    series = curves.series
    return pd.DataFrame({
        "technology": series["technology"], "population": series["population"].astype(str),
        "year": series["year"], "percent": series["percent"], "source_id": series["source_id"],
    }).reset_index(drop=True)


def programme_rows(programme: pd.DataFrame) -> pd.DataFrame:
    """One row per box of the programme chart, in its order."""
    return pd.DataFrame({
        "session_id": programme["id"], "day": programme["day"], "date": programme["date"].dt.strftime("%Y-%m-%d"),
        "sequence": programme["sequence"], "start_time": programme["start_time"], "end_time": programme["end_time"],
        "title": programme["title"], "title_status": programme["title_status"].astype(str),
        "format": programme["format"].astype(str), "format_basis": programme["format_basis"].astype(str),
        "session_basis": programme["session_basis"].astype(str), "source_id": programme["source_id"],
    })


def theme_rows(grid: ThemeGrid) -> pd.DataFrame:
    """One row per cell of the themes grid: the number of sessions and topics covering a theme on a day."""
    counts = grid.counts.rename_axis(index="theme", columns="day").stack().rename("sessions_and_topics")
    frame = counts.reset_index()
    frame["source_ids"] = _ids(grid.source_ids)
    return frame


def sector_rows(counts: SectorCounts) -> pd.DataFrame:
    """One row per sector: speakers, organisations named, and organisations whose sector is inferred."""
    return pd.DataFrame({
        "sector": counts.speakers.index.astype(str), "speakers": counts.speakers.to_numpy(),
        "organisations": counts.organisations.to_numpy(),
        "organisations_sector_inferred": counts.inferred.to_numpy(), "source_ids": _ids(counts.source_ids),
    })


def _series_rows(values: pd.DataFrame, series_name: str) -> pd.DataFrame:
    return pd.DataFrame({
        "year": values.index.astype(int), "series": series_name, "value": values["value"].to_numpy(),
        "unit": values["unit"].astype(str).to_numpy(), "qualifier": values["qualifier"].astype(str).to_numpy(),
        "status": values["status"].astype(str).to_numpy(), "comparable": values["comparable"].to_numpy(),
        "row_id": values["id"].to_numpy(), "source_id": values["source_id"].to_numpy(),
    })


def ncmec_rows(change: SeriesChange) -> pd.DataFrame:
    """CyberTipline reports by year, with status and comparability."""
    return _series_rows(change.values, "CyberTipline reports")


def iwf_rows(two: TwoSeries) -> pd.DataFrame:
    """IWF reports assessed and webpages confirmed, by year."""
    return pd.concat([_series_rows(two.other, "reports assessed"), _series_rows(two.main, "webpages confirmed")],
                     ignore_index=True)


def childlight_rows(statistics: pd.DataFrame) -> pd.DataFrame:
    """The Childlight estimates the prevalence chart shows, children first, then men."""
    shown = statistics.set_index("id").loc[list(CHILDLIGHT_CHILDREN + CHILDLIGHT_MEN)]
    return pd.DataFrame({
        "row_id": shown.index, "indicator": shown["indicator"].to_numpy(), "geography": shown["geography"].to_numpy(),
        "value": shown["value"].to_numpy(), "unit": shown["unit"].astype(str).to_numpy(),
        "qualifier": shown["qualifier"].astype(str).to_numpy(), "status": shown["status"].astype(str).to_numpy(),
        "source_id": shown["source_id"].to_numpy(),
    })


def claims_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim of the claims chart: the claim, the figures that decide it, ratio and verdict."""
    return pd.DataFrame({
        "claim_id": claims["claim_id"], "claim": claims["claim"], "stated_by": claims["stated_by"],
        "claim_value": claims["claim_value"], "unit": claims["unit"], "published_figure": claims["reference"],
        "ratio_claim_to_figure": claims["ratio"], "verdict": claims["verdict"],
        "source_ids": [_ids([c, *s]) for c, s in zip(claims["claim_source_id"], claims["source_ids"], strict=True)],
    })


def halving_rows(halving: Halving) -> pd.DataFrame:
    """The halving-time estimates with their 95% intervals, and the figures they are computed from."""
    return pd.DataFrame({
        "estimate": [e.label for e in halving.estimates], "halving_time_years": [e.halving_years for e in halving.estimates],
        "interval_95_low_years": [e.low for e in halving.estimates],
        "interval_95_high_years": [e.high for e in halving.estimates], "figures": [e.n for e in halving.estimates],
        "source_ids": _ids(halving.points["source_id"]),
    })
