"""Solar Hijri (Jalali) days to Gregorian dates, for every part of dating that meets them.

Iranian and Afghan outlets date their pages, URLs and datelines in the Solar Hijri calendar
(the war runs 1402-1405). dateparser reads that calendar only with its optional `convertdate`
dependency, which is not installed here; jdatetime is, so conversion goes through it.
"""

from __future__ import annotations

from datetime import date

import jdatetime
import polars as pl

SOLAR_YEARS = (1300, 1499)  # a four-digit year in this range is Solar Hijri, not Gregorian


def solar_to_gregorian(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a Solar Hijri date; None when no such day exists (31 Esfand)."""
    try:
        return jdatetime.date(year, month, day).togregorian()
    except (ValueError, TypeError):
        return None


def with_solar_dates(
    frame: pl.DataFrame, year: str, month: str, day: str, out: str, only: pl.Expr | None = None
) -> pl.DataFrame:
    """`frame` with column `out`: the Gregorian date of the Solar Hijri (year, month, day)
    columns, null when any is null or the day does not exist. Each distinct day is converted
    once; with `only`, just the days of the rows it selects (the others get null or the date of
    an equal Solar day, for the caller to ignore)."""
    keys = frame.filter(only if only is not None else pl.lit(True))
    keys = keys.select(pl.col(year, month, day).cast(pl.Int32)).unique().drop_nulls()
    converted = keys.with_columns(
        pl.Series(out, [solar_to_gregorian(*row) for row in keys.iter_rows()], dtype=pl.Date)
    )
    return frame.with_columns(pl.col(year, month, day).cast(pl.Int32)).join(
        converted, on=[year, month, day], how="left", nulls_equal=False, maintain_order="left"
    )
