"""The dbt CLI resource, without two start-up costs that this project never needs."""

from __future__ import annotations

import importlib.metadata
import shutil
import sys
from functools import cached_property
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging import version

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
