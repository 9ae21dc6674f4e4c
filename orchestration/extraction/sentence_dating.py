"""What day does a sentence's statement refer to?

The first rule that applies:
stated        a day and month the sentence states (not the attack day); without a year, the
              latest year that does not put it more than FUTURE_SLACK_DAYS after publication;
weekday       a weekday named apart from any date: the latest such day on or before
              publication (the article's own weekday is publication day itself);
relative      yesterday / today / last night / last week ... : publication + the word's offset;
article_date  publication day; unknown when that is null too.

The attack day written with its year or without one ("since October 7", "هفتم اکتوبر",
"السابع من أكتوبر", "۱۵ مهر") names the attack, not the day of a statement, so it is skipped;
the price is that an undated anniversary mention ("on October 7" in an article of 8 October
2024) is skipped too.
"""

from __future__ import annotations

import polars as pl

from orchestration.extraction.calendar_patterns import SOLAR, by_language, calendar, lookup
from orchestration.extraction.date_mentions import date_mentions, first_known, first_per_row, names_attack_day, resolve

# A stated day-month without a year is put in the latest year that does not place it more
# than this many days after publication: past events mostly, but "talks resume on 20 January"
# in an article of 12 January is that coming 20 January, not last year's.
FUTURE_SLACK_DAYS = 60


def _stated(frame: pl.DataFrame) -> pl.DataFrame:
    """_row, _stated: the latest reading of the first date the sentence states."""
    pub = pl.col("published_on")
    mentions = date_mentions(frame, pl.col("sentence"), "date", ["published_on"]).filter(~names_attack_day())
    base = pub.dt.year()
    nearby_years = (
        pl.when(pl.col("calendar") == SOLAR)
        .then(pl.int_ranges(base - 623, base - 619))
        .otherwise(pl.int_ranges(base - 1, base + 2))
    )
    stated = (
        resolve(mentions, nearby_years)
        .filter(pl.col("year").is_not_null() | (pl.col("date") <= pub + pl.duration(days=FUTURE_SLACK_DAYS)))
        .group_by("_row", "_pos")
        .agg(pl.col("date").max())
    )
    return first_per_row(stated, "_stated")


def _named_weekday(lang: str) -> pl.Expr:
    """The first weekday word outside the dates ("Saturday, October 7" is part of a date)."""
    patterns = calendar()["patterns"][lang]
    without_dates = pl.col("sentence").str.replace_all(patterns["date"], " ")
    return without_dates.str.extract(patterns["weekday"], 1)


def _relative_word(lang: str) -> pl.Expr:
    return pl.col("sentence").str.extract(calendar()["patterns"][lang]["relative"], 1)


def sentence_dates(sentences: pl.DataFrame) -> pl.DataFrame:
    """sentences: article_id, sentence_id, language, sentence, published_on (Date, may be null).

    Adds sentence_date (Date) and sentence_date_basis: stated | weekday | relative |
    article_date | unknown (see the module docstring)."""
    frame = sentences.with_row_index("_row")
    pub = pl.col("published_on")
    days_back = (pub.dt.weekday() - lookup(by_language(_named_weekday), "weekday") + 7) % 7
    offset = lookup(by_language(_relative_word), "relative")
    dated = frame.join(_stated(frame), on="_row", how="left", maintain_order="left").with_columns(
        (pub - pl.duration(days=days_back)).alias("_weekday"),
        (pub + pl.duration(days=offset)).alias("_relative"),
    )
    sources = [
        ("stated", "_stated"),
        ("weekday", "_weekday"),
        ("relative", "_relative"),
        ("article_date", "published_on"),
    ]
    return dated.with_columns(first_known(sources, "sentence_date", "sentence_date_basis")).drop(
        "_row", "_stated", "_weekday", "_relative"
    )
