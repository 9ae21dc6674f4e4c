"""Asset checks of our own on the extracted facts (dbt tests arrive as checks too)."""


from dagster import AssetCheckResult, AssetCheckSeverity, asset_check

from orchestration.extraction.numbers import parse_number
from orchestration.resources import WarehouseResource

_SPANS = """
    select f.fact_id, f.value, substr(a.body, f.char_start + 1, f.char_end - f.char_start) as span,
           contains(a.body, f.sentence) as sentence_in_body
    from {table} f join raw.articles a using (article_id)
"""


def _offsets_point_at_figures(warehouse: WarehouseResource, table: str) -> AssetCheckResult:
    """Every fact's [char_start, char_end) in the article body must read back as its value."""
    with warehouse.get_connection(read_only=True) as conn:
        rows = conn.execute(_SPANS.format(table=table)).fetchall()
    bad = [fact_id for fact_id, value, span, in_body in rows if not in_body or parse_number(span or "")[0] != value]
    return AssetCheckResult(
        passed=not bad,
        severity=AssetCheckSeverity.ERROR,
        metadata={"facts_checked": len(rows), "facts_failing": len(bad), "failing_fact_ids": ", ".join(bad[:20])},
    )


@asset_check(asset=["extracted", "casualty_facts"], description="Each casualty fact's offsets point at its figure in the article body, and its sentence is in the body.")
def casualty_offsets_point_at_figures(warehouse: WarehouseResource) -> AssetCheckResult:
    return _offsets_point_at_figures(warehouse, "extracted.casualty_facts")


@asset_check(asset=["extracted", "hostage_facts"], description="Each hostage fact's offsets point at its figure in the article body, and its sentence is in the body.")
def hostage_offsets_point_at_figures(warehouse: WarehouseResource) -> AssetCheckResult:
    return _offsets_point_at_figures(warehouse, "extracted.hostage_facts")


@asset_check(asset=["raw", "articles"], description="Every article has a language among en, fa, ar and a recorded date basis.")
def articles_have_language_and_date_basis(warehouse: WarehouseResource) -> AssetCheckResult:
    with warehouse.get_connection(read_only=True) as conn:
        bad = conn.execute(
            "select count(*) from raw.articles where language not in ('en','fa','ar') or published_on_basis is null"
        ).fetchone()[0]
        unknown = conn.execute("select count(*) from raw.articles where published_on is null").fetchone()[0]
    return AssetCheckResult(passed=bad == 0, metadata={"bad_rows": bad, "undated_articles": unknown})


CHECKS = [casualty_offsets_point_at_figures, hostage_offsets_point_at_figures, articles_have_language_and_date_basis]
