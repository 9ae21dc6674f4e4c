"""Dagster resources: the warehouse, the article folder and dbt."""

from __future__ import annotations

import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource

from orchestration import settings
from orchestration.warehouse import connect, ensure_schema


class WarehouseResource(DuckDBResource):
    """The DuckDB file. Connections are short-lived and fail fast with a clear message
    when another process (dbt, `dagster dev`, a duckdb shell) holds the write lock."""

    @contextmanager
    def get_connection(self, read_only: bool = False):
        with connect(Path(self.database), read_only=read_only) as conn:
            if not read_only:
                ensure_schema(conn)
            yield conn


class ArticleFolder(ConfigurableResource):
    """Where the raw article files are (CEASEFIRE_ARTICLES_DIR, default `seeds/`)."""

    folder: str

    @property
    def path(self) -> Path:
        return Path(self.folder)


def dbt_executable() -> str:
    """dbt from PATH, else the one installed beside this Python (a venv that is not activated)."""
    beside = Path(sys.executable).parent / "dbt"
    return shutil.which("dbt") or str(beside)


def dbt_resource(project: DbtProject) -> DbtCliResource:
    return DbtCliResource(project_dir=project, dbt_executable=dbt_executable())


def dbt_project() -> DbtProject:
    """The dbt project; its manifest is parsed when missing or under `dagster dev`."""
    settings.export_for_dbt()
    project = DbtProject(project_dir=settings.DBT_PROJECT_DIR)
    if project.preparer.using_dagster_dev() or not project.manifest_path.exists():
        dbt_resource(project).cli(["parse", "--quiet"], target_path=project.target_path).wait()
    return project


def default_resources(project: DbtProject) -> dict:
    return {
        "warehouse": WarehouseResource(database=str(settings.export_for_dbt())),
        "article_folder": ArticleFolder(folder=str(settings.articles_dir())),
        "dbt": dbt_resource(project),
    }
