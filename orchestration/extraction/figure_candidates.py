"""The candidates stage: every number mention with the contexts a figure rule may read.

A mention gets its windows (Context.left, Context.right), the noun phrase after it and one flag
or measure per reading of those windows: a person or hostage noun follows, a measure noun, a
bare participle, a verb before it, or marks that it is no count of people at all (a unit, a
date, a thing). Sentence-wide readings (is the sentence about captives?) are made once per
sentence and joined. The patterns are rules of figure_patterns_candidates.yaml and the word
lists of the lexicon; the distances come from cue_context.py.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.cue_context import WINDOW, dist_left, first_label, month_names, noun_after, qualifier_alternation
from orchestration.extraction.engine import SENTENCE_KEYS, Context
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import alternation, cue
from orchestration.extraction.rules import rule_regex

YEAR = r"^(?:19[5-9]\d|20[0-3]\d)$"
YEAR_OR_SOLAR_YEAR = r"^(?:19[5-9]\d|20[0-3]\d|13\d\d|14\d\d)$"
DAY = r"^(?:[1-9]|[12]\d|3[01])$"
QUOTES = r'["“”«»]'
COMMA_END = r"[,\x{060C}][ ]*$"  # a comma, Latin or Arabic, ends the text
NOUN_PHRASE = r"^((?:[ ]+[\p{L}'’]+){1,4})"  # up to four words after the figure


def person_nouns() -> str:
    return "|".join(alternation(words) for words in load_lexicon()["person_nouns"].values())


def qualified_end(pattern: str) -> str:
    """`pattern` at the end of the text, maybe followed by a qualifier ("killing some")."""
    return pattern + rf"[ ]*(?:{qualifier_alternation()}[ ]*)?$"


def candidate_windows(mentions: pl.DataFrame) -> pl.LazyFrame:
    """The windows around each mention; "800+ Palestinians": the plus is a qualifier, the noun still
    follows the figure; a dual noun ("طفلان") is its own noun, so the window starts with it."""
    if "paragraph_place" not in mentions.columns:  # sentences not passed through sentence_places
        mentions = mentions.with_columns(pl.lit(None, dtype=pl.String).alias("paragraph_place"), pl.lit(None, dtype=pl.String).alias("article_place"))
    sentence = Context.sentence
    left = sentence.str.slice(0, pl.col("pos")).str.tail(WINDOW).str.replace_all(QUOTES, " ")  # 'at "under 100"'
    right = sentence.str.slice(pl.col("pos") + pl.col("mention_len")).str.head(WINDOW)
    if "dual" in mentions.columns:
        right = pl.when(pl.col("dual")).then(pl.lit(" ") + sentence.str.slice(pl.col("pos")).str.head(WINDOW)).otherwise(right)
    frame = mentions.lazy().sort([*SENTENCE_KEYS, "pos"]).with_columns(
        left.alias("_left"), right.str.replace(r"^\+", " ").alias("_right"), right.str.starts_with("+").alias("_plus")
    )
    return _with_sentence_flags(_ranges(frame))


def _ranges(frame: pl.LazyFrame) -> pl.LazyFrame:
    """"between 20 and 30 children": the contract's two facts, 20 at least and 30 up to. The
    upper end is `_range`, the lower `_range_start`; the lower end reads what follows the upper
    one (its people, measure and status), so both are read alike."""
    left, right = pl.col("_left"), pl.col("_right")
    upper = left.str.contains(rule_regex("figure_range_between")) & ~left.str.contains(rule_regex("figure_range_change"))
    lower = upper.shift(-1).over(SENTENCE_KEYS).fill_null(False) & right.str.contains(rule_regex("figure_range_and_next"))
    return frame.with_columns(upper.alias("_range"), lower.alias("_range_start")).with_columns(
        pl.when(pl.col("_range_start")).then(right.shift(-1).over(SENTENCE_KEYS)).otherwise(right).alias("_right")
    )


def _with_sentence_flags(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Readings of the whole sentence, made once per sentence: is it a story of captives, of a deal?"""
    sentence = Context.sentence
    flags = frame.select(*SENTENCE_KEYS, "sentence").unique(SENTENCE_KEYS).select(
        *SENTENCE_KEYS,
        (sentence.str.contains(cue("hostage_nouns")) | sentence.str.contains(cue("captivity_cues"))).alias("_captives_story"),
        sentence.str.contains(cue("deal_context")).alias("_deal_story"),
    )
    return frame.join(flags, on=SENTENCE_KEYS, how="left", maintain_order="left")


def candidate_readings(frame: pl.LazyFrame) -> pl.LazyFrame:
    """One column per reading of the windows (computed together: polars shares the windows)."""
    return frame.with_columns(
        Context.right.str.extract(NOUN_PHRASE, 1).fill_null("").alias("_np"),
        noun_after(Context.right, person_nouns()).alias("_person_noun"),
        *_part_readings(), *_hostage_readings(), *_measure_readings(), *_non_count_readings(),
    )


def _part_readings() -> list[pl.Expr]:
    left, right = Context.left, Context.right
    predicate_next = right.str.contains(rule_regex("figure_predicate_next"))
    partitive = (
        right.str.contains(rule_regex("figure_partitive_after"))  # "27 of them", "40 نفر از آنان", "منهم"
        | left.str.contains(rule_regex("figure_partitive_named_before"))  # "Among those killed were 11 children"
        | (left.str.contains(rule_regex("figure_partitive_announced")) & predicate_next)  # "Of them, 20,179 were"
        | (left.str.contains(rule_regex("figure_partitive_rest")) & predicate_next)  # "the other four were women"
        | right.str.contains(rule_regex("figure_partitive_among_them"))  # "one child among them"
    )
    breakdown_markers = alternation(load_lexicon()["breakdown_markers"])
    marked = (
        # "including 16,500 children and 11,000 women"; "most of them civilians, and some 250 were taken" ends it.
        (_contains_after(left, breakdown_markers, r"[ ]*(?:\S+[ ]+){0,5}$") & ~left.str.contains(breakdown_markers + rule_regex("figure_clause_after_marker")))
        | left.str.contains(rule_regex("figure_breakdown_of_the_count"))  # "Of the 128 hostages ..., more than 30"
        # "49 people (25 civilians and 24 soldiers)", "105 civilians - 81 Israelis and 24 ... -": a counted
        # noun must stand between ("Feb. 3, 2025 - 12 people" is a dateline).
        | left.str.contains(rf"\d(?:[ ]+[\p{{L}}'’]+){{1,3}}[ ]*(?:\(|[ ][-–—])[ ]*(?:(?:{qualifier_alternation()})[ ]*)?$")
    )
    return [partitive.alias("_partitive"), marked.alias("_marked")]


def _contains_after(text: pl.Expr, words: str, tail: str) -> pl.Expr:
    """Does the text hold `words` followed by `tail`? The combined regex is slow (a word alternation
    before a counted repetition), so it reads only the texts that hold the words at all."""
    holding = pl.when(text.str.contains(words)).then(text).otherwise(pl.lit(""))
    return holding.str.contains(words + tail)


def _hostage_readings() -> list[pl.Expr]:
    left, right = Context.left, Context.right
    captives_story = pl.col("_captives_story")
    # "the bodies of 30 have now been recovered": remains named before the figure, in a story of captives.
    remains_before = captives_story & left.str.contains(qualified_end(cue("hostage_remains_cues")))
    remains_after = noun_after(right, cue("hostage_remains_nouns"))
    prisoner, captive = noun_after(right, cue("prisoner_nouns")), noun_after(right, cue("hostage_nouns"))
    return [
        # "four coffins", "18 bodies" count dead hostages where the sentence speaks of captives, or of
        # where bodies still are ("Another 13 bodies are still believed to be in Gaza").
        pl.coalesce(
            captive,
            pl.when(captives_story | right.str.head(50).str.contains(rule_regex("figure_still_in_gaza"))).then(remains_after),
            pl.when(remains_before).then(pl.lit("remains")),
        ).alias("_hostage_noun"),
        (remains_after.is_not_null() | remains_before).alias("_remains"),
        # ("40 أسيرا إسرائيليا": a longer captive noun outweighs the prisoner noun it holds.)
        (prisoner.is_not_null() & ~(captive.str.len_chars() > prisoner.str.len_chars()).fill_null(False)).alias("_prisoner"),
        (
            right.str.contains(rule_regex("figure_partitive_of_captives") + cue("hostage_nouns"))
            | right.str.contains(rule_regex("figure_captives_partitive"))  # "87 of those abducted"
        ).alias("_partitive_hostage"),
        # "killing some 1,200 people and abducting 251": a captors' verb before a figure with no noun.
        left.str.contains(qualified_end(cue("hostage_verbs_before"))).alias("_hostage_verb_before"),
        # "Four have been freed so far", "33 are due to go home": a count of captives without a noun.
        (right.str.contains("^" + cue("hostage_predicates")) | (captives_story & right.str.contains("^" + cue("captive_predicates")))).alias("_hostage_bare"),
        dist_left(left, qualified_end(cue("hostage_toll_phrases"))).is_not_null().alias("_hostage_toll"),
    ]


def _measure_readings() -> list[pl.Expr]:
    left, right = Context.left, Context.right
    lexicon = load_lexicon()
    metric_nouns = {metric: alternation(words, conjunction=False) for metric, words in lexicon["metric_nouns"].items()}
    noun_prefix, participle_prefix = rule_regex("figure_noun_metric_of"), rule_regex("figure_bare_participle_of")
    return [
        # "64,231 Palestinian deaths" allows one word between; "35 are dead" is a predicate, not a noun.
        pl.when(right.str.contains(rule_regex("figure_auxiliary_next")))
        .then(first_label(right, {metric: "^" + nouns for metric, nouns in metric_nouns.items()}))
        .otherwise(first_label(right, {metric: noun_prefix + nouns for metric, nouns in metric_nouns.items()}))
        .alias("_noun_metric"),
        # "30 killed", "2,799 of them killed since hostilities resumed".
        first_label(right, {metric: participle_prefix + alternation(words) for metric, words in lexicon["bare_participles"].items()}).alias("_bare_metric"),
        # "وأصيب 169679": an Arabic verb before a figure with no noun.
        _ends_with_any(left, {metric: qualified_end(alternation(words)) for metric, words in lexicon["verbs_before"].items()}).alias("_verb_metric"),
        # "two Palestinian gunmen opened fire": the attackers, not victims (unless they were killed).
        noun_after(right, cue("perpetrator_nouns")).is_not_null().alias("_perpetrator"),
        # "The deaths bring to 221 the number of soldiers killed": the toll is named after the figure.
        (left.str.contains(rule_regex("figure_toll_after_verb")) & right.str.contains(rule_regex("figure_toll_after_noun"))).alias("_toll_after"),
    ]


def _ends_with_any(text: pl.Expr, patterns: dict[str, str]) -> pl.Expr:
    """The first label whose pattern the text ends with (a cheap test, no capture)."""
    expr = pl.lit(None, dtype=pl.String)
    for label, pattern in reversed(list(patterns.items())):
        expr = pl.when(text.str.contains(pattern)).then(pl.lit(label)).otherwise(expr)
    return expr


def _non_count_readings() -> list[pl.Expr]:
    """Marks of numbers that count no people: units, things, dates, hyphenated words."""
    left, right = Context.left, Context.right
    unit = (
        # "one or both legs"; a person noun that starts like a unit is a person ("عاملا" is not "عام").
        (right.str.contains(rule_regex("figure_unit_alternatives") + cue("non_person_units")) & ~right.str.contains(f"^(?:{person_nouns()})"))
        | left.str.contains(rule_regex("figure_ratio"))  # "nine in ten"
        | (left.str.contains(rule_regex("figure_toll_step")) & right.str.contains(r"^[ ]+to "))  # "rose by 10 to 307"
    )
    return [
        right.str.contains(r"^[-‐–]").alias("_hyphenated"),  # "75-year", "eleven-week"
        unit.alias("_unit"),
        noun_after(right, cue("thing_nouns")).is_not_null().alias("_thing"),
        # "Two Israeli strikes": a nationality before a thing is no count of people.
        right.str.contains(rule_regex("figure_nationality_before_thing") + cue("thing_nouns")).alias("_weapon"),
        _date_part().alias("_date_part"),
    ]


def _date_part() -> pl.Expr:
    """"October 7", "7 October", "October 7, 2023", "15 مهر 1403"; not "in November 147 hostages".
    "۱۰ آوریل، ۲۴ تبعه": a comma after the month ends the date; a day does not follow it."""
    left, right, mention = Context.left, Context.right, pl.col("mention")
    months = month_names()
    day, year = mention.str.contains(DAY), mention.str.contains(YEAR_OR_SOLAR_YEAR)
    return (
        (left.str.contains(months + r"\.?[ ]*$") & ((day & ~left.str.contains(COMMA_END)) | year))
        | (left.str.contains(months + r"\.?[ ]*\d{1,2}(?:st|nd|rd|th)?,?[ ]*$") & year)
        | (right.str.contains(r"^[ ]*" + months) & day)
        | (mention.str.contains(YEAR) & noun_after(right, person_nouns()).is_null())
        | right.str.contains(rule_regex("figure_weekday_shanbe"))  # "سه شنبه" (Tuesday)
    )
