"""Text normalization over a polars frame of raw article texts.

Offsets in the warehouse point into the *normalized* body, so everything that changes
lengths happens here, once, before any sentence or figure is located. The steps:
control characters removed (line and page breaks become newlines), Unicode NFKC, invisible
and bidi characters removed (ZWNJ becomes a space), Arabic
diacritics and tatweel removed, Persian and Arabic-Indic digits to ASCII, letter
variants unified per language (Persian or Arabic spelling), whitespace folded, and
repeated paragraphs dropped so a figure printed twice counts once.

The character tables are data (lexicon/text.yaml, read by characters.py). Speed: every
table is one pass over the text, NFKC runs only on texts that hold a character it could
change, and the language comes from lingua only where the letters leave it open (language.py).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import polars as pl

from orchestration.extraction.characters import (
    char_class, char_class_of, digit_map, letter_variants, nfkc_stable_class, points_of,
)
from orchestration.extraction.language import detect_language_column
from orchestration.extraction.rules import rule_regex

TITLE_MAX_CHARS = 160


def _map_chars(expr: pl.Expr, table: dict[str, str]) -> pl.Expr:
    return expr.str.replace_many(list(table.keys()), list(table.values()))


@lru_cache(maxsize=1)
def _after_nfkc_map() -> dict[str, str]:
    """Invisible characters and Arabic diacritics removed, odd spaces made plain, digits made
    ASCII: one-character replacements whose results none of the others touch, so one pass
    does what the three did one after the other."""
    table = {chr(p): "" for p in points_of("invisible", "unwritten")}
    table.update({chr(p): " " for p in points_of("spaces")})
    table.update(digit_map())
    return table


def _before_nfkc(text: pl.Expr) -> pl.Expr:
    text = text.str.replace_all(char_class_of("line_breaks"), "\n").str.replace_all(char_class_of("controls"), "")
    return text.str.replace_all("\r\n?", "\n")


def _after_nfkc(text: pl.Expr) -> pl.Expr:
    text = _map_chars(text, _after_nfkc_map())
    # Arabic glues "و" (and) to a number ("و145233"): a space keeps the number a word of its own.
    text = text.str.replace_all(r"(\p{Arabic})(\d)", "$1 $2").str.replace_all(r"(\d)(\p{Arabic})", "$1 $2")
    return text.str.replace_all("  +", " ")


def clean_text(text: pl.Expr) -> pl.Expr:
    """Character-level clean-up that does not depend on the language."""
    return _after_nfkc(_before_nfkc(text).str.normalize("NFKC"))


def clean_column(texts: pl.Series) -> pl.Series:
    """clean_text of a whole column, each step only on the texts it can change: the control
    characters on texts holding one, NFKC on texts holding a character it could change (see
    characters.nfkc_stable_class). Same result, a fraction of the passes."""
    texts = texts.alias("text")
    texts = _where(texts, char_class(points_of("line_breaks", "controls") + [ord("\r")]), _before_nfkc)
    texts = _where(texts, "[^" + nfkc_stable_class()[1:], lambda text: text.str.normalize("NFKC"))
    return pl.DataFrame({"text": texts}).select(_after_nfkc(pl.col("text"))).to_series()


def _where(texts: pl.Series, pattern: str, step) -> pl.Series:
    """`step` applied to the texts that `pattern` finds something in; the others as they are."""
    rows = texts.str.contains(pattern).fill_null(False).arg_true()
    if not rows.len():
        return texts
    changed = pl.DataFrame({"text": texts.gather(rows)}).select(step(pl.col("text"))).to_series()
    return texts.scatter(rows, changed)


def unify_letters(text: pl.Expr, language: pl.Expr) -> pl.Expr:
    return (
        pl.when(language == "fa")
        .then(_map_chars(text, letter_variants("fa")))
        .when(language == "ar")
        .then(_map_chars(text, letter_variants("ar")))
        .otherwise(text)
    )


def unify_column(texts: pl.Series, languages: pl.Series) -> pl.Series:
    """unify_letters of a whole column: each language's table only on that language's texts."""
    for language in ("fa", "ar"):
        rows = (languages == language).fill_null(False).arg_true()
        if rows.len():
            spelled = pl.DataFrame({"text": texts.gather(rows)}).select(_map_chars(pl.col("text"), letter_variants(language)))
            texts = texts.scatter(rows, spelled.to_series())
    return texts


def _dedupe_paragraphs(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per document: body without empty or repeated paragraphs, and the count dropped."""
    paragraphs = (
        frame.select("doc", pl.col("text").str.split("\n").alias("paragraph"))
        .explode("paragraph")
        .with_columns(pl.col("paragraph").str.strip_chars())
        .filter(pl.col("paragraph").str.len_chars() > 0)
        .with_columns(pl.col("paragraph").is_first_distinct().over("doc").alias("first"))
    )
    kept = (
        paragraphs.group_by("doc", maintain_order=True)
        .agg(
            pl.col("paragraph").filter(pl.col("first")).str.join("\n").alias("body"),
            (~pl.col("first")).sum().cast(pl.Int32).alias("duplicate_paragraphs"),
            pl.col("paragraph").filter(pl.col("first")).head(3).alias("lead_paragraphs"),
        )
    )
    return frame.select("doc").join(kept, on="doc", how="left").with_columns(
        pl.col("body").fill_null(""),
        pl.col("duplicate_paragraphs").fill_null(0),
    )


def _title(lead_paragraphs: pl.Expr) -> pl.Expr:
    """A headline: a short lead paragraph that does not end like a sentence."""
    return lead_paragraphs.list.eval(
        pl.element().filter(
            (pl.element().str.len_chars() <= TITLE_MAX_CHARS)
            & ~pl.element().str.contains(rule_regex("text_title_sentence_end"))
            & ~pl.element().str.contains(rule_regex("text_title_date_line"))
        )
    ).list.first()


def article_ids(bodies: pl.Series) -> pl.Series:
    """Stable identity of an article: a hash of its normalized text (UTF-8 bytes, read once as
    binary rather than encoded row by row)."""
    digests = [hashlib.sha256(body).hexdigest()[:16] for body in bodies.cast(pl.Binary).to_list()]
    return pl.Series("article_id", digests, dtype=pl.String)


def normalize_articles(raw: pl.DataFrame) -> pl.DataFrame:
    """raw: one row per text with a `raw_text` column (any other columns pass through).

    Adds: language, body, title, duplicate_paragraphs, article_id.
    """
    text = clean_column(raw["raw_text"]).alias("text")
    frame = raw.with_row_index("doc").with_columns(text)
    frame = frame.with_columns(detect_language_column(frame["text"]))
    frame = frame.with_columns(unify_column(frame["text"], frame["language"]))
    deduped = _dedupe_paragraphs(frame)
    frame = frame.join(deduped, on="doc", how="left").with_columns(
        _title(pl.col("lead_paragraphs")).alias("title")
    )
    frame = frame.with_columns(article_ids(frame["body"]))
    return frame.drop("doc", "text", "lead_paragraphs")
