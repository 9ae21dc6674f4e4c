"""Days and months read from article URLs: every shape the lexicon knows, and the URLs that
must give no date (impossible days, ambiguous compact digits, years outside the window,
article numbers, host names)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from orchestration.extraction.url_dates import url_columns, url_dates


def _read(url: str | None) -> tuple[date | None, date | None, date | None]:
    frame = pl.DataFrame({"url": [url]}, schema={"url": pl.String})
    return url_dates(frame).select(url_columns()).row(0)


@pytest.mark.parametrize(
    ("url", "want"),
    [
        # path segments
        ("https://www.example.com/world/2024/05/06/gaza-talks/", date(2024, 5, 6)),
        ("https://example.com/news/2024/05/06", date(2024, 5, 6)),
        ("https://m.example.com/story/2024/5/6/slug/6567461", date(2024, 5, 6)),
        ("https://example.com/2024/05/06.html", date(2024, 5, 6)),
        ("https://example.com/2024-05-06/gaza-talks", date(2024, 5, 6)),
        ("https://example.com/live/2024_05_06.html", date(2024, 5, 6)),
        ("https://example.com/20240506/gaza-talks", date(2024, 5, 6)),
        # compact digits in a slug or file name
        ("https://example.com/news/gaza-ceasefire-20240506-hostages", date(2024, 5, 6)),
        ("https://example.com/news/gaza_20240506.html", date(2024, 5, 6)),
        ("https://example.com/news/talks-resume-2024-05-06-doha", date(2024, 5, 6)),
        # query parameters
        ("https://example.com/article?date=2024-05-06", date(2024, 5, 6)),
        ("https://example.com/article?id=77&d=20240506", date(2024, 5, 6)),
        ("https://example.com/article?section=world&published=2024/05/06&page=2", date(2024, 5, 6)),
        # day first / month first, when the other reading is impossible
        ("https://example.com/news/25052024/gaza", date(2024, 5, 25)),
        ("https://example.com/news/05252024/gaza", date(2024, 5, 25)),
        ("https://example.com/news/gaza-13012025", date(2025, 1, 13)),
        # both readings the same day
        ("https://example.com/news/05052024/gaza", date(2024, 5, 5)),
        # Solar Hijri paths of Iranian agencies (17 Ordibehesht 1403)
        ("https://www.example.ir/fa/news/1403/02/17/3075123/title", date(2024, 5, 6)),
        # the war's first month and the end of the window
        ("https://example.com/2023/10/07/attack", date(2023, 10, 7)),
        ("https://example.com/2029/12/31/retrospective", date(2029, 12, 31)),
        # a path day is trusted before a query day
        ("https://example.com/2024/05/06/slug?date=2024-05-09", date(2024, 5, 6)),
    ],
)
def test_day_from_url(url, want):
    assert _read(url) == (want, None, None)


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://example.com/news/gaza-talks",
        # ambiguous: 6 May or 5 June
        "https://example.com/news/06052024/gaza",
        "https://example.com/news/gaza-11122023",
        # impossible days (and no month either)
        "https://example.com/2024/13/40/slug",
        "https://example.com/news/20241340/gaza",
        # outside the window: an earlier Gaza war, a far future, an article number
        "https://example.com/2021/05/12/old-war",
        "https://example.com/2031/01/05/slug",
        "https://example.com/news/12345678/gaza",
        "https://www.example.ir/fa/news/1393/04/26/434635/title",
        # digits that are part of a longer number, or of the host name
        "https://example.com/fa/202311223128",
        "https://example.com/article/2024050612",
        "https://20240506.example.com/news/gaza",
        # a query parameter that is not a date
        "https://example.com/article?id=2024-05-06x",
    ],
)
def test_no_day_and_no_month(url):
    assert _read(url) == (None, None, None)


@pytest.mark.parametrize(
    ("url", "start", "end"),
    [
        ("https://example.com/2023/10/gaza-war-begins", date(2023, 10, 1), date(2023, 10, 31)),
        ("https://example.com/news/2024/2/slug", date(2024, 2, 1), date(2024, 2, 29)),
        ("https://example.com/2024/12/", date(2024, 12, 1), date(2024, 12, 31)),
        # a month with a number after it that is no day
        ("https://example.com/2024/05/1234567/slug", date(2024, 5, 1), date(2024, 5, 31)),
        # an impossible day leaves the month
        ("https://example.com/2024/05/40/slug", date(2024, 5, 1), date(2024, 5, 31)),
        ("https://example.com/2024/02/30/slug", date(2024, 2, 1), date(2024, 2, 29)),
        # a Solar Hijri month: Ordibehesht 1403 runs 20 April to 20 May 2024
        ("https://www.example.ir/fa/news/1403/02/slug", date(2024, 4, 20), date(2024, 5, 20)),
    ],
)
def test_month_only_url(url, start, end):
    assert _read(url) == (None, start, end)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/2021/05/slug",  # before the war
        "https://example.com/2024/13/slug",  # no such month
    ],
)
def test_no_month(url):
    assert _read(url) == (None, None, None)


def test_frame_without_url_column_and_rows_kept_in_order():
    frame = pl.DataFrame({"article_id": ["a", "b"]})
    out = url_dates(frame)
    assert out.columns == ["article_id", *url_columns()]
    assert out.select(url_columns()).rows() == [(None, None, None), (None, None, None)]

    frame = pl.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "url": [None, "https://e.com/2024/05/06/x", "https://e.com/2024/05/x", "https://e.com/x"],
        }
    )
    out = url_dates(frame)
    assert out["article_id"].to_list() == ["a", "b", "c", "d"]
    assert out["url_date"].to_list() == [None, date(2024, 5, 6), None, None]
    assert out["url_from"].to_list() == [None, None, date(2024, 5, 1), None]


def test_untyped_all_null_url_column():
    out = url_dates(pl.DataFrame({"url": [None, None]}))
    assert out.select(url_columns()).rows() == [(None, None, None), (None, None, None)]
