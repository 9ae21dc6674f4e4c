"""The Ministry of Health series as evidence (extraction/series_evidence.py): a figure equal to a
running total the series published lately is that total; a Gaza "running total" far below the
series is a window. Without a series or a date, nothing changes."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from orchestration.extraction import extract_facts
from orchestration.extraction.normalize import normalize_articles
from orchestration.extraction.series_evidence import with_series_evidence

SERIES = pl.DataFrame({
    "report_date": [date(2024, 8, 13), date(2024, 8, 15), date(2024, 8, 13), date(2024, 8, 15)],
    "metric": ["killed", "killed", "injured", "injured"],
    "victim_group": ["all", "all", "all", "all"],
    "value": [39_929, 40_005, 92_240, 92_401],
})


def _figure(value: int, published: date | None, **attributes) -> dict:
    row = {"kind": "casualty", "metric": "killed", "victim_group": "all", "region": "gaza", "scope": "cumulative", "value": value, "published_on": published}
    row.update(attributes)
    for column in ("metric", "victim_group", "region", "scope"):
        row[f"{column}__rule"] = "text"
    return row


def _read(*figures: dict) -> list[tuple]:
    frame = with_series_evidence(pl.DataFrame(list(figures)).with_columns(pl.col("published_on").cast(pl.Date)), SERIES)
    return frame.select("value", "metric", "victim_group", "region", "scope", "scope__rule").rows()


def test_a_figure_equal_to_a_recent_total_is_that_total():
    # Read by the text as a window of journalists in the West Bank; the series knows 40,005.
    got = _read(_figure(40_005, date(2024, 8, 17), victim_group="journalists", region="west_bank", scope="period"))
    assert got == [(40_005, "killed", "all", "gaza", "cumulative", "series_running_total")]


def test_the_series_measure_wins_where_the_text_named_another():
    assert _read(_figure(92_401, date(2024, 8, 16), metric="killed"))[0][:2] == (92_401, "injured")


@pytest.mark.parametrize("published", [date(2024, 8, 14), date(2024, 8, 23), None])
def test_no_match_before_the_report_long_after_it_or_without_a_date(published):
    assert _read(_figure(40_005, published, scope="period"))[0][-2:] == ("period", "text")


def test_small_numbers_are_never_matched_to_the_series():
    series = SERIES.vstack(pl.DataFrame({"report_date": [date(2023, 10, 8)], "metric": ["killed"], "victim_group": ["all"], "value": [370]}))
    frame = with_series_evidence(pl.DataFrame([_figure(370, date(2023, 10, 9), scope="period")]), series)
    assert frame["scope"].to_list() == ["period"]


def test_a_small_gaza_running_total_is_a_window():
    got = _read(_figure(45, date(2024, 8, 16)), _figure(7_000, date(2024, 8, 16)), _figure(20_000, date(2024, 8, 16)))
    assert [(v, s, r) for v, _, _, _, s, r in got] == [
        (45, "period", "small_for_a_running_total"),
        (7_000, "period", "small_for_a_running_total"),  # under a fifth of 40,005
        (20_000, "cumulative", "text"),
    ]


def test_other_regions_and_groups_without_a_series_keep_their_scope():
    got = _read(_figure(45, date(2024, 8, 16), region="israel"), _figure(45, date(2024, 8, 16), victim_group="journalists"))
    assert [s for *_, s, _ in got] == ["cumulative", "cumulative"]


def test_the_first_weeks_are_left_alone():
    early = pl.DataFrame({"report_date": [date(2023, 10, 20)], "metric": ["killed"], "victim_group": ["all"], "value": [4_137]})
    frame = with_series_evidence(pl.DataFrame([_figure(400, date(2023, 10, 21))]), early)
    assert frame["scope"].to_list() == ["cumulative"]


def test_extract_facts_reads_a_day_toll_against_the_series():
    text = "Gaza's health ministry said on Friday that 45 people have been killed in strikes on Khan Younis."
    articles = normalize_articles(pl.DataFrame({"raw_text": [text]})).with_columns(pl.lit(date(2024, 8, 16)).alias("published_on"))
    without = extract_facts(articles).casualty_facts
    with_series = extract_facts(articles, SERIES).casualty_facts
    assert without.select("value", "scope").rows() == [(45, "cumulative")]
    assert with_series.select("value", "scope").rows() == [(45, "period")]
