"""Dagster resources: the warehouse, the article folder and dbt."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import sys
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from dagster import ConfigurableResource
from dagster_dbt import DbtCliInvocation, DbtCliResource, DbtProject
from packaging import version
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


VENV_DBT = Path(sys.executable).parent / "dbt"


def dbt_executable() -> str:
    """dbt from PATH, else the one installed beside this Python (a venv that is not activated)."""
    return shutil.which("dbt") or str(VENV_DBT)


class LedgerDbtResource(DbtCliResource):
    """dagster-dbt's CLI resource without two start-up costs of every `dbt.cli` call (~7 s).

    - The version of the dbt executable: dagster-dbt asks `dbt --version` in a subprocess,
      which imports all of dbt (3-4 s). When the executable is this environment's own dbt, the
      installed dbt-core package already says which version it is.
    - A dbt adapter opened in this process: dagster-dbt builds one (loading dbt's macros,
      3-4 s) only for `fetch_row_counts()` / `fetch_column_metadata()`, which query the
      warehouse while dbt runs. DuckDB allows one writer per file, so this project cannot use
      them; `warehouse_models` counts mart rows itself once dbt has finished.
    Both hook dagster-dbt internals (tests/unit/test_resources.py checks they still exist).
    """

    @cached_property
    def _cli_version(self) -> version.Version:
        if Path(self.dbt_executable).resolve() == VENV_DBT.resolve():
            return version.parse(importlib.metadata.version("dbt-core"))
        return DbtCliResource._cli_version.func(self)

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_resource(project: DbtProject) -> DbtCliResource:
    return LedgerDbtResource(project_dir=project, dbt_executable=dbt_executable())


PROJECT_SOURCES = ("dbt_project.yml", "profiles.yml", "packages.yml", "models", "macros", "seeds", "tests", "snapshots", "analyses")


def manifest_is_current(project: DbtProject) -> bool:
    """True when manifest.json is newer than every file of the dbt project it was parsed from."""
    if not project.manifest_path.exists():
        return False
    built = project.manifest_path.stat().st_mtime
    for name in PROJECT_SOURCES:
        root = Path(project.project_dir) / name
        paths = [root] if root.is_file() else root.rglob("*") if root.is_dir() else []
        if any(p.is_file() and p.stat().st_mtime > built for p in paths):
            return False
    return True


def dbt_project() -> DbtProject:
    """The dbt project; `dbt parse` runs only when the manifest is missing or older than the project."""
    settings.export_for_dbt()
    project = DbtProject(project_dir=settings.DBT_PROJECT_DIR)
    if not manifest_is_current(project):
        dbt_resource(project).cli(["parse", "--quiet"], target_path=project.target_path).wait()
    return project


def keep_partial_parse(invocation: DbtCliInvocation, project: DbtProject) -> None:
    """Save the dbt run's parse cache as the project's, so that the next run skips a full parse.

    dagster-dbt gives each run its own target folder and seeds it with the project's
    `partial_parse.msgpack`; dbt refreshes the copy there (a changed warehouse path changes the
    profile, so dbt re-parses). dbt checks the cache against the files and profile when it
    reads it, so a stale cache only costs a full parse.
    """
    fresh = Path(invocation.target_path) / "partial_parse.msgpack"
    if fresh.exists():
        kept = Path(project.project_dir) / project.target_path / "partial_parse.msgpack"
        partial = kept.with_suffix(f".{os.getpid()}.tmp")
        shutil.copyfile(fresh, partial)
        os.replace(partial, kept)


RUN_FOLDERS_KEPT = 20


def prune_run_folders(project: DbtProject, keep: int = RUN_FOLDERS_KEPT) -> None:
    """Keep the newest `keep` per-run dbt target folders (about 6 MB each), delete the rest.

    dagster-dbt writes every `dbt build` into its own folder under target/ and never removes
    them; a daily schedule would fill the disk. Recent runs stay for debugging.
    """
    target = Path(project.project_dir) / project.target_path
    runs = sorted((p for p in target.glob("warehouse_models-*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in runs[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def default_resources(project: DbtProject) -> dict:
    return {
        "warehouse": WarehouseResource(database=str(settings.export_for_dbt())),
        "article_folder": ArticleFolder(folder=str(settings.articles_dir())),
        "dbt": dbt_resource(project),
    }
