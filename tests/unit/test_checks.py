"""Our asset checks, on a small warehouse: offsets must read back as the figure, only the given articles are checked."""

from __future__ import annotations

from orchestration.checks import articles_have_language_and_date_basis, offsets_point_at_figures
from orchestration.warehouse import connect, ensure_schema


def test_offset_check_reads_each_figure_back_from_the_body(tmp_path):
    with connect(tmp_path / "w.duckdb") as conn:
        ensure_schema(conn)
        for article_id, body in [("a1", "The toll rose to 46,660 on Sunday."), ("a2", "Four hostages were freed.")]:
            conn.execute("insert into raw.articles (article_id, source_path, ingested_at, language, title, body, published_on, "
                "published_on_basis, duplicate_paragraphs, extractor_version) values (?, 'x.txt', now(), 'en', null, ?, null, 'unknown', 0, 'v')", [article_id, body])
        facts = [("f1", "a1", 46660, "The toll rose to 46,660 on Sunday.", 17, 23),
                 ("f2", "a2", 4, "Four hostages were freed.", 0, 4),
                 ("f3", "a2", 5, "Four hostages were freed.", 0, 4)]  # wrong value
        for fact_id, article_id, value, sentence, start, end in facts:
            conn.execute(
                "insert into extracted.casualty_facts values (?, ?, 'killed', 'all', 'gaza', 'cumulative', 'exact', ?, null, null, 'unknown', ?, ?, ?)",
                [fact_id, article_id, value, sentence, start, end],
            )
        good = offsets_point_at_figures(conn, "casualty_facts", ["a1"])
        bad = offsets_point_at_figures(conn, "casualty_facts", ["a1", "a2"])
        none = offsets_point_at_figures(conn, "casualty_facts", [])
        languages = articles_have_language_and_date_basis(conn)
    assert good.passed and good.metadata["facts_checked"].value == 1
    assert not bad.passed and bad.metadata["failing_fact_ids"].value == "f3" and bad.metadata["facts_checked"].value == 3
    assert none.passed and none.metadata["facts_checked"].value == 0
    assert good.check_name == "casualty_offsets_point_at_figures" and good.asset_key.path == ["extracted", "casualty_facts"]
    assert languages.passed and languages.metadata["undated_articles"].value == 2


# -- the casualty trend against the MoH series ---------------------------------------------------

TREND_ROWS = [
    # as_of, region, metric, victim_group, independent_value, reference_low, reference_high, agrees, implausible
    ("2024-08-12", "gaza", "killed", "all", 39897, 39790, 39929, True, False),
    ("2024-08-14", "gaza", "killed", "all", 40000, 39929, 40005, True, False),
    ("2024-08-15", "gaza", "killed", "all", 45, 39965, 40005, False, True),
    ("2024-08-17", "gaza", "killed", "all", 32000, 40005, 40099, False, False),
    ("2024-08-20", "gaza", "killed", "all", 42100, 40139, 40223, True, False),
    ("2024-08-16", "gaza", "killed", "children", 16500, 16456, 16456, True, False),
    ("2024-08-22", "gaza", "killed", "children", 16550, None, None, None, False),  # nothing to compare with
    ("2024-02-29", "gaza", "injured", "all", None, 70325, 71377, None, False),  # dated from the series only
    ("2024-01-10", "israel", "killed", "all", 1200, None, None, None, False),  # not Gaza: not counted
    ("2024-03-01", "israel", "killed", "all", 3, None, None, False, True),  # (impossible, and not Gaza either)
]


def trend_warehouse(path, rows=TREND_ROWS):
    import duckdb

    with duckdb.connect(str(path)) as conn:
        conn.execute("create schema marts")
        conn.execute(
            "create table marts.casualty_trend (as_of date, region varchar, metric varchar, victim_group varchar, independent_value bigint, "
            "reference_low bigint, reference_high bigint, agrees_with_reference boolean, is_implausible boolean)"
        )
        if rows:
            conn.executemany("insert into marts.casualty_trend values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return path


def agreement_metadata(result) -> dict:
    return {key: value.value for key, value in result.metadata.items()}


def test_reference_agreement_passes_at_or_above_the_threshold(tmp_path):
    from dagster import AssetCheckSeverity

    from orchestration.checks import reference_agreement

    with connect(trend_warehouse(tmp_path / "w.duckdb"), read_only=True) as conn:
        result = reference_agreement(conn, 4 / 6)  # exactly the share: passes
    assert result.passed and result.severity == AssetCheckSeverity.WARN
    assert result.asset_key.path == ["marts", "casualty_trend"] and result.check_name == "casualty_trend_agrees_with_reference"
    metadata = agreement_metadata(result)
    assert metadata == {
        "share_agreeing": 0.6667,  # 4 of the 6 Gaza rows that can be compared
        "rows_agreeing": 4,
        "rows_disagreeing": 2,
        "rows_compared": 6,
        "gaza_rows": 8,
        "gaza_rows_not_compared": 2,
        "gaza_rows_implausible": 1,
        "threshold": 4 / 6,
        "threshold_setting": "CEASEFIRE_MIN_REFERENCE_AGREEMENT",
        "furthest_disagreeing_rows": "2024-08-15 killed/all: 45 against 39,965-40,005 (implausible); "
        "2024-08-17 killed/all: 32,000 against 40,005-40,099",
    }
    assert result.description == "4 of 6 comparable Gaza rows agree with the MoH series (threshold 67%)"


def test_reference_agreement_warns_below_the_threshold(tmp_path):
    from dagster import AssetCheckSeverity

    from orchestration.checks import reference_agreement

    with connect(trend_warehouse(tmp_path / "w.duckdb"), read_only=True) as conn:
        result = reference_agreement(conn, 0.8)
    assert not result.passed and result.severity == AssetCheckSeverity.WARN  # a warning, never a failed run
    assert agreement_metadata(result)["share_agreeing"] == 0.6667 and agreement_metadata(result)["threshold"] == 0.8


def test_reference_agreement_with_nothing_to_compare_passes(tmp_path):
    from orchestration.checks import reference_agreement

    rows = [r for r in TREND_ROWS if r[7] is None]
    with connect(trend_warehouse(tmp_path / "w.duckdb", rows), read_only=True) as conn:
        result = reference_agreement(conn, 0.8)
    assert result.passed and result.metadata["share_agreeing"].value is None
    assert agreement_metadata(result)["rows_compared"] == 0 and result.description == "no Gaza row can be compared with the MoH series"


def test_the_agreement_check_reads_its_threshold_from_the_setting(tmp_path, monkeypatch):
    import pytest

    from orchestration import settings
    from orchestration.checks import casualty_trend_agrees_with_reference
    from orchestration.resources import WarehouseResource

    warehouse = WarehouseResource(database=str(trend_warehouse(tmp_path / "w.duckdb")))
    monkeypatch.delenv("CEASEFIRE_MIN_REFERENCE_AGREEMENT", raising=False)
    assert settings.min_reference_agreement() == settings.DEFAULT_MIN_REFERENCE_AGREEMENT == 0.8
    default = casualty_trend_agrees_with_reference(warehouse=warehouse)
    assert not default.passed and default.metadata["threshold"].value == 0.8
    monkeypatch.setenv("CEASEFIRE_MIN_REFERENCE_AGREEMENT", "60%")
    lowered = casualty_trend_agrees_with_reference(warehouse=warehouse)
    assert lowered.passed and lowered.metadata["threshold"].value == 0.6
    monkeypatch.setenv("CEASEFIRE_MIN_REFERENCE_AGREEMENT", "1.5")
    with pytest.raises(ValueError, match="CEASEFIRE_MIN_REFERENCE_AGREEMENT='1.5'"):
        settings.min_reference_agreement()


def test_the_agreement_check_is_shown_on_the_casualty_trend_asset():
    from dagster import AssetCheckKey, AssetKey

    from orchestration.definitions import defs

    key = AssetCheckKey(AssetKey(["marts", "casualty_trend"]), "casualty_trend_agrees_with_reference")
    assert key in defs.resolve_asset_graph().asset_check_keys
    assert key in defs.resolve_job_def("ceasefire_ledger_job").asset_layer.asset_graph.asset_check_keys
