"""Turn lexicon word lists into regular expressions (Rust regex syntax, used by polars).

Entries are regex fragments grouped by language; all languages are joined into one
alternation because their scripts do not overlap, which keeps one pass per cue list.
Arabic-script entries are re-spelled the way normalization spells their language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from orchestration.extraction.characters import letter_variants, points_of
from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.rules import rule_regex

# Word edges as character classes rather than \\b: a Unicode \\b keeps Rust's regex from its fast
# DFA on non-ASCII text. They consume the neighbouring character, so patterns built on them
# use `[ ]*`, never `[ ]+`, next to an alternation.
WORD_START = r"(?:^|[^\w])"
WORD_END = r"(?:[^\w]|$)"
# Arabic entries may end in up to three glued letters (pronouns, plural and dual endings).
_ARABIC_SUFFIX = r"\p{Arabic}{0,3}"


def _optional(name: str) -> str:
    return "(?:" + rule_regex(name) + ")?"


@lru_cache(maxsize=1)
def _unwritten() -> dict[int, None]:
    """Tatweel and diacritics, dropped from entries as normalization drops them from text."""
    return dict.fromkeys(points_of("unwritten"))


_META = set("\\.^$|?*+()[]{}")


def literal(text: str) -> str:
    """`text` as a regex that matches it literally (Rust regex escapes only its metacharacters)."""
    return "".join("\\" + c if c in _META else c for c in text)


def respell(entry: str, language: str) -> str:
    """A lexicon entry spelled the way normalization spells its language's text."""
    entry = entry.translate(_unwritten())
    for source, target in letter_variants(language).items():
        entry = entry.replace(source, target)
    return entry


def entries(by_language: dict[str, Iterable[str]]) -> list[str]:
    out = []
    for language, items in by_language.items():
        out.extend(respell(str(item), language) for item in items or [])
    # Longest first so that alternation prefers "death toll" over "death".
    return sorted(set(out), key=len, reverse=True)


def alternation(by_language: dict[str, Iterable[str]], conjunction: bool = True) -> str:
    """Case-insensitive alternation of every language's entries, as whole words
    (Arabic entries may carry attached prefixes and endings; with conjunction=False, not "و"/"ف")."""
    parts = []
    words = entries({k: v for k, v in by_language.items() if k not in ("ar", "fa")})
    if words:
        parts.append("(?:" + "|".join(words) + ")")
    persian = entries({"fa": by_language.get("fa") or []})
    if persian:
        parts.append("(?:" + "|".join(persian) + ")" + _optional("text_persian_noun_endings"))
    arabic = entries({"ar": by_language.get("ar") or []})
    if arabic:
        prefix = _optional("text_arabic_proclitics" if conjunction else "text_arabic_proclitics_without_and")
        parts.append(prefix + "(?:" + "|".join(arabic) + ")" + _ARABIC_SUFFIX)
    if not parts:
        return "(?:$^)"
    return "(?i:" + WORD_START + "(?:" + "|".join(parts) + ")" + WORD_END + ")"


def bare_alternation(by_language: dict[str, Iterable[str]]) -> str:
    """The entries without word edges, for use right after another alternation's edge."""
    return "(?i:" + "|".join(entries(by_language)) + ")"


@lru_cache(maxsize=None)
def cue(*path: str) -> str:
    """The alternation for a lexicon entry addressed by keys, e.g. cue('metric_cues', 'killed')."""
    node = load_lexicon()
    for key in path:
        node = node[key]
    return alternation(node)
