"""Split article bodies into sentences with character offsets into the body.

Vectorized with a marker trick: a NUL is inserted at every boundary, the text is split
on it, and offsets are the running sum of piece lengths. Everything else is
length-preserving (abbreviation dots are masked with a placeholder of the same length),
so `body[sent_start:sent_end] == sentence` holds exactly.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.lexicon import load_lexicon

_MARK = "\x00"
_DOT_MASK = "\x01"
# End punctuation, closing quotes, spaces, then the next sentence's first character.
_BOUNDARY = r"([.!?؟…]+[\"”’»)\]]*[ ]+)([\p{Lu}\p{Arabic}\"“«'‘(\[0-9])"


def _mask_abbreviations(text: pl.Expr) -> pl.Expr:
    abbreviations = load_lexicon()["abbreviations"]
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
    marked = _mask_abbreviations(pl.col("body"))
    marked = marked.str.replace_all(_BOUNDARY, f"${{1}}{_MARK}${{2}}").str.replace_all("\n", f"\n{_MARK}")
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
        .with_columns(
            (pl.col("sent_start") + pl.col("sentence").str.len_chars()).alias("sent_end"),
            pl.int_range(pl.len()).over("article_id").cast(pl.Int32).alias("sentence_id"),
        )
    )
    return pieces.select(
        *carried,
        "sentence_id",
        "paragraph_id",
        "sentence",
        pl.col("sent_start").cast(pl.Int64),
        pl.col("sent_end").cast(pl.Int64),
    )
