"""Assemble the contract tables of the `extracted` schema from classified figures.

The as_of rule: a figure for a window ("in the past 24 hours") refers to the date its
sentence speaks of; a running total refers to the day it was reported, so only a
weekday or relative word ("the ministry said on Saturday") moves it off the article's
date, and a later sentence citing the same source keeps that date ("the ministry also said").
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.engine import Choice, decide
from orchestration.extraction.reporters import REPORTERS, sentence_reporters  # noqa: F401 (public)
from orchestration.extraction.rules import rule_regex

MAX_PLAUSIBLE = 5_000_000  # no casualty or hostage count of this war comes near it
STATEMENT_BASES = ["weekday", "relative"]


def _hash_id(*columns: str) -> pl.Expr:
    """A stable 16-hex-digit id from the given columns (polars' hash is not stable across versions)."""
    joined = pl.concat_str([pl.col(c).cast(pl.String) for c in columns], separator="|")
    return joined.map_elements(_sha16, return_dtype=pl.String)


def _sha16(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _attribution() -> list[pl.Expr]:
    """reported_by: the figure's own sentence's reporter, else the one its paragraph cited before."""
    cited = pl.coalesce("reported_by", "sentence_reporter")
    return decide("reported_by", [
        # Gaza's authorities count Palestinians only: for other regions the attribution belongs to another figure.
        Choice("gaza_authorities_count_palestinians_only", ~pl.col("region").is_in(["gaza", "west_bank"]) & cited.str.starts_with("gaza_"), None),
        Choice("reporter_cited_earlier_in_paragraph", pl.col("reported_by").is_null() & pl.col("sentence_reporter").is_not_null(), pl.col("sentence_reporter")),
    ], pl.col("reported_by"), "reporter_cited_in_sentence")


def _as_of(figures: pl.DataFrame) -> pl.DataFrame:
    statement_date = pl.when(pl.col("sentence_date_basis").is_in(STATEMENT_BASES)).then(pl.col("sentence_date"))
    statement_basis = pl.when(pl.col("sentence_date_basis").is_in(STATEMENT_BASES)).then(pl.col("sentence_date_basis"))
    figures = figures.sort("article_id", "char_start").with_columns(
        statement_date.alias("_stmt_date"), statement_basis.alias("_stmt_basis")
    )
    same_source = ["article_id", "reported_by"]
    figures = figures.with_columns(
        pl.when(pl.col("reported_by").is_not_null()).then(pl.col("_stmt_date").forward_fill().over(same_source)).alias("_carried_date"),
        pl.when(pl.col("reported_by").is_not_null()).then(pl.col("_stmt_basis").forward_fill().over(same_source)).alias("_carried_basis"),
    )
    cumulative = pl.col("scope") == "cumulative"
    as_of = (
        pl.when(~cumulative & pl.col("sentence_date").is_not_null()).then(pl.col("sentence_date"))
        .when(cumulative & pl.col("_carried_date").is_not_null()).then(pl.col("_carried_date"))
        .otherwise(pl.col("published_on"))
    )
    basis = (
        pl.when(~cumulative & pl.col("sentence_date").is_not_null()).then(pl.col("sentence_date_basis"))
        .when(cumulative & pl.col("_carried_date").is_not_null()).then(pl.col("_carried_basis"))
        .when(pl.col("published_on").is_not_null()).then(pl.lit("article_date"))
        .otherwise(pl.lit("unknown"))
    )
    return figures.with_columns(as_of.cast(pl.Date).alias("as_of"), basis.alias("as_of_basis"))


def _without_repeats(figures: pl.DataFrame) -> pl.DataFrame:
    """One fact per description and article: a headline's "162 killed in 24 hours" repeats the
    body's sentence, and a careful reader counts it once. The body's mention is kept (it carries
    the attribution and the date), else the first."""
    headline = ~pl.col("sentence").str.contains(rule_regex("facts_headline_end"))
    description = ["article_id", "kind", "metric", "status", "value", "victim_group", "region", "scope", "qualifier"]
    return (
        figures.with_columns(headline.alias("_headline"))
        .sort("article_id", "_headline", "char_start")
        .unique(subset=description, keep="first", maintain_order=True)
        .drop("_headline")
    )


def figure_facts(figures: pl.DataFrame, reporters: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(casualty_facts, hostage_facts) in contract columns, from classified figures."""
    figures = (
        figures.filter(pl.col("value").is_between(1, MAX_PLAUSIBLE))
        .join(reporters, on=["article_id", "sentence_id"], how="left")
        .with_columns(
            *_attribution(),
            (pl.col("sent_start") + pl.col("pos")).cast(pl.Int32).alias("char_start"),
        )
        .with_columns((pl.col("char_start") + pl.col("mention_len")).cast(pl.Int32).alias("char_end"))
    )
    figures = _as_of(_without_repeats(figures))
    casualties = (
        figures.filter(pl.col("kind") == "casualty")
        .with_columns(_hash_id("article_id", "char_start", "kind").alias("fact_id"))
        .select(
            "fact_id", "article_id", "metric", "victim_group", "region", "scope", "qualifier",
            "value", "reported_by", "as_of", "as_of_basis", "sentence", "char_start", "char_end",
        )
    )
    hostages = (
        figures.filter(pl.col("kind") == "hostage")
        .with_columns(
            _hash_id("article_id", "char_start", "kind").alias("fact_id"),
            pl.col("victim_group").alias("hostage_group"),
        )
        .select(
            "fact_id", "article_id", "status", "hostage_group", "qualifier", "value",
            "as_of", "as_of_basis", "sentence", "char_start", "char_end",
        )
    )
    return casualties, hostages
