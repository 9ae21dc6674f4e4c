"""Transform: the dbt project (staging views, intermediate views, mart tables) as Dagster assets.

dbt sources point at the Python assets through `meta.dagster.asset_key`, so the lineage
from an article file to a mart row is one graph. dbt tests become asset checks.
"""


import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from dagster import AssetExecutionContext, AssetKey, Output
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration import dbt_state, settings
from orchestration.assets.report import chart_path
from orchestration.resources import (
    WarehouseResource,
    dbt_project,
    keep_partial_parse,
    prune_run_folders,
    run_target_path,
    seed_partial_parse,
)
from orchestration.warehouse import connect

DBT_PROJECT = dbt_project()


@cache
def _manifest() -> dict:
    return json.loads(DBT_PROJECT.manifest_path.read_bytes())


class LedgerTranslator(DagsterDbtTranslator):
    """Models are keyed by their DuckDB schema and name (`marts/casualty_trend`) and grouped by folder."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed", "snapshot"):
            schema = dbt_resource_props["config"].get("schema") or dbt_resource_props["schema"]
            return AssetKey([schema, dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "warehouse"


ROW_COUNTED_SCHEMAS = ("marts", "reference")
"""Tables whose materializations carry `dagster/row_count` (views are not counted)."""

SKIPPING_JOBS = ("ceasefire_ledger_job",)
"""Jobs whose runs skip `dbt build` when nothing dbt reads changed (see orchestration/dbt_state.py).
A materialization launched by hand (`dagster dev`, `materialize([...])`) always runs dbt."""


@dbt_assets(manifest=DBT_PROJECT.manifest_path, project=DBT_PROJECT, dagster_dbt_translator=LedgerTranslator())
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """Runs `dbt build` (seed, run, test) against the warehouse file of the `warehouse` resource.

    In the daily job, dbt is skipped when its sources, seed and project are exactly what the
    last successful build here was built from and every model is still in the warehouse
    (orchestration/dbt_state.py): nothing is materialized then, dbt tests do not run, and the
    chart downstream is skipped too. A fresh warehouse, new articles or an edited model build.

    Events are passed on while dbt runs, so that Dagster records them while dbt works. Those
    of the row-counted tables wait until dbt has released the file (DuckDB allows one writer
    at a time), and with them those of the models downstream of them: Dagster wants a
    multi-asset's outputs in dependency order, and checks after what they check.

    dbt starts from the parse cache of the last run on a warehouse of the same file name
    (orchestration/resources.py, seed_partial_parse): a full parse costs ~4 s.
    """
    os.environ[settings.WAREHOUSE_VAR] = warehouse.database
    inputs = _inputs_fingerprint(context, warehouse)
    if inputs is not None and _may_skip(context, warehouse, inputs):
        context.log.info(
            "dbt build skipped: the sources, seed and dbt project are unchanged since the last successful build "
            f"of {warehouse.database} and every model is in place."
        )
        return
    # Until this build succeeds, the warehouse no longer matches the recorded one.
    dbt_state.clear_state(warehouse.database)
    target = run_target_path(DBT_PROJECT, context.op_execution_context.op.name, context.run.run_id)
    try:
        seed_partial_parse(DBT_PROJECT, warehouse.database, target)
    except Exception as exc:  # the parse cache only saves time: without it dbt parses the project
        context.log.warning(f"dbt runs without a parse cache: {exc!r}")
    invocation = dbt.cli(["build"], context=context, target_path=target)
    held, held_keys = [], set()
    try:
        for event in invocation.stream():
            key = _asset_key(context, event)
            if key.path[0] in ROW_COUNTED_SCHEMAS or key in held_keys or held_keys & context.assets_def.asset_deps.get(key, set()):
                held_keys.add(key)
                held.append(event)
            else:
                yield event
    except Exception:
        # A failed build still records what dbt did build, as a plain stream() would.
        yield from _with_row_counts(context, warehouse, held)
        raise
    try:
        keep_partial_parse(invocation, DBT_PROJECT, warehouse.database)
    except Exception as exc:
        context.log.warning(f"dbt's parse cache was not kept: {exc!r}")
    prune_run_folders(DBT_PROJECT)
    yield from _with_row_counts(context, warehouse, held)
    if inputs is not None and _builds_everything(context):
        dbt_state.write_state(warehouse.database, inputs)


def _builds_everything(context: AssetExecutionContext) -> bool:
    """The whole dbt project (every model, seed and test) is selected in this step."""
    assets_def = context.assets_def
    return set(context.selected_asset_keys) == set(assets_def.keys) and set(
        context.selected_asset_check_keys
    ) == set(assets_def.check_keys)


def _inputs_fingerprint(context: AssetExecutionContext, warehouse: WarehouseResource) -> str | None:
    """The fingerprint of what dbt reads, or None when it cannot be taken (a source is missing)."""
    try:
        with connect(warehouse.database, read_only=True) as conn:
            return dbt_state.fingerprint(conn, Path(DBT_PROJECT.project_dir), dbt_state.source_tables(_manifest()))
    except duckdb.Error as exc:
        context.log.debug(f"No fingerprint of the dbt inputs: {exc}")
        return None


def _may_skip(context: AssetExecutionContext, warehouse: WarehouseResource, inputs: str) -> bool:
    if context.job_name not in SKIPPING_JOBS or not _builds_everything(context):
        return False
    if dbt_state.read_state(warehouse.database) != inputs:
        return False
    # The chart is downstream and is skipped with dbt: it must be as new as the recorded build.
    chart, recorded = chart_path(), dbt_state.state_path(warehouse.database)
    if not chart.exists() or chart.stat().st_mtime < recorded.stat().st_mtime:
        return False
    with connect(warehouse.database, read_only=True) as conn:
        missing = dbt_state.missing_relations(conn, dbt_state.built_relations(_manifest()))
    if missing:
        context.log.info(f"dbt build needed: {', '.join('.'.join(m) for m in missing)} not in the warehouse.")
    return not missing


def _asset_key(context: AssetExecutionContext, event) -> AssetKey:
    if isinstance(event, Output):
        return context.asset_key_for_output(event.output_name)
    return event.asset_key


def _with_row_counts(context: AssetExecutionContext, warehouse: WarehouseResource, events: list):
    if not events:
        return
    with connect(warehouse.database, read_only=True) as conn:
        for event in events:
            key = _asset_key(context, event)
            if isinstance(event, Output) and key.path[0] in ROW_COUNTED_SCHEMAS:
                found = conn.execute(
                    "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
                    key.path,
                ).fetchone()[0]
                if found:
                    rows = conn.execute(f'select count(*) from "{key.path[0]}"."{key.path[1]}"').fetchone()[0]
                    event = event.with_metadata({**event.metadata, "dagster/row_count": rows})
            yield event
