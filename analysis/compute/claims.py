"""Claims versus evidence: each number said at the summit set against the published figures.

The rule, applied in this order (it is the same for every claim):

1. *contradicted by the record*: no published figure of the claimed kind exists, but published counts date the
   milestone, and the time they give, counted from the start the claim names and from any later start in the
   data, is outside the tolerance of the claim (the automobile: cars were still under 100 million in 1960,
   74 years after 1886, against the 16 years claimed).
2. *no source found*: no published figure measures the same technology or indicator, and no published count
   contradicts the claim.
3. *different metric*: published figures exist, but none counts a compatible thing (users and monthly
   active users are compatible; units sold and devices in use are not).
4. *consistent*: a compatible figure is within ±10% of the claim (ratio of claim to figure between
   1/1.1 and 1.1).
5. *rounded*: a compatible figure, expressed in the claim's unit and rounded to a whole number of that
   unit, equals the claim (9 months is 0.75 years, which rounds to the 1 year claimed).
6. *differs*: otherwise; the ratio says by how much.

Where several published figures qualify, the closest (by |log ratio|) decides and the others are shown;
exact ties are all reported. The counts that date a milestone are rows of the statistics table linked to the
claim by `evidence_for`, each with its `evidence_role`. This module computes the checks as plain data;
`analysis.text.claims` puts them into tables and sentences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..data.durations import MONTHS_PER_UNIT
from .statistics import ComparabilityError, growth, series

#: A claim is consistent with a figure when their ratio lies within [1/TOLERANCE, TOLERANCE].
TOLERANCE = 1.10
VERDICTS = ("consistent", "rounded", "differs", "different metric", "contradicted by the record", "no source found")
#: The verdict of a claim with no published figure of its kind, and that of one whose milestone the record dates
#: too far from it.
NO_SOURCE, CONTRADICTED = "no source found", "contradicted by the record"
#: The roles of the statistics rows that date an adoption claim's milestone (column `evidence_role`).
START, LATER_START, MILESTONE_COUNT, CONTEXT = "start", "later start", "milestone count", "context"
#: Metrics that count the same kind of thing, for comparing a claim with a figure.
METRIC_FAMILIES = {
    "users": "people using it",
    "monthly active users": "people using it",
    "sign-ups": "accounts created",
    "downloads": "downloads",
    "units sold": "units sold or shipped",
    "units shipped": "units sold or shipped",
    "devices in use": "devices in use",
    "cars": "cars",
    "vehicles": "vehicles",
    "subscribers": "subscribers",
}
#: Summit claims that name a kind of technology, not one product: every product of their category compares.
UNNAMED_TYPES = ("Electronic devices",)
#: The series the Global Threat Assessment's rise is checked against, and the claim's row.
GROWTH_SERIES = "ncmec-cybertipline-reports"
GROWTH_CLAIM = "gta-reports-increase-since-2019"


def within_tolerance(ratio: float) -> bool:
    """True when a claim and a figure agree within the tolerance of the rule (±10% in ratio)."""
    return 1 / TOLERANCE <= ratio <= TOLERANCE


def tolerance_band(claimed_percent: float) -> tuple[float, float]:
    """The rises (percent) whose growth factor is within the tolerance of a claimed rise's: for 87%,
    1.87 / 1.1 - 1 and 1.87 × 1.1 - 1, about +70% and +106%."""
    factor = 1 + claimed_percent / 100
    return (factor / TOLERANCE - 1) * 100, (factor * TOLERANCE - 1) * 100


@dataclass(frozen=True)
class Comparison:
    """A claim against one published figure: values in the claim's unit and their ratio.

    `row` is the published figure's row (of adoption.csv or statistics.csv), for the text layer.
    """

    reference_id: str
    reference_value: float
    ratio: float
    compatible: bool
    source_id: str
    row: pd.Series | None = field(default=None, compare=False, repr=False)


def verdict(claim_value: float, claim_unit_size: float, candidates: list[Comparison]) -> tuple[str, list[Comparison]]:
    """The verdict for a claim and the comparisons that decide it (several only for exact ties).

    `claim_unit_size` is the size of one unit of the claim in the unit of the values (e.g. 12 for a
    claim in years when values are in months), used by the rounding rule.
    """
    if not candidates:
        return NO_SOURCE, []
    compatible = [c for c in candidates if c.compatible]
    pool = compatible or candidates
    distance = [abs(math.log(c.ratio)) if c.ratio > 0 and math.isfinite(c.ratio) else math.inf for c in pool]
    best = min(distance)
    closest = [c for c, d in zip(pool, distance, strict=True) if math.isclose(d, best, rel_tol=1e-9, abs_tol=1e-12)]
    if not compatible:
        return "different metric", closest
    if within_tolerance(closest[0].ratio):
        return "consistent", closest
    for c in compatible:
        if round(c.reference_value / claim_unit_size) == round(claim_value / claim_unit_size) == claim_value / claim_unit_size:
            return "rounded", [c]
    return "differs", closest


@dataclass(frozen=True)
class Check:
    """One claim checked by the rule: its row, value and unit, the verdict, and the figures behind it.

    `deciding` are the comparisons that decide the verdict, `others` the remaining candidates,
    `same_elsewhere` the published figures with the claim's value for another technology, and `dating` what
    published counts say about when the milestone was reached (the last two for adoption claims only).
    """

    kind: str  # "adoption" or "statistic"
    claim: pd.Series = field(compare=False, repr=False)
    claim_id: str
    value: float
    unit: str
    verdict: str
    deciding: tuple[Comparison, ...]
    others: tuple[Comparison, ...] = ()
    same_elsewhere: pd.DataFrame | None = field(default=None, compare=False, repr=False)
    dating: MilestoneDating | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Elapsed:
    """Years from one start to a milestone as published counts bound them, and the claim against them.

    `at_least` comes from the last count still under the milestone, `at_most` from the first count at or over
    it (infinite when no count has reached it). `ratio` is the claim divided by the nearest bound, or nan when
    the claim lies between the bounds.
    """

    start: pd.Series = field(compare=False, repr=False)  # the statistics row; its value is the start year
    start_year: int
    at_least: float
    at_most: float
    ratio: float

    @property
    def contradicts(self) -> bool:
        """True when even the nearest bound is outside the tolerance of the claim."""
        return math.isfinite(self.ratio) and not within_tolerance(self.ratio)


@dataclass(frozen=True)
class MilestoneDating:
    """When published counts put an adoption claim's milestone, counted from each start the data gives.

    `below` is the last count under the milestone and `reached` the first at or over it (None where the data
    has none); `elapsed` holds the start the claim names first, then any later start; `context` the related
    counts shown for scale. The record contradicts the claim when it does so from every start.
    """

    claim_id: str
    milestone: float
    claim_years: float
    below: pd.Series | None = field(compare=False, repr=False)
    reached: pd.Series | None = field(compare=False, repr=False)
    elapsed: tuple[Elapsed, ...]
    context: pd.DataFrame = field(compare=False, repr=False)

    @property
    def contradicts(self) -> bool:
        return bool(self.elapsed) and all(e.contradicts for e in self.elapsed)


def _elapsed(start: pd.Series, below: pd.Series | None, reached: pd.Series | None, claim_years: float) -> Elapsed:
    year = int(start["value"])
    at_least = float(below["year"] - year) if below is not None else 0.0
    at_most = float(reached["year"] - year) if reached is not None else math.inf
    if claim_years < at_least:
        ratio = claim_years / at_least
    elif claim_years > at_most:
        ratio = claim_years / at_most
    else:
        ratio = math.nan
    return Elapsed(start, year, at_least, at_most, ratio)


def milestone_dating(claim: pd.Series, statistics: pd.DataFrame) -> MilestoneDating | None:
    """What the statistics rows linked to an adoption claim (`evidence_for`) say about when its milestone was
    reached; None when no row dates it (the claim needs a start and at least one milestone count)."""
    rows = statistics[statistics["evidence_for"] == claim["id"]]
    role = rows["evidence_role"]
    starts, later = rows[role == START], rows[role == LATER_START]
    counts = rows[role == MILESTONE_COUNT].sort_values("year")
    if starts.empty or counts.empty:
        return None
    problems = [f"statistics.csv row {r.id}: column 'unit': value {r.unit!r} — expected calendar year for a start"
                for r in pd.concat([starts, later]).itertuples() if r.unit != "calendar year"]
    problems += [f"statistics.csv row {r.id}: column 'period': value {r.period!r} — expected a single year for a "
                 "milestone count" for r in counts.itertuples() if pd.isna(r.year)]
    if len(starts) > 1:
        problems.append(f"statistics.csv: claim {claim['id']} has {len(starts)} rows with evidence_role start "
                        "— expected one (further starts are 'later start')")
    if problems:
        raise ValueError("; ".join(problems))
    milestone = float(claim["milestone"])
    under, over = counts[counts["value"] < milestone], counts[counts["value"] >= milestone]
    below = under.iloc[-1] if len(under) else None
    reached = over.iloc[0] if len(over) else None
    claim_years = float(claim["months"]) / 12
    elapsed = tuple(_elapsed(s, below, reached, claim_years)
                    for _, s in pd.concat([starts, later.sort_values("value")]).iterrows())
    return MilestoneDating(str(claim["id"]), milestone, claim_years, below, reached, elapsed,
                           rows[role == CONTEXT].sort_values(["indicator", "year"]))


def _dating_comparison(dating: MilestoneDating) -> Comparison:
    """The claim against the time the record gives from the start it names, as a comparison (months)."""
    first = dating.elapsed[0]
    bound = dating.below if first.ratio < 1 else dating.reached
    return Comparison(str(bound["id"]), dating.claim_years * 12 / first.ratio, first.ratio, True,
                      str(bound["source_id"]), bound)


def names_no_product(claim: pd.Series) -> bool:
    """True for a claim about a kind of technology ('Electronic devices') rather than one product."""
    return claim["technology"] in UNNAMED_TYPES


def unit_size(unit: str) -> float:
    """Months in one unit of a claim ('years' is 12), for the rounding rule."""
    return MONTHS_PER_UNIT.get(unit, 1.0)


def _adoption_comparisons(claim: pd.Series, references: pd.DataFrame) -> list[Comparison]:
    same = references[
        (references["technology"] == claim["technology"]) & (references["milestone"] == claim["milestone"])
    ]
    if names_no_product(claim):
        # An unnamed device type: every device with a figure for the same milestone is a candidate.
        same = references[(references["category"] == "device") & (references["milestone"] == claim["milestone"])]
    family = METRIC_FAMILIES[str(claim["metric"])]
    return [
        Comparison(
            reference_id=r["id"],
            reference_value=float(r["months"]),
            ratio=float(claim["months"] / r["months"]),
            compatible=METRIC_FAMILIES[str(r["metric"])] == family,
            source_id=r["source_id"],
            row=r,
        )
        for _, r in same.iterrows()
    ]


def same_value_elsewhere(claim: pd.Series, references: pd.DataFrame) -> pd.DataFrame:
    """Published figures with the claim's value (within 1%) but for another technology (a possible mix-up)."""
    return references[
        (references["technology"] != claim["technology"])
        & (references["milestone"] == claim["milestone"])
        & np.isclose(references["months"], claim["months"], rtol=0.01)
    ]


def adoption_checks(adoption: pd.DataFrame, statistics: pd.DataFrame) -> list[Check]:
    """The adoption-speed claims made at the summit, each checked by the rule, in the data's order.

    A claim with no published figure of its kind is checked against the counts that date its milestone
    (rows of `statistics` linked to it by `evidence_for`), where there are any."""
    references = adoption[adoption["statement"] == "reference"]
    checks = []
    for _, claim in adoption[adoption["statement"] == "summit claim"].iterrows():
        candidates = _adoption_comparisons(claim, references)
        decided, deciding = verdict(float(claim["months"]), unit_size(str(claim["time_unit"])), candidates)
        dating = milestone_dating(claim, statistics) if decided == NO_SOURCE else None
        if dating is not None and dating.contradicts:
            decided, deciding = CONTRADICTED, [_dating_comparison(dating)]
        checks.append(Check(
            "adoption", claim, claim["id"], float(claim["months"]), "months", decided, tuple(deciding),
            tuple(c for c in candidates if c not in deciding), same_value_elsewhere(claim, references), dating,
        ))
    return checks


def statistic_checks(statistics: pd.DataFrame) -> list[Check]:
    """The other numbers said at the summit: statistics rows stated in a session (not the adoption-speed
    rows, which `adoption_checks` checks, nor facts about the Alliance itself), and rows that name a
    published figure to compare with. Without one, no source is found for a claim."""
    by_id = statistics.set_index("id")
    said = statistics[
        statistics["session_id"].notna() & statistics["adoption_id"].isna() & statistics["cited_by"].notna()
        | statistics["reference_id"].notna()
    ]
    checks = []
    for _, claim in said.iterrows():
        candidates = []
        if pd.notna(claim["reference_id"]) and by_id.at[claim["reference_id"], "value"] != 0:
            r = by_id.loc[claim["reference_id"]].copy()
            r["id"] = claim["reference_id"]
            candidates.append(Comparison(
                reference_id=claim["reference_id"],
                reference_value=float(r["value"]),
                ratio=float(claim["value"]) / float(r["value"]),
                compatible=r["unit"] == claim["unit"],
                source_id=r["source_id"],
                row=r,
            ))
        decided, deciding = verdict(float(claim["value"]), 1.0, candidates)
        checks.append(Check("statistic", claim, claim["id"], float(claim["value"]), str(claim["unit"]), decided,
                            tuple(deciding)))
    return checks


def growth_claim_arithmetic(statistics: pd.DataFrame, claimed_percent: float, series_id: str = GROWTH_SERIES) -> pd.DataFrame:
    """A claimed rise against every pair of comparable years of a series: the arithmetic, shown in full.

    One row per (from, to) pair: the values, the rise they give, and the ratio of the claimed growth
    factor (1 + claim) to the computed one. Pairs that cross a change in counting are left out.
    Used for the Global Threat Assessment's 87% rise since 2019 against NCMEC's yearly counts.
    """
    values = series(statistics, series_id)
    years = list(values.index)
    rows = []
    for i, start in enumerate(years):
        for end in years[i + 1 :]:
            try:
                rise = growth(values, int(start), int(end))
            except ComparabilityError:
                break  # a change in counting between the two years: later years cannot be compared either
            rows.append(
                {
                    "from": int(start),
                    "to": int(end),
                    "start_value": float(values.at[start, "value"]),
                    "end_value": float(values.at[end, "value"]),
                    "rise_percent": rise * 100,
                    "factor_ratio": (1 + claimed_percent / 100) / (1 + rise),
                    "statuses": f"{values.at[start, 'status']}, {values.at[end, 'status']}",
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class GrowthCheck:
    """A claimed rise since `base_year` against a series: every later comparable year, the closest, the verdict."""

    claimed_percent: float
    base_year: int
    since: pd.DataFrame = field(compare=False, repr=False)  # growth_claim_arithmetic from base_year, with distance
    end: int
    rise_percent: float
    factor_ratio: float
    verdict: str
    values: pd.DataFrame = field(compare=False, repr=False)  # the series, by year


def growth_check(statistics: pd.DataFrame, claimed_percent: float, base_year: int = 2019,
                 series_id: str = GROWTH_SERIES) -> GrowthCheck:
    """A claimed rise since `base_year` checked against each later comparable year of a series; the end year
    whose growth factor is closest to the claimed one decides (consistent within the tolerance, else differs)."""
    since = growth_claim_arithmetic(statistics, claimed_percent, series_id)
    since = since[since["from"] == base_year].copy()
    since["distance"] = np.abs(np.log(since["factor_ratio"]))
    best = since.loc[since["distance"].idxmin()]
    ratio = float(best["factor_ratio"])
    return GrowthCheck(float(claimed_percent), base_year, since, int(best["to"]), float(best["rise_percent"]), ratio,
                       "consistent" if within_tolerance(ratio) else "differs", series(statistics, series_id))


def claim_sessions(statistics: pd.DataFrame, claim_ids: list[str]) -> list[str]:
    """The session(s) where each claim was made: an adoption claim restated in several sessions lists them all."""
    linked = (statistics.dropna(subset=["adoption_id", "session_id"]).groupby("adoption_id")["session_id"]
              .agg(lambda s: "; ".join(dict.fromkeys(s))))
    sessions = statistics.set_index("id")["session_id"]
    found = [linked.get(cid, sessions.get(cid, "")) for cid in claim_ids]
    return ["" if pd.isna(s) else s for s in found]


def claim_ratios(row) -> list[float]:
    """The claim divided by each published figure that decides its verdict (a row of the claims table)."""
    if row.unit == "percent":
        return [row.ratio]
    return [row.claim_value / v for v in row.reference_values]


def summit_adoption_verdicts(adoption: pd.DataFrame, statistics: pd.DataFrame,
                             baseline: str = "Automobile") -> pd.DataFrame:
    """The adoption times stated at the summit (`summit_speed_ups` against `baseline`), each with the verdict
    of the rule on it (a `verdict` column): what the lead chart shows."""
    from .adoption import summit_speed_ups

    verdicts = {check.claim_id: check.verdict for check in adoption_checks(adoption, statistics)}
    table = summit_speed_ups(adoption, baseline)
    return table.assign(verdict=table["id"].map(verdicts))
