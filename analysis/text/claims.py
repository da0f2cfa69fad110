"""Claims versus evidence in tables and sentences, from the checks of `analysis.compute.claims`."""

from __future__ import annotations

import math

import pandas as pd

from ..compute.adoption import HUNDRED_MILLION, HalvingEstimate, fit_trend, halving_sensitivity, reference_points
from ..compute.claims import (
    CONTRADICTED, GROWTH_CLAIM, NO_SOURCE, TOLERANCE, Check, Comparison, Elapsed, MilestoneDating, adoption_checks,
    claim_ratios, claim_sessions, growth_check, names_no_product, statistic_checks, tolerance_band, unit_size,
)
from .adoption import human_duration, milestone_text, technology_phrase
from .formatting import capitalise, format_count, format_published, format_value, join_words, number_word, qualified
from .markup import md

#: The tolerance of the rule as a reader sees it: '±10%'.
TOLERANCE_TEXT = f"±{TOLERANCE - 1:.0%}"


def verdict_rule() -> str:
    """The verdict rule as the reports state it (Markdown), with the tolerance the computation uses."""
    return (
        "**The rule**, applied in this order to every claim:\n\n"
        "1. *contradicted by the record*: no published figure of the claimed kind exists, but published counts "
        "date the milestone, and the time they give, counted from the start the claim names and from any later "
        f"start, is outside {TOLERANCE_TEXT} of the claim;\n"
        "2. *no source found*: no published figure measures the same technology or indicator, and no published "
        "count contradicts the claim;\n"
        "3. *different metric*: published figures exist, but none counts a compatible thing (users and monthly "
        "active users are compatible; units sold and devices in use are not);\n"
        f"4. *consistent*: a compatible figure is within {TOLERANCE_TEXT} of the claim;\n"
        "5. *rounded*: a compatible figure, expressed in the claim's unit and rounded to a whole number of it, "
        "equals the claim;\n"
        "6. *differs*: otherwise, with the ratio saying by how much.\n\n"
        "Where several published figures qualify, the closest decides and the others are listed; exact ties are "
        "all shown."
    )


def describe_halving(estimate: HalvingEstimate) -> str:
    """'18.0 years (95% interval 2.2 to 25.8; n = 14)', with 'not bounded' for an open upper end."""
    high = "not bounded" if not math.isfinite(estimate.high) else f"{estimate.high:.1f}"
    return f"{estimate.halving_years:.1f} years (95% interval {estimate.low:.1f} to {high}; n = {estimate.n})"


def band_text(claimed_percent: float) -> str:
    """The rises the rule lets pass as consistent with a claimed rise: 'any rise from +70% to +106%' for 87%
    (1.87 / 1.1 - 1 and 1.87 × 1.1 - 1)."""
    low, high = tolerance_band(claimed_percent)
    return f"any rise from {low:+.0f}% to {high:+.0f}%"


def _start_name(start: pd.Series) -> str:
    """A start row's name inside a sentence, from its indicator: 'Year of the Model T' -> 'the Model T'."""
    indicator = str(start["indicator"])
    if indicator.startswith("Year of "):
        return indicator.removeprefix("Year of ")
    return indicator[:1].lower() + indicator[1:]


def _times(elapsed: Elapsed) -> str:
    """How many times the claim the recorded time is, to one decimal, rounded towards the claim so that a bound
    stays true ('4.6' for 74 years against 16)."""
    factor = 1 / elapsed.ratio
    return f"{(math.floor if factor > 1 else math.ceil)(factor * 10) / 10:.1f}"


def _count_text(row: pd.Series) -> str:
    """'about 98.3 million cars'."""
    return f"{qualified(format_count(float(row['value'])), md(row['qualifier']))} {md(row['unit'])}"


def _subtraction(dating: MilestoneDating, elapsed: Elapsed) -> str:
    """'at least 1960 − 1886 = 74 years' (or 'at most', from the first count over the milestone)."""
    early = elapsed.ratio < 1
    count = dating.below if early else dating.reached
    years = elapsed.at_least if early else elapsed.at_most
    return f"{'at least' if early else 'at most'} {int(count['year'])} − {elapsed.start_year} = {years:.0f} years"


def _dating_label(dating: MilestoneDating) -> str:
    """The record's dating of a milestone as a published figure: 'Cars worldwide: about 98.3 million cars in 1960,
    so at least 74 years after 1886'."""
    first = dating.elapsed[0]
    early = first.ratio < 1
    count = dating.below if early else dating.reached
    years = first.at_least if early else first.at_most
    return (f"{count['indicator']}: {_count_text(count)} in {int(count['year'])}, so "
            f"{'at least' if early else 'at most'} {years:.0f} years after {first.start_year}")


def _dating_note(dating: MilestoneDating) -> str:
    """The arithmetic of the claims table's note: each start, the subtraction and how many times the claim."""
    first, *later = dating.elapsed
    text = (f"Counted from {_start_name(first.start)} ({first.start_year}): {_subtraction(dating, first)}, "
            f"{_times(first)} times the claim.")
    for e in later:
        text += f" Counted from {_start_name(e.start)} ({e.start_year}): {_subtraction(dating, e)}."
    return text


def _describe(row: pd.Series) -> str:
    return f"{format_published(float(row['value']), str(row['qualifier']))} {row['unit']}"


def _adoption_label(row: pd.Series) -> str:
    """A published adoption figure: 'TikTok: about 9 months (users)'."""
    return f"{row['technology']}: {'about ' if row['approximate'] else ''}{human_duration(row['months'])} ({row['metric']})"


def _reference_label(check: Check, comparison) -> str:
    if check.verdict == CONTRADICTED:
        return _dating_label(check.dating)
    return _adoption_label(comparison.row) if check.kind == "adoption" else _describe(comparison.row)


def _row(claim: pd.Series, text: str, stated_by: str, value: float, unit: str, verdict: str, labels: list[str],
         deciding, note: str) -> dict:
    """One row of the claims table: the claim, the figures that decide its verdict, and the verdict."""
    return {
        "claim_id": claim["id"],
        "claim_source_id": claim["source_id"],
        "claim": text,
        "stated_by": stated_by,
        "claim_value": value,
        "unit": unit,
        "reference": "; ".join(labels),
        "reference_ids": [c.reference_id for c in deciding],
        "reference_values": [c.reference_value for c in deciding],
        "source_ids": [c.source_id for c in deciding],
        "ratio": deciding[0].ratio if deciding else float("nan"),
        "verdict": verdict,
        "note": note,
    }


def _check_row(check: Check) -> dict:
    claim = check.claim
    labels = [_reference_label(check, c) for c in check.deciding]
    if check.kind == "adoption":
        notes = []
        elsewhere = [f"{r.technology} ({human_duration(r.months)}, {r.metric})" for r in check.same_elsewhere.itertuples()]
        if check.verdict == CONTRADICTED:
            notes.append(_dating_note(check.dating))
        if check.verdict in (NO_SOURCE, CONTRADICTED) and elsewhere:
            notes.append(f"The same time is published for: {'; '.join(elsewhere)}.")
        if check.others:
            notes.append("Other figures: " + "; ".join(f"{_reference_label(check, c)}, ratio {c.ratio:.2f}"
                                                       for c in check.others) + ".")
        text = (f"{claim['technology']}: {human_duration(claim['months'])} to {milestone_text(claim['milestone'])} "
                f"({claim['metric']})")
        return _row(claim, text, claim["stated_by"], check.value, check.unit, check.verdict, labels, check.deciding,
                    " ".join(notes))
    return _row(claim, f"{claim['indicator']}: {_describe(claim)}",
                claim["cited_by"] if pd.notna(claim["cited_by"]) else "", check.value, check.unit, check.verdict,
                labels, check.deciding, claim["note"] if pd.notna(claim["note"]) else "")


def _growth_row(statistics: pd.DataFrame, claim_id: str = GROWTH_CLAIM) -> dict:
    """The Global Threat Assessment's rise since its base year, as checked against NCMEC's counts."""
    claim = statistics.set_index("id").loc[claim_id].copy()
    claim["id"] = claim_id
    check = growth_check(statistics, float(claim["value"]))
    base, end, values = check.base_year, check.end, check.values
    others = "; ".join(f"{base} to {int(r.to)}: {r.rise_percent:+.1f}%" for r in check.since.itertuples()
                       if r.to != end)
    base_status = str(values.at[base, "status"])
    note = (
        f"Growth factors compared ({1 + check.claimed_percent / 100:.2f} against {1 + check.rise_percent / 100:.3f}); "
        f"{TOLERANCE_TEXT} in growth factor admits {band_text(check.claimed_percent)}. "
        f"Other end years: {others}. The {base} count is {base_status}"
        + (" (a secondary copy)." if base_status == "weak" else ".")
    )
    # The rise is computed from two counts: both rows, and both sources, stand behind it.
    decided_by = Comparison(str(values.at[end, "id"]), check.rise_percent, check.factor_ratio, True,
                            str(values.at[end, "source_id"]))
    row = _row(claim, f"{claim['indicator']}: {claim['value']:.0f}%", "", check.claimed_percent, "percent",
               check.verdict, [f"NCMEC reports {base} to {end}: {check.rise_percent:+.1f}%"], [decided_by], note)
    row["reference_ids"] = [str(values.at[base, "id"]), decided_by.reference_id]
    row["source_ids"] = list(dict.fromkeys([str(values.at[base, "source_id"]), decided_by.source_id]))
    return row


def claims_table(adoption: pd.DataFrame, statistics: pd.DataFrame) -> pd.DataFrame:
    """Every number said at the summit with its verdict (adoption claims first), then the Global Threat
    Assessment's 87% rise, a published claim checked the same way. One row per claim, with its text,
    the published figures that decide the verdict, their sources, the ratio, the verdict and a note."""
    rows = [_check_row(c) for c in adoption_checks(adoption, statistics)]
    rows += [_check_row(c) for c in statistic_checks(statistics)]
    rows.append(_growth_row(statistics))
    table = pd.DataFrame(rows)
    table["session_id"] = claim_sessions(statistics, list(table["claim_id"]))
    return table


def _bound_word(row) -> str:
    """'at most ' before the ratio of a claim the record contradicts (the record bounds its time on one side)."""
    if row.verdict != CONTRADICTED:
        return ""
    return "at most " if row.ratio < 1 else "at least "


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
                "" if math.isnan(r) else _bound_word(row) + " and ".join(f"{c:.2f}" for c in claim_ratios(row))
                for r, row in zip(claims["ratio"], claims.itertuples(), strict=True)
            ],
            "Verdict": claims["verdict"],
            "Note": claims["note"],
        }
    )


def _high(estimate: HalvingEstimate) -> str:
    return f"{estimate.high:.1f} years" if math.isfinite(estimate.high) else "an unbounded upper end"


def trend_reading(adoption: pd.DataFrame) -> str:
    """The adoption trend in plain words: its halving time, how loose the fit is, and how much the answer
    depends on which figures are counted (all reference figures against user counts only)."""
    points = reference_points(adoption, HUNDRED_MILLION)
    fit = fit_trend(points["launch_year"], points["months"])
    everything, users = halving_sensitivity(adoption)
    metrics = join_words([md(m) for m in dict.fromkeys(str(m) for m in points["metric"])], "or")
    earliest = points.iloc[0]
    rest = points.iloc[1:]
    without = fit_trend(rest["launch_year"], rest["months"])
    user_rows = points[points["metric"].astype(str).isin(["users", "monthly active users"])]
    shared = user_rows["source_id"].value_counts()
    return (
        f"Fitted to all {fit.n} published times with a launch year, the line halves the time to 100 million every "
        f"{fit.halving_years:.1f} years of later launch. The trend is loose: launch year accounts for "
        f"{fit.r_squared:.0%} of the variation in the logarithm of the time (R² = {fit.r_squared:.2f}), and "
        f"refitting on {everything.resamples:,} resamples of the figures gives a 95% interval of "
        f"{everything.low:.1f} to {_high(everything)}. The earliest figure weighs heavily: without "
        f"{md(technology_phrase(earliest['technology'], earliest['category']))} ({earliest['launch_year']:.0f}), the "
        f"time halves every "
        f"{without.halving_years:.1f} years. It also depends on what is counted: these figures count "
        f"{metrics}, and among the {number_word(users.n)} that count users or monthly active users the time halves "
        f"every {users.halving_years:.1f} years (95% interval {users.low:.1f} to {_high(users)}); "
        f"{number_word(int(shared.iloc[0]))} of those {number_word(users.n)} come from one source, so they are not "
        "independent measurements. Report 04, Claims versus evidence, shows both estimates."
    )


def halving_reading(estimates: list[HalvingEstimate]) -> str:
    """Each halving estimate as a Markdown bullet, after a sentence on how the intervals were computed."""
    resamples = join_words(sorted({f"{e.resamples:,}" for e in estimates}))
    bullets = [
        f"- {md(capitalise(e.label))} ({e.n} figures): halving every {e.halving_years:.1f} years, "
        f"95% interval {e.low:.1f} to {_high(e)}."
        for e in estimates
    ]
    return (
        f"Each interval is the middle 95% of the halving times from refitting the line on {resamples} resamples "
        "of the figures, drawn with replacement.\n\n" + "\n".join(bullets)
    )


def _claim_name(claim: pd.Series) -> str:
    """The technology as the claim names it: '"Electronic devices"' (a quoted, unnamed type), 'The automobile'."""
    if names_no_product(claim):
        return f'"{md(claim["technology"])}"'
    phrase = technology_phrase(str(claim["technology"]), str(claim["category"]))
    return md(capitalise(phrase))


def _record_text(dating: MilestoneDating, stated: str, milestone: str) -> str:
    """The arithmetic by which published counts contradict a claimed time: the counts, the years, the subtraction
    and how many times the claim the recorded time is, every number read from the data."""
    first, *later = dating.elapsed
    early = first.ratio < 1
    count = dating.below if early else dating.reached
    year, things = int(count["year"]), md(count["unit"])
    years = first.at_least if early else first.at_most
    place = "the world" if count["geography"] == "world" or pd.isna(count["geography"]) else md(count["geography"])
    if early:
        text = (f"In {year} {place} had {_count_text(count)}, still under {milestone}, so {things} passed "
                f"{milestone} no earlier than {year}: ")
    else:
        text = f"By {year} {place} had {_count_text(count)}, so {things} passed {milestone} no later than {year}: "
    text += (f"{_subtraction(dating, first)} after {md(_start_name(first.start))} of {first.start_year}, and "
             f"{years:.0f} ÷ {format_value(dating.claim_years)} ≈ {_times(first)}: "
             f"{'at least' if early else 'at most'} {_times(first)} times the {stated} stated.")
    for e in later:
        text += (f" Counted from {md(_start_name(e.start))} ({e.start_year}) instead, it is still "
                 f"{_subtraction(dating, e)}.")
    for indicator, rows in dating.context.groupby("indicator", sort=False):
        counts = join_words([f"{qualified(format_count(float(r['value'])), md(r['qualifier']))} in {int(r['year'])}"
                             for _, r in rows.iterrows()])
        text += f" For scale: {md(indicator[:1].lower() + indicator[1:])} numbered {counts}."
    return text


def adoption_claim_notes(adoption: pd.DataFrame, statistics: pd.DataFrame, sources: pd.DataFrame) -> str:
    """One Markdown bullet per adoption-speed claim saying what the record shows, from the same comparisons
    as the claims table: the deciding figure and its source, the rounding, a tie, no source found, or the
    arithmetic by which published counts contradict the claim."""
    citation = sources.set_index("id")["citation"]
    bullets = []
    for check in sorted(adoption_checks(adoption, statistics), key=lambda c: c.value):
        claim, decided, deciding = check.claim, check.verdict, check.deciding
        unit = unit_size(str(claim["time_unit"]))
        stated = human_duration(float(claim["months"]))
        head = f"- **{_claim_name(claim)}, {stated}**: "
        milestone = milestone_text(int(claim["milestone"]))
        if decided in (NO_SOURCE, CONTRADICTED):
            cited = []
            if decided == CONTRADICTED:
                dating = check.dating
                counted = md(deciding[0].row["unit"])
                text = (f"no published source gives a time to {milestone} {counted}, and the published counts "
                        f"contradict {stated}. {_record_text(dating, stated, milestone)} The verdict is "
                        f"*{decided}*.")
                rows = [dating.below, dating.reached, *(e.start for e in dating.elapsed)]
                cited += [md(citation[r["source_id"]]) for r in rows if r is not None]
                cited += [md(citation[s]) for s in dating.context["source_id"]]
            else:
                text = f"no published source was found for {stated} to {milestone} {md(claim['metric'])}."
            same = check.same_elsewhere
            if len(same):
                figures = join_words([f"{md(r.technology.lower())} {md(r.metric)}" for r in same.itertuples()])
                cited += [md(citation[r.source_id]) for r in same.itertuples()]
                text += f" The published figure of {stated} to {milestone} in this data is for {figures}."
            if cited:
                cited = list(dict.fromkeys(cited))
                text += f" {'Source' if len(cited) == 1 else 'Sources'}: {'; '.join(cited)}."
        else:
            first = deciding[0].row
            about = "about " if first["approximate"] else ""
            if decided == "consistent":
                text = (f"the published figure is {about}{human_duration(first['months'])} to {milestone} "
                        f"{md(first['metric'])}, within {TOLERANCE_TEXT} of the claim, so the verdict is *consistent*."
                        + (f" About that figure: {md(first['note'])}" if pd.notna(first["note"]) else "")
                        + f" Source: {md(citation[first['source_id']])}.")
            elif decided == "rounded":
                in_unit = first["months"] / unit
                unit_name = md(claim["time_unit"])
                text = (f"the published figure is {about}{human_duration(first['months'])} to {milestone} "
                        f"{md(first['metric'])}. That is {in_unit:.2f} {unit_name}, which rounds to the {stated} "
                        f"stated, so the verdict is *rounded*; the claim is {abs(deciding[0].ratio - 1):.0%} "
                        f"{'longer' if deciding[0].ratio > 1 else 'shorter'} than the figure. "
                        f"Source: {md(citation[first['source_id']])}.")
            else:
                figures = [c.row for c in deciding]
                listed = join_words([f"the {md(f['technology'])} ({human_duration(f['months'])})" for f in figures])
                text = "no device type was named. " if names_no_product(claim) else ""
                if len(deciding) > 1:
                    factor = max(deciding[0].ratio, 1 / deciding[0].ratio)
                    text += (f"The closest published figures are {listed}: they differ from {stated} by the same "
                             f"factor ({factor:.1f}), in opposite directions.")
                else:
                    text += f"The closest published figure is {listed}, {deciding[0].ratio:.2f} times the claim."
                metrics = join_words([md(m) for m in dict.fromkeys(str(f["metric"]) for f in figures)])
                if decided == "different metric":
                    text += (f" {'Both count' if len(figures) == 2 else 'They count'} {metrics}, not "
                             f"{md(claim['metric'])}, so the verdict is *different metric*.")
                else:
                    text += " The verdict is *differs*."
        bullets.append(head + text)
    return "\n".join(bullets)
