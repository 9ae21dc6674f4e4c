"""Materialize the whole job (Python assets, dbt models, checks, report) into a temporary
DuckDB file, and check the warehouse a user queries."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from orchestration.warehouse import connect
from tests.conftest import SEEDS_DIR, copy_seeds, materialize_everything

pytestmark = pytest.mark.integration

TABLES = [
    "raw.article_files", "raw.article_sources", "raw.articles",
    "extracted.casualty_facts", "extracted.hostage_facts", "extracted.negotiation_events", "extracted.entity_mentions",
    "marts.casualty_trend", "marts.negotiation_rounds", "marts.hostage_trend",
]
VOLATILE = {"ingested_at", "extracted_at"}


def snapshot(path) -> dict[str, list[tuple]]:
    """Every table's rows (minus load timestamps), sorted, for exact comparisons."""
    out = {}
    with connect(path, read_only=True) as conn:
        for table in TABLES:
            cols = [c[0] for c in conn.execute(f"describe {table}").fetchall() if c[0] not in VOLATILE]
            rows = conn.execute(f"select {', '.join(cols)} from {table}").fetchall()
            rows = [tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows]
            out[table] = sorted(rows, key=repr)
    return out


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """One full run on a copy of the seeds; later tests run it again on top."""
    tmp = tmp_path_factory.mktemp("pipeline")
    mp = pytest.MonkeyPatch()
    mp.setenv("CEASEFIRE_REPORTS_DIR", str(tmp / "reports"))
    articles_dir = copy_seeds(tmp / "articles")
    warehouse = tmp / "warehouse.duckdb"
    result = materialize_everything(articles_dir, warehouse)
    yield {"dir": articles_dir, "warehouse": warehouse, "result": result, "tmp": tmp}
    mp.undo()


def test_run_succeeds_with_every_check_passing(seeded):
    result = seeded["result"]
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) > 20  # our checks plus the dbt tests
    failed = [f"{e.asset_key.to_user_string()}:{e.check_name}" for e in evaluations if not e.passed]
    assert not failed, failed
    # The offset checks read back every fact the run wrote.
    checked = {e.check_name: e.metadata["facts_checked"].value for e in evaluations if "offsets" in e.check_name}
    with connect(seeded["warehouse"], read_only=True) as conn:
        written = {
            f"{kind}_offsets_point_at_figures": conn.execute(f"select count(*) from extracted.{kind}_facts").fetchone()[0]
            for kind in ("casualty", "hostage")
        }
    assert checked == written


def test_articles_are_dated(seeded):
    with connect(seeded["warehouse"], read_only=True) as conn:
        rows = dict(
            (path[:3], (published, basis))
            for path, published, basis in conn.execute("select source_path, published_on, published_on_basis from raw.articles").fetchall()
        )
    assert rows == {
        "000": (date(2025, 1, 12), "weekday_date"),
        "001": (date(2025, 9, 4), "reference_series"),
        "002": (date(2025, 7, 5), "reference_series"),
        "003": (date(2023, 11, 22), "header"),
        "004": (date(2023, 10, 26), "reference_series"),
    }


def test_casualty_trend_for_gaza_deaths(seeded):
    with connect(seeded["warehouse"], read_only=True) as conn:
        rows = conn.execute(
            """select as_of, value, previous_value, delta, days_since_previous, round(daily_rate, 2), is_revision,
                      reference_value, reference_gap
               from marts.casualty_trend where region = 'gaza' and metric = 'killed' and victim_group = 'all'
               order by as_of"""
        ).fetchall()
    assert rows == [
        # Articles dated from the MoH series agree with it by construction: no gap is shown.
        (date(2023, 10, 26), 7028, None, None, None, None, False, 7028, None),
        (date(2025, 1, 11), 46660, 7028, 39632, 443, round(39632 / 443, 2), False, 46537, 123),
        (date(2025, 7, 5), 57338, 46660, 10678, 175, round(10678 / 175, 2), False, 57338, None),
        (date(2025, 9, 4), 64231, 57338, 6893, 61, round(6893 / 61, 2), False, 64231, None),
    ]


def test_israeli_toll_revision_is_flagged(seeded):
    with connect(seeded["warehouse"], read_only=True) as conn:
        rows = conn.execute(
            """select as_of, value, is_revision from marts.casualty_trend
               where region = 'israel' and metric = 'killed' and victim_group = 'all' order by as_of"""
        ).fetchall()
    assert rows[0] == (date(2023, 10, 26), 1400, False)
    assert rows[1][1:] == (1200, True)
    assert all(value == 1200 for _, value, _ in rows[1:])


def test_negotiation_rounds(seeded):
    with connect(seeded["warehouse"], read_only=True) as conn:
        rounds = conn.execute(
            "select round_number, started_on, ended_on, locations, mediators, outcome, hostages_on_table from marts.negotiation_rounds order by round_number"
        ).fetchall()
    assert len(rounds) == 5
    assert [r[1].year for r in rounds] == [2023, 2023, 2025, 2025, 2025]
    november = next(r for r in rounds if r[1] >= date(2023, 11, 1))
    assert november[5] == "agreed" and november[6] == 50
    assert "Doha" in november[3]
    assert all(r[4] for r in rounds), "every round names its mediators"


def test_every_number_leads_back_to_its_sentence(seeded):
    with connect(seeded["warehouse"], read_only=True) as conn:
        bad = conn.execute(
            """select count(*) from extracted.casualty_facts f join raw.articles a using (article_id)
               where not contains(a.body, f.sentence)
                  or not contains(f.sentence, substr(a.body, f.char_start + 1, f.char_end - f.char_start))
                  or regexp_replace(substr(a.body, f.char_start + 1, f.char_end - f.char_start), '[^0-9]', '', 'g')
                     not in (cast(f.value as varchar), '')"""
        ).fetchone()[0]
    assert bad == 0


def test_report_chart_is_written(seeded):
    for name in ("casualty_trend.png", "hostage_trend.png"):
        chart = seeded["tmp"] / "reports" / name
        assert chart.exists() and chart.read_bytes()[:4] == b"\x89PNG", name


def test_dbt_tables_carry_row_counts_and_views_do_not(seeded):
    materialized = {e.asset_key: e.materialization.metadata for e in seeded["result"].get_asset_materialization_events()}
    with connect(seeded["warehouse"], read_only=True) as conn:
        for key, metadata in materialized.items():
            schema, name = key.path
            if schema in ("marts", "reference"):
                rows = conn.execute(f"select count(*) from {schema}.{name}").fetchone()[0]
                assert metadata["dagster/row_count"].value == rows, key
            elif schema in ("staging", "intermediate"):
                assert "dagster/row_count" not in metadata, key


DBT_SCHEMAS = ("reference", "staging", "intermediate", "marts")


def dbt_materializations(result) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events() if e.asset_key.path[0] in DBT_SCHEMAS}


def test_second_run_gives_identical_tables(seeded):
    before = snapshot(seeded["warehouse"])
    result = materialize_everything(seeded["dir"], seeded["warehouse"])
    assert result.success
    assert snapshot(seeded["warehouse"]) == before
    # Nothing dbt reads changed: dbt (and the chart after it) is skipped.
    assert not dbt_materializations(result)
    # No fact was written, none needed checking.
    assert {e.metadata["facts_checked"].value for e in result.get_asset_check_evaluations() if "offsets" in e.check_name} == {0}
    assert all(e.asset_key.path[0] not in DBT_SCHEMAS for e in result.get_asset_check_evaluations())


def test_a_missing_mart_is_rebuilt(seeded):
    with connect(seeded["warehouse"]) as conn:
        conn.execute("drop table marts.hostage_trend")
    result = materialize_everything(seeded["dir"], seeded["warehouse"])
    assert result.success
    assert {"marts/hostage_trend", "marts/casualty_trend", "reference/gaza_moh_daily"} <= dbt_materializations(result)
    with connect(seeded["warehouse"], read_only=True) as conn:
        assert conn.execute("select count(*) from marts.hostage_trend").fetchone()[0] > 0


def test_a_sixth_article_adds_only_its_facts(seeded):
    before = snapshot(seeded["warehouse"])
    new = seeded["dir"] / "005_new.txt"
    new.write_text(
        "GAZA, Nov 24 (Reuters) - The Gaza health ministry said on Friday that the death toll had risen to 14,854, "
        "including 6,150 children. Qatar said talks in Doha on the truce were continuing.\n",
        encoding="utf-8",
    )
    # The same text under a second name is the same article.
    shutil.copy2(new, seeded["dir"] / "005_new_copy.txt")
    result = materialize_everything(seeded["dir"], seeded["warehouse"])
    assert result.success
    # New facts: the marts are rebuilt and the dbt tests run as checks again.
    assert "marts/casualty_trend" in dbt_materializations(result)
    assert any(e.asset_key.path == ["marts", "casualty_trend"] for e in result.get_asset_check_evaluations())
    after = snapshot(seeded["warehouse"])
    with connect(seeded["warehouse"], read_only=True) as conn:
        new_id = conn.execute("select article_id from raw.articles where source_path = '005_new.txt'").fetchone()[0]
        assert conn.execute("select count(*) from raw.articles").fetchone()[0] == 6
    for table in ["extracted.casualty_facts", "extracted.hostage_facts", "extracted.negotiation_events"]:
        added = [row for row in after[table] if row not in before[table]]
        assert set(before[table]) <= set(after[table]), table
        assert all(new_id in row for row in added), table
    new_values = sorted(r[7] for r in after["extracted.casualty_facts"] if new_id in r)
    assert new_values == [6150, 14854]


def test_bad_files_are_reported_and_skipped(seeded):
    folder = seeded["dir"]
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    (folder / "latin1.txt").write_bytes("Le ministère a déclaré 30 morts à Gaza aujourd'hui.".encode("latin-1"))
    (folder / "noise.txt").write_bytes(bytes(range(128, 256)) * 3)  # no code page reads this as text
    assert materialize_everything(folder, seeded["warehouse"]).success
    with connect(seeded["warehouse"], read_only=True) as conn:
        problems = dict(
            conn.execute("select source_path, problem from raw.article_files where status = 'rejected'").fetchall()
        )
        articles = conn.execute("select count(*) from raw.articles").fetchone()[0]
        latin1 = conn.execute("select status, encoding from raw.article_files where source_path = 'latin1.txt'").fetchone()
    assert problems["empty.txt"] == "empty.txt: empty file"
    assert problems["binary.txt"].startswith("binary.txt: binary file")
    assert "noise.txt" in problems
    assert latin1 == ("ok", "cp1252")  # a legacy code page is decoded, not rejected
    assert articles == 7  # the seeds, the sixth article and the French one
