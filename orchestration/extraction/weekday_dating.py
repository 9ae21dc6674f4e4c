"""Years fixed by weekdays: a day and month written without a year, placed in the one year of
the war where a weekday agrees with it.

Two places in a lead carry such a weekday:
- right before the date: "روز یکشنبه ۱۲ جنوری" is a Sunday only in 2025 among the war's years,
  so it is 12 January 2025 (basis `weekday_date`);
- in the sentence a yearless wire dateline opens: "BEIRUT, Nov 28 (Reuters) - ... the ministry
  said on Thursday" (basis `text_date`: the day is the dateline's). Wire copy names the news
  day, which is the dateline's day, except in two ways the words show: "late on Friday" is the
  evening before a next-morning dateline (so the dateline is a Saturday), and a weekday that
  bounds a span or lies apart ("since Friday", "until Monday", "الجمعة الماضي") says nothing of
  the dateline's day, so it fixes no year. Only the first weekday of that first sentence is
  read; later sentences go back over earlier days.
Within the war's four years a day-month falls on four different weekdays, so a weekday fits
one year or none. A month-only URL narrows the candidates to its month (and a yearless
dateline is then read from the URL, url_month_dating.py).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from orchestration.extraction.calendar_patterns import by_language, calendar, lookup
from orchestration.extraction.date_mentions import date_mentions, names_attack_day, resolve, years_between
from orchestration.extraction.sentences import split_sentences
from orchestration.extraction.url_month_dating import in_url_month



def weekday_agrees() -> pl.Expr:
    """A candidate date on the weekday written before it, or no weekday written."""
    return pl.col("weekday").is_null() | (pl.col("date").dt.weekday() == pl.col("weekday"))


def only_fitting_year(fits: pl.DataFrame) -> pl.DataFrame:
    """_row, _pos, date: the mentions that exactly one candidate date fits."""
    return (
        fits.group_by("_row", "_pos")
        .agg(pl.col("date").unique())
        .filter(pl.col("date").list.len() == 1)
        .with_columns(pl.col("date").list.first())
    )


def weekday_dates(mentions: pl.DataFrame, window: tuple[date, date]) -> pl.DataFrame:
    """_row, _pos, date for the lead's yearless dates written right after a weekday, when
    exactly one year of `window` (and of the URL's month) puts that day-month on it."""
    start, end = window
    partial = mentions.filter(pl.col("year").is_null() & pl.col("weekday").is_not_null())
    fits = resolve(partial, years_between(start, end)).filter(
        pl.col("date").is_between(start, end) & weekday_agrees() & in_url_month()
    )
    return only_fitting_year(fits)


def _news_weekday(mentions: pl.DataFrame) -> pl.DataFrame:
    """The mentions with `weekday`: the dateline's own weekday as its first sentence names it
    (the day after a "late on" weekday); dropped when that weekday is bounded or apart."""
    patterns = calendar()["patterns"]
    sentences = split_sentences(mentions.select(pl.col("_row").alias("article_id"), pl.col("rest").alias("body")))
    first_sentence = sentences.filter(pl.col("sentence_id") == 0).select(
        pl.col("article_id").alias("_row"), pl.col("sentence").alias("_first_sentence")
    )
    groups = by_language(lambda lang: pl.col("_first_sentence").str.extract_groups(patterns[lang]["dateline_weekday"]))
    named = mentions.join(first_sentence, on="_row").with_columns(groups.alias("_g")).unnest("_g")
    named_weekday = lookup(pl.col("wd"), "weekday")
    own_weekday = pl.when(pl.col("late").is_not_null()).then(named_weekday % 7 + 1).otherwise(named_weekday)
    return named.filter(
        pl.col("wd").is_not_null() & pl.col("other").is_null() & pl.col("after").is_null()
    ).with_columns(own_weekday.alias("weekday"))


def dateline_weekday_dates(frame: pl.DataFrame, lead: pl.Expr, window: tuple[date, date]) -> pl.DataFrame:
    """_row, _pos, date for leads opening with a yearless place dateline ("GAZA, Oct 4
    (Reuters) -") and no month-only URL, when the weekday its sentence names fits one year."""
    start, end = window
    mentions = date_mentions(frame, lead, "dateline_rest", ["url_from"], ("rest",)).filter(
        pl.col("year").is_null() & pl.col("weekday").is_null() & pl.col("url_from").is_null() & ~names_attack_day()
    )
    first = mentions.sort("_row", "_pos").group_by("_row", maintain_order=True).first()
    fits = resolve(_news_weekday(first), years_between(start, end)).filter(
        pl.col("date").is_between(start, end) & (pl.col("date").dt.weekday() == pl.col("weekday"))
    )
    return only_fitting_year(fits)
