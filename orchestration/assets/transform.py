"""Transform: the dbt project (staging views, intermediate views, mart tables) as Dagster assets.

dbt sources point at the Python assets through `meta.dagster.asset_key`, so the lineage from an
article file to a mart row is one graph; dbt tests become asset checks. The dbt plumbing (project,
parse cache, resource, translator, build fingerprint) is in orchestration/dbt/.
"""

import os
from functools import cache
import json

from orchestration.dbt import build_state  # first: dagster-dbt without dbt-core (orchestration/dbt/lean_import.py)

from dagster import AssetExecutionContext, AssetKey, Output
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration import run_lock, settings
from orchestration.assets.report import load_matplotlib_meanwhile
from orchestration.dbt.project import dbt_project, keep_partial_parse, prune_run_folders, run_target_path, seed_partial_parse
from orchestration.dbt.translator import LedgerTranslator
from orchestration.failpoints import failpoint
from orchestration.progress import report
from orchestration.resources import WarehouseResource
from orchestration.warehouse import connect

DBT_PROJECT = dbt_project()

ROW_COUNTED_SCHEMAS = ("marts", "reference")
"""Tables whose materializations carry `dagster/row_count` (views are not counted)."""


@cache
def dbt_manifest() -> dict:
    return json.loads(DBT_PROJECT.manifest_path.read_bytes())


@dbt_assets(manifest=DBT_PROJECT.manifest_path, project=DBT_PROJECT, dagster_dbt_translator=LedgerTranslator())
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """Runs `dbt build` (seed, run, test) against the warehouse file of the `warehouse` resource.

    Every materialization runs dbt. The main command (`ceasefire-ledger run`) decides before
    launching this step whether it is needed (orchestration/runner.py); a build of the whole
    project records what it was built from (orchestration/dbt/build_state.py).

    Events are passed on while dbt runs. Those of the row-counted tables wait until dbt has
    released the file (DuckDB allows one writer at a time), and with them those of the models
    downstream of them: Dagster wants a multi-asset's outputs in dependency order, and checks
    after what they check. dbt starts from the parse cache of the last run on a warehouse of the
    same file name (a full parse costs ~4 s).
    """
    os.environ[settings.WAREHOUSE_VAR] = warehouse.database
    inputs = build_state.inputs_fingerprint(warehouse.database, DBT_PROJECT, dbt_manifest())
    build_state.clear_state(warehouse.database)  # until this build succeeds, the record is void
    target = run_target_path(DBT_PROJECT, context.op_execution_context.op.name, context.run.run_id)
    try:
        seed_partial_parse(DBT_PROJECT, warehouse.database, target)
    except Exception as exc:  # the parse cache only saves time: without it dbt parses the project
        context.log.warning(f"dbt runs without a parse cache: {exc!r}")
    report(context, "dbt build: seed, staging and intermediate views, mart tables, tests")
    failpoint("dbt.before_build")
    invocation = dbt.cli(["build"], context=context, target_path=target)
    run_lock.note_child(warehouse.database, invocation.process.pid)
    load_matplotlib_meanwhile()  # for the charts after dbt, while this process only waits for it
    held: list = []
    try:
        yield from _stream_releasing_counted_tables(context, invocation, held)
    except Exception:
        _stop(invocation)  # dbt holds the file while it runs: stop it before reading the warehouse
        yield from _with_row_counts(context, warehouse, held)  # what dbt did build is still recorded
        raise
    _keep_parse_cache(context, invocation, warehouse)
    report(context, "dbt build: done")
    yield from _with_row_counts(context, warehouse, held)
    failpoint("dbt.after_build")
    if inputs is not None and _builds_everything(context):
        build_state.write_state(warehouse.database, inputs, context.run.run_id)


def _stream_releasing_counted_tables(context: AssetExecutionContext, invocation, held: list):
    """dbt's events as they come, except those that must wait for row counts (kept in `held`)."""
    held_keys: set[AssetKey] = set()
    for event in invocation.stream():
        key = _asset_key(context, event)
        if key.path[0] in ROW_COUNTED_SCHEMAS or key in held_keys or held_keys & context.assets_def.asset_deps.get(key, set()):
            held_keys.add(key)
            held.append(event)
        else:
            yield event


def _stop(invocation) -> None:
    process = invocation.process
    if process.poll() is None:
        process.terminate()
    process.wait(timeout=60)


def _keep_parse_cache(context: AssetExecutionContext, invocation, warehouse: WarehouseResource) -> None:
    try:
        keep_partial_parse(invocation, DBT_PROJECT, warehouse.database)
    except Exception as exc:
        context.log.warning(f"dbt's parse cache was not kept: {exc!r}")
    prune_run_folders(DBT_PROJECT)


def _builds_everything(context: AssetExecutionContext) -> bool:
    """The whole dbt project (every model, seed and test) is selected in this step."""
    assets_def = context.assets_def
    return set(context.selected_asset_keys) == set(assets_def.keys) and set(
        context.selected_asset_check_keys
    ) == set(assets_def.check_keys)


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
