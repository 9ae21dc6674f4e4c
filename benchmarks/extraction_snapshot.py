"""Every fact the extractor takes from the project's corpora, as one sorted JSONL file.

    python -m benchmarks.extraction_snapshot --out /tmp/after.jsonl [--compare /tmp/before.jsonl]

Reads each corpus the way the pipeline does (ingest, normalize, date, extract), without a
warehouse. With --compare, prints every fact that appeared or disappeared: the list of changed
figures a rewrite of the extractor must account for.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
FACT_COLUMNS = {
    "casualty": ["value", "metric", "victim_group", "region", "scope", "qualifier", "reported_by", "as_of", "as_of_basis"],
    "hostage": ["value", "status", "hostage_group", "qualifier", "as_of", "as_of_basis"],
}


def corpus_folders() -> list[Path]:
    folders = [ROOT / "seeds"]
    for articles in sorted((ROOT / "corpora").rglob("articles")):
        if articles.is_dir():
            folders.append(articles)
    return folders


def articles_of(folder: Path) -> pl.DataFrame:
    from orchestration.article_files import read_files, scan_article_files
    from orchestration.assets.normalize import build_articles

    paths = [folder / relative for relative, _ in scan_article_files(folder)]
    files = read_files(paths, folder).filter(pl.col("status") == "ok")
    files = files.with_columns(pl.lit(datetime(2026, 1, 1, tzinfo=timezone.utc)).alias("ingested_at"))
    sources, articles = build_articles(files, set())
    first_path = sources.group_by("article_id").agg(pl.col("source_path").min())
    return articles.join(first_path, on="article_id")


def facts_of(folder: Path) -> list[dict]:
    from orchestration.extraction import extract_facts

    articles = articles_of(folder)
    extracted = extract_facts(articles)
    paths = articles.select("article_id", "source_path")
    rows = []
    for kind, table in (("casualty", extracted.casualty_facts), ("hostage", extracted.hostage_facts)):
        table = table.join(paths, on="article_id").select("source_path", "sentence", "char_start", *FACT_COLUMNS[kind])
        for row in table.iter_rows(named=True):
            row["as_of"] = str(row["as_of"]) if row["as_of"] else None
            rows.append({"corpus": str(folder.relative_to(ROOT)), "kind": kind, **row})
    return rows


def _key(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args(argv)
    rows = [row for folder in corpus_folders() for row in facts_of(folder)]
    lines = sorted(_key(r) for r in rows)
    args.out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} facts from {len(corpus_folders())} corpora -> {args.out}")
    if not args.compare:
        return 0
    before = set(args.compare.read_text(encoding="utf-8").splitlines())
    after = set(lines)
    for sign, changed in (("-", sorted(before - after)), ("+", sorted(after - before))):
        for line in changed:
            print(sign, line)
    print(f"{len(before - after)} facts gone, {len(after - before)} new")
    return 0 if before == after else 1


if __name__ == "__main__":
    sys.exit(main())
