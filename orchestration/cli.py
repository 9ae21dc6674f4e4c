"""`ceasefire-ledger`: run the whole pipeline once, print a summary, or evaluate extraction.

    ceasefire-ledger run        materialize every asset on the article folder, then summarize
    ceasefire-ledger summary    print what the warehouse holds
    ceasefire-ledger evaluate --articles DIR --gold FILE [--min-f1 0.95 ...]   score extraction
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import os
import sys
from pathlib import Path

from orchestration import settings
from orchestration.warehouse import WarehouseLockedError, connect


def run_pipeline() -> bool:
    """Execute the full job in this process (the same job `dagster dev` shows).

    The run's own log (Dagster events, dbt output) goes to last_run.log beside the warehouse,
    so that the terminal shows the summary; failures are printed.
    """
    from dagster import DagsterInstance

    from orchestration.definitions import defs

    instance = DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else DagsterInstance.ephemeral()
    job = defs.resolve_job_def("ceasefire_ledger_job")
    log_path = settings.warehouse_path().parent / "last_run.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    print(f"run {result.run_id}: {'succeeded' if result.success else 'FAILED'} (log: {log_path})")
    for event in result.all_events:
        if event.is_step_failure:
            print(f"step failed: {event.step_key}: {event.event_specific_data.error.message.strip()}", file=sys.stderr)
    failed_checks = [e for e in result.get_asset_check_evaluations() if not e.passed]
    for check in failed_checks:
        print(f"check failed: {check.asset_key.to_user_string()} {check.check_name}", file=sys.stderr)
    return result.success


def _print_table(conn, title: str, sql: str) -> None:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    print(f"\n{title} ({len(rows)} rows)")
    widths = [max(len(str(n)), *(len(_fmt(r[i])) for r in rows)) if rows else len(n) for i, n in enumerate(names)]
    print("  " + "  ".join(str(n).ljust(w) for n, w in zip(names, widths)))
    for row in rows:
        print("  " + "  ".join(_fmt(v).ljust(w) for v, w in zip(row, widths)))


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


def print_summary() -> None:
    path = settings.warehouse_path()
    with connect(path, read_only=True) as conn:
        counts = conn.execute(
            """
            select (select count(*) from raw.article_files where status = 'ok'),
                   (select count(*) from raw.article_files where status = 'rejected'),
                   (select count(*) from raw.articles),
                   (select count(*) from extracted.casualty_facts),
                   (select count(*) from extracted.hostage_facts),
                   (select count(*) from extracted.negotiation_events),
                   (select count(*) from extracted.entity_mentions)
            """
        ).fetchone()
        print(f"warehouse: {path}")
        print(
            f"files read: {counts[0]} (rejected: {counts[1]}); articles: {counts[2]}\n"
            f"facts: casualty {counts[3]}, hostage {counts[4]}, negotiation events {counts[5]}, entity mentions {counts[6]}"
        )
        _print_table(
            conn,
            "marts.casualty_trend",
            """select as_of, region, metric, victim_group, value, previous_value, delta, days_since_previous,
                      daily_rate, is_revision, reference_value, reference_gap
               from marts.casualty_trend order by region, metric, victim_group, as_of""",
        )
        _print_table(
            conn,
            "marts.negotiation_rounds",
            """select round_number, started_on, ended_on, locations, mediators, participants, event_types,
                      hostages_on_table, outcome, n_events, n_articles
               from marts.negotiation_rounds order by round_number""",
        )


def evaluate(args) -> int:
    """Score the extraction of a folder against its gold file; non-zero exit below the thresholds."""
    import tempfile

    from orchestration.evaluation import evaluate_warehouse, failed_thresholds, format_evaluation, load_gold, materialize_into

    with tempfile.TemporaryDirectory(prefix="ceasefire-eval-") as tmp:
        os.environ.setdefault(settings.REPORTS_DIR_VAR, str(Path(tmp) / "reports"))
        warehouse = Path(tmp) / "evaluation.duckdb"
        with open(Path(tmp) / "run.log", "w", encoding="utf-8") as log, contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            result = materialize_into(args.articles.resolve(), warehouse)
        if not result.success:
            print("the pipeline run failed:\n" + (Path(tmp) / "run.log").read_text()[-3000:], file=sys.stderr)
            return 2
        ev = evaluate_warehouse(warehouse, load_gold(args.gold))
    print(format_evaluation(ev))
    if args.show_errors:
        for tally in [*(t for by in ev.figures.values() for t in [by["overall"]]), *ev.negotiation.values()]:
            for line in tally.misses + tally.false_finds:
                print("  " + line)
    failures = failed_thresholds(
        ev, args.min_f1, args.min_language_f1, args.min_attributes, args.min_negotiation_recall, args.min_date_accuracy
    )
    for failure in failures:
        print(f"BELOW THRESHOLD: {failure}", file=sys.stderr)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ceasefire-ledger", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="materialize every asset, then print the summary")
    sub.add_parser("summary", help="print what the warehouse holds")
    ev = sub.add_parser("evaluate", help="run the pipeline on a folder into a temporary warehouse and score it against a gold JSONL")
    ev.add_argument("--articles", required=True, type=Path, help="folder of article files")
    ev.add_argument("--gold", required=True, type=Path, help="gold JSONL (format of tests/fixtures/seeds_gold.jsonl)")
    ev.add_argument("--min-f1", type=float, default=0.0, help="overall casualty+hostage figure F1")
    ev.add_argument("--min-language-f1", type=float, default=0.0, help="figure F1 in every language")
    ev.add_argument("--min-attributes", type=float, default=0.0, help="share of found figures with metric/status, group, region, scope right")
    ev.add_argument("--min-negotiation-recall", type=float, default=0.0, help="recall of negotiation locations and mediators")
    ev.add_argument("--min-date-accuracy", type=float, default=0.0, help="article dates right where determinable")
    ev.add_argument("--show-errors", action="store_true", help="list every miss and false find")
    args = parser.parse_args(argv)
    # A run leaves ~300k objects of dagster and dbt behind, and the interpreter's garbage
    # collections at exit walk them all (~1 s) though nothing in them needs finalizing: the
    # warehouse, run storage and log files are closed by then. Frozen objects are skipped.
    atexit.register(gc.freeze)
    try:
        if args.command == "run":
            print(f"articles: {settings.articles_dir()}\nwarehouse: {settings.warehouse_path()}")
            ok = run_pipeline()
            print_summary()
            if not ok:
                print("\nThe run failed (see the step errors above).", file=sys.stderr)
                return 1
        elif args.command == "summary":
            print_summary()
        elif args.command == "evaluate":
            return evaluate(args)
    except WarehouseLockedError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
