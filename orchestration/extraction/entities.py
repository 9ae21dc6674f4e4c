"""Find the gazetteer's people, organisations, places and countries in sentences.

One regex per language holds every surface of lexicon/gazetteer.csv, longest first, so that
"Gaza City" beats "Gaza" and "Israel Defense Forces" beats "Israel". Word boundaries keep
"US" out of "USA" and "Gaza" out of "Gazan"; English is case-sensitive because "US" is a
country and "us" is not. Persian and Arabic glue affixes to names ("قطری", "والولايات المتحدة", "بالدوحة");
lexicon/entities.yaml lists them per language and the span covers the name only.

Offsets use the marker trick of sentences.py: each match is rewritten as
"<prefix>\\x00<name>\\x01<suffix>", the sentence is split on \\x00, and a name's offset is the sum of
the character lengths of the pieces before it. (polars' `str.find` counts bytes, which is wrong
for Persian and Arabic; `len_chars` counts characters.)
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from orchestration.extraction.lexicon import load_lexicon, load_table
from orchestration.extraction.patterns import literal, respell

LANGUAGES = ("en", "fa", "ar")
_START, _END = "\x00", "\x01"
MENTION_COLUMNS = ["article_id", "entity_id", "entity_type", "canonical_name", "surface", "char_start", "char_end"]


def _variants(surface: str, language: str) -> list[str]:
    """Spellings a surface takes in running text besides its own."""
    if language == "en" and surface[0].islower():
        return [surface[0].upper() + surface[1:]]  # "war cabinet" opening a sentence
    if language == "ar" and surface.startswith("ال"):
        return [surface[1:]]  # after the preposition ل the article's alif drops: "للدوحة"
    return []


@lru_cache(maxsize=1)
def gazetteer() -> pl.DataFrame:
    """The gazetteer as a frame, surfaces spelled the way normalization spells their language."""
    rows = [dict(row, surface=respell(row["surface"], row["language"])) for row in load_table("gazetteer.csv")]
    return pl.DataFrame(rows).with_columns(pl.col(c).replace("", None) for c in ("affiliation", "role", "region"))


@lru_cache(maxsize=1)
def surface_lookup() -> pl.DataFrame:
    """(language, surface) -> entity, with the running-text variants of each surface."""
    gaz = gazetteer()
    extra = [
        {**row, "surface": variant}
        for row in gaz.iter_rows(named=True)
        for variant in _variants(row["surface"], row["language"])
    ]
    both = pl.concat([gaz, pl.DataFrame(extra, schema=gaz.schema)]) if extra else gaz
    return both.select("language", "surface", "entity_id", "entity_type", "canonical_name", "form").unique(
        ["language", "surface"], keep="first", maintain_order=True
    )


@lru_cache(maxsize=None)
def mention_pattern(language: str) -> str:
    """Regex with groups pre / name / suf (or pre / bare for names that end in punctuation)."""
    affixes = load_lexicon()["entity_affixes"][language]
    prefix, suffix = respell(affixes["prefix"], language), respell(affixes["suffix"], language)
    surfaces = surface_lookup().filter(pl.col("language") == language)["surface"].to_list()
    surfaces = sorted(set(surfaces), key=lambda s: (-len(s), s))
    # A boundary can only follow a word character: "U.S." ends in a dot, so it takes no suffix.
    words = "|".join(literal(s) for s in surfaces if s[-1].isalnum())
    dotted = "|".join(literal(s) for s in surfaces if not s[-1].isalnum()) or "[^\\s\\S]"
    suffix = f"(?:{suffix})?" if suffix else ""
    return rf"\b(?P<pre>{prefix})(?:(?P<name>{words})(?P<suf>{suffix})\b|(?P<bare>{dotted}))"


def _marked(sentence: pl.Expr, language: pl.Expr) -> pl.Expr:
    replacement = f"${{pre}}{_START}${{name}}${{bare}}{_END}${{suf}}"
    expr = sentence.str.replace_all(mention_pattern("en"), replacement)
    for lang in LANGUAGES[1:]:
        marked = sentence.str.replace_all(mention_pattern(lang), replacement)
        expr = pl.when(language == lang).then(marked).otherwise(expr)
    return expr


def entity_mentions(sentences: pl.DataFrame) -> pl.DataFrame:
    """sentences: article_id, sentence_id, sentence, sent_start, language (en when absent).

    Returns extracted.entity_mentions: article_id, entity_id, entity_type, canonical_name,
    surface (the body's own text), char_start, char_end (offsets into the body).
    """
    language = pl.col("language").fill_null("en") if "language" in sentences.columns else pl.lit("en")
    keys = ["article_id", "sentence_id"]
    marked = _marked(pl.col("sentence"), language)
    pieces = (
        sentences.select(*keys, language.alias("language"), "sent_start", marked.str.split(_START).alias("piece"))
        .explode("piece")
        .with_columns(
            pl.int_range(pl.len()).over(keys).alias("_k"),
            pl.col("piece").str.replace_all(_END, "", literal=True).str.len_chars().alias("_n"),
        )
        .with_columns((pl.col("_n").cum_sum().over(keys) - pl.col("_n")).alias("_offset"))
        .filter(pl.col("_k") > 0)
        .with_columns(pl.col("piece").str.split(_END).list.first().alias("surface"))
    )
    found = pieces.join(surface_lookup().drop("form"), on=["language", "surface"], how="inner")
    return (
        found.with_columns((pl.col("sent_start") + pl.col("_offset")).cast(pl.Int64).alias("char_start"))
        .with_columns((pl.col("char_start") + pl.col("surface").str.len_chars()).cast(pl.Int64).alias("char_end"))
        .sort("article_id", "char_start")
        .select(MENTION_COLUMNS)
    )
