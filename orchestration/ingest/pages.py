"""Saved web pages: main text and metadata through trafilatura, the date through htmldate.

trafilatura finds the main text, title, canonical URL and site name. Its date is not used:
htmldate, as trafilatura calls it, reads the date from the URL first and, failing meta tags,
guesses from time stamps and text anywhere in the page. Only the two structured sources count
as the page's metadata here: its <meta> tags and its JSON-LD. A date in the URL or in the text
is left to the dating step, which records it with its own basis. Nothing here uses the
network: both libraries get a parsed tree or a string of markup, never an address.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from functools import cache

from orchestration.ingest.files import Unreadable
from orchestration.ingest.metadata import Metadata, parse_url, plain_text

# A text is a page when it opens with markup that only pages have.
_PAGE_START = re.compile(r"^\s*<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)

# trafilatura logs every page it cannot parse at ERROR; the ingest reports them itself.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


@cache
def _date_options():
    """htmldate's options: publication (not update) date, any year from 1990 on. Imported on
    first use, as trafilatura is: together they take about a second to load, which a folder
    without pages (and every listing of the sensor) should not pay."""
    from htmldate.utils import Extractor

    return Extractor(False, datetime(2100, 1, 1), datetime(1990, 1, 1), True, "%Y-%m-%d")


def looks_like_page(text: str) -> bool:
    """True for a saved page whatever its file name: a doctype, <html>, <head> or <body> first."""
    return bool(_PAGE_START.match(text[:2048]))


def meta_date(tree) -> date | None:
    """The publication date in the page's meta tags or JSON-LD, None when they give none."""
    from htmldate.core import examine_header
    from htmldate.extractors import json_search

    found = examine_header(tree, _date_options()) or json_search(tree, _date_options())
    return date.fromisoformat(found) if found else None


def read_page(markup: str) -> tuple[str, Metadata]:
    """(main text, metadata) of a saved page; Unreadable when it holds no main text."""
    import trafilatura

    try:
        tree = trafilatura.load_html(markup)
        document = None if tree is None else trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001 - a hostile page must not stop the ingest
        raise Unreadable(f"the page could not be parsed ({type(exc).__name__}); skipped") from None
    text = (document.text or "").strip() if document is not None else ""
    if not text:
        raise Unreadable("a web page with no main text that could be extracted")
    meta = Metadata(title=plain_text(document.title, "title"), source=plain_text(document.sitename, "source"),
                    published_on=meta_date(tree))
    if document.url:
        try:
            meta.url = parse_url(document.url)
        except ValueError:
            pass  # a relative or local canonical link says nothing about where the page was published
    return text, meta
