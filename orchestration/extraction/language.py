"""Language identification (en, fa, ar) with lingua, restricted to the three languages.

lingua ships its models inside the wheel, so nothing is downloaded at run time, and
restricting it to three languages keeps memory small and Dari texts land on Persian.

Only texts with Arabic-script letters go through lingua. Among en, fa and ar, lingua filters
the candidates by the alphabets of a text's words: with no Arabic-script letter (`\\p{Arabic}`,
the Unicode script lingua's Arabic alphabet is), Persian and Arabic are out, and lingua answers
English or nothing, both `en` here. Skipping it there is the same answer at no cost (lingua
spends ~0.4 ms on each English text and ~2 s loading the Persian and Arabic models;
tests/unit/test_normalize.py checks the shortcut against lingua).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future

import polars as pl
from lingua import Language, LanguageDetectorBuilder

_CODES = {Language.ENGLISH: "en", Language.PERSIAN: "fa", Language.ARABIC: "ar"}
SAMPLE_CHARS = 1500
ARABIC_SCRIPT = r"\p{Arabic}"


_loading: Future | None = None
_lock = threading.Lock()


def _load() -> Future:
    """The detector, built once per process on a thread of its own. Loading every model up front
    (in parallel) is faster than loading them lazily while detecting, and lingua releases the GIL
    meanwhile, so the load can overlap other work (see preload_models)."""
    global _loading
    with _lock:
        if _loading is None:
            _loading = Future()

            def build(future: Future = _loading) -> None:
                try:
                    future.set_result(LanguageDetectorBuilder.from_languages(*_CODES).with_preloaded_language_models().build())
                except BaseException as exc:  # handed to whoever waits for the detector
                    future.set_exception(exc)

            threading.Thread(target=build, name="lingua-models", daemon=True).start()
        return _loading


def preload_models(texts: pl.Series) -> None:
    """Start loading lingua's models in the background when some of these texts will need them
    (~1 s that then overlaps whatever the caller does next)."""
    if texts.str.contains(ARABIC_SCRIPT).any():
        _load()


def _detector():
    return _load().result()


def lingua_languages(texts: list[str]) -> list[str]:
    """lingua's answer for each text (its first SAMPLE_CHARS characters); `en` when it has none."""
    if not texts:
        return []
    found = _detector().detect_languages_in_parallel_of([t[:SAMPLE_CHARS] for t in texts])
    return [_CODES.get(lang, "en") if lang else "en" for lang in found]


def detect_languages(texts: list[str]) -> list[str]:
    """One code per text; texts with no recognisable language default to English."""
    if not texts:
        return []
    samples = pl.Series(texts, dtype=pl.String).str.slice(0, SAMPLE_CHARS)
    arabic = samples.str.contains(ARABIC_SCRIPT).fill_null(False).to_list()
    detected = iter(lingua_languages([t for t, a in zip(texts, arabic) if a]))
    return [next(detected) if a else "en" for a in arabic]
