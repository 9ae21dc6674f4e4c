"""Read the article folder: decode, validate and quarantine.

Reading is inherently per file (bytes, hash, decoding); the checks on the decoded text
(letters, control characters) run on the whole batch as polars expressions. A bad file
(empty, binary, not UTF-8, too large, no text) becomes a `rejected` row with a message naming
the file and the problem; it never stops the other files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import polars as pl

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}
MAX_BYTES = 2_000_000
MIN_LETTERS = 20
MAX_CONTROL_SHARE = 0.01
_HTML_HINT = re.compile(rb"<\s*(?:html|body|p|div|article|br|span|head)\b", re.I)
_LETTER = r"\p{L}"  # str.isalpha(): general categories Lu, Ll, Lt, Lm, Lo
_CONTROL = r"[\x00-\x08\x0B\x0C\x0E-\x1F]"  # below 32, except tab, newline and carriage return

SCHEMA = {
    "source_path": pl.String, "file_sha256": pl.String, "size_bytes": pl.Int64, "modified_ns": pl.Int64,
    "encoding": pl.String, "status": pl.String, "problem": pl.String, "raw_text": pl.String,
    "metadata_date": pl.Date,
}


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


def _relative(path: Path, root: Path) -> str:
    """path.relative_to(root).as_posix(), without pathlib's parsing for the usual root/name case."""
    full, prefix = os.fspath(path), os.fspath(root) + os.sep
    if os.sep == "/" and full.startswith(prefix) and "/." not in full and "//" not in full:
        return full[len(prefix):]
    return path.relative_to(root).as_posix()


def _read(path: Path, root: Path, sidecars: set[str]) -> dict:
    """One file as a row of SCHEMA; `ok` unless a check on its bytes fails (the text checks follow).
    sidecars: the paths of the `.json` files beside it."""
    with open(path, "rb") as file:
        data = file.read()
        modified_ns = os.fstat(file.fileno()).st_mtime_ns
    rel = _relative(path, root)
    row = {"source_path": rel, "file_sha256": hashlib.sha256(data).hexdigest(), "size_bytes": len(data),
           "modified_ns": modified_ns, "encoding": None, "status": "rejected", "problem": None,
           "raw_text": None, "metadata_date": None}

    def rejected(problem: str) -> dict:
        row["problem"] = f"{rel}: {problem}"
        return row

    if not data.strip():
        return rejected("empty file")
    if len(data) > MAX_BYTES:
        return rejected(f"too large ({len(data):,} bytes; the limit is {MAX_BYTES:,})")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return rejected("binary file (contains NUL bytes), not text")
    try:
        text, row["encoding"] = _decode(data)
    except UnicodeDecodeError as exc:
        return rejected(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8")
    if _HTML_HINT.search(data[:4096]):
        text = html_to_text(text)
        row["problem"] = f"{rel}: HTML markup removed"
    base, ext = os.path.splitext(os.fspath(path))
    sidecar = base + ".json" if ext not in ("", ".") else os.fspath(path.with_suffix(".json"))
    row.update(status="ok", raw_text=text, metadata_date=_metadata_date(path) if sidecar in sidecars else None)
    return row


def _check_text(files: pl.DataFrame) -> pl.DataFrame:
    """Reject decoded texts with fewer than MIN_LETTERS letters, or with more than
    MAX_CONTROL_SHARE of control characters (in that order); a rejected row keeps no text."""
    letters = pl.col("raw_text").str.count_matches(_LETTER)
    controls = pl.col("raw_text").str.count_matches(_CONTROL)
    problem = (
        pl.when(pl.col("status") != "ok").then(None)
        .when(letters < MIN_LETTERS).then(pl.lit(f"no readable text (fewer than {MIN_LETTERS} letters)"))
        .when(controls > pl.col("raw_text").str.len_chars() * MAX_CONTROL_SHARE)
        .then(pl.lit("binary or corrupt text (control characters)"))
    )
    return (
        files.with_columns(problem.alias("_text_problem"))
        .with_columns(
            pl.when(pl.col("_text_problem").is_null()).then(pl.col(c)).otherwise(None).alias(c)
            for c in ("raw_text", "metadata_date")
        )
        .with_columns(
            pl.when(pl.col("_text_problem").is_null()).then(pl.col("status")).otherwise(pl.lit("rejected")).alias("status"),
            pl.when(pl.col("_text_problem").is_null()).then(pl.col("problem"))
            .otherwise(pl.col("source_path") + ": " + pl.col("_text_problem")).alias("problem"),
        )
        .drop("_text_problem")
    )


def scan_article_files(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Every article file under folder (subfolders too, not through links to folders) as its
    path relative to folder (POSIX separators) with its stat, in the order of sorted Paths:
    one directory walk and one stat per file, no Path object per file."""
    if not folder.is_dir():
        raise FileNotFoundError(f"The article folder {folder} does not exist (setting CEASEFIRE_ARTICLES_DIR).")
    found = []
    pending = [(os.fspath(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except PermissionError:
            continue  # as Path.rglob: an unreadable subfolder is skipped
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                pending.append((entry.path, f"{prefix}{entry.name}/"))
            elif os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES and entry.is_file():
                found.append((f"{prefix}{entry.name}", entry.stat()))
    # Paths sort by their parts, not as strings ("a/b" before "a-c").
    return sorted(found, key=lambda item: item[0].split("/"))


def list_article_files(folder: Path) -> list[Path]:
    return [folder / relative for relative, _ in scan_article_files(folder)]


def _json_files(folders: set[str]) -> set[str]:
    found = set()
    for folder in folders:
        try:
            found.update(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".json"))
        except OSError:
            pass
    return found


def read_files(paths: list[Path], root: Path) -> pl.DataFrame:
    """The files as rows of SCHEMA, rejected ones with their problem."""
    sidecars = _json_files({os.path.dirname(os.fspath(p)) for p in paths})
    rows = [_read(p, root, sidecars) for p in paths]
    return _check_text(pl.DataFrame(rows, schema=SCHEMA))
