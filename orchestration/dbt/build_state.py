"""What the last successful `dbt build` of a warehouse was built from, so that the main command
can leave dbt out of a run when nothing it reads changed.

The dbt models are pure functions of their sources (the `raw` / `extracted` tables the Python
assets write), the seed CSV and the project's own files: none reads the clock, the invocation
or the environment. When all of those are what they were at the last successful build, and
every relation dbt builds is still in the warehouse, `dbt build` would rebuild the same rows
and pass the same tests, so `ceasefire-ledger run` does not launch it (about 15 s of every run)
and says so. Runs launched from the UI, the schedule or the sensor always build.

The fingerprint:
- the dbt-core and dbt-duckdb versions;
- every file of the dbt project (models, macros, seeds, tests, dbt_project.yml, profiles.yml);
- per source table, its row count and an order-independent sum of its row hashes.

It is kept in a small JSON file beside the warehouse (`<warehouse>.dbt_build.json`), not in
the warehouse, whose tables are the data contract. It is written only after a build that
succeeded; a failed or interrupted build leaves the previous one, which no longer matches.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

PROJECT_SOURCES = ("dbt_project.yml", "profiles.yml", "packages.yml", "models", "macros", "seeds", "tests", "snapshots", "analyses")


def state_path(warehouse: Path | str) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + ".dbt_build.json")


def project_files(project_dir: Path) -> list[Path]:
    files: list[Path] = []
    for name in PROJECT_SOURCES:
        root = project_dir / name
        if root.is_file():
            files.append(root)
        elif root.is_dir():
            files.extend(p for p in root.rglob("*") if p.is_file())
    return sorted(files)


def source_tables(manifest: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(schema, table) of every dbt source."""
    return sorted({(s["schema"], s.get("identifier") or s["name"]) for s in manifest["sources"].values()})


def built_relations(manifest: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(schema, name) of every table or view a `dbt build` creates (models, seeds, snapshots)."""
    return sorted(
        {
            (n["schema"], n.get("alias") or n["name"])
            for n in manifest["nodes"].values()
            if n["resource_type"] in ("model", "seed", "snapshot") and n.get("config", {}).get("enabled", True)
            and n.get("config", {}).get("materialized") != "ephemeral"
        }
    )


def fingerprint(conn, project_dir: Path, sources: Iterable[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for package in ("dbt-core", "dbt-duckdb"):
        digest.update(f"{package}=={importlib.metadata.version(package)}\n".encode())
    for path in project_files(project_dir):
        digest.update(f"{path.relative_to(project_dir).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for schema, table in sources:
        rows, hashed = conn.execute(
            f'select count(*), coalesce(sum(hash(t)::hugeint), 0)::varchar from "{schema}"."{table}" t'
        ).fetchone()
        digest.update(f"{schema}.{table}:{rows}:{hashed}\n".encode())
    return digest.hexdigest()


def missing_relations(conn, relations: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    present = set(conn.execute("select table_schema, table_name from information_schema.tables").fetchall())
    return [r for r in relations if r not in present]


def read_state(warehouse: Path | str) -> dict | None:
    """{"fingerprint": ..., "run_id": ...} of the last successful build, or None."""
    try:
        state = json.loads(state_path(warehouse).read_text())
        return state if isinstance(state.get("fingerprint"), str) else None
    except (OSError, ValueError, AttributeError):
        return None


def write_state(warehouse: Path | str, value: str, run_id: str) -> None:
    path = state_path(warehouse)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps({"fingerprint": value, "run_id": run_id}) + "\n")
    os.replace(partial, path)


def inputs_fingerprint(warehouse: Path | str, project, manifest: Mapping[str, Any]) -> str | None:
    """The fingerprint of what dbt reads in this warehouse, or None when a source is missing."""
    import duckdb

    from orchestration.warehouse import connect

    try:
        with connect(warehouse, read_only=True) as conn:
            return fingerprint(conn, Path(project.project_dir), source_tables(manifest))
    except duckdb.Error:
        return None


def unchanged_build(warehouse: Path | str, project, manifest: Mapping[str, Any], outputs: Iterable[Path]) -> str | None:
    """The run id of the last successful build when a new one would change nothing: the same
    inputs, every relation still in the warehouse, and every file made from the marts (`outputs`,
    the charts) at least as new as that build. None when dbt must run."""
    from orchestration.warehouse import connect

    state = read_state(warehouse)
    if state is None or state["fingerprint"] != inputs_fingerprint(warehouse, project, manifest):
        return None
    built_at = state_path(warehouse).stat().st_mtime
    if any(not path.exists() or path.stat().st_mtime < built_at for path in outputs):
        return None
    with connect(warehouse, read_only=True) as conn:
        if missing_relations(conn, built_relations(manifest)):
            return None
    return state.get("run_id") or "unknown"


def clear_state(warehouse: Path | str) -> None:
    state_path(warehouse).unlink(missing_ok=True)
