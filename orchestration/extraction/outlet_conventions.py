"""The numeric date order an outlet prints, learned from its own pages in the same batch.

A stamp with a two-digit year ("10.07.24, 06:00") can be read day first (10 July 2024) or
month first (7 October 2024). Alone it is left unread (stamp_reading.py). But an outlet's
software prints every page the same way, and some of its pages settle the order: "11.25.23"
can only be month first, "25.11.23" only day first. When the pages of one outlet in the batch
settle it one way and none the other way, its ambiguous stamps are read that way.

The outlet is the article's `source` (given, or the URL's domain) when known, else its
masthead: the page's first line, when it is short and holds no digit ("ynetnews"). A reading
counts only inside the plausible window, so a year outside the war settles nothing either.

The order is learned from the articles dated together (one ingest run): an ambiguous stamp
whose outlet shows no settling page in its run stays unread.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from orchestration.extraction.stamp_reading import DAY_FIRST, MONTH_FIRST, short_year_readings

MASTHEAD_MAX_CHARS = 40


def outlets(frame: pl.DataFrame) -> pl.DataFrame:
    """_row, _outlet: the source when known, else the masthead line (null when neither)."""
    first_line = pl.col("body").str.strip_chars_start().str.extract(r"^([^\n]*)", 1).str.strip_chars()
    masthead = pl.when(
        (first_line.str.len_chars() <= MASTHEAD_MAX_CHARS) & ~first_line.str.contains("[0-9]") & (first_line != "")
    ).then(first_line.str.to_lowercase())
    source = pl.col("source").str.to_lowercase() if "source" in frame.columns else pl.lit(None, dtype=pl.String)
    return frame.select("_row", pl.coalesce(source, masthead).alias("_outlet"))


def _readings(strings: pl.DataFrame, window: tuple[date, date]) -> pl.DataFrame:
    """_string, language, and the day-first and month-first readings inside `window`."""
    distinct = strings.select("_string", "language").unique()
    pairs = [short_year_readings(text) for text, _ in distinct.iter_rows()]
    read = distinct.with_columns(
        pl.Series(DAY_FIRST, [p[0] for p in pairs], dtype=pl.Date),
        pl.Series(MONTH_FIRST, [p[1] for p in pairs], dtype=pl.Date),
    )
    return read.with_columns(
        pl.when(pl.col(order).is_between(*window)).then(pl.col(order)).alias(order) for order in (DAY_FIRST, MONTH_FIRST)
    )


def with_outlet_orders(strings: pl.DataFrame, outlet: pl.DataFrame, window: tuple[date, date]) -> pl.DataFrame:
    """`strings` (_row, _string, language, stamp_date) with stamp_date filled for two-digit-year
    stamps that both orders read, where the row's outlet settles the order."""
    read = strings.join(_readings(strings, window), on=["_string", "language"], how="left", nulls_equal=True)
    read = read.join(outlet, on="_row", how="left")
    both = pl.col(DAY_FIRST).is_not_null() & pl.col(MONTH_FIRST).is_not_null()
    settled = (
        pl.when(pl.col(DAY_FIRST).is_not_null() & pl.col(MONTH_FIRST).is_null()).then(pl.lit(DAY_FIRST))
        .when(pl.col(MONTH_FIRST).is_not_null() & pl.col(DAY_FIRST).is_null()).then(pl.lit(MONTH_FIRST))
    )
    conventions = (
        read.filter(pl.col("_outlet").is_not_null())
        .group_by("_outlet")
        .agg(settled.drop_nulls().unique().alias("_orders"))
        .filter(pl.col("_orders").list.len() == 1)
        .select("_outlet", pl.col("_orders").list.first().alias("_order"))
    )
    by_convention = (
        pl.when(pl.col("_order") == DAY_FIRST).then(pl.col(DAY_FIRST))
        .when(pl.col("_order") == MONTH_FIRST).then(pl.col(MONTH_FIRST))
    )
    filled = pl.coalesce("stamp_date", pl.when(both & (pl.col(DAY_FIRST) != pl.col(MONTH_FIRST))).then(by_convention))
    return (
        read.join(conventions, on="_outlet", how="left")
        .with_columns(filled.alias("stamp_date"))
        .drop(DAY_FIRST, MONTH_FIRST, "_outlet", "_order")
    )
