"""Read the article folder: every file as rows of `raw.article_files`, bad ones quarantined.

A text or page file is one row; a feed (JSONL, CSV) is one row per item, named
`<file>:<line>`. Reading is inherently per file (`orchestration.ingest`: a safe bounded open,
decoding, web pages, feeds, sidecars); the checks on the decoded text (letters, control
characters) run on the whole batch as polars expressions. A bad file or item becomes a
`rejected` row whose problem is one line starting with its path; it never stops the others.
An accepted row may carry a warning in `problem` too (a sidecar value that was ignored).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

import polars as pl

from orchestration.ingest.encodings import decode
from orchestration.ingest.feeds import csv_items, jsonl_items
from orchestration.ingest.files import Unreadable, read_bounded, resolve_inside
from orchestration.ingest.metadata import Metadata, read_sidecar
from orchestration.ingest.pages import looks_like_page, read_page

TEXT_SUFFIXES = {".txt", ".text", ".md"}
PAGE_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".jsonl", ".csv"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | PAGE_SUFFIXES | FEED_SUFFIXES
MAX_BYTES = 2_000_000  # one article: a text file, a page, or one feed item's text
MAX_FEED_BYTES = 50_000_000  # a whole feed file, read at once
FEED_ITEM_SUFFIX = ":[0-9]+$"  # what a feed item's source_path adds to its file's path
MIN_LETTERS = 20
MAX_CONTROL_SHARE = 0.01
_LETTER = r"\p{L}"  # str.isalpha(): general categories Lu, Ll, Lt, Lm, Lo
_CONTROL = r"[\x00-\x08\x0B\x0C\x0E-\x1F]"  # below 32, except tab, newline and carriage return
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")

SCHEMA = {
    "source_path": pl.String, "file_sha256": pl.String, "size_bytes": pl.Int64, "modified_ns": pl.Int64,
    "encoding": pl.String, "status": pl.String, "problem": pl.String, "raw_text": pl.String,
    "metadata_date": pl.Date, "url": pl.String, "title": pl.String, "source": pl.String,
}
ITEM_COLUMNS = ("raw_text", "metadata_date", "url", "title", "source")


def _relative(path: Path, root: Path) -> str:
    """path.relative_to(root).as_posix(), without pathlib's parsing for the usual root/name case."""
    full, prefix = os.fspath(path), os.fspath(root) + os.sep
    if os.sep == "/" and full.startswith(prefix) and "/." not in full and "//" not in full:
        return full[len(prefix):]
    return path.relative_to(root).as_posix()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _one_line(source_path: str, notes: list[str]) -> str | None:
    """The problem column: the path, then every note, on one line (the terminal prints it)."""
    if not notes:
        return None
    return _LINE_BREAKS.sub(" ", f"{source_path}: {'; '.join(notes)}")


def _row(source_path: str, digest: str, size: int, modified_ns: int, encoding: str | None = None,
         text: str | None = None, meta: Metadata | None = None, rejected: str | None = None) -> dict:
    """One row of SCHEMA: accepted with its text and metadata, or rejected with the reason."""
    meta = meta or Metadata()
    accepted = rejected is None and text is not None
    return {
        "source_path": source_path, "file_sha256": digest, "size_bytes": size, "modified_ns": modified_ns,
        "encoding": encoding, "status": "ok" if accepted else "rejected",
        "problem": _one_line(source_path, meta.warnings if accepted else [*meta.warnings, rejected]),
        "raw_text": text if accepted else None,
        "metadata_date": meta.published_on if accepted else None,
        "url": meta.url if accepted else None,
        "title": meta.title if accepted else None,
        "source": meta.source if accepted else None,
    }


def _unread(rel: str, exc: Unreadable) -> dict:
    """A file that could not be read has no content hash: a hash of its path, size and mtime
    stands in, so each version of it is reported once."""
    digest = _sha256(f"unread\0{rel}\0{exc.size}\0{exc.modified_ns}".encode("utf-8", "surrogateescape"))
    return _row(rel, digest, exc.size, exc.modified_ns, rejected=str(exc))


def _feed_rows(rel: str, size: int, modified_ns: int, text: str, encoding: str, suffix: str) -> list[dict]:
    items = jsonl_items if suffix == ".jsonl" else csv_items
    rows = [
        _row(f"{rel}:{item.line}", item.digest, size, modified_ns, encoding, item.text, item.meta, item.problem)
        for item in items(text, MAX_BYTES)
    ]
    return rows or [_row(rel, _sha256(text.encode("utf-8")), size, modified_ns, encoding,
                         rejected="a feed with no items (only a header or blank lines)")]


def _sidecar_of(name: str) -> str:
    base, ext = os.path.splitext(name)
    return base + ".json" if ext not in ("", ".") else name + ".json"


def _read(path: Path, root: Path, folder_real: str, sidecars: set[str]) -> list[dict]:
    """The rows of one listed path (one, or one per feed item). sidecars: the `.json` files
    beside the listed paths; folder_real: the article folder with its links resolved."""
    rel, name = _relative(path, root), os.fspath(path)
    suffix = os.path.splitext(name)[1].lower()
    feed = suffix in FEED_SUFFIXES
    try:
        opened = read_bounded(resolve_inside(name, folder_real), MAX_FEED_BYTES if feed else MAX_BYTES)
    except Unreadable as exc:
        return [_unread(rel, exc)]
    file_row = (rel, _sha256(opened.data), opened.size, opened.modified_ns)
    if not opened.data.strip():
        return [_row(*file_row, rejected="empty file")]
    try:
        text, encoding = decode(opened.data)
    except Unreadable as exc:
        return [_row(*file_row, rejected=str(exc))]
    if feed:
        return _feed_rows(rel, opened.size, opened.modified_ns, text, encoding, suffix)
    meta = Metadata()
    if looks_like_page(text) or (suffix in PAGE_SUFFIXES and "<" in text):
        try:
            text, meta = read_page(text)
        except Unreadable as exc:
            return [_row(*file_row, encoding, rejected=str(exc))]
        if suffix not in PAGE_SUFFIXES:
            meta.warnings.append("read as a web page (it starts with HTML markup)")
    sidecar = _sidecar_of(name)
    if sidecar in sidecars:
        meta = read_sidecar(sidecar, folder_real, f"sidecar {os.path.basename(sidecar)}").over(meta)
    return [_row(*file_row, encoding, text, meta)]


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
    passed = pl.col("_text_problem").is_null()
    return (
        files.with_columns(problem.alias("_text_problem"))
        .with_columns(pl.when(passed).then(pl.col(c)).otherwise(None).alias(c) for c in ITEM_COLUMNS)
        .with_columns(
            pl.when(passed).then(pl.col("status")).otherwise(pl.lit("rejected")).alias("status"),
            pl.when(passed).then(pl.col("problem"))
            .otherwise(pl.col("source_path") + ": " + pl.col("_text_problem")).alias("problem"),
        )
        .drop("_text_problem")
    )


def _stat(entry: os.DirEntry) -> os.stat_result | None:
    """The entry's stat through a link, else the link's own (a dangling link is still listed,
    to be reported); None when it vanished meanwhile."""
    try:
        return entry.stat()
    except OSError:
        try:
            return entry.stat(follow_symlinks=False)
        except OSError:
            return None


def scan_article_files(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Every article file under folder (subfolders too, not through links to folders) as its
    path relative to folder (POSIX separators) with its stat, in the order of sorted Paths:
    one directory walk and one stat per file, no Path object per file. Links are listed
    whatever they point to, so that reading can refuse and report them."""
    if not folder.is_dir():
        raise FileNotFoundError(f"The article folder {folder} does not exist (setting CEASEFIRE_ARTICLES_DIR).")
    found = []
    pending = [(os.fspath(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue  # as Path.rglob: an unreadable or vanished subfolder is skipped
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, f"{prefix}{entry.name}/"))
            elif os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES and (entry.is_symlink() or entry.is_file()):
                entry_stat = _stat(entry)
                if entry_stat is not None:
                    found.append((f"{prefix}{entry.name}", entry_stat))
    # Paths sort by their parts, not as strings ("a/b" before "a-c").
    return sorted(found, key=lambda item: item[0].split("/"))


def list_article_files(folder: Path) -> list[Path]:
    """The listed paths that can be stat'ed (a dangling link is left out: callers stat them)."""
    return [folder / relative for relative, st in scan_article_files(folder) if not stat.S_ISLNK(st.st_mode)]


def _json_files(folders: set[str]) -> set[str]:
    found = set()
    for folder in folders:
        try:
            found.update(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".json"))
        except OSError:
            pass
    return found


def read_files(paths: list[Path], root: Path) -> pl.DataFrame:
    """The files as rows of SCHEMA (a feed as one row per item), rejected ones with their problem."""
    sidecars = _json_files({os.path.dirname(os.fspath(p)) for p in paths})
    folder_real = os.path.realpath(root)
    rows = [row for p in paths for row in _read(p, root, folder_real, sidecars)]
    return _check_text(pl.DataFrame(rows, schema=SCHEMA))
