"""One writing run per warehouse: a second one stops before writing and says who holds it."""

from __future__ import annotations

import subprocess
import sys

from orchestration import run_lock

HOLD = "from orchestration import run_lock; run_lock.acquire({path!r}, 'a test holder')"


def _other_process(path, wait: str = "0") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", HOLD.format(path=str(path))],
        capture_output=True, text=True, env={"CEASEFIRE_LOCK_WAIT": wait, "PATH": ""}, timeout=60,
    )


def test_a_second_process_is_refused_with_the_holder_named(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    run_lock.acquire(warehouse, "the first run")
    try:
        done = _other_process(warehouse)
        assert done.returncode != 0
        assert "is being written by another run (the first run, process" in done.stderr
    finally:
        run_lock.release(warehouse)
    assert _other_process(warehouse).returncode == 0  # free again


def test_the_lock_is_reentrant_within_a_process(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    run_lock.acquire(warehouse, "outer")
    run_lock.acquire(warehouse, "inner")
    run_lock.release(warehouse)
    assert _other_process(warehouse).returncode != 0  # still held by the outer holder
    run_lock.release(warehouse)
    assert _other_process(warehouse).returncode == 0


def test_a_lock_of_a_dead_process_is_free(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    assert _other_process(warehouse).returncode == 0  # it took the lock and exited without releasing
    run_lock.acquire(warehouse, "after")
    run_lock.release(warehouse)


def test_waiting_gives_up_after_the_given_time(tmp_path, monkeypatch):
    warehouse = tmp_path / "w.duckdb"
    run_lock.acquire(warehouse, "holder")
    try:
        done = _other_process(warehouse, wait="1")
        assert done.returncode != 0 and "CEASEFIRE_LOCK_WAIT" in done.stderr
    finally:
        run_lock.release(warehouse)
