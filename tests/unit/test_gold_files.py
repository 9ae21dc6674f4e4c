"""Every hand-written gold file is well formed: it parses, names only its own articles, quotes
them word for word and uses only the vocabularies of the data contract. A typo in a gold file
would otherwise show up as an extraction error nobody can fix."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from orchestration.extraction.figure_attributes import REPORTERS
from tests.conftest import ROOT, contract_vocabularies

GOLD_FOLDERS = sorted(p.parent for p in (ROOT / "corpora").glob("*/gold.jsonl"))

# The victim groups of the data contract of 2026-12-06 (DESIGN.md, table "Vocabularies"): the gold
# files follow the contract, whether or not the staging models list the finer groups yet.
CONTRACT_VICTIM_GROUPS = {
    "all", "children", "women", "soldiers", "fighters", "journalists", "medical_staff",
    "aid_workers", "aid_seekers", "other",
}


def article_texts(folder: Path) -> dict[str, str]:
    """Each article as a gold file names it (`a.txt`, `wire.jsonl:3`), with its text as read by
    the ingest (a saved page's main text and its markup, for quotes in either)."""
    from orchestration.article_files import list_article_files, read_files

    files = read_files(list_article_files(folder), folder).filter(pl.col("status") == "ok")
    texts = {}
    for name, text in files.select(pl.col("source_path").str.split("/").list.last(), "raw_text").iter_rows():
        page = folder / name
        texts[name] = text + ("\n" + page.read_text(encoding="utf-8") if page.suffix in (".html", ".htm") else "")
    return texts


def test_there_are_gold_folders():
    assert {"corpus", "heldout", "heldout11"} <= {p.name for p in GOLD_FOLDERS}


@pytest.mark.parametrize("folder", GOLD_FOLDERS, ids=lambda p: p.name)
def test_gold_file_is_well_formed(folder: Path):
    vocab = contract_vocabularies()
    vocab["victim_group"] = CONTRACT_VICTIM_GROUPS
    rows = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = article_texts(folder / "articles")
    assert sorted(r["file"] for r in rows) == sorted(articles), "gold rows and article files must match one to one"
    problems = []
    for row in rows:
        text = articles[row["file"]]
        if row["lang"] not in vocab["language"]:
            problems.append(f"{row['file']}: language {row['lang']!r}")
        if row.get("date_basis", "unknown") not in vocab["published_on_basis"]:
            problems.append(f"{row['file']}: date basis {row['date_basis']!r}")
        for fact in row["casualties"]:
            for key, column in (("metric", "metric"), ("group", "victim_group"), ("region", "region"), ("scope", "scope"), ("qualifier", "qualifier")):
                if fact[key] not in vocab[column]:
                    problems.append(f"{row['file']}: {key} {fact[key]!r}")
            if fact["group"] == "aid_seekers" and fact["metric"] not in ("killed", "injured"):
                # people killed or hurt seeking food or aid: never starvation_deaths
                problems.append(f"{row['file']}: aid seekers with metric {fact['metric']!r}: {fact['quote']!r}")
            if fact.get("reported_by") is not None and fact["reported_by"] not in REPORTERS:
                problems.append(f"{row['file']}: reported_by {fact['reported_by']!r}")
        for fact in row["hostages"]:
            for key, column in (("status", "status"), ("group", "hostage_group"), ("qualifier", "qualifier")):
                if fact[key] not in vocab[column]:
                    problems.append(f"{row['file']}: {key} {fact[key]!r}")
        for fact in row["casualties"] + row["hostages"]:
            if not isinstance(fact["value"], int) or fact["value"] <= 0:
                problems.append(f"{row['file']}: value {fact['value']!r}")
            if fact["quote"] not in text:
                problems.append(f"{row['file']}: quote not in the article: {fact['quote']!r}")
    assert not problems, "\n".join(problems)
