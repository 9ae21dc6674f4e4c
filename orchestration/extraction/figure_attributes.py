"""What a classified figure says beyond its measure: victim group, region, scope, qualifier and
who reported it (figures.classify_figures calls describe_figures on its candidates).

Stages, each a module: sentence features (once per sentence, joined to its figures) ->
groups (figure_groups) -> regions (figure_regions) -> scope (figure_scope) -> qualifier ->
propagation across breakdowns and lists (attribute_propagation). Every attribute is set by
engine.decide, so `<attribute>__rule` says which rule set it.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.attribute_propagation import propagate_attributes
from orchestration.extraction.cue_context import first_label, label_at_end
from orchestration.extraction.engine import SENTENCE_KEYS, Choice, Context, decide
from orchestration.extraction.figure_groups import describe_groups
from orchestration.extraction.figure_regions import REGIONS, blank_war_names, describe_regions, region_cues  # noqa: F401 (public)
from orchestration.extraction.figure_scope import describe_scope
from orchestration.extraction.figure_windows import without_reporting_days
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import alternation, cue
from orchestration.extraction.places import dateline, sentence_places  # noqa: F401 (public)
from orchestration.extraction.reporters import REPORTERS, cited_positions, reported_by  # noqa: F401 (public)
from orchestration.extraction.rules import rule_regex

QUALIFIERS = ["at_least", "up_to", "more_than", "about"]  # "no more than" is up_to


def _headline() -> pl.Expr:
    """A headline: a line with no end punctuation and no bullet among the first lines, before the
    body's first sentence with a figure (a saved page puts its site name, section and stamp first)."""
    ended = pl.col("sentence").str.contains(rule_regex("scope_sentence_end_or_bullet"))
    body_starts = pl.when(ended).then(pl.col("sentence_id")).min().over("article_id")
    early = (pl.col("sentence_id") <= 2) & (pl.col("paragraph_id") <= 1)
    before_body = (pl.col("sentence_id") <= 6) & (pl.col("sentence_id") < body_starts.fill_null(7))
    return ~ended & (early | before_body)


def _sentence_features() -> list[pl.Expr]:
    sentence = pl.col("sentence")
    return [
        sentence.str.extract(dateline(), 1).str.len_chars().fill_null(0).alias("_dateline_length"),
        without_reporting_days(sentence).alias("_scoped_sentence"),
        _headline().alias("_headline"),
        # "Since October 2023, WHO has verified 697 attacks ..., in which 917 people were killed":
        # a sentence that opens with the war's start counts running totals.
        sentence.str.contains(rule_regex("scope_opens_with_war_start")).alias("_opens_with_war_start"),
        sentence.str.contains(cue("same_period_cues")).alias("_same_period"),
        *cited_positions(),
    ]


def with_sentence_features(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Features of the whole sentence, computed once per sentence and joined to its figures."""
    sentences = frame.select(*SENTENCE_KEYS, "paragraph_id", "sentence").unique(SENTENCE_KEYS)
    features = sentences.with_columns(_sentence_features()).with_columns(reported_by())
    features = features.drop("sentence", "paragraph_id", *(f"_cited_{r}" for r in REPORTERS))
    return frame.join(features, on=SENTENCE_KEYS, how="left", maintain_order="left")


def _qualifier_words() -> list[pl.Expr]:
    """The qualifier right before the figure and the one right after it (or its noun), each
    family in one labelled pass."""
    lex = load_lexicon()
    # "handed over four coffins": a verb's particle is no qualifier.
    left = Context.left.str.replace(rule_regex("qualifier_verb_particle_over"), "$1 ~")
    before = label_at_end(left, {q: alternation(lex["qualifiers"][q]) + r"[ ]*$" for q in QUALIFIERS})
    # "36 على الأقل", "4213 فلسطينيا على الأقل": after the figure or its noun.
    after = first_label(Context.right, {q: r"^(?:[ ]+[\p{L}'’]+)?[ ]*" + alternation(words) for q, words in lex["trailing_qualifiers"].items()})
    return [before.alias("_qualifier_before"), after.alias("_qualifier_after")]


def qualifier() -> list[pl.Expr]:
    """qualifier: a qualifier word before the figure, a plus sign, a qualifier after it, else exact."""
    before, after = pl.col("_qualifier_before"), pl.col("_qualifier_after")
    return decide("qualifier", [
        # "between 20 and 30": the contract's two facts, at least the lower end, up to the upper.
        Choice("range_lower_end", pl.col("_range_start"), "at_least"),
        Choice("range_upper_end", pl.col("_range"), "up_to"),
        Choice("qualifier_before_figure", before.is_not_null(), before),
        Choice("plus_sign", pl.col("_plus"), "more_than"),
        Choice("qualifier_after_figure", after.is_not_null(), after),
    ], "exact", "no_qualifier")


def describe_figures(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Victim group, region, scope, qualifier and reporter of each figure."""
    frame = with_sentence_features(frame)
    frame = describe_scope(describe_regions(describe_groups(frame)))
    frame = frame.with_columns(_qualifier_words()).with_columns(qualifier())
    return propagate_attributes(frame)
