"""The seed articles against their gold file: every required figure found, nothing extra,
each fact traceable to its figure in the body, and the articles dated as specified."""

from __future__ import annotations

import re

import polars as pl
import pytest

from orchestration.evaluation import (
    CASUALTY_KEYS,
    HOSTAGE_KEYS,
    expected_date,
    facts_by_file,
    gold_casualties,
    gold_hostages,
    match_figures,
)
from orchestration.extraction.normalize import clean_text
from orchestration.extraction.numbers import parse_number


def _article(seed_articles: pl.DataFrame, file: str) -> dict:
    rows = seed_articles.filter(pl.col("source_path").str.ends_with(file)).to_dicts()
    assert len(rows) == 1, f"{file} should be exactly one article"
    return rows[0]


def _squash(text: str) -> str:
    """Compare quotes with the body ignoring whitespace and Arabic-letter variants."""
    text = pl.select(clean_text(pl.lit(text))).item()
    return re.sub(r"\s+", "", text).replace("ي", "ی").replace("ك", "ک")


def test_dates_follow_the_gold_file(seed_articles, gold):
    for entry in gold:
        article = _article(seed_articles, entry["file"])
        want_date, want_basis = expected_date(entry)
        got = article["published_on"].isoformat() if article["published_on"] else None
        assert (got, article["published_on_basis"]) == (want_date, want_basis), entry["file"]


def test_languages(seed_articles, gold):
    for entry in gold:
        assert _article(seed_articles, entry["file"])["language"] == entry["lang"], entry["file"]


@pytest.mark.parametrize("kind", ["casualty", "hostage"])
def test_every_gold_figure_found_and_nothing_extra(seed_articles, seed_facts, gold, kind):
    table = seed_facts.casualty_facts if kind == "casualty" else seed_facts.hostage_facts
    keys = CASUALTY_KEYS if kind == "casualty" else HOSTAGE_KEYS
    golds_of = gold_casualties if kind == "casualty" else gold_hostages
    found = facts_by_file(seed_articles, table)
    problems = []
    for entry in gold:
        tally = match_figures(found.get(entry["file"], []), golds_of(entry), keys, entry["file"])
        problems += tally.misses + tally.false_finds
    assert not problems, "\n".join(problems)


def test_gold_as_of_dates_and_sources(seed_articles, seed_facts, gold):
    found = facts_by_file(seed_articles, seed_facts.casualty_facts)
    for entry in gold:
        for want in gold_casualties(entry):
            facts = [f for f in found.get(entry["file"], []) if all(f[k] == want[k] for k in CASUALTY_KEYS)]
            assert facts, want
            if want["as_of"]:
                assert facts[0]["as_of"].isoformat() == want["as_of"], want
            if want["reported_by"]:
                assert facts[0]["reported_by"] == want["reported_by"], want


@pytest.mark.parametrize("kind", ["casualty", "hostage"])
def test_offsets_point_at_the_figure_inside_its_quote(seed_articles, seed_facts, gold, kind):
    table = seed_facts.casualty_facts if kind == "casualty" else seed_facts.hostage_facts
    golds_of = gold_casualties if kind == "casualty" else gold_hostages
    for entry in gold:
        article = _article(seed_articles, entry["file"])
        body = article["body"]
        facts = table.filter(pl.col("article_id") == article["article_id"]).to_dicts()
        for fact in facts:
            span = body[fact["char_start"] : fact["char_end"]]
            assert parse_number(span)[0] == fact["value"], (entry["file"], span, fact["value"])
            assert fact["sentence"] in body
        for want in golds_of(entry):
            if want["optional"]:
                continue
            quote = _squash(want["quote"])
            candidates = [f for f in facts if f["value"] == want["value"]]
            assert any(quote in _squash(f["sentence"]) for f in candidates), (entry["file"], want["quote"])
