"""Text normalization over a polars frame of raw article texts.

Offsets in the warehouse point into the *normalized* body, so everything that changes
lengths happens here, once, before any sentence or figure is located. The steps:
control characters removed (line and page breaks become newlines), Unicode NFKC, invisible
and bidi characters removed (ZWNJ becomes a space), Arabic
diacritics and tatweel removed, Persian and Arabic-Indic digits to ASCII, letter
variants unified per language (Persian or Arabic spelling), whitespace folded, and
repeated paragraphs dropped so a figure printed twice counts once.
"""

from __future__ import annotations

import hashlib

import polars as pl

from orchestration.extraction.language import detect_languages

# Control characters: the extractor writes U+0000 and U+0001 into text as markers, so a body
# holding them would shift offsets; the others have no place in prose. Vertical tab, form feed,
# the file/group/record separators and NEL break lines in word processors and PDF text.
_LINE_BREAKS = r"[\x0b\x0c\x1c-\x1e\x85]"
_CONTROLS = r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]"
_INVISIBLE = "[\u200b\u200d\u200e\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069\u00ad\u0640\u064b-\u065f\u0670]"
_SPACES = "[\t\u00a0\u2000-\u200a\u202f\u205f\u3000\u200c]"
_DIGITS = {
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic
    "\u066c": ",",  # Arabic thousands separator
    "\u066b": ".",  # Arabic decimal separator
    "\u066a": "%",
}
# Letter variants, written the way each language spells them.
_TO_PERSIAN = {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u06c0": "\u0647"}
_TO_ARABIC = {"\u06cc": "\u064a", "\u06a9": "\u0643"}

TITLE_MAX_CHARS = 160


def _map_chars(expr: pl.Expr, table: dict[str, str]) -> pl.Expr:
    return expr.str.replace_many(list(table.keys()), list(table.values()))


def clean_text(text: pl.Expr) -> pl.Expr:
    """Character-level clean-up that does not depend on the language."""
    text = text.str.replace_all(_LINE_BREAKS, "\n").str.replace_all(_CONTROLS, "")
    text = text.str.replace_all("\r\n?", "\n").str.normalize("NFKC")
    text = text.str.replace_all(_INVISIBLE, "").str.replace_all(_SPACES, " ")
    text = _map_chars(text, _DIGITS)
    # Arabic glues "و" (and) to a number ("و145233"): a space keeps the number a word of its own.
    text = text.str.replace_all(r"(\p{Arabic})(\d)", "$1 $2").str.replace_all(r"(\d)(\p{Arabic})", "$1 $2")
    return text.str.replace_all(" {2,}", " ")


def unify_letters(text: pl.Expr, language: pl.Expr) -> pl.Expr:
    return (
        pl.when(language == "fa")
        .then(_map_chars(text, _TO_PERSIAN))
        .when(language == "ar")
        .then(_map_chars(text, _TO_ARABIC))
        .otherwise(text)
    )


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
            & ~pl.element().str.contains(r"[.!?؟:]$")
            & ~pl.element().str.contains(r"(?i)^date\b")
        )
    ).list.first()


def article_id_expr(body: pl.Expr) -> pl.Expr:
    """Stable identity of an article: a hash of its normalized text."""
    return body.map_elements(
        lambda b: hashlib.sha256(b.encode("utf-8")).hexdigest()[:16], return_dtype=pl.String
    )


def normalize_articles(raw: pl.DataFrame) -> pl.DataFrame:
    """raw: one row per text with a `raw_text` column (any other columns pass through).

    Adds: language, body, title, duplicate_paragraphs, article_id.
    """
    frame = raw.with_row_index("doc").with_columns(clean_text(pl.col("raw_text")).alias("text"))
    frame = frame.with_columns(
        pl.Series("language", detect_languages(frame["text"].to_list()), dtype=pl.String)
    ).with_columns(unify_letters(pl.col("text"), pl.col("language")).alias("text"))
    deduped = _dedupe_paragraphs(frame)
    frame = frame.join(deduped, on="doc", how="left").with_columns(
        _title(pl.col("lead_paragraphs")).alias("title")
    )
    frame = frame.with_columns(article_id_expr(pl.col("body")).alias("article_id"))
    return frame.drop("doc", "text", "lead_paragraphs")
