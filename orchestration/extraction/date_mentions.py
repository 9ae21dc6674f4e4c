"""Written dates found in text and read into days, shared by article and sentence dating.

Numeric dates are year first (2023-11-22, 1403/10/23) or day first (22/11/2023, the order of
Europe and the Middle East); month first only when day first is impossible (11/22/2023).
Years 1300-1499 are Solar Hijri (the war runs 1402-1405) and are converted with jdatetime;
Lunar Hijri years (1445-1448) are not read. A date without a year is resolved by the caller,
against the candidate years it knows (a URL's month, the war, publication).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from orchestration.extraction.calendar_patterns import GREGORIAN, SOLAR, by_language, calendar, lookup
from orchestration.extraction.solar_calendar import SOLAR_YEARS, with_solar_dates

YEAR_RANGES = {GREGORIAN: (1900, 2100), SOLAR: SOLAR_YEARS}


def _num(group: str) -> pl.Expr:
    return pl.col(group).cast(pl.Int32, strict=False)


def _read(found: pl.DataFrame, carry: list[str]) -> pl.DataFrame:
    """The matched groups read into day, month, year (null when not written), calendar and
    weekday. Day first unless that reading is impossible and month first is not (11/22/2023)."""
    us_order = (_num("d2") <= 12) & (_num("m2") > 12)
    numeric_day = pl.when(us_order).then(_num("m2")).otherwise(_num("d2"))
    numeric_month = pl.when(us_order).then(_num("d2")).otherwise(_num("m2"))
    month_word = pl.coalesce("mw3", "mw4")
    year = pl.coalesce(_num("y1"), _num("y2"), _num("y3"), _num("y4"))
    calendar_name = (
        pl.when(month_word.is_not_null())
        .then(lookup(month_word, "calendar"))
        .when(year.is_between(*YEAR_RANGES[SOLAR]))
        .then(pl.lit(SOLAR))
        .otherwise(pl.lit(GREGORIAN))
    )
    day = pl.coalesce(_num("d1"), numeric_day, _num("d3"), lookup(pl.col("o3"), "ordinal"), _num("d4"))
    weekday = lookup(pl.col("wd"), "weekday") if "wd" in found.columns else pl.lit(None, dtype=pl.Int32)
    return found.select(
        "_row",
        "_pos",
        "language",
        *carry,
        day.alias("day"),
        pl.coalesce(_num("m1"), numeric_month, lookup(month_word, "month")).alias("month"),
        year.alias("year"),
        calendar_name.alias("calendar"),
        weekday.alias("weekday"),
        lookup(month_word, "needs_year").fill_null(False).alias("_needs_year"),
    )


def date_mentions(
    frame: pl.DataFrame, text: pl.Expr, kind: str, carry: list[str], groups_kept: tuple[str, ...] = ()
) -> pl.DataFrame:
    """Every match of the `kind` date pattern in `text`, one row each in text order (`_pos`),
    read into day, month, year (null when not written), calendar and weekday (and the
    pattern's `groups_kept`, as matched)."""
    patterns = calendar()["patterns"]
    matches = by_language(lambda lang: text.str.extract_all(patterns[lang][kind]))
    groups = by_language(lambda lang: pl.col("match").str.extract_groups(patterns[lang][kind]))
    found = (
        frame.select("_row", "language", *carry, matches.alias("match"))
        .explode("match")
        .drop_nulls("match")
        .with_columns(pl.int_range(pl.len()).over("_row").alias("_pos"), groups.alias("_g"))
        .unnest("_g")
    )
    if "glued" in found.columns:  # a letter or digit right before the date: part of another word
        found = found.filter(pl.col("glued").is_null() | (pl.col("glued") == ""))
    read = _read(found, [*carry, *groups_kept])
    year_ok = pl.lit(False)
    for name, (low, high) in YEAR_RANGES.items():
        year_ok = year_ok | ((pl.col("calendar") == name) & pl.col("year").is_between(low, high))
    without_year_ok = pl.col("year").is_null() & ~pl.col("_needs_year")
    return read.filter(
        pl.col("day").is_between(1, 31) & pl.col("month").is_between(1, 12) & (year_ok | without_year_ok)
    ).drop("_needs_year")


def names_attack_day() -> pl.Expr:
    """The attack's day and month, with its year or none: a reference to the attack."""
    named = pl.lit(False)
    for calendar_name, day in calendar()["attack"].items():
        named = named | (
            (pl.col("calendar") == calendar_name)
            & (pl.col("month") == day["month"])
            & (pl.col("day") == day["day"])
            & (pl.col("year").is_null() | (pl.col("year") == day["year"]))
        )
    return named


def resolve(mentions: pl.DataFrame, candidate_years: pl.Expr) -> pl.DataFrame:
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


def years_between(start: pl.Expr | date, end: pl.Expr | date) -> pl.Expr:
    """Candidate years, in each calendar, for a day-month inside [start, end]."""
    if isinstance(start, date):
        start, end = pl.lit(start), pl.lit(end)
    first, last = start.dt.year(), end.dt.year()
    greg = pl.int_ranges(first, last + 1)
    solar = pl.int_ranges(first - 622, last - 621 + 1)
    return pl.when(pl.col("calendar") == SOLAR).then(solar).otherwise(greg)


def first_per_row(candidates: pl.DataFrame, name: str) -> pl.DataFrame:
    """The first (in text order) date per row, as column `name`."""
    return candidates.sort("_row", "_pos").group_by("_row").agg(pl.col("date").first().alias(name))


def first_known(sources: list[tuple[str, str]], value: str, basis: str) -> list[pl.Expr]:
    """`value`: the first non-null of the (basis name, column) sources; `basis`: its name."""
    named = pl.lit("unknown")
    for name, column in reversed(sources):
        named = pl.when(pl.col(column).is_not_null()).then(pl.lit(name)).otherwise(named)
    return [pl.coalesce([column for _, column in sources]).alias(value), named.alias(basis)]
