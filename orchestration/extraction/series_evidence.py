"""The Ministry of Health series as evidence for reading a figure (issue 14).

The series (dbt seed `gaza_moh_daily`, in the long form of reference_dating.load_reference)
knows Gaza's running totals day by day. Two named rules use it, after every textual stage, on
figures of dated articles only (lexicon/series.yaml holds their parameters):

- `series_running_total`: a large figure equal to a running total the series published on the
  article's date or a few days before is that running total: Gaza, cumulative, the series'
  measure and group. A sentence may hide it ("the toll stood at 41,118"); the series does not.
- `small_for_a_running_total`: a Gaza figure read as a running total that is a small share of
  the series' total on its date is a window or one event ("57 bodies reached hospitals"), never
  the war's toll: a period misread as cumulative is what makes a trend plunge.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from orchestration.extraction.engine import KEEP, Choice, decide
from orchestration.extraction.lexicon import load_lexicon

GROUPS = ["all", "children", "women"]
MEASURES = ["killed", "injured"]


def _parameters() -> dict:
    return load_lexicon()["series_evidence"]


def _first_reports(series: pl.DataFrame) -> pl.DataFrame:
    """Each running total with the first day the series published it."""
    return series.group_by("metric", "victim_group", "value").agg(pl.col("report_date").min())


def _matches(figures: pl.DataFrame, series: pl.DataFrame) -> pl.DataFrame:
    """(row, metric, group) of figures equal to a total the series published on the article's
    date or shortly before (the figure's own measure first, when the value fits several)."""
    rule = _parameters()["series_running_total"]
    candidates = figures.filter(
        (pl.col("kind") == "casualty") & pl.col("published_on").is_not_null() & (pl.col("value") >= rule["min_value"])
    ).select("_row", "published_on", "value", pl.col("metric").alias("_own_metric"))
    joined = candidates.join(_first_reports(series), on="value", how="inner").filter(
        (pl.col("report_date") <= pl.col("published_on"))
        & (pl.col("report_date") >= pl.col("published_on") - pl.duration(days=rule["days_before"]))
    )
    return (
        joined.sort("_row", pl.col("metric") != pl.col("_own_metric"), pl.col("report_date"), descending=[False, False, True])
        .group_by("_row", maintain_order=True)
        .first()
        .select("_row", pl.col("metric").alias("_series_metric"), pl.col("victim_group").alias("_series_group"))
    )


def _levels(figures: pl.DataFrame, series: pl.DataFrame) -> pl.DataFrame:
    """(row, level): the series' latest running total on or before the article's date, for
    figures of its measures and groups."""
    wanted = figures.filter(
        pl.col("published_on").is_not_null() & pl.col("metric").is_in(MEASURES) & pl.col("victim_group").is_in(GROUPS)
    ).select("_row", "published_on", "metric", "victim_group").sort("published_on")
    reports = series.select(pl.col("report_date").alias("published_on"), "metric", "victim_group", pl.col("value").alias("_level"))
    return wanted.join_asof(reports.sort("published_on"), on="published_on", by=["metric", "victim_group"], strategy="backward", check_sortedness=False).select("_row", "_level")


def with_series_evidence(figures: pl.DataFrame, series: pl.DataFrame | None) -> pl.DataFrame:
    """The figures with the two rules applied (each decision named in its `__rule` column)."""
    if series is None or figures.height == 0:
        return figures
    figures = figures.with_row_index("_row")
    figures = figures.join(_matches(figures, series), on="_row", how="left").join(_levels(figures, series), on="_row", how="left")
    small = _parameters()["small_for_a_running_total"]
    matched = pl.col("_series_metric").is_not_null()
    too_small = (
        (pl.col("region") == "gaza") & (pl.col("scope") == "cumulative") & ~matched
        & (pl.col("published_on") >= _as_date(small["after"])) & (pl.col("value") < pl.col("_level") * small["max_share"])
    ).fill_null(False)
    return figures.with_columns(
        *decide("metric", [Choice("series_running_total", matched, pl.col("_series_metric"))], pl.col("metric"), KEEP),
        *decide("victim_group", [Choice("series_running_total", matched, pl.col("_series_group"))], pl.col("victim_group"), KEEP),
        *decide("region", [Choice("series_running_total", matched, "gaza")], pl.col("region"), KEEP),
        *decide("scope", [
            Choice("series_running_total", matched, "cumulative"),
            Choice("small_for_a_running_total", too_small, "period"),
        ], pl.col("scope"), KEEP),
    ).drop("_row", "_series_metric", "_series_group", "_level")


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
