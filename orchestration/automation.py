"""The job, its daily schedule, and a sensor that starts a run when new article files appear."""


import json
from pathlib import Path

from dagster import AssetSelection, DefaultScheduleStatus, RunRequest, ScheduleDefinition, SensorEvaluationContext, SkipReason, define_asset_job, sensor

from orchestration import settings
from orchestration.article_files import scan_article_files

WRITES_WAREHOUSE_TAG = "ceasefire/writes_warehouse"
"""Runs with this tag write the warehouse: the run queue of `ceasefire-ledger ui` lets one through at a time."""

ledger_job = define_asset_job(
    "ceasefire_ledger_job",
    selection=AssetSelection.all(),
    description="Everything: ingest new files, normalize, extract, load, dbt build, report.",
    tags={WRITES_WAREHOUSE_TAG: "true"},
)

daily_schedule = ScheduleDefinition(
    name="daily_ledger_run",
    job=ledger_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.STOPPED,
    description="Every day at 06:00 UTC: pick up the day's new articles (work is proportional to what is new).",
)


def folder_state(folder: Path) -> dict:
    """A cheap fingerprint of the folder: file count and newest modification time (from the stats
    of the listing itself, so a file that vanishes meanwhile cannot fail the sensor)."""
    files = scan_article_files(folder)
    newest = max((stat.st_mtime_ns for _, stat in files), default=0)
    return {"files": len(files), "newest_ns": newest}


@sensor(job=ledger_job, minimum_interval_seconds=60, description="Starts a run when files are added to or changed in the article folder.")
def new_articles_sensor(context: SensorEvaluationContext):
    state = folder_state(settings.articles_dir())
    previous = json.loads(context.cursor) if context.cursor else None
    if previous == state:
        return SkipReason("no new or changed article files")
    context.update_cursor(json.dumps(state))
    if previous is not None and state["files"] <= previous["files"] and state["newest_ns"] <= previous["newest_ns"]:
        return SkipReason("files were removed; nothing new to ingest")
    return RunRequest(run_key=f"articles-{state['files']}-{state['newest_ns']}")
