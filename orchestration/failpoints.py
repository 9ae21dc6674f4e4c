"""Named crash points between the writes of each step, for the fault-injection tests.

A `kill -9` at a random moment almost never lands in the few milliseconds between two writes,
yet that is where a run that is not one transaction loses data for good (issue 11: sources
committed without their articles). So each step calls `failpoint(NAME)` between its writes,
and tests/integration/test_faults.py runs the main command with CEASEFIRE_FAILPOINT=NAME: the
process kills itself there with SIGKILL (no cleanup, no `finally`, exactly like `kill -9`),
and the test checks that the next run repairs what it left.

It lives in production code because the kill must happen inside the real command, between the
real statements. Unset (always, outside the tests) a failpoint costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

FAILPOINT_VAR = "CEASEFIRE_FAILPOINT"

FAILPOINTS = (
    "ingest.before_write",
    "ingest.after_write",
    "normalize.after_stale_reset",
    "normalize.after_remove_superseded",
    "normalize.before_insert",
    "normalize.between_inserts",  # inside the transaction: raw.article_sources written, raw.articles not
    "normalize.after_insert",
    "extract.after_stale_reset",
    "extract.between_staged_batches",  # a staged batch loaded, its Parquet files not yet removed
    "extract.removing_staged_batch",  # one Parquet file of a loaded batch removed, the others not
    "extract.inside_load",  # inside a load's transaction: one table replaced, the others not
    "extract.between_batches",
    "extract.after_last_load",
    "runner.between_phases",  # the Python assets done, dbt not launched
    "dbt.before_build",
    "dbt.after_build",  # the marts built, the build state not yet written
    "report.between_charts",
)
"""Every crash point, in the order a full run passes them."""


def failpoint(name: str) -> None:
    """Die here by SIGKILL when CEASEFIRE_FAILPOINT names this point; do nothing otherwise."""
    if os.environ.get(FAILPOINT_VAR) != name:
        return
    # Straight to the file descriptor: the run redirects sys.stderr into its log.
    os.write(2, f"failpoint: killed at {name}\n".encode())
    os.kill(os.getpid(), signal.SIGKILL)
