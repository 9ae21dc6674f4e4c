"""Reading the article folder: every reader (text, encodings, pages, feeds, sidecars) and every
fault of the folder; bad input is reported by name and problem, good input passes."""

from __future__ import annotations

import os
import socket
import tracemalloc
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from orchestration.article_files import MAX_BYTES, list_article_files, read_files, scan_article_files

ARABIC = "قالت وزارة الصحة في غزة يوم الأحد إن عدد القتلى ارتفع إلى 120 شخصا منذ بداية الأسبوع، بينهم أطفال ونساء."
ENGLISH_1252 = "The ministry\u2019s spokesman said 45 people were killed \u2014 including 12 children \u2014 near the caf\u00e9 in Deir al-Balah."
NEWS = "Israeli strikes killed 25 people in Gaza on Monday, the health ministry said."


def _read_all(folder: Path) -> dict[str, dict]:
    """Every row read from the folder, by source_path (as the ingest asset lists it)."""
    frame = read_files([folder / rel for rel, _ in scan_article_files(folder)], folder)
    return {row["source_path"]: row for row in frame.to_dicts()}


def _read(tmp_path, name: str, data: bytes) -> dict:
    (tmp_path / name).write_bytes(data)
    return _read_all(tmp_path)[name]


# --- plain text and encodings ---------------------------------------------------------------

def test_good_utf8_file(tmp_path):
    row = _read(tmp_path, "ok.txt", NEWS.encode())
    assert row["status"] == "ok" and row["problem"] is None and row["encoding"] == "utf-8"
    assert row["raw_text"] == NEWS and row["url"] is None and row["source"] is None


def test_utf16_with_bom_is_decoded(tmp_path):
    row = _read(tmp_path, "wide.txt", "وزارت صحت غزه گفت که ۲۵ نفر کشته شدند".encode("utf-16"))
    assert row["status"] == "ok" and row["encoding"] == "utf-16"
    assert row["raw_text"] == "وزارت صحت غزه گفت که ۲۵ نفر کشته شدند"


def test_legacy_code_pages_are_detected_and_recorded(tmp_path):
    arabic = _read(tmp_path, "ar.txt", ARABIC.encode("cp1256"))
    assert (arabic["status"], arabic["encoding"], arabic["raw_text"]) == ("ok", "cp1256", ARABIC)
    english = _read(tmp_path, "en.txt", ENGLISH_1252.encode("cp1252"))
    assert (english["status"], english["encoding"], english["raw_text"]) == ("ok", "cp1252", ENGLISH_1252)


def test_utf16_without_byte_order_mark_is_text_not_binary(tmp_path):
    little = _read(tmp_path, "le.txt", NEWS.encode("utf-16-le"))
    assert (little["status"], little["encoding"], little["raw_text"]) == ("ok", "utf_16_le", NEWS)
    big = _read(tmp_path, "be.txt", ARABIC.encode("utf-16-be"))
    assert (big["status"], big["encoding"], big["raw_text"]) == ("ok", "utf_16_be", ARABIC)


def test_a_nul_anywhere_makes_a_file_binary(tmp_path):
    text = (NEWS + "\n") * 200
    data = text.encode()[:9_500] + b"\x00" + text.encode()[9_500:]
    row = _read(tmp_path, "late_nul.txt", data)
    assert row["status"] == "rejected"
    assert row["problem"] == "late_nul.txt: binary file (a NUL byte at offset 9,500), not text"


def test_bytes_no_encoding_reads_cleanly_are_rejected_saying_so(tmp_path):
    row = _read(tmp_path, "noise.txt", bytes(range(128, 256)) * 3)
    assert row["status"] == "rejected"
    assert row["problem"].startswith("noise.txt: encoding cannot be determined (not UTF-8: byte 0x80 at offset 0")


def test_bad_files_are_rejected_with_their_name(tmp_path):
    assert _read(tmp_path, "empty.txt", b"   \n")["problem"] == "empty.txt: empty file"
    big = _read(tmp_path, "big.txt", b"a" * (MAX_BYTES + 1))
    assert big["problem"] == f"big.txt: too large ({MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,}); not read"
    assert big["size_bytes"] == MAX_BYTES + 1
    assert _read(tmp_path, "bin.txt", b"\x00\x01\x02" * 100)["problem"] == "bin.txt: binary file (a NUL byte at offset 0), not text"
    assert _read(tmp_path, "digits.txt", b"12 34 56 78 90 12,345 6789")["problem"].startswith("digits.txt: no readable text")


def test_text_checks_reject_whole_files_and_keep_their_encoding(tmp_path):
    controls = _read(tmp_path, "ctrl.txt", b"abcdefghijklmnopqrstuvwxyz\x01\x02\x03\x04")
    assert controls["problem"] == "ctrl.txt: binary or corrupt text (control characters)"
    assert controls["status"] == "rejected" and controls["encoding"] == "utf-8" and controls["raw_text"] is None
    # One control character in more than a hundred characters is within the limit; tabs and newlines never count.
    assert _read(tmp_path, "one.txt", b"a" * 120 + b"\x01\t\n\r")["status"] == "ok"


# --- a folder that changes or lies --------------------------------------------------------------

def test_a_sparse_huge_file_is_refused_from_its_size_without_being_read(tmp_path):
    with open(tmp_path / "sparse.txt", "wb") as file:
        file.truncate(3_000_000_000)
    tracemalloc.start()
    row = _read_all(tmp_path)["sparse.txt"]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert row["problem"] == "sparse.txt: too large (3,000,000,000 bytes; the limit is 2,000,000); not read"
    assert row["size_bytes"] == 3_000_000_000 and row["raw_text"] is None
    assert peak < MAX_BYTES  # not even the 2 MB a bounded read would take


def test_a_file_that_vanishes_or_becomes_a_folder_after_listing_is_reported(tmp_path):
    for name in ("gone.txt", "folder.txt", "kept.txt"):
        (tmp_path / name).write_text(NEWS, encoding="utf-8")
    listed = list_article_files(tmp_path)
    (tmp_path / "gone.txt").unlink()
    (tmp_path / "folder.txt").unlink()
    (tmp_path / "folder.txt").mkdir()
    rows = {row["source_path"]: row for row in read_files(listed, tmp_path).to_dicts()}
    assert rows["gone.txt"]["status"] == "rejected"
    assert rows["gone.txt"]["problem"] == "gone.txt: vanished between listing and reading (deleted or moved); skipped"
    assert rows["folder.txt"]["problem"] == "folder.txt: became a folder between listing and reading; skipped"
    assert rows["kept.txt"]["status"] == "ok"


def test_links_out_of_the_folder_and_dangling_links_are_refused(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text(NEWS, encoding="utf-8")
    (folder / "inside.txt").write_text(NEWS, encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "escape.txt").symlink_to(tmp_path / "outside.txt")
    (folder / "alias.txt").symlink_to(folder / "inside.txt")
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    rows = _read_all(folder)
    real_outside = os.path.realpath(tmp_path / "outside.txt")
    assert rows["passwd.txt"]["problem"] == "passwd.txt: refused: it resolves to /etc/passwd, outside the article folder; not read"
    assert rows["escape.txt"]["problem"] == f"escape.txt: refused: it resolves to {real_outside}, outside the article folder; not read"
    assert rows["passwd.txt"]["raw_text"] is None and rows["escape.txt"]["raw_text"] is None
    missing = os.path.realpath(folder / "missing.txt")
    assert rows["dangling.txt"]["problem"] == f"dangling.txt: dangling symbolic link (its target {missing} does not exist); skipped"
    assert rows["alias.txt"]["status"] == "ok" and rows["alias.txt"]["raw_text"] == NEWS  # a link inside is fine
    assert [p.name for p in list_article_files(folder)] == ["alias.txt", "escape.txt", "inside.txt", "passwd.txt"]


def test_a_link_to_a_named_pipe_does_not_hang_the_ingest(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "pipe.txt").symlink_to(tmp_path / "pipe")
    row = _read_all(tmp_path)["pipe.txt"]
    assert row["problem"] == "pipe.txt: not a regular file (a device, pipe or socket); skipped"


def test_folder_listing_in_path_order_one_entry_per_file(tmp_path):
    for name in ["a-c.txt", "a/b.txt", "a/z/deep.md", "B.html", "notes.json", "a/feed.csv", "w.jsonl", ".hidden.txt", "x.pdf"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Talks resumed in Doha, officials said on Monday.", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a")  # a link to a folder is not walked
    listed = list_article_files(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in listed] == [
        ".hidden.txt", "B.html", "a/b.txt", "a/feed.csv", "a/z/deep.md", "a-c.txt", "w.jsonl"]
    assert all(isinstance(p, Path) for p in listed)


# --- web pages ---------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Shelter strike kills 14 | The Harbour Post</title>
<meta property="og:title" content="Shelter strike kills 14">
<meta property="og:site_name" content="The Harbour Post">
<link rel="canonical" href="https://www.harbourpost.example/world/2024/03/09/shelter-strike">
{meta}
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Shelter strike kills 14</h1>
<p>An air strike on a school used as a shelter in Khan Younis killed 14 people overnight, including five children, the health ministry said.</p>
<p>Rescue crews said about 30 others were wounded and that two families were still missing under the collapsed classrooms.</p>
<script>var tracking = "do not keep";</script>
</article>
<footer>Copyright The Harbour Post. Subscribe to our newsletter.</footer>
</body></html>"""


def test_a_saved_page_gives_main_text_title_url_outlet_and_meta_date(tmp_path):
    meta = '<meta property="article:published_time" content="2024-03-08T22:40:00-05:00">'
    row = _read(tmp_path, "page.html", PAGE.format(meta=meta).encode())
    assert row["status"] == "ok" and row["problem"] is None
    assert "killed 14 people overnight" in row["raw_text"] and "about 30 others" in row["raw_text"]
    assert "tracking" not in row["raw_text"] and "Subscribe" not in row["raw_text"] and "Sport" not in row["raw_text"]
    assert row["title"] == "Shelter strike kills 14" and row["source"] == "The Harbour Post"
    assert row["url"] == "https://www.harbourpost.example/world/2024/03/09/shelter-strike"
    # The meta tag's calendar date in its own zone; not the URL's 2024/03/09.
    assert row["metadata_date"] == date(2024, 3, 8)


def test_a_page_date_comes_only_from_meta_tags_or_json_ld(tmp_path):
    undated = PAGE.format(meta="").replace("overnight", "overnight on 5 March 2024")
    row = _read(tmp_path, "undated.html", undated.encode())
    assert row["status"] == "ok" and row["metadata_date"] is None  # neither the URL's date nor the text's
    json_ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-02-11T08:00:00Z"}</script>'
    assert _read(tmp_path, "ld.html", PAGE.format(meta=json_ld).encode())["metadata_date"] == date(2024, 2, 11)


def test_reading_pages_never_uses_the_network(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the ingest tried the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    row = _read(tmp_path, "page.htm", PAGE.format(meta="").encode())
    assert row["status"] == "ok" and row["url"].startswith("https://www.harbourpost.example/")


def test_a_text_file_that_is_clearly_a_page_is_read_as_one(tmp_path):
    row = _read(tmp_path, "saved.txt", PAGE.format(meta="").encode())
    assert row["status"] == "ok" and "killed 14 people" in row["raw_text"] and "<p>" not in row["raw_text"]
    assert row["problem"] == "saved.txt: read as a web page (it starts with HTML markup)"
    plain = _read(tmp_path, "plain.txt", b"A note on <b>bold</b> markup: 25 people were killed in Gaza on Monday.")
    assert plain["raw_text"].startswith("A note on <b>bold</b>") and plain["problem"] is None


def test_a_page_without_main_text_is_rejected(tmp_path):
    row = _read(tmp_path, "shell.html", b"<html><head><title>x</title></head><body><script>1</script></body></html>")
    assert row["status"] == "rejected"
    assert row["problem"] == "shell.html: a web page with no main text that could be extracted"


def test_a_legacy_encoded_page_is_decoded(tmp_path):
    page = f"<html><head><meta charset='windows-1256'></head><body><p>{ARABIC}</p><p>{ARABIC}</p></body></html>"
    row = _read(tmp_path, "ar.html", page.encode("cp1256"))
    assert row["status"] == "ok" and row["encoding"] == "cp1256" and ARABIC in row["raw_text"]


# --- sidecars ----------------------------------------------------------------------------------

def test_sidecar_metadata(tmp_path):
    (tmp_path / "a.json").write_text(
        '{"published_on": "2024-05-06", "url": "https://www.example.org/news/a", "title": "Talks  resume", "source": "Example News"}',
        encoding="utf-8")
    row = _read(tmp_path, "a.txt", "Talks resumed in Cairo, officials said on Monday.".encode())
    assert row["metadata_date"] == date(2024, 5, 6) and row["problem"] is None
    assert (row["url"], row["title"], row["source"]) == ("https://www.example.org/news/a", "Talks resume", "Example News")


def test_a_bad_sidecar_value_is_a_warning_naming_sidecar_and_value(tmp_path):
    (tmp_path / "a.json").write_text('{"published_on": "2024-13-45", "url": "ftp://x", "source": "Wire"}', encoding="utf-8")
    row = _read(tmp_path, "a.txt", NEWS.encode())
    assert row["status"] == "ok" and row["metadata_date"] is None and row["url"] is None and row["source"] == "Wire"
    assert row["problem"] == (
        "a.txt: sidecar a.json: published_on '2024-13-45' is not a full date (day, month and year); "
        "date ignored; sidecar a.json: url 'ftp://x' is not an http(s) address; ignored")
    (tmp_path / "b.json").write_text('{"published_on": ', encoding="utf-8")
    broken = _read(tmp_path, "b.txt", NEWS.encode())
    assert broken["status"] == "ok"
    assert broken["problem"] == "b.txt: sidecar b.json: not valid JSON at line 1, column 18 (Expecting value); ignored"


def test_a_sidecar_wins_over_the_page_it_describes(tmp_path):
    (tmp_path / "p.json").write_text('{"published_on": "2024-03-10", "source": "Harbour Post"}', encoding="utf-8")
    meta = '<meta property="article:published_time" content="2024-03-08T10:00:00Z">'
    row = _read(tmp_path, "p.html", PAGE.format(meta=meta).encode())
    assert row["metadata_date"] == date(2024, 3, 10) and row["source"] == "Harbour Post"
    assert row["title"] == "Shelter strike kills 14"  # the page's, since the sidecar gives none


# --- feeds -------------------------------------------------------------------------------------

def test_jsonl_items_are_articles_named_by_line(tmp_path):
    lines = [
        '{"text": "The ministry said 40 people were killed in Rafah overnight.", "url": "https://www.wire.example/a",'
        ' "published_at": "2024-05-06T23:30:00-04:00", "title": "Forty killed", "source": "Wire"}',
        "",
        '{"body": "Negotiators met again in Doha on Thursday, two officials said.", "link": "https://news.example/b",'
        ' "pubDate": "Thu, 16 May 2024 09:15:00 +0300"}',
        "{not json",
        '{"content": "Rescuers pulled 12 bodies from the rubble of a house in Jabalia.", "date": "2024-13-45"}',
        '{"title": "No text here"}',
        '["a", "list"]',
        '{"text": "A NUL \\u0000 inside the text of this item is not allowed here."}',
    ]
    (tmp_path / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = _read_all(tmp_path)
    first, third = rows["wire.jsonl:1"], rows["wire.jsonl:3"]
    assert first["status"] == "ok" and first["metadata_date"] == date(2024, 5, 6)  # the date in its own zone
    assert (first["url"], first["title"], first["source"]) == ("https://www.wire.example/a", "Forty killed", "Wire")
    assert third["status"] == "ok" and third["metadata_date"] == date(2024, 5, 16) and third["url"] == "https://news.example/b"
    assert rows["wire.jsonl:4"]["problem"] == "wire.jsonl:4: invalid JSON at column 2 (Expecting property name enclosed in double quotes)"
    assert rows["wire.jsonl:5"]["problem"] == (
        "wire.jsonl:5: bad date: '2024-13-45' is not a full date (day, month and year)")
    assert rows["wire.jsonl:6"]["problem"] == "wire.jsonl:6: no text (none of the fields text, body, content has any)"
    assert rows["wire.jsonl:7"]["problem"] == "wire.jsonl:7: not a JSON object but list"
    assert rows["wire.jsonl:8"]["problem"] == "wire.jsonl:8: the text contains a NUL character"
    assert sorted(rows) == [f"wire.jsonl:{n}" for n in (1, 3, 4, 5, 6, 7, 8)]
    assert {rows[k]["status"] for k in rows if k not in ("wire.jsonl:1", "wire.jsonl:3")} == {"rejected"}
    assert first["size_bytes"] == (tmp_path / "wire.jsonl").stat().st_size
    assert first["file_sha256"] != third["file_sha256"]  # each item is hashed on its own record


def test_csv_rows_start_where_their_record_starts(tmp_path):
    csv_text = (
        "URL;Published;Title;Text\n"
        'https://www.example.org/1;2024-01-02;One;"Officials said 9 people were killed; 20 were hurt.\n'
        'The toll may rise, they added."\n'
        "\n"
        "https://www.example.org/2;2024-01-03;Two;\n"
        "https://www.example.org/3;2024-01-04;;Aid agencies said 300 trucks had crossed into Gaza this week.\n"
        "x;y;z;w;extra\n"
    )
    (tmp_path / "sheet.csv").write_text(csv_text, encoding="utf-8")
    rows = _read_all(tmp_path)
    assert sorted(rows) == ["sheet.csv:2", "sheet.csv:5", "sheet.csv:6", "sheet.csv:7"]
    assert rows["sheet.csv:2"]["raw_text"] == "Officials said 9 people were killed; 20 were hurt.\nThe toll may rise, they added."
    assert (rows["sheet.csv:2"]["title"], rows["sheet.csv:2"]["metadata_date"]) == ("One", date(2024, 1, 2))
    assert rows["sheet.csv:5"]["problem"] == "sheet.csv:5: no text (none of the fields text, body, content has any)"
    assert rows["sheet.csv:6"]["status"] == "ok" and rows["sheet.csv:6"]["title"] is None
    assert rows["sheet.csv:7"]["problem"] == "sheet.csv:7: 5 fields where the header has 4"


def test_a_csv_without_a_text_column_and_an_empty_feed_are_reported(tmp_path):
    (tmp_path / "links.csv").write_text("url,title\nhttps://a.example/x,Something\n", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    (tmp_path / "header.csv").write_text("text,url\n", encoding="utf-8")
    rows = _read_all(tmp_path)
    assert rows["links.csv:1"]["problem"] == "links.csv:1: the header has no text column (one of text, body, content); no row read"
    assert rows["empty.jsonl"]["problem"] == "empty.jsonl: empty file"
    assert rows["header.csv"]["problem"] == "header.csv: a feed with no items (only a header or blank lines)"


def test_feed_dates_in_spreadsheet_forms_are_read_and_ambiguous_ones_kept_undated(tmp_path):
    (tmp_path / "links.csv").write_text(
        "link,pubDate,body\n"
        f"https://a.example/1,02/19/2025 10:42 AM,\"{NEWS}\"\n"
        f"https://a.example/2,19.02.2025,\"{NEWS} Two.\"\n"
        f"https://a.example/3,03/04/2025,\"{NEWS} Three.\"\n"
        f"https://a.example/4,yesterday,\"{NEWS} Four.\"\n", encoding="utf-8")
    rows = _read_all(tmp_path)
    assert rows["links.csv:2"]["metadata_date"] == date(2025, 2, 19) and rows["links.csv:2"]["problem"] is None
    assert rows["links.csv:3"]["metadata_date"] == date(2025, 2, 19)
    assert rows["links.csv:4"]["status"] == "ok" and rows["links.csv:4"]["metadata_date"] is None
    assert rows["links.csv:4"]["problem"] == (
        "links.csv:4: pubdate '03/04/2025' is ambiguous (2025-03-04 or 2025-04-03: day or month first?); date ignored")
    assert rows["links.csv:5"]["status"] == "rejected"
    assert rows["links.csv:5"]["problem"] == "links.csv:5: bad pubdate: 'yesterday' is not a full date (day, month and year)"


def test_a_feed_item_with_a_bad_url_keeps_its_text_with_a_warning(tmp_path):
    (tmp_path / "f.jsonl").write_text('{"text": "' + NEWS + '", "url": "not a link"}\n', encoding="utf-8")
    row = _read_all(tmp_path)["f.jsonl:1"]
    assert row["status"] == "ok" and row["url"] is None
    assert row["problem"] == "f.jsonl:1: url 'not a link' is not an http(s) address; ignored"


def test_a_legacy_encoded_csv_is_decoded(tmp_path):
    (tmp_path / "old.csv").write_bytes(("text,source\n\"" + ENGLISH_1252 + "\",Gazette\n").encode("cp1252"))
    row = _read_all(tmp_path)["old.csv:2"]
    assert (row["status"], row["encoding"], row["raw_text"], row["source"]) == ("ok", "cp1252", ENGLISH_1252, "Gazette")


# --- from read files to raw.articles -------------------------------------------------------------

def _articles(tmp_path) -> pl.DataFrame:
    from orchestration.assets.normalize import build_articles

    files = read_files(list_article_files(tmp_path), tmp_path).filter(pl.col("status") == "ok")
    _, articles = build_articles(files.with_columns(pl.lit(datetime(2026, 1, 1)).alias("ingested_at")), set())
    return articles.sort("source_path")


def test_articles_carry_url_outlet_and_a_title_line(tmp_path):
    (tmp_path / "wire.jsonl").write_text(
        '{"text": "Officials said 40 people were killed in Rafah overnight.", "title": "Forty killed in Rafah",'
        ' "url": "https://www.wire.example/2024/05/06/rafah", "published": "2024-05-06"}\n'
        '{"text": "Officials said 40 people were killed in Rafah overnight.", "title": "Forty killed in Rafah",'
        ' "url": "https://other.example/copy"}\n'
        '{"text": "Headline first\\n\\nThe ministry said 12 people were wounded in Nuseirat.", "title": "Headline first",'
        ' "source": "Gazette", "url": "https://www.gazette.example/x"}\n',
        encoding="utf-8")
    articles = _articles(tmp_path)
    assert articles["source_path"].to_list() == ["wire.jsonl:1", "wire.jsonl:3"]  # line 2 is the same text
    first, third = articles.to_dicts()
    assert first["body"] == "Forty killed in Rafah\nOfficials said 40 people were killed in Rafah overnight."
    assert (first["title"], first["url"], first["source"]) == ("Forty killed in Rafah", "https://www.wire.example/2024/05/06/rafah", "wire.example")
    assert (first["published_on"], first["published_on_basis"]) == (date(2024, 5, 6), "metadata")
    assert third["body"] == "Headline first\nThe ministry said 12 people were wounded in Nuseirat."  # not repeated
    assert (third["title"], third["source"]) == ("Headline first", "Gazette")


def test_articles_without_metadata_keep_null_url_and_source(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    row = _articles(tmp_path).to_dicts()[0]
    assert row["url"] is None and row["source"] is None and row["body"] == NEWS


@pytest.mark.parametrize("url, outlet", [
    ("https://www.example.org/a", "example.org"),
    ("http://user@News.Example.COM:8080/a?b=1", "news.example.com"),
    ("https://wwwnews.example/a", "wwwnews.example"),
])
def test_the_outlet_is_the_url_domain_without_www(tmp_path, url, outlet):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "a.json").write_text(f'{{"url": "{url}"}}', encoding="utf-8")
    assert _articles(tmp_path)["source"].to_list() == [outlet]
