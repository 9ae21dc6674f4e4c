"""Ingest: the article folder into `raw.article_files`, new and changed files only."""


from datetime import datetime, timezone

import polars as pl
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from orchestration.article_files import FEED_ITEM_SUFFIX, read_files, scan_article_files
from orchestration.extraction.language import preload_models
from orchestration.failpoints import failpoint
from orchestration.progress import report
from orchestration.resources import ArticleFolder, WarehouseResource
from orchestration.warehouse import column_schema, insert_frame, row_count, transaction


@asset(
    key=["raw", "article_files"],
    metadata={"dagster/column_schema": column_schema("raw.article_files")},
    group_name="ingest",
    description=(
        "Every article file of the article folder, as read: path, content hash, encoding, the raw text and "
        "the metadata that came with it (URL, title, outlet, published date). Text files and saved web pages "
        "are one row each, feeds (JSONL, CSV) one row per item named `file:line`. Files already seen (same "
        "path, size and modification time) are skipped; bad files and items are kept as `rejected` rows with "
        "the problem, so nothing is lost and nothing stops the run."
    ),
)
def article_files(
    context: AssetExecutionContext, warehouse: WarehouseResource, article_folder: ArticleFolder
) -> MaterializeResult:
    root = article_folder.path.resolve()
    files = scan_article_files(root)
    listing = pl.DataFrame(
        {
            "source_path": [relative for relative, _ in files],
            "size_bytes": [stat.st_size for _, stat in files],
            "modified_ns": [stat.st_mtime_ns for _, stat in files],
        },
        schema={"source_path": pl.String, "size_bytes": pl.Int64, "modified_ns": pl.Int64},
    )
    with warehouse.get_connection() as conn:
        known = conn.execute(
            # A feed item `wire.jsonl:3` was read with its file `wire.jsonl` (same size and mtime).
            f"select source_path, regexp_replace(source_path, '{FEED_ITEM_SUFFIX}', '') as file_path,"
            " size_bytes, modified_ns, file_sha256 from raw.article_files"
        ).pl()
    unseen = listing.join(
        known.select(pl.col("file_path").alias("source_path"), "size_bytes", "modified_ns"),
        on=["source_path", "size_bytes", "modified_ns"], how="anti",
    )
    fresh = read_files([root / p for p in unseen["source_path"]], root)
    # A touched file with unchanged content is not new, but it is seen again now: should it be a
    # file's earlier text come back, it becomes that file's latest version again (see retractions.py).
    versions = known.select("source_path", "file_sha256")
    reseen = fresh.join(versions, on=["source_path", "file_sha256"], how="semi")
    fresh = fresh.join(versions, on=["source_path", "file_sha256"], how="anti")
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    fresh = fresh.with_columns(pl.lit(now).alias("ingested_at"))
    # The next step detects the language of these texts: lingua's models load meanwhile (in process).
    preload_models(fresh["raw_text"].drop_nulls())
    for problem in fresh.filter(pl.col("problem").is_not_null())["problem"]:
        context.log.warning(problem)
    failpoint("ingest.before_write")
    with warehouse.get_connection() as conn, transaction(conn):
        _mark_seen_again(conn, reseen, now)
        insert_frame(conn, "raw.article_files", fresh)
        total = row_count(conn, "raw.article_files")
    failpoint("ingest.after_write")
    rejected = fresh.filter(pl.col("status") == "rejected")
    report(context, f"ingest: {len(files):,} files in the folder, {fresh.height:,} new or changed, {rejected.height:,} rejected")
    return MaterializeResult(
        metadata={
            "dagster/row_count": total,
            "folder": str(root),
            "files_in_folder": len(files),
            "new_files": fresh.height,
            "rejected_files": rejected.height,
            "problems": MetadataValue.md(
                "\n".join(f"- {p}" for p in fresh["problem"].drop_nulls()) or "none"
            ),
        }
    )


def _mark_seen_again(conn, reseen: pl.DataFrame, now: datetime) -> None:
    """Files read again with a text already on record: new size, mtime and ingest time, so the
    listing skips them next time and the text counts as the file's latest version."""
    if reseen.height == 0:
        return
    conn.register("_reseen", reseen.select("source_path", "file_sha256", "size_bytes", "modified_ns").to_arrow())
    try:
        conn.execute(
            """update raw.article_files f set size_bytes = r.size_bytes, modified_ns = r.modified_ns, ingested_at = ?
               from _reseen r where f.source_path = r.source_path and f.file_sha256 = r.file_sha256""",
            [now],
        )
    finally:
        conn.unregister("_reseen")
