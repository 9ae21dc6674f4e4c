"""Ingest: the article folder into `raw.article_files`, new and changed files only."""


from datetime import datetime, timezone

import polars as pl
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from orchestration.article_files import FEED_ITEM_SUFFIX, read_files, scan_article_files
from orchestration.extraction.language import preload_models
from orchestration.failpoints import failpoint
from orchestration.resources import ArticleFolder, WarehouseResource
from orchestration.warehouse import insert_frame, row_count


@asset(
    key=["raw", "article_files"],
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
    # A touched file with unchanged content is not new.
    fresh = fresh.join(known.select("source_path", "file_sha256"), on=["source_path", "file_sha256"], how="anti")
    fresh = fresh.with_columns(pl.lit(datetime.now(timezone.utc).replace(tzinfo=None)).alias("ingested_at"))
    # The next step detects the language of these texts: lingua's models load meanwhile (in process).
    preload_models(fresh["raw_text"].drop_nulls())
    for problem in fresh.filter(pl.col("problem").is_not_null())["problem"]:
        context.log.warning(problem)
    failpoint("ingest.before_write")
    with warehouse.get_connection() as conn:
        insert_frame(conn, "raw.article_files", fresh)
        total = row_count(conn, "raw.article_files")
    failpoint("ingest.after_write")
    rejected = fresh.filter(pl.col("status") == "rejected")
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
