"""Language identification (en, fa, ar) with lingua, restricted to the three languages.

lingua ships its models inside the wheel, so nothing is downloaded at run time, and
restricting it to three languages keeps memory small and Dari texts land on Persian.
"""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

_CODES = {Language.ENGLISH: "en", Language.PERSIAN: "fa", Language.ARABIC: "ar"}
SAMPLE_CHARS = 1500


@lru_cache(maxsize=1)
def _detector():
    return LanguageDetectorBuilder.from_languages(*_CODES).build()


def detect_languages(texts: list[str]) -> list[str]:
    """One code per text; texts with no recognisable language default to English."""
    if not texts:
        return []
    found = _detector().detect_languages_in_parallel_of([t[:SAMPLE_CHARS] for t in texts])
    return [_CODES.get(lang, "en") if lang else "en" for lang in found]
