"""The dbt resource's shortcuts: no `dbt --version` subprocess, no unused adapter, parse only when stale."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
from functools import cached_property
from types import SimpleNamespace

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.dbt.resource import VENV_DBT, LedgerDbtResource
from orchestration.dbt.project import (
    dbt_credentials,
    keep_partial_parse,
    manifest_is_current,
    profile_hash,
    prune_run_folders,
    seed_partial_parse,
)
from orchestration.settings import DBT_PROJECT_DIR


def test_the_overridden_dagster_dbt_internals_still_exist():
    # LedgerDbtResource overrides these two; if dagster-dbt renames them, the shortcuts stop working.
    assert isinstance(DbtCliResource.__dict__["_cli_version"], cached_property)
    assert callable(DbtCliResource.__dict__["_initialize_dbt_core_adapter"])


def test_version_of_this_environments_dbt_comes_without_a_subprocess(monkeypatch):
    def no_subprocess(*args, **kwargs):
        raise AssertionError("dbt --version was run")

    monkeypatch.setattr(subprocess, "check_output", no_subprocess)
    resource = LedgerDbtResource(project_dir=str(DBT_PROJECT_DIR), dbt_executable=str(VENV_DBT))
    assert str(resource._cli_version) == importlib.metadata.version("dbt-core")
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def _project(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "dbt_project.yml").write_text("name: p\nprofile: p\n")
    (tmp_path / "models" / "m.sql").write_text("select 1")
    return DbtProject(project_dir=tmp_path)


def _age(path, seconds):
    stamp = path.stat().st_mtime - seconds
    os.utime(path, (stamp, stamp))


def test_manifest_is_current_only_when_newer_than_every_project_file(tmp_path):
    project = _project(tmp_path)
    assert not manifest_is_current(project)  # missing
    project.manifest_path.parent.mkdir(parents=True)
    project.manifest_path.write_text("{}")
    for path in [tmp_path / "dbt_project.yml", tmp_path / "models" / "m.sql"]:
        _age(path, 60)
    assert manifest_is_current(project)
    (tmp_path / "models" / "m.sql").write_text("select 2")  # edited after the parse
    assert not manifest_is_current(project)


def test_keep_partial_parse_keeps_one_cache_per_warehouse_name(tmp_path):
    project = DbtProject(project_dir=DBT_PROJECT_DIR, target_path=tmp_path / "target")
    for name, content in [("a/ledger.duckdb", b"first"), ("b/ledger.duckdb", b"second"), ("c/other.duckdb", b"third")]:
        run_target = tmp_path / "runs" / content.decode()
        run_target.mkdir(parents=True)
        (run_target / "partial_parse.msgpack").write_bytes(content)
        keep_partial_parse(SimpleNamespace(target_path=run_target), project, str(tmp_path / name))
    kept = tmp_path / "target" / "partial_parse"
    assert {p.name: p.read_bytes() for p in kept.iterdir()} == {"ledger.msgpack": b"second", "other.msgpack": b"third"}


def test_keep_partial_parse_without_a_cache_does_nothing(tmp_path):
    project = DbtProject(project_dir=DBT_PROJECT_DIR, target_path=tmp_path / "target")
    keep_partial_parse(SimpleNamespace(target_path=tmp_path / "nowhere"), project, str(tmp_path / "w.duckdb"))
    assert not (tmp_path / "target").exists()


def test_seed_partial_parse_rekeys_the_cache_of_the_same_name_to_this_warehouse(tmp_path):
    import msgpack

    project = DbtProject(project_dir=DBT_PROJECT_DIR, target_path=tmp_path / "target")
    first, second = str(tmp_path / "a" / "ledger.duckdb"), str(tmp_path / "b" / "ledger.duckdb")
    cache = {"nodes": {"model.x": {"database": "ledger"}},
             "state_check": {"profile_hash": {"name": "sha256", "checksum": profile_hash(dbt_credentials(project, first))}}}
    run_target = tmp_path / "runs" / "1"
    run_target.mkdir(parents=True)
    (run_target / "partial_parse.msgpack").write_bytes(msgpack.packb(cache))
    keep_partial_parse(SimpleNamespace(target_path=run_target), project, first)

    assert seed_partial_parse(project, second, tmp_path / "runs" / "2")
    seeded = msgpack.unpackb((tmp_path / "runs" / "2" / "partial_parse.msgpack").read_bytes())
    assert seeded["state_check"]["profile_hash"]["checksum"] == profile_hash(dbt_credentials(project, second))
    assert seeded["state_check"]["profile_hash"]["checksum"] != cache["state_check"]["profile_hash"]["checksum"]
    assert seeded["nodes"] == cache["nodes"]
    # Another name is another dbt database: its relations are qualified differently, no cache.
    assert not seed_partial_parse(project, str(tmp_path / "c" / "other.duckdb"), tmp_path / "runs" / "3")
    assert not (tmp_path / "runs" / "3").exists()


def test_prune_run_folders_keeps_the_newest_runs_and_the_parse_cache(tmp_path):
    project = _project(tmp_path)
    target = tmp_path / "target"
    for i in range(5):
        run = target / f"warehouse_models-{i}"
        run.mkdir(parents=True)
        (run / "run_results.json").write_text("{}")
        _age(run, 100 - i)  # run 4 is the newest
    (target / "partial_parse.msgpack").write_bytes(b"cache")
    prune_run_folders(project, keep=2)
    assert sorted(p.name for p in target.iterdir()) == ["partial_parse.msgpack", "warehouse_models-3", "warehouse_models-4"]
