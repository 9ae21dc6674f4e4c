"""The fingerprint of what dbt reads: it changes with any source row, seed or project file."""

from __future__ import annotations

import duckdb

from orchestration.dbt import build_state as dbt_state

MANIFEST = {
    "sources": {
        "source.p.raw.a": {"schema": "raw", "name": "a", "identifier": "a"},
        "source.p.raw.b": {"schema": "raw", "name": "b", "identifier": "b"},
    },
    "nodes": {
        "model.p.m": {"resource_type": "model", "schema": "marts", "name": "m", "alias": "m", "config": {"materialized": "table"}},
        "model.p.e": {"resource_type": "model", "schema": "marts", "name": "e", "alias": "e", "config": {"materialized": "ephemeral"}},
        "seed.p.s": {"resource_type": "seed", "schema": "reference", "name": "s", "alias": "s", "config": {}},
        "test.p.t": {"resource_type": "test", "schema": "marts", "name": "t", "alias": "t", "config": {}},
    },
}


def _setup(tmp_path):
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: p\n")
    (project / "models" / "m.sql").write_text("select 1")
    conn = duckdb.connect(str(tmp_path / "w.duckdb"))
    conn.execute("create schema raw; create table raw.a (id int, tags varchar[]); create table raw.b (x varchar)")
    conn.execute("insert into raw.a values (1, ['x']), (2, null)")
    return project, conn


def test_sources_and_relations_come_from_the_manifest():
    assert dbt_state.source_tables(MANIFEST) == [("raw", "a"), ("raw", "b")]
    assert dbt_state.built_relations(MANIFEST) == [("marts", "m"), ("reference", "s")]


def test_fingerprint_is_stable_and_sees_every_change(tmp_path):
    project, conn = _setup(tmp_path)
    sources = dbt_state.source_tables(MANIFEST)
    first = dbt_state.fingerprint(conn, project, sources)
    assert dbt_state.fingerprint(conn, project, sources) == first

    conn.execute("update raw.a set tags = ['y'] where id = 1")  # same row count, other content
    changed_row = dbt_state.fingerprint(conn, project, sources)
    assert changed_row != first
    conn.execute("update raw.a set tags = ['x'] where id = 1")
    assert dbt_state.fingerprint(conn, project, sources) == first

    conn.execute("insert into raw.b values ('new')")
    assert dbt_state.fingerprint(conn, project, sources) != first
    conn.execute("delete from raw.b")
    assert dbt_state.fingerprint(conn, project, sources) == first

    (project / "models" / "m.sql").write_text("select 2")
    assert dbt_state.fingerprint(conn, project, sources) != first


def test_state_file_round_trip_and_missing_relations(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    assert dbt_state.read_state(warehouse) is None
    dbt_state.write_state(warehouse, "abc", "run-1")
    assert dbt_state.state_path(warehouse).name == "w.duckdb.dbt_build.json"
    assert dbt_state.read_state(warehouse) == {"fingerprint": "abc", "run_id": "run-1"}
    dbt_state.clear_state(warehouse)
    assert dbt_state.read_state(warehouse) is None

    _, conn = _setup(tmp_path)
    conn.execute("create schema marts; create table marts.m (i int)")
    assert dbt_state.missing_relations(conn, dbt_state.built_relations(MANIFEST)) == [("reference", "s")]
