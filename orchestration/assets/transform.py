"""Transform: the dbt project (staging views, intermediate views, mart tables) as Dagster assets.

dbt sources point at the Python assets through `meta.dagster.asset_key`, so the lineage
from an article file to a mart row is one graph. dbt tests become asset checks.
"""


import os
from collections.abc import Mapping
from typing import Any

from dagster import AssetExecutionContext, AssetKey, Output
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration import settings
from orchestration.resources import WarehouseResource, dbt_project, keep_partial_parse, prune_run_folders
from orchestration.warehouse import connect

DBT_PROJECT = dbt_project()


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


@dbt_assets(manifest=DBT_PROJECT.manifest_path, project=DBT_PROJECT, dagster_dbt_translator=LedgerTranslator())
def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """Runs `dbt build` (seed, run, test) against the warehouse file of the `warehouse` resource.

    Events are passed on while dbt runs, so that Dagster records them while dbt works. Those
    of the row-counted tables wait until dbt has released the file (DuckDB allows one writer
    at a time), and with them those of the models downstream of them: Dagster wants a
    multi-asset's outputs in dependency order, and checks after what they check.
    """
    os.environ[settings.WAREHOUSE_VAR] = warehouse.database
    invocation = dbt.cli(["build"], context=context)
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
    keep_partial_parse(invocation, DBT_PROJECT)
    prune_run_folders(DBT_PROJECT)
    yield from _with_row_counts(context, warehouse, held)


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
