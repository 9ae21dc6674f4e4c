"""The main command as a new user meets it: the documented commands work, a skip is said in
words, a failure prints its cause and no stale summary, superseded and retracted articles leave."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from orchestration.warehouse import connect
from tests.conftest import ROOT, SEEDS_DIR

pytestmark = pytest.mark.integration

CLI = [sys.executable, "-m", "orchestration.cli"]


def _env(tmp_path, folder) -> dict:
    env = {**os.environ, "CEASEFIRE_ARTICLES_DIR": str(folder), "CEASEFIRE_WAREHOUSE": str(tmp_path / "w.duckdb"),
           "CEASEFIRE_REPORTS_DIR": str(tmp_path / "reports")}
    env.pop("DAGSTER_HOME", None)
    return env


def _cli(env, *args, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def two_seeds(tmp_path_factory):
    """A folder of two seed articles and a warehouse built from it by the main command."""
    tmp = tmp_path_factory.mktemp("main")
    folder = tmp / "articles"
    folder.mkdir()
    for path in sorted(SEEDS_DIR.glob("*.txt"))[:2]:
        shutil.copy2(path, folder / path.name)
    env = _env(tmp, folder)
    first = _cli(env, "run")
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    return {"tmp": tmp, "folder": folder, "env": env, "first": first}


def test_the_run_prints_progress_per_stage_and_one_summary(two_seeds):
    out = two_seeds["first"].stdout
    assert out.count("warehouse:") == 1
    for stage in ("ingest:", "normalize:", "extract:", "dbt build:"):
        assert stage in out, stage
    assert "marts.casualty_trend" in out and "marts.hostage_trend" in out and "marts.negotiation_rounds" in out
    # run storage beside the warehouse, not in a shared .dagster/
    assert (two_seeds["tmp"] / "w.dagster" / "dagster.yaml").exists()


def test_a_run_with_nothing_new_says_it_leaves_dbt_out(two_seeds):
    again = _cli(two_seeds["env"], "run")
    assert again.returncode == 0, again.stderr[-2000:]
    assert "dbt build not run: nothing it reads changed since run" in again.stdout
    assert "FAILED" not in again.stdout + again.stderr


def test_a_reader_holding_the_file_makes_the_run_fail_in_plain_words(two_seeds):
    warehouse = two_seeds["tmp"] / "w.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(warehouse)!r}, read_only=True); print('open', flush=True); time.sleep(120)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        (two_seeds["folder"] / "new.txt").write_text("GAZA - Health officials said 40,005 people had been killed since the war began.\n")
        done = _cli(two_seeds["env"], "run")
    finally:
        holder.kill()
        (two_seeds["folder"] / "new.txt").unlink()
    assert done.returncode != 0
    assert "in use by another process" in done.stderr
    assert "marts.casualty_trend" not in done.stdout, "no stale summary after a failed run"


def test_summary_of_a_warehouse_without_marts_says_so(tmp_path):
    with connect(tmp_path / "w.duckdb") as conn:
        from orchestration.warehouse import ensure_schema

        ensure_schema(conn)
    done = _cli(_env(tmp_path, SEEDS_DIR), "summary")
    assert done.returncode == 0, done.stderr
    assert "marts.casualty_trend: not built yet" in done.stdout


def test_documented_dagster_command_materializes_everything(tmp_path):
    env = {**_env(tmp_path, SEEDS_DIR), "DAGSTER_HOME": str(tmp_path)}
    dagster = shutil.which("dagster", path=os.path.dirname(sys.executable)) or "dagster"
    done = subprocess.run([dagster, "asset", "materialize", "-m", "orchestration.definitions", "--select", "*"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    with connect(tmp_path / "w.duckdb", read_only=True) as conn:
        assert conn.execute("select count(*) from marts.casualty_trend").fetchone()[0] > 0


def _facts_of(warehouse, source_path) -> int:
    """Casualty facts of the article read from this file (under whichever name it was first read)."""
    with connect(warehouse, read_only=True) as conn:
        return conn.execute(
            "select count(*) from extracted.casualty_facts f join raw.article_sources s using (article_id) where s.source_path = ?",
            [source_path],
        ).fetchone()[0]


def test_a_new_version_of_a_file_supersedes_the_old_text(two_seeds, tmp_path):
    folder, env = tmp_path / "articles", _env(tmp_path, tmp_path / "articles")
    shutil.copytree(two_seeds["folder"], folder)
    first, second = sorted(p.name for p in folder.iterdir())
    shutil.copy2(folder / second, folder / "copy_of_second.txt")
    assert _cli(env, "run").returncode == 0
    warehouse = tmp_path / "w.duckdb"
    old_text = (folder / first).read_text()
    (folder / first).write_text("GAZA - Medics said 17 people were killed in a strike on a school on Tuesday.\n")
    (folder / second).write_text("DOHA - Mediators met again on Monday.\n")  # its old text lives on as copy_of_second.txt
    done = _cli(env, "run")
    assert done.returncode == 0, done.stderr[-2000:]
    with connect(warehouse, read_only=True) as conn:
        bodies = [row[0] for row in conn.execute("select body from raw.articles").fetchall()]
        records = conn.execute("select kind, source_path from raw.retractions").fetchall()
        in_marts = conn.execute("select count(*) from marts.casualty_trend where list_has_any(article_ids, (select list(article_id) from raw.retractions))").fetchone()[0]
    assert not any(old_text[:60] in body for body in bodies)
    assert records == [("superseded", first)]
    assert in_marts == 0
    assert _facts_of(warehouse, "copy_of_second.txt") > 0
    # The old text comes back: it is the file's latest version again.
    (folder / first).write_text(old_text)
    assert _cli(env, "run").returncode == 0
    assert _facts_of(warehouse, first) > 0


def test_retract_removes_an_article_and_keeps_it_out_until_restored(two_seeds, tmp_path):
    folder, env = tmp_path / "articles", _env(tmp_path, tmp_path / "articles")
    shutil.copytree(two_seeds["folder"], folder)
    assert _cli(env, "run").returncode == 0
    name = sorted(p.name for p in folder.iterdir())[0]
    warehouse = tmp_path / "w.duckdb"
    assert _facts_of(warehouse, name) > 0
    done = _cli(env, "retract", name, "--reason", "the outlet withdrew it")
    assert done.returncode == 0 and "retracted" in done.stdout
    assert _facts_of(warehouse, name) == 0
    shutil.copy2(folder / name, folder / "same_text_again.txt")
    assert _cli(env, "run").returncode == 0
    with connect(warehouse, read_only=True) as conn:
        assert conn.execute("select kind, reason from raw.retractions").fetchall() == [("retracted", "the outlet withdrew it")]
        assert conn.execute("select count(*) from raw.articles").fetchone()[0] == 1
        retracted = conn.execute("select article_id from raw.retractions").fetchone()[0]
        assert conn.execute("select count(*) from marts.casualty_trend where list_contains(article_ids, ?)", [retracted]).fetchone()[0] == 0
    assert _cli(env, "retract", "--restore", name).returncode == 0
    assert _cli(env, "run").returncode == 0
    assert _facts_of(warehouse, name) + _facts_of(warehouse, "same_text_again.txt") > 0


def test_a_deleted_file_keeps_its_article(two_seeds, tmp_path):
    folder, env = tmp_path / "articles", _env(tmp_path, tmp_path / "articles")
    shutil.copytree(two_seeds["folder"], folder)
    assert _cli(env, "run").returncode == 0
    (folder / sorted(p.name for p in folder.iterdir())[0]).unlink()
    assert _cli(env, "run").returncode == 0
    with connect(tmp_path / "w.duckdb", read_only=True) as conn:
        assert conn.execute("select count(*) from raw.articles").fetchone()[0] == 2
        assert conn.execute("select count(*) from raw.retractions").fetchone()[0] == 0


def test_a_hand_launched_job_always_builds_dbt(two_seeds):
    from dagster import DagsterInstance

    from orchestration.assets.transform import DBT_PROJECT
    from orchestration.dbt.resource import dbt_resource
    from orchestration.definitions import build_definitions
    from orchestration.resources import ArticleFolder, WarehouseResource

    warehouse = two_seeds["tmp"] / "w.duckdb"
    defs = build_definitions({"warehouse": WarehouseResource(database=str(warehouse)),
                              "article_folder": ArticleFolder(folder=str(two_seeds["folder"])), "dbt": dbt_resource(DBT_PROJECT)})
    result = defs.resolve_job_def("ceasefire_ledger_job").execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False)
    assert result.success
    built = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"marts/casualty_trend", "marts/hostage_trend", "report/casualty_trend_chart"} <= built
    assert all(check.passed for check in result.get_asset_check_evaluations())


def test_duckdb_refuses_duplicate_file_rows(two_seeds):
    with connect(two_seeds["tmp"] / "w.duckdb") as conn:
        with pytest.raises(duckdb.ConstraintException):
            conn.execute("insert into raw.article_files select * from raw.article_files limit 1")


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system (tmpfs) for the warehouse; skipped where mounting is not allowed."""
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mountpoint)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs needs root")
    yield mountpoint
    subprocess.run(["umount", str(mountpoint)], check=True)


def test_a_full_disk_is_named_as_the_cause_and_the_next_run_completes(two_seeds, small_disk, tmp_path):
    env = {**_env(tmp_path, two_seeds["folder"]), "CEASEFIRE_WAREHOUSE": str(small_disk / "w.duckdb"),
           "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    done = _cli(env, "run")
    assert done.returncode != 0
    assert "No space left on device" in done.stderr
    assert "FAILED: extracted_facts" in done.stderr or "FAILED: raw__articles" in done.stderr
    assert "marts.casualty_trend" not in done.stdout
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    again = _cli(env, "run")
    assert again.returncode == 0, again.stderr[-2000:]
    with connect(small_disk / "w.duckdb", read_only=True) as conn, connect(two_seeds["tmp"] / "w.duckdb", read_only=True) as clean:
        for table in ("raw.articles", "extracted.casualty_facts", "extracted.hostage_facts", "marts.casualty_trend"):
            assert conn.execute(f"select count(*) from {table}").fetchone() == clean.execute(f"select count(*) from {table}").fetchone(), table


def test_a_full_disk_under_the_run_storage_is_named_in_one_line(two_seeds, small_disk, tmp_path):
    env = {**_env(tmp_path, two_seeds["folder"]), "CEASEFIRE_WAREHOUSE": str(small_disk / "w.duckdb")}
    done = _cli(env, "run")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert f"The disk of the warehouse ({small_disk}) is nearly full" in done.stderr
