"""What the last successful `dbt build` of a warehouse was built from, so that a run with nothing
new can skip dbt.

The dbt models are pure functions of their sources (the `raw` / `extracted` tables the Python
assets write), the seed CSV and the project's own files: none reads the clock, the invocation
or the environment. When all of those are what they were at the last successful build, and
every relation dbt builds is still in the warehouse, `dbt build` would rebuild the same rows
and pass the same tests, so the daily job skips it (about 15 s of every run).

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


def read_state(warehouse: Path | str) -> str | None:
    try:
        return json.loads(state_path(warehouse).read_text())["fingerprint"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_state(warehouse: Path | str, value: str) -> None:
    path = state_path(warehouse)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps({"fingerprint": value}) + "\n")
    os.replace(partial, path)


def clear_state(warehouse: Path | str) -> None:
    state_path(warehouse).unlink(missing_ok=True)
