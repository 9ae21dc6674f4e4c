"""The measure stage: what a figure counts (kind), and for casualties what measure (metric).

Measure and status words count only in the figure's clause, between it and its neighbours; the
nearest decides. Kind and metric are decided by named choices in order of precedence
(engine.decide), so that `explain` can say which rule set them; hostage status is in
figure_status.py.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.cue_context import NEAR, dist_right, nearest, pick, qualifier_alternation
from orchestration.extraction.engine import KEEP, SENTENCE_KEYS, Choice, Context, decide
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import alternation, cue
from orchestration.extraction.rules import rule_regex

METRICS = ["missing", "starvation_deaths", "displaced", "injured", "killed"]  # tie-break order
STATUSES = ["to_be_released", "released", "dead", "taken", "held"]


def status_words(status: str) -> str:
    return alternation(load_lexicon()["hostage_status_cues"][status])


def cue_clauses(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The clause contexts the cue distances read, each made once."""
    left_clause = pl.col("_left_clause")
    after_and = left_clause.str.contains(rule_regex("figure_and_before"))
    # A qualifier before the figure belongs to it, not to the distance from a cue; a cue before
    # "and" belongs to the previous figure ("110 تن ... کشته و 760 تن دیگر زخمی"), and a new clause
    # after the previous figure starts afresh ("... في عداد المفقودين، وأن ٣٢٦ ... استشهدوا").
    unqualified = left_clause.str.replace(rf"(?:{qualifier_alternation()})[ ]*$", "")
    unqualified = pl.when(unqualified.str.contains(rule_regex("figure_and_before"))).then(pl.lit("")).otherwise(unqualified)
    unqualified = pl.when(Context.previous_end.is_not_null()).then(unqualified.str.replace(rule_regex("figure_new_clause_and"), "")).otherwise(unqualified)
    # "33 hostages, living or dead,": both states at once say neither; nor does a subset's status.
    right_status = (
        pl.col("_right_clause").str.replace(rule_regex("figure_captives_partitive"), " ~")
        .str.replace(rule_regex("figure_subset_clause"), " ~$1").str.replace_all(rule_regex("figure_living_or_dead"), "~")
    )
    return frame.with_columns(
        unqualified.alias("_left_measure_clause"),
        # ... and so does a status word: "126 تن به گروگان گرفته شده اند و 286 سرباز ... کشته".
        pl.when(after_and & Context.previous_end.is_not_null()).then(pl.lit("")).otherwise(left_clause).alias("_left_status_clause"),
        right_status.alias("_right_status_clause"),
    )


def cue_distances(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The nearest measure and status words, and the distances the decisions compare."""
    lexicon = load_lexicon()
    left, right = pl.col("_left_status_clause"), pl.col("_right_clause")
    right_status = pl.col("_right_status_clause")
    other_statuses = [status for status in STATUSES if status != "held"]
    return frame.with_columns(
        pick({metric: nearest(pl.col("_left_measure_clause"), right, alternation(lexicon["metric_cues"][metric])) for metric in METRICS}).alias("_cue_metric"),
        # "held" describes where hostages are; what happens to them (freed, to be freed, dead) wins.
        pl.coalesce(
            pick({status: nearest(left, right_status, status_words(status)) for status in other_statuses}),
            nearest(left, right_status, status_words("held")).is_not_null().replace_strict({True: "held"}, default=None),
        ).alias("_cue_status"),
        pl.min_horizontal(*[nearest(left, right, alternation(words)) for words in lexicon["metric_cues"].values()]).alias("_metric_dist"),
        pl.min_horizontal(
            *[nearest(left, right, status_words(status)) for status in ["taken", "held", "released", "to_be_released"]],
            nearest(left, right, cue("hostage_remains_cues")),
        ).alias("_status_dist"),
        dist_right(Context.right, "^" + status_words("to_be_released")).alias("_tbr_right"),
        nearest(left, right, status_words("to_be_released")).alias("_tbr_dist"),
        nearest(left, right, status_words("released")).alias("_rel_dist"),
        nearest(left, right_status, cue("still_held_cues")).alias("_still_dist"),
        pl.min_horizontal(*[nearest(left, right_status, status_words(status)) for status in other_statuses]).alias("_other_status_dist"),
        nearest(left, right, cue("starvation_context")).alias("_starvation_dist"),
        nearest(left, right, cue("natural_death_cues")).alias("_died_dist"),
    )


def decide_kind(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Hostage or casualty: a hostage noun, verb or toll, or a status word nearer than any measure."""
    status_nearer = (
        pl.col("_noun_metric").is_null() & pl.col("_toll_metric").is_null() & pl.col("_status_dist").is_not_null()
        # "remain", "still" say hostage only where captivity is the subject at all.
        & ((pl.col("_cue_status") != "held") | pl.col("_captives_story"))
        & (pl.col("_metric_dist").is_null() | (pl.col("_status_dist") < pl.col("_metric_dist")))
    )
    # "101 hostages still in Gaza ...; Israel says at least 35 are dead": a figure with no noun of
    # its own goes on counting what the sentence's previous figure counted.
    own_noun = (
        pl.col("_person_noun").is_not_null() | pl.col("_noun_metric").is_not_null()
        | pl.col("_hostage_noun").is_not_null() | pl.col("_toll_metric").is_not_null()
    )
    previous_is_hostage = pl.when(own_noun).then(pl.col("_hostage_noun").is_not_null()).forward_fill().shift(1).over(SENTENCE_KEYS).fill_null(False)
    frame = frame.with_columns(*decide("kind", [
        Choice("hostage_nouns", pl.col("_hostage_noun").is_not_null(), "hostage"),
        Choice("hostage_toll_phrases", pl.col("_hostage_toll"), "hostage"),
        Choice("hostage_verbs_before", pl.col("_hostage_verb"), "hostage"),
        # "The deaths raise to 20 the number of hostages declared dead".
        Choice("figure_toll_of_hostages", pl.col("_toll_after") & Context.right.str.contains(rule_regex("figure_toll_of_hostages")), "hostage"),
        Choice("partitive_of_captives", pl.col("_partitive_hostage"), "hostage"),
        Choice("hostage_predicates", pl.col("_hostage_bare"), "hostage"),
        Choice("status_word_nearer_than_measure", status_nearer, "hostage"),
        Choice("previous_figure_counts_hostages", ~own_noun & previous_is_hostage & pl.col("_cue_status").is_not_null(), "hostage"),
    ], "casualty", "casualty_by_default"))
    # An item of a list with no measure of its own next to a hostage figure of the same list is one
    # too: "10 of its nationals and one Filipino worker had been let go".
    no_measure = pl.all_horizontal(pl.col(column).is_null() for column in ("_noun_metric", "_bare_metric", "_toll_metric", "_metric_dist"))
    hostage_neighbour = (pl.col("_listed") & (pl.col("kind").shift(1).over(SENTENCE_KEYS) == "hostage")) | (
        pl.col("_list_before_next") & (pl.col("kind").shift(-1).over(SENTENCE_KEYS) == "hostage")
    )
    return frame.with_columns(*decide("kind", [
        Choice("list_item_beside_hostages", no_measure & hostage_neighbour.fill_null(False), "hostage"),
    ], pl.col("kind"), KEEP))


def own_metric() -> list[pl.Expr]:
    """The measure a figure names itself: its noun, a bare participle, a toll phrase, a verb, the nearest cue."""
    named = pl.coalesce("_noun_metric", "_bare_metric", "_toll_metric", "_verb_metric", "_cue_metric")
    right = Context.right
    # "10,000 people are dead or missing under the rubble": counted as missing (the wider measure).
    dead_or_missing = right.str.contains(rule_regex("figure_dead_or_missing")) | right.str.contains(rule_regex("figure_dead_or_missing_fa_ar"))
    # "ستة أطفال توفوا ... بسبب الجفاف وسوء التغذية": a death (not a killing) with hunger in its clause.
    starvation, died = pl.col("_starvation_dist"), pl.col("_died_dist")
    hunger = (starvation <= NEAR) | ((died <= NEAR) & (starvation <= 4 * NEAR))
    return decide("metric", [
        Choice("starvation_context", ~dead_or_missing.fill_null(False) & (named == "killed") & hunger, "starvation_deaths"),
        Choice("figure_dead_or_missing", dead_or_missing, "missing"),
        Choice("metric_nouns", pl.col("_noun_metric").is_not_null(), pl.col("_noun_metric")),
        Choice("bare_participles", pl.col("_bare_metric").is_not_null(), pl.col("_bare_metric")),
        Choice("toll_phrases", pl.col("_toll_metric").is_not_null(), pl.col("_toll_metric")),
        Choice("verbs_before", pl.col("_verb_metric").is_not_null(), pl.col("_verb_metric")),
        Choice("metric_cues", pl.col("_cue_metric").is_not_null(), pl.col("_cue_metric")),
    ], None, "no_measure")


def refers_back() -> pl.Expr:
    """"bringing the number of such deaths to 133", "passed 40,000, reaching 40,005": the measure of
    the figure before it."""
    left_clause = pl.col("_left_status_clause")
    return (
        left_clause.str.contains(rule_regex("figure_such_deaths"))
        | left_clause.str.contains(cue("bare_total_words"))
        | left_clause.str.contains(rule_regex("figure_reaching"))
    )


def casualty_metric() -> list[pl.Expr]:
    """Only casualties have a measure; a figure that refers back takes the article's measure before it."""
    return decide("metric", [
        Choice("metric_only_for_casualties", pl.col("kind") != "casualty", None),
        Choice("figure_refers_back", pl.col("_refers_back"), pl.col("metric").forward_fill().shift(1).over("article_id")),
    ], pl.col("metric"), KEEP)
