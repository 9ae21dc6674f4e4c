"""The propagation stage: what a figure takes from the figures around it.

A parent takes the verb said after its breakdowns ("322 نفر از جمله 123 کودک ... جان باخته اند");
a breakdown ("including 2,913 children") takes kind and measure from its parent unless it names
its own; the items of a list share the measure or status named once for all of them.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.cue_context import NEAR, first_label, label_at_end
from orchestration.extraction.engine import KEEP, SENTENCE_KEYS, Choice, Context, Trace, decide, exclude
from orchestration.extraction.figure_candidates import qualified_end
from orchestration.extraction.figure_measure import STATUSES, status_words
from orchestration.extraction.rules import rule_regex

UNTIL_STOP = r"^([^;\x{061B}.]*)"  # the right-hand words up to the first stop or semicolon
NAMED_PART_METRIC = {"dead": "killed", "killed": "killed", "victims": "killed", "wounded": "injured", "injured": "injured"}
RELEASE_STATUSES = ["released", "to_be_released"]


def parent_takes_breakdown_verb(frame: pl.LazyFrame) -> pl.LazyFrame:
    """"four hostages, consisting of two Americans and two Israelis, have been freed": the verb after
    the breakdowns describes their parent too."""
    before_breakdown = pl.col("breakdown").shift(-1).over(SENTENCE_KEYS).fill_null(False)
    return frame.with_columns(
        *decide("metric", [Choice(
            "parent_takes_breakdown_measure", pl.col("metric").is_null() & (pl.col("kind") == "casualty") & before_breakdown,
            pl.col("metric").backward_fill().over(SENTENCE_KEYS),
        )], pl.col("metric"), KEEP),
        *decide("status", [Choice(
            "parent_takes_breakdown_status", pl.col("status").is_null() & (pl.col("kind") == "hostage") & before_breakdown,
            pl.col("status").backward_fill().over(SENTENCE_KEYS),
        )], pl.col("status"), KEEP),
    )


def _parent(column: str) -> pl.Expr:
    """The last non-breakdown figure before this one in the sentence; for "N of them", in the article."""
    own = pl.when(~pl.col("breakdown")).then(pl.col(column))
    in_sentence = own.forward_fill().shift(1).over(SENTENCE_KEYS)
    in_article = own.forward_fill().shift(1).over("article_id")
    return pl.coalesce(in_sentence, pl.when(pl.col("_partitive")).then(in_article))


def _breakdown_readings() -> list[pl.Expr]:
    # "the dead included 15,103 children": the part names its measure itself.
    named_part = Context.left.str.extract(rule_regex("figure_named_part"), 1)
    # A status word right after the breakdown (not past the clause: "including 19 women and two
    # children; 35 of them have been declared dead"), or right before it ("لا يزال 68 منهم في غزة").
    # (Read only for breakdowns, the only figures that use them: the other texts are blanked.)
    breakdown = pl.col("breakdown")
    own_clause = pl.when(breakdown).then(Context.right).otherwise(pl.lit("")).str.extract(UNTIL_STOP, 1)
    own_left = pl.when(breakdown).then(pl.col("_left_clause")).otherwise(pl.lit(""))
    return [
        named_part.replace_strict(NAMED_PART_METRIC, default=None).alias("_named_part_metric"),
        _parent("kind").alias("_parent_kind"),
        _parent("metric").alias("_parent_metric"),
        _parent("status").alias("_parent_status"),
        first_label(own_clause, {status: status_words(status) for status in STATUSES}, NEAR * 2).alias("_own_right_status"),
        label_at_end(own_left, {status: qualified_end(status_words(status)) for status in STATUSES}).alias("_own_left_status"),
    ]


def inherit_breakdowns(frame: pl.LazyFrame) -> pl.LazyFrame:
    """"including 2,913 children": take kind and measure from the previous figure of the sentence
    unless the breakdown carries its own cue right after it ("of whom 34 are believed dead")."""
    frame = frame.sort([*SENTENCE_KEYS, "pos"]).with_columns(_breakdown_readings())
    has_parent = pl.col("breakdown") & pl.col("_parent_kind").is_not_null()
    frame = frame.with_columns(*decide("kind", [Choice("breakdown_takes_parent_kind", has_parent, pl.col("_parent_kind"))], pl.col("kind"), KEEP))
    casualty, hostage = has_parent & (pl.col("kind") == "casualty"), has_parent & (pl.col("kind") == "hostage")
    # "10 of those deaths": the deaths counted before, with their measure.
    those_deaths = Context.right.str.contains(rule_regex("figure_of_those_deaths")) & pl.col("_parent_metric").is_in(["killed", "starvation_deaths"])
    own_status = pl.coalesce("_own_right_status", "_own_left_status")
    return frame.with_columns(
        *decide("metric", [
            Choice("figure_of_those_deaths", casualty & those_deaths, pl.col("_parent_metric")),
            Choice("metric_nouns", casualty & pl.col("_noun_metric").is_not_null(), pl.col("_noun_metric")),
            Choice("bare_participles", casualty & pl.col("_bare_metric").is_not_null(), pl.col("_bare_metric")),
            Choice("figure_named_part", casualty & pl.col("_named_part_metric").is_not_null(), pl.col("_named_part_metric")),
            Choice("breakdown_takes_parent_measure", casualty, pl.col("_parent_metric")),
        ], pl.col("metric"), KEEP),
        *decide("status", [
            # "returned: 33 - 25 of them alive": alive says how they came back, not that they are held.
            Choice("alive_says_how_they_came_back", hostage & (own_status == "held") & pl.col("_parent_status").is_in(RELEASE_STATUSES), pl.col("_parent_status")),
            # "30 hostages were returned, 22 of them alive and eight in coffins": remains in a return.
            Choice("remains_share_the_return", hostage & pl.col("_remains") & pl.col("_parent_status").is_in(RELEASE_STATUSES), pl.col("_parent_status")),
            Choice("breakdown_status_after", hostage & pl.col("_own_right_status").is_not_null(), pl.col("_own_right_status")),
            Choice("breakdown_status_before", hostage & pl.col("_own_left_status").is_not_null(), pl.col("_own_left_status")),
            Choice("breakdown_takes_parent_status", hostage, pl.col("_parent_status")),
        ], pl.col("status"), KEEP),
    )


def exclude_orphans(frame: pl.LazyFrame, trace: Trace | None = None) -> pl.LazyFrame:
    """A breakdown kept without a count of its own needs a parent."""
    return exclude(frame, {"breakdown_without_parent": ~(pl.col("_counts") | pl.col("_parent_kind").is_not_null())}, trace)


def share_list_measures(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Items of a list share the measure (and a hostage list the status: "19 living hostages, as well
    as five Thai nationals ..., have come home") named once for all of them."""
    def shared(column: str, kind: str) -> list[pl.Expr]:
        missing = pl.col(column).is_null() & (pl.col("kind") == kind)
        return decide(column, [
            Choice("list_shares_what_follows", missing & pl.col("_list_before_next"), pl.col(column).backward_fill().over(SENTENCE_KEYS)),
            Choice("list_shares_what_precedes", missing & pl.col("_listed"), pl.col(column).forward_fill().over(SENTENCE_KEYS)),
        ], pl.col(column), KEEP)

    return frame.with_columns(*shared("metric", "casualty")).with_columns(*shared("status", "hostage"))


def exclude_unmeasured(frame: pl.LazyFrame, trace: Trace | None = None) -> pl.LazyFrame:
    """Palestinian captives are prisoners; a casualty figure with no measure is no figure."""
    kind = pl.col("kind")
    return exclude(frame, {
        "figure_palestinian": (kind == "hostage") & Context.noun_phrase.str.contains(rule_regex("figure_palestinian")),
        "casualty_without_measure": ~(((kind == "casualty") & pl.col("metric").is_not_null()) | (kind == "hostage")),
    }, trace)
