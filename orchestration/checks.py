"""Asset checks of our own (dbt tests arrive as checks too), evaluated in the step that
materializes their asset: a check step of its own costs a step's start-up and events, and the
offset checks need only the facts this materialization wrote.

Facts never change once written: a re-extraction deletes and rewrites an article's facts, and
an article's body is the text its id hashes. So checking each fact when it is written checks
every fact of the table, without re-reading the whole table on every run.
"""

from __future__ import annotations

import polars as pl
from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec

from orchestration.extraction.numbers import parse_number

OFFSET_CHECKS = {
    "casualty_facts": AssetCheckSpec(
        "casualty_offsets_point_at_figures",
        asset=["extracted", "casualty_facts"],
        description="Each casualty fact's offsets point at its figure in the article body, and its sentence is in the body "
        "(checked on the facts each materialization writes).",
    ),
    "hostage_facts": AssetCheckSpec(
        "hostage_offsets_point_at_figures",
        asset=["extracted", "hostage_facts"],
        description="Each hostage fact's offsets point at its figure in the article body, and its sentence is in the body "
        "(checked on the facts each materialization writes).",
    ),
}

LANGUAGE_AND_DATE_CHECK = AssetCheckSpec(
    "articles_have_language_and_date_basis",
    asset=["raw", "articles"],
    description="Every article has a language among en, fa, ar and a recorded date basis.",
)

_SPANS = """
    select f.fact_id, f.value, substr(a.body, f.char_start + 1, f.char_end - f.char_start) as span,
           contains(a.body, f.sentence) as sentence_in_body
    from extracted.{table} f join raw.articles a using (article_id)
    where f.article_id in (select article_id from _checked_articles)
"""


def offsets_point_at_figures(conn, table: str, article_ids: list[str]) -> AssetCheckResult:
    """Every fact of these articles: [char_start, char_end) of the article body reads back as its value."""
    conn.register("_checked_articles", pl.DataFrame({"article_id": article_ids}, schema={"article_id": pl.String}).to_arrow())
    try:
        rows = conn.execute(_SPANS.format(table=table)).fetchall()
    finally:
        conn.unregister("_checked_articles")
    bad = [fact_id for fact_id, value, span, in_body in rows if not in_body or parse_number(span or "")[0] != value]
    spec = OFFSET_CHECKS[table]
    return AssetCheckResult(
        asset_key=spec.asset_key,
        check_name=spec.name,
        passed=not bad,
        severity=AssetCheckSeverity.ERROR,
        metadata={"facts_checked": len(rows), "facts_failing": len(bad), "failing_fact_ids": ", ".join(bad[:20])},
    )


def articles_have_language_and_date_basis(conn) -> AssetCheckResult:
    bad = conn.execute(
        "select count(*) from raw.articles where language not in ('en','fa','ar') or published_on_basis is null"
    ).fetchone()[0]
    unknown = conn.execute("select count(*) from raw.articles where published_on is null").fetchone()[0]
    return AssetCheckResult(
        asset_key=LANGUAGE_AND_DATE_CHECK.asset_key,
        check_name=LANGUAGE_AND_DATE_CHECK.name,
        passed=bad == 0,
        metadata={"bad_rows": bad, "undated_articles": unknown},
    )
