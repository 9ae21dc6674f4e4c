"""The regexes that find written dates, built once per language from the calendar's
vocabularies (lexicon/calendar.yaml: months, weekdays, ordinal days, with their values) and the
named dating rules (lexicon/rules/dating_text.yaml: header words, joiners, year marks,
relative days, datelines).

Every date pattern has the same named groups: y1 m1 d1 (year first), d2 m2 y2 (day first),
d3|o3 mw3 y3 (day month), mw4 d4 y4 (month day, English only), wd (a weekday right before the
date). Word edges are character classes (patterns.WORD_START / WORD_END) or the separators
themselves, not `\\b` (a Unicode `\\b` keeps Rust's regex off its fast path). A class edge
consumes the neighbouring character, so one stands only at the two ends of a date, never
between two of its tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import polars as pl

from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.patterns import WORD_END, WORD_START
from orchestration.extraction.rules import rule_regex

LANGUAGES = ("en", "fa", "ar")
GREGORIAN, SOLAR = "gregorian", "solar_hijri"
_NEVER = r"[^\s\S]"  # keeps a named group in a pattern where a language has no such words
_WORD_RULES = {  # the words of a pattern part, by the rule that holds them
    "day_month_joiners": "dating_day_month_joiners",
    "year_prefixes": "dating_year_prefixes",
    "year_suffixes": "dating_year_suffixes",
    "current_month": "dating_day_of_current_month",
    "evening_before": "dating_weekday_evening_before",
    "day_words": "dating_weekday_day_words",
}


def _key(word: str) -> str:
    """Lookup form of a matched word: single spaces, lower case."""
    return " ".join(word.split()).lower()


def _add(table: dict[str, Any], word: str, value: Any) -> None:
    if table.setdefault(_key(word), value) != value:
        raise ValueError(f"calendar word {word!r} has two meanings")


def _alternation(words: list[str]) -> str:
    """Regex alternation of literal words, longest first so 'سه شنبه' is tried before 'شنبه'."""
    if not words:
        return _NEVER
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


def _vocabulary(lex: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(language, kind, word, {table: value}) for every calendar word with a value."""
    out = []
    for calendar, section in ((GREGORIAN, "gregorian_months"), (SOLAR, "solar_hijri_months")):
        for lang, by_number in lex[section].items():
            for number, entries in by_number.items():
                out += [(lang, "months", w, {"month": int(number), "calendar": calendar}) for w in entries]
    for lang, by_number in lex["weekdays"].items():
        for number, entries in by_number.items():
            out += [(lang, "weekdays", w, {"weekday": int(number)}) for w in entries]
    for lang, by_word in lex["ordinal_days"].items():
        out += [(lang, "ordinals", w, {"ordinal": int(number)}) for w, number in by_word.items()]
    for offset, by_lang in lex["dating_relative_days"].items():
        for lang, entries in by_lang.items():
            out += [(lang, "relative", w, {"relative": int(offset)}) for w in entries]
    return out


@lru_cache(maxsize=1)
def calendar() -> dict[str, Any]:
    """Lookup tables (word -> number) and, per language, the regexes that use them."""
    lex = load_lexicon()
    tables: dict[str, dict[str, Any]] = {
        name: {} for name in ("month", "calendar", "weekday", "ordinal", "relative")
    }
    words: dict[str, dict[str, list[str]]] = {lang: {} for lang in LANGUAGES}
    for lang, kind, word, values in _vocabulary(lex):
        for table, value in values.items():
            _add(tables[table], word, value)
        words[lang].setdefault(kind, []).extend([word, word.upper()] if lang == "en" else [word])
    for kind, name in _WORD_RULES.items():
        for lang, entries in lex[name].items():
            words[lang][kind] = list(entries or [])
    for label, by_lang in lex["dating_weekday_other_day"].items():
        for lang, entries in by_lang.items():
            words[lang][f"other_day_{label}"] = list(entries or [])
    # A header line is metadata, written in whatever language the source's tooling uses: an
    # Arabic article may open with "date 2024-04-10". Every language's header words count.
    header_words = [w for entries in lex["dating_header_words"].values() for w in entries or []]
    for lang in LANGUAGES:
        words[lang]["date_header_words"] = header_words
    patterns = {
        lang: _patterns({kind: _alternation(w) for kind, w in words[lang].items()}, lang) for lang in LANGUAGES
    }
    needing_year = lex["dating_months_needing_year"].values()
    tables["needs_year"] = {_key(w): True for entries in needing_year for w in entries}
    return {"tables": tables, "patterns": patterns, "attack": lex["attack_day"]}


def _core(get: Callable[[str], str], lang: str) -> str:
    """A date in any of the four orders, without its leading word edge. Inside a date, word
    edges are the separators themselves (a month needs a dot or a space before its day or
    year); only a date's last token ends in a consuming WORD_END."""
    month, ordinal = get("months"), rule_regex("dating_ordinal_suffix")
    separator = f"(?:{rule_regex('dating_separator')})"

    def year(n: int, before: str) -> str:
        return (
            rf"{before}(?:(?:{get('year_prefixes')})\s+)?"
            rf"(?P<y{n}>[0-9]{{4}})(?:{get('year_suffixes')})?{WORD_END}"
        )

    after_month = rf"(?:\.{separator}?|{separator})"  # "Nov. 2023", "Nov.2023", "November, 2023"
    day_month = (
        rf"(?:(?P<d3>[0-9]{{1,2}}){ordinal}\s*|(?P<o3>{get('ordinals')})\s+)"
        rf"(?:(?:{get('day_month_joiners')})\s+)?(?P<mw3>{month})"
        rf"(?:{year(3, after_month)}|\.|{WORD_END})"
    )
    month_day = (
        rf"(?P<mw4>{month if lang == 'en' else _NEVER})(?:\.\s*|\s+)"
        rf"(?P<d4>[0-9]{{1,2}}){ordinal}(?:{year(4, separator)}|{WORD_END})"
    )
    return "(?:" + "|".join(
        [
            rf"(?P<y1>[0-9]{{4}})[-/.](?P<m1>[0-9]{{1,2}})[-/.](?P<d1>[0-9]{{1,2}}){WORD_END}",
            rf"(?P<d2>[0-9]{{1,2}})[-/.](?P<m2>[0-9]{{1,2}})[-/.](?P<y2>[0-9]{{4}}){WORD_END}",
            day_month,
            month_day,
        ]
    ) + ")"


def _patterns(alt: dict[str, str], lang: str) -> dict[str, str]:
    """The regexes of one language (named groups: see the module docstring)."""

    def get(kind: str) -> str:
        return alt.get(kind, _NEVER)

    core = _core(get, lang)
    # a weekday right before a date, apart from it by spaces or a comma
    weekday = rf"(?P<wd>(?i:{get('weekdays')}))(?:{rule_regex('dating_separator')})"
    place = rule_regex("dating_dateline_place", lang)
    dateline = rf"^(?:{rule_regex('dating_byline_bar')}|{place})?"
    header_words = get("date_header_words")
    # Before a date stands a word edge: a weekday's or a dateline's separator, the start of a
    # line, or (anywhere else) any character that is no letter or digit. There, a letter or
    # digit glued to the date is captured as `glued` and the mention dropped (date_mentions.py)
    # rather than tested by a consuming edge, so that a date right after another ("12 جنوری 23
    # جدی") is still found.
    return {
        # anywhere in a sentence; a weekday right before the date belongs to it
        "date": rf"(?:{weekday}|(?P<glued>\w??)){core}",
        # in the lead: after a weekday, or at a line start, optionally after a place dateline
        "lead": rf"(?m)(?:{weekday}|{dateline}){core}",
        "header": rf"^\s*(?i:{header_words})(?:\s+[:\-–—]?\s*|[:\-–—]\s*)(?:{weekday})?{core}",
        "weekday": rf"{WORD_START}(?i:({get('weekdays')})){WORD_END}",
        "relative": rf"{WORD_START}(?i:({get('relative')})){WORD_END}",
        **_yearless_patterns(get, core, weekday, place),
    }


def _yearless_patterns(get: Callable[[str], str], core: str, weekday: str, place: str) -> dict[str, str]:
    """The patterns of dates that leave their year or month to other evidence."""
    ordinal = rule_regex("dating_ordinal_suffix")
    cue = (
        rf"{WORD_START}(?:(?P<late>(?i:{get('evening_before')}))|(?P<other>(?i:{get('other_day_before')})))"
        rf"\s+(?:(?i:{get('day_words')})\s+)?"
    )
    return {
        # a day of the current month after a weekday or a dateline ("يوم الاثنين 25 من الشهر الجاري")
        "current_month": (
            rf"(?m)(?:{weekday}|^(?:{place})?)(?:(?P<d5>[0-9]{{1,2}}){ordinal}|(?P<o5>{get('ordinals')}))"
            rf"\s+(?i:{get('current_month')}){WORD_END}"
        ),
        # a place dateline with its date and the rest of its line ("BEIRUT, Nov 28 (Reuters) - ...")
        "dateline_rest": rf"(?m)^(?:{place}){core}(?P<rest>[^\n]*)",
        # the weekday a dateline's sentence names, with a cue before or after it
        "dateline_weekday": (
            rf"(?:{cue}|{WORD_START})(?P<wd>(?i:{get('weekdays')})){WORD_END}"
            rf"(?:\s*(?P<after>{get('other_day_after')}){WORD_END})?"
        ),
    }


def by_language(make: Callable[[str], pl.Expr]) -> pl.Expr:
    """`make(lang)` evaluated with the row's language's patterns (English when unknown)."""
    lang = pl.col("language")
    return pl.when(lang == "fa").then(make("fa")).when(lang == "ar").then(make("ar")).otherwise(make("en"))


def lookup(word: pl.Expr, table: str) -> pl.Expr:
    """The value of a matched calendar word in `table` (null when it has none)."""
    mapping = calendar()["tables"][table]
    dtype = {"calendar": pl.String, "needs_year": pl.Boolean}.get(table, pl.Int32)
    key = word.str.replace_all(r"\s+", " ").str.to_lowercase()
    return key.replace_strict(mapping, default=None, return_dtype=dtype)
