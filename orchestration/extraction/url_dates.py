"""Publication days, or months, read from article URLs.

Most news sites build the URL when the story is first published, so a day in it is the
publication day in the site's own calendar: a path (/2024/05/06/), compact digits in the
path, a slug or a query (/20240506/, -20240506-, ?d=20240506) or a dashed date
(/2024-05-06/, ?date=2024-05-06). The shapes are the named rules `dating_url_day` and `dating_url_month`
(lexicon/rules/dating_url.yaml).

Reading rules:
- Eight compact digits are year first when that is a real day. Otherwise they are day first
  or month first only when exactly one of the two is a real day: 25052024 is 25 May, but
  06052024 (6 May or 5 June?) gives no date.
- Years 1300-1499 are Solar Hijri (Iranian agencies put /1403/02/17/ in their paths).
- A day counts only between PLAUSIBLE_FROM and PLAUSIBLE_TO. The window starts with the
  war's first month and runs three years past the end of the war window used for facts,
  because retrospectives, inquiries and anniversary pieces keep reporting the war's tolls
  after it; outside it, eight digits are far more often an article number than a date, and an
  archive path from an earlier Gaza war (/2021/05/12/) is not a date of this one.
- A month without a day (/2023/10/slug) is no publication date, but it bounds one:
  `url_from`..`url_to` (the month's first and last day) narrows weekday and reference-series
  dating in dating.py and reference_dating.py.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import polars as pl

from orchestration.extraction.rules import rule, rule_regex
from orchestration.extraction.solar_calendar import SOLAR_YEARS, with_solar_dates

PLAUSIBLE_FROM = date(2023, 10, 1)
PLAUSIBLE_TO = date(2029, 12, 31)
_SCHEME_AND_HOST = r"^[A-Za-z][A-Za-z0-9+.\-]*://[^/?#]*"
_DATE_COLUMNS = ("url_date", "url_from", "url_to")


@lru_cache(maxsize=1)
def _patterns() -> tuple[list[str], list[str]]:
    """The day patterns in the order they are tried, and the month-only pattern."""
    day = rule("dating_url_day")
    return [day.regex(label) for label in day.labels], [rule_regex("dating_url_month")]


def _path(frame: pl.DataFrame) -> pl.Expr:
    """The URL after its scheme and host (a host name's digits are never a date); null when
    the frame has no `url` column."""
    if "url" not in frame.columns:
        return pl.lit(None, dtype=pl.String)
    return pl.col("url").cast(pl.String).str.replace(_SCHEME_AND_HOST, "")  # an all-null column may come untyped


def _int(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.Int32, strict=False)


def _readings(paths: pl.DataFrame, pattern: str, rank: int) -> pl.DataFrame:
    """Every (year, month, day) reading of `pattern`'s match per row: one for y/m/d groups,
    three for eight compact digits (order 0 year first, order 1 day first or month first)."""
    found = paths.select("_url_row", pl.col("_path").str.extract_groups(pattern).alias("_g")).unnest("_g")
    if "digits" in found.columns:
        digits = pl.col("digits")

        def part(offset: int, length: int) -> pl.Expr:
            return _int(digits.str.slice(offset, length))

        orders = [
            (0, part(0, 4), part(4, 2), part(6, 2)),  # 20240506
            (1, part(4, 4), part(2, 2), part(0, 2)),  # 25052024, day first
            (1, part(4, 4), part(0, 2), part(2, 2)),  # 05252024, month first
        ]
    else:
        orders = [(0, _int(pl.col("y")), _int(pl.col("m")), _int(pl.col("d")))]
    return pl.concat(
        [
            found.select(
                "_url_row", pl.lit(rank).alias("_rank"), pl.lit(order).alias("_order"),
                y.alias("y"), m.alias("m"), d.alias("d"),
            )
            for order, y, m, d in orders
        ]
    ).drop_nulls(["y", "m", "d"])


def _as_dates(readings: pl.DataFrame, out: str) -> pl.DataFrame:
    """`readings` with `out`: the Gregorian date of (y, m, d), Solar Hijri for years 1300-1499;
    null when no such day."""
    solar = readings.filter(pl.col("y").is_between(*SOLAR_YEARS))
    gregorian = readings.filter(~pl.col("y").is_between(*SOLAR_YEARS)).with_columns(
        pl.format("{}-{}-{}", "y", "m", "d").str.to_date("%Y-%m-%d", strict=False).alias(out)
    )
    return pl.concat([gregorian, with_solar_dates(solar, "y", "m", "d", out)], how="diagonal_relaxed")


def _day_from_url(paths: pl.DataFrame) -> pl.DataFrame:
    """_row, url_date: the first pattern (in lexicon order) that gives one plausible day."""
    days, _ = _patterns()
    readings = pl.concat([_readings(paths, pattern, rank) for rank, pattern in enumerate(days)])
    dated = _as_dates(readings, "url_date").filter(pl.col("url_date").is_between(PLAUSIBLE_FROM, PLAUSIBLE_TO))
    # Year first wins; otherwise the day-first and month-first readings must agree on one day.
    per_match = (
        dated.group_by("_url_row", "_rank")
        .agg(
            pl.col("url_date").filter(pl.col("_order") == 0).first().alias("_year_first"),
            pl.col("url_date").filter(pl.col("_order") == 1).unique().alias("_other"),
        )
        .with_columns(
            pl.coalesce(
                "_year_first",
                pl.when(pl.col("_other").list.len() == 1).then(pl.col("_other").list.first()),
            ).alias("url_date")
        )
        .drop_nulls("url_date")
    )
    return per_match.sort("_url_row", "_rank").group_by("_url_row").agg(pl.col("url_date").first())


def _month_from_url(paths: pl.DataFrame) -> pl.DataFrame:
    """_row, url_from, url_to: the first and last day of a month-only path."""
    _, months = _patterns()
    found = pl.concat(
        [
            paths.select("_url_row", pl.col("_path").str.extract_groups(p).alias("_g"))
            .unnest("_g")
            .select("_url_row", pl.lit(rank).alias("_rank"), _int(pl.col("y")).alias("y"), _int(pl.col("m")).alias("m"))
            for rank, p in enumerate(months)
        ]
    ).filter(pl.col("m").is_between(1, 12))
    next_month = found.with_columns(
        pl.when(pl.col("m") == 12).then(pl.col("y") + 1).otherwise(pl.col("y")).alias("y"),
        (pl.col("m") % 12 + 1).alias("m"),
    )
    first = _as_dates(found.with_columns(pl.lit(1).alias("d")), "url_from")
    after = _as_dates(next_month.with_columns(pl.lit(1).alias("d")), "_next")
    bounds = first.join(after.select("_url_row", "_rank", "_next"), on=["_url_row", "_rank"]).with_columns(
        (pl.col("_next") - pl.duration(days=1)).alias("url_to")
    )
    plausible = (pl.col("url_to") >= PLAUSIBLE_FROM) & (pl.col("url_from") <= PLAUSIBLE_TO)
    return (
        bounds.filter(plausible)
        .sort("_url_row", "_rank")
        .group_by("_url_row")
        .agg(pl.col("url_from", "url_to").first())
    )


def url_dates(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` (with or without a nullable String `url`) plus url_date (Date: the day the URL
    gives), and url_from, url_to (Date: the month a month-only URL gives; null when the URL gives
    a day or nothing)."""
    paths = frame.select(_path(frame).alias("_path")).with_row_index("_url_row").drop_nulls("_path")
    day = _day_from_url(paths)
    month = _month_from_url(paths.join(day, on="_url_row", how="anti"))
    return (
        frame.with_row_index("_url_row")
        .join(day, on="_url_row", how="left", maintain_order="left")
        .join(month, on="_url_row", how="left", maintain_order="left")
        .drop("_url_row")
    )


def url_columns() -> tuple[str, ...]:
    """The columns `url_dates` adds."""
    return _DATE_COLUMNS
