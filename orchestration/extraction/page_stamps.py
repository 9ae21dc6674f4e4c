"""Publication days read from page furniture: the stamp lines around a page's headline and
byline, in English, Persian/Dari and Arabic.

A saved or pasted news page carries its own date in a few places near the top, written by
the site's software rather than by the reporter:
- a labelled line: "Published 6 May 2024", "Last updated: 06 May 2024 14:32 GMT",
  "تاریخ انتشار: ۱۷ اردیبهشت ۱۴۰۳ - ۱۴:۳۲", "آخر تحديث: 6/5/2024 14:32";
- a time stamp, a date with a clock time: "May 6, 2024 2:32 PM GMT+3",
  "2024-05-06T14:32:00+03:00", "دوشنبه ۱۷ اردیبهشت ۱۴۰۳ - ۱۴:۳۲";
- a byline with a date: "By Jane Roe | May 6, 2024";
- a line with nothing but a date on it: "Friday, May 3, 2024", "الثلاثاء 17 شوال 1446 ه - 15
  أبريل 2025 م" (the attack day alone on a line heads a story about the attack, so it is not
  taken).
Only the first HEAD_LINES lines are read: a stamp further down belongs to an older update a
page carries along. The line under a news ticker's head ("Breaking", "خبر فوری", "عاجل") is the
site's clock on the day the page was saved, and is skipped. When a page shows several, a "Published" label beats a bare time stamp or
byline, which beat an "Updated" label (the publication day is asked for, as in the metadata
trafilatura reads); among equals the first one wins.

What is found with regexes and what is parsed by libraries: the labels, byline words, the
shapes of a date string and of a clock time are named rules (lexicon/rules/dating_page.yaml);
a matched string is read by stamp_reading.py (dateparser, or jdatetime for Solar Hijri years).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import polars as pl

from orchestration.extraction.lexicon import load_lexicon
from orchestration.extraction.outlet_conventions import outlets, with_outlet_orders
from orchestration.extraction.rules import rule_regex
from orchestration.extraction.stamp_reading import read_date

HEAD_LINES = 10  # masthead, headline, standfirst, byline, stamps, a caption
HEAD_CHARS = 1500
STAMP_MAX_CHARS = 100  # a time stamp is a short part of a line, not a sentence
LABELLED_MAX_CHARS = 160
HEAD_LINE_MAX_CHARS = 2 * LABELLED_MAX_CHARS  # "Published ... | Updated ..." on one line
PUBLISHED, STAMP, UPDATED = 0, 1, 2  # preference among a page's stamps, lowest first
_SEGMENT = r"[^|•·]+"  # the parts of a line between bars


def _variants(word: str, lang: str) -> list[str]:
    """An English word as pages print it (no case-insensitive regex flag on the fast path)."""
    if lang != "en":
        return [word]
    return [word.lower(), word.capitalize(), word.title(), word.upper()]


def _alternation(words: list[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)


def _all_languages(by_language: dict[str, list[str]]) -> str:
    return _alternation([v for lang, words in by_language.items() for w in words or [] for v in _variants(w, lang)])


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    lex = load_lexicon()
    labels = lex["dating_stamp_labels"]
    lead = r"^[^\p{L}\p{N}]{0,3}"
    label_end = rule_regex("dating_stamp_label_end")
    weekday_words = [w for entries in lex["weekdays"].values() for words in entries.values() for w in words]
    line_words = [w for words in lex["dating_date_line_words"].values() for w in words or []]
    attack = lex["attack_day"]["gregorian"]
    tickers = _all_languages(lex["dating_ticker_heads"])
    return {
        "labels": {kind: rf"{lead}(?:{_all_languages(labels[kind])}){label_end}(.*)$" for kind in ("published", "updated")},
        "date_line_words": sorted({t.lower() for w in [*weekday_words, *line_words] for t in w.split()}),
        "attack_day": date(attack["year"], attack["month"], attack["day"]),
        "byline": rf"{lead}(?:{_all_languages(lex['dating_byline_words'])})[\s:]",
        "ticker_head": rf"^\s*(?:{tickers})\s*[:!]?\s*$",
        "ticker_clock": rf"(?m)^(\s*(?:{tickers})\s*[:!]?\s*)\n[^\n]*",
        "shapes": rule_regex("dating_stamp_date_shapes"),
        "time": rule_regex("dating_stamp_clock"),
    }


def without_ticker_clock(text: pl.Expr) -> pl.Expr:
    """`text` with the line under a news ticker's head blanked: the site's clock is no date of
    the article for any rule (datelines read the lead too)."""
    return text.str.replace_all(_config()["ticker_clock"], "$1\n")


# --- finding stamps over a frame -----------------------------------------------------------


def _head_segments(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per part of each of the first HEAD_LINES lines: _row, language, _line, _seg,
    segment, and whether its line is a byline."""
    config = _config()
    head = pl.col("body").str.slice(0, HEAD_CHARS).str.split("\n").list.head(HEAD_LINES)
    lines = (
        frame.select("_row", "language", head.alias("line"))
        .explode("line")
        .drop_nulls("line")
        .with_columns(pl.int_range(pl.len()).over("_row").alias("_line"))
        .with_columns(pl.col("line").str.contains(config["ticker_head"]).shift(1).over("_row").alias("_under_ticker"))
        # every date has a digit, and a stamp line is short: the rest of the head is prose; the
        # line under a ticker's head is the site's clock
        .filter(
            pl.col("line").str.contains("[0-9]")
            & (pl.col("line").str.len_chars() <= HEAD_LINE_MAX_CHARS)
            & ~pl.col("_under_ticker").fill_null(False)
        )
        .with_columns(
            (pl.col("line").str.contains(config["byline"]) & (pl.col("line").str.len_chars() <= LABELLED_MAX_CHARS))
            .alias("_byline")
        )
    )
    return (
        lines.with_columns(pl.col("line").str.extract_all(_SEGMENT).alias("segment"))
        .explode("segment")
        .drop_nulls("segment")
        .with_columns(
            pl.col("segment").str.strip_chars(),
            pl.int_range(pl.len()).over("_row", "_line").alias("_seg"),
        )
        .drop("line", "_under_ticker")
    )


def _stamp_candidates(segments: pl.DataFrame) -> pl.DataFrame:
    """The stamp parts with their kind (PUBLISHED, STAMP, UPDATED) and the text to read."""
    config = _config()
    segment = pl.col("segment")
    published = segment.str.extract(config["labels"]["published"], 1)
    updated = segment.str.extract(config["labels"]["updated"], 1)
    short = segment.str.len_chars() <= STAMP_MAX_CHARS
    timed = segment.str.contains(config["time"]) & short
    kind = (
        pl.when(published.is_not_null()).then(pl.lit(PUBLISHED))
        .when(updated.is_not_null()).then(pl.lit(UPDATED))
        .when(timed | pl.col("_byline") | pl.col("_date_line")).then(pl.lit(STAMP))
    )
    return (
        segments.with_columns(_only_a_date(segment).alias("_date_line"))
        .with_columns(kind.alias("_kind"), pl.coalesce(published, updated, segment).alias("_text"))
        .filter(pl.col("_kind").is_not_null() & (segment.str.len_chars() <= LABELLED_MAX_CHARS))
    )


def _only_a_date(segment: pl.Expr) -> pl.Expr:
    """A segment that holds a date string and nothing else but clock times, weekdays and the
    calendar marks of `date_line_words` (a date stamp without a label or a clock)."""
    config = _config()
    residue = segment.str.replace_all(config["shapes"], " ").str.replace_all(config["time"], " ")
    words = residue.str.to_lowercase().str.extract_all(r"\p{L}+")
    allowed = pl.Series(config["date_line_words"], dtype=pl.String).implode()
    only_date_words = words.list.eval(pl.element().is_in(allowed.first())).list.all()
    return segment.str.contains(config["shapes"]) & only_date_words


def stamp_dates(frame: pl.DataFrame, earliest: date, latest: date) -> pl.DataFrame:
    """frame: _row, language, body, optionally source. Returns _row, stamp_date for the rows
    whose head carries a stamp with a date between `earliest` and `latest` (the preferred stamp
    when several). A two-digit year that both orders read is read in its outlet's order, when
    the outlet's other pages in `frame` show it (outlet_conventions.py)."""
    empty = pl.DataFrame(schema={"_row": frame.schema["_row"], "stamp_date": pl.Date})
    candidates = _stamp_candidates(_head_segments(frame))
    strings = (
        candidates.with_columns(pl.col("_text").str.extract_all(_config()["shapes"]).alias("_string"))
        .explode("_string")
        .drop_nulls("_string")
        .with_columns(pl.int_range(pl.len()).over("_row", "_line", "_seg").alias("_pos"))
    )
    if strings.height == 0:
        return empty
    distinct = strings.select("_string", "language").unique()
    read = distinct.with_columns(
        pl.Series(
            "stamp_date",
            [read_date(text, lang or "en") for text, lang in distinct.iter_rows()],
            dtype=pl.Date,
        )
    )
    # A bare date line naming the attack day is a heading about the attack, as in datelines.
    names_attack = pl.col("_date_line") & (pl.col("stamp_date") == _config()["attack_day"])
    read_strings = strings.join(read, on=["_string", "language"], how="left", nulls_equal=True)
    dated = with_outlet_orders(read_strings, outlets(frame), (earliest, latest)).filter(
        pl.col("stamp_date").is_between(earliest, latest) & ~names_attack
    )
    return (
        dated.sort("_row", "_kind", "_line", "_seg", "_pos")
        .group_by("_row", maintain_order=True)
        .agg(pl.col("stamp_date").first())
        .select(pl.col("_row").cast(empty.schema["_row"]), "stamp_date")
    )
