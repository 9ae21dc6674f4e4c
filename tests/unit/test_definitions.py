"""The code location as a UI user meets it: one plain graph, checks that say what they check,
columns with their types."""

from __future__ import annotations

from orchestration.definitions import defs


def test_materialize_all_is_a_plain_run_no_asset_is_partitioned():
    graph = defs.resolve_asset_graph()
    assert [key for key in graph.get_all_asset_keys() if graph.get(key).partitions_def is not None] == []
    assert defs.resolve_job_def("extraction_backfill_job").partitions_def is not None


def test_every_asset_check_has_a_description():
    specs = [spec for assets_def in defs.resolve_asset_graph().assets_defs for spec in assets_def.check_specs]
    assert len(specs) > 10
    assert [spec.key for spec in specs if not (spec.description or "").strip()] == []


def test_every_table_asset_lists_its_columns_with_types():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        if key.path[0] == "report":
            continue
        schema = graph.get(key).metadata.get("dagster/column_schema")
        assert schema is not None and schema.columns, key
        untyped = [column.name for column in schema.columns if column.type in ("?", "", None)]
        assert untyped == [], (key, untyped)
