"""Extract and load: facts from new articles into the `extracted` schema.

One multi-asset, because the four tables come out of one pass over the sentences.
Only articles not yet extracted by this extractor version are processed, in batches
so that memory stays bounded; a new extractor version re-extracts everything.
"""


from datetime import datetime, timezone

import polars as pl
from dagster import AssetExecutionContext, AssetSpec, MaterializeResult, multi_asset

from orchestration.extraction import EXTRACTOR_VERSION, extract_facts
from orchestration.resources import WarehouseResource
from orchestration.warehouse import delete_articles, insert_frame, row_count

BATCH_ARTICLES = 20_000

FACT_TABLES = {
    "casualty_facts": "Casualty figures (killed, injured, missing, displaced, starvation deaths) with victim group, region, scope, qualifier, source, as-of date and the sentence and character span they came from.",
    "hostage_facts": "Hostage figures (taken, held, released, dead, to be released) with group, qualifier, as-of date and their sentence and character span.",
    "negotiation_events": "Ceasefire and hostage-deal negotiation events (talks, delegations, proposals, calls, agreements, rejections, stalls) with date, location, mediators, parties and participants.",
    "entity_mentions": "Every mention of a gazetteer person, organisation, place or country, with its canonical English name and character span.",
}


@multi_asset(
    specs=[
        AssetSpec(["extracted", name], description=text, deps=[["raw", "articles"]], group_name="extract", code_version=EXTRACTOR_VERSION)
        for name, text in FACT_TABLES.items()
    ],
    can_subset=False,
)
def extracted_facts(context: AssetExecutionContext, warehouse: WarehouseResource):
    with warehouse.get_connection() as conn:
        stale = conn.execute(
            "select count(*) from extracted.extraction_log where extractor_version <> ?", [EXTRACTOR_VERSION]
        ).fetchone()[0]
        orphaned = conn.execute(
            "select count(*) from extracted.extraction_log anti join raw.articles using (article_id)"
        ).fetchone()[0]
        if stale or orphaned:
            context.log.info("Extractor changed or articles re-normalized: re-extracting everything.")
            for table in [*(f"extracted.{n}" for n in FACT_TABLES), "extracted.extraction_log"]:
                conn.execute(f"delete from {table}")
        pending_ids = conn.execute(
            "select article_id from raw.articles anti join extracted.extraction_log using (article_id) order by article_id"
        ).pl()["article_id"].to_list()
    new_rows = {name: 0 for name in FACT_TABLES}
    for start in range(0, len(pending_ids), BATCH_ARTICLES):
        batch_ids = pending_ids[start : start + BATCH_ARTICLES]
        with warehouse.get_connection(read_only=False) as conn:
            conn.register("_batch", pl.DataFrame({"article_id": batch_ids}).to_arrow())
            batch = conn.execute(
                "select article_id, language, body, published_on from raw.articles where article_id in (select article_id from _batch)"
            ).pl()
        facts = extract_facts(batch)
        log = _extraction_log(batch_ids, facts.tables())
        with warehouse.get_connection() as conn:
            conn.execute("begin transaction")
            for table, frame in facts.tables().items():
                delete_articles(conn, table, batch_ids)
                new_rows[table.split(".")[1]] += insert_frame(conn, table, frame)
            insert_frame(conn, "extracted.extraction_log", log)
            conn.execute("commit")
        context.log.info(f"Extracted {len(batch_ids)} articles ({start + len(batch_ids)}/{len(pending_ids)}).")
    with warehouse.get_connection(read_only=True) as conn:
        totals = {name: row_count(conn, f"extracted.{name}") for name in FACT_TABLES}
    for name in FACT_TABLES:
        yield MaterializeResult(
            asset_key=["extracted", name],
            metadata={
                "dagster/row_count": totals[name],
                "new_rows": new_rows[name],
                "articles_extracted": len(pending_ids),
                "extractor_version": EXTRACTOR_VERSION,
            },
        )


def _extraction_log(article_ids: list[str], tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    log = pl.DataFrame({"article_id": article_ids})
    for table, frame in tables.items():
        counts = frame.group_by("article_id").agg(pl.len().cast(pl.Int32).alias(table.split(".")[1]))
        log = log.join(counts, on="article_id", how="left")
    return log.fill_null(0).with_columns(
        pl.lit(EXTRACTOR_VERSION).alias("extractor_version"),
        pl.lit(datetime.now(timezone.utc).replace(tzinfo=None)).alias("extracted_at"),
    )
