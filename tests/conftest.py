"""Shared fixtures: the seed articles run through the extraction library, and a helper that
materializes the whole Dagster job into a temporary DuckDB file."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import polars as pl
import yaml
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
GOLD_FILE = ROOT / "tests" / "fixtures" / "seeds_gold.jsonl"


def read_articles(folder: Path) -> pl.DataFrame:
    """Read, normalize and date a folder of articles exactly as the `raw/articles` asset does."""
    from orchestration.article_files import list_article_files, read_files
    from orchestration.assets.normalize import build_articles

    files = read_files(list_article_files(folder), folder).filter(pl.col("status") == "ok")
    files = files.with_columns(pl.lit(datetime(2026, 1, 1)).alias("ingested_at"))
    _, articles = build_articles(files, set())
    return articles


@pytest.fixture(scope="session")
def gold() -> list[dict]:
    from orchestration.evaluation import load_gold

    return load_gold(GOLD_FILE)


@pytest.fixture(scope="session")
def seed_articles() -> pl.DataFrame:
    return read_articles(SEEDS_DIR)


@pytest.fixture(scope="session")
def seed_facts(seed_articles):
    from orchestration.extraction import extract_facts

    return extract_facts(seed_articles)


def copy_seeds(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in SEEDS_DIR.glob("*.txt"):
        shutil.copy2(path, target / path.name)
    return target


def materialize_everything(articles_dir: Path, warehouse_path: Path):
    """Run the full job (assets and checks) in process against a temporary warehouse."""
    from orchestration.evaluation import materialize_into

    return materialize_into(articles_dir, warehouse_path)


@pytest.fixture
def temp_warehouse(tmp_path, monkeypatch) -> Path:
    """A fresh DuckDB path; reports go to tmp too."""
    monkeypatch.setenv("CEASEFIRE_REPORTS_DIR", str(tmp_path / "reports"))
    return tmp_path / "warehouse.duckdb"


def contract_vocabularies() -> dict[str, set]:
    """accepted_values and list_values_in of the staging models (the vocabularies of docs/DESIGN.md)."""
    spec = yaml.safe_load((ROOT / "dbt_project" / "models" / "staging" / "_staging.yml").read_text(encoding="utf-8"))
    vocab: dict[str, set] = {}

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("accepted_values", "list_values_in") and isinstance(value, dict):
                    for column, values in value.items():
                        if isinstance(values, list):
                            vocab.setdefault(column, set()).update(values)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return vocab
