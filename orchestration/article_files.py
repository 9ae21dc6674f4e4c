"""Read the article folder: decode, validate and quarantine, one file at a time.

Reading is inherently per file; everything after it works on frames. A bad file (empty,
binary, not UTF-8, too large, no text) becomes a `rejected` row with a message naming
the file and the problem; it never stops the other files.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import polars as pl

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
MAX_BYTES = 2_000_000
_HTML_HINT = re.compile(rb"<\s*(?:html|body|p|div|article|br|span|head)\b", re.I)


@dataclass(frozen=True)
class FileRecord:
    source_path: str
    file_sha256: str
    size_bytes: int
    modified_ns: int
    encoding: str | None
    status: str
    problem: str | None
    raw_text: str | None
    metadata_date: date | None


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("p", "br", "div", "h1", "h2", "h3", "li", "article", "section"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    return "".join(parser.parts)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    return data.decode("utf-8"), "utf-8"


def _metadata_date(path: Path) -> date | None:
    """A sidecar `<name>.json` with {"published_on": "YYYY-MM-DD"} is the article's metadata."""
    sidecar = path.with_suffix(".json")
    if not sidecar.exists():
        return None
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        value = meta.get("published_on") or meta.get("date")
        return date.fromisoformat(str(value)[:10]) if value else None
    except (ValueError, AttributeError, json.JSONDecodeError):
        return None


def read_file(path: Path, root: Path) -> FileRecord:
    data = path.read_bytes()
    stat = path.stat()
    rel = path.relative_to(root).as_posix()
    sha = hashlib.sha256(data).hexdigest()

    def rejected(problem: str, encoding: str | None = None) -> FileRecord:
        return FileRecord(rel, sha, len(data), stat.st_mtime_ns, encoding, "rejected", f"{rel}: {problem}", None, None)

    if not data.strip():
        return rejected("empty file")
    if len(data) > MAX_BYTES:
        return rejected(f"too large ({len(data):,} bytes; the limit is {MAX_BYTES:,})")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return rejected("binary file (contains NUL bytes), not text")
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError as exc:
        return rejected(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8")
    problem = None
    if _HTML_HINT.search(data[:4096]):
        text = html_to_text(text)
        problem = f"{rel}: HTML markup removed"
    letters = sum(ch.isalpha() for ch in text)
    if letters < 20:
        return rejected("no readable text (fewer than 20 letters)", encoding)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > len(text) * 0.01:
        return rejected("binary or corrupt text (control characters)", encoding)
    return FileRecord(rel, sha, len(data), stat.st_mtime_ns, encoding, "ok", problem, text, _metadata_date(path))


def list_article_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise FileNotFoundError(f"The article folder {folder} does not exist (setting CEASEFIRE_ARTICLES_DIR).")
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def read_files(paths: list[Path], root: Path) -> pl.DataFrame:
    schema = {
        "source_path": pl.String, "file_sha256": pl.String, "size_bytes": pl.Int64, "modified_ns": pl.Int64,
        "encoding": pl.String, "status": pl.String, "problem": pl.String, "raw_text": pl.String,
        "metadata_date": pl.Date,
    }
    records = [read_file(p, root) for p in paths]
    return pl.DataFrame([r.__dict__ for r in records], schema=schema)
