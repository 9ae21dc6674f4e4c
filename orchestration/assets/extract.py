"""Extract and load: facts from new articles into the `extracted` schema.

Two ways in, one way to the warehouse:

- `extracted/*` (the daily path): one multi-asset, because the four tables come out of one
  pass over the sentences. It loads any staged batches (below), then extracts the articles
  this extractor version has not seen yet, in batches so memory stays bounded.
- `extraction_backfill_job` (orchestration/backfill.py): a partitioned job, not an asset, so
  that "materialize everything" stays one plain run. Each of its 16 partitions only *reads*
  the warehouse and writes Parquet files beside it (`stage_batches` below); the next
  `extracted/*` materialization loads them in one writer process (DuckDB allows one).

A new extractor version (Dagster code version) re-extracts everything.
"""

import shutil
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import polars as pl
from dagster import (
    AssetExecutionContext,
    AssetSpec,
    MaterializeResult,
    multi_asset,
)

from orchestration.checks import OFFSET_CHECKS, offsets_point_at_figures
from orchestration import settings
from orchestration.extraction import EXTRACTOR_VERSION, extract_facts
from orchestration.extraction.reference_dating import load_series
from orchestration.failpoints import failpoint
from orchestration.progress import report
from orchestration.resources import WarehouseResource
from orchestration.warehouse import column_schema, delete_articles, insert_frame, row_count, transaction

BATCH_ARTICLES = 20_000

FACT_TABLES = {
    "casualty_facts": "Casualty figures (killed, injured, missing, displaced, starvation deaths) with victim group, region, scope, qualifier, source, as-of date and the sentence and character span they came from.",
    "hostage_facts": "Hostage figures (taken, held, released, dead, to be released) with group, qualifier, as-of date and their sentence and character span.",
    "negotiation_events": "Ceasefire and hostage-deal negotiation events (talks, delegations, proposals, calls, agreements, rejections, stalls) with date, location, mediators, parties and participants.",
    "entity_mentions": "Every mention of a gazetteer person, organisation, place or country, with its canonical English name and character span.",
}
LOG_TABLE = "extraction_log"


def staging_dir(warehouse: WarehouseResource) -> Path:
    """Where batch runs leave Parquet files for the loader: beside the warehouse file."""
    path = Path(warehouse.database)
    return path.parent / f"{path.stem}.batches"


def _pending_ids(conn, bucket: str | None) -> list[str]:
    where = "" if bucket is None else f"where starts_with(article_id, '{bucket}')"
    return conn.execute(
        f"select article_id from raw.articles anti join extracted.extraction_log using (article_id) {where} order by article_id"
    ).pl()["article_id"].to_list()


@lru_cache(maxsize=1)
def reference_series() -> pl.DataFrame:
    """The Ministry of Health series the extractor reads figures against (the dbt seed's CSV)."""
    return load_series(settings.REFERENCE_SERIES_CSV)


def _extract_batch(conn, batch_ids: list[str]) -> dict[str, pl.DataFrame]:
    """Facts and extraction-log rows for these articles, as frames keyed by table name."""
    conn.register("_batch", pl.DataFrame({"article_id": batch_ids}).to_arrow())
    try:
        batch = conn.execute(
            "select article_id, language, body, published_on from raw.articles where article_id in (select article_id from _batch)"
        ).pl()
    finally:
        conn.unregister("_batch")
    tables = {name.split(".")[1]: frame for name, frame in extract_facts(batch, reference_series()).tables().items()}
    tables[LOG_TABLE] = _extraction_log(batch_ids, tables)
    return tables


def _load(conn, tables: dict[str, pl.DataFrame]) -> dict[str, int]:
    """Replace these articles' rows in every extracted table, in one transaction."""
    article_ids = tables[LOG_TABLE]["article_id"].to_list()
    written = {}
    with transaction(conn):
        for name, frame in tables.items():
            delete_articles(conn, f"extracted.{name}", article_ids)
            written[name] = insert_frame(conn, f"extracted.{name}", frame)
            failpoint("extract.inside_load")
    return written


def _reset_if_stale(context, conn) -> None:
    stale = conn.execute(
        "select count(*) from extracted.extraction_log where extractor_version <> ?", [EXTRACTOR_VERSION]
    ).fetchone()[0]
    orphaned = conn.execute(
        "select count(*) from extracted.extraction_log anti join raw.articles using (article_id)"
    ).fetchone()[0]
    if stale or orphaned:
        context.log.info("Extractor changed or articles re-normalized: re-extracting everything.")
        with transaction(conn):
            for name in [*FACT_TABLES, LOG_TABLE]:
                conn.execute(f"delete from extracted.{name}")


def _load_staged(context, warehouse: WarehouseResource, new_rows: dict[str, int], loaded_ids: list[str]) -> int:
    """Load the Parquet batches left by `extraction_backfill_job` runs of this extractor version; returns articles loaded."""
    folder = staging_dir(warehouse)
    for leftover in folder.glob("*/*.loaded") if folder.exists() else []:
        shutil.rmtree(leftover)  # loaded by a run that was killed while removing it
    loaded = 0
    for batch in sorted(folder.glob(f"{EXTRACTOR_VERSION}/*[0-9]")) if folder.exists() else []:
        tables = {name: pl.read_parquet(batch / f"{name}.parquet") for name in [*FACT_TABLES, LOG_TABLE]}
        with warehouse.get_connection() as conn:
            for name, count in _load(conn, tables).items():
                new_rows[name] = new_rows.get(name, 0) + count
        loaded_ids.extend(tables[LOG_TABLE]["article_id"].to_list())
        loaded += tables[LOG_TABLE].height
        failpoint("extract.between_staged_batches")
        done = batch.rename(batch.with_name(batch.name + ".loaded"))  # one atomic step: never half a batch
        failpoint("extract.removing_staged_batch")
        shutil.rmtree(done)
    if loaded:
        context.log.info(f"Loaded {loaded} articles extracted by batch runs.")
    return loaded


@multi_asset(
    specs=[
        AssetSpec(
            ["extracted", name], description=text, deps=[["raw", "articles"]], group_name="extract",
            code_version=EXTRACTOR_VERSION, metadata={"dagster/column_schema": column_schema(f"extracted.{name}")},
        )
        for name, text in FACT_TABLES.items()
    ],
    check_specs=list(OFFSET_CHECKS.values()),
    can_subset=False,
)
def extracted_facts(context: AssetExecutionContext, warehouse: WarehouseResource):
    with warehouse.get_connection() as conn:
        _reset_if_stale(context, conn)
    failpoint("extract.after_stale_reset")
    new_rows: dict[str, int] = {}
    loaded_ids: list[str] = []  # the articles whose facts this materialization writes
    staged = _load_staged(context, warehouse, new_rows, loaded_ids)
    with warehouse.get_connection(read_only=True) as conn:
        pending = _pending_ids(conn, None)
    for start in range(0, len(pending), BATCH_ARTICLES):
        batch_ids = pending[start : start + BATCH_ARTICLES]
        with warehouse.get_connection(read_only=True) as conn:
            tables = _extract_batch(conn, batch_ids)
        with warehouse.get_connection() as conn:
            for name, count in _load(conn, tables).items():
                new_rows[name] = new_rows.get(name, 0) + count
        loaded_ids.extend(batch_ids)
        failpoint("extract.between_batches")
        report(context, f"extract: {start + len(batch_ids):,}/{len(pending):,} articles")
    failpoint("extract.after_last_load")
    with warehouse.get_connection(read_only=True) as conn:
        totals = {name: row_count(conn, f"extracted.{name}") for name in FACT_TABLES}
        checks = [offsets_point_at_figures(conn, table, loaded_ids) for table in OFFSET_CHECKS]
    report(context, "extract: " + ", ".join(f"{name} +{new_rows.get(name, 0):,}" for name in FACT_TABLES))
    for name in FACT_TABLES:
        yield MaterializeResult(
            asset_key=["extracted", name],
            metadata={
                "dagster/row_count": totals[name],
                "new_rows": new_rows.get(name, 0),
                "articles_extracted": len(pending),
                "articles_loaded_from_batches": staged,
                "extractor_version": EXTRACTOR_VERSION,
            },
        )
    yield from checks


def stage_batches(warehouse: WarehouseResource, bucket: str, run_id: str) -> tuple[int, Path]:
    """Extract the pending articles whose id starts with `bucket` and stage their facts as Parquet
    beside the warehouse (read-only access, so buckets run in parallel). Returns (articles, folder)."""
    with warehouse.get_connection(read_only=True) as conn:
        pending = _pending_ids(conn, bucket)
    out = staging_dir(warehouse) / EXTRACTOR_VERSION
    for start in range(0, len(pending), BATCH_ARTICLES):
        batch_ids = pending[start : start + BATCH_ARTICLES]
        with warehouse.get_connection(read_only=True) as conn:
            tables = _extract_batch(conn, batch_ids)
        folder = out / f"{bucket}-{run_id[:8]}-{start:09d}"
        partial = folder.with_name(folder.name + ".partial")
        partial.mkdir(parents=True, exist_ok=True)
        for name, frame in tables.items():
            frame.write_parquet(partial / f"{name}.parquet")
        partial.rename(folder)  # a batch is loaded only once all its tables are written
    return len(pending), out


def _extraction_log(article_ids: list[str], tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    log = pl.DataFrame({"article_id": article_ids})
    for name, frame in tables.items():
        counts = frame.group_by("article_id").agg(pl.len().cast(pl.Int32).alias(name))
        log = log.join(counts, on="article_id", how="left")
    return log.fill_null(0).with_columns(
        pl.lit(EXTRACTOR_VERSION).alias("extractor_version"),
        pl.lit(datetime.now(timezone.utc).replace(tzinfo=None)).alias("extracted_at"),
    )
