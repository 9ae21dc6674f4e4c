"""Normalize and date: `raw.article_files` into one row per distinct article in `raw.articles`."""


import polars as pl
from dagster import AssetExecutionContext, MaterializeResult, asset

from orchestration import settings
from orchestration.checks import LANGUAGE_AND_DATE_CHECK, articles_have_language_and_date_basis
from orchestration.extraction import EXTRACTOR_VERSION
from orchestration.extraction.dating import date_articles
from orchestration.extraction.normalize import clean_text, normalize_articles, unify_letters
from orchestration.extraction.reference_dating import dates_from_reference, load_reference
from orchestration.failpoints import failpoint
from orchestration.progress import report
from orchestration.retractions import remove_superseded, retracted_ids
from orchestration.resources import WarehouseResource
from orchestration.warehouse import column_schema, insert_frame, row_count, transaction


ITEM_METADATA = {"url": pl.String, "title": pl.String, "source": pl.String, "metadata_date": pl.Date}
# The host of an http(s) URL, without user info or port; `www.` is not part of the outlet's name.
_URL_HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/:?#]+)"


def _with_item_metadata(files: pl.DataFrame) -> pl.DataFrame:
    """files with every metadata column, null where the reader gave none."""
    missing = [pl.lit(None, dtype=dtype).alias(name) for name, dtype in ITEM_METADATA.items() if name not in files.columns]
    return files.with_columns(missing)


def _text_under_title() -> pl.Expr:
    """The text, under its title line and a blank line when a title came with it and the text
    does not already open with it: a headline's figures are facts too."""
    title = pl.col("title").str.strip_chars()
    opens_with_title = pl.col("raw_text").str.strip_chars_start().str.starts_with(title)
    return (
        pl.when(title.is_not_null() & (title != "") & ~opens_with_title.fill_null(False))
        .then(pl.concat_str(title, pl.lit("\n\n"), pl.col("raw_text")))
        .otherwise(pl.col("raw_text"))
    )


def _outlet() -> pl.Expr:
    """The outlet as given, else the domain of the URL without `www.`."""
    domain = pl.col("url").str.extract(_URL_HOST, 1).str.to_lowercase().str.strip_prefix("www.")
    return pl.coalesce(pl.col("source"), domain)


def build_articles(files: pl.DataFrame, known_ids: set[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(article_sources rows, new raw.articles rows) for newly read files (or feed items).

    files: source_path, file_sha256, raw_text, ingested_at, and the metadata that came with
    each (url, title, source, metadata_date; absent columns count as null). The same text read
    twice is one article; its metadata is the first given, in path order."""
    files = _with_item_metadata(files).with_columns(_text_under_title().alias("raw_text"))
    normalized = normalize_articles(files.rename({"title": "given_title"}))
    given_title = unify_letters(clean_text(pl.col("given_title")), pl.col("language")).str.strip_chars()
    normalized = normalized.with_columns(
        pl.coalesce(pl.when(given_title != "").then(given_title), pl.col("title")).alias("title"),
        _outlet().alias("source"),
    )
    sources = normalized.select("source_path", "file_sha256", "article_id")
    first = (
        normalized.sort("source_path")
        .group_by("article_id", maintain_order=True)
        .agg(
            pl.col("source_path").first(),
            pl.col("ingested_at").min(),
            pl.col("metadata_date", "url", "source").drop_nulls().first(),
            pl.col("language", "title", "body", "duplicate_paragraphs").first(),
        )
        .filter(~pl.col("article_id").is_in(list(known_ids)))
    )
    dated = date_articles(first)
    undated = dated.filter(pl.col("published_on").is_null())
    if undated.height:
        matched = dates_from_reference(undated, load_reference(settings.REFERENCE_SERIES_CSV))
        dated = (
            dated.join(matched.rename({"published_on": "_ref"}), on="article_id", how="left")
            .with_columns(
                pl.coalesce("published_on", "_ref").alias("published_on"),
                pl.when(pl.col("published_on").is_null() & pl.col("_ref").is_not_null())
                .then(pl.lit("reference_series"))
                .otherwise(pl.col("published_on_basis"))
                .alias("published_on_basis"),
            )
            .drop("_ref")
        )
    return sources, dated.with_columns(pl.lit(EXTRACTOR_VERSION).alias("extractor_version"))


CURRENT_UNREAD_VERSIONS = """
    select f.* exclude (status, problem, size_bytes, modified_ns, encoding)
    from raw.article_files f
    anti join raw.article_sources s using (source_path, file_sha256)
    where f.status = 'ok'
      and f.ingested_at = (select max(ingested_at) from raw.article_files v where v.source_path = f.source_path)
"""
"""The latest version of each file (or feed item) not normalized yet: an older version of a file
is history (raw.retractions), never an article."""


@asset(
    key=["raw", "articles"],
    metadata={"dagster/column_schema": column_schema("raw.articles")},
    deps=[["raw", "article_files"]],
    group_name="ingest",
    code_version=EXTRACTOR_VERSION,
    check_specs=[LANGUAGE_AND_DATE_CHECK],
    description=(
        "One row per distinct article: Unicode, digits, letters and whitespace normalized, repeated "
        "paragraphs dropped, language detected (en, fa, ar) and the publication date found (metadata, "
        "header, text date, weekday date, or an exact match with the MoH reference series). `body` is "
        "the text every offset in the warehouse points into; `article_id` hashes it."
    ),
)
def articles(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    with warehouse.get_connection() as conn:
        stale = conn.execute(
            "select count(*) from raw.articles where extractor_version <> ?", [EXTRACTOR_VERSION]
        ).fetchone()[0]
        if stale:
            context.log.info(f"Extractor changed: re-normalizing all articles ({stale} stale).")
            with transaction(conn):
                conn.execute("delete from raw.articles")
                conn.execute("delete from raw.article_sources")
        failpoint("normalize.after_stale_reset")
        superseded = remove_superseded(conn)
        failpoint("normalize.after_remove_superseded")
        files = conn.execute(CURRENT_UNREAD_VERSIONS).pl()
        known_ids = set(conn.execute("select article_id from raw.articles").pl()["article_id"]) | retracted_ids(conn)
    new_articles = pl.DataFrame()
    if files.height:
        sources, new_articles = build_articles(files, known_ids)
        failpoint("normalize.before_insert")
        with warehouse.get_connection() as conn, transaction(conn):
            insert_frame(conn, "raw.article_sources", sources)
            failpoint("normalize.between_inserts")
            insert_frame(conn, "raw.articles", new_articles)
        failpoint("normalize.after_insert")
    with warehouse.get_connection() as conn:
        total = row_count(conn, "raw.articles")
        by_basis = dict(conn.execute("select published_on_basis, count(*) from raw.articles group by 1").fetchall())
        check = articles_have_language_and_date_basis(conn)
    report(context, f"normalize: {files.height:,} new texts -> {new_articles.height:,} new articles, {superseded:,} superseded ({total:,} in all)")
    return MaterializeResult(
        metadata={
            "dagster/row_count": total,
            "new_articles": new_articles.height,
            "files_normalized": files.height,
            "articles_superseded": superseded,
            "dates_by_basis": str(by_basis),
            "extractor_version": EXTRACTOR_VERSION,
        },
        check_results=[check],
    )
