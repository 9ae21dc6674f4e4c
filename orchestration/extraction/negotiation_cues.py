"""Negotiation cue rules (rules/negotiation_events.yaml, rules/negotiation_roles.yaml) as tests
over polars text, one language's regex per row.

How a cue list is bounded is the rule's `edges` (rules.py): trigger, talks, context and
mediation words are `event` (English between word edges, case-insensitively; Persian from a
word edge on; Arabic from rule negotiation_arabic_cue_start to rule negotiation_arabic_cue_end:
a cue ends its word, after a glued ending or pronoun), the text around
a mention is `anchored` (as written). Each row meets only its own language's entries
(rules.regex_for): Persian and Arabic share a script, not their words.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.rules import rule_regex_for

LANGUAGES = ("en", "fa", "ar")


def venues() -> dict:
    """Venue vocabularies (lexicon/negotiation.yaml): seats, non_venue_regions, non_venue_roles."""
    return load_lexicon()["negotiation_venues"]


@lru_cache(maxsize=None)
def cue_regex(name: str, language: str, label: str | None = None) -> str | None:
    """One language's regex for a rule (or one label of it); an Arabic cue of `edges: event` ends
    its word (rules._bounded, rule negotiation_arabic_cue_end): "الاجتماعي" is no meeting."""
    return rule_regex_for(name, language, label)


def _union(rules: list[tuple[str, str | None]], language: str) -> str | None:
    """One language's regex for several rules (name, label or None): one pass for a cue family."""
    patterns = [p for p in (cue_regex(name, language, label) for name, label in rules) if p]
    if len(patterns) < 2:
        return patterns[0] if patterns else None
    return "|".join(f"(?:{p})" for p in patterns)


def flag_rows(frame: pl.DataFrame, flags: dict[str, list[tuple[str, str | None]]], column: str = "sentence") -> pl.DataFrame:
    """The frame with a boolean column per flag: whether `column` matches any of its rules in
    the row's language. Each language's rows are searched apart with that language's regexes
    only, which costs less than a search per language over every row; rows come back grouped
    by language."""
    parts = []
    for language in LANGUAGES:
        patterns = {name: _union(rules, language) for name, rules in flags.items()}
        parts.append(frame.filter(pl.col("language") == language).with_columns(
            (pl.col(column).str.contains(p) if p else pl.lit(False)).alias(name) for name, p in patterns.items()
        ))
    others = frame.filter(~pl.col("language").is_in(LANGUAGES).fill_null(True))
    return pl.concat([*parts, others.with_columns(pl.lit(False).alias(name) for name in flags)])


def matches(rule_name: str, text: pl.Expr, label: str | None = None) -> pl.Expr:
    """True where `text` matches the rule (or one label of it) in its row's language (column
    `language`); false in a language the rule has no entries for."""
    expr = pl.lit(False)
    for language in LANGUAGES:
        pattern = cue_regex(rule_name, language, label)
        if pattern:
            expr = pl.when(pl.col("language") == language).then(text.str.contains(pattern)).otherwise(expr)
    return expr
