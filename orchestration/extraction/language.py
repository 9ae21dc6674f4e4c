"""Language identification (en, fa, ar): the letters when they settle it, lingua otherwise.

lingua ships its models inside the wheel, so nothing is downloaded at run time, and
restricting it to three languages keeps memory small and Dari texts land on Persian.

Only texts with Arabic-script letters can be anything but English. Among en, fa and ar, lingua
filters the candidates by the alphabets of a text's words: with no Arabic-script letter
(`\\p{Arabic}`, the Unicode script lingua's Arabic alphabet is), Persian and Arabic are out, and
lingua answers English or nothing, both `en` here. Skipping it there is the same answer at no cost.

Between Persian and Arabic, letters that only one of them writes settle most texts (rule
text_language_letters): several of peh, tcheh, jeh, gaf and no teh marbuta is Persian; several
teh marbuta and none of the Persian letters or spellings is Arabic. Only a sample that is almost
all Arabic script counts as clear-cut; any other (mixed scripts, a Persian text quoting Arabic,
too few letters) goes to lingua. lingua spends ~2 ms on each 1,500-character sample, which was
nine tenths of normalizing; tests/unit/test_normalize.py checks both shortcuts against lingua.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future

import polars as pl
from lingua import Language, LanguageDetectorBuilder

from orchestration.extraction.rules import rule_regex

_CODES = {Language.ENGLISH: "en", Language.PERSIAN: "fa", Language.ARABIC: "ar"}
SAMPLE_CHARS = 1500
ARABIC_SCRIPT = r"\p{Arabic}"
LATIN_SCRIPT = r"\p{Latin}"
# A clear-cut sample: at least this many letters of its language and none of the other's...
MIN_MARKERS = 3
# ...in a sample with fewer than one Latin letter in this many characters.
MIN_SCRIPT_RATIO = 20


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


def letter_language(sample: pl.Expr) -> pl.Expr:
    """`en` for a sample with no Arabic-script character, `fa` or `ar` where its letters settle
    it, null where lingua has to decide."""
    def count(label: str) -> pl.Expr:
        return sample.str.count_matches(rule_regex("text_language_letters", label))

    clear = sample.str.count_matches(LATIN_SCRIPT) * MIN_SCRIPT_RATIO < sample.str.len_chars()
    persian, arabic = count("persian_letters"), count("arabic_letters")
    return (
        pl.when(~sample.str.contains(ARABIC_SCRIPT)).then(pl.lit("en"))
        .when(clear & (persian >= MIN_MARKERS) & (arabic == 0)).then(pl.lit("fa"))
        .when(clear & (arabic >= MIN_MARKERS) & (persian == 0) & (count("persian_spelling") == 0)).then(pl.lit("ar"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


def detect_language_column(texts: pl.Series) -> pl.Series:
    """One code per text (en, fa, ar); texts with no recognisable language default to English."""
    decided = pl.DataFrame({"text": texts}, schema={"text": pl.String}).select(
        letter_language(pl.col("text").fill_null("").str.slice(0, SAMPLE_CHARS)).alias("language")
    )["language"]
    open_rows = decided.is_null().arg_true()
    if open_rows.len():
        answers = lingua_languages(texts.gather(open_rows).fill_null("").to_list())
        decided = decided.scatter(open_rows, pl.Series(answers, dtype=pl.String))
    return decided.alias("language")


def detect_languages(texts: list[str]) -> list[str]:
    """detect_language_column for a list of texts."""
    if not texts:
        return []
    return detect_language_column(pl.Series(texts, dtype=pl.String)).to_list()
