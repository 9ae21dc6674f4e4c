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


def _last_place_word() -> pl.Expr:
    """The place word the sentence names last (its dateline aside), in one pass for every region.

    Place-first: a sentence without any place word as written has none once its dateline and
    war names are taken out (what they leave next to a word is a space, as before), so the
    dateline and the blanking only run on the sentences where the search found one."""
    places = "|".join(region_patterns().values())
    sentence = pl.col("sentence")
    text = blank_war_names(pl.when(sentence.str.contains(places)).then(sentence).str.replace(dateline(), ""))
    return text.str.extract_all(places).list.last()


def _region_of_words(words: pl.Series) -> dict[str, str | None]:
    """Each distinct place word with the region it names (the first region whose pattern it
    holds): a few hundred short words, however many sentences there are."""
    patterns = region_patterns()
    word = pl.col("_word")
    region = pl.lit(None, dtype=pl.String)
    for name in reversed(list(patterns)):
        region = pl.when(word.str.contains(patterns[name])).then(pl.lit(name)).otherwise(region)
    table = pl.DataFrame({"_word": words.unique().drop_nulls()}).with_columns(region.alias("_region"))
    return dict(zip(table["_word"], table["_region"]))


def _with_last_place(sentences: pl.DataFrame) -> pl.DataFrame:
    """Adds _last_place: the region of the place word the sentence names last, looked up."""
    words = sentences.select(_last_place_word().alias("_word"))["_word"]
    regions = _region_of_words(words)
    return sentences.with_columns(words.replace_strict(regions, default=None, return_dtype=pl.String).alias("_last_place"))


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
    """A heading's place word, or the bare name of a country ("ISRAEL"), the first region that
    names it; searched in headings only (null elsewhere, which the search skips)."""
    heading = pl.when(pl.col("_heading")).then(pl.col("sentence"))
    names = load_lexicon()["heading_regions"].items()
    return pl.coalesce(
        pl.col("_last_place"),
        *[pl.when(heading.str.contains(alternation(words))).then(pl.lit(region)) for region, words in names],
    )


def sentence_places(sentences: pl.DataFrame) -> pl.DataFrame:
    """Adds paragraph_place: the region of the place named last in the paragraph's earlier
    sentences (its dateline aside), else of the section heading above it; and article_place:
    the front the article is about when it is not Gaza's (_article_front)."""
    # (Steps of their own: nesting `_last_place` would run its place search again per region.)
    section_place = pl.when(pl.col("_heading")).then(pl.col("_heading_place").fill_null("")).forward_fill().over("article_id")
    return (
        _with_last_place(sentences.sort("article_id", "sentence_id"))
        .with_columns(_heading().alias("_heading"))
        .with_columns(pl.when(pl.col("_heading")).then(_heading_place()).alias("_heading_place"))
        .with_columns(section_place.alias("_section_place"))
        .with_columns(
            pl.coalesce(
                pl.col("_last_place").forward_fill().shift(1).over("article_id", "paragraph_id"),
                pl.when(pl.col("_section_place") != "").then(pl.col("_section_place")),
            ).alias("paragraph_place")
        )
        .with_columns(_article_front().alias("article_place"))
        .drop("_last_place", "_heading", "_heading_place", "_section_place")
    )


def _article_front() -> pl.Expr:
    """The front a whole article is about, when it is not Gaza's: the region its sentences name
    most (by their last place word), if that is Lebanon, the West Bank or elsewhere and named more
    often than Gaza ("Lebanon's health ministry said ... The toll includes 316 children")."""
    place = pl.col("_last_place")
    counts = {region: (place == region).sum().over("article_id") for region in ("lebanon", "west_bank", "other", "gaza")}
    front = pl.lit(None, dtype=pl.String)
    for region in ("other", "west_bank", "lebanon"):
        others = [counts[r] for r in counts if r != region]
        leads = (counts[region] >= 2) & (counts[region] > pl.max_horizontal(*others))
        front = pl.when(leads).then(pl.lit(region)).otherwise(front)
    return front
