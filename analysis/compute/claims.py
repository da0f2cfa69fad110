"""Claims versus evidence: each number said at the summit set against the published figures.

The rule, applied in this order (it is the same for every claim):

1. *unsupported*: no published figure measures the same technology or indicator.
2. *different metric*: published figures exist, but none counts a compatible thing (users and monthly
   active users are compatible; units sold and devices in use are not).
3. *consistent*: a compatible figure is within ±10% of the claim (ratio of claim to figure between
   1/1.1 and 1.1).
4. *rounded*: a compatible figure, expressed in the claim's unit and rounded to a whole number of that
   unit, equals the claim (9 months is 0.75 years, which rounds to the 1 year claimed).
5. *differs*: otherwise; the ratio says by how much.

Where several published figures qualify, the closest (by |log ratio|) decides and the others are shown;
exact ties are all reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .adoption import (
    HUNDRED_MILLION,
    MONTHS_PER_UNIT,
    fit_trend,
    human_duration,
    milestone_text,
    reference_points,
    technology_phrase,
)
from ..text.formatting import capitalise, format_value, join_words, number_word
from .statistics import STATUS_PHRASES, ComparabilityError, growth
from .statistics import series as get_series

TOLERANCE = 1.10
#: Resamples of the figures behind the interval of the halving time.
RESAMPLES = 2000
VERDICTS = ("consistent", "rounded", "differs", "different metric", "unsupported")
#: Metrics that count the same kind of thing, for comparing a claim with a figure.
METRIC_FAMILIES = {
    "users": "people using it",
    "monthly active users": "people using it",
    "sign-ups": "accounts created",
    "downloads": "downloads",
    "units sold": "units sold",
    "devices in use": "devices in use",
    "vehicles": "vehicles",
    "subscribers": "subscribers",
}


@dataclass(frozen=True)
class Comparison:
    """A claim against one published figure: values in the claim's unit and their ratio."""

    reference_id: str
    reference_label: str
    reference_value: float
    ratio: float
    compatible: bool
    source_id: str


def verdict(claim_value: float, claim_unit_size: float, candidates: list[Comparison]) -> tuple[str, list[Comparison]]:
    """The verdict for a claim and the comparisons that decide it (several only for exact ties).

    `claim_unit_size` is the size of one unit of the claim in the unit of the values (e.g. 12 for a
    claim in years when values are in months), used by the rounding rule.
    """
    if not candidates:
        return "unsupported", []
    compatible = [c for c in candidates if c.compatible]
    pool = compatible or candidates
    distance = [abs(math.log(c.ratio)) if c.ratio > 0 and math.isfinite(c.ratio) else math.inf for c in pool]
    best = min(distance)
    closest = [c for c, d in zip(pool, distance, strict=True) if math.isclose(d, best, rel_tol=1e-9, abs_tol=1e-12)]
    if not compatible:
        return "different metric", closest
    if 1 / TOLERANCE <= closest[0].ratio <= TOLERANCE:
        return "consistent", closest
    for c in compatible:
        if round(c.reference_value / claim_unit_size) == round(claim_value / claim_unit_size) == claim_value / claim_unit_size:
            return "rounded", [c]
    return "differs", closest


#: Summit claims that name a kind of technology, not one product: every product of their category compares.
UNNAMED_TYPES = ("Electronic devices",)


def _names_no_product(claim: pd.Series) -> bool:
    return claim["technology"] in UNNAMED_TYPES


def _adoption_comparisons(claim: pd.Series, references: pd.DataFrame) -> list[Comparison]:
    same = references[
        (references["technology"] == claim["technology"]) & (references["milestone"] == claim["milestone"])
    ]
    if _names_no_product(claim):
        # An unnamed device type: every device with a figure for the same milestone is a candidate.
        same = references[(references["category"] == "device") & (references["milestone"] == claim["milestone"])]
    family = METRIC_FAMILIES[str(claim["metric"])]
    return [
        Comparison(
            reference_id=r.id,
            reference_label=f"{r.technology}: {'about ' if r.approximate else ''}{human_duration(r.months)} ({r.metric})",
            reference_value=float(r.months),
            ratio=float(claim["months"] / r.months),
            compatible=METRIC_FAMILIES[str(r.metric)] == family,
            source_id=r.source_id,
        )
        for r in same.itertuples()
    ]


def same_value_elsewhere(claim: pd.Series, references: pd.DataFrame) -> list[str]:
    """Published figures with the claim's value but for another technology (a possible mix-up)."""
    close = references[
        (references["technology"] != claim["technology"])
        & (references["milestone"] == claim["milestone"])
        & np.isclose(references["months"], claim["months"], rtol=0.01)
    ]
    return [f"{r.technology} ({human_duration(r.months)}, {r.metric})" for r in close.itertuples()]


def _unit_size(unit: str) -> float:
    return MONTHS_PER_UNIT.get(unit, 1.0)


def adoption_claims(adoption: pd.DataFrame) -> pd.DataFrame:
    """Verdicts for the adoption-speed claims made at the summit."""
    references = adoption[adoption["statement"] == "reference"]
    rows = []
    for _, claim in adoption[adoption["statement"] == "summit claim"].iterrows():
        candidates = _adoption_comparisons(claim, references)
        decided, deciding = verdict(float(claim["months"]), _unit_size(str(claim["time_unit"])), candidates)
        notes = []
        elsewhere = same_value_elsewhere(claim, references)
        if decided == "unsupported" and elsewhere:
            notes.append(f"The same time is published for: {'; '.join(elsewhere)}.")
        others = [c for c in candidates if c not in deciding]
        if others:
            notes.append("Other figures: " + "; ".join(f"{c.reference_label}, ratio {c.ratio:.2f}" for c in others) + ".")
        rows.append(
            _claim_row(
                claim,
                f"{claim['technology']}: {human_duration(claim['months'])} to {milestone_text(claim['milestone'])} "
                f"({claim['metric']})",
                claim["stated_by"], float(claim["months"]), "months", decided, deciding, " ".join(notes),
            )
        )
    return pd.DataFrame(rows)


def _claim_row(
    claim: pd.Series, text: str, stated_by: str, value: float, unit: str, decided: str,
    deciding: list[Comparison], note: str,
) -> dict:
    """One row of the claims table: the claim, the figures that decide its verdict, and the verdict."""
    return {
        "claim_id": claim["id"],
        "claim_source_id": claim["source_id"],
        "claim": text,
        "stated_by": stated_by,
        "claim_value": value,
        "unit": unit,
        "reference": "; ".join(c.reference_label for c in deciding),
        "reference_ids": [c.reference_id for c in deciding],
        "reference_values": [c.reference_value for c in deciding],
        "source_ids": [c.source_id for c in deciding],
        "ratio": deciding[0].ratio if deciding else float("nan"),
        "verdict": decided,
        "note": note,
    }


def statistic_claims(statistics: pd.DataFrame) -> pd.DataFrame:
    """Verdicts for the other numbers said at the summit: statistics rows stated in a session (not the
    adoption-speed rows, which `adoption_claims` checks, nor facts about the Alliance itself).

    Each is compared with the published statistic its `reference_id` names; without one it is unsupported.
    """
    by_id = statistics.set_index("id")
    said = statistics[
        statistics["session_id"].notna() & statistics["adoption_id"].isna() & statistics["cited_by"].notna()
        | statistics["reference_id"].notna()
    ]
    rows = []
    for _, claim in said.iterrows():
        candidates = []
        if pd.notna(claim["reference_id"]) and by_id.at[claim["reference_id"], "value"] != 0:
            r = by_id.loc[claim["reference_id"]]
            candidates.append(Comparison(
                reference_id=claim["reference_id"],
                reference_label=f"{_describe(r)}",
                reference_value=float(r["value"]),
                ratio=float(claim["value"]) / float(r["value"]),
                compatible=r["unit"] == claim["unit"],
                source_id=r["source_id"],
            ))
        decided, deciding = verdict(float(claim["value"]), 1.0, candidates)
        rows.append(
            _claim_row(
                claim, f"{claim['indicator']}: {_describe(claim)}",
                claim["cited_by"] if pd.notna(claim["cited_by"]) else "", float(claim["value"]), str(claim["unit"]),
                decided, deciding, claim["note"] if pd.notna(claim["note"]) else "",
            )
        )
    return pd.DataFrame(rows)


def _describe(row: pd.Series) -> str:
    qualifier = "" if row["qualifier"] == "exact" else f"{row['qualifier']} "
    return f"{qualifier}{format_value(row['value'])} {row['unit']}"


def growth_claim_arithmetic(
    statistics: pd.DataFrame, claimed_percent: float, series_id: str = "ncmec-cybertipline-reports"
) -> pd.DataFrame:
    """A claimed rise against every pair of comparable years of a series: the arithmetic, shown in full.

    One row per (from, to) pair: the values, the rise they give, and the ratio of the claimed growth
    factor (1 + claim) to the computed one. Pairs that cross a change in counting are left out.
    Used for the Global Threat Assessment's 87% rise since 2019 against NCMEC's yearly counts.
    """

    values = get_series(statistics, series_id)
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


def gta_claim(
    statistics: pd.DataFrame, claim_id: str = "gta-reports-increase-since-2019", base_year: int = 2019
) -> dict:
    """The Global Threat Assessment's rise since `base_year`, checked against NCMEC's counts from that year."""
    claim = statistics.set_index("id").loc[claim_id].copy()
    claim["id"] = claim_id
    arithmetic = growth_claim_arithmetic(statistics, float(claim["value"]))
    since = arithmetic[arithmetic["from"] == base_year].copy()
    since["distance"] = np.abs(np.log(since["factor_ratio"]))
    best = since.sort_values("distance").iloc[0]
    end = int(best["to"])
    figure = Comparison(
        reference_id=f"ncmec-reports-{end}",
        reference_label=f"NCMEC reports {base_year} to {end}: {best['rise_percent']:+.1f}%",
        reference_value=float(best["rise_percent"]),
        ratio=float(best["factor_ratio"]),
        compatible=True,
        source_id=values_source(statistics, end),
    )
    within = 1 / TOLERANCE <= figure.ratio <= TOLERANCE
    others = "; ".join(f"{base_year} to {int(r.to)}: {r.rise_percent:+.1f}%" for r in since.itertuples() if r.to != end)
    base_status = best["statuses"].split(", ")[0]
    note = (
        f"Growth factors compared ({1 + float(claim['value']) / 100:.2f} against {1 + best['rise_percent'] / 100:.3f}). "
        f"Other end years: {others}. The {base_year} count is {base_status}"
        + (" (a secondary copy)." if base_status == "weak" else ".")
    )
    row = _claim_row(claim, f"{claim['indicator']}: {claim['value']:.0f}%", "", float(claim["value"]), "percent",
                     "consistent" if within else "differs", [figure], note)
    # The rise is computed from two counts: both rows, and both sources, stand behind it.
    row["reference_ids"] = [f"ncmec-reports-{base_year}", figure.reference_id]
    row["source_ids"] = list(dict.fromkeys([values_source(statistics, base_year), figure.source_id]))
    return row


def values_source(statistics: pd.DataFrame, year: int, series_id: str = "ncmec-cybertipline-reports") -> str:

    return str(get_series(statistics, series_id).at[year, "source_id"])


def claims_table(adoption: pd.DataFrame, statistics: pd.DataFrame) -> pd.DataFrame:
    """Every number said at the summit with its verdict (adoption claims first), then the Global Threat
    Assessment's 87% rise, a published claim checked the same way."""
    both = pd.concat(
        [adoption_claims(adoption), statistic_claims(statistics), pd.DataFrame([gta_claim(statistics)])],
        ignore_index=True,
    )
    # An adoption claim restated in several sessions lists them all.
    linked = (statistics.dropna(subset=["adoption_id", "session_id"]).groupby("adoption_id")["session_id"]
              .agg(lambda s: "; ".join(dict.fromkeys(s))))
    sessions = statistics.set_index("id")["session_id"]
    both["session_id"] = [linked.get(cid, sessions.get(cid, "")) for cid in both["claim_id"]]
    both["session_id"] = both["session_id"].fillna("")
    return both


# --- the adoption trend, with its uncertainty --------------------------------------------------------


@dataclass(frozen=True)
class HalvingEstimate:
    """Halving time of time-to-milestone, with a bootstrap percentile interval (years)."""

    halving_years: float
    low: float
    high: float
    n: int
    label: str
    resamples: int = RESAMPLES

    def describe(self) -> str:
        high = "not bounded" if not math.isfinite(self.high) else f"{self.high:.1f}"
        return f"{self.halving_years:.1f} years (95% interval {self.low:.1f} to {high}; n = {self.n})"


def bootstrap_halving(
    launch_year: pd.Series, months: pd.Series, label: str = "", resamples: int = RESAMPLES, seed: int = 20241204
) -> HalvingEstimate:
    """Halving time from the log-linear fit, with a 95% percentile interval from resampling the points.

    The interval is computed on the slope and turned into years; where resamples give a flat or
    rising trend, the upper end is infinite ('not bounded'). Same seed, same interval.
    """
    frame = pd.DataFrame({"x": launch_year, "y": np.log2(months.astype(float))}).dropna()
    fit = fit_trend(frame["x"], 2.0 ** frame["y"])
    rng = np.random.default_rng(seed)
    x, y = frame["x"].to_numpy(), frame["y"].to_numpy()
    slopes = []
    for _ in range(resamples):
        pick = rng.integers(0, len(x), len(x))
        if np.ptp(x[pick]) == 0:
            continue  # every resampled point at one launch year: no slope
        slopes.append(np.polyfit(x[pick], y[pick], 1)[0])
    lower_slope, upper_slope = np.percentile(slopes, [2.5, 97.5])
    low = -1 / lower_slope if lower_slope < 0 else math.inf
    high = -1 / upper_slope if upper_slope < 0 else math.inf
    return HalvingEstimate(fit.halving_years, min(low, high), max(low, high), fit.n, label, resamples)


def halving_sensitivity(adoption: pd.DataFrame) -> list[HalvingEstimate]:
    """The halving time from all reference figures, and from those counting users only."""
    points = reference_points(adoption, HUNDRED_MILLION)
    users = points[points["metric"].isin(["users", "monthly active users"])]
    return [
        bootstrap_halving(points["launch_year"], points["months"], "all reference figures"),
        bootstrap_halving(users["launch_year"], users["months"], "users and monthly active users only"),
    ]


def claims_for_people(claims: pd.DataFrame, people: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The claims table to show: claim, speaker, session, published figure, source, ratio, verdict, note."""
    names = people.set_index("id")["name"]
    citation = sources.set_index("id")["citation"]
    return pd.DataFrame(
        {
            "Claim": claims["claim"],
            "Speaker": [names.get(s, s) if s else "" for s in claims["stated_by"]],
            "Session": claims["session_id"],
            "Published figure": claims["reference"].replace("", "none found"),
            "Source": ["; ".join(dict.fromkeys(citation[i] for i in ids)) for ids in claims["source_ids"]],
            "Ratio": [
                "" if math.isnan(r) else " and ".join(f"{c:.2f}" for c in claim_ratios(row)) for r, row in
                zip(claims["ratio"], claims.itertuples(), strict=True)
            ],
            "Verdict": claims["verdict"],
            "Note": claims["note"],
        }
    )


def claim_ratios(row) -> list[float]:
    """The claim divided by each published figure that decides its verdict."""
    if row.unit == "percent":
        return [row.ratio]
    return [row.claim_value / v for v in row.reference_values]


# --- the same results in sentences, for the reports ---------------------------------------------------


def _high(estimate: HalvingEstimate) -> str:
    return f"{estimate.high:.1f} years" if math.isfinite(estimate.high) else "an unbounded upper end"


def trend_reading(adoption: pd.DataFrame) -> str:
    """The adoption trend in plain words: its halving time, how loose the fit is, and how much the answer
    depends on which figures are counted (all reference figures against user counts only)."""
    points = reference_points(adoption, HUNDRED_MILLION)
    fit = fit_trend(points["launch_year"], points["months"])
    everything, users = halving_sensitivity(adoption)
    metrics = join_words(list(dict.fromkeys(str(m) for m in points["metric"])), "or")
    return (
        f"Fitted to all {fit.n} published times with a launch year, the line halves the time to 100 million every "
        f"{fit.halving_years:.1f} years of later launch. The trend is loose: launch year accounts for "
        f"{fit.r_squared:.0%} of the variation in the logarithm of the time (R² = {fit.r_squared:.2f}), and "
        f"refitting on {everything.resamples:,} resamples of the figures gives a 95% interval of "
        f"{everything.low:.1f} to {_high(everything)}. It also depends on what is counted: these figures count "
        f"{metrics}, and among the {number_word(users.n)} that count users or monthly active users the time halves "
        f"every {users.halving_years:.1f} years (95% interval {users.low:.1f} to {_high(users)}). "
        "Report 04, Claims versus evidence, shows both estimates."
    )


def halving_reading(estimates: list[HalvingEstimate]) -> str:
    """Each halving estimate as a Markdown bullet, after a sentence on how the intervals were computed."""
    resamples = join_words(sorted({f"{e.resamples:,}" for e in estimates}))
    bullets = [
        f"- {capitalise(e.label)} ({e.n} figures): halving every {e.halving_years:.1f} years, "
        f"95% interval {e.low:.1f} to {_high(e)}."
        for e in estimates
    ]
    return (
        f"Each interval is the middle 95% of the halving times from refitting the line on {resamples} resamples "
        "of the figures, drawn with replacement.\n\n" + "\n".join(bullets)
    )


def _percent(value: float, approximate: bool) -> str:
    return f"{'about ' if approximate else ''}{value:.0f}%"


def gta_setup(statistics: pd.DataFrame, claimed_percent: float, claim_id: str = "gta-reports-increase-since-2019",
              series_id: str = "ncmec-cybertipline-reports") -> str:
    """What the table of the Global Threat Assessment's rise checks: the published value, the value checked
    (when a run sets another), and the years left out because counting changed."""

    published = float(statistics.set_index("id").at[claim_id, "value"])
    values = get_series(statistics, series_id)
    breaks = [str(y) for y in values.index[values["comparable"].eq(False)]]
    sentences = [f"The published figure is {format_value(published)}%."]
    if not math.isclose(claimed_percent, published):
        sentences.append(f"This run of the report checks a rise of {format_value(claimed_percent)}% instead.")
    sentences.append("The end year is not stated, so the table below computes the rise between every pair of "
                     "comparable years of NCMEC's counts.")
    if breaks:
        sentences.append(f"The {join_words(breaks)} count{' is' if len(breaks) == 1 else 's are'} left out: "
                         "NCMEC changed how it counts.")
    return " ".join(sentences)


def gta_reading(statistics: pd.DataFrame, claimed_percent: float, base_year: int = 2019,
                series_id: str = "ncmec-cybertipline-reports") -> str:
    """The rise from `base_year` to each later comparable year against the claimed rise, in sentences: the
    closest end year, the others, whether the closest is within the tolerance, and how solid its counts are."""

    values = get_series(statistics, series_id)
    since = growth_claim_arithmetic(statistics, claimed_percent, series_id)
    since = since[since["from"] == base_year].copy()
    since["distance"] = np.abs(np.log(since["factor_ratio"]))
    best = since.loc[since["distance"].idxmin()]
    end = int(best["to"])

    def approx(year: int) -> bool:
        return str(values.at[year, "qualifier"]) != "exact" or str(values.at[base_year, "qualifier"]) != "exact"

    claim = f"{format_value(claimed_percent)}%"
    others = [f"to {int(r.to)} by {_percent(r.rise_percent, approx(int(r.to)))}"
              for r in since.itertuples() if int(r.to) != end]
    sentences = [
        f"From {base_year} to {end} NCMEC's counts rose by {_percent(best['rise_percent'], approx(end))}, the closest "
        f"to the {claim} checked" + (f"; {join_words(others)}." if others else ".")
    ]
    tolerance = f"±{TOLERANCE - 1:.0%}"
    if 1 / TOLERANCE <= best["factor_ratio"] <= TOLERANCE:
        base_status = str(values.at[base_year, "status"])
        caveat = (f", but the {base_year} count itself is {STATUS_PHRASES[base_status]}, so the match is not strong "
                  "evidence" if base_status in ("weak", "unverified") else "")
        sentences.append(f"The {claim} is therefore consistent (within {tolerance} in growth factor) with a "
                         f"{base_year}-to-{end} comparison{caveat}.")
    else:
        sentences.append(f"No end year gives a rise within {tolerance} of the {claim} (in growth factor).")
    return " ".join(sentences)


def _claim_name(claim: pd.Series) -> str:
    """The technology as the claim names it: '"Electronic devices"' (a quoted, unnamed type), 'The automobile'."""
    if _names_no_product(claim):
        return f'"{claim["technology"]}"'
    phrase = technology_phrase(str(claim["technology"]), str(claim["category"]))
    return capitalise(phrase)


def adoption_claim_notes(adoption: pd.DataFrame, sources: pd.DataFrame) -> str:
    """One Markdown bullet per adoption-speed claim saying what the record shows, from the same comparisons
    as the claims table: the deciding figure and its source, the rounding, a tie, or no source found."""
    citation = sources.set_index("id")["citation"]
    references = adoption[adoption["statement"] == "reference"]
    bullets = []
    claims = adoption[adoption["statement"] == "summit claim"].sort_values("months")
    for _, claim in claims.iterrows():
        unit = _unit_size(str(claim["time_unit"]))
        candidates = _adoption_comparisons(claim, references)
        decided, deciding = verdict(float(claim["months"]), unit, candidates)
        stated = human_duration(float(claim["months"]))
        head = f"- **{_claim_name(claim)}, {stated}**: "
        milestone = milestone_text(int(claim["milestone"]))
        if decided == "unsupported":
            text = f"no published source was found for {stated} to {milestone} {claim['metric']}."
            same = references[
                (references["technology"] != claim["technology"]) & (references["milestone"] == claim["milestone"])
                & np.isclose(references["months"], claim["months"], rtol=0.01)
            ]
            if len(same):
                figures = join_words([f"{r.technology.lower()} {r.metric}" for r in same.itertuples()])
                cited = "; ".join(dict.fromkeys(citation[r.source_id] for r in same.itertuples()))
                text += (f" The published figure of {stated} to {milestone} in this data is for {figures}. "
                         f"Source: {cited}.")
        else:
            ref = references.set_index("id")
            first = ref.loc[deciding[0].reference_id]
            about = "about " if first["approximate"] else ""
            if decided == "consistent":
                text = (f"the published figure is {about}{human_duration(first['months'])} to {milestone} "
                        f"{first['metric']}, within ±{TOLERANCE - 1:.0%} of the claim, so the verdict is *consistent*. "
                        f"Source: {citation[first['source_id']]}.")
            elif decided == "rounded":
                in_unit = first["months"] / unit
                unit_name = str(claim["time_unit"])
                text = (f"the published figure is {about}{human_duration(first['months'])} to {milestone} "
                        f"{first['metric']}. That is {in_unit:.2f} {unit_name}, which rounds to the {stated} "
                        f"stated, so the verdict is *rounded*; the claim is {abs(deciding[0].ratio - 1):.0%} "
                        f"{'longer' if deciding[0].ratio > 1 else 'shorter'} than the figure. "
                        f"Source: {citation[first['source_id']]}.")
            else:
                figures = [ref.loc[c.reference_id] for c in deciding]
                listed = join_words([f"the {f['technology']} ({human_duration(f['months'])})" for f in figures])
                text = "no device type was named. " if _names_no_product(claim) else ""
                if len(deciding) > 1:
                    factor = max(deciding[0].ratio, 1 / deciding[0].ratio)
                    text += (f"The closest published figures are {listed}: they differ from {stated} by the same "
                             f"factor ({factor:.1f}), in opposite directions.")
                else:
                    text += f"The closest published figure is {listed}, {deciding[0].ratio:.2f} times the claim."
                metrics = join_words(list(dict.fromkeys(str(f["metric"]) for f in figures)))
                if decided == "different metric":
                    text += (f" {'Both count' if len(figures) == 2 else 'They count'} {metrics}, not "
                             f"{claim['metric']}, so the verdict is *different metric*.")
                else:
                    text += " The verdict is *differs*."
        bullets.append(head + text)
    return "\n".join(bullets)


def growth_claim_table(statistics: pd.DataFrame, claimed_percent: float,
                       series_id: str = "ncmec-cybertipline-reports") -> pd.DataFrame:
    """`growth_claim_arithmetic` ready to show: counts with their published qualifier, rise, factor ratio, status."""

    arithmetic = growth_claim_arithmetic(statistics, claimed_percent, series_id)
    qualifier = get_series(statistics, series_id)["qualifier"].astype(str)

    def count(year: int, value: float) -> str:
        return ("about " if qualifier[year] == "about" else "") + f"{value:,.0f}"

    return pd.DataFrame(
        {
            "From": arithmetic["from"],
            "To": arithmetic["to"],
            "Reports (from)": [count(y, v) for y, v in zip(arithmetic["from"], arithmetic["start_value"], strict=True)],
            "Reports (to)": [count(y, v) for y, v in zip(arithmetic["to"], arithmetic["end_value"], strict=True)],
            "Rise": arithmetic["rise_percent"].map("{:+.1f}%".format),
            "Claimed ÷ computed growth factor": arithmetic["factor_ratio"].map("{:.3f}".format),
            "Status of the counts": arithmetic["statuses"],
        }
    )
