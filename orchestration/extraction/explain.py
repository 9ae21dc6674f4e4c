"""Why the extractor read a text the way it did: each number candidate and the rule behind
each of its attributes (`ceasefire-ledger explain "..."`)."""

from __future__ import annotations

import polars as pl

from orchestration.extraction.engine import Trace

ATTRIBUTES = ("kind", "metric", "status", "victim_group", "region", "scope", "qualifier", "reported_by")


def _articles(text: str, published_on: str | None) -> pl.DataFrame:
    from orchestration.extraction.normalize import normalize_articles

    date = pl.lit(published_on).str.to_date() if published_on else pl.lit(None, dtype=pl.Date)
    return normalize_articles(pl.DataFrame({"raw_text": [text]})).with_columns(date.alias("published_on"))


def explain_candidates(text: str, published_on: str | None = None) -> pl.DataFrame:
    """One row per number candidate: its attributes and `<attribute>__rule` when it is a
    figure, else the rule that excluded it (`excluded_by`)."""
    from orchestration.extraction.dating import sentence_dates
    from orchestration.extraction.figure_attributes import sentence_places
    from orchestration.extraction.figures import classify_figures
    from orchestration.extraction.numbers import find_numbers
    from orchestration.extraction.sentences import split_sentences

    mentions = find_numbers(sentence_places(sentence_dates(split_sentences(_articles(text, published_on)))))
    trace = Trace()
    figures = classify_figures(mentions, trace=trace)
    keys = ["article_id", "sentence_id", "pos"]
    kept = [c for c in figures.columns if c in ATTRIBUTES or c.endswith("__rule")]
    candidates = mentions.select(*keys, "mention", "value", "sentence")
    candidates = candidates.join(figures.select(*keys, *kept), on=keys, how="left")
    dropped = trace.frame().select(*keys, "excluded_by").unique(keys, keep="first")
    candidates = candidates.join(dropped.with_columns(pl.col(c).cast(candidates.schema[c]) for c in keys), on=keys, how="left")
    return candidates.sort(keys)


def format_explanation(candidates: pl.DataFrame) -> str:
    lines = []
    for row in candidates.iter_rows(named=True):
        lines.append(f"{row['mention']!r} (value {row['value']}) in sentence {row['sentence_id']}:")
        if row.get("kind"):
            for attribute in ATTRIBUTES:
                if row.get(attribute) is not None:
                    rule = row.get(f"{attribute}__rule") or "-"
                    lines.append(f"    {attribute:13s} {row[attribute]:20s} by {rule}")
        elif row.get("excluded_by"):
            lines.append(f"    not a figure: excluded by {row['excluded_by']}")
        else:
            lines.append("    not a figure: nothing makes it a count of people")
    return "\n".join(lines) if lines else "no number candidates"
