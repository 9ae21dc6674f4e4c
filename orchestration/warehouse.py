"""The Python-written half of the warehouse: table contract, connections, writes.

The DDL here is the data contract of docs/DESIGN.md for the `raw` and `extracted` schemas;
dbt reads these tables as sources. Connections are short-lived so that dbt (a separate
process) can take the single DuckDB write lock between Python steps.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb
import polars as pl

SCHEMAS = ("raw", "extracted")

TABLES: dict[str, str] = {
    "raw.article_files": """
        source_path VARCHAR NOT NULL,
        file_sha256 VARCHAR NOT NULL,
        size_bytes BIGINT NOT NULL,
        modified_ns BIGINT NOT NULL,
        encoding VARCHAR,
        status VARCHAR NOT NULL,          -- ok | rejected
        problem VARCHAR,                  -- why a file or feed item was rejected, or a warning: one line, path first
        raw_text VARCHAR,                 -- the text as read (a page's main text, a feed item's text)
        metadata_date DATE,               -- the published date that came with it (sidecar, feed, page meta tags)
        url VARCHAR,                      -- where it was published, when given (sidecar, feed, canonical link)
        title VARCHAR,                    -- its headline, when given (sidecar, feed, page)
        source VARCHAR,                   -- the outlet, when given (sidecar, feed, page site name)
        ingested_at TIMESTAMP NOT NULL
    """,
    "raw.article_sources": """
        source_path VARCHAR NOT NULL,
        file_sha256 VARCHAR NOT NULL,
        article_id VARCHAR NOT NULL       -- the same text under two names maps to one article
    """,
    "raw.articles": """
        article_id VARCHAR PRIMARY KEY,
        source_path VARCHAR NOT NULL,
        url VARCHAR,                      -- where the article was published, when known
        source VARCHAR,                   -- the outlet: as given, else the URL's domain without www.
        ingested_at TIMESTAMP NOT NULL,
        language VARCHAR NOT NULL,
        title VARCHAR,
        body VARCHAR NOT NULL,
        published_on DATE,
        published_on_basis VARCHAR NOT NULL,
        duplicate_paragraphs INTEGER NOT NULL,
        extractor_version VARCHAR NOT NULL
    """,
    "extracted.casualty_facts": """
        fact_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        metric VARCHAR NOT NULL,
        victim_group VARCHAR NOT NULL,
        region VARCHAR NOT NULL,
        scope VARCHAR NOT NULL,
        qualifier VARCHAR NOT NULL,
        value BIGINT NOT NULL,
        reported_by VARCHAR,
        as_of DATE,
        as_of_basis VARCHAR NOT NULL,
        sentence VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL
    """,
    "extracted.hostage_facts": """
        fact_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        hostage_group VARCHAR NOT NULL,
        qualifier VARCHAR NOT NULL,
        value BIGINT NOT NULL,
        as_of DATE,
        as_of_basis VARCHAR NOT NULL,
        sentence VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL
    """,
    "extracted.negotiation_events": """
        event_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        event_type VARCHAR NOT NULL,
        event_date DATE,
        event_date_basis VARCHAR NOT NULL,
        location VARCHAR,
        mediators VARCHAR[] NOT NULL,
        parties VARCHAR[] NOT NULL,
        participants VARCHAR[] NOT NULL,
        sentence VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL
    """,
    "extracted.extraction_log": """
        article_id VARCHAR NOT NULL,
        extractor_version VARCHAR NOT NULL,
        extracted_at TIMESTAMP NOT NULL,
        casualty_facts INTEGER NOT NULL,
        hostage_facts INTEGER NOT NULL,
        negotiation_events INTEGER NOT NULL,
        entity_mentions INTEGER NOT NULL
    """,
    "raw.retractions": """
        article_id VARCHAR NOT NULL,
        source_path VARCHAR NOT NULL,     -- the file (or feed item) the article was read from
        kind VARCHAR NOT NULL,            -- superseded (its file now holds another text) | retracted (by hand)
        reason VARCHAR,
        recorded_at TIMESTAMP NOT NULL
    """,
    "extracted.entity_mentions": """
        article_id VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,
        entity_type VARCHAR NOT NULL,
        canonical_name VARCHAR NOT NULL,
        surface VARCHAR NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL
    """,
}


KEYS: dict[str, tuple[str, ...]] = {
    "raw.article_files": ("source_path", "file_sha256"),
    "raw.article_sources": ("source_path", "file_sha256"),
    "raw.retractions": ("article_id", "kind", "recorded_at"),
    "extracted.extraction_log": ("article_id",),
}
"""Primary keys beyond those declared inline: a second writer's duplicate is an error, never a row."""


class WarehouseLockedError(RuntimeError):
    """Another process holds the DuckDB write lock."""


@contextmanager
def connect(path: Path | str, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse briefly; turn DuckDB's lock error into a plain message."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseLockedError(
                f"The warehouse {path} is in use by another process (DuckDB allows one writer). "
                f"Close the other program (dagster dev, a duckdb shell, a test) and retry. "
                f"DuckDB said: {exc}"
            ) from exc
        raise
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Every statement inside commits together or not at all: a crash (even `kill -9`) between
    two writes of a step leaves the tables as they were before it."""
    conn.execute("begin transaction")
    try:
        yield conn
    except BaseException:
        conn.execute("rollback")
        raise
    conn.execute("commit")


def ensure_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the contract's schemas and tables; bring a warehouse made by an older version up to
    the contract (new columns, keys) without losing a row."""
    for schema in SCHEMAS:
        conn.execute(f"create schema if not exists {schema}")
    existing = {f"{s}.{t}" for s, t in conn.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = current_database()"
    ).fetchall()}
    for name in TABLES:
        if name not in existing:
            conn.execute(f"create table {name} ({_definition(name)})")
    if existing:
        _upgrade(conn, existing)


def _definition(name: str) -> str:
    key = KEYS.get(name)
    return TABLES[name] + (f", primary key ({', '.join(key)})" if key else "")


def _upgrade(conn: duckdb.DuckDBPyConnection, existing: set[str]) -> None:
    """Add columns the contract gained, and rebuild keyless tables with their key (one row kept
    per key: the first ingested), in one transaction."""
    columns = set(conn.execute(
        "select schema_name || '.' || table_name || '.' || column_name from duckdb_columns() where database_name = current_database()"
    ).fetchall())
    keyed = {f"{s}.{t}" for s, t in conn.execute(
        "select schema_name, table_name from duckdb_constraints() where constraint_type = 'PRIMARY KEY' and database_name = current_database()"
    ).fetchall()}
    missing_columns = [(name, column) for name in TABLES if name in existing for column in table_columns(name) if (f"{name}.{column}",) not in columns]
    unkeyed = [name for name in KEYS if name in existing and name not in keyed]
    if not missing_columns and not unkeyed:
        return
    with transaction(conn):
        for name, column in missing_columns:
            conn.execute(f"alter table {name} add column {column} {_column_type(name, column)}")
        for name in unkeyed:
            _rebuild_with_key(conn, name)


def _column_type(table: str, column: str) -> str:
    for line in TABLES[table].strip().splitlines():
        parts = line.split("--")[0].strip().rstrip(",").split()
        if parts and parts[0] == column:
            return parts[1]  # without NOT NULL: older rows have no value
    raise KeyError(column)


def _rebuild_with_key(conn: duckdb.DuckDBPyConnection, name: str) -> None:
    cols = ", ".join(table_columns(name))
    key = ", ".join(KEYS[name])
    order = "ingested_at" if "ingested_at" in table_columns(name) else key
    conn.execute(f"create temporary table _keyless as select * from {name}")
    conn.execute(f"drop table {name}")
    conn.execute(f"create table {name} ({_definition(name)})")
    conn.execute(
        f"insert into {name} ({cols}) select {cols} from _keyless "
        f"qualify row_number() over (partition by {key} order by {order}) = 1"
    )
    conn.execute("drop table _keyless")


def table_columns(name: str) -> list[str]:
    """Column names of a contract table, in order."""
    cols = []
    for line in TABLES[name].strip().splitlines():
        line = line.split("--")[0].strip().rstrip(",")
        if line:
            cols.append(line.split()[0])
    return cols


def insert_frame(conn: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Append a polars frame to a contract table in one statement; returns rows written."""
    if frame.height == 0:
        return 0
    cols = table_columns(table)
    conn.register("_incoming", frame.select(cols).to_arrow())
    try:
        conn.execute(f"insert into {table} ({', '.join(cols)}) select {', '.join(cols)} from _incoming")
    finally:
        conn.unregister("_incoming")
    return frame.height


def delete_articles(conn: duckdb.DuckDBPyConnection, table: str, article_ids: list[str]) -> None:
    """Remove the rows of these articles from a table (before re-inserting them)."""
    if not article_ids:
        return
    conn.register("_ids", pl.DataFrame({"article_id": article_ids}).to_arrow())
    try:
        conn.execute(f"delete from {table} where article_id in (select article_id from _ids)")
    finally:
        conn.unregister("_ids")


def row_count(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    return conn.execute(f"select count(*) from {table}").fetchone()[0]


def column_schema(table: str):
    """The table's columns, types and comments as Dagster column metadata (shown in the UI)."""
    from dagster import TableColumn, TableSchema

    columns = []
    for line in TABLES[table].strip().splitlines():
        definition, _, comment = line.partition("--")
        parts = definition.strip().rstrip(",").split()
        if parts:
            columns.append(TableColumn(parts[0], parts[1].lower(), description=comment.strip() or None))
    return TableSchema(columns=columns)
