"""How dbt nodes become Dagster assets and checks: keys, groups and check descriptions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dagster import AssetCheckSpec, AssetKey, AssetSpec
from dagster_dbt import DagsterDbtTranslator

CHECK_DESCRIPTIONS = {
    "column_rules": "Every column rule declared for {model} in its YAML (not null, unique, grain, accepted "
    "values, list values, sorted lists, row conditions), checked in one query; a failure names each broken rule.",
    "relationships": "Every {column_name} of {model} is a {field} of {to}: no fact without its article.",
    "unique_combination_of_columns": "No two rows of {model} share ({columns}): the table's grain.",
    "not_null": "{column_name} of {model} is never null.",
    "unique": "No two rows of {model} share a {column_name}.",
    "accepted_values": "{column_name} of {model} takes only the contract's values.",
}
"""What each kind of dbt test checks, in words the Dagster UI shows beside the check."""


class LedgerTranslator(DagsterDbtTranslator):
    """Models are keyed by their DuckDB schema and name (`marts/casualty_trend`) and grouped by
    folder; every dbt test becomes an asset check that says what it checks."""

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

    def get_asset_check_spec(self, asset_spec: AssetSpec, manifest: Mapping[str, Any], unique_id: str, project) -> AssetCheckSpec | None:
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        return AssetCheckSpec(
            name=spec.name,
            asset=spec.asset_key,
            description=check_description(manifest["nodes"][unique_id], asset_spec.key),
            additional_deps=spec.additional_deps,
            blocking=spec.blocking,
            metadata=spec.metadata,
        )


def check_description(test_node: Mapping[str, Any], model: AssetKey) -> str:
    """A sentence for a dbt test node: its own description, else one made from its kind and arguments."""
    if test_node.get("description"):
        return test_node["description"]
    meta = test_node.get("test_metadata") or {}
    kwargs = {key: value for key, value in (meta.get("kwargs") or {}).items() if isinstance(value, (str, list))}
    words = {
        "model": model.to_user_string(),
        "column_name": kwargs.get("column_name", "the column"),
        "field": kwargs.get("field", "row"),
        "to": str(kwargs.get("to", "its parent")).replace("ref('", "").replace("')", ""),
        "columns": ", ".join(kwargs.get("combination_of_columns", [])),
    }
    template = CHECK_DESCRIPTIONS.get(meta.get("name", ""), "dbt test {name} on {model}.")
    return template.format(name=test_node.get("name", ""), **words)
