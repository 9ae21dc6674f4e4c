"""Find the gazetteer's people, organisations, places and countries in sentences.

One regex per language holds every surface of lexicon/gazetteer.csv, longest first, so that
"Gaza City" beats "Gaza" and "Israel Defense Forces" beats "Israel". Word edges keep
"US" out of "USA" and "Gaza" out of "Gazan"; English is case-sensitive because "US" is a
country and "us" is not. Persian and Arabic glue affixes to names ("قطری", "والولايات المتحدة", "بالدوحة");
rules/entities_names.yaml lists them per language and the span covers the name only.

A title names a person only through the gazetteer: a title row ("CIA director", "رئيس الموساد")
holds one holder of the office with the days held (held_from, held_until; empty: the whole war).
A title set beside a name ("CIA Director William Burns", "حسن رشاد، رئیس استخبارات مصر") is that
name's person (rules entities_title_before_name, entities_title_after_name); a bare title is the
holder on the sentence's day (else the article's); with no holder known for that day, or no day,
it names only the state or group the office belongs to (its affiliation).

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


def _title_cases(surface: str) -> list[str]:
    """An English title in running text: its later words in lower case ("Qatar's prime
    minister") or capitalized ("CIA Director"), and capitalized opening a sentence."""
    first, *rest = surface.split(" ")
    lower = [w.lower() if w[:1].isupper() and w[1:].islower() else w for w in rest]
    upper = [w[:1].upper() + w[1:] if w.islower() and len(w) > 3 else w for w in rest]
    forms = {" ".join([first, *lower]), " ".join([first, *upper])}
    forms |= {f[0].upper() + f[1:] for f in forms}
    return sorted(forms - {surface})


def _variants(surface: str, language: str, form: str = "name") -> list[str]:
    """Spellings a surface takes in running text besides its own."""
    if language == "en" and form == "title":
        return _title_cases(surface)
    if language == "en" and surface[0].islower():
        return [surface[0].upper() + surface[1:]]  # "war cabinet" opening a sentence
    if language == "ar" and re.match(rule_regex("entities_article_alif"), surface):
        return [surface[1:]]  # after the preposition ل the article's alif drops: "للدوحة"
    return []


@lru_cache(maxsize=1)
def gazetteer() -> pl.DataFrame:
    """The gazetteer as a frame, surfaces spelled the way normalization spells their language."""
    rows = [dict(row, surface=respell(row["surface"], row["language"])) for row in load_table("gazetteer.csv")]
    return pl.DataFrame(rows).with_columns(
        *[pl.col(c).replace("", None) for c in ("affiliation", "role", "region")],
        *[pl.col(c).replace("", None).str.to_date() for c in ("held_from", "held_until")],
    )


@lru_cache(maxsize=1)
def surface_lookup() -> pl.DataFrame:
    """(language, surface) -> entity, with the running-text variants of each surface."""
    gaz = gazetteer()
    extra = [
        {**row, "surface": variant}
        for row in gaz.iter_rows(named=True)
        for variant in _variants(row["surface"], row["language"], row["form"])
    ]
    both = pl.concat([gaz, pl.DataFrame(extra, schema=gaz.schema)]) if extra else gaz
    return both.select(
        "language", "surface", "entity_id", "entity_type", "canonical_name", "form", "affiliation", "held_from", "held_until"
    ).unique(["language", "surface", "entity_id", "held_from"], keep="first", maintain_order=True)


@lru_cache(maxsize=1)
def surface_forms() -> pl.DataFrame:
    """(language, surface) -> form (name, adjective, title): one row per surface."""
    return surface_lookup().select("language", "surface", "form").unique(["language", "surface"], keep="first", maintain_order=True)


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


def _day(sentences: pl.DataFrame) -> pl.Expr:
    """The day a sentence speaks of (its date, else its article's), null when undated."""
    days = [pl.col(c) for c in ("sentence_date", "published_on") if c in sentences.columns]
    return pl.coalesce(*days).cast(pl.Date) if days else pl.lit(None, dtype=pl.Date)


@lru_cache(maxsize=1)
def _office_states() -> pl.DataFrame:
    """(language, surface) of every dated title -> the state or group its office belongs to."""
    gaz = gazetteer()
    owners = gaz.select(
        pl.col("canonical_name").alias("affiliation"), pl.col("entity_id").alias("_owner_id"),
        pl.col("entity_type").alias("_owner_type"),
    ).unique("affiliation", keep="first", maintain_order=True)
    dated = surface_lookup().filter((pl.col("form") == "title") & pl.col("held_from").is_not_null())
    return dated.select("language", "surface", "affiliation").unique(["language", "surface"]).join(owners, on="affiliation")


def _holders(found: pl.DataFrame) -> pl.DataFrame:
    """Each mention with the entity it names on its day: a name its entity, a title the holder of
    the office that day, else the office's state (a title with no holder known names no one)."""
    lookup = surface_lookup().with_columns(pl.lit(0).alias("_rank"))
    states = _office_states().select(
        "language", "surface", pl.col("_owner_id").alias("entity_id"), pl.col("_owner_type").alias("entity_type"),
        pl.col("affiliation").alias("canonical_name"), pl.lit("title").alias("form"), pl.lit(1).alias("_rank"),
    )
    day = pl.col("_day")
    held = (pl.col("held_from").is_null() | (day >= pl.col("held_from")).fill_null(False)) & (
        pl.col("held_until").is_null() | (day <= pl.col("held_until")).fill_null(False)
    )
    key = ["article_id", "sentence_id", "_offset"]
    return (
        pl.concat([
            found.join(lookup.drop("affiliation"), on=["language", "surface"]).filter(held),
            found.join(states, on=["language", "surface"]),
        ], how="diagonal")
        .sort(*key, "_rank", "held_from", nulls_last=True)
        .unique(key, keep="first", maintain_order=True)
    )


def _beside_a_name(m: pl.DataFrame) -> pl.DataFrame:
    """A title right before a name ("CIA Director William Burns") or set after one ("Abbas
    Kamel, Egypt's intelligence chief") is that name's person."""
    from orchestration.extraction.negotiation_cues import matches

    by = ["article_id", "sentence_id"]
    end = pl.col("_offset") + pl.col("surface").str.len_chars()
    person = (pl.col("entity_type") == "person") & (pl.col("form") != "title")
    m = m.sort(*by, "_offset").with_columns(
        pl.col("sentence").str.slice(end, pl.col("_offset").shift(-1).over(by) - end).alias("_gap_next"),
        pl.col("sentence").str.slice(end.shift(1).over(by), pl.col("_offset") - end.shift(1).over(by)).alias("_gap_prev"),
    )
    after = (pl.col("form") == "title") & person.shift(-1).over(by).fill_null(False) & matches("entities_title_before_name", pl.col("_gap_next").fill_null("-"))
    before = (pl.col("form") == "title") & person.shift(1).over(by).fill_null(False) & matches("entities_title_after_name", pl.col("_gap_prev").fill_null("-"))
    columns = ["entity_id", "entity_type", "canonical_name"]
    return m.with_columns(
        pl.when(after).then(pl.col(c).shift(-1).over(by)).when(before).then(pl.col(c).shift(1).over(by)).otherwise(pl.col(c)).alias(c)
        for c in columns
    )


def entity_mentions(sentences: pl.DataFrame) -> pl.DataFrame:
    """sentences: article_id, sentence_id, sentence, sent_start, language (en when absent), and
    sentence_date / published_on when dated (titles need a day to name their holder).

    Returns extracted.entity_mentions: article_id, entity_id, entity_type, canonical_name,
    surface (the body's own text), char_start, char_end (offsets into the body).
    """
    language = pl.col("language").fill_null("en") if "language" in sentences.columns else pl.lit("en")
    # Persian and Arabic sentences read with their own pattern, every other one with English's.
    frame = sentences.select("article_id", "sentence_id", "sentence", "sent_start", language.alias("language"), _day(sentences).alias("_day"))
    frame = frame.with_columns(pl.when(pl.col("language").is_in(LANGUAGES[1:])).then("language").otherwise(pl.lit("en")).alias("_reads"))
    found = pl.concat([_language_mentions(frame.filter(pl.col("_reads") == lang), lang) for lang in LANGUAGES])
    found = found.join(frame.select("article_id", "sentence_id", "sentence", "_day"), on=["article_id", "sentence_id"])
    return (
        _beside_a_name(_holders(found))
        .with_columns((pl.col("sent_start") + pl.col("_offset")).cast(pl.Int64).alias("char_start"))
        .with_columns((pl.col("char_start") + pl.col("surface").str.len_chars()).cast(pl.Int64).alias("char_end"))
        .sort("article_id", "char_start")
        .select(MENTION_COLUMNS)
    )
