"""Pytest plugin (`-p tests.long_files_first`, scripts/test.sh): the longest test files run first.

scripts/test.sh gives whole files to two workers in collection order (`--dist loadfile
--no-loadscope-reorder`). A long file that comes late runs alone at the end while the other
core idles; started first, the short files fill in around it. Files not named keep their order.
"""

from __future__ import annotations

LONGEST = (
    "tests/integration/test_faults",  # about 40 runs of the main command
    "tests/integration/test_main_command",
    "tests/integration/test_evaluation_command",
    "tests/integration/test_backfill_and_incremental",
    "tests/integration/test_dbt_marts",
    "tests/integration/test_pipeline",
    "tests/e2e/",
)


def _rank(nodeid: str) -> int:
    return next((i for i, prefix in enumerate(LONGEST) if nodeid.startswith(prefix)), len(LONGEST))


def pytest_collection_modifyitems(session, config, items) -> None:
    items.sort(key=lambda item: _rank(item.nodeid))  # stable: the order inside a file stays
