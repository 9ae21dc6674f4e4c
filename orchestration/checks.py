"""Asset checks of our own (dbt tests arrive as checks too), evaluated in the step that
materializes their asset: a check step of its own costs a step's start-up and events, and the
offset checks need only the facts this materialization wrote.

Facts never change once written: a re-extraction deletes and rewrites an article's facts, and
an article's body is the text its id hashes. So checking each fact when it is written checks
every fact of the table, without re-reading the whole table on every run.
"""

from __future__ import annotations

import polars as pl
from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, AssetKey, MetadataValue, asset_check

from orchestration import settings
from orchestration.extraction.numbers import parse_number
from orchestration.resources import WarehouseResource

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


# -- the casualty trend against the MoH series ---------------------------------------------------

CASUALTY_TREND = AssetKey(["marts", "casualty_trend"])

REFERENCE_AGREEMENT_CHECK_NAME = "casualty_trend_agrees_with_reference"

_AGREEMENT = """
    select
        count(*) as gaza_rows,
        count(agrees_with_reference) as compared,
        count(*) filter (where agrees_with_reference) as agreeing,
        count(*) filter (where not agrees_with_reference) as disagreeing,
        count(*) filter (where is_implausible) as implausible
    from marts.casualty_trend
    where region = 'gaza'
"""

_DISAGREEING = """
    select as_of, metric, victim_group, independent_value, reference_low, reference_high, is_implausible
    from marts.casualty_trend
    where region = 'gaza' and not agrees_with_reference
    order by abs(independent_value - (reference_low + reference_high) / 2) / reference_high desc, as_of, metric, victim_group
    limit 10
"""


def reference_agreement(conn, threshold: float) -> AssetCheckResult:
    """The share of the Gaza rows of marts.casualty_trend that agree with the MoH series, among
    those that can be compared (agrees_with_reference not null: a series value in the row's band
    and a report not dated from the series). Below `threshold` it warns: the extraction or the
    dating may be off, or the news may simply quote other figures; the rows stay as they are."""
    gaza_rows, compared, agreeing, disagreeing, implausible = conn.execute(_AGREEMENT).fetchone()
    share = agreeing / compared if compared else None
    worst = conn.execute(_DISAGREEING).fetchall()
    examples = "; ".join(
        f"{as_of} {metric}/{group}: {value:,} against {low:,}-{high:,}{' (implausible)' if flagged else ''}"
        for as_of, metric, group, value, low, high, flagged in worst
    )
    return AssetCheckResult(
        asset_key=CASUALTY_TREND,
        check_name=REFERENCE_AGREEMENT_CHECK_NAME,
        passed=share is None or share >= threshold,
        severity=AssetCheckSeverity.WARN,
        description=(
            f"{agreeing} of {compared} comparable Gaza rows agree with the MoH series (threshold {threshold:.0%})"
            if compared
            else "no Gaza row can be compared with the MoH series"
        ),
        metadata={
            "share_agreeing": MetadataValue.float(round(share, 4)) if share is not None else MetadataValue.null(),
            "rows_agreeing": agreeing,
            "rows_disagreeing": disagreeing,
            "rows_compared": compared,
            "gaza_rows": gaza_rows,
            "gaza_rows_not_compared": gaza_rows - compared,
            "gaza_rows_implausible": implausible,
            "threshold": MetadataValue.float(threshold),
            "threshold_setting": settings.REFERENCE_AGREEMENT_VAR,
            "furthest_disagreeing_rows": examples,
        },
    )


@asset_check(
    asset=CASUALTY_TREND,
    name=REFERENCE_AGREEMENT_CHECK_NAME,
    blocking=False,
    description=(
        "The share of the Gaza rows of marts.casualty_trend that agree with the Gaza Ministry of Health series "
        "(agrees_with_reference: within 5 % of the series from the day before to the day after, among the rows that "
        "can be compared). Warns, never fails, below CEASEFIRE_MIN_REFERENCE_AGREEMENT (default "
        f"{settings.DEFAULT_MIN_REFERENCE_AGREEMENT:.0%}); the metadata gives the share, the counts and the rows furthest off."
    ),
)
def casualty_trend_agrees_with_reference(warehouse: WarehouseResource) -> AssetCheckResult:
    with warehouse.get_connection(read_only=True) as conn:
        return reference_agreement(conn, settings.min_reference_agreement())


asset_checks = [casualty_trend_agrees_with_reference]
"""The checks of our own defined apart from their asset (registered in orchestration/definitions.py)."""
