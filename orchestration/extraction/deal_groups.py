"""What a deal frees, said once for the whole article.

"secure the release of 50 hostages" names no group, but the same story may say elsewhere what
the deal is about: "the release of women and children". A captive figure the deal would free,
with no group of its own, then counts that group. The phrase usually stands in a sentence
without any figure, so this reads the article's sentences, not the figure's context.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.engine import KEEP, Choice, decide
from orchestration.extraction.patterns import cue


def _articles_freeing_women_and_children(sentences: pl.DataFrame) -> pl.Series:
    said = sentences.filter(pl.col("sentence").str.contains(cue("deal_frees_women_and_children")))
    return said["article_id"].unique()


def with_deal_groups(figures: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Captives a deal would free (to_be_released, group all) in an article whose deal frees
    women and children count women and children (rule deal_frees_women_and_children)."""
    if figures.height == 0:
        return figures
    in_such_article = pl.col("article_id").is_in(_articles_freeing_women_and_children(sentences).implode())
    planned = (pl.col("kind") == "hostage") & (pl.col("status") == "to_be_released") & (pl.col("victim_group") == "all")
    return figures.with_columns(*decide("victim_group", [
        Choice("deal_frees_women_and_children", planned & in_such_article, "women_children"),
    ], pl.col("victim_group"), KEEP))
