"""The code location without dbt-core in process (orchestration/dbt/lean_import.py) is the one
dagster-dbt builds with it, and the parse cache's connection template gives dbt's own hash."""

from __future__ import annotations

import json
import subprocess
import sys

from orchestration.dbt.connection import connection, credentials_of, info_hash, rendered_profile
from orchestration.settings import DBT_PROJECT_DIR
from tests.conftest import ROOT

DESCRIBE = """
import json, sys
if sys.argv[1] == "with-dbt-core":
    import dagster_dbt  # imported before orchestration.dbt: with dbt-core, as usual
from orchestration.definitions import defs
from dagster_dbt.compat import DBT_PYTHON_VERSION
from dagster_shared.libraries import DagsterLibraryRegistry

graph = defs.resolve_asset_graph()
assets = {}
for key in sorted(graph.get_all_asset_keys()):
    node = graph.get(key)
    assets[key.to_user_string()] = [
        sorted(k.to_user_string() for k in node.parent_keys), node.group_name, node.description, node.code_version,
        sorted(node.metadata), sorted(str(c) for c in node.check_keys), node.tags,
    ]
checks = sorted((str(k), graph.get(k).description) for k in graph.asset_check_keys)
print(json.dumps({"assets": assets, "checks": checks, "dbt_core": DBT_PYTHON_VERSION is not None,
                  "libraries": DagsterLibraryRegistry.get(),
                  "dbt_modules": sorted(m for m in sys.modules if m.startswith("dbt."))}, default=str))
"""


def _describe(mode: str) -> dict:
    done = subprocess.run([sys.executable, "-c", DESCRIBE, mode], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_code_location_loads_without_dbt_core_and_is_the_same_with_it():
    lean, usual = _describe("lean"), _describe("with-dbt-core")
    assert (lean["dbt_core"], lean["dbt_modules"]) == (False, [])
    assert usual["dbt_core"] and usual["dbt_modules"]
    assert lean["assets"] == usual["assets"]
    assert lean["checks"] == usual["checks"]
    assert lean["libraries"] == usual["libraries"]  # the UI lists dbt-core, not "dbt-fusion"
    assert len(lean["checks"]) > 10


def test_info_hash_is_dbts_file_hash():
    from dbt.artifacts.resources.base import FileHash

    info = [("database", "w"), ("path", "/a/" + "long-folder/" * 12 + "w.duckdb"), ("settings", {})]
    assert info_hash(info) == FileHash.from_contents(__import__("pprint").pformat(info)).checksum


def test_a_kept_template_gives_the_connection_dbt_duckdb_gives(tmp_path):
    first, second = str(tmp_path / "a" / "ledger.duckdb"), str(tmp_path / ("b" * 90) / "ledger.duckdb")
    made = connection(DBT_PROJECT_DIR, tmp_path / "cache", first)  # no template yet: made with dbt-duckdb
    assert len(list((tmp_path / "cache").glob("*.connection"))) == 1
    from_template = connection(DBT_PROJECT_DIR, tmp_path / "cache", second)
    credentials = credentials_of(rendered_profile(DBT_PROJECT_DIR, second))
    assert from_template == (credentials.database, sorted(credentials.connection_info()))
    assert made[0] == from_template[0] == "ledger"
    assert info_hash(from_template[1]) != info_hash(made[1])


def test_a_damaged_template_is_made_again(tmp_path):
    warehouse = str(tmp_path / "w.duckdb")
    connection(DBT_PROJECT_DIR, tmp_path, warehouse)
    (template,) = tmp_path.glob("*.connection")
    template.write_text("('w', [('path'")
    credentials = credentials_of(rendered_profile(DBT_PROJECT_DIR, warehouse))
    assert connection(DBT_PROJECT_DIR, tmp_path, warehouse) == (credentials.database, sorted(credentials.connection_info()))
