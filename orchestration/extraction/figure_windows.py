"""The scope cues around a figure, as distances: windows ("in the past 24 hours", "since the
ceasefire collapsed"), running totals ("death toll", "since the war began") and day words.

Scope reads the sentence with its reporting days blanked ("the ministry said on Sunday" dates
a statement, not the deaths); that text is made once per sentence (the sentence stage's _scoped_sentence). Every
distance is a column of its own, so the decision reads it instead of searching again.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.cue_context import NEAR, WINDOW, dist_left, dist_right, nearest, qualifier_alternation, since_previous, until_next
from orchestration.extraction.engine import SENTENCE_KEYS
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import bare_alternation, cue
from orchestration.extraction.rules import rule_regex

LEFT, RIGHT = pl.col("_scope_left"), pl.col("_scope_right")
LEFT_CLAUSE, RIGHT_CLAUSE = pl.col("_scope_left_clause"), pl.col("_scope_right_clause")


def without_reporting_days(sentence: pl.Expr) -> pl.Expr:
    """'the ministry said on Sunday' dates a statement, not the deaths: blank it (same length).
    (One plain regex per form: case-insensitive or Unicode-class patterns here cost seconds.)"""
    sentence = sentence.str.replace_all(rule_regex("scope_reporting_day"), "${1}~~${2}")
    for name in ("scope_reporting_near_day", "scope_reporting_near_day_ar"):
        sentence = sentence.str.replace_all(rule_regex(name), "${1}~${3}")
    return sentence.str.replace_all(rule_regex("scope_reporting_day_fa"), "~~~${1}")


def scope_texts() -> list[pl.Expr]:
    """The figure's windows (WINDOW characters each side) on the scoped sentence."""
    scoped = pl.col("_scoped_sentence")
    return [
        scoped.str.slice(0, pl.col("pos")).str.tail(WINDOW).alias("_scope_left"),
        scoped.str.slice(pl.col("pos") + pl.col("mention_len")).str.head(WINDOW).alias("_scope_right"),
    ]


def scope_clauses() -> list[pl.Expr]:
    """The windows bounded by the neighbouring figures, and the left window with perfect verbs
    blanked."""
    # An active verb right before the figure ("strikes killed 16 people") reports one event,
    # but "it has killed more than 17,000" is a running total; "... had killed 3,000 Palestinians
    # since Oct. 7 and wounded around 12,500": the auxiliary carries over to the next participle.
    active = LEFT.str.replace_all(rule_regex("scope_perfect_verb"), "${1}~")
    active = active.str.replace_all(rule_regex("scope_perfect_verb_carried"), "~")
    return [
        since_previous(LEFT).alias("_scope_left_clause"),
        until_next(RIGHT).alias("_scope_right_clause"),
        active.alias("_active_left"),
        pl.col("breakdown").shift(-1).over(SENTENCE_KEYS).fill_null(False).alias("_before_breakdown"),
        dist_right(RIGHT, cue("period_cues")).alias("_period_right"),
    ]


def _period() -> pl.Expr:
    """The nearest window word; an event verb just before the figure counts as one."""
    lex = load_lexicon()
    # "حصيلة ... إلى 63 ألفا مصابا، بينهم 354 مصابا خلال الساعات الـ24": a window after a breakdown
    # of a running total belongs to the breakdown. (Bounding the right-hand search by the next
    # figure's start costs no second regex pass.)
    total_before = dist_left(LEFT, cue("strong_cumulative_cues")).is_not_null() & pl.col("_before_breakdown")
    period_right = pl.col("_period_right")
    gap = pl.col("_next_start") - pl.col("pos") - pl.col("mention_len")
    period_right = pl.when(total_before & (period_right >= gap).fill_null(False)).then(None).otherwise(period_right)
    active_verb = r"(?:^|[^\w])" + bare_alternation(lex["period_left_cues"]) + rf"[ ]+(?:{qualifier_alternation()}[ ]*)?$"
    return pl.min_horizontal(dist_left(LEFT, cue("period_cues")), period_right, dist_left(pl.col("_active_left"), active_verb))


def _family_right() -> pl.Expr:
    """Windows opened by an event count only between this number and its neighbours ... and a
    parent's window may come after its breakdowns ("At least 506 Palestinians, more than 200 of
    them children, have been killed since Israel resumed ...")."""
    next_whole = pl.when(~pl.col("breakdown")).then(pl.col("pos")).shift(-1).backward_fill().over(SENTENCE_KEYS)
    return pl.when(next_whole.is_null()).then(RIGHT).otherwise(RIGHT.str.head(next_whole - pl.col("pos") - pl.col("mention_len")))


def _next_part_window() -> pl.Expr:
    """"52,908 killed ..., 2,799 of them killed since hostilities resumed": the breakdown's own
    verb opens the window, with no comma between the part and it."""
    opens = RIGHT_CLAUSE.str.contains(rule_regex("scope_near_clause_start") + cue("since_event_cues"))
    return (pl.col("breakdown") & opens).shift(-1).over(SENTENCE_KEYS).fill_null(False)


def _right_own_clause() -> pl.Expr:
    """"۱۶۹۱ تن کشته شده اند و شمار مجموعی ... به ۵۱ هزار رسیده": a running-total word after "and"
    opens the clause of the next figure; it does not outweigh this figure's window."""
    cut = RIGHT_CLAUSE.str.replace(rule_regex("scope_next_clause_after_and"), "")
    return pl.when(pl.col("_next_start").is_not_null()).then(cut).otherwise(RIGHT)


def _attack_day_toll() -> pl.Expr:
    """A toll of the attack day in Israel ("killed on October 7") counts its victims in all."""
    attack = cue("attack_day_cues")
    return (pl.col("region") == "israel") & (
        LEFT_CLAUSE.str.replace(r"^.*;", "").str.contains(attack) | RIGHT_CLAUSE.str.replace(r";.*$", "").str.contains(attack)
        | (pl.col("region__rule") == "attack_day_victims")
    )


def _after_joiner() -> pl.Expr:
    """Characters after the last joint (comma, "and") of the left clause: a running-total word
    before it belongs to the item before."""
    groups = LEFT_CLAUSE.str.extract_groups(rule_regex("scope_after_last_joint"))
    return pl.coalesce(groups.struct.field("1"), groups.struct.field("2"), groups.struct.field("3")).str.len_chars()


def scope_cues() -> list[pl.Expr]:
    """Every scope cue's distance (or flag), each once."""
    cumulative = cue("cumulative_cues")
    return [
        _period().alias("_period"),
        _family_right().alias("_family_right"),
        nearest(LEFT_CLAUSE, RIGHT_CLAUSE, cumulative).is_not_null().alias("_clause_names_total"),
        _next_part_window().alias("_next_part_window"),
        nearest(LEFT, RIGHT, cue("day_cues")).alias("_day"),
        nearest(LEFT, RIGHT, cue("weak_period_cues")).alias("_weak_period"),
        nearest(LEFT, RIGHT, cumulative).alias("_cumulative"),
        _right_own_clause().alias("_right_own_clause"),
        _attack_day_toll().alias("_attack_day_toll"),
        dist_left(LEFT_CLAUSE, cumulative).alias("_own_cumulative_left"),
        dist_right(RIGHT_CLAUSE, cumulative).alias("_own_cumulative_right"),
        RIGHT_CLAUSE.str.find(rule_regex("scope_clause_end")).alias("_clause_end"),
        _after_joiner().alias("_after_joiner"),
        _own_period().alias("_own_period"),
    ]


def _own_period() -> pl.Expr:
    """A window right after the figure, in its clause ("including 34 in the past day"); a verb
    of the event ("among them 187 children, were killed by ...") opens no window of its own."""
    clause = RIGHT_CLAUSE.str.replace_all(rule_regex("scope_event_verbs"), " ~ ")
    nearest_window = pl.min_horizontal(dist_right(clause, cue("period_cues")), dist_right(clause, cue("since_event_cues")))
    return (nearest_window <= NEAR * 2).fill_null(False)


def scope_windows() -> list[pl.Expr]:
    """The window the figure's own clause opens, and the running total it names."""
    own_window = pl.col("_before_breakdown") & ~pl.col("_clause_names_total") & ~pl.col("_next_part_window")
    since_right = pl.when(own_window).then(pl.col("_family_right")).otherwise(RIGHT_CLAUSE)
    left, right = pl.col("_own_cumulative_left"), pl.col("_own_cumulative_right")
    clause_end, joiner = pl.col("_clause_end"), pl.col("_after_joiner")
    return [
        nearest(LEFT_CLAUSE, since_right, cue("since_event_cues")).alias("_since_event"),
        nearest(LEFT, pl.col("_right_own_clause"), cue("strong_cumulative_cues")).alias("_strong_cumulative"),
        pl.min_horizontal(left, right).alias("_own_cumulative"),
        # ... within its own clause (up to a comma): "وأصيب 4115 آخرون، لترتفع الحصيلة ...".
        pl.min_horizontal(left, pl.when(clause_end.is_null() | (right < clause_end)).then(right)).alias("_own_clause_cumulative"),
        pl.min_horizontal(pl.when(joiner.is_null() | (left <= joiner)).then(left), right).alias("_listed_own_cumulative"),
    ]
