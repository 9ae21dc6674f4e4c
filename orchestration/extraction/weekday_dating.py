"""Years fixed by weekdays: a day and month written without a year, placed in the one year of
the war where a weekday agrees with it.

"روز یکشنبه ۱۲ جنوری" is a Sunday only in 2025 among the war's years, so it is 12 January
2025 (basis `weekday_date`). A month-only URL narrows the candidates to its month.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from orchestration.extraction.date_mentions import resolve, years_between


def in_url_month() -> pl.Expr:
    """A candidate date inside the month a month-only URL gives; any date when it gives none."""
    return pl.col("url_from").is_null() | pl.col("date").is_between(pl.col("url_from"), pl.col("url_to"))


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
    exactly one year of `window` (and of the URL's month) puts that day-month on it.

    A weekday named later in a dateline's sentence ("DOHA, Aug 15 (Reuters) - ... on
    Thursday") is not read here: wire copy often names the day before the dateline."""
    start, end = window
    partial = mentions.filter(pl.col("year").is_null() & pl.col("weekday").is_not_null())
    fits = resolve(partial, years_between(start, end)).filter(
        pl.col("date").is_between(start, end) & weekday_agrees() & in_url_month()
    )
    return only_fitting_year(fits)
