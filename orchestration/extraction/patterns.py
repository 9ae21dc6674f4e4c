"""Turn lexicon word lists into regular expressions (Rust regex syntax, used by polars).

Entries are regex fragments grouped by language; all languages are joined into one
alternation because their scripts do not overlap, which keeps one pass per cue list.
Arabic-script entries are re-spelled the way normalization spells their language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.normalize import _TO_ARABIC, _TO_PERSIAN

_RESPELL = {"fa": _TO_PERSIAN, "ar": _TO_ARABIC}


def respell(entry: str, language: str) -> str:
    for source, target in _RESPELL.get(language, {}).items():
        entry = entry.replace(source, target)
    return entry


def entries(by_language: dict[str, Iterable[str]]) -> list[str]:
    out = []
    for language, items in by_language.items():
        out.extend(respell(str(item), language) for item in items or [])
    # Longest first so that alternation prefers "death toll" over "death".
    return sorted(set(out), key=len, reverse=True)


def alternation(by_language: dict[str, Iterable[str]]) -> str:
    """`\\b(?:a|b|c)\\b`, case-insensitive, over every language's entries."""
    return r"(?i:\b(?:" + "|".join(entries(by_language)) + r")\b)"


@lru_cache(maxsize=None)
def cue(*path: str) -> str:
    """The alternation for a lexicon entry addressed by keys, e.g. cue('metric_cues', 'killed')."""
    node = load_lexicon()
    for key in path:
        node = node[key]
    return alternation(node)
