"""Whether a figure counts one window (period) or a running total (cumulative).

A window ("in the past 24 hours", "in a strike", "were killed") beats a running-total word
("toll", "have been killed", "since the war began") only when nearer; a bare day word makes a
period only when nothing says running total. The distances come from figure_windows.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.cue_context import qualifier_alternation
from orchestration.extraction.engine import SENTENCE_KEYS, Choice, Context, decide
from orchestration.extraction.figure_windows import scope_clauses, scope_cues, scope_texts, scope_windows
from orchestration.extraction.patterns import cue
from orchestration.extraction.rules import rule_regex

WINDOW_HERE = pl.col("_window")


def _window() -> pl.Expr:
    """A window word nearer than any strong running-total word."""
    since, strong = pl.col("_since_event"), pl.col("_strong_cumulative")
    return since.is_not_null() & (strong.is_null() | (since <= strong))


def _listed_window() -> pl.Expr:
    """"عدد الشهداء ... منذ الثلاثاء ارتفع إلى 12 شهيدا، إضافة إلى أكثر من 40 جريحا": an item of a
    list shares the window opened for the item before it, unless it names a running total itself."""
    keys = SENTENCE_KEYS
    # (After a part, "..., 30 of them in the previous 24 hours, and 85,197 wounded", the item is
    # the part's parent's sibling: the parent's window counts.)
    previous_whole = pl.when(~pl.col("breakdown")).then(WINDOW_HERE).forward_fill().shift(1).over(keys)
    shared = pl.col("_listed") & pl.coalesce(previous_whole, WINDOW_HERE.shift(1).over(keys)).fill_null(False)
    shared = shared & pl.col("_listed_own_cumulative").is_null()
    # "102 killed and upwards of 490 injured ... since 27 May", "1778 استشهدوا وأصيب 13 ألفا آخرين
    # ... منذ 27 أيار": a window after the list (or after the "others") covers its head.
    next_others = Context.right.str.contains(rule_regex("attribute_others_after")).shift(-1).over(keys).fill_null(False)
    next_item = (
        pl.col("_list_before_next") & pl.col("_listed").shift(-1).over(keys).fill_null(False)
        & ~pl.col("breakdown").shift(-1).over(keys).fill_null(False)
    )
    return shared | ((next_item | next_others) & WINDOW_HERE.shift(-1).over(keys).fill_null(False) & pl.col("_own_cumulative").is_null())


def _increment() -> pl.Expr:
    """"Six more people died", "A further 250 people", "67 new deaths": an increment is a
    window's count, but "14,128 killed ... some 6,800 more were missing" adds another measure,
    and so does "23,968 killed ... A further 60,582 have been wounded"."""
    left, right = Context.left, Context.right
    qualifiers = rf"(?:(?:{qualifier_alternation()})[ ]*)?$"
    increment = right.str.contains(rule_regex("scope_more_after")) | left.str.contains(rule_regex("scope_further_before") + qualifiers)
    metric = pl.col("metric")
    other_measure = (right.str.contains(rule_regex("scope_more_were")) | left.str.contains(rule_regex("scope_a_further"))) & (
        metric.shift(1).over("article_id").fill_null(metric) != metric
    )
    return increment & ~right.str.contains(rule_regex("scope_more_than")) & ~other_measure


def _sentence_cues() -> list[pl.Expr]:
    return [
        _window().alias("_window"),
        # "two soldiers had been killed, raising to 247 the number ...": the step of a toll given next.
        (pl.col("_next_start").is_not_null() & pl.col("_scope_right_clause").str.contains(rule_regex("scope_raising_next_toll"))).alias("_step_of_next"),
        # "قحطی در غزه: سه تن دیگر ...": Persian "N more" opening a headline is an increment (in
        # the body, "۱۰۹ هزار نفر دیگر زخمی شده اند" may as well be the others of a running total).
        (Context.right.str.contains(rule_regex("scope_persian_more")) & Context.previous_end.is_null() & ((pl.col("sentence_id") == 0) | pl.col("_headline"))).alias("_persian_increment"),
        _increment().alias("_increment"),
    ]


def scope() -> list[pl.Expr]:
    """scope and the rule that set it, in order of precedence."""
    cumulative, period = pl.col("_cumulative"), pl.col("_period")
    no_total = cumulative.is_null()
    # "Eight Israeli soldiers killed in Rafah blast": a headline's count of dozens is an event
    # (a milestone of thousands, "Over 40,000 killed in Gaza", is a running total).
    # (Only the headline's own part counts: "2,500 dead in Lebanon; five soldiers killed in the south".)
    headline_event = ~pl.col("_clause_names_total") & pl.col("_headline") & (pl.col("value") < 1000) & pl.col("metric").is_in(["killed", "injured"])
    step_before = pl.col("_step_of_next").shift(1).over(SENTENCE_KEYS).fill_null(False)
    war_start = (pl.col("_left_clause") + " ~ " + pl.col("_right_clause")).str.contains(cue("scope_war_start"))
    raised_toll = step_before & pl.col("_toll_metric").is_not_null() & pl.col("_since_event").is_null() & ~pl.col("_step_of_next")
    return decide("scope", [
        Choice("attack_day_toll", pl.col("_attack_day_toll"), "cumulative"),
        # "Since October 2023, WHO has verified 697 attacks ..., in which 917 people were killed".
        Choice("sentence_opens_with_war_start", pl.col("_opens_with_war_start") & pl.col("_since_event").is_null(), "cumulative"),
        # "Five more died ..., taking deaths from malnutrition to 222": the toll the step raised.
        Choice("toll_raised_by_a_step", raised_toll, "cumulative"),
        Choice("scope_persian_more", pl.col("_persian_increment"), "period"),
        Choice("scope_raising_next_toll", pl.col("_step_of_next"), "period"),
        Choice("increment_word", pl.col("_increment"), "period"),
        Choice("event_window", WINDOW_HERE | pl.col("_listed_window"), "period"),
        # "کشته شدن 726 نظامی را از آغاز جنگ": the war's start in the figure's own clause outweighs the event's verb.
        Choice("war_start_in_own_clause", war_start & pl.col("_since_event").is_null(), "cumulative"),
        Choice("window_word_nearer", period.is_not_null() & (no_total | (period < cumulative)), "period"),
        Choice("day_word_without_total", no_total & (pl.col("_day").is_not_null() | pl.col("_weak_period").is_not_null()), "period"),
        Choice("headline_event", headline_event, "period"),
    ], "cumulative", "running_total")


def describe_scope(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The scope stage (reads the region stage's region and the sentence stage's _scoped_sentence,
    _headline and _opens_with_war_start)."""
    return (
        frame.with_columns(scope_texts())
        .with_columns(scope_clauses())
        .with_columns(scope_cues())
        .with_columns(scope_windows())
        .with_columns(_sentence_cues())
        .with_columns(_listed_window().alias("_listed_window"))
        .with_columns(scope())
    )
