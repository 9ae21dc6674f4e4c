"""dagster-dbt without dbt-core in this process (about 2 s of every process that loads the code
location: a third of `ceasefire-ledger run`'s start).

dagster-dbt imports dbt-core's Python package when it finds one, for three things this project
does not use in process: dbt's node selector (`select="fqn:*"`, which selects every node of the
manifest anyway), a dbt adapter (`LedgerDbtResource` never opens one) and dbt's enum types, which
it otherwise defines itself with the same string values. Without dbt-core it works as it does
beside a dbt installed elsewhere: dbt runs only as the `dbt` subprocess, which imports dbt
there anyway. tests/unit/test_dbt_lean_import.py checks that the code location is the same
either way.
"""

from __future__ import annotations

import importlib.metadata
import sys

_ABSENT = object()


def import_dagster_dbt() -> None:
    """Import dagster-dbt while `dbt.version` cannot be imported, which is how dagster-dbt tells
    that dbt-core is not installed. Does nothing when dagster-dbt is already imported."""
    if "dagster_dbt" in sys.modules:
        return
    hidden = sys.modules.get("dbt.version", _ABSENT)
    sys.modules["dbt.version"] = None  # `import dbt.version` raises ImportError meanwhile
    try:
        import dagster_dbt  # noqa: F401
    finally:
        if hidden is _ABSENT:
            del sys.modules["dbt.version"]
        else:
            sys.modules["dbt.version"] = hidden
    _register_dbt_core()


def _register_dbt_core() -> None:
    """The UI lists the libraries of a code location: dbt-core with its version, as it would
    without this import, not the "dbt-fusion" that dagster-dbt assumes."""
    from dagster_shared.libraries import DagsterLibraryRegistry

    from dagster_dbt.compat import DBT_PYTHON_VERSION

    if DBT_PYTHON_VERSION is None:
        DagsterLibraryRegistry._libraries.pop("dbt-fusion", None)
        DagsterLibraryRegistry.register("dbt-core", importlib.metadata.version("dbt-core"), is_dagster_package=False)

