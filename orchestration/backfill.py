"""The parallel backfill of extraction: a partitioned job, kept out of the asset graph.

A partitioned asset in the graph makes every "materialize everything" (the UI's button,
`dagster asset materialize --select '*'`) a backfill that needs a partition. As a job of its
own, it stays where it is wanted: launch a backfill of `extraction_backfill_job` from its
page (Partitions tab), 16 runs that only *read* the warehouse and stage Parquet files beside
it, in parallel. The next materialization of `extracted/*` loads them with one writer.
"""

from dagster import OpExecutionContext, StaticPartitionsDefinition, job, op

from orchestration.assets.extract import stage_batches
from orchestration.resources import WarehouseResource

ARTICLE_BUCKETS = StaticPartitionsDefinition(list("0123456789abcdef"))
"""The first hex digit of `article_id`: 16 buckets of about the same size."""


@op(description="Extracts the not-yet-extracted articles of this partition's bucket and stages their facts as Parquet.")
def stage_fact_batch(context: OpExecutionContext, warehouse: WarehouseResource) -> None:
    articles, folder = stage_batches(warehouse, context.partition_key, context.run.run_id)
    context.log.info(f"Staged {articles} articles of bucket {context.partition_key} in {folder}.")


@job(
    partitions_def=ARTICLE_BUCKETS,
    description="Backfill path for a large archive: launch a backfill of all 16 partitions (parallel runs); "
    "then materialize `extracted/*` (or the whole ledger job) to load what they staged.",
)
def extraction_backfill_job():
    stage_fact_batch()
