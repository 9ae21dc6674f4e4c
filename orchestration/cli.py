"""`ceasefire-ledger`: run the whole pipeline once, print a summary, or evaluate extraction.

    ceasefire-ledger run        materialize every asset on the article folder, then summarize
    ceasefire-ledger summary    print what the warehouse holds
    ceasefire-ledger retract PATH|ID --reason TEXT   take an article out (recorded; --restore undoes)
    ceasefire-ledger ui         start the Dagster UI on this warehouse (DAGSTER_HOME beside it)
    ceasefire-ledger evaluate --articles DIR --gold FILE [--min-f1 0.95 ...]   score extraction
    ceasefire-ledger evaluate --thresholds corpora/thresholds.yaml              score every corpus against its floors
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import os
import sys
from pathlib import Path

from orchestration import progress, run_lock, settings
from orchestration.run_lock import WarehouseBusyError
from orchestration.warehouse import WarehouseLockedError, connect, ensure_schema


def dagster_home() -> Path:
    """Run storage of this warehouse: DAGSTER_HOME if set, else `<warehouse>.dagster/` beside the
    file, so that runs on different warehouses never mix in one history."""
    if os.environ.get("DAGSTER_HOME"):
        return Path(os.environ["DAGSTER_HOME"]).resolve()
    warehouse = settings.warehouse_path()
    return warehouse.with_name(warehouse.stem + ".dagster")


INSTANCE_YAML = """# Written by ceasefire-ledger. Runs that write the warehouse go one at a time (DuckDB has one
# writer); the extraction backfill's runs only read it and may run side by side. Runs whose
# process died are marked failed by the daemon's run monitoring.
run_queue:
  max_concurrent_runs: 4
  tag_concurrency_limits:
    - key: "ceasefire/writes_warehouse"
      limit: 1
run_monitoring:
  enabled: true
"""


def prepare_dagster_home() -> Path:
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists() or not config.read_text().strip():
        config.write_text(INSTANCE_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def run_pipeline() -> bool:
    """Execute the ledger job in this process (the job `dagster dev` shows) and say how it went.

    Dagster's events and dbt's output go to last_run.log beside the warehouse; the terminal gets
    one progress line per stage, and on failure the cause in plain words."""
    from dagster import DagsterInstance

    from orchestration.assets.report import chart_paths
    from orchestration.definitions import defs
    from orchestration.runner import PID_TAG, mark_dead_runs_failed, run_ledger

    instance = DagsterInstance.get()
    mark_dead_runs_failed(instance)
    log_path = settings.warehouse_path().parent / "last_run.log"
    log = SafeLog(log_path)
    progress.show_on(sys.stdout)
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            run = run_ledger(defs, settings.warehouse_path(), instance, chart_paths(), tags={PID_TAG: str(os.getpid())})
    finally:
        progress.show_on(None)
        log.close()
    if run.dbt_skipped_since:
        print(f"  dbt build not run: nothing it reads changed since run {run.dbt_skipped_since[:8]}, whose marts and tests stand")
    causes = failure_causes(run)
    for cause in causes:
        print(f"FAILED: {cause}", file=sys.stderr)
    if causes:
        print(_disk_hint(), file=sys.stderr, end="")
    if log.lost:
        print(f"(the run log {log_path} could not be written: {log.lost})", file=sys.stderr)
    print(f"run {'succeeded' if run.success else 'FAILED'} (log: {log_path})")
    return run.success and not causes


class SafeLog:
    """The run's log file; a write that fails (a full disk) is counted, not raised into the run."""

    def __init__(self, path: Path) -> None:
        self.lost: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file = path.open("w", encoding="utf-8")
        except OSError as exc:
            self._file, self.lost = None, str(exc)

    def write(self, text: str) -> int:
        if self._file is not None:
            try:
                self._file.write(text)
            except OSError as exc:
                self.lost = self.lost or str(exc)
        return len(text)

    def flush(self) -> None:
        self.write("")

    def close(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError as exc:
                self.lost = self.lost or str(exc)


def failure_causes(run) -> list[str]:
    """One plain line per failed step or failed check, with the root cause of each error."""
    causes = []
    for event in run.all_events:
        if event.is_step_failure:
            causes.append(f"{event.step_key}: {root_cause(event.event_specific_data.error)}")
    for check in run.get_asset_check_evaluations():
        if not check.passed and check.severity.value == "ERROR":
            causes.append(f"check {check.check_name} on {check.asset_key.to_user_string()} failed: {_check_detail(check)}")
    return causes


SPEAKING_ERRORS = ("WarehouseLockedError", "WarehouseBusyError")
"""Errors of ours whose message already says what happened and what to do."""


def root_cause(error) -> str:
    """The message worth reading in a chain of errors: one of ours, else the innermost cause."""
    chain = []
    while error is not None:
        chain.append(error)
        error = error.cause or getattr(error, "context", None)
    for link in chain:
        if link.cls_name in SPEAKING_ERRORS:
            return _one_line(link.message)
    innermost = chain[-1]
    return _one_line(f"{innermost.cls_name}: {innermost.message}")


def _one_line(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= 400 else message[:397] + "..."


def _check_detail(check) -> str:
    metadata = check.metadata or {}
    parts = [f"{key}={getattr(value, 'value', value)}" for key, value in metadata.items()]
    return ", ".join(parts)[:300] or "see the run log"


MAX_ROWS = 40
"""Rows of a mart shown in the summary; the rest are counted (query the mart for them)."""

CELL_WIDTH = 30


def _print_table(conn, title: str, sql: str) -> None:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    print(f"\n{title} ({len(rows)} rows)")
    shown = [[_fmt(v) for v in row] for row in rows[:MAX_ROWS]]
    widths = [max([len(n), *(len(r[i]) for r in shown)]) for i, n in enumerate(names)]
    print("  " + "  ".join(n.ljust(w) for n, w in zip(names, widths)))
    for row in shown:
        print("  " + "  ".join(v.ljust(w) for v, w in zip(row, widths)))
    if len(rows) > MAX_ROWS:
        print(f"  ... {len(rows) - MAX_ROWS} more rows: select * from {title}")


def _fmt(value) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "", None: ""}[value]
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        text = ", ".join(map(str, value))
        return text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 1] + "…"
    return str(value)


SUMMARY_COUNTS = """
    select (select count(*) from raw.article_files where status = 'ok'),
           (select count(*) from raw.article_files where status <> 'ok'),
           (select count(*) from raw.articles),
           (select count(*) from extracted.casualty_facts),
           (select count(*) from extracted.hostage_facts),
           (select count(*) from extracted.negotiation_events),
           (select count(*) from extracted.entity_mentions)
"""

MART_TABLES = {
    "marts.casualty_trend": """select as_of, region, metric, victim_group as "group", value, delta, daily_rate,
              is_revision as revision, reference_value as moh, reference_gap as gap
       from marts.casualty_trend order by region, metric, victim_group, as_of""",
    "marts.hostage_trend": """select as_of, status, hostage_group as "group", value, delta, n_articles as articles
       from marts.hostage_trend order by status, hostage_group, as_of""",
    "marts.negotiation_rounds": """select round_number as "round", started_on, ended_on, locations, mediators,
              hostages_on_table as hostages, outcome, n_events as events, n_articles as articles
       from marts.negotiation_rounds order by round_number""",
}


def print_summary() -> None:
    """What the warehouse holds: counts, problems with input files, and the three marts."""
    with connect(settings.warehouse_path(), read_only=True) as conn:
        tables = {f"{s}.{t}" for s, t in conn.execute("select table_schema, table_name from information_schema.tables").fetchall()}
        if "raw.articles" not in tables:
            print("The warehouse is empty: no run has finished its ingest yet.")
            return
        counts = conn.execute(SUMMARY_COUNTS).fetchone()
        print(f"files read: {counts[0]:,} (rejected: {counts[1]:,}); articles: {counts[2]:,}")
        print(f"facts: casualty {counts[3]:,}, hostage {counts[4]:,}, negotiation events {counts[5]:,}, entity mentions {counts[6]:,}")
        _print_problems(conn)
        for table, sql in MART_TABLES.items():
            if table in tables:
                _print_table(conn, table, sql)
            else:
                print(f"\n{table}: not built yet (dbt has not run on this warehouse)")


def _print_problems(conn) -> None:
    problems = [row[0] for row in conn.execute(
        "select problem from raw.article_files where status <> 'ok' and problem is not null order by source_path"
    ).fetchall()]
    if problems:
        print(f"files not ingested ({len(problems)}):")
        for problem in problems[:MAX_ROWS]:
            print(f"  {problem}")
        if len(problems) > MAX_ROWS:
            print(f"  ... {len(problems) - MAX_ROWS} more: select source_path, problem from raw.article_files where status <> 'ok'")


def evaluate(args) -> int:
    """Score extraction against gold: one folder (--articles, --gold), or every corpus of a
    thresholds file (--thresholds) in one pipeline run; non-zero exit below any floor."""
    import tempfile

    from orchestration import evaluation

    if not args.thresholds and not (args.articles and args.gold):
        print("evaluate: give --articles and --gold, or --thresholds FILE", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="ceasefire-eval-") as tmp:
        os.environ.setdefault(settings.REPORTS_DIR_VAR, str(Path(tmp) / "reports"))
        if args.thresholds:
            corpora = evaluation.load_thresholds(args.thresholds)
            corpora = [c for c in corpora if not args.only or c.name in args.only]
            articles = evaluation.gather_articles(corpora, Path(tmp) / "articles")
        else:
            corpora = [evaluation.Corpus("", args.articles, _floors_from(args))]
            articles = args.articles.resolve()
        warehouse = Path(tmp) / "evaluation.duckdb"
        with open(Path(tmp) / "run.log", "w", encoding="utf-8") as log, contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            result = evaluation.materialize_into(articles, warehouse)
        if not result.success:
            print("the pipeline run failed:\n" + (Path(tmp) / "run.log").read_text()[-3000:], file=sys.stderr)
            return 2
        failures = [_score_corpus(evaluation, warehouse, corpus, args) for corpus in corpora]
    return 1 if any(failures) else 0


def _floors_from(args):
    from orchestration.evaluation import Thresholds

    return Thresholds(**{name: getattr(args, name) for name in Thresholds.__dataclass_fields__})


def _score_corpus(evaluation, warehouse: Path, corpus, args) -> list[str]:
    """Print one corpus's scores (and errors when asked); the floors it fails, also on stderr."""
    gold = evaluation.load_gold(args.gold if not corpus.name else corpus.gold)
    ev = evaluation.evaluate_warehouse(warehouse, gold)
    if corpus.name:
        print(f"\n== {corpus.name} ==")
    print(evaluation.format_evaluation(ev))
    if args.show_errors:
        tallies = [*(t for by in ev.figures.values() for t in [by["overall"]]), *ev.negotiation.values()]
        for line in (line for tally in tallies for line in tally.misses + tally.false_finds):
            print("  " + line)
    failures = evaluation.failed_thresholds(ev, corpus.floors)
    for failure in failures:
        print(f"BELOW THRESHOLD: {(corpus.name + ': ') if corpus.name else ''}{failure}", file=sys.stderr)
    return failures


def explain(args) -> int:
    from orchestration.extraction.explain import explain_candidates, format_explanation

    text = args.file.read_text(encoding="utf-8") if args.file else " ".join(args.text)
    if not text.strip():
        print("explain: give a sentence, or --file PATH", file=sys.stderr)
        return 2
    print(format_explanation(explain_candidates(text, args.published_on)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ceasefire-ledger", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="materialize every asset, then print the summary")
    sub.add_parser("summary", help="print what the warehouse holds")
    retract = sub.add_parser("retract", help="take articles out of the ledger, recorded in raw.retractions (--restore undoes it)")
    retract.add_argument("articles", nargs="+", help="source_path as stored in raw.articles, or article_id (8+ characters)")
    retract.add_argument("--reason", help="why, kept in raw.retractions")
    retract.add_argument("--restore", action="store_true", help="lift earlier retractions of these articles instead")
    ui = sub.add_parser("ui", help="start the Dagster UI (dagster dev) with this warehouse's run storage")
    ui.add_argument("--port", type=int, default=3000)
    ev = sub.add_parser("evaluate", help="run the pipeline on a folder into a temporary warehouse and score it against a gold JSONL")
    ev.add_argument("--articles", type=Path, help="folder of article files")
    ev.add_argument("--gold", type=Path, help="gold JSONL (format of tests/fixtures/seeds_gold.jsonl)")
    ev.add_argument("--thresholds", type=Path, help="score every corpus this YAML lists against its floors (corpora/thresholds.yaml)")
    ev.add_argument("--only", nargs="+", help="with --thresholds: only these corpora")
    ev.add_argument("--min-f1", type=float, default=0.0, help="strict figure F1 (value and every attribute right), overall")
    ev.add_argument("--min-language-f1", type=float, default=0.0, help="strict figure F1 in every language")
    ev.add_argument("--min-value-f1", type=float, default=0.0, help="figure F1 matching on the value alone")
    ev.add_argument("--min-attributes", type=float, default=0.0, help="share of found figures with every attribute right, per kind")
    ev.add_argument("--min-negotiation-recall", type=float, default=0.0, help="recall of negotiation locations, mediators and participants")
    ev.add_argument("--min-date-accuracy", type=float, default=0.0, help="article dates right where determinable")
    ev.add_argument("--show-errors", action="store_true", help="list every miss and false find")
    ex = sub.add_parser("explain", help="show each number in a text and the rule behind each attribute of its figure")
    ex.add_argument("text", nargs="*", help="the sentence(s) to read")
    ex.add_argument("--file", type=Path, help="read the text from a file instead")
    ex.add_argument("--published-on", help="the article's date (YYYY-MM-DD), for dates relative to it")
    args = parser.parse_args(argv)
    # A run leaves ~300k objects of dagster and dbt behind, and the interpreter's garbage
    # collections at exit walk them all (~1 s) though nothing in them needs finalizing: the
    # warehouse, run storage and log files are closed by then. Frozen objects are skipped.
    atexit.register(gc.freeze)
    try:
        return COMMANDS[args.command](args)
    except (WarehouseLockedError, WarehouseBusyError) as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # anything else still gets one plain line (the traceback on request)
        if os.environ.get("CEASEFIRE_DEBUG"):
            raise
        print(f"FAILED: {_one_line(f'{type(exc).__name__}: {_innermost(exc)}')} (CEASEFIRE_DEBUG=1 shows the traceback)", file=sys.stderr)
        print(_disk_hint(), file=sys.stderr, end="")
        return 1


LOW_DISK_BYTES = 50_000_000


def _disk_hint() -> str:
    """A line naming a nearly full disk under the warehouse or the run storage, else nothing:
    a full disk surfaces as many different errors (DuckDB's WAL, SQLite's "disk I/O error")."""
    import shutil

    hints, seen = [], set()
    for what, folder in (("warehouse", settings.warehouse_path().parent), ("run storage", dagster_home())):
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        device, free = folder.stat().st_dev, shutil.disk_usage(folder).free
        if free < LOW_DISK_BYTES and device not in seen:
            seen.add(device)
            hints.append(f"The disk of the {what} ({folder}) is nearly full: {free:,} bytes free.\n")
    return "".join(hints)


def _innermost(exc: BaseException) -> BaseException:
    while exc.__cause__ or exc.__context__:
        exc = exc.__cause__ or exc.__context__
    return exc


def run_command(args) -> int:
    """The main command: run, then the summary only if the run succeeded (never a stale one).
    The run lock is taken first: two runs must not even create the run storage together."""
    run_lock.acquire(settings.warehouse_path(), "ceasefire-ledger run")
    try:
        prepare_dagster_home()
        print(f"articles: {settings.articles_dir()}\nwarehouse: {settings.warehouse_path()}")
        if not run_pipeline():
            print("The run failed; the warehouse keeps what earlier runs built. Nothing is summarized.", file=sys.stderr)
            return 1
        print_summary()
        return 0
    finally:
        run_lock.release(settings.warehouse_path())


def summary_command(args) -> int:
    print(f"warehouse: {settings.warehouse_path()}")
    print_summary()
    return 0


def ui_command(args) -> int:
    """`dagster dev` on this project, with the run storage of the configured warehouse."""
    import shutil

    home = prepare_dagster_home()
    settings.export_for_dbt()
    os.environ.setdefault(settings.ARTICLES_DIR_VAR, str(settings.articles_dir()))
    dagster = shutil.which("dagster") or str(Path(sys.executable).parent / "dagster")
    print(f"DAGSTER_HOME={home}; warehouse {settings.warehouse_path()}; open http://localhost:{args.port}")
    os.chdir(settings.PROJECT_ROOT)
    os.execv(dagster, [dagster, "dev", "-w", "workspace.yaml", "-p", str(args.port)])


def retract_command(args) -> int:
    """Take articles out of the ledger (and keep them out); the marts follow on the next run."""
    from orchestration import retractions

    warehouse = settings.warehouse_path()
    run_lock.acquire(warehouse, "ceasefire-ledger retract")
    try:
        with connect(warehouse) as conn:
            ensure_schema(conn)
            if args.restore:
                lifted = sum(retractions.restore(conn, selector) for selector in args.articles)
                print(f"{lifted} retraction(s) lifted; the next run reads those files again.")
                return 0 if lifted else 1
            found = [retractions.retract(conn, selector, args.reason) for selector in args.articles]
    finally:
        run_lock.release(warehouse)
    for selector, rows in zip(args.articles, found):
        if rows.height == 0:
            print(f"no article matches {selector!r} (give a source_path as stored in raw.articles, or an article_id)", file=sys.stderr)
        for article_id, source_path in rows.iter_rows():
            print(f"retracted {article_id[:12]} ({source_path})")
    print("Its facts are gone from the extracted tables; the marts follow on the next run (ceasefire-ledger run).")
    return 0 if all(rows.height for rows in found) else 1


COMMANDS = {"run": run_command, "retract": retract_command, "summary": summary_command, "evaluate": lambda args: evaluate(args), "ui": ui_command, "explain": explain}


if __name__ == "__main__":
    sys.exit(main())
