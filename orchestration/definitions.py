"""The code location: ingest -> normalize -> extract (+load) -> transform (dbt) -> report.

Runs execute in process, one step at a time: DuckDB allows a single writer, and the
Python steps and the dbt subprocess take turns on the file.
"""

from dagster import Definitions, in_process_executor

from orchestration.assets.extract import extracted_facts
from orchestration.assets.ingest import article_files
from orchestration.assets.normalize import articles
from orchestration.assets.report import report_assets
from orchestration.assets.transform import DBT_PROJECT, warehouse_models
from orchestration.automation import daily_schedule, ledger_job, new_articles_sensor
from orchestration.checks import asset_checks
from orchestration.backfill import extraction_backfill_job
from orchestration.resources import default_resources


def build_definitions(resources: dict) -> Definitions:
    """The one Definitions object, with the given resources (tests pass a temporary warehouse)."""
    return Definitions(
        assets=[article_files, articles, extracted_facts, warehouse_models, *report_assets],
        asset_checks=asset_checks,
        jobs=[ledger_job, extraction_backfill_job],
        schedules=[daily_schedule],
        sensors=[new_articles_sensor],
        resources=resources,
        executor=in_process_executor,
    )


defs = build_definitions(default_resources(DBT_PROJECT))
