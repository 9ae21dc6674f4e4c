"""Split article bodies into sentences with character offsets into the body.

Vectorized with a marker trick: a NUL is inserted at every boundary, the text is split
on it, and offsets are the running sum of piece lengths. Everything else is
length-preserving (abbreviation dots are masked with a placeholder of the same length),
so `body[sent_start:sent_end] == sentence` holds exactly.

A sentence longer than MAX_SENTENCE_CHARS (a run of text with no sentence end, as in a
scraped table or hostile input) is cut at clause breaks into pieces no longer than that: every
later step costs, per number, time proportional to the length of its sentence, so an unbounded
sentence makes one article cost the square of its length.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

from orchestration.extraction.rules import rule, rule_regex

_MARK = "\x00"
_DOT_MASK = "\x01"
# Twice the longest sentence of every corpus of the project (535 characters), so no real sentence
# is cut; small enough that a sentence's cost per number stays that of a long paragraph.
MAX_SENTENCE_CHARS = 1000
# Where a long sentence may be cut, best first: after a clause's punctuation, else after a space.
_WORD_BREAK = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _clause_break() -> re.Pattern:
    return re.compile(rule_regex("sentence_clause_break"))


def _abbreviations() -> list[str]:
    """The abbreviations, as the text writes them (the rule's entries are regex-escaped)."""
    return [entry.replace("\\.", ".") for entry in rule("sentence_abbreviation_dot").data["en"]]


def _mask_abbreviations(text: pl.Expr) -> pl.Expr:
    abbreviations = _abbreviations()
    masked = [a.replace(".", _DOT_MASK) for a in abbreviations]
    # Only after a space or line start, so "Mr." inside a word is left alone.
    # A leading space lets an abbreviation at the very start match too; it is sliced off again.
    spaced = pl.lit(" ") + text
    spaced = spaced.str.replace_many([f" {a}" for a in abbreviations], [f" {m}" for m in masked])
    return spaced.str.replace_many([f"\n{a}" for a in abbreviations], [f"\n{m}" for m in masked]).str.slice(1)


def split_sentences(articles: pl.DataFrame) -> pl.DataFrame:
    """articles: article_id, body (+ any columns to carry along).

    Returns one row per sentence: the carried columns, sentence_id and paragraph_id (0-based), sentence,
    sent_start, sent_end (character offsets into body, end exclusive).
    """
    carried = [c for c in articles.columns if c != "body"]
    marked = _mask_abbreviations(_without_markers(pl.col("body")))
    marked = marked.str.replace_all(rule_regex("sentence_boundary"), f"${{1}}{_MARK}${{2}}").str.replace_all("\n", f"\n{_MARK}")
    pieces = (
        articles.select(*carried, marked.str.split(_MARK).alias("piece"))
        .explode("piece")
        .with_columns(pl.col("piece").str.replace_all(_DOT_MASK, ".", literal=True))
        .with_columns(pl.col("piece").str.len_chars().alias("_len"))
        .with_columns(
            (pl.col("_len").cum_sum().over("article_id") - pl.col("_len")).alias("sent_start"),
            pl.col("piece").str.ends_with("\n").cast(pl.Int32).cum_sum().shift(1, fill_value=0).over("article_id").alias("paragraph_id"),
        )
        .with_columns(pl.col("piece").str.strip_chars_end().alias("sentence"))
        .filter(pl.col("sentence").str.len_chars() > 0)
    )
    pieces = _cut_long_sentences(pieces).with_columns(
        (pl.col("sent_start") + pl.col("sentence").str.len_chars()).alias("sent_end"),
        pl.int_range(pl.len()).over("article_id").cast(pl.Int32).alias("sentence_id"),
    )
    return pieces.select(
        *carried,
        "sentence_id",
        "paragraph_id",
        "sentence",
        pl.col("sent_start").cast(pl.Int64),
        pl.col("sent_end").cast(pl.Int64),
    )


def _without_markers(body: pl.Expr) -> pl.Expr:
    """The body with any marker character read as a space (same length, so offsets hold).
    normalize.clean_text removes them; this guards a body that skipped it (a warehouse row from
    before that rule): its facts are found, and the offset check flags a sentence that differs."""
    return body.str.replace_all(r"[\x00\x01]", " ")


def clause_pieces(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, str]]:
    """(offset, text) of the pieces of a sentence, each at most `limit` characters: cut after the
    last clause break ("; ", ", ", "، ") in the second half of the limit, else after the last space
    there, else at the limit itself (a run of that many characters with no space is no prose)."""
    pieces, start = [], 0
    while len(sentence) - start > limit:
        window = sentence[start : start + limit + 1]
        cut = _last_break(_clause_break(), window, limit // 2) or _last_break(_WORD_BREAK, window, limit // 2) or limit
        pieces.append((start, sentence[start : start + cut]))
        start += cut
    pieces.append((start, sentence[start:]))
    # (A piece after a cut starts past the spaces there; every piece ends before its own.)
    trimmed = [(offset, text.rstrip()) if offset == 0 else (offset + len(text) - len(text.lstrip()), text.strip()) for offset, text in pieces]
    return [(offset, text) for offset, text in trimmed if text]


def _last_break(pattern: re.Pattern, window: str, earliest: int) -> int | None:
    """The end of the last break in `window` that ends at or after `earliest` and within the limit."""
    ends = [m.end() for m in pattern.finditer(window, earliest) if m.end() < len(window)]
    return ends[-1] if ends else None


def _cut_long_sentences(pieces: pl.DataFrame) -> pl.DataFrame:
    """Sentences longer than MAX_SENTENCE_CHARS replaced by their clause pieces (order kept)."""
    too_long = pl.col("sentence").str.len_chars() > MAX_SENTENCE_CHARS
    if not pieces.select(too_long.any()).item():
        return pieces
    piece_type = pl.List(pl.Struct({"offset": pl.UInt32, "text": pl.String}))
    cut = pl.col("sentence").map_elements(
        lambda s: [{"offset": o, "text": t} for o, t in clause_pieces(s)], return_dtype=piece_type
    )
    framed = pieces.with_row_index("_row")
    long = (
        framed.filter(too_long)
        .with_columns(cut.alias("_cut"))
        .explode("_cut")
        .with_columns(
            (pl.col("sent_start") + pl.col("_cut").struct.field("offset")).alias("sent_start"),
            pl.col("_cut").struct.field("text").alias("sentence"),
        )
        .drop("_cut")
    )
    return pl.concat([framed.filter(~too_long), long.select(framed.columns)]).sort("_row", "sent_start").drop("_row")
