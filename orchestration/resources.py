"""Dagster resources: the warehouse, the article folder and dbt (orchestration/dbt/)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dagster import ConfigurableResource, InitResourceContext
from dagster_duckdb import DuckDBResource
from pydantic import PrivateAttr

from orchestration import run_lock, settings
from orchestration.dbt.resource import dbt_resource  # dagster-dbt comes through orchestration.dbt (lean_import.py)
from orchestration.warehouse import connect, ensure_schema

if TYPE_CHECKING:
    from dagster_dbt import DbtProject


class WarehouseResource(DuckDBResource):
    """The DuckDB file. Connections are short-lived and fail fast with a clear message
    when another process (dbt, `dagster dev`, a duckdb shell) holds the write lock.

    The first write connection of a run takes the warehouse's run lock (orchestration/run_lock.py)
    and the run keeps it to its end, so two runs never interleave their writes."""

    _locked: bool = PrivateAttr(default=False)

    @contextmanager
    def get_connection(self, read_only: bool = False):
        if not read_only and not self._locked:
            run_lock.acquire(self.database, "a Dagster run")
            self._locked = True
        with connect(Path(self.database), read_only=read_only) as conn:
            if not read_only:
                ensure_schema(conn)
            yield conn

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        if self._locked:
            run_lock.release(self.database)
            self._locked = False


class ArticleFolder(ConfigurableResource):
    """Where the raw article files are (CEASEFIRE_ARTICLES_DIR, default `seeds/`)."""

    folder: str

    @property
    def path(self) -> Path:
        return Path(self.folder)


def default_resources(project: DbtProject) -> dict:
    return {
        "warehouse": WarehouseResource(database=str(settings.export_for_dbt())),
        "article_folder": ArticleFolder(folder=str(settings.articles_dir())),
        "dbt": dbt_resource(project),
    }
