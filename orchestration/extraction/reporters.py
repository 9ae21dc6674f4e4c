"""Who a figure's sentence cites: the reporter whose cue words come first in it, else (for the
facts) the reporter the paragraph cited before."""

from __future__ import annotations

import polars as pl

from orchestration.extraction.engine import Choice, decide
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import alternation

REPORTERS = ["gaza_health_ministry", "gaza_media_office", "idf", "israeli_officials", "un"]


def _reporter_pattern(reporter: str) -> str:
    return alternation(load_lexicon()["reporter_cues"][reporter])


def cited_positions() -> list[pl.Expr]:
    """Where each reporter's cue first occurs in the sentence (null: nowhere); one search per
    reporter and sentence, without capture groups."""
    return [pl.col("sentence").str.find(f"(?s){_reporter_pattern(r)}").alias(f"_cited_{r}") for r in REPORTERS]


def reported_by() -> list[pl.Expr]:
    """reported_by: the reporter cited first in the sentence (ties: REPORTERS order)."""
    first = pl.min_horizontal(*(pl.col(f"_cited_{r}") for r in REPORTERS))
    return decide("reported_by", [Choice(f"first_cited_{r}", pl.col(f"_cited_{r}") == first, r) for r in REPORTERS], None, "no_reporter_cited")


def sentence_reporters(sentences: pl.DataFrame) -> pl.DataFrame:
    """Who each sentence cites: its own attribution, else the previous sentence's in the paragraph."""
    here = pl.lit(None, dtype=pl.String)
    for reporter in reversed(REPORTERS):
        here = pl.when(pl.col("sentence").str.contains(_reporter_pattern(reporter))).then(pl.lit(reporter)).otherwise(here)
    frame = sentences.select("article_id", "sentence_id", "paragraph_id", here.alias("_here")).sort("article_id", "sentence_id")
    previous = pl.col("_here").shift(1).over("article_id", "paragraph_id")
    return frame.select("article_id", "sentence_id", pl.coalesce("_here", previous).alias("sentence_reporter"))
