"""A partitioned backfill and an incremental daily run give the same warehouse as one full run."""

from __future__ import annotations

import shutil

import pytest
from dagster import materialize

from orchestration.assets.extract import staging_dir
from orchestration.backfill import ARTICLE_BUCKETS, extraction_backfill_job
from orchestration.assets.ingest import article_files
from orchestration.assets.normalize import articles
from orchestration.resources import ArticleFolder, WarehouseResource
from tests.conftest import SEEDS_DIR, copy_seeds, materialize_everything
from tests.integration.test_pipeline import snapshot

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("full")
    mp = pytest.MonkeyPatch()
    mp.setenv("CEASEFIRE_REPORTS_DIR", str(tmp / "reports"))
    folder = copy_seeds(tmp / "articles")
    warehouse = tmp / "full.duckdb"
    assert materialize_everything(folder, warehouse).success
    yield snapshot(warehouse)
    mp.undo()


def test_partitioned_backfill_matches_a_full_run(full_run, tmp_path, monkeypatch):
    monkeypatch.setenv("CEASEFIRE_REPORTS_DIR", str(tmp_path / "reports"))
    folder = copy_seeds(tmp_path / "articles")
    warehouse = tmp_path / "backfill.duckdb"
    resources = {"warehouse": WarehouseResource(database=str(warehouse)), "article_folder": ArticleFolder(folder=str(folder))}
    assert materialize([article_files, articles], resources=resources).success
    for bucket in ARTICLE_BUCKETS.get_partition_keys():
        assert extraction_backfill_job.execute_in_process(partition_key=bucket, resources=resources).success
    staged = list(staging_dir(resources["warehouse"]).rglob("*.parquet"))
    assert staged, "the batch runs staged Parquet files"
    assert materialize_everything(folder, warehouse).success
    assert not list(staging_dir(resources["warehouse"]).rglob("*.parquet")), "the loader consumed the batches"
    assert snapshot(warehouse) == full_run


def test_incremental_run_matches_a_full_run(full_run, tmp_path, monkeypatch):
    monkeypatch.setenv("CEASEFIRE_REPORTS_DIR", str(tmp_path / "reports"))
    folder = tmp_path / "articles"
    folder.mkdir()
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    for path in seeds[:-1]:
        shutil.copy2(path, folder / path.name)
    warehouse = tmp_path / "incremental.duckdb"
    assert materialize_everything(folder, warehouse).success
    shutil.copy2(seeds[-1], folder / seeds[-1].name)
    assert materialize_everything(folder, warehouse).success
    assert snapshot(warehouse) == full_run
