"""Every rule's examples, run the way Duckling runs its corpus: one test per example.

An example says that its rule fires (or must not) on its text, which label of a family
matches, or the whole output a careful reader takes from the text (`facts`).
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl
import pytest

from orchestration.extraction.rules import registry

MARKED = ("left", "right", "mention")


def _examples() -> list:
    return [
        pytest.param(rule, example, id=f"{rule.name}-{index}")
        for rule in registry().values()
        for index, example in enumerate(rule.examples)
    ]


def context_of(text: str, context: str) -> str:
    """The part of an example a rule looks at: around the bracketed figure, or the whole text."""
    start, end = text.find("["), text.find("]")
    if context in MARKED:
        assert 0 <= start < end, f"example {text!r} needs its figure in [brackets] for context {context!r}"
        return {"left": text[:start], "right": text[end + 1:], "mention": text[start + 1:end]}[context]
    if 0 <= start < end:
        return text[:start] + text[start + 1:end] + text[end + 1:]
    return text


def matches(pattern: str, text: str) -> bool:
    return bool(pl.Series([text]).str.contains(pattern).item())


@lru_cache(maxsize=1)
def _facts_of_every_example() -> dict[str, dict[str, list[list]]]:
    """The whole output of every `facts` example, read in one extraction (one article each):
    a polars plan costs about a second to build, an article of it almost nothing."""
    from orchestration.extraction import extract_facts
    from orchestration.extraction.normalize import normalize_articles

    texts = sorted({e["text"] for rule in registry().values() for e in rule.examples if "facts" in e})
    articles = normalize_articles(pl.DataFrame({"raw_text": texts})).with_columns(pl.lit(None, dtype=pl.Date).alias("published_on"))
    assert articles.height == len(texts), "every facts example must be a text of its own"
    extracted = extract_facts(articles)
    by_text = {}
    for text, article_id in zip(texts, articles["article_id"]):
        casualties = extracted.casualty_facts.filter(pl.col("article_id") == article_id)
        hostages = extracted.hostage_facts.filter(pl.col("article_id") == article_id)
        by_text[text] = {
            "casualties": sorted(map(list, casualties.select("value", "metric", "victim_group", "region", "scope", "qualifier").rows())),
            "hostages": sorted(map(list, hostages.select("value", "status", "hostage_group", "qualifier").rows())),
        }
    return by_text


def facts_of(text: str) -> dict[str, list[list]]:
    return _facts_of_every_example()[text]


@pytest.mark.parametrize(("rule", "example"), _examples())
def test_rule_example(rule, example) -> None:
    text = example["text"]
    if "facts" in example:
        expected = {k: sorted(map(list, example["facts"].get(k) or [])) for k in ("casualties", "hostages")}
        assert facts_of(text) == expected
        return
    context = context_of(text, rule.context)
    if "label" in example:
        hits = [label for label in rule.labels if matches(rule.regex(label), context)]
        assert example["label"] in hits, f"{rule.name}: {context!r} matched {hits}"
        return
    assert "fires" in example, f"{rule.name}: example {text!r} says neither fires, label nor facts"
    assert matches(rule.regex(), context) == bool(example["fires"]), f"{rule.name} on {context!r}"
