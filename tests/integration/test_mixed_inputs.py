"""One article folder as analysts have them, ingested in one run: text files with sidecars, a
JSONL feed, a CSV, two saved web pages. Every article keeps its URL, outlet and date with the
right basis; the bad feed line and CSV row are reported by file and line; nothing else is lost.

The articles are invented for the test (places are real, events and figures are not)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import materialize_everything

TEXT_FILE = """Overnight strikes on Deir al-Balah killed 31 people, the Gaza health ministry said on Monday.
Doctors at the Al-Aqsa Martyrs Hospital said the wards were full and fuel for the generators would last two days."""

MARKDOWN_FILE = """date 2024-03-04
# Negotiators return to Doha

Israeli and Hamas negotiators held talks in Doha on Monday with Qatari and Egyptian mediators, officials said.
The talks focused on the release of hostages, and 19 people were killed in Rafah the same night, the health ministry said."""

FEED = [
    {"text": "An Israeli strike on a house in Nuseirat killed 12 people, medics said.",
     "url": "https://www.wirecast.example/mideast/nuseirat-house", "published_at": "2024-04-18T23:50:00-04:00",
     "title": "Strike on Nuseirat house"},
    "{\"text\": \"A line cut in half by a bad export",
    {"text": "The Gaza health ministry said 27 people were killed in Khan Younis over the past day.",
     "link": "https://wirecast.example/mideast/khan-younis-day", "pubDate": "Sat, 20 Apr 2024 08:05:00 +0000",
     "source": "Wirecast"},
    # The same text on another line is the same article.
    {"text": "The Gaza health ministry said 27 people were killed in Khan Younis over the past day.",
     "url": "https://mirror.example/khan-younis"},
]

CSV = (
    "url,published,title,body\n"
    "https://www.valleytimes.example/world/jabalia,2024-05-02,,"
    "\"Rescuers in Jabalia recovered the bodies of 8 people from a collapsed building, civil defence said.\"\n"
    "https://www.valleytimes.example/world/empty,2024-05-03,A row without text,\n"
    "https://www.valleytimes.example/world/beit-lahia,2024-05-04,Beit Lahia shelling,"
    "\"Shelling in Beit Lahia wounded 22 people, including 6 children, the ministry said.\"\n"
)

PAGE_WITH_META = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Rafah crossing strike | The Coastal Ledger</title>
<meta property="og:title" content="Rafah crossing strike kills 16">
<meta property="og:site_name" content="The Coastal Ledger">
<meta property="article:published_time" content="2024-05-07T21:30:00+03:00">
<link rel="canonical" href="https://www.coastalledger.example/news/rafah-crossing-strike">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/opinion">Opinion</a></nav>
<article><h1>Rafah crossing strike kills 16</h1>
<p>An Israeli air strike near the Rafah crossing killed 16 people on Tuesday, the Gaza health ministry said.</p>
<p>Aid lorries waiting at the crossing turned back after the strike, drivers said.</p>
</article>
<footer>The Coastal Ledger. Sign up for the morning briefing.</footer>
</body></html>"""

PAGE_WITH_JSON_LD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Talks in Cairo</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Delegations meet in Cairo", "datePublished": "2024-05-09T10:00:00Z"}</script>
</head><body>
<div class="menu">Menu Search Login</div>
<main><h1>Delegations meet in Cairo</h1>
<p>An Israeli delegation arrived in Cairo on Thursday for talks with Egyptian mediators on a hostage deal, officials said.</p>
<p>Hamas said it would send its own delegation once the Egyptian proposal was ready, and 5 people were killed in Gaza City overnight, medics said.</p>
</main></body></html>"""


def write_mixed_folder(folder: Path) -> Path:
    def put(name: str, text: str) -> None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")

    put("deir_al_balah.txt", TEXT_FILE)
    put("deir_al_balah.json", json.dumps({"url": "https://www.lanternnews.example/gaza/deir-al-balah-strikes",
                                          "published_on": "2024-02-12", "source": "Lantern News"}))
    put("notes/doha_talks.md", MARKDOWN_FILE)
    put("notes/doha_talks.json", json.dumps({"url": "https://gulfdesk.example/talks/doha-return"}))
    put("feeds/wire.jsonl", "\n".join(item if isinstance(item, str) else json.dumps(item) for item in FEED) + "\n")
    put("sheets/tolls.csv", CSV)
    put("pages/rafah.html", PAGE_WITH_META)
    put("pages/cairo.htm", PAGE_WITH_JSON_LD)
    put("pages/cairo.json", json.dumps({"url": "https://www.nilepost.example/region/cairo-delegations"}))
    return folder


# source_path -> (url, source, published_on, basis, a casualty figure of the article)
EXPECTED = {
    "deir_al_balah.txt": ("https://www.lanternnews.example/gaza/deir-al-balah-strikes", "Lantern News",
                          date(2024, 2, 12), "metadata", 31),
    "notes/doha_talks.md": ("https://gulfdesk.example/talks/doha-return", "gulfdesk.example",
                            date(2024, 3, 4), "header", 19),
    "feeds/wire.jsonl:1": ("https://www.wirecast.example/mideast/nuseirat-house", "wirecast.example",
                           date(2024, 4, 18), "metadata", 12),
    "feeds/wire.jsonl:3": ("https://wirecast.example/mideast/khan-younis-day", "Wirecast",
                           date(2024, 4, 20), "metadata", 27),
    "sheets/tolls.csv:2": ("https://www.valleytimes.example/world/jabalia", "valleytimes.example",
                           date(2024, 5, 2), "metadata", 8),
    "sheets/tolls.csv:4": ("https://www.valleytimes.example/world/beit-lahia", "valleytimes.example",
                           date(2024, 5, 4), "metadata", 22),
    "pages/rafah.html": ("https://www.coastalledger.example/news/rafah-crossing-strike", "The Coastal Ledger",
                         date(2024, 5, 7), "metadata", 16),
    "pages/cairo.htm": ("https://www.nilepost.example/region/cairo-delegations", "nilepost.example",
                        date(2024, 5, 9), "metadata", 5),
}


@pytest.fixture(scope="module")
def mixed_warehouse(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    folder = write_mixed_folder(root / "articles")
    warehouse = root / "warehouse.duckdb"
    result = materialize_everything(folder, warehouse)
    assert result.success
    return warehouse


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def test_every_article_has_its_url_outlet_and_dated_basis(mixed_warehouse):
    rows = _rows(mixed_warehouse, "select source_path, url, source, published_on, published_on_basis from raw.articles")
    assert {r[0]: r[1:] for r in rows} == {path: want[:4] for path, want in EXPECTED.items()}


def test_every_article_keeps_its_figures(mixed_warehouse):
    rows = _rows(mixed_warehouse, """
        select a.source_path, list(f.value order by f.value)
        from raw.articles a join extracted.casualty_facts f using (article_id) group by 1""")
    found = dict(rows)
    assert set(found) == set(EXPECTED)
    for path, want in EXPECTED.items():
        assert want[4] in found[path], path


def test_the_bad_feed_line_and_csv_row_are_reported_by_file_and_line(mixed_warehouse):
    rejected = _rows(mixed_warehouse, "select source_path, problem from raw.article_files where status <> 'ok' order by 1")
    assert rejected == [
        ("feeds/wire.jsonl:2", "feeds/wire.jsonl:2: invalid JSON at column 10 (Unterminated string starting at)"),
        ("sheets/tolls.csv:3", "sheets/tolls.csv:3: no text (none of the fields text, body, content has any)"),
    ]


def test_nothing_else_is_lost_and_the_duplicate_is_one_article(mixed_warehouse):
    read = _rows(mixed_warehouse, "select source_path, status, problem from raw.article_files where status = 'ok' order by 1")
    assert [r[0] for r in read] == sorted([*EXPECTED, "feeds/wire.jsonl:4"])
    assert all(problem is None for _, _, problem in read)
    # Line 4 repeats line 3's text: one article, both lines point at it, line 3's metadata kept.
    pairs = dict(_rows(mixed_warehouse, "select source_path, article_id from raw.article_sources"))
    assert pairs["feeds/wire.jsonl:4"] == pairs["feeds/wire.jsonl:3"]
    assert len(set(pairs.values())) == len(EXPECTED)


def test_a_second_run_reads_nothing_again(mixed_warehouse):
    before = _rows(mixed_warehouse, "select count(*) from raw.article_files")[0][0]
    folder = mixed_warehouse.parent / "articles"
    assert materialize_everything(folder, mixed_warehouse).success
    assert _rows(mixed_warehouse, "select count(*) from raw.article_files")[0][0] == before
    assert _rows(mixed_warehouse, "select count(*) from raw.articles")[0][0] == len(EXPECTED)


def test_title_lines_lead_the_body_once(mixed_warehouse):
    bodies = dict(_rows(mixed_warehouse, "select source_path, body from raw.articles"))
    assert bodies["feeds/wire.jsonl:1"].startswith("Strike on Nuseirat house\nAn Israeli strike on a house")
    assert bodies["sheets/tolls.csv:4"].startswith("Beit Lahia shelling\nShelling in Beit Lahia")
    assert bodies["pages/rafah.html"].startswith("Rafah crossing strike kills 16\nAn Israeli air strike")
    titles = dict(_rows(mixed_warehouse, "select source_path, title from raw.articles"))
    assert titles["pages/rafah.html"] == "Rafah crossing strike kills 16"
    assert titles["feeds/wire.jsonl:3"] is None
