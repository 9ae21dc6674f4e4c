"""The cue lists of lexicon/negotiation.yaml as per-language regex tests over polars text.

Event cues are bounded per language (see the header of the YAML): English between word edges,
case-insensitively; Persian from a word edge on (endings glue on: "گروگانها"); Arabic at the
start of a word, after its proclitics and article (rule negotiation_arabic_cue_start), with
no end (pronouns glue on: "رفضته"). Anchored lists (text before or after a mention) are
matched as written. Word edges are character classes, not `\\b` (see patterns.py).
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import WORD_END, WORD_START, respell
from orchestration.extraction.rules import rule_regex

LANGUAGES = ("en", "fa", "ar")


def cues() -> dict:
    return load_lexicon()["negotiation_cues"]


@lru_cache(maxsize=None)
def _wrap(language: str, anchored: bool) -> tuple[str, str]:
    """What goes before and after a language's alternation of cues."""
    if anchored:
        return ("(?i:" if language == "en" else "(?:"), ")"
    if language == "en":
        return "(?i:" + WORD_START + "(?:", ")" + WORD_END + ")"
    if language == "fa":
        return WORD_START + "(?:", ")"
    return rule_regex("negotiation_arabic_cue_start") + "(?:", ")"


def matches(by_language: dict, text: pl.Expr, anchored: bool = False) -> pl.Expr:
    """True where `text` matches the cue list of its row's language (column `language`)."""
    expr = pl.lit(False)
    for lang in LANGUAGES:
        items = sorted({respell(str(e), lang) for e in (by_language.get(lang) or [])}, key=len, reverse=True)
        if items:
            before, after = _wrap(lang, anchored)
            pattern = before + "|".join(items) + after
            expr = pl.when(pl.col("language") == lang).then(text.str.contains(pattern)).otherwise(expr)
    return expr
