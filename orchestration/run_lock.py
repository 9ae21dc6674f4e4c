"""One writing run per warehouse at a time.

DuckDB's own lock covers one connection, but a run writes through many short connections and a
dbt subprocess, so two runs started together interleave their writes (two ingests both see a
file as new). A run therefore holds an exclusive `flock` on `<warehouse>.lock` from its first
write to its end. The lock dies with the process (`kill -9` included), so it never goes stale.
A second run waits up to CEASEFIRE_LOCK_WAIT seconds (default 0: it stops at once, before it
writes anything) and says which process holds the warehouse. Runs launched by the Dagster daemon
(UI, schedule, sensor) queue instead: `ceasefire-ledger ui` allows one run at a time.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

WAIT_VAR = "CEASEFIRE_LOCK_WAIT"

_held: dict[str, tuple[int, int]] = {}  # lock path -> (file descriptor, holders in this process)
_guard = threading.Lock()


class WarehouseBusyError(RuntimeError):
    """Another run is writing to the warehouse."""


def lock_path(warehouse: Path | str) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + ".lock")


def acquire(warehouse: Path | str, what: str) -> None:
    """Take the warehouse's run lock for this process (re-entrant), or raise WarehouseBusyError."""
    path = str(lock_path(warehouse))
    with _guard:
        if path in _held:
            fd, count = _held[path]
            _held[path] = (fd, count + 1)
            return
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _wait_for(fd, float(os.environ.get(WAIT_VAR) or 0)):
            holder = _describe_holder(fd)
            os.close(fd)
            raise WarehouseBusyError(
                f"The warehouse {warehouse} is being written by another run ({holder}). "
                f"Wait for it to finish, or set {WAIT_VAR}=SECONDS to wait."
            )
        _wait_for_orphan(_holder(fd).get("child"))
        _write_holder(fd, what)
        _held[path] = (fd, 1)


def release(warehouse: Path | str) -> None:
    path = str(lock_path(warehouse))
    with _guard:
        if path not in _held:
            return
        fd, count = _held[path]
        if count > 1:
            _held[path] = (fd, count - 1)
            return
        del _held[path]
        os.ftruncate(fd, 0)
        os.close(fd)  # closing the descriptor releases the flock


def _wait_for(fd: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.5)


ORPHAN_WAIT_SECONDS = 300


def note_child(warehouse: Path | str, pid: int) -> None:
    """Record a child process that writes the warehouse (dbt) in the holder's note: if this run is
    killed, the child lives on until its build ends, and the next run waits for it."""
    path = str(lock_path(warehouse))
    with _guard:
        if path in _held:
            fd = _held[path][0]
            holder = {**_holder(fd), "child": pid}
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(holder).encode(), 0)


def _wait_for_orphan(pid) -> None:
    """A killed run's dbt still writing the warehouse: wait until it ends."""
    if not isinstance(pid, int):
        return
    deadline = time.monotonic() + ORPHAN_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        except PermissionError:
            pass
        time.sleep(0.5)


def _holder(fd: int) -> dict:
    try:
        holder = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return holder if isinstance(holder, dict) else {}
    except (ValueError, OSError):
        return {}


def _write_holder(fd: int, what: str) -> None:
    holder = {"pid": os.getpid(), "what": what, "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(holder).encode(), 0)


def _describe_holder(fd: int) -> str:
    holder = _holder(fd)
    try:
        return f"{holder['what']}, process {holder['pid']}, since {holder['since']}"
    except KeyError:
        return "a process that did not say which"
