"""Articles that leave the ledger: superseded by a new version of their file, or retracted by hand.

- **Superseded.** When a file (or feed item) is read again with another text, its old text stops
  counting, unless the same text is still current under another name. The next normalization
  removes such articles with their facts; the marts follow on the next dbt build.
- **Retracted.** `ceasefire-ledger retract PATH|ARTICLE_ID --reason ...` removes an article and keeps
  it out, whatever file brings its text back. `ceasefire-ledger retract --restore` undoes it.
- **A deleted file is not a retraction.** Many users move files out of an inbox folder once they are
  read; their articles stay. To take an article out, retract it.

Every removal is recorded in `raw.retractions` (what, from which file, why, when), and each one
happens in one transaction with the deletion of its rows.
"""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import polars as pl

from orchestration.warehouse import delete_articles, insert_frame, transaction

ARTICLE_TABLES = (
    "raw.articles",
    "extracted.casualty_facts",
    "extracted.hostage_facts",
    "extracted.negotiation_events",
    "extracted.entity_mentions",
    "extracted.extraction_log",
)

SUPERSEDED = """
    with current_versions as (
        select source_path, arg_max(file_sha256, ingested_at) as file_sha256
        from raw.article_files group by source_path
    ),
    current_articles as (
        select distinct s.article_id from raw.article_sources s join current_versions using (source_path, file_sha256)
    )
    select a.article_id, a.source_path from raw.articles a anti join current_articles using (article_id)
"""
"""Articles none of whose files (or feed items) still holds their text in its latest version read."""


def remove_superseded(conn: duckdb.DuckDBPyConnection) -> int:
    """Remove the superseded articles with their facts and old sources; returns how many."""
    gone = conn.execute(SUPERSEDED).pl()
    if gone.height:
        with transaction(conn):
            _record(conn, gone, "superseded", "its file now holds another text")
            _remove(conn, gone["article_id"].to_list())
            # The old versions' sources go too: should a file return to an old text, it is read anew.
            conn.register("_gone", gone.select("article_id").to_arrow())
            conn.execute("delete from raw.article_sources where article_id in (select article_id from _gone)")
            conn.unregister("_gone")
    return gone.height


def retract(conn: duckdb.DuckDBPyConnection, selector: str, reason: str | None) -> pl.DataFrame:
    """Retract the articles read from `selector` (a source path as stored, or an article id or its
    first 8+ characters); returns the retracted (article_id, source_path). Their sources stay, so the
    same files are not normalized again."""
    found = conn.execute(
        """select article_id, source_path from raw.articles
           where source_path = $s or article_id = $s or (length($s) >= 8 and starts_with(article_id, $s))
              or article_id in (select article_id from raw.article_sources where source_path = $s)""",
        {"s": selector},
    ).pl()
    if found.height:
        with transaction(conn):
            _record(conn, found, "retracted", reason)
            _remove(conn, found["article_id"].to_list())
    return found


def restore(conn: duckdb.DuckDBPyConnection, selector: str) -> int:
    """Undo retractions of articles matching `selector` (path or id); the next run reads their files
    again. Returns how many retractions were lifted."""
    ids = [row[0] for row in conn.execute(
        """select distinct article_id from raw.retractions where kind = 'retracted'
           and (source_path = $s or article_id = $s or (length($s) >= 8 and starts_with(article_id, $s)))""",
        {"s": selector},
    ).fetchall()]
    if ids:
        with transaction(conn):
            delete_articles(conn, "raw.retractions", ids)
            delete_articles(conn, "raw.article_sources", ids)
    return len(ids)


def retracted_ids(conn: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in conn.execute("select article_id from raw.retractions where kind = 'retracted'").fetchall()}


def _record(conn: duckdb.DuckDBPyConnection, articles: pl.DataFrame, kind: str, reason: str | None) -> None:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    insert_frame(conn, "raw.retractions", articles.select("article_id", "source_path").with_columns(
        pl.lit(kind).alias("kind"), pl.lit(reason, dtype=pl.String).alias("reason"), pl.lit(now).alias("recorded_at"),
    ))


def _remove(conn: duckdb.DuckDBPyConnection, article_ids: list[str]) -> None:
    for table in ARTICLE_TABLES:
        delete_articles(conn, table, article_ids)
