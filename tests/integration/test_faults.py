"""Fault injection on the main command: `kill -9` it, run it again, and the warehouse must be
what one clean run builds, row for row; two runs at once must write one ledger.

- Chosen points: the command kills itself at each failpoint (orchestration/failpoints.py), the
  milliseconds between two writes that a random kill almost never hits. The kills are chained,
  each run starting from what the previous one left, and a clean rerun ends the chain.
- Random points: kills at random times (fixed seed) within the measured length of a run.
- Killed runs: the next run marks them failed in the warehouse's Dagster run storage.
- Two runs at once: one writes, the other stops before writing; a third one waits its turn.
- Keys: a duplicate row of a raw table is refused, and an old keyless warehouse is repaired.

Every table and view is compared except the columns that record when a row was written.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from orchestration.failpoints import FAILPOINT_VAR, FAILPOINTS
from orchestration.run_lock import WAIT_VAR, lock_path
from orchestration.warehouse import TABLES, connect, ensure_schema
from tests.conftest import ROOT, SEEDS_DIR

pytestmark = pytest.mark.integration

MAIN_COMMAND = [str(Path(sys.executable).parent / "ceasefire-ledger"), "run"]
RUN_TIME_COLUMNS = {"ingested_at", "extracted_at", "recorded_at"}
"""Columns that say when a row was written: a rerun writes them anew."""

FIRST_ARTICLES = ("001_", "004_")  # the two smallest seeds, in the folder from the start
LATE_ARTICLE = "003_"  # added in the middle of the chain of chosen kills
TIMEOUT = 600
RANDOM_KILLS = 10
RANDOM_SEED = 11
SIGKILLED = -signal.SIGKILL


# --- running the main command ------------------------------------------------------------------


@dataclass
class Ledger:
    """An article folder and a warehouse (with its run storage and reports beside it)."""

    folder: Path
    warehouse: Path

    @property
    def dagster_home(self) -> Path:
        return self.warehouse.with_name(self.warehouse.stem + ".dagster")

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in (FAILPOINT_VAR, WAIT_VAR, "DAGSTER_HOME")}
        env.update(
            CEASEFIRE_ARTICLES_DIR=str(self.folder),
            CEASEFIRE_WAREHOUSE=str(self.warehouse),
            CEASEFIRE_REPORTS_DIR=str(self.warehouse.with_name(self.warehouse.stem + ".reports")),
        )
        return {**env, **extra}


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    pid: int

    @property
    def killed(self) -> bool:
        return self.returncode == SIGKILLED

    def explain(self) -> str:
        return f"exit {self.returncode}\n{self.stdout[-1500:]}\n{self.stderr[-1500:]}"


@dataclass
class Started:
    process: subprocess.Popen
    out: Path
    err: Path

    def outcome(self) -> Outcome:
        return Outcome(self.process.returncode, self.out.read_text(), self.err.read_text(), self.process.pid)


@dataclass
class MainCommand:
    """Starts `ceasefire-ledger run` processes, each in its own session, and ends what is left of
    them (a dbt child of a killed run, say) when the test is over."""

    logs: Path
    started: list[subprocess.Popen] = field(default_factory=list)

    def start(self, ledger: Ledger, **env: str) -> Started:
        n = len(self.started)
        out, err = self.logs / f"run{n}.out", self.logs / f"run{n}.err"
        with out.open("w") as stdout, err.open("w") as stderr:
            process = subprocess.Popen(
                MAIN_COMMAND, cwd=ROOT, env=ledger.env(**env), stdout=stdout, stderr=stderr, start_new_session=True
            )
        self.started.append(process)
        return Started(process, out, err)

    def finish(self, started: Started) -> Outcome:
        started.process.wait(timeout=TIMEOUT)
        return started.outcome()

    def run(self, ledger: Ledger, **env: str) -> Outcome:
        return self.finish(self.start(ledger, **env))

    def kill_after(self, ledger: Ledger, seconds: float, **env: str) -> Outcome:
        """Run, and `kill -9` the command (its process only, as a user would) after `seconds`."""
        started = self.start(ledger, **env)
        try:
            started.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            started.process.send_signal(signal.SIGKILL)
        return self.finish(started)

    def end_leftovers(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
            try:
                os.killpg(process.pid, signal.SIGKILL)  # its session: children left by a kill
            except (ProcessLookupError, PermissionError):
                pass
            process.wait()


# --- what a warehouse holds ----------------------------------------------------------------------

RELATIONS = """
    select schema_name, table_name from duckdb_tables() where database_name = current_database()
    union all
    select schema_name, view_name from duckdb_views() where not internal and database_name = current_database()
    order by 1, 2
"""


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every table and view, its rows sorted, without the run-time columns."""
    out = {}
    with connect(warehouse, read_only=True) as conn:
        for schema, name in conn.execute(RELATIONS).fetchall():
            relation = f'"{schema}"."{name}"'
            cols = [c[0] for c in conn.execute(f"describe {relation}").fetchall() if c[0] not in RUN_TIME_COLUMNS]
            rows = conn.execute(f"select {', '.join(cols)} from {relation}").fetchall()
            out[f"{schema}.{name}"] = sorted((tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows), key=repr)
    return out


def differences(got: dict[str, list[tuple]], want: dict[str, list[tuple]]) -> dict[str, str]:
    """Per relation, what differs from the clean build (empty when they are equal)."""
    diff = {}
    for name in sorted(set(got) | set(want)):
        if name not in got or name not in want:
            diff[name] = "missing here" if name not in got else "not in the clean build"
        elif got[name] != want[name]:
            extra = [r for r in got[name] if r not in want[name]]
            lost = [r for r in want[name] if r not in got[name]]
            diff[name] = f"{len(got[name])} rows vs {len(want[name])}; extra {extra[:2]}; lost {lost[:2]}"
    return diff


def duplicated_rows(tables: dict[str, list[tuple]]) -> dict[str, int]:
    return {name: len(rows) - len(set(rows)) for name, rows in tables.items() if len(rows) != len(set(rows))}


def charts_exist(ledger: Ledger) -> bool:
    reports = ledger.warehouse.with_name(ledger.warehouse.stem + ".reports")
    return all((reports / name).read_bytes()[:4] == b"\x89PNG" for name in ("casualty_trend.png", "hostage_trend.png"))


def seed(prefix: str) -> Path:
    (path,) = SEEDS_DIR.glob(f"{prefix}*.txt")
    return path


def add_articles(folder: Path, *prefixes: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for prefix in prefixes:
        shutil.copy2(seed(prefix), folder / seed(prefix).name)  # same name, size and mtime everywhere


@dataclass
class CleanBuild:
    ledger: Ledger
    tables: dict[str, list[tuple]]
    seconds: float


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> CleanBuild:
    """One uninterrupted run on the three articles, timed: what every test must end with."""
    tmp = tmp_path_factory.mktemp("clean")
    ledger = Ledger(tmp / "articles", tmp / "clean.duckdb")
    add_articles(ledger.folder, *FIRST_ARTICLES, LATE_ARTICLE)
    command = MainCommand(tmp)
    began = time.monotonic()
    done = command.run(ledger)
    seconds = time.monotonic() - began
    command.end_leftovers()
    assert done.returncode == 0, done.explain()
    tables = snapshot(ledger.warehouse)
    assert tables["raw.articles"] and tables["extracted.casualty_facts"] and tables["marts.casualty_trend"]
    assert not duplicated_rows(tables)
    print(f"\nclean build of {len(list(ledger.folder.iterdir()))} articles: {seconds:.1f} s")
    return CleanBuild(ledger, tables, seconds)


# --- preparations of the chain of chosen kills -----------------------------------------------------


def stage_two_batches(ledger: Ledger) -> None:
    """Leave Parquet batches for the loader as `extraction_backfill_job` does: every pending
    article, and the first bucket a second time (a partition run twice), so there are two."""
    from orchestration.assets.extract import _pending_ids, stage_batches
    from orchestration.resources import WarehouseResource

    warehouse = WarehouseResource(database=str(ledger.warehouse))
    with connect(ledger.warehouse, read_only=True) as conn:
        buckets = sorted({article_id[0] for article_id in _pending_ids(conn, None)})
    assert buckets, "no article waits for extraction"
    for bucket in buckets:
        stage_batches(warehouse, bucket, "staged-1")
    stage_batches(warehouse, buckets[0], "staged-2")


def add_late_article(ledger: Ledger) -> None:
    add_articles(ledger.folder, LATE_ARTICLE)


def pretend_the_extractor_changed(ledger: Ledger) -> None:
    """What a new extractor version finds: every article and extraction of an older version."""
    with connect(ledger.warehouse) as conn:
        conn.execute("update raw.articles set extractor_version = 'older'")
        conn.execute("update extracted.extraction_log set extractor_version = 'older'")


CHAIN = [
    ("ingest.before_write", None),
    ("ingest.after_write", None),
    ("normalize.after_remove_superseded", None),
    ("normalize.before_insert", None),
    ("normalize.between_inserts", None),
    ("normalize.after_insert", None),
    ("extract.between_staged_batches", stage_two_batches),
    ("extract.inside_load", None),
    ("extract.between_batches", add_late_article),
    ("extract.after_last_load", None),
    ("runner.between_phases", None),
    ("dbt.before_build", None),
    ("dbt.after_build", None),
    ("report.between_charts", None),
]
"""From an empty warehouse, each kill where the previous one left it, in an order where each
point has work around it: staged batches to load, a late article to extract."""

EXTRACTOR_CHANGE = [
    ("normalize.after_stale_reset", pretend_the_extractor_changed),
    ("extract.after_stale_reset", None),
]
"""From a finished warehouse, a new extractor: everything is normalized and extracted again. In
a chain of its own, as its reset would hide what earlier kills broke."""

KNOWN_UNRECOVERABLE = {"extract.removing_staged_batch"}  # see test_a_kill_while_a_loaded_batch_is_removed


def test_the_chains_cover_every_failpoint():
    assert sorted(name for name, _ in CHAIN + EXTRACTOR_CHANGE) == sorted(set(FAILPOINTS) - KNOWN_UNRECOVERABLE)


def test_every_failpoint_is_called_once_in_the_code():
    calls = [
        name
        for path in (ROOT / "orchestration").rglob("*.py")
        for name in re.findall(r"""\bfailpoint\(["']([^"']+)["']\)""", path.read_text(encoding="utf-8"))
    ]
    assert sorted(calls) == sorted(FAILPOINTS)


def test_a_failpoint_kills_only_when_named(tmp_path):
    code = "from orchestration.failpoints import failpoint; failpoint('dbt.before_build'); print('alive')"
    env = {**os.environ, FAILPOINT_VAR: "dbt.after_build"}
    alive = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert (alive.returncode, alive.stdout) == (0, "alive\n")
    env[FAILPOINT_VAR] = "dbt.before_build"
    dead = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert (dead.returncode, dead.stdout, dead.stderr) == (SIGKILLED, "", "failpoint: killed at dbt.before_build\n")


@dataclass
class Chain:
    """What a chain of kills and its final rerun left."""

    ledger: Ledger
    kills: list  # failpoint names, or moments in seconds
    rerun: Outcome
    seconds: float
    killed_in_a_dagster_run: list[str] = field(default_factory=list)  # pids
    finished: list[tuple[list, dict]] = field(default_factory=list)  # (kills before, tables) of runs that ended first


def kill_at_each_failpoint(ledger: Ledger, steps: list) -> Chain:
    command, pids, began = MainCommand(ledger.warehouse.parent), [], time.monotonic()
    try:
        for name, prepare in steps:
            if prepare:
                prepare(ledger)
            outcome = command.run(ledger, **{FAILPOINT_VAR: name})
            assert outcome.killed, f"{name}: the run was not killed there: {outcome.explain()}"
            assert outcome.stderr.endswith(f"failpoint: killed at {name}\n"), outcome.explain()
            if name != "runner.between_phases":  # the only point outside a Dagster run
                pids.append(str(outcome.pid))
        rerun = command.run(ledger)
    finally:
        command.end_leftovers()
    return Chain(ledger, [name for name, _ in steps], rerun, time.monotonic() - began, pids)


def kill_at_random_moments(tmp: Path, folder: Path, run_seconds: float) -> Chain:
    """Kill runs at random moments of a run's measured length. A run that finishes before its
    moment must equal the clean build too (the caller checks `finished`); the next kills then
    start over on an empty warehouse, so that every kill lands in a run with work to do.

    A kill during `dbt build` leaves dbt running for a few seconds (it is a child process and
    holds the DuckDB file): each run is told to wait for the warehouse (CEASEFIRE_LOCK_WAIT),
    as a user rerunning at once would be."""
    rng = random.Random(RANDOM_SEED)
    ledger, kills, finished = Ledger(folder, tmp / "random0.duckdb"), [], []
    command, began = MainCommand(tmp), time.monotonic()
    try:
        while len(kills) < RANDOM_KILLS:
            assert len(kills) + len(finished) < 4 * RANDOM_KILLS, "runs keep finishing before their kill"
            moment = rng.uniform(0, run_seconds)
            outcome = command.kill_after(ledger, moment, **{WAIT_VAR: "120"})
            if outcome.killed:
                kills.append(round(moment, 1))
                continue
            assert outcome.returncode == 0, f"after kills at {kills}: {outcome.explain()}"
            finished.append((list(kills), snapshot(ledger.warehouse)))
            ledger = Ledger(folder, tmp / f"random{len(finished)}.duckdb")
        rerun = command.run(ledger, **{WAIT_VAR: "120"})
    finally:
        command.end_leftovers()
    return Chain(ledger, kills, rerun, time.monotonic() - began, finished=finished)


def copy_of(clean: CleanBuild, tmp: Path) -> Ledger:
    """A warehouse as the clean build left it (without its run storage and build record)."""
    ledger = Ledger(clean.ledger.folder, tmp / "copy.duckdb")
    shutil.copy2(clean.ledger.warehouse, ledger.warehouse)
    return ledger


def kill_while_a_loaded_batch_is_removed(clean: CleanBuild, tmp: Path) -> tuple[Outcome, Outcome, Ledger]:
    """Staged batches loaded into a warehouse whose facts are gone, killed while one is removed,
    then rerun: (the killed run, the rerun, the ledger)."""
    ledger = copy_of(clean, tmp)
    with connect(ledger.warehouse) as conn:  # articles normalized, none extracted yet
        for table in ("casualty_facts", "hostage_facts", "negotiation_events", "entity_mentions", "extraction_log"):
            conn.execute(f"delete from extracted.{table}")
    stage_two_batches(ledger)
    command = MainCommand(tmp)
    try:
        killed = command.run(ledger, **{FAILPOINT_VAR: "extract.removing_staged_batch"})
        rerun = command.run(ledger) if killed.killed else killed
    finally:
        command.end_leftovers()
    return killed, rerun, ledger


@dataclass
class TwoAtOnce:
    ledger: Ledger
    holder: int  # the pid of the run that took the lock
    outcomes: list[Outcome]  # the two started together
    waited: Outcome  # the third, told to wait


def two_runs_at_once_and_a_patient_third(clean: CleanBuild, tmp: Path) -> TwoAtOnce:
    ledger = Ledger(clean.ledger.folder, tmp / "shared.duckdb")
    command = MainCommand(tmp)
    try:
        pair = [command.start(ledger), command.start(ledger)]
        holder = wait_for_lock_holder(ledger, pair)
        patient = command.start(ledger, **{WAIT_VAR: "120"})
        outcomes = [command.finish(run) for run in pair]
        waited = command.finish(patient)
    finally:
        command.end_leftovers()
    return TwoAtOnce(ledger, holder, outcomes, waited)


@pytest.fixture(scope="module")
def scenarios(clean, tmp_path_factory) -> Iterator[dict[str, Future]]:
    """Every scenario of several runs, two at a time (each run keeps about one core busy, and the
    machine has two), the longest chains first: while one chain runs, the other slot takes the
    shorter scenarios. Each test waits for the scenario it checks."""
    fresh = tmp_path_factory.mktemp("chosen")
    ledger = Ledger(fresh / "articles", fresh / "chain.duckdb")
    add_articles(ledger.folder, *FIRST_ARTICLES)
    pool = ThreadPoolExecutor(max_workers=2)
    try:
        yield {
            "chosen": pool.submit(kill_at_each_failpoint, ledger, CHAIN),
            "random": pool.submit(kill_at_random_moments, tmp_path_factory.mktemp("random"), clean.ledger.folder, clean.seconds),
            "extractor_change": pool.submit(kill_at_each_failpoint, copy_of(clean, tmp_path_factory.mktemp("upgrade")), EXTRACTOR_CHANGE),
            "removing": pool.submit(kill_while_a_loaded_batch_is_removed, clean, tmp_path_factory.mktemp("removing")),
            "two_at_once": pool.submit(two_runs_at_once_and_a_patient_third, clean, tmp_path_factory.mktemp("two")),
        }
    finally:
        pool.shutdown(wait=True)


@pytest.mark.parametrize("chain_name", ["chosen", "extractor_change"])
def test_kills_at_every_failpoint_then_a_rerun_give_the_clean_build(clean, scenarios, chain_name):
    chain = scenarios[chain_name].result()
    print(f"\n{chain_name}: {len(chain.kills)} kills and a rerun: {chain.seconds:.1f} s")
    assert chain.rerun.returncode == 0, chain.rerun.explain()
    assert differences(snapshot(chain.ledger.warehouse), clean.tables) == {}
    assert charts_exist(chain.ledger)
    assert not list(chain.ledger.warehouse.parent.glob("*.batches/*/*")), "every staged batch was loaded and removed"


@pytest.mark.parametrize("chain_name", ["chosen", "extractor_change"])
def test_killed_runs_are_marked_failed_by_the_next_run(scenarios, chain_name):
    """The Dagster runs of the killed processes are FAILURE; none is left STARTED."""
    from dagster import DagsterInstance, DagsterRunStatus

    from orchestration.runner import PID_TAG

    chain = scenarios[chain_name].result()
    instance = DagsterInstance.from_config(str(chain.ledger.dagster_home))
    try:
        runs = instance.get_runs()
        assert not [run.run_id for run in runs if run.status == DagsterRunStatus.STARTED]
        failed = sorted(run.tags.get(PID_TAG) for run in runs if run.status == DagsterRunStatus.FAILURE)
    finally:
        instance.dispose()
    assert failed == sorted(chain.killed_in_a_dagster_run)


def test_random_kills_then_a_rerun_give_the_clean_build(clean, scenarios):
    chain = scenarios["random"].result()
    print(f"\nkills at {chain.kills} s ({len(chain.finished)} runs finished first) and a rerun: {chain.seconds:.1f} s")
    for kills, tables in chain.finished:
        assert differences(tables, clean.tables) == {}, f"a run that finished after kills at {kills}"
    assert chain.rerun.returncode == 0, f"after kills at {chain.kills}: {chain.rerun.explain()}"
    assert differences(snapshot(chain.ledger.warehouse), clean.tables) == {}
    assert charts_exist(chain.ledger)


def test_a_kill_while_a_loaded_batch_is_removed_is_repaired(clean, scenarios):
    killed, rerun, ledger = scenarios["removing"].result()
    assert killed.killed, killed.explain()
    assert rerun.returncode == 0, rerun.explain()
    assert differences(snapshot(ledger.warehouse), clean.tables) == {}


# --- two runs at once ----------------------------------------------------------------------------

BUSY = "is being written by another run"


def wait_for_lock_holder(ledger: Ledger, runs: list[Started]) -> int:
    """The pid of the run that holds the warehouse's run lock, once one does."""
    pids = {run.process.pid for run in runs}
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and any(run.process.poll() is None for run in runs):
        try:
            holder = json.loads(lock_path(ledger.warehouse).read_text() or "{}").get("pid")
        except (FileNotFoundError, ValueError):
            holder = None
        if holder in pids:
            return holder
        time.sleep(0.2)
    raise AssertionError("no run took the warehouse's lock")


def test_two_runs_at_once_write_one_ledger_and_a_patient_third_waits(clean, scenarios):
    two = scenarios["two_at_once"].result()
    for outcome in two.outcomes:
        if outcome.pid == two.holder:
            assert outcome.returncode == 0, outcome.explain()
        else:
            assert outcome.returncode != 0 and BUSY in outcome.stderr, outcome.explain()
            assert "ingest:" not in outcome.stdout, "the second run wrote before it stopped"
    waited = two.waited
    assert waited.returncode == 0 and BUSY not in waited.stderr, waited.explain()
    assert "ingest: 3 files in the folder, 0 new or changed" in waited.stdout, waited.explain()
    tables = snapshot(two.ledger.warehouse)
    assert duplicated_rows(tables) == {}
    assert differences(tables, clean.tables) == {}


# --- keys on the raw tables ----------------------------------------------------------------------

FILE_ROW = ("a.txt", "f" * 64, 10, 1, "utf-8", "ok", None, "text", None, None, None, None, "2026-01-01 00:00:00")


def test_a_duplicate_raw_row_is_refused_by_the_key(tmp_path):
    with connect(tmp_path / "w.duckdb") as conn:
        ensure_schema(conn)
        conn.execute("insert into raw.article_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", FILE_ROW)
        conn.execute("insert into raw.article_sources values ('a.txt', ?, 'id1')", [FILE_ROW[1]])
        with pytest.raises(duckdb.ConstraintException):
            conn.execute("insert into raw.article_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", FILE_ROW)
        with pytest.raises(duckdb.ConstraintException):
            conn.execute("insert into raw.article_sources values ('a.txt', ?, 'id1')", [FILE_ROW[1]])
        assert conn.execute("select count(*) from raw.article_files").fetchone()[0] == 1
        assert conn.execute("select count(*) from raw.article_sources").fetchone()[0] == 1


def test_an_old_warehouse_with_duplicates_is_repaired(tmp_path):
    """A warehouse from before the keys, duplicated by two runs at once: one row per key stays
    (of raw.article_files, the first ingested), and the key refuses the next duplicate."""
    path = tmp_path / "old.duckdb"
    with connect(path) as conn:
        conn.execute("create schema raw")
        conn.execute(f"create table raw.article_files ({TABLES['raw.article_files']})")
        conn.execute(f"create table raw.article_sources ({TABLES['raw.article_sources']})")
        for ingested_at in ("2026-01-02 00:00:00", "2026-01-01 00:00:00", "2026-01-03 00:00:00"):
            conn.execute("insert into raw.article_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [*FILE_ROW[:-1], ingested_at])
            conn.execute("insert into raw.article_sources values ('a.txt', ?, 'id1')", [FILE_ROW[1]])
        conn.execute("insert into raw.article_sources values ('b.txt', ?, 'id2')", [FILE_ROW[1]])
    with connect(path) as conn:
        ensure_schema(conn)
        files = conn.execute("select source_path, cast(ingested_at as varchar) from raw.article_files").fetchall()
        sources = conn.execute("select source_path, article_id from raw.article_sources order by 1").fetchall()
        with pytest.raises(duckdb.ConstraintException):
            conn.execute("insert into raw.article_sources values ('b.txt', ?, 'id2')", [FILE_ROW[1]])
    assert files == [("a.txt", "2026-01-01 00:00:00")]
    assert sources == [("a.txt", "id1"), ("b.txt", "id2")]
