"""Distances between a number mention and cue words in its sentence, as polars expressions.

Every mention row carries its sentence, `pos` and `mention_len`; `_left`/`_right` hold up to
WINDOW characters on either side. A cue's distance is the number of characters between it and
the figure; the nearest cue decides. Neighbouring figures (`_prev_end`, `_next_start`) bound
the context a figure may take its cues from.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import alternation, bare_alternation
from orchestration.extraction.rules import rule_regex

WINDOW = 120  # characters of context on each side
NEAR = 25  # a cue this close counts as attached to the figure


def qualifier_alternation() -> str:
    """Every qualifier ("at least", "حدود", "نحو"), edge-free, to follow another phrase."""
    qualifiers = load_lexicon()["qualifiers"]
    return bare_alternation({lang: [w for v in qualifiers.values() for w in v.get(lang) or []] for lang in ("en", "fa", "ar")})


def month_names() -> str:
    """Month names of every calendar: a number touching one is part of a date, not a count."""
    calendar = load_lexicon()
    by_language: dict[str, list[str]] = {}
    for table in ("gregorian_months", "solar_hijri_months"):
        for language, months in calendar[table].items():
            by_language.setdefault(language, []).extend(n for names in months.values() for n in names)
    return alternation(by_language)


def dist_left(left: pl.Expr, pattern: str) -> pl.Expr:
    """Characters between the end of the last cue in `left` and the figure (null: no cue)."""
    return left.str.len_chars() - left.str.extract(f"(?s)^(.*{pattern})", 1).str.len_chars()


def dist_right(right: pl.Expr, pattern: str) -> pl.Expr:
    """Characters between the figure and the first cue in `right` (null: no cue)."""
    return right.str.extract(f"(?s)^(.*?){pattern}", 1).str.len_chars()


def nearest(left: pl.Expr, right: pl.Expr, pattern: str) -> pl.Expr:
    return pl.min_horizontal(dist_left(left, pattern), dist_right(right, pattern))


def pick(distances: dict[str, pl.Expr], limit: int | None = None) -> pl.Expr:
    """The label with the smallest distance (ties: dict order); null when none is in range."""
    best = pl.min_horizontal(*distances.values())
    expr = pl.lit(None, dtype=pl.String)
    for label, dist in reversed(list(distances.items())):
        hit = dist == best
        if limit is not None:
            hit = hit & (dist <= limit)
        expr = pl.when(hit).then(pl.lit(label)).otherwise(expr)
    return expr


def first_label(text: pl.Expr, patterns: dict[str, str], limit: int | None = None) -> pl.Expr:
    """The label whose pattern starts first in `text` (ties: dict order; null past `limit`
    characters), in one pass for the whole family: the answer of
    pick({label: dist_right(text, pattern)}, limit), one labelled regex instead of one per label.
    Each label's pattern is one whole alternative, so at a given start the first label that
    matches at all wins, as a tie does in `pick`."""
    found = text.str.extract_groups(f"(?s)^(?P<before>.*?)(?:{_labelled(patterns)})")
    label = _matched_label(found, patterns)
    if limit is not None:
        label = pl.when(found.struct.field("before").str.len_chars() <= limit).then(label)
    return label


def label_at_end(text: pl.Expr, patterns: dict[str, str]) -> pl.Expr:
    """The first label whose pattern, anchored at the end of `text` ("... death toll rose to"),
    matches it: the answer of pick({label: dist_left(text, pattern)}) for such patterns (every
    match ends at the end, so every distance is 0 and the tie goes to the first label), in one
    labelled pass for the whole family."""
    if not all(pattern.endswith("$") for pattern in patterns.values()):
        raise ValueError("label_at_end reads patterns anchored at the end of the text ($)")
    found = text.str.extract_groups(f"(?s)^(?:{_labelled(patterns, before='.*')})")
    return _matched_label(found, patterns)


def _labelled(patterns: dict[str, str], before: str = "") -> str:
    """The family as one alternation, one named group per label (`cue0`, `cue1`, ... in order)."""
    return "|".join(f"(?P<{_group(index)}>{before}{pattern})" for index, pattern in enumerate(patterns.values()))


def _group(index: int) -> str:
    return f"cue{index}"


def _matched_label(found: pl.Expr, patterns: dict[str, str]) -> pl.Expr:
    """The label of the group that took part in the match (`found`: extract_groups of _labelled)."""
    label = pl.lit(None, dtype=pl.String)
    for index, value in reversed(list(enumerate(patterns))):
        label = pl.when(found.struct.field(_group(index)).is_not_null()).then(pl.lit(value)).otherwise(label)
    return label


def noun_after(right: pl.Expr, pattern: str) -> pl.Expr:
    """The noun within the first three words after the figure ("193 of the agency's staff"
    counts the owner's people), if it matches `pattern`; a pair joined by "and" counts as one
    word ("50 women and children hostages")."""
    word = r"[ ]+[\p{L}'’]+"
    pair = word + rule_regex("noun_after_pair_joint") + word
    return right.str.extract("^" + rule_regex("noun_after_owner") + rf"(?:{pair}|(?:{word}){{0,2}}?)({pattern})", 1)


def since_previous(left: pl.Expr) -> pl.Expr:
    """The left context after the previous neighbouring figure of the sentence."""
    gap = pl.col("pos") - pl.col("_prev_end")
    return pl.when(gap.is_null()).then(left).otherwise(left.str.tail(gap))


def until_next(right: pl.Expr) -> pl.Expr:
    """The right context before the next neighbouring figure of the sentence."""
    gap = pl.col("_next_start") - pl.col("pos") - pl.col("mention_len")
    return pl.when(gap.is_null()).then(right).otherwise(right.str.head(gap))
