"""A figure with no place of its own in an article about another front takes that front
(places._article_front), not Gaza's default; a Gaza article keeps the default."""

from __future__ import annotations

import polars as pl

from orchestration.extraction import extract_facts
from orchestration.extraction.normalize import normalize_articles

LEBANON = (
    "Israeli strikes pounded southern Lebanon on Monday.\n\n"
    "Lebanon's health ministry said 31 people were killed in Lebanon in the past day.\n\n"
    "The ministry said the toll includes 316 children and 780 women."
)
GAZA = (
    "Israeli strikes pounded Khan Younis in Gaza on Monday, and Hezbollah fired at Lebanon's border.\n\n"
    "Medics said 31 people were killed in Gaza.\n\n"
    "The dead included 12 children."
)


def _regions(text: str) -> dict[int, str]:
    articles = normalize_articles(pl.DataFrame({"raw_text": [text]})).with_columns(pl.lit(None, dtype=pl.Date).alias("published_on"))
    facts = extract_facts(articles).casualty_facts
    return dict(facts.select("value", "region").rows())


def test_a_lebanon_article_places_its_unplaced_figures_in_lebanon():
    assert _regions(LEBANON) == {31: "lebanon", 316: "lebanon", 780: "lebanon"}


def test_a_gaza_article_keeps_gaza():
    assert _regions(GAZA) == {31: "gaza", 12: "gaza"}
