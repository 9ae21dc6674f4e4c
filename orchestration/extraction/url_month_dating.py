"""Days that a month-only URL completes.

A URL with a year and a month but no day (/2024/03/slug) is no publication date, but it says
which month the page was published in, and so completes a lead that names the day only:
- a dateline with a day and month but no year ("GAZA, May 6 (Reuters) -") takes the URL's year;
- a day "of the current month" after a weekday ("يوم الاثنين 25 من الشهر الجاري") takes the
  URL's month and year, when the weekday agrees with that day.
Both are basis `text_date`: the day is the text's, the URL fixes only the rest.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from orchestration.extraction.calendar_patterns import by_language, calendar, lookup
from orchestration.extraction.date_mentions import resolve, years_between

FIRST_OF_ANY_RANK = 10_000  # a day of the current month ranks after every full dateline


def in_url_month() -> pl.Expr:
    """A candidate date inside the month a month-only URL gives; any date when it gives none."""
    return pl.col("url_from").is_null() | pl.col("date").is_between(pl.col("url_from"), pl.col("url_to"))


def datelines_in_url_month(mentions: pl.DataFrame, window: tuple[date, date]) -> pl.DataFrame:
    """_row, _pos, date for the lead's yearless datelines whose day falls in the URL's month."""
    yearless = pl.col("year").is_null() & pl.col("weekday").is_null() & pl.col("url_from").is_not_null()
    candidates = resolve(mentions.filter(yearless), years_between(pl.col("url_from"), pl.col("url_to")))
    return candidates.filter(in_url_month() & pl.col("date").is_between(*window)).select("_row", "_pos", "date")


def _gregorian_month() -> pl.Expr:
    """The URL's month is a Gregorian one (a Solar Hijri path gives a month from the 20th or so)."""
    return (pl.col("url_from").dt.day() == 1) & (pl.col("url_to") == pl.col("url_from").dt.month_end())


def current_month_days(frame: pl.DataFrame, lead: pl.Expr, window: tuple[date, date]) -> pl.DataFrame:
    """_row, _pos, date for leads that name a day of the current month after a weekday or a
    dateline, in the Gregorian month of a month-only URL (the weekday, when named, agrees)."""
    patterns = calendar()["patterns"]
    groups = by_language(lambda lang: lead.str.extract_groups(patterns[lang]["current_month"]))
    found = (
        frame.filter(pl.col("url_from").is_not_null() & _gregorian_month())
        .select("_row", "language", "url_from", "url_to", groups.alias("_g"))
        .unnest("_g")
    )
    day = pl.coalesce(pl.col("d5").cast(pl.Int32, strict=False), lookup(pl.col("o5"), "ordinal"))
    weekday = lookup(pl.col("wd"), "weekday")
    dated = found.with_columns(
        (pl.col("url_from") + pl.duration(days=day - 1)).alias("date"), weekday.alias("weekday")
    ).filter(
        day.is_between(1, 31)
        & (pl.col("date") <= pl.col("url_to"))
        & pl.col("date").is_between(*window)
        & (pl.col("weekday").is_null() | (pl.col("date").dt.weekday() == pl.col("weekday")))
    )
    return dated.select("_row", pl.lit(FIRST_OF_ANY_RANK, dtype=pl.Int64).alias("_pos"), "date")
