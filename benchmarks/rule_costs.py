"""What each stage and each rule of the extractor costs (the successor of hotspots.py).

    python -m benchmarks.rule_costs ARTICLES.parquet|CORPUS_DIR [--limit N] [--top 25]

Stages: each public stage function of orchestration.extraction, timed on the same articles.
Rules: each rule of the registry, its pattern alone over the context it declares (the figure's
windows, or the sentences), in polars; and the same rule in the generated per-article loop
(benchmarks.rule_loop), so that a rule that is slow in one engine and not the other shows.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import polars as pl

WINDOWED = {"left": "_left", "right": "_right", "mention": "mention", "clause": "_clause"}


def load_articles(source: Path, limit: int | None) -> pl.DataFrame:
    if source.suffix == ".parquet":
        frame = pl.read_parquet(source)
    else:
        from benchmarks.extraction_snapshot import articles_of

        frame = articles_of(source)
    frame = frame.select("article_id", "language", "body", pl.col("published_on").cast(pl.Date))
    return frame.head(limit) if limit else frame


def _timed(results: dict, name: str, fn, *args):
    started = time.perf_counter()
    value = fn(*args)
    results[name] = time.perf_counter() - started
    return value


def stage_costs(articles: pl.DataFrame) -> tuple[dict[str, float], pl.DataFrame, pl.DataFrame]:
    from orchestration.extraction.dating import sentence_dates
    from orchestration.extraction.entities import entity_mentions
    from orchestration.extraction.facts import figure_facts, sentence_reporters
    from orchestration.extraction.figure_attributes import sentence_places
    from orchestration.extraction.figures import classify_figures
    from orchestration.extraction.negotiations import negotiation_events
    from orchestration.extraction.numbers import find_numbers
    from orchestration.extraction.sentences import split_sentences

    costs: dict[str, float] = {}
    sentences = _timed(costs, "sentences: split", split_sentences, articles)
    dated = _timed(costs, "dating: sentence dates", sentence_dates, sentences)
    placed = _timed(costs, "attributes: paragraph places", sentence_places, dated)
    mentions = _timed(costs, "candidates: numbers", find_numbers, placed)
    figures = _timed(costs, "classify + describe figures", classify_figures, mentions)
    reporters = _timed(costs, "attributes: sentence reporters", sentence_reporters, dated)
    _timed(costs, "facts: contract tables", figure_facts, figures, reporters)
    entities = _timed(costs, "entities", entity_mentions, dated)
    _timed(costs, "negotiation events", negotiation_events, dated, entities)
    return costs, dated, mentions


def _windows(mentions: pl.DataFrame) -> pl.DataFrame:
    from orchestration.extraction.cue_context import WINDOW

    left = pl.col("sentence").str.slice(0, pl.col("pos")).str.tail(WINDOW)
    right = pl.col("sentence").str.slice(pl.col("pos") + pl.col("mention_len")).str.head(WINDOW)
    return mentions.select(left.alias("_left"), right.alias("_right"), "mention").with_columns(
        (pl.col("_left") + pl.col("mention") + pl.col("_right")).alias("_clause")
    )


def polars_rule_costs(sentences: pl.DataFrame, mentions: pl.DataFrame) -> dict[str, float]:
    from orchestration.extraction.rules import registry

    windows = _windows(mentions)
    costs: dict[str, float] = {}
    for rule in registry().values():
        column = WINDOWED.get(rule.context)
        frame, text = (windows, pl.col(column)) if column else (sentences, pl.col("sentence"))
        started = time.perf_counter()
        frame.select(text.str.contains(rule.regex(label)).sum().alias(str(i)) for i, label in enumerate(rule.labels or [None]))
        costs[rule.name] = time.perf_counter() - started
    return costs


def loop_rule_costs(articles: pl.DataFrame) -> tuple[dict[str, float], float]:
    from benchmarks.rule_loop import RuleLoop

    loop = RuleLoop()
    started = time.perf_counter()
    loop.run(articles["body"].to_list())
    return dict(loop.seconds), time.perf_counter() - started


def _print_top(title: str, costs: dict[str, float], top: int) -> None:
    print(f"\n{title} (total {sum(costs.values()):.2f} s)")
    for name, seconds in sorted(costs.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {seconds:8.3f} s  {name}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    articles = load_articles(args.source, args.limit)
    mb = articles["body"].str.len_bytes().sum() / 1e6
    from orchestration.extraction import extract_facts

    extract_facts(articles.head(20))  # warm the lexicon and regex caches
    stages, sentences, mentions = stage_costs(articles)
    print(f"{articles.height} articles, {mb:.2f} MB, {sentences.height} sentences, {mentions.height} number candidates")
    _print_top("stages", stages, args.top)
    _print_top("rules in polars, each alone over its context", polars_rule_costs(sentences, mentions), args.top)
    loop_costs, loop_total = loop_rule_costs(articles)
    _print_top(f"rules in the generated per-article loop (whole loop {loop_total:.2f} s)", loop_costs, args.top)


if __name__ == "__main__":
    main()
