"""The synthetic corpus generator (benchmarks/generate_corpus.py): deterministic, its gold agrees
with the extractor; and the speed baseline generated from the rule registry
(benchmarks/rule_loop.py) reads every rule as polars does."""

from __future__ import annotations

import json

import polars as pl
import pytest

from benchmarks.rule_loop import RuleLoop
from benchmarks.generate_corpus import generate, write_corpus
from benchmarks.scoring import format_scores, load_articles, score
from orchestration.evaluation import load_gold
from orchestration.extraction import extract_facts
from orchestration.extraction.rules import registry

pytestmark = pytest.mark.integration

MIX = {"en": 0.6, "fa": 0.25, "ar": 0.15}
# Issue 4: the extractor finds the generator's gold figures with F1 >= 0.98.
GENERATED_F1_FLOOR = 0.98
# The loop mirrors figures.py by hand; below this the baseline no longer does the same work.


def test_same_seed_same_corpus_other_seed_other_corpus():
    first = generate(40, seed=11, mix=MIX)
    again = generate(40, seed=11, mix=MIX)
    other = generate(40, seed=12, mix=MIX)
    assert [(p, t, json.dumps(g, sort_keys=True)) for p, t, g in first] == [
        (p, t, json.dumps(g, sort_keys=True)) for p, t, g in again
    ]
    assert [t for _, t, _ in first] != [t for _, t, _ in other]
    # Article i depends only on (seed, i): a corpus is a prefix of a bigger one, and can be extended.
    assert generate(10, seed=11, mix=MIX, start=30) == first[30:40]


def test_corpus_layout_and_gold(tmp_path):
    gold_path = write_corpus(tmp_path, 25, seed=3, mix=MIX)
    gold = load_gold(gold_path)
    assert len(gold) == 25
    assert all((tmp_path / g["file"]).is_file() for g in gold)
    assert gold[0]["file"] == "000/a0000000.txt"
    assert {g["lang"] for g in gold} <= {"en", "fa", "ar"}
    assert all(g["date_basis"] in {"header", "text_date", "weekday_date", "reference_series", "unknown"} for g in gold)
    assert sum(len(g["casualties"]) + len(g["hostages"]) for g in gold) >= 25


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    gold = load_gold(write_corpus(folder, 300, seed=7, mix=MIX))
    articles = load_articles(folder)
    return articles, extract_facts(articles), gold


def test_extractor_finds_the_generated_figures(generated):
    articles, facts, gold = generated
    scores = score(articles, facts.casualty_facts, facts.hostage_facts, gold)
    overall = scores["all"]["overall"]
    problems = overall.misses + overall.false_finds
    assert overall.f1 >= GENERATED_F1_FLOOR, format_scores(scores) + "\n" + "\n".join(problems[:60])


def test_rule_loop_applies_every_rule_as_polars_reads_it(generated):
    articles, _, _ = generated
    loop = RuleLoop()
    assert {name for name, _, _ in loop.compiled} == set(registry())
    windows = [w for text in articles.head(100)["body"] for s in text.split("\n") for w in loop._windows(s)]
    assert len(windows) > 200
    for name, context, pattern in loop.compiled:
        texts = [w[context] if context in w else w["clause"] for w in windows]
        in_python = sum(1 for t in texts if pattern.search(t))
        in_polars = pl.Series(texts).str.contains(pattern.pattern).sum()
        assert in_python == in_polars, f"{name}: Python's regex fires {in_python} times, polars {in_polars}"
    firings = loop.run(articles.head(20)["body"].to_list())
    assert firings["metric_cues"] > 0 and firings["person_nouns"] > 0

