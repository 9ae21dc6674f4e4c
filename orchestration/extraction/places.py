"""The place a paragraph speaks of: where a figure with no place word of its own belongs.

A paragraph's place is the region of the place it named last in its earlier sentences (a
dateline aside), else the region of the section heading above it ("LEBANON" over a list of tolls).
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.figure_regions import blank_war_names, region_patterns
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import alternation
from orchestration.extraction.rules import rule_regex


def dateline() -> str:
    """An opening "PLACE, date (Agency) - " whose place is the filing desk; it holds a year or an agency."""
    return rule_regex("place_dateline")


def _last_place() -> pl.Expr:
    """The region of the place word the sentence names last."""
    text = blank_war_names(pl.col("sentence").str.replace(dateline(), ""))
    # One pass for every place word, then which region the last one names (a short string).
    patterns = region_patterns()
    last_word = text.str.extract_all("|".join(patterns.values())).list.last()
    last = pl.lit(None, dtype=pl.String)
    for region in reversed(list(patterns)):
        last = pl.when(last_word.str.contains(patterns[region])).then(pl.lit(region)).otherwise(last)
    return last


def _heading() -> pl.Expr:
    """A section heading: a short line of its own with no digits or end punctuation ("LEBANON",
    "Aid workers"), not the headline, or a line that opens a list ("Lebanon in figures:")."""
    sentence = pl.col("sentence")
    section = sentence.str.contains(rule_regex("place_section_heading"))
    list_intro = sentence.str.contains(rule_regex("place_list_intro"))
    return (
        (pl.col("sentence_id") > 0)
        & (section | list_intro)
        & (pl.col("paragraph_id") != pl.col("paragraph_id").shift(1).over("article_id"))
        & (pl.col("paragraph_id") != pl.col("paragraph_id").shift(-1).over("article_id")).fill_null(True)
    )


def _heading_place() -> pl.Expr:
    """A heading's place word, or the bare name of a country ("ISRAEL")."""
    place = pl.col("_last_place")
    for region, names in load_lexicon()["heading_regions"].items():
        place = pl.when(place.is_null() & pl.col("sentence").str.contains(alternation(names))).then(pl.lit(region)).otherwise(place)
    return place


def sentence_places(sentences: pl.DataFrame) -> pl.DataFrame:
    """Adds paragraph_place: the region of the place named last in the paragraph's earlier
    sentences (its dateline aside), else of the section heading above it."""
    # (Steps of their own: nesting `_last_place` would run its place search again per region.)
    section_place = pl.when(pl.col("_heading")).then(pl.col("_heading_place").fill_null("")).forward_fill().over("article_id")
    return (
        sentences.sort("article_id", "sentence_id")
        .with_columns(_last_place().alias("_last_place"), _heading().alias("_heading"))
        .with_columns(pl.when(pl.col("_heading")).then(_heading_place()).alias("_heading_place"))
        .with_columns(section_place.alias("_section_place"))
        .with_columns(
            pl.coalesce(
                pl.col("_last_place").forward_fill().shift(1).over("article_id", "paragraph_id"),
                pl.when(pl.col("_section_place") != "").then(pl.col("_section_place")),
            ).alias("paragraph_place")
        )
        .drop("_last_place", "_heading", "_heading_place", "_section_place")
    )
