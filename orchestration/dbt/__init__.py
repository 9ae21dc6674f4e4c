"""Everything dbt, in one place.

- `project.py`: the dbt project, its manifest, dbt's parse cache kept per warehouse name, the
  per-run target folders;
- `resource.py`: the dbt CLI resource;
- `translator.py`: how dbt nodes become Dagster assets (keys, groups, descriptions);
- `build_state.py`: what the last successful `dbt build` of a warehouse was built from, so that
  the main command can leave dbt out when nothing it reads changed.

The dbt asset itself is `orchestration/assets/transform.py`.

Importing this package imports dagster-dbt without dbt-core's Python package (`lean_import.py`):
every module of ours that uses dagster-dbt imports this package first.
"""

from orchestration.dbt.lean_import import import_dagster_dbt

import_dagster_dbt()
