"""Dates of articles, and of the statements their sentences make, over polars frames.

`date_articles` answers "when was this published?" from, in order of trust:
1. metadata that came with the file (a sidecar, a feed's date, an HTML page's meta tags);
2. the URL: a day in its path, slug or query (url_dates.py);
3. the page's own furniture: a header line at the very start ("date 2023-11-22", "تاریخ:
   1403/10/23"), or a stamp near the headline: a "Published"/"Updated" line, a time stamp, a
   byline with a date, in English, Persian/Dari or Arabic (page_stamps.py); basis `header`;
4. a full date written as a dateline in the lead (`text_date`);
5. a weekday with a day and month that only one year of the war fits ("روز یکشنبه ۱۲ جنوری"
   is a Sunday only in 2025) (`weekday_date`);
else unknown (matching figures against the reference series is a later step, elsewhere). The
basis is always recorded. A date in a paragraph an older version of the page carries along
never beats the page's own stamp, since stamps rank above text dates.

A month-only URL (/2024/05/slug) gives no date but narrows two rules to its month: a weekday
date must fall in it, and a dateline with a day and month only ("GAZA, May 6 (Reuters) -")
takes its year from it (basis `text_date`: the day is the text's, the URL only fixes the year).

Why only datelines: every article about this war mentions dates of the past, the 7 October
attack above all. A date in the lead is taken as the article's date only where news prose puts
its own date: (a) at the start of a line, alone or after a short place/agency dateline that ends
in a comma or dash ("GAZA CITY, 22 November 2023 (AFP) -", "RAMALLAH, West Bank, Aug. 28, 2024 -",
"کابل، ۲۳ جدی ۱۴۰۳") or after a byline and a bar (read as a page stamp first), or (b) right
after a weekday ("on Wednesday, November 22, 2023", "روز یکشنبه ۱۲ جنوری"). A date governed by a
preposition ("since October 7, 2023", "after 15 January 2024") is in neither position. On top,
the date must be plausible (2023-10-01 .. end of the war window), agree with its weekday, and
not be the attack day itself, which is never how an article dates itself.

`sentence_dates` answers "what day does this sentence's statement refer to?": a day and month it
states; else a weekday it names (the latest such day on or before publication); else a relative
word (yesterday = publication - 1); else the article's date. The attack day written with its year
or without one ("since October 7", "هفتم اکتوبر", "السابع من أكتوبر", "۱۵ مهر") names the attack,
not the day of a statement, so it is skipped everywhere; the price is that an undated anniversary
mention ("on October 7" in an article of 8 October 2024) is skipped too. A dateline without a year
("GAZA, Nov 22 (Reuters) -") cannot fix the year alone: without a month-only URL, it leaves the
article undated.

Reading dates: numeric dates are year first (2023-11-22, 1403/10/23) or day first (22/11/2023,
the order of Europe and the Middle East); month first only when day-first is impossible
(11/22/2023). Years 1300-1499 are Solar Hijri (the war runs 1402-1405) and are converted with
jdatetime; Lunar Hijri years (1445-1448) are not read. All calendar words live in
lexicon/calendar.yaml. Page stamps are a string that is surely a date and go to dateparser
(page_stamps.py); datelines and sentence dates stay with the calendar words here, because they
must first tell a date from prose (the verb "may" from May, Dari "می", ordinals as days, a day
without a year resolved against publication), which a date-string parser does not do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import Any

import polars as pl

from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.page_stamps import stamp_dates, without_ticker_clock
from orchestration.extraction.solar_calendar import SOLAR_YEARS, with_solar_dates
from orchestration.extraction.url_dates import url_columns, url_dates

LANGUAGES = ("en", "fa", "ar")
GREGORIAN, SOLAR = "gregorian", "solar_hijri"
YEAR_RANGES = {GREGORIAN: (1900, 2100), SOLAR: SOLAR_YEARS}
PLAUSIBLE_FROM = date(2023, 10, 1)  # earliest publication date believed from a lead
LEAD_CHARS = 400  # about the first two sentences
# A stated day-month without a year is put in the latest year that does not place it more
# than this many days after publication: past events mostly, but "talks resume on 20 January"
# in an article of 12 January is that coming 20 January, not last year's.
FUTURE_SLACK_DAYS = 60

_NEVER = r"[^\s\S]"  # keeps a named group in a pattern where a language has no such words
_SEP = r"\s*[,،]?\s*"
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"


def war_window() -> tuple[date, date]:
    """First and last day a dated fact about this war can fall on."""
    return date(2023, 10, 7), date(2026, 12, 31)


# --- vocabulary and patterns, built once from calendar.yaml ------------------------------


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


@lru_cache(maxsize=1)
def _calendar() -> dict[str, Any]:
    """Lookup tables (word -> number) and, per language, the regexes that use them."""
    lex = load_lexicon()
    tables: dict[str, dict[str, Any]] = {
        name: {} for name in ("month", "calendar", "weekday", "ordinal", "relative")
    }
    words: dict[str, dict[str, list[str]]] = {lang: {} for lang in LANGUAGES}

    def collect(lang: str, kind: str, word: str, **values: Any) -> None:
        for table, value in values.items():
            _add(tables[table], word, value)
        variants = [word, word.upper()] if lang == "en" else [word]
        words[lang].setdefault(kind, []).extend(variants)

    for calendar, section in ((GREGORIAN, "gregorian_months"), (SOLAR, "solar_hijri_months")):
        for lang, by_number in lex[section].items():
            for number, entries in by_number.items():
                for w in entries:
                    collect(lang, "months", w, month=int(number), calendar=calendar)
    for lang, by_number in lex["weekdays"].items():
        for number, entries in by_number.items():
            for w in entries:
                collect(lang, "weekdays", w, weekday=int(number))
    for lang, by_word in lex["ordinal_days"].items():
        for w, number in by_word.items():
            collect(lang, "ordinals", w, ordinal=int(number))
    for offset, by_lang in lex["relative_days"].items():
        for lang, entries in by_lang.items():
            for w in entries:
                collect(lang, "relative", w, relative=int(offset))
    for kind in ("day_month_joiners", "year_prefixes", "year_suffixes"):
        for lang, entries in lex[kind].items():
            words[lang][kind] = list(entries or [])
    # A header line is metadata, written in whatever language the source's tooling uses: an
    # Arabic article may open with "date 2024-04-10". Every language's header words count.
    header_words = [w for entries in lex["date_header_words"].values() for w in entries or []]
    for lang in LANGUAGES:
        words[lang]["date_header_words"] = header_words

    patterns = {
        lang: _patterns({kind: _alternation(w) for kind, w in words[lang].items()}, lang) for lang in LANGUAGES
    }
    tables["needs_year"] = {_key(w): True for entries in lex["months_needing_year"].values() for w in entries}
    return {"tables": tables, "patterns": patterns, "attack": lex["attack_day"]}


def _patterns(alt: dict[str, str], lang: str) -> dict[str, str]:
    """The regexes of one language. Every date pattern has the same named groups:
    y1 m1 d1 (year first), d2 m2 y2 (day first), d3|o3 mw3 y3 (day month), mw4 d4 y4 (month day,
    English only), wd (a weekday right before the date)."""

    def get(kind: str) -> str:
        return alt.get(kind, _NEVER)

    month = get("months")

    def year(n: int) -> str:
        return (
            rf"(?:{_SEP}(?:(?:{get('year_prefixes')})\s+)?"
            rf"(?P<y{n}>[0-9]{{4}})(?:{get('year_suffixes')})?\b)?"
        )

    core = "|".join(
        [
            r"\b(?P<y1>[0-9]{4})[-/.](?P<m1>[0-9]{1,2})[-/.](?P<d1>[0-9]{1,2})\b",
            r"\b(?P<d2>[0-9]{1,2})[-/.](?P<m2>[0-9]{1,2})[-/.](?P<y2>[0-9]{4})\b",
            rf"(?:\b(?P<d3>[0-9]{{1,2}}){_ORDINAL_SUFFIX}|\b(?P<o3>{get('ordinals')})\b)"
            rf"\s*(?:(?:{get('day_month_joiners')})\s+)?(?P<mw3>{month})\b\.?{year(3)}",
            rf"\b(?P<mw4>{month if lang == 'en' else _NEVER})\b\.?\s*"
            rf"(?P<d4>[0-9]{{1,2}}){_ORDINAL_SUFFIX}\b{year(4)}",
        ]
    )
    weekday = rf"(?P<wd>(?i:{get('weekdays')}))\b{_SEP}"
    # A place dateline: up to four Capitalized words in English, up to three words in Persian
    # and Arabic (no letter case there), an optional "(Agency)", then a comma or dash.
    name = r"[^\s,،.:;()0-9]"
    if lang == "en":
        place = rf"\p{{Lu}}{name}*(?:\s+\p{{Lu}}{name}*){{0,3}}"
    else:
        place = rf"{name}+(?:\s+{name}+){{0,2}}"
    # The place may carry its region after a comma ("RAMALLAH, West Bank,", "KHAN YOUNIS, Gaza Strip,").
    # A web byline puts the date after the author and a bar ("By Lena Hartmann | Jan. 14, 2025").
    byline = r"(?i:by)\s[^|•·\n]{1,80}[|•·]\s*"
    dateline = rf"^(?:{byline}|{place}(?:\s*[,،]\s*{place})?(?:\s*\([^)\n]{{1,30}}\))?\s*[,،\-–—]\s*)?"
    return {
        # anywhere in a sentence; a weekday right before the date belongs to it
        "date": rf"(?:{weekday})?(?:{core})",
        # in the lead: after a weekday, or at a line start, optionally after a place dateline
        "lead": rf"(?m)(?:{weekday}|{dateline})(?:{core})",
        "header": rf"^\s*(?i:{get('date_header_words')})\b\s*[:\-–—]?\s*(?:{weekday})?(?:{core})",
        "weekday": rf"\b(?i:({get('weekdays')}))\b",
        "relative": rf"\b(?i:({get('relative')}))\b",
    }


def _by_language(make: Callable[[str], pl.Expr]) -> pl.Expr:
    """`make(lang)` evaluated with the row's language's patterns (English when unknown)."""
    lang = pl.col("language")
    return pl.when(lang == "fa").then(make("fa")).when(lang == "ar").then(make("ar")).otherwise(make("en"))


def _lookup(word: pl.Expr, table: str) -> pl.Expr:
    mapping = _calendar()["tables"][table]
    dtype = {"calendar": pl.String, "needs_year": pl.Boolean}.get(table, pl.Int32)
    key = word.str.replace_all(r"\s+", " ").str.to_lowercase()
    return key.replace_strict(mapping, default=None, return_dtype=dtype)


# --- finding and reading dates ------------------------------------------------------------


def _date_mentions(frame: pl.DataFrame, text: pl.Expr, kind: str, carry: list[str]) -> pl.DataFrame:
    """Every match of the `kind` date pattern in `text`, one row each in text order (`_pos`),
    read into day, month, year (null when not written), calendar and weekday."""
    patterns = _calendar()["patterns"]
    matches = _by_language(lambda lang: text.str.extract_all(patterns[lang][kind]))
    groups = _by_language(lambda lang: pl.col("match").str.extract_groups(patterns[lang][kind]))
    found = (
        frame.select("_row", "language", *carry, matches.alias("match"))
        .explode("match")
        .drop_nulls("match")
        .with_columns(pl.int_range(pl.len()).over("_row").alias("_pos"), groups.alias("_g"))
        .unnest("_g")
    )

    def num(group: str) -> pl.Expr:
        return pl.col(group).cast(pl.Int32, strict=False)

    # Day first unless that reading is impossible and month first is not (11/22/2023).
    us_order = (num("d2") <= 12) & (num("m2") > 12)
    numeric_day = pl.when(us_order).then(num("m2")).otherwise(num("d2"))
    numeric_month = pl.when(us_order).then(num("d2")).otherwise(num("m2"))
    month_word = pl.coalesce("mw3", "mw4")
    year = pl.coalesce(num("y1"), num("y2"), num("y3"), num("y4"))
    calendar = (
        pl.when(month_word.is_not_null())
        .then(_lookup(month_word, "calendar"))
        .when(year.is_between(*YEAR_RANGES[SOLAR]))
        .then(pl.lit(SOLAR))
        .otherwise(pl.lit(GREGORIAN))
    )
    read = found.select(
        "_row",
        "_pos",
        "language",
        *carry,
        pl.coalesce(num("d1"), numeric_day, num("d3"), _lookup(pl.col("o3"), "ordinal"), num("d4")).alias("day"),
        pl.coalesce(num("m1"), numeric_month, _lookup(month_word, "month")).alias("month"),
        year.alias("year"),
        calendar.alias("calendar"),
        _lookup(pl.col("wd"), "weekday").alias("weekday"),
        _lookup(month_word, "needs_year").fill_null(False).alias("_needs_year"),
    )
    year_ok = pl.lit(False)
    for name, (low, high) in YEAR_RANGES.items():
        year_ok = year_ok | ((pl.col("calendar") == name) & pl.col("year").is_between(low, high))
    without_year_ok = pl.col("year").is_null() & ~pl.col("_needs_year")
    return read.filter(
        pl.col("day").is_between(1, 31) & pl.col("month").is_between(1, 12) & (year_ok | without_year_ok)
    ).drop("_needs_year")


def _names_attack_day() -> pl.Expr:
    """The attack's day and month, with its year or none: a reference to the attack."""
    named = pl.lit(False)
    for calendar, day in _calendar()["attack"].items():
        named = named | (
            (pl.col("calendar") == calendar)
            & (pl.col("month") == day["month"])
            & (pl.col("day") == day["day"])
            & (pl.col("year").is_null() | (pl.col("year") == day["year"]))
        )
    return named


def _resolve(mentions: pl.DataFrame, candidate_years: pl.Expr) -> pl.DataFrame:
    """One row per (mention, year): the written year, else each of `candidate_years` (a list
    expression in the mention's own calendar), with the Gregorian `date` (null if no such day)."""
    years = pl.when(pl.col("year").is_not_null()).then(pl.concat_list(pl.col("year"))).otherwise(candidate_years)
    rows = mentions.with_columns(years.alias("_year")).explode("_year").drop_nulls("_year")
    gregorian = pl.format("{}-{}-{}", "_year", "month", "day").str.to_date("%Y-%m-%d", strict=False)
    return (
        with_solar_dates(rows, "_year", "month", "day", "_solar_date", only=pl.col("calendar") == SOLAR)
        .with_columns(pl.when(pl.col("calendar") == SOLAR).then("_solar_date").otherwise(gregorian).alias("date"))
        .drop("_solar_date")
        .filter(pl.col("date").is_not_null())
    )


def _first(candidates: pl.DataFrame, name: str) -> pl.DataFrame:
    """The first (in text order) date per row, as column `name`."""
    return candidates.sort("_row", "_pos").group_by("_row").agg(pl.col("date").first().alias(name))


def _first_known(sources: list[tuple[str, str]], value: str, basis: str) -> list[pl.Expr]:
    """`value`: the first non-null of the (basis name, column) sources; `basis`: its name."""
    named = pl.lit("unknown")
    for name, column in reversed(sources):
        named = pl.when(pl.col(column).is_not_null()).then(pl.lit(name)).otherwise(named)
    return [pl.coalesce([column for _, column in sources]).alias(value), named.alias(basis)]


def _years_of(start: date, end: date) -> pl.Expr:
    """Candidate years, in each calendar, for a day-month inside [start, end]."""
    greg = pl.int_ranges(start.year, end.year + 1)
    solar = pl.int_ranges(start.year - 622, end.year - 621 + 1)
    return pl.when(pl.col("calendar") == SOLAR).then(solar).otherwise(greg)


# --- the API ------------------------------------------------------------------------------


def _in_url_month() -> pl.Expr:
    """A candidate date inside the month a month-only URL gives; any date when it gives none."""
    return pl.col("url_from").is_null() | pl.col("date").is_between(pl.col("url_from"), pl.col("url_to"))


def _url_month_years() -> pl.Expr:
    """Candidate years, in each calendar, for a day-month inside the URL's month."""
    start, end = pl.col("url_from").dt.year(), pl.col("url_to").dt.year()
    greg = pl.int_ranges(start, end + 1)
    solar = pl.int_ranges(start - 622, end - 621 + 1)
    return pl.when(pl.col("calendar") == SOLAR).then(solar).otherwise(greg)


def _text_dates(frame: pl.DataFrame, lead: pl.Expr) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(text dates, weekday dates) of the lead: rows _row, _pos, date."""
    war_start, war_end = war_window()
    no_years = pl.lit([], dtype=pl.List(pl.Int32))
    mentions = _date_mentions(frame, lead, "lead", ["url_from", "url_to"]).filter(~_names_attack_day())
    weekday_agrees = pl.col("weekday").is_null() | (pl.col("date").dt.weekday() == pl.col("weekday"))
    written = _resolve(mentions.filter(pl.col("year").is_not_null()), no_years).filter(
        pl.col("date").is_between(PLAUSIBLE_FROM, war_end) & weekday_agrees
    )
    # A dateline with a day and month only ("GAZA, May 6 (Reuters) -") takes its year from a
    # month-only URL, when the day falls in that month.
    in_url_month = _resolve(
        mentions.filter(pl.col("year").is_null() & pl.col("weekday").is_null() & pl.col("url_from").is_not_null()),
        _url_month_years(),
    ).filter(_in_url_month() & pl.col("date").is_between(PLAUSIBLE_FROM, war_end))
    text = pl.concat([written, in_url_month], how="diagonal_relaxed")
    # A weekday fixes the year when exactly one year of the war (or of the URL's month) puts
    # that day-month on it. A weekday named later in a dateline's sentence ("DOHA, Aug 15
    # (Reuters) - ... on Thursday") is not used: wire copy often names the day before the
    # dateline ("Oct 4 ... late on Friday"), and then another year fits.
    partial = mentions.filter(pl.col("year").is_null() & pl.col("weekday").is_not_null())
    fits = _resolve(partial, _years_of(war_start, war_end)).filter(
        pl.col("date").is_between(war_start, war_end) & weekday_agrees & _in_url_month()
    )
    weekday = (
        fits.group_by("_row", "_pos")
        .agg(pl.col("date").unique())
        .filter(pl.col("date").list.len() == 1)
        .with_columns(pl.col("date").list.first())
    )
    return text, weekday


def date_articles(articles: pl.DataFrame) -> pl.DataFrame:
    """articles: article_id, language, body, optionally metadata_date (Date) and url (String).

    Adds published_on (Date) and published_on_basis, from the first source that gives a date:
    metadata | url | header (a header line or a page stamp) | text_date | weekday_date; else
    unknown. See the module docstring for what counts as each."""
    frame = articles.with_row_index("_row")
    if "metadata_date" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Date).alias("metadata_date"))
    frame = url_dates(frame)
    lead = without_ticker_clock(pl.col("body").str.slice(0, LEAD_CHARS))
    _, war_end = war_window()
    no_years = pl.lit([], dtype=pl.List(pl.Int32))

    header_mentions = _date_mentions(frame, lead, "header", [])
    header = _resolve(header_mentions.filter(pl.col("year").is_not_null()), no_years)
    stamps = stamp_dates(frame.select("_row", "language", "body"), PLAUSIBLE_FROM, war_end)
    text, weekday = _text_dates(frame, lead)

    found = (
        frame.join(_first(header, "_header_line"), on="_row", how="left", maintain_order="left")
        .join(stamps, on="_row", how="left", maintain_order="left")
        .join(_first(text, "_text"), on="_row", how="left", maintain_order="left")
        .join(_first(weekday, "_weekday"), on="_row", how="left", maintain_order="left")
        .with_columns(pl.coalesce("_header_line", "stamp_date").alias("_header"))
    )
    sources = [
        ("metadata", "metadata_date"),
        ("url", "url_date"),
        ("header", "_header"),
        ("text_date", "_text"),
        ("weekday_date", "_weekday"),
    ]
    dated = found.with_columns(_first_known(sources, "published_on", "published_on_basis"))
    helpers = ["_row", "_header_line", "stamp_date", "_header", "_text", "_weekday", *url_columns()]
    return dated.drop(*helpers, *([] if "metadata_date" in articles.columns else ["metadata_date"]))


def sentence_dates(sentences: pl.DataFrame) -> pl.DataFrame:
    """sentences: article_id, sentence_id, language, sentence, published_on (Date, may be null).

    Adds sentence_date (Date) and sentence_date_basis, the first rule that applies:
    stated    a day and month in the sentence (not the attack day); without a year, the latest
              year that does not put it more than FUTURE_SLACK_DAYS after publication;
    weekday   a weekday named apart from any date: the latest such day on or before publication
              (the article's own weekday is publication day itself);
    relative  yesterday / today / last night / last week ... : publication + the word's offset;
    article_date  publication day; unknown when that is null too."""
    frame = sentences.with_row_index("_row")
    pub = pl.col("published_on")
    patterns = _calendar()["patterns"]

    mentions = _date_mentions(frame, pl.col("sentence"), "date", ["published_on"])
    mentions = mentions.filter(~_names_attack_day())
    base = pub.dt.year()
    nearby_years = (
        pl.when(pl.col("calendar") == SOLAR)
        .then(pl.int_ranges(base - 623, base - 619))
        .otherwise(pl.int_ranges(base - 1, base + 2))
    )
    stated = (
        _resolve(mentions, nearby_years)
        .filter(pl.col("year").is_not_null() | (pl.col("date") <= pub + pl.duration(days=FUTURE_SLACK_DAYS)))
        .group_by("_row", "_pos")
        .agg(pl.col("date").max())
    )

    # Weekday words outside the dates just read ("Saturday, October 7" is part of a date).
    def weekday_word(lang: str) -> pl.Expr:
        without_dates = pl.col("sentence").str.replace_all(patterns[lang]["date"], " ")
        return without_dates.str.extract(patterns[lang]["weekday"], 1)

    def relative_word(lang: str) -> pl.Expr:
        return pl.col("sentence").str.extract(patterns[lang]["relative"], 1)

    days_back = (pub.dt.weekday() - _lookup(_by_language(weekday_word), "weekday") + 7) % 7
    offset = _lookup(_by_language(relative_word), "relative")

    dated = frame.join(_first(stated, "_stated"), on="_row", how="left", maintain_order="left").with_columns(
        (pub - pl.duration(days=days_back)).alias("_weekday"),
        (pub + pl.duration(days=offset)).alias("_relative"),
    )
    sources = [
        ("stated", "_stated"),
        ("weekday", "_weekday"),
        ("relative", "_relative"),
        ("article_date", "published_on"),
    ]
    return dated.with_columns(_first_known(sources, "sentence_date", "sentence_date_basis")).drop(
        "_row", "_stated", "_weekday", "_relative"
    )
