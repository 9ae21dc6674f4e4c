"""The warehouse connection: a clear error, not a hang, when another process holds the lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from orchestration.warehouse import WarehouseLockedError, connect, ensure_schema, table_columns


def test_contract_columns_match_design():
    assert table_columns("raw.articles") == [
        "article_id", "source_path", "url", "source", "ingested_at", "language", "title", "body", "published_on",
        "published_on_basis", "duplicate_paragraphs", "extractor_version",
    ]
    assert table_columns("extracted.casualty_facts") == [
        "fact_id", "article_id", "metric", "victim_group", "region", "scope", "qualifier", "value",
        "reported_by", "as_of", "as_of_basis", "sentence", "char_start", "char_end",
    ]


def test_locked_warehouse_gives_a_clear_error(tmp_path):
    path = tmp_path / "locked.duckdb"
    with connect(path) as conn:
        ensure_schema(conn)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            conn = duckdb.connect({str(path)!r})
            print("locked", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(WarehouseLockedError, match="in use by another process"):
            with connect(path):
                pass
    finally:
        holder.kill()
        holder.wait()
