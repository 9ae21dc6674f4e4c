"""The dbt resource's shortcuts: no `dbt --version` subprocess, no unused adapter, parse only when stale."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
from functools import cached_property
from types import SimpleNamespace

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.resources import (
    VENV_DBT,
    LedgerDbtResource,
    keep_partial_parse,
    prune_run_folders,
    manifest_is_current,
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


def test_keep_partial_parse_replaces_the_projects_parse_cache(tmp_path):
    project = _project(tmp_path)
    run_target = tmp_path / "target" / "run-1"
    run_target.mkdir(parents=True)
    (run_target / "partial_parse.msgpack").write_bytes(b"fresh")
    (tmp_path / "target" / "partial_parse.msgpack").write_bytes(b"stale")
    keep_partial_parse(SimpleNamespace(target_path=run_target), project)
    assert (tmp_path / "target" / "partial_parse.msgpack").read_bytes() == b"fresh"
    assert sorted(p.name for p in (tmp_path / "target").iterdir()) == ["partial_parse.msgpack", "run-1"]


def test_keep_partial_parse_without_a_cache_does_nothing(tmp_path):
    project = _project(tmp_path)
    keep_partial_parse(SimpleNamespace(target_path=tmp_path / "nowhere"), project)
    assert not (tmp_path / "target" / "partial_parse.msgpack").exists()


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
