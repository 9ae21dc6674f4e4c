"""Find the gazetteer's people, organisations, places and countries in sentences.

One regex per language holds every surface of lexicon/gazetteer.csv, longest first, so that
"Gaza City" beats "Gaza" and "Israel Defense Forces" beats "Israel". Word edges keep
"US" out of "USA" and "Gaza" out of "Gazan"; English is case-sensitive because "US" is a
country and "us" is not. Persian and Arabic glue affixes to names ("قطری", "والولايات المتحدة", "بالدوحة");
rules/entities_names.yaml lists them per language and the span covers the name only.

Matches and their character offsets come from word_matches.py (word edges without `\\b`);
polars' `str.find` counts bytes, which is wrong for Persian and Arabic, so offsets are
character counts throughout.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

from orchestration.extraction.lexicon import load_table
from orchestration.extraction.patterns import literal, respell
from orchestration.extraction.rules import rule, rule_regex
from orchestration.extraction.word_matches import TRAIL, word_matches

LANGUAGES = ("en", "fa", "ar")
MENTION_COLUMNS = ["article_id", "entity_id", "entity_type", "canonical_name", "surface", "char_start", "char_end"]


def _variants(surface: str, language: str) -> list[str]:
    """Spellings a surface takes in running text besides its own."""
    if language == "en" and surface[0].islower():
        return [surface[0].upper() + surface[1:]]  # "war cabinet" opening a sentence
    if language == "ar" and re.match(rule_regex("entities_article_alif"), surface):
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


def _affix(name: str, language: str) -> str:
    return respell(rule(name).data.get(language, ""), language)


@lru_cache(maxsize=None)
def mention_pattern(language: str, end: str = TRAIL) -> str:
    """Regex with groups pre / name / suf (or pre / bare for names that end in punctuation): a
    name ends at a word edge (`end`), a name ending in punctuation ("U.S.") needs none."""
    prefix, suffix = _affix("entities_name_prefixes", language), _affix("entities_name_suffixes", language)
    surfaces = surface_lookup().filter(pl.col("language") == language)["surface"].to_list()
    surfaces = sorted(set(surfaces), key=lambda s: (-len(s), s))
    words = "|".join(literal(s) for s in surfaces if s[-1].isalnum())
    dotted = "|".join(literal(s) for s in surfaces if not s[-1].isalnum()) or "[^\\s\\S]"
    suffix = f"(?:{suffix})?" if suffix else ""
    return rf"(?P<pre>{prefix})(?:(?P<name>{words})(?P<suf>{suffix}){end}|(?P<bare>{dotted}))"


def _language_mentions(sentences: pl.DataFrame, language: str) -> pl.DataFrame:
    """Mentions in sentences of one language: the sentence keys, language, surface, _offset (of
    the name in its sentence). Matches are found between word edges (word_matches), then split
    into prefix, name and suffix by the same pattern anchored on the match."""
    found = word_matches(sentences["sentence"], mention_pattern(language), "${pre}${name}${suf}${bare}")
    parts = pl.col("_match").str.extract_groups("^(?:" + mention_pattern(language, "$") + ")$")
    return (
        sentences.with_row_index("_row").join(found, on="_row", how="inner")
        .with_columns(parts.alias("_parts"))
        .with_columns(
            (pl.col("_pos") + pl.col("_parts").struct.field("pre").str.len_chars()).alias("_offset"),
            pl.coalesce(pl.col("_parts").struct.field("name"), pl.col("_parts").struct.field("bare")).alias("surface"),
        )
        .select("article_id", "sentence_id", "language", "sent_start", "surface", "_offset")
    )


def entity_mentions(sentences: pl.DataFrame) -> pl.DataFrame:
    """sentences: article_id, sentence_id, sentence, sent_start, language (en when absent).

    Returns extracted.entity_mentions: article_id, entity_id, entity_type, canonical_name,
    surface (the body's own text), char_start, char_end (offsets into the body).
    """
    language = pl.col("language").fill_null("en") if "language" in sentences.columns else pl.lit("en")
    # Persian and Arabic sentences read with their own pattern, every other one with English's.
    frame = sentences.select("article_id", "sentence_id", "sentence", "sent_start", language.alias("language"))
    frame = frame.with_columns(pl.when(pl.col("language").is_in(LANGUAGES[1:])).then("language").otherwise(pl.lit("en")).alias("_reads"))
    found = pl.concat([_language_mentions(frame.filter(pl.col("_reads") == lang), lang) for lang in LANGUAGES])
    found = found.join(surface_lookup().drop("form"), on=["language", "surface"], how="inner")
    return (
        found.with_columns((pl.col("sent_start") + pl.col("_offset")).cast(pl.Int64).alias("char_start"))
        .with_columns((pl.col("char_start") + pl.col("surface").str.len_chars()).cast(pl.Int64).alias("char_end"))
        .sort("article_id", "char_start")
        .select(MENTION_COLUMNS)
    )
