"""The main command's run of the ledger job: the Python assets, then dbt and the report only when
something dbt reads changed since its last successful build.

Every run launched elsewhere (UI, schedule, sensor, `dagster asset materialize`) builds dbt. Here
the decision is taken between two runs, so a skip is a run that was not launched, said in words,
never a step that did not yield its outputs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dagster import AssetKey, DagsterInstance, Definitions, ExecuteInProcessResult

from orchestration import run_lock
from orchestration.failpoints import failpoint

TRANSFORM_GROUPS = ("reference", "staging", "intermediate", "marts", "report")


@dataclass
class LedgerRun:
    """The one or two Dagster runs of a main-command run, read as one."""

    results: list[ExecuteInProcessResult] = field(default_factory=list)
    dbt_skipped_since: str | None = None  # the run id of the build that is still current

    @property
    def success(self) -> bool:
        return all(result.success for result in self.results)

    @property
    def all_events(self) -> list:
        return [event for result in self.results for event in result.all_events]

    def get_asset_materialization_events(self) -> list:
        return [event for result in self.results for event in result.get_asset_materialization_events()]

    def get_asset_check_evaluations(self) -> list:
        return [check for result in self.results for check in result.get_asset_check_evaluations()]


def split_keys(defs: Definitions) -> tuple[list[AssetKey], list[AssetKey]]:
    """(ingest/normalize/extract keys, dbt and report keys) of the ledger job."""
    graph = defs.resolve_asset_graph()
    upstream, downstream = [], []
    for key in graph.get_all_asset_keys():
        (downstream if graph.get(key).group_name in TRANSFORM_GROUPS else upstream).append(key)
    return sorted(upstream), sorted(downstream)


def run_ledger(defs: Definitions, warehouse: Path, instance: DagsterInstance, outputs: list[Path], tags: dict | None = None) -> LedgerRun:
    """Run the ledger job on `warehouse`, holding its run lock throughout; dbt and the report
    run only when their inputs changed or `outputs` (the charts) are older than the last build."""
    from orchestration.assets.transform import DBT_PROJECT, dbt_manifest
    from orchestration.dbt.build_state import unchanged_build

    job = defs.resolve_job_def("ceasefire_ledger_job")
    upstream, downstream = split_keys(defs)
    run = LedgerRun()
    run_lock.acquire(warehouse, "ceasefire-ledger run")
    try:
        run.results.append(job.execute_in_process(instance=instance, asset_selection=upstream, raise_on_error=False, tags=tags))
        if not run.success:
            return run
        failpoint("runner.between_phases")
        run.dbt_skipped_since = unchanged_build(warehouse, DBT_PROJECT, dbt_manifest(), outputs)
        if run.dbt_skipped_since is None:
            run.results.append(job.execute_in_process(instance=instance, asset_selection=downstream, raise_on_error=False, tags=tags))
        return run
    finally:
        run_lock.release(warehouse)


def materialize_into(articles_dir: Path, warehouse_path: Path, instance: DagsterInstance | None = None) -> LedgerRun:
    """The main command's run (assets and checks, in process) on a given folder and warehouse file."""
    from orchestration.assets.report import chart_paths
    from orchestration.assets.transform import DBT_PROJECT
    from orchestration.definitions import build_definitions
    from orchestration.dbt.resource import dbt_resource
    from orchestration.resources import ArticleFolder, WarehouseResource

    defs = build_definitions(
        {
            "warehouse": WarehouseResource(database=str(warehouse_path)),
            "article_folder": ArticleFolder(folder=str(articles_dir)),
            "dbt": dbt_resource(DBT_PROJECT),
        }
    )
    return run_ledger(defs, Path(warehouse_path), instance or DagsterInstance.ephemeral(), chart_paths())


PID_TAG = "ceasefire/pid"
"""The process of a main-command run, so that a later run can tell that it died."""


def mark_dead_runs_failed(instance: DagsterInstance) -> list[str]:
    """Mark failed the runs of the main command still `STARTED` whose process is gone (a
    `kill -9`, a lost machine); the daemon's run monitoring does this for the UI's runs."""
    from dagster import DagsterRunStatus, RunsFilter

    marked = []
    for run in instance.get_runs(filters=RunsFilter(statuses=[DagsterRunStatus.STARTED])):
        pid = run.tags.get(PID_TAG)
        if pid and pid.isdigit() and not _alive(int(pid)):
            instance.report_run_failed(run, message=f"The process of this run ({pid}) ended before the run did.")
            marked.append(run.run_id)
    return marked


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
