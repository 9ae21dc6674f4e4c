"""What comes with an article besides its text: published date, URL, title, outlet.

Dates are read by the standard library when they are ISO dates or datetimes or RFC 822 dates
(as RSS feeds write them), else by dateparser (spreadsheet forms such as `02/19/2025 10:42 AM`,
month names in English, Persian or Arabic); only full dates count, never "yesterday" or a
month alone. A datetime counts as the calendar date in its own zone, the day its readers saw
on the page. A numeric date that reads differently day-first and month-first is ambiguous;
anything else that is no date is refused. Both are reported with the value quoted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from orchestration.ingest.encodings import decode
from orchestration.ingest.files import Unreadable, read_bounded, resolve_inside

MAX_SIDECAR_BYTES = 1_000_000
SIDECAR_DATE_KEYS = ("published_on", "date")  # `date` is the first sidecar format's name
_SPACES = re.compile(r"\s+")
DATE_LANGUAGES = ["en", "fa", "ar"]
_DATEPARSER = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["absolute-time"],
               "RETURN_AS_TIMEZONE_AWARE": False}


class AmbiguousDate(ValueError):
    """A date that reads as two different days (03/04/2025)."""


@dataclass
class Metadata:
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published_on: date | None = None
    warnings: list[str] = field(default_factory=list)

    def over(self, fallback: "Metadata") -> "Metadata":
        """These values where set, the fallback's elsewhere; the warnings of both."""
        values = {f.name: getattr(self, f.name) if getattr(self, f.name) is not None else getattr(fallback, f.name)
                  for f in fields(self) if f.name != "warnings"}
        return replace(self, **values, warnings=[*fallback.warnings, *self.warnings])


def quoted(value: object, width: int = 60) -> str:
    """A value for a one-line message: quoted, whitespace folded, cut to `width` characters."""
    text = _SPACES.sub(" ", str(value)).strip()
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def _standard_date(text: str) -> date | None:
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parsed = parse(text)
            return parsed.date() if isinstance(parsed, datetime) else parsed
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _written_date(text: str) -> date | None:
    """A full date in another written form, the same whichever of day and month comes first."""
    import dateparser  # loaded on first use: most dates are ISO or RFC 822

    readings = {
        parsed.date() if parsed else None
        for order in ("MDY", "DMY")
        for parsed in [dateparser.parse(text, languages=DATE_LANGUAGES, settings={**_DATEPARSER, "DATE_ORDER": order})]
    }
    if len(readings) > 1:
        days = " or ".join(sorted(d.isoformat() for d in readings if d))
        raise AmbiguousDate(f"{quoted(text)} is ambiguous ({days}: day or month first?)")
    return readings.pop()


def parse_published(value: object) -> date:
    """The calendar date of a published date or datetime; AmbiguousDate when it reads as two
    days, ValueError when it is no full date."""
    text = value.strip() if isinstance(value, str) else ""
    found = (_standard_date(text) or _written_date(text)) if text and len(text) <= 100 else None
    if found is None:
        raise ValueError(f"{quoted(value)} is not a full date (day, month and year)")
    return found


def valid_text(text: str, name: str) -> str:
    """text, unless it holds what the warehouse cannot store or the extractor reserves: a NUL
    (JSON can write one as \\u0000) or half of a surrogate pair (not encodable as UTF-8)."""
    if "\x00" in text:
        raise ValueError(f"the {name} contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"the {name} contains an unpaired surrogate (invalid Unicode)") from None
    return text


def parse_url(value: object) -> str:
    """An http(s) address with a host, as given; ValueError otherwise."""
    text = valid_text(value.strip(), "url") if isinstance(value, str) else ""
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{quoted(value)} is not an http(s) address")
    return text


def plain_text(value: object, name: str) -> str | None:
    """A title or outlet name: a non-empty string with its whitespace folded."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} {quoted(value)} is not text")
    return _SPACES.sub(" ", valid_text(value, name)).strip() or None


def sidecar_metadata(record: dict, label: str) -> Metadata:
    """Metadata from a sidecar object; a bad value is dropped with a warning naming `label`."""
    meta = Metadata()
    date_key = next((k for k in SIDECAR_DATE_KEYS if record.get(k) not in (None, "")), None)
    if date_key:
        try:
            meta.published_on = parse_published(record[date_key])
        except ValueError as exc:
            meta.warnings.append(f"{label}: {date_key} {exc}; date ignored")
    url_key = "url" if record.get("url") not in (None, "") else None
    take_url_title_source(meta, record, url_key, f"{label}: ")
    return meta


def take_url_title_source(meta: Metadata, record: dict, url_key: str | None, prefix: str = "") -> None:
    """The optional URL (under `url_key`), title and outlet of a sidecar or feed item; a bad value is
    dropped with a warning (starting with `prefix`), never the article."""
    if url_key:
        try:
            meta.url = parse_url(record[url_key])
        except ValueError as exc:
            meta.warnings.append(f"{prefix}{url_key} {exc}; ignored")
    for name in ("title", "source"):
        try:
            setattr(meta, name, plain_text(record.get(name), name))
        except ValueError as exc:
            meta.warnings.append(f"{prefix}{exc}; ignored")


def read_sidecar(path: str, folder_real: str, label: str) -> Metadata:
    """The sidecar `name.json` of an article file. It never rejects the article: an unreadable
    sidecar or a bad value is a warning (`label` names the sidecar in it)."""
    try:
        opened = read_bounded(resolve_inside(path, folder_real), MAX_SIDECAR_BYTES)
        record = json.loads(decode(opened.data)[0])
    except Unreadable as exc:
        return Metadata(warnings=[f"{label}: {exc}"])
    except json.JSONDecodeError as exc:
        return Metadata(warnings=[f"{label}: not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); ignored"])
    if not isinstance(record, dict):
        return Metadata(warnings=[f"{label}: not a JSON object; ignored"])
    return sidecar_metadata(record, label)
