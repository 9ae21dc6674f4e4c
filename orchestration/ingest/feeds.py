"""Feeds: JSONL (one article per line) and CSV (one per row) in the article folder.

Each item is an article of its own, named `<file>:<line>` after the line its record starts
on. A bad item (invalid JSON, no text, a bad date) is reported at that line and the rest of
the file is read; an item whose date is ambiguous (03/04/2025) keeps its text, with a warning.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from typing import Iterator

from orchestration.ingest.metadata import AmbiguousDate, Metadata, parse_published, quoted, take_url_title_source, valid_text

TEXT_KEYS = ("text", "body", "content")
URL_KEYS = ("url", "link")
DATE_KEYS = ("published", "published_on", "published_at", "pubdate", "date")
CSV_DELIMITERS = ",;\t|"


class BadItem(ValueError):
    """A feed record that cannot be an article; the message says why."""


@dataclass
class Item:
    line: int  # where the record starts, 1-based
    digest: str  # sha256 of the record as written: the identity of this version of the item
    text: str | None = None
    meta: Metadata | None = None
    problem: str | None = None  # set for a rejected item


def _first(record: dict, keys: tuple[str, ...]) -> tuple[str | None, object]:
    """(key, value) of the first of keys with a non-empty value."""
    for key in keys:
        value = record.get(key)
        if value not in (None, "") and not (isinstance(value, str) and not value.strip()):
            return key, value
    return None, None


def item_from_record(record: dict, max_bytes: int) -> tuple[str, Metadata]:
    """(text, metadata) of one feed record, with keys matched case-insensitively."""
    record = {str(k).strip().lower(): v for k, v in record.items()}
    _, text = _first(record, TEXT_KEYS)
    if text is None:
        raise BadItem(f"no text (none of the fields {', '.join(TEXT_KEYS)} has any)")
    if not isinstance(text, str):
        raise BadItem(f"the text {quoted(text)} is not a string")
    try:
        valid_text(text, "text")
    except ValueError as exc:
        raise BadItem(str(exc)) from None
    if len(text.encode("utf-8")) > max_bytes:
        raise BadItem(f"text too large (more than {max_bytes:,} bytes)")
    meta = Metadata()
    date_key, published = _first(record, DATE_KEYS)
    if date_key:
        try:
            meta.published_on = parse_published(published)
        except AmbiguousDate as exc:
            meta.warnings.append(f"{date_key} {exc}; date ignored")
        except ValueError as exc:
            raise BadItem(f"bad {date_key}: {exc}") from None
    url_key, _ = _first(record, URL_KEYS)
    take_url_title_source(meta, record, url_key)
    return text, meta


def _item(line: int, raw: str, record: object, max_bytes: int) -> Item:
    item = Item(line, hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest())
    try:
        if not isinstance(record, dict):
            raise BadItem(f"not a JSON object but {type(record).__name__}")
        item.text, item.meta = item_from_record(record, max_bytes)
    except BadItem as exc:
        item.problem = str(exc)
    return item


def jsonl_items(text: str, max_bytes: int) -> Iterator[Item]:
    """One item per non-blank line. Lines are split on \\n only: a JSON string may hold U+2028."""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            item = Item(number, hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest())
            item.problem = f"invalid JSON at column {exc.colno} ({exc.msg})"
            yield item
            continue
        yield _item(number, line, record, max_bytes)


def _delimiter(text: str) -> str:
    """The separator of the header line (spreadsheets export with ; or tabs in many locales);
    read from the header alone, since article texts are full of commas and semicolons."""
    header = text.split("\n", 1)[0]
    return max(CSV_DELIMITERS, key=header.count) if any(d in header for d in CSV_DELIMITERS) else ","


def csv_items(text: str, max_bytes: int) -> Iterator[Item]:
    """One item per row under the header row; a row's line is where its record starts (a quoted
    field may run over several lines)."""
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        return
    if not set(header) & set(TEXT_KEYS):
        item = Item(1, hashlib.sha256(text[:4096].encode("utf-8", "surrogatepass")).hexdigest())
        item.problem = f"the header has no text column (one of {', '.join(TEXT_KEYS)}); no row read"
        yield item
        return
    ended = reader.line_num
    while True:
        start = ended + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            ended = reader.line_num
            yield Item(start, hashlib.sha256(str(exc).encode()).hexdigest(), problem=f"unreadable CSV row ({exc})")
            continue
        ended = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        raw = "\x1f".join(row)
        if len(row) > len(header):
            item = Item(start, hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest())
            item.problem = f"{len(row)} fields where the header has {len(header)}"
            yield item
            continue
        yield _item(start, raw, dict(zip(header, row)), max_bytes)
