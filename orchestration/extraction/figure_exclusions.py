"""The exclusions stage: numbers that look like figures but count no new victims.

Each exclusion is a named rule (engine.exclude records which one dropped a number, for
`explain`). They run in three passes, cheapest first, so that the long patterns read only the
few candidates left: numbers named again or not counted at all, then numbers that count no
people, then rates, averages, shares and earlier wars.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.cue_context import dist_left, nearest, qualifier_alternation
from orchestration.extraction.engine import Context, Trace, exclude
from orchestration.extraction.patterns import cue
from orchestration.extraction.rules import rule_regex

WORD_GAP = r"^(?:[ ]+[\p{L}'’]+){0,3}?[ ]*"  # up to three words right after the figure
SHORT_WORD_GAP = r"^(?:[ ]+[\p{L}'’]+){0,2}?[ ]*"


def _qualified_end(pattern: str, between: str = r"[ ]*") -> str:
    return pattern + between + rf"(?:(?:{qualifier_alternation()})[ ]*)?$"


def exclude_named_again(frame: pl.LazyFrame, trace: Trace | None = None) -> pl.LazyFrame:
    """"eight of the 33", "these five journalists": a group counted before; ages, ranges, parts of
    prisoners or things."""
    left = Context.left
    seen_before = pl.int_range(pl.len()).over("article_id", "value") > 0
    of_the_counted = (
        left.str.contains(rule_regex("figure_of_the_before"))
        & ((pl.col("pos") - Context.previous_end) <= 10).fill_null(False)
        & seen_before
    )
    # "دویست اسیر فلسطینی آزاد شدند که ۱۲۰ نفر از آنان ...", "three cars, two of them armoured":
    # a part of a count of prisoners or of things ("ودمرت ١٢٦ سيارة إسعاف" after "منهم").
    thing_part = pl.col("breakdown") & Context.right.str.contains("^[ ]*" + cue("thing_nouns"))
    return exclude(frame, {
        "figure_of_the_before": of_the_counted,
        "figure_these_before": left.str.contains(rule_regex("figure_these_before")),
        "figure_age_before": pl.col("_age"),
        "figure_indefinite_one": pl.col("_article_one"),
        "part_of_prisoners_or_things": pl.col("breakdown") & pl.col("_after_non_person") | thing_part,
    }, trace)


def _counts_people() -> pl.Expr:
    """Is the mention a count of people at all? A noun, a measure, a toll or a captors' verb says so."""
    left = Context.left
    # "The six had been abducted" names a group counted before ("Of the 50 still held" is new).
    the_group = left.str.contains(rule_regex("figure_the_before")) & ~left.str.contains(rule_regex("figure_of_the_before_part"))
    said_to_count = (
        pl.col("_person_noun").is_not_null() | pl.col("_hostage_noun").is_not_null() | pl.col("_partitive_hostage")
        | pl.col("_noun_metric").is_not_null() | pl.col("_bare_metric").is_not_null() | pl.col("_toll_metric").is_not_null()
        | pl.col("_verb_metric").is_not_null() | pl.col("_hostage_verb") | pl.col("_hostage_toll") | pl.col("_toll_after")
        | (pl.col("_hostage_bare") & ~the_group)
    )
    attackers = pl.col("_perpetrator") & pl.col("_bare_metric").is_null() & ~left.str.contains(rule_regex("figure_killing_before"))
    return said_to_count & ~attackers & ~pl.col("_weapon") & ~pl.col("_prisoner") & ~_not_a_count()


def _not_a_count() -> pl.Expr:
    return pl.col("_hyphenated") | pl.col("_date_part") | pl.col("_unit")


def exclude_non_counts(frame: pl.LazyFrame, trace: Trace | None = None) -> pl.LazyFrame:
    """Keep counts of people; a breakdown ("of whom 41 are believed dead") may have no noun of its
    own, so it stays for now (its parent decides later)."""
    frame = frame.with_columns(_counts_people().alias("_counts"))
    open_breakdown = pl.col("breakdown") & ~pl.col("_prisoner") & ~_not_a_count()
    return exclude(frame, {"no_count_of_people": ~(pl.col("_counts") | open_breakdown)}, trace)


def _earlier_war() -> pl.Expr:
    """"the UN counted 2,251 Palestinians dead" after "ended in August 2014": an earlier war's count
    ("since 1967" compares; it does not date the figure)."""
    since_year = rule_regex("figure_since_year")
    left, right = Context.left.str.replace_all(since_year, "~"), Context.right.str.replace_all(since_year, "~")
    past_dist = nearest(left, right, cue("past_conflict_cues"))
    current_dist = nearest(left, right, cue("current_war_cues"))
    return past_dist.is_not_null() & (current_dist.is_null() | (past_dist < current_dist))


def exclude_other_numbers(frame: pl.LazyFrame, trace: Trace | None = None) -> pl.LazyFrame:
    """Rates, averages, shares, people at risk or sheltered, arrests and earlier wars."""
    left, right = Context.left, Context.right
    # "more than 110 deaths a day", "an average of 139" (not "a day after", "in a day": a count).
    average = (
        right.str.contains(WORD_GAP + cue("rate_cues")) & ~right.str.contains(rule_regex("figure_day_of_an_event"))
    ) | left.str.contains(_qualified_end(cue("average_cues"), r"[ ,\x{060C}]*"))
    # "arrested 99 of them", "Apprehended 74 suspects": counted by an arrest verb.
    arrested = (
        dist_left(left, _qualified_end(cue("detention_cues"), r"(?:[ ]*\S+)?[ ]*")).is_not_null() & pl.col("breakdown")
    ) | left.str.contains(_qualified_end(cue("detention_cues")))
    return exclude(frame, {
        # "90% of Gaza's 2.1 million people have been displaced": the base of a share, a population.
        "figure_share_of": left.str.contains(rule_regex("figure_share_of")) & right.str.contains(rule_regex("figure_share_base_people")),
        "detention_cues": arrested,
        "past_conflict_cues": _earlier_war(),
        # "for every additional 10 hostages freed": a rate (a release schedule is a count).
        "figure_rate_before": left.str.contains(rule_regex("figure_rate_before")) | right.str.contains(rule_regex("figure_rate_after")),
        "average_cues": average & pl.col("_hostage_noun").is_null(),
        "at_risk_cues": right.str.contains(SHORT_WORD_GAP + cue("at_risk_cues")),  # "3,500 children at risk of starving"
        "shelter_cues": left.str.contains(_qualified_end(cue("shelter_cues"))),  # "a centre sheltering 30,000"
    }, trace)
