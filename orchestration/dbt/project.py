"""The dbt project: its manifest, dbt's parse cache kept per warehouse name, and run folders."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from dagster_dbt import DbtCliInvocation, DbtProject

from orchestration import settings
from orchestration.dbt.build_state import project_files
from orchestration.dbt.connection import Connection, connection, credentials_of, info_hash, rendered_profile
from orchestration.dbt.resource import dbt_resource


def manifest_is_current(project: DbtProject) -> bool:
    """True when manifest.json is newer than every file of the dbt project it was parsed from."""
    if not project.manifest_path.exists():
        return False
    built = project.manifest_path.stat().st_mtime
    return all(path.stat().st_mtime <= built for path in project_files(Path(project.project_dir)))


def dbt_project() -> DbtProject:
    """The dbt project; `dbt parse` runs only when the manifest is missing or older than the project."""
    warehouse = str(settings.export_for_dbt())
    project = DbtProject(project_dir=settings.DBT_PROJECT_DIR)
    if not manifest_is_current(project):
        dbt_resource(project).cli(["parse", "--quiet"], target_path=project.target_path).wait()
        parsed = Path(project.project_dir) / project.target_path / PARTIAL_PARSE_FILE
        if parsed.exists():
            _replace(parsed, parse_cache_path(project, warehouse))
    return project


# dbt's parse cache (partial_parse.msgpack) is valid only for the profile it was parsed with,
# and the profile holds the warehouse path: a dbt run on a new warehouse file (a fresh
# warehouse, a test, a benchmark) parses the whole project again (~4 s). But the parse itself
# depends on the warehouse only through its name (dbt-duckdb's `database`, the file stem, which
# qualifies every relation), so the cache of a warehouse of the same name is the right one with
# another profile hash. The project keeps one cache per warehouse name and gives each run a copy
# re-keyed to its own path; dbt still checks every project file against it (and parses again
# when the re-keyed hash is not the one it computes, e.g. after an edit of profiles.yml).
PARTIAL_PARSE_FILE = "partial_parse.msgpack"
PARSE_CACHE_FOLDER = "partial_parse"
CONNECTION_FOLDER = "connections"


def dbt_credentials(project: DbtProject, warehouse: str):
    """The dbt-duckdb credentials dbt builds from profiles.yml (target `dev`) for this warehouse file."""
    return credentials_of(rendered_profile(Path(project.project_dir), warehouse))


def profile_hash(credentials) -> str:
    """dbt's `state_check.profile_hash` for these credentials (dbt.parser.manifest, build_manifest_state_check)."""
    return info_hash(sorted(credentials.connection_info()))


def warehouse_connection(project: DbtProject, warehouse: str) -> Connection:
    """(dbt database, connection info) of this warehouse file, without dbt-duckdb once a warehouse
    of the same name has been seen (orchestration/dbt/connection.py)."""
    return connection(Path(project.project_dir), Path(project.project_dir) / project.target_path / CONNECTION_FOLDER, warehouse)


def _cache_folder(project: DbtProject) -> Path:
    return Path(project.project_dir) / project.target_path / PARSE_CACHE_FOLDER


def parse_cache_path(project: DbtProject, warehouse: str, database: str | None = None) -> Path:
    """The parse cache kept for warehouses of this name (the dbt `database`, the file stem)."""
    database = database or warehouse_connection(project, warehouse)[0]
    return _cache_folder(project) / f"{database}.msgpack"


def seed_partial_parse(project: DbtProject, warehouse: str, run_target: Path) -> bool:
    """Put the kept parse cache for this warehouse's name into the run's target folder, re-keyed
    to this warehouse's profile. Returns whether there was one. dagster-dbt copies the project's
    own `target/partial_parse.msgpack` only into a run folder that has none."""
    import msgpack

    database, info = warehouse_connection(project, warehouse)
    kept = parse_cache_path(project, warehouse, database)
    if not kept.exists():
        return False
    cache = msgpack.unpackb(kept.read_bytes(), raw=False, strict_map_key=False)
    cache["state_check"]["profile_hash"]["checksum"] = info_hash(info)
    run_target.mkdir(parents=True, exist_ok=True)
    (run_target / PARTIAL_PARSE_FILE).write_bytes(msgpack.packb(cache))
    return True


def keep_partial_parse(invocation: DbtCliInvocation, project: DbtProject, warehouse: str) -> None:
    """Keep the dbt run's parse cache as the one for warehouses of this name, so that the next run
    on any of them skips a full parse. dbt checks the cache against the files and the profile
    when it reads it, so a stale cache only costs a full parse."""
    fresh = Path(invocation.target_path) / PARTIAL_PARSE_FILE
    if fresh.exists():
        _replace(fresh, parse_cache_path(project, warehouse))


def _replace(source: Path, destination: Path) -> None:
    """Copy source over destination atomically (another run may read it meanwhile)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f"{destination.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, partial)
    os.replace(partial, destination)


def run_target_path(project: DbtProject, step_name: str, run_id: str) -> Path:
    """A new target folder for one dbt invocation, named as dagster-dbt names them."""
    return Path(project.project_dir) / project.target_path / f"{step_name}-{run_id[:7]}-{uuid.uuid4().hex[:7]}"


RUN_FOLDERS_KEPT = 20


def prune_run_folders(project: DbtProject, keep: int = RUN_FOLDERS_KEPT) -> None:
    """Keep the newest `keep` per-run dbt target folders (about 6 MB each), delete the rest.

    dagster-dbt writes every `dbt build` into its own folder under target/ and never removes
    them; a daily schedule would fill the disk. Recent runs stay for debugging.
    """
    target = Path(project.project_dir) / project.target_path
    runs = sorted((p for p in target.glob("warehouse_models-*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in runs[keep:]:
        shutil.rmtree(old, ignore_errors=True)
