"""Dates of articles over polars frames (the dates of sentences are in sentence_dating.py).

`date_articles` answers "when was this published?" from, in order of trust:
1. metadata that came with the file (a sidecar, a feed's date, an HTML page's meta tags);
2. the URL: a day in its path, slug or query (url_dates.py);
3. the page's own furniture: a header line at the very start ("date 2023-11-22", "تاریخ:
   1403/10/23"), or a stamp near the headline: a "Published"/"Updated" line, a time stamp, a
   byline with a date, in English, Persian/Dari or Arabic (page_stamps.py); basis `header`;
4. the lead's own date (`text_date`): a full date written as a dateline; a dateline with a day
   and month only, whose year a month-only URL or the weekday of its sentence fixes ("BEIRUT,
   Nov 28 (Reuters) - ... said on Thursday", weekday_dating.py); a day "of the current month"
   in the month of a month-only URL ("يوم الاثنين 25 من الشهر الجاري", url_month_dating.py);
5. a weekday with a day and month that only one year of the war fits ("روز یکشنبه ۱۲ جنوری"
   is a Sunday only in 2025) (`weekday_date`, weekday_dating.py);
else unknown (matching figures against the reference series is a later step, elsewhere). The
basis is always recorded. A date in a paragraph an older version of the page carries along
never beats the page's own stamp, since stamps rank above text dates.

Why only datelines: every article about this war mentions dates of the past, the 7 October
attack above all. A date in the lead is taken as the article's date only where news prose puts
its own date: (a) at the start of a line, alone or after a short place/agency dateline that ends
in a comma or dash ("GAZA CITY, 22 November 2023 (AFP) -", "RAMALLAH, West Bank, Aug. 28, 2024 -",
"کابل، ۲۳ جدی ۱۴۰۳") or after a byline and a bar (read as a page stamp first), or (b) right
after a weekday ("on Wednesday, November 22, 2023", "روز یکشنبه ۱۲ جنوری"). A date governed by a
preposition ("since October 7, 2023", "after 15 January 2024") is in neither position. On top,
the date must be plausible (2023-10-01 .. end of the war window), agree with its weekday, and
not be the attack day itself, which is never how an article dates itself. A dateline without a
year ("GAZA, Nov 22 (Reuters) -") cannot fix the year alone: without a month-only URL or a
weekday in its sentence, it leaves the article undated.

Page stamps are a string that is surely a date and go to dateparser (page_stamps.py);
datelines stay with the calendar words (calendar_patterns.py), because they must first tell a
date from prose (the verb "may" from May, Dari "می", ordinals as days, a day without a year),
which a date-string parser does not do.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from orchestration.extraction.calendar_patterns import by_language as _by_language  # noqa: F401 (benchmarks)
from orchestration.extraction.calendar_patterns import calendar as _calendar  # noqa: F401 (benchmarks)
from orchestration.extraction.date_mentions import date_mentions, first_known, first_per_row, names_attack_day, resolve
from orchestration.extraction.page_stamps import stamp_dates, without_ticker_clock
from orchestration.extraction.sentence_dating import sentence_dates  # noqa: F401 (public API)
from orchestration.extraction.url_dates import url_columns, url_dates
from orchestration.extraction.url_month_dating import current_month_days, datelines_in_url_month
from orchestration.extraction.weekday_dating import dateline_weekday_dates, weekday_agrees, weekday_dates

PLAUSIBLE_FROM = date(2023, 10, 1)  # earliest publication date believed from a lead
LEAD_CHARS = 400  # about the first two sentences
_NO_YEARS = pl.lit([], dtype=pl.List(pl.Int32))
_SOURCE = {"source"}  # the outlet, when the frame knows it: it tells how the outlet writes dates


def war_window() -> tuple[date, date]:
    """First and last day a dated fact about this war can fall on."""
    return date(2023, 10, 7), date(2026, 12, 31)


def _text_dates(frame: pl.DataFrame, lead: pl.Expr, mentions: pl.DataFrame) -> pl.DataFrame:
    """_row, _text: the lead's own date. In order: a dateline with its year (or with the year
    of a month-only URL), a day of the URL's month, a yearless dateline whose sentence's weekday
    fits one year; the first in the text among equals."""
    _, war_end = war_window()
    written = resolve(mentions.filter(pl.col("year").is_not_null()), _NO_YEARS).filter(
        pl.col("date").is_between(PLAUSIBLE_FROM, war_end) & weekday_agrees()
    )
    datelines = pl.concat(
        [written.select("_row", "_pos", "date"), datelines_in_url_month(mentions, (PLAUSIBLE_FROM, war_end))]
    )
    ranked = [
        datelines,
        current_month_days(frame, lead, (PLAUSIBLE_FROM, war_end)),
        dateline_weekday_dates(frame, lead, war_window()),
    ]
    rows = pl.concat(
        [r.select("_row", pl.col("_pos").cast(pl.Int64), "date", pl.lit(rank).alias("_rank")) for rank, r in enumerate(ranked)]
    )
    return rows.sort("_row", "_rank", "_pos").group_by("_row").agg(pl.col("date").first().alias("_text"))


def _header_lines(frame: pl.DataFrame, lead: pl.Expr) -> pl.DataFrame:
    """_row, _header_line: the date of a header line at the very start ("date 2023-11-22")."""
    mentions = date_mentions(frame, lead, "header", [])
    return first_per_row(resolve(mentions.filter(pl.col("year").is_not_null()), _NO_YEARS), "_header_line")


def date_articles(articles: pl.DataFrame) -> pl.DataFrame:
    """articles: article_id, language, body, optionally metadata_date (Date) and url (String).

    Adds published_on (Date) and published_on_basis, from the first source that gives a date:
    metadata | url | header (a header line or a page stamp) | text_date | weekday_date; else
    unknown. See the module docstring for what counts as each."""
    frame = articles.with_row_index("_row")
    if "metadata_date" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Date).alias("metadata_date"))
    frame = url_dates(frame)
    lead = without_ticker_clock(pl.col("body").str.slice(0, LEAD_CHARS))
    _, war_end = war_window()
    stamps = stamp_dates(frame.select("_row", "language", "body", *_SOURCE & set(frame.columns)), PLAUSIBLE_FROM, war_end)
    mentions = date_mentions(frame, lead, "lead", ["url_from", "url_to"]).filter(~names_attack_day())
    found = (
        frame.join(_header_lines(frame, lead), on="_row", how="left", maintain_order="left")
        .join(stamps, on="_row", how="left", maintain_order="left")
        .join(_text_dates(frame, lead, mentions), on="_row", how="left", maintain_order="left")
        .join(first_per_row(weekday_dates(mentions, war_window()), "_weekday"), on="_row", how="left", maintain_order="left")
        .with_columns(pl.coalesce("_header_line", "stamp_date").alias("_header"))
    )
    sources = [
        ("metadata", "metadata_date"),
        ("url", "url_date"),
        ("header", "_header"),
        ("text_date", "_text"),
        ("weekday_date", "_weekday"),
    ]
    dated = found.with_columns(first_known(sources, "published_on", "published_on_basis"))
    helpers = ["_row", "_header_line", "stamp_date", "_header", "_text", "_weekday", *url_columns()]
    return dated.drop(*helpers, *([] if "metadata_date" in articles.columns else ["metadata_date"]))
