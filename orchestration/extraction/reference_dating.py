"""Date an undated article by an exact match of its cumulative Gaza figures with the
Ministry of Health daily series (the dbt seed `gaza_moh_daily`).

A running total such as "64,231 killed" is published on one day only, so an exact match
pins the report date. Only reported rows count (carried-forward 'missing' rows do not),
and a value reported on several days points at the first of them. A month-only URL
(/2024/05/slug) keeps only the matches inside that month: a figure quoted again months later
(a retrospective's "the toll passed 30,000 in February") then dates nothing.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from orchestration.extraction.figures import classify_figures
from orchestration.extraction.numbers import find_numbers
from orchestration.extraction.sentences import split_sentences
from orchestration.extraction.url_dates import url_dates

_COLUMNS = {
    "killed_cum": ("killed", "all"),
    "injured_cum": ("injured", "all"),
    "children_killed_cum": ("killed", "children"),
    "women_killed_cum": ("killed", "women"),
    "famine_cum": ("starvation_deaths", "all"),
    "child_famine_cum": ("starvation_deaths", "children"),
}


def load_reference(csv_path: Path) -> pl.DataFrame:
    """The series in long form: report_date, metric, victim_group, value (first report of each value)."""
    long = load_series(csv_path)
    return long.group_by("metric", "victim_group", "value").agg(pl.col("report_date").min())


def load_series(csv_path: Path) -> pl.DataFrame:
    """The series in long form, every reported day: report_date, metric, victim_group, value."""
    wide = pl.read_csv(csv_path, try_parse_dates=True, infer_schema_length=None)
    wide = wide.filter(pl.col("report_source") != "missing")
    parts = [
        wide.select(
            pl.col("report_date").cast(pl.Date),
            pl.lit(metric).alias("metric"),
            pl.lit(group).alias("victim_group"),
            pl.col(column).cast(pl.Int64).alias("value"),
        )
        for column, (metric, group) in _COLUMNS.items()
    ]
    return pl.concat(parts).filter(pl.col("value").is_not_null()).sort("report_date")


def _in_url_month(matches: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """The matches whose report date lies in the article's month-only URL, when it has one."""
    months = url_dates(articles.select("article_id", *(["url"] if "url" in articles.columns else [])))
    return matches.join(months.select("article_id", "url_from", "url_to"), on="article_id", how="left").filter(
        pl.col("url_from").is_null() | pl.col("report_date").is_between(pl.col("url_from"), pl.col("url_to"))
    )


def dates_from_reference(articles: pl.DataFrame, reference: pl.DataFrame) -> pl.DataFrame:
    """articles: article_id, language, body, optionally url (String, nullable). Returns
    article_id, published_on for those that match (inside their URL's month, if it names one)."""
    if articles.height == 0:
        return pl.DataFrame(schema={"article_id": pl.String, "published_on": pl.Date})
    sentences = split_sentences(articles.select("article_id", "language", "body"))
    mentions = find_numbers(sentences)
    # Only an article with a number of the series can match it, so only such articles have their
    # figures classified (all their numbers: a figure is read with its neighbours; every rule
    # looks within one article). Most undated articles have none.
    candidates = mentions.filter(pl.col("value").is_in(reference["value"].unique().implode()))["article_id"].unique()
    mentions = mentions.filter(pl.col("article_id").is_in(candidates.implode()))
    if mentions.height == 0:
        return pl.DataFrame(schema={"article_id": pl.String, "published_on": pl.Date})
    figures = classify_figures(mentions).filter(
        (pl.col("kind") == "casualty") & (pl.col("region") == "gaza") & (pl.col("scope") == "cumulative")
    )
    matches = _in_url_month(figures.join(reference, on=["metric", "victim_group", "value"], how="inner"), articles)
    votes = matches.group_by("article_id", "report_date").agg(pl.len().alias("votes"))
    return (
        votes.sort(["article_id", "votes", "report_date"], descending=[False, True, False])
        .group_by("article_id", maintain_order=True)
        .first()
        .select("article_id", pl.col("report_date").alias("published_on"))
    )
