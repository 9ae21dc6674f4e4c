"""The candidates stage, second half: each figure among the other numbers of its sentence.

Neighbouring figures bound the clause a figure takes its cues from (Context.previous_end,
Context.next_start); dates, ages, units, things and prisoners are no neighbours, so a cue beyond
them still counts. Items of a list ("14 children and nine women") and parts of a figure ("including
2,913 children") are marked here for the propagation stage.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.cue_context import label_at_end, qualifier_alternation, since_previous, until_next
from orchestration.extraction.engine import SENTENCE_KEYS, Context
from orchestration.extraction.figure_candidates import qualified_end
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import alternation
from orchestration.extraction.rules import rule_regex

LIST_ITEM = r"(?:[ ]+[\p{L}'’]+){1,4}"  # one item of a list after its number: up to four words
NAME_THEN_COMMA = r"\p{Lu}[\p{L}'’-]*,[ ]*$"
STANDS_ALONE = r"^[ ]*(?:[,;)]|$)"


def non_neighbour_marks(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Ages, the Persian indefinite article and range ends: numbers that are no neighbouring figure."""
    left, right = Context.left, Context.right
    age = left.str.contains(rule_regex("figure_age_before")) | (  # "men over 50", "aged 60"
        left.str.contains(NAME_THEN_COMMA) & right.str.contains(STANDS_ALONE)  # "Hersh Goldberg-Polin, 23,"
    )
    # "هشت عضو یک خانواده": Persian "یک" before anything but a person is the indefinite article.
    person = pl.col("_person_noun")
    article_one = pl.col("mention").str.contains(rule_regex("figure_indefinite_one")) & (person.is_null() | ~right.str.starts_with(person))
    frame = frame.with_columns(
        age.alias("_age"),
        article_one.alias("_article_one"),
        (pl.col("_hostage_verb_before") & person.is_null()).alias("_hostage_verb"),
    )
    return frame.sort([*SENTENCE_KEYS, "pos"])


def neighbours(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Where the neighbouring figures end and start, and the clause contexts they bound."""
    neighbour = ~(
        pl.col("_article_one") | pl.col("_unit") | pl.col("_date_part") | pl.col("_prisoner") | pl.col("_hyphenated")
        | pl.col("_age") | pl.col("_thing") | pl.col("_weapon") | pl.col("_range_start")
    )
    non_person = pl.col("_prisoner") | pl.col("_thing")
    frame = frame.sort([*SENTENCE_KEYS, "pos"]).with_columns(
        pl.when(neighbour).then(pl.col("pos")).shift(-1).backward_fill().over(SENTENCE_KEYS).alias("_next_start"),
        pl.when(neighbour).then(pl.col("pos") + pl.col("mention_len")).shift(1).forward_fill().over(SENTENCE_KEYS).alias("_prev_end"),
        # Is the count before this one (dates, units aside) a count of prisoners or of things?
        pl.when(neighbour | non_person).then(non_person).shift(1).forward_fill().over(SENTENCE_KEYS).fill_null(False).alias("_after_non_person"),
    )
    # A range's lower end reads the upper end's right context: its next figure is the upper end's.
    gap_after_upper = (pl.col("_next_start") - pl.col("pos") - pl.col("mention_len")).shift(-1).over(SENTENCE_KEYS)
    frame = frame.with_columns(
        pl.when(pl.col("_range_start")).then(gap_after_upper + pl.col("pos") + pl.col("mention_len")).otherwise(pl.col("_next_start")).alias("_next_start")
    )
    return frame.with_columns(since_previous(Context.left).alias("_left_clause"), until_next(Context.right).alias("_right_clause"))


def list_joint() -> str:
    """Between two items of a list: a comma or a joining word, maybe a qualifier."""
    joiners = rule_regex("figure_list_joiners")
    return rf"[ ]*(?:[,\x{{060C}}][ ]*(?:{joiners}[ ]*)?|{joiners}[ ]*)(?:(?:{qualifier_alternation()})[ ]*)?"


def lists_and_parts(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Breakdowns, list items and the toll phrase that names a figure."""
    left_clause, right_clause = pl.col("_left_clause"), pl.col("_right_clause")
    item_then_joint = rf"^{LIST_ITEM}{list_joint()}$"
    frame = frame.with_columns(
        # "87 of those abducted" names its group itself: not a part of a figure given before.
        (pl.col("_marked") | (pl.col("_partitive") & ~Context.right.str.contains(rule_regex("figure_captives_partitive")))).alias("breakdown"),
        # The words after the figure up to the next one: "14 children and nine women" counts children.
        until_next(Context.noun_phrase).alias("_np_own"),
        # "26 soldiers and 23 civilians have been killed": the measure comes after the list.
        right_clause.str.contains(item_then_joint).alias("_list_before_next"),
        # "..., 21 تن آنان اطفال و 25 تن زنان": the next item of a list.
        (Context.previous_end.is_not_null() & left_clause.str.contains(item_then_joint)).alias("_listed"),
    )
    toll_phrases = load_lexicon()["toll_phrases"]
    return frame.with_columns(
        (pl.col("breakdown") | (pl.col("_listed") & pl.col("breakdown").shift(1).over(SENTENCE_KEYS).fill_null(False))).alias("breakdown"),
        # "شمار شهدا به 39 هزار نفر و شمار مجروحان به 90 هزار": a toll phrase names the figure only
        # when it starts after the figure before it.
        pl.coalesce(
            label_at_end(left_clause, {metric: qualified_end(alternation(words)) for metric, words in toll_phrases.items()}),
            # "passed 40,000, reaching 40,005": the toll before, restated (its measure is taken later).
            pl.when(left_clause.str.contains(rule_regex("figure_reaching"))).then(pl.lit("killed")),
        ).alias("_toll_metric"),
    )
