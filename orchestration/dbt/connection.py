"""dbt's view of a warehouse's connection, as the parse cache needs it: the dbt `database` (which
names the cache kept for warehouses of that name) and the profile hash dbt checks the cache with.

Both come from dbt-duckdb's credentials, and importing dbt-duckdb costs about 2 s, which the
main command would pay before every dbt build. Two warehouse files of the same name differ in
their connection only by the path, so the connection of the first one is kept as a template
(`target/connections/<hash>.connection`) and later ones are computed from it without dbt.
The template's name hashes everything it was made from: the rendered profile, the file name
and the dbt-core and dbt-duckdb versions.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import os
import pprint
from pathlib import Path
from typing import Any

from orchestration import settings

PATH_MARK = "<warehouse path>"
"""Stands for the warehouse path in a kept connection template."""

Connection = tuple[str, list[tuple[str, Any]]]
"""(the dbt database, dbt's sorted connection info)."""


def rendered_profile(project_dir: Path, warehouse: str) -> dict[str, Any]:
    """The `dev` output of profiles.yml as dbt renders it for this warehouse file (without type and threads)."""
    import jinja2
    import yaml

    profile_name = yaml.safe_load((project_dir / "dbt_project.yml").read_text())["profile"]
    profile = yaml.safe_load((project_dir / "profiles.yml").read_text())[profile_name]
    environ = {**os.environ, settings.WAREHOUSE_VAR: warehouse}

    def env_var(name: str, default: str | None = None) -> str | None:
        return environ.get(name, default)

    return {
        key: jinja2.Template(value).render(env_var=env_var) if isinstance(value, str) else value
        for key, value in profile["outputs"][profile["target"]].items()
        if key not in ("type", "threads")
    }


def credentials_of(profile: dict[str, Any]):
    """dbt-duckdb's credentials for a rendered profile (imports dbt-duckdb)."""
    from dbt.adapters.duckdb.credentials import DuckDBCredentials

    data = DuckDBCredentials.translate_aliases(dict(profile))
    DuckDBCredentials.validate(data)
    return DuckDBCredentials.from_dict(data)


def info_hash(info: list[tuple[str, Any]]) -> str:
    """dbt's `state_check.profile_hash` of sorted connection info: the sha256 of its pformat
    (dbt.parser.manifest.build_manifest_state_check, dbt's FileHash.from_contents)."""
    return hashlib.sha256(pprint.pformat(info).encode("utf-8")).hexdigest()


def connection(project_dir: Path, folder: Path, warehouse: str) -> Connection:
    """The dbt database and sorted connection info of this warehouse file, from the template kept
    in `folder` for its name and profile; made with dbt-duckdb (and kept) when there is none."""
    profile = rendered_profile(project_dir, warehouse)
    template_path = folder / f"{_template_key(profile, warehouse)}.connection"
    template = _read_template(template_path)
    if template is None:
        credentials = credentials_of(profile)
        template = (credentials.database, [(k, PATH_MARK if v == warehouse else v) for k, v in sorted(credentials.connection_info())])
        _keep_template(template_path, template)
    database, info = template
    return database, [(key, warehouse if value == PATH_MARK else value) for key, value in info]


def _template_key(profile: dict[str, Any], warehouse: str) -> str:
    versions = [importlib.metadata.version(package) for package in ("dbt-core", "dbt-duckdb")]
    shape = sorted((key, PATH_MARK if value == warehouse else value) for key, value in profile.items())
    return hashlib.sha256(repr((versions, Path(warehouse).name, shape)).encode("utf-8")).hexdigest()[:16]


def _read_template(path: Path) -> Connection | None:
    try:
        database, info = ast.literal_eval(path.read_text(encoding="utf-8"))
        return database, [tuple(item) for item in info]
    except (OSError, ValueError, SyntaxError, TypeError):
        return None


def _keep_template(path: Path, template: Connection) -> None:
    """Keep a template only when it reads back as written and holds the path exactly once (a
    path that dbt-duckdb rewrote would not be found in it again)."""
    text = repr(template)
    marks = sum(value == PATH_MARK for _, value in template[1])
    try:
        if marks != 1 or ast.literal_eval(text) != template:
            return
    except (ValueError, SyntaxError):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
