"""Turn lexicon word lists into regular expressions (Rust regex syntax, used by polars).

Entries are regex fragments grouped by language; all languages are joined into one
alternation because their scripts do not overlap, which keeps one pass per cue list.
Arabic-script entries are re-spelled the way normalization spells their language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.normalize import _TO_ARABIC, _TO_PERSIAN

_RESPELL = {"fa": _TO_PERSIAN, "ar": _TO_ARABIC}


# Arabic glues conjunctions, prepositions and the article to the front of a word ("وأصيب",
# "بالدوحة", "الشهداء")
# and endings to its back ("استشهدوا"), so Arabic entries match inside such words.
_ARABIC_PREFIX = r"(?:(?:[وف]?(?:[بلك]?ال|لل|[بلك]))|[وف])?"
_ARABIC_PREFIX_NO_AND = r"(?:[بلك]?ال|لل|[بلك])?"  # "وإصابة" after a figure starts a new clause
_ARABIC_SUFFIX = r"\p{Arabic}{0,3}"
# Persian adds an indefinite or relative "ی" to a noun ("گروگانی که", "۲۰ فلسطینی").
_PERSIAN_SUFFIX = r"(?:ی|ای|یی)?"
# Word edges as character classes rather than \\b: a Unicode \\b keeps Rust's regex from its fast
# DFA on non-ASCII text. They consume the neighbouring character, so patterns built on them
# use `[ ]*`, never `[ ]+`, next to an alternation.
WORD_START = r"(?:^|[^\w])"
WORD_END = r"(?:[^\w]|$)"
_UNWRITTEN = re.compile("[\u0640\u064b-\u065f\u0670]")  # tatweel and diacritics, as normalization drops them


_META = set("\\.^$|?*+()[]{}")


def literal(text: str) -> str:
    """`text` as a regex that matches it literally (Rust regex escapes only its metacharacters)."""
    return "".join("\\" + c if c in _META else c for c in text)


def respell(entry: str, language: str) -> str:
    entry = _UNWRITTEN.sub("", entry)
    for source, target in _RESPELL.get(language, {}).items():
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
        parts.append("(?:" + "|".join(persian) + ")" + _PERSIAN_SUFFIX)
    arabic = entries({"ar": by_language.get("ar") or []})
    if arabic:
        prefix = _ARABIC_PREFIX if conjunction else _ARABIC_PREFIX_NO_AND
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
