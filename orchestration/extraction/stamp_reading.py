"""Reading one page stamp's date string into a day.

A matched string goes to dateparser, which knows the month names of all three languages (the
Levantine and Maghreb Arabic ones through its regional locales, lexicon/page_stamps.yaml), both
numeric orders and ordinals ("22nd, November 2023"); numeric dates are read day first unless
impossible, as everywhere in this project. A date with a Solar Hijri year (1300-1499) goes to
jdatetime instead, with the month names of lexicon/calendar.yaml: dateparser's Jalali calendar
needs the optional `convertdate` package, which is not installed. Lunar Hijri dates ("27 شوال
1445 هـ") are not read (dateparser's Hijri calendar needs `hijridate`, not installed); Arabic
pages that print one print the Gregorian date beside it, and that one is read. A clock time and
a zone do not move the day: the day is the one the page prints, in its own zone.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import dateparser

from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.solar_calendar import SOLAR_YEARS, solar_to_gregorian
from orchestration.extraction.stamp_templates import read_by_shape

_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_LOCALE_DATE_ORDER": False,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}
DAY_FIRST, MONTH_FIRST = "DMY", "MDY"
_WORDS_AROUND_SLASH = re.compile(r"(?<=[^\W\d_])\s*/\s*[^\W\d_]+")  # "مايو/أيار" -> "مايو"
_SOLAR_YEAR = re.compile(r"(?<![0-9])(1[34][0-9]{2})(?![0-9])")
_SHORT_YEAR = re.compile(r"[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2}")
_WORD_RUN = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+)+")


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    lex = load_lexicon()
    solar_months = {
        word: int(number)
        for entries in lex["solar_hijri_months"].values()
        for number, words in entries.items()
        for word in words
    }
    return {
        "fillers": {w for words in lex["dating_solar_fillers"].values() for w in words},
        "solar_months": solar_months,
        "locales": {lang: [list(s) for s in sets] for lang, sets in lex["page_stamps"]["dateparser_locales"].items()},
    }


def _solar_date(text: str, year: str) -> date | None:
    """A Solar Hijri date string: numeric in either order, or a day, a month name and `year`."""
    config = _config()
    numbers = re.findall(r"[0-9]+", text)
    if len(numbers) >= 3 and numbers[0] == year:
        return solar_to_gregorian(int(numbers[0]), int(numbers[1]), int(numbers[2]))
    if len(numbers) >= 3 and numbers[2] == year:
        return solar_to_gregorian(int(numbers[2]), int(numbers[1]), int(numbers[0]))
    words = [w for w in re.findall(r"[^\W\d_]+", text) if w not in config["fillers"]]
    months = [config["solar_months"][w] for w in words if w in config["solar_months"]]
    days = [n for n in numbers if n != year]
    if months and days:
        return solar_to_gregorian(int(year), months[0], int(days[0]))
    return None


def _parse(text: str, language: str, order: str = DAY_FIRST) -> date | None:
    """The day dateparser reads, from the string's shape when an equal shape was read before
    (stamp_templates.py): the same day, without a dateparser call per string."""
    shaped = read_by_shape(text, language, order, _dateparser)
    return _dateparser(text, language, order) if shaped is False else shaped


@lru_cache(maxsize=100_000)
def _dateparser(text: str, language: str, order: str = DAY_FIRST) -> date | None:
    """dateparser with the page language's locale sets, tried in turn (offline: no network)."""
    settings = {**_DATEPARSER_SETTINGS, "DATE_ORDER": order}
    for locales in _config()["locales"].get(language, _config()["locales"]["en"]):
        try:
            parsed = dateparser.parse(text, locales=locales, settings=settings)
        except (ValueError, TypeError, OverflowError):
            parsed = None
        if parsed is not None:
            return parsed.date()
    return None


def _one_month_word(text: str) -> list[str]:
    """The string with a run of words in the month's place cut to one or two of them, each in
    turn: "16 ديسمبر كانون الأول 2023" -> "16 ديسمبر 2023", "16 كانون الأول 2023", ..."""
    run = _WORD_RUN.search(text)
    if not run:
        return []
    words = run.group(0).split()
    keep = [*words, *(" ".join(words[i : i + 2]) for i in range(len(words) - 1))]
    return [text[: run.start()] + k + text[run.end() :] for k in keep]


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=100_000)
def short_year_readings(text: str) -> tuple[date | None, date | None]:
    """(day-first, month-first) days of a numeric date with a two-digit year of this century
    ("10.07.24": 10 July and 7 October 2024), None where that order is no day; (None, None)
    when `text` is no such date."""
    cleaned = _WORDS_AROUND_SLASH.sub("", text).strip()
    if not _SHORT_YEAR.fullmatch(cleaned):
        return None, None
    first, second, year = (int(n) for n in re.findall(r"[0-9]+", cleaned))
    return _day(2000 + year, second, first), _day(2000 + year, first, second)


@lru_cache(maxsize=100_000)
def read_date(text: str, language: str) -> date | None:
    """The day a date string names, or None: jdatetime for Solar Hijri years, else dateparser.
    Numeric dates with a two-digit year count only when day-first and month-first agree (one of
    them impossible, or both the same day): sites that print them are often month-first."""
    solar = _SOLAR_YEAR.search(text)
    if solar and SOLAR_YEARS[0] <= int(solar.group(1)) <= SOLAR_YEARS[1]:
        return _solar_date(text, solar.group(1))
    cleaned = _WORDS_AROUND_SLASH.sub("", text)
    if _SHORT_YEAR.fullmatch(cleaned.strip()):
        readings = {_parse(cleaned, language, DAY_FIRST), _parse(cleaned, language, MONTH_FIRST)}
        return readings.pop() if len(readings) == 1 else None
    parsed = _parse(cleaned, language)
    for variant in _one_month_word(cleaned) if parsed is None else []:
        parsed = _parse(variant, language)
        if parsed is not None:
            break
    return parsed
