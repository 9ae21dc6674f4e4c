"""dbt marts over a temporary DuckDB warehouse.

The Python side's contract tables (orchestration.warehouse) are created in a temp file, filled
with a handful of known facts, and the dbt project is built against it (seed, run, test) in a
subprocess, the way Dagster's DbtCliResource runs it. The marts are then checked row by row,
and a second build must give identical tables.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.warehouse import connect, ensure_schema

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
DBT_PROJECT = REPO / "dbt_project"

D = dt.date.fromisoformat

# ---------------------------------------------------------------------------------------------
# Known input rows
# ---------------------------------------------------------------------------------------------

ARTICLES = [
    # article_id, language, published_on, published_on_basis
    ("a0", "en", "2025-01-12", "header"),
    ("a1", "fa", "2025-07-06", "metadata"),
    ("a2", "en", "2025-09-05", "text_date"),
    ("a3", "en", "2025-01-13", "weekday_date"),
    ("a4", "en", "2023-10-27", "reference_series"),
    ("a5", "ar", None, "unknown"),
    ("a6", "en", "2023-11-16", "header"),
    ("a7", "en", "2023-11-23", "header"),
    ("a8", "en", "2024-05-17", "metadata"),
    ("a9", "en", "2024-02-29", "reference_series"),
    ("a10", "en", "2024-02-29", "header"),
]

CASUALTY_FACTS = [
    # fact_id, article_id, metric, victim_group, region, scope, qualifier, value, as_of
    ("c01", "a4", "killed", "all", "gaza", "cumulative", "exact", 7028, "2023-10-26"),
    ("c02", "a4", "killed", "all", "israel", "cumulative", "about", 1400, "2023-10-26"),
    ("c03", "a0", "killed", "all", "gaza", "cumulative", "exact", 46660, "2025-01-11"),
    ("c04", "a3", "killed", "all", "gaza", "cumulative", "more_than", 46000, "2025-01-11"),
    ("c05", "a0", "killed", "all", "israel", "cumulative", "about", 1200, "2025-01-12"),
    ("c06", "a0", "injured", "all", "gaza", "cumulative", "exact", 109571, "2025-01-11"),
    ("c07", "a0", "killed", "all", "gaza", "period", "exact", 32, "2025-01-11"),  # not cumulative
    ("c08", "a1", "killed", "all", "gaza", "cumulative", "exact", 57338, "2025-07-05"),
    ("c09", "a1", "killed", "all", "israel", "cumulative", "about", 1200, "2025-07-05"),
    ("c10", "a2", "killed", "all", "gaza", "cumulative", "exact", 64231, "2025-09-04"),
    ("c11", "a2", "starvation_deaths", "all", "gaza", "cumulative", "exact", 370, "2025-09-04"),
    ("c12", "a5", "killed", "all", "gaza", "cumulative", "more_than", 40000, None),  # undated
    ("c13", "a7", "killed", "children", "gaza", "cumulative", "exact", 6000, "2023-11-22"),
    # 2023-11-29 is a 'missing' day of the MoH series (figures carried forward): no reference.
    ("c14", "a7", "killed", "children", "gaza", "cumulative", "exact", 6150, "2023-11-29"),
    ("c15", "a0", "killed", "all", "west_bank", "cumulative", "more_than", 850, "2025-01-11"),
    # a9 was dated from the series: its figures dated by the article agree with it by construction
    ("c16", "a9", "killed", "women", "gaza", "cumulative", "exact", 8860, "2024-02-29"),
    ("c17", "a9", "injured", "all", "gaza", "cumulative", "exact", 70457, "2024-02-29"),
    # ... but a date stated in its sentence does not come from the series
    ("c18", "a9", "killed", "women", "gaza", "cumulative", "exact", 8900, "2024-03-04"),
    # a10 is dated by its header: the one independent report of the mixed row of 2024-02-29
    ("c19", "a10", "killed", "women", "gaza", "cumulative", "about", 8800, "2024-02-29"),
]

STATED_AS_OF = {"c18"}  # facts whose as_of was stated in the sentence; the others follow the article

HOSTAGE_FACTS = [
    # fact_id, article_id, status, hostage_group, qualifier, value, as_of
    ("h1", "a4", "held", "all", "about", 224, "2023-10-26"),
    ("h2", "a7", "held", "all", "exact", 236, "2023-11-22"),
    ("h3", "a7", "to_be_released", "women_children", "exact", 50, "2023-11-22"),
    ("h4", "a6", "to_be_released", "all", "about", 30, None),
    ("h5", "a0", "held", "all", "exact", 98, "2025-01-11"),
    ("h6", "a3", "held", "all", "exact", 94, "2025-01-11"),
    ("h7", "a0", "to_be_released", "all", "exact", 33, "2025-01-15"),
]

NEGOTIATION_EVENTS = [
    # event_id, article_id, event_type, event_date, location, mediators, parties, participants
    # round 1: 2023-11-15 .. 2023-11-22, agreed, 50 hostages (a7) over 30 (a6)
    ("e01", "a6", "talks_held", "2023-11-15", "Doha", ["Qatar"], ["Israel", "Hamas"], ["David Barnea"]),
    ("e02", "a7", "deal_agreed", "2023-11-22", "Doha", ["Qatar", "Egypt", "United States"], ["Israel", "Hamas"], []),
    # round 2: gaps of 3 and 7 days (the second is not more than 10): rejected beats stalled
    ("e03", "a8", "proposal_made", "2024-05-06", "Cairo", ["Egypt", "Qatar"], ["Hamas"], ["William Burns"]),
    ("e04", "a8", "deal_rejected", "2024-05-09", None, ["Egypt"], ["Israel"], []),
    ("e05", "a8", "stalled", "2024-05-16", "Cairo", [], [], ["William Burns", "David Barnea"]),
    # round 3: 11 days after the last event, so a new round: nothing decided
    ("e06", "a8", "talks_resumed", "2024-05-27", None, [], ["Israel"], []),
    # round 4: agreed beats rejected; 33 hostages (a0)
    ("e07", "a3", "deal_rejected", "2025-01-08", "Doha", ["Qatar"], ["Hamas"], []),
    ("e08", "a0", "deal_agreed", "2025-01-15", "Doha", ["Qatar", "United States"], ["Israel", "Hamas"], []),
    # round 5: stalled
    ("e09", "a1", "phone_call", "2025-03-10", None, ["United States"], ["Israel"], []),
    ("e10", "a1", "stalled", "2025-03-10", None, [], [], []),
    # undated: in no round
    ("e11", "a5", "talks_held", None, "Cairo", ["Egypt"], ["Hamas"], []),
]

ENTITY_MENTIONS = [
    ("a0", "qatar", "country", "Qatar", "Qatar", 10, 15),
    ("a1", "doha", "place", "Doha", "دوحه", 3, 7),
    ("a6", "david_barnea", "person", "David Barnea", "David Barnea", 40, 52),
    ("a8", "mossad", "organization", "Mossad", "Mossad", 60, 66),
]


def as_of_basis(fact_id: str, as_of: str | None) -> str:
    if as_of is None:
        return "unknown"
    return "stated" if fact_id in STATED_AS_OF else "article_date"


def fill_warehouse(path: Path) -> None:
    with connect(path) as conn:
        ensure_schema(conn)
        for article_id, language, published_on, basis in ARTICLES:
            conn.execute(
                "insert into raw.articles (article_id, source_path, ingested_at, language, title, body, published_on,"
                " published_on_basis, duplicate_paragraphs, extractor_version)"
                " values (?, ?, timestamp '2025-10-01 12:00:00', ?, ?, ?, ?, ?, 0, 'test')",
                [article_id, f"seeds/{article_id}.txt", language, f"Title {article_id}",
                 f"Body of {article_id}.", published_on, basis],
            )
        for fact_id, article_id, metric, group, region, scope, qualifier, value, as_of in CASUALTY_FACTS:
            conn.execute(
                "insert into extracted.casualty_facts values (?, ?, ?, ?, ?, ?, ?, ?, 'Ministry of Health', ?, ?, 'sentence', 0, 8)",
                [fact_id, article_id, metric, group, region, scope, qualifier, value, as_of,
                 as_of_basis(fact_id, as_of)],
            )
        for fact_id, article_id, status, group, qualifier, value, as_of in HOSTAGE_FACTS:
            conn.execute(
                "insert into extracted.hostage_facts values (?, ?, ?, ?, ?, ?, ?, ?, 'sentence', 0, 8)",
                [fact_id, article_id, status, group, qualifier, value, as_of, as_of_basis(fact_id, as_of)],
            )
        for event_id, article_id, event_type, event_date, location, mediators, parties, participants in NEGOTIATION_EVENTS:
            conn.execute(
                "insert into extracted.negotiation_events values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sentence', 0, 8)",
                [event_id, article_id, event_type, event_date, "text_date" if event_date else "unknown",
                 location, mediators, parties, participants],
            )
        conn.executemany("insert into extracted.entity_mentions values (?, ?, ?, ?, ?, ?, ?)", ENTITY_MENTIONS)


def dbt_command() -> list[str]:
    exe = Path(sys.executable).with_name("dbt")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("dbt")
    if found:
        return [found]
    return [sys.executable, "-m", "dbt.cli.main"]


def run_dbt(args: list[str], warehouse: Path, work_dir: Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run dbt on the project against `warehouse`, with target/ and logs/ inside work_dir."""
    env = {
        **os.environ,
        "CEASEFIRE_WAREHOUSE": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_USE_COLORS": "false",
    }
    cmd = [
        *dbt_command(),
        *args,
        "--project-dir", str(DBT_PROJECT),
        "--profiles-dir", str(DBT_PROJECT),
        "--target-path", str(work_dir / "target"),
        "--log-path", str(work_dir / "logs"),
    ]
    result = subprocess.run(cmd, cwd=DBT_PROJECT, env=env, capture_output=True, text=True, timeout=600)
    if check:
        assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def read_table(warehouse: Path, table: str, order_by: str) -> list[dict]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rel = conn.sql(f"select * from {table} order by {order_by}")
        return [dict(zip(rel.columns, row)) for row in rel.fetchall()]


MARTS = {
    "marts.casualty_trend": "region, metric, victim_group, as_of",
    "marts.casualty_best_estimate": "region, metric, victim_group, as_of",
    "marts.hostage_trend": "status, hostage_group, as_of",
    "marts.negotiation_rounds": "round_number",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """Fill a temp warehouse, build the dbt project twice; the marts after each build."""
    work_dir = tmp_path_factory.mktemp("dbt_marts")
    warehouse = work_dir / "warehouse.duckdb"
    fill_warehouse(warehouse)
    run_dbt(["build"], warehouse, work_dir)  # seed, run and test, in DAG order
    first = {table: read_table(warehouse, table, order) for table, order in MARTS.items()}
    run_dbt(["build"], warehouse, work_dir)
    second = {table: read_table(warehouse, table, order) for table, order in MARTS.items()}
    return {"warehouse": warehouse, "work_dir": work_dir, "first": first, "second": second}


def series(rows: list[dict], **key) -> list[dict]:
    return [row for row in rows if all(row[k] == v for k, v in key.items())]


# ---------------------------------------------------------------------------------------------
# casualty_trend
# ---------------------------------------------------------------------------------------------

CASUALTY_COLUMNS = [
    "as_of", "region", "metric", "victim_group", "value", "previous_value", "delta",
    "days_since_previous", "daily_rate", "n_reports", "n_articles", "article_ids",
    "min_reported", "max_reported", "is_revision", "reference_value", "reference_gap",
    "fact_ids", "as_of_bases", "published_on_bases", "n_reports_dated_from_reference",
    # issue 14: the comparison with the MoH series and the plausibility flag (added, never renamed)
    "independent_value", "reference_as_of", "reference_low", "reference_high", "reference_tolerance",
    "agrees_with_reference", "is_implausible", "plausibility_note",
]


def test_casualty_trend_columns(built):
    with duckdb.connect(str(built["warehouse"]), read_only=True) as conn:
        columns = [row[0] for row in conn.sql("describe marts.casualty_trend").fetchall()]
    assert columns == CASUALTY_COLUMNS


def test_casualty_trend_keeps_only_dated_cumulative_figures(built):
    rows = built["first"]["marts.casualty_trend"]
    keys = {(r["as_of"], r["region"], r["metric"], r["victim_group"]) for r in rows}
    assert len(keys) == len(rows) == 15
    # the period figure (32) and the undated one (40000) are not in the trend
    assert all(r["value"] not in (32, 40000) for r in rows)


def test_casualty_trend_gaza_killed_series(built):
    rows = series(built["first"]["marts.casualty_trend"], region="gaza", metric="killed", victim_group="all")
    assert [(r["as_of"], r["value"]) for r in rows] == [
        (D("2023-10-26"), 7028),
        (D("2025-01-11"), 46660),
        (D("2025-07-05"), 57338),
        (D("2025-09-04"), 64231),
    ]
    first, jan, jul, sep = rows

    assert first["previous_value"] is None and first["delta"] is None
    assert first["days_since_previous"] is None and first["daily_rate"] is None
    assert first["is_revision"] is False
    # a4 was dated from the series: the reference stays visible, the circular gap does not
    assert first["reference_value"] == 7028 and first["reference_gap"] is None
    assert first["article_ids"] == ["a4"] and first["fact_ids"] == ["c01"]
    assert (first["as_of_bases"], first["published_on_bases"]) == (["article_date"], ["reference_series"])
    assert first["n_reports_dated_from_reference"] == 1

    # two reports of 2025-01-11: the largest is the day's value
    assert jan["previous_value"] == 7028
    assert jan["delta"] == 39632
    assert jan["days_since_previous"] == (D("2025-01-11") - D("2023-10-26")).days == 443
    assert jan["daily_rate"] == pytest.approx(39632 / 443)
    assert (jan["n_reports"], jan["n_articles"]) == (2, 2)
    assert jan["article_ids"] == ["a0", "a3"]
    assert (jan["min_reported"], jan["max_reported"]) == (46000, 46660)
    assert jan["reference_value"] == 46537 and jan["reference_gap"] == 123
    assert jan["is_revision"] is False
    assert jan["fact_ids"] == ["c03", "c04"]
    assert (jan["as_of_bases"], jan["published_on_bases"]) == (["article_date"], ["header", "weekday_date"])
    assert jan["n_reports_dated_from_reference"] == 0

    assert (jul["previous_value"], jul["delta"], jul["days_since_previous"]) == (46660, 10678, 175)
    assert jul["daily_rate"] == pytest.approx(10678 / 175)
    assert jul["reference_value"] == 57338 and jul["reference_gap"] == 0
    assert jul["article_ids"] == ["a1"]

    assert (sep["previous_value"], sep["delta"], sep["days_since_previous"]) == (57338, 6893, 61)
    assert sep["daily_rate"] == pytest.approx(113.0)
    assert sep["reference_value"] == 64231 and sep["reference_gap"] == 0
    assert isinstance(sep["daily_rate"], float)


def test_casualty_trend_israel_revision(built):
    rows = series(built["first"]["marts.casualty_trend"], region="israel", metric="killed", victim_group="all")
    assert [(r["as_of"], r["value"], r["previous_value"], r["delta"], r["is_revision"]) for r in rows] == [
        (D("2023-10-26"), 1400, None, None, False),
        (D("2025-01-12"), 1200, 1400, -200, True),
        (D("2025-07-05"), 1200, 1200, 0, False),
    ]
    assert rows[1]["days_since_previous"] == 444
    assert rows[1]["daily_rate"] == pytest.approx(-200 / 444)
    # the MoH series is a reference for Gaza only
    assert all(r["reference_value"] is None and r["reference_gap"] is None for r in rows)


def test_casualty_trend_reference_mapping(built):
    rows = built["first"]["marts.casualty_trend"]
    by_key = {(r["as_of"], r["region"], r["metric"], r["victim_group"]): r for r in rows}
    injured = by_key[(D("2025-01-11"), "gaza", "injured", "all")]
    assert (injured["reference_value"], injured["reference_gap"]) == (109571, 0)
    children = series(rows, region="gaza", metric="killed", victim_group="children")
    assert [(r["as_of"], r["value"], r["delta"], r["reference_value"], r["reference_gap"]) for r in children] == [
        (D("2023-11-22"), 6000, None, 6000, 0),
        # a carried-forward ('missing') day of the MoH series is not a reference
        (D("2023-11-29"), 6150, 150, None, None),
    ]
    famine = by_key[(D("2025-09-04"), "gaza", "starvation_deaths", "all")]
    assert (famine["reference_value"], famine["reference_gap"]) == (370, 0)
    west_bank = by_key[(D("2025-01-11"), "west_bank", "killed", "all")]
    assert west_bank["reference_value"] is None and west_bank["reference_gap"] is None


def test_reports_dated_from_the_series_are_left_out_of_the_comparison(built):
    rows = built["first"]["marts.casualty_trend"]
    by_key = {(r["as_of"], r["region"], r["metric"], r["victim_group"]): r for r in rows}
    provenance = ["value", "n_reports", "fact_ids", "as_of_bases", "published_on_bases",
                  "n_reports_dated_from_reference", "reference_value", "reference_gap"]

    # only a report dated from the series: no gap, though the reference is shown
    injured = by_key[(D("2024-02-29"), "gaza", "injured", "all")]
    assert [injured[c] for c in provenance] == [
        70457, 1, ["c17"], ["article_date"], ["reference_series"], 1, 70457, None,
    ]
    # mixed: the day's value is the series-dated 8,860, but the gap is measured from the one
    # independently dated report (about 8,800), not the zero the series-dated one would give
    women = by_key[(D("2024-02-29"), "gaza", "killed", "women")]
    assert [women[c] for c in provenance] == [
        8860, 2, ["c16", "c19"], ["article_date"], ["header", "reference_series"], 1, 8860, -60,
    ]
    assert women["min_reported"] == 8800
    # a date stated in the sentence of a series-dated article is independent of the series
    stated = by_key[(D("2024-03-04"), "gaza", "killed", "women")]
    assert [stated[c] for c in provenance] == [
        8900, 1, ["c18"], ["stated"], ["reference_series"], 0, 8900, 0,
    ]


def test_fact_ids_partition_the_dated_cumulative_facts(built):
    """Every dated cumulative fact is behind exactly one row, whose key and value it supports."""
    rows = built["first"]["marts.casualty_trend"]
    facts = {f[0]: f for f in CASUALTY_FACTS if f[5] == "cumulative" and f[8] is not None}
    listed = [fact_id for row in rows for fact_id in row["fact_ids"]]
    assert sorted(listed) == sorted(facts)
    for row in rows:
        behind = [facts[fact_id] for fact_id in row["fact_ids"]]
        assert {(D(f[8]), f[4], f[2], f[3]) for f in behind} == {(row["as_of"], row["region"], row["metric"], row["victim_group"])}
        assert max(f[7] for f in behind) == row["value"]
        assert sorted({f[1] for f in behind}) == sorted(row["article_ids"])


def test_casualty_trend_agreement_on_the_known_rows(built):
    """The band of the series around each date, its tolerance, and agreement only where there is
    an independently dated figure to compare."""
    rows = built["first"]["marts.casualty_trend"]
    got = {
        (r["as_of"], r["region"], r["metric"], r["victim_group"]): (
            r["independent_value"], r["reference_as_of"], r["reference_low"], r["reference_high"],
            r["reference_tolerance"], r["agrees_with_reference"], r["is_implausible"],
        )
        for r in rows
    }
    gaza_killed = "gaza", "killed", "all"
    # dated from the series only: the band is shown, agreement is not claimed (it is circular)
    assert got[(D("2023-10-26"), *gaza_killed)] == (None, D("2023-10-26"), 6547, 7326, 367, None, False)
    # 46,660 and "more than 46,000" against 46,537 (the series of 2025-01-10 .. 2025-01-12)
    assert got[(D("2025-01-11"), *gaza_killed)] == (46660, D("2025-01-11"), 46006, 46565, 2329, True, False)
    # a carried-forward ('missing') day: its band is the report of the day before, and after
    assert got[(D("2023-11-29"), "gaza", "killed", "children")] == (6150, D("2023-11-28"), 6150, 6150, 308, True, False)
    # mixed row: the independent report (about 8,800) is the one compared
    assert got[(D("2024-02-29"), "gaza", "killed", "women")] == (8800, D("2024-02-29"), 8860, 8860, 443, True, False)
    # no series outside Gaza: nothing compared, and the revision 1,400 -> 1,200 is plausible
    for as_of in ("2023-10-26", "2025-01-12", "2025-07-05"):
        assert got[(D(as_of), "israel", "killed", "all")][1:] == (None, None, None, None, None, False)
    assert not any(r["is_implausible"] for r in rows)


def test_best_estimate_of_the_known_rows_is_the_whole_trend(built):
    """Nothing is flagged in the known rows: the best estimate has every row, with the same figures."""
    trend = built["first"]["marts.casualty_trend"]
    best = built["first"]["marts.casualty_best_estimate"]
    same = ["as_of", "region", "metric", "victim_group", "value", "previous_value", "delta", "is_revision", "fact_ids", "article_ids"]
    assert [[r[c] for c in same] for r in best] == [[r[c] for c in same] for r in trend]
    assert all(r["flagged_as_of"] == [] for r in best)


# ---------------------------------------------------------------------------------------------
# plausibility, agreement and the best estimate on crafted series
# ---------------------------------------------------------------------------------------------

# Every article is dated by its header; every figure is dated by its article. The MoH series of
# those days (seeds/gaza_moh_daily.csv): killed 2024-08-11 39,790 | 08-12 39,897 | 08-13 39,929 |
# 08-14 39,965 | 08-15 40,005 | 08-16 40,005 | 08-17 40,074 | 08-18 40,099 | 08-19 40,139 |
# 08-20 40,173 | 08-21 40,223 | 08-22 40,265; children killed 08-12 16,456, then 08-26 16,589.
PLAUSIBILITY_FACTS = [
    # fact_id, metric, victim_group, region, qualifier, value, as_of
    ("p01", "killed", "all", "gaza", "exact", 39897, "2024-08-12"),  # the series itself
    ("p02", "killed", "all", "gaza", "more_than", 40000, "2024-08-14"),  # rounded, and a day ahead
    ("p03", "killed", "all", "gaza", "exact", 45, "2024-08-15"),  # a period figure read as cumulative
    ("p04", "killed", "all", "gaza", "exact", 32000, "2024-08-17"),  # 20 % off: disagrees, not implausible
    ("p05", "killed", "all", "gaza", "about", 42100, "2024-08-20"),  # 4.8 % over the band: within 5 %
    ("p06", "killed", "all", "gaza", "about", 42400, "2024-08-21"),  # 5.3 % over the band: outside
    ("p07", "killed", "children", "gaza", "exact", 16500, "2024-08-16"),  # nearest report 4 days before
    ("p08", "killed", "children", "gaza", "exact", 16550, "2024-08-22"),  # nearest report 10 days before: none
    # Israel's October 7 toll, revised twice: falls of 14 % and 5 %, not implausible ...
    ("p11", "killed", "all", "israel", "about", 1400, "2023-10-26"),
    ("p12", "killed", "all", "israel", "exact", 1200, "2024-01-10"),
    ("p13", "killed", "all", "israel", "exact", 1139, "2024-02-05"),
    # ... but three soldiers of one day read as the toll are
    ("p14", "killed", "all", "israel", "exact", 3, "2024-03-01"),
    ("p15", "killed", "all", "israel", "exact", 1163, "2024-04-01"),
    # a first row that the next one, two days later, multiplies by 66
    ("p21", "killed", "all", "west_bank", "exact", 5, "2024-01-01"),
    ("p22", "killed", "all", "west_bank", "exact", 330, "2024-01-03"),
    ("p23", "killed", "all", "west_bank", "exact", 380, "2024-02-01"),
    # an early first row that grows eightfold in a month: a war beginning, not a misreading;
    # then a spike over twice the rows on both sides of it
    ("p31", "killed", "all", "lebanon", "exact", 10, "2023-10-10"),
    ("p32", "killed", "all", "lebanon", "exact", 80, "2023-11-10"),
    ("p33", "killed", "all", "lebanon", "exact", 120, "2023-12-10"),
    ("p34", "killed", "all", "lebanon", "exact", 4000, "2024-01-10"),
    ("p35", "killed", "all", "lebanon", "exact", 200, "2024-02-10"),
    ("p36", "killed", "all", "lebanon", "exact", 250, "2024-03-10"),
    # a group of the 2026-12-06 contract
    ("p41", "killed", "journalists", "gaza", "exact", 160, "2024-08-12"),
]


def fill_plausibility_warehouse(path: Path) -> None:
    with connect(path) as conn:
        ensure_schema(conn)
        for fact_id, metric, group, region, qualifier, value, as_of in PLAUSIBILITY_FACTS:
            article_id = f"art_{fact_id}"
            conn.execute(
                "insert into raw.articles (article_id, source_path, ingested_at, language, title, body, published_on,"
                " published_on_basis, duplicate_paragraphs, extractor_version)"
                " values (?, ?, timestamp '2025-10-01 12:00:00', 'en', 'Title', 'Body.', ?, 'header', 0, 'test')",
                [article_id, f"plausibility/{fact_id}.txt", as_of],
            )
            conn.execute(
                "insert into extracted.casualty_facts values (?, ?, ?, ?, ?, 'cumulative', ?, ?, null, ?, 'article_date', 'sentence', 0, 8)",
                [fact_id, article_id, metric, group, region, qualifier, value, as_of],
            )


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> dict:
    work_dir = tmp_path_factory.mktemp("dbt_plausibility")
    warehouse = work_dir / "warehouse.duckdb"
    fill_plausibility_warehouse(warehouse)
    run_dbt(["build"], warehouse, work_dir)  # the marts tests included
    return {
        "warehouse": warehouse,
        "work_dir": work_dir,
        "trend": read_table(warehouse, "marts.casualty_trend", "region, metric, victim_group, as_of"),
        "best": read_table(warehouse, "marts.casualty_best_estimate", "region, metric, victim_group, as_of"),
    }


def test_crafted_trend_agreement_and_flags(crafted):
    got = [
        (r["as_of"].isoformat(), r["region"], r["victim_group"], r["value"], r["reference_as_of"] and r["reference_as_of"].isoformat(),
         r["reference_low"], r["reference_high"], r["reference_tolerance"], r["agrees_with_reference"], r["is_implausible"])
        for r in crafted["trend"]
    ]
    assert got == [
        # as_of, region, group, value, reference_as_of, low, high, tolerance, agrees, implausible
        ("2024-08-12", "gaza", "all", 39897, "2024-08-12", 39790, 39929, 1997, True, False),
        ("2024-08-14", "gaza", "all", 40000, "2024-08-14", 39929, 40005, 2001, True, False),
        ("2024-08-15", "gaza", "all", 45, "2024-08-15", 39965, 40005, 2001, False, True),
        ("2024-08-17", "gaza", "all", 32000, "2024-08-17", 40005, 40099, 2005, False, False),
        ("2024-08-20", "gaza", "all", 42100, "2024-08-20", 40139, 40223, 2012, True, False),
        ("2024-08-21", "gaza", "all", 42400, "2024-08-21", 40173, 40265, 2014, False, False),
        ("2024-08-16", "gaza", "children", 16500, "2024-08-12", 16456, 16456, 823, True, False),
        ("2024-08-22", "gaza", "children", 16550, None, None, None, None, None, False),
        ("2024-08-12", "gaza", "journalists", 160, None, None, None, None, None, False),
        ("2023-10-26", "israel", "all", 1400, None, None, None, None, None, False),
        ("2024-01-10", "israel", "all", 1200, None, None, None, None, None, False),
        ("2024-02-05", "israel", "all", 1139, None, None, None, None, None, False),
        ("2024-03-01", "israel", "all", 3, None, None, None, None, None, True),
        ("2024-04-01", "israel", "all", 1163, None, None, None, None, None, False),
        ("2023-10-10", "lebanon", "all", 10, None, None, None, None, None, False),
        ("2023-11-10", "lebanon", "all", 80, None, None, None, None, None, False),
        ("2023-12-10", "lebanon", "all", 120, None, None, None, None, None, False),
        ("2024-01-10", "lebanon", "all", 4000, None, None, None, None, None, True),
        ("2024-02-10", "lebanon", "all", 200, None, None, None, None, None, False),
        ("2024-03-10", "lebanon", "all", 250, None, None, None, None, None, False),
        ("2024-01-01", "west_bank", "all", 5, None, None, None, None, None, True),
        ("2024-01-03", "west_bank", "all", 330, None, None, None, None, None, False),
        ("2024-02-01", "west_bank", "all", 380, None, None, None, None, None, False),
    ]
    israel = [r for r in crafted["trend"] if r["region"] == "israel"]
    # casualty_trend keeps its own rule: a fall is a revision, the 3 too; the best estimate skips the 3
    assert [r["is_revision"] for r in israel] == [False, True, True, True, False]
    notes = {(r["as_of"].isoformat(), r["region"]): r["plausibility_note"] for r in crafted["trend"] if r["is_implausible"]}
    assert notes == {
        ("2024-08-15", "gaza"): "under 1/2 of the MoH series: 45 against 39,965 to 40,005 around this date "
        "(a period figure read as cumulative?)",
        ("2024-03-01", "israel"): "under 1/2 of the rows before it: 3 against a median of 1,200 "
        "(a cumulative count does not fall so far; a period figure read as cumulative?)",
        ("2024-01-10", "lebanon"): "over 2 times the rows before and after it: 4,000 against medians of 80 and 225 "
        "(another measure read as this one?)",
        ("2024-01-01", "west_bank"): "the first row, and the next is 330 only 2 day(s) later: more than 2 times as many "
        "for every day between (a period figure read as cumulative?)",
    }
    assert all(r["plausibility_note"] is None for r in crafted["trend"] if not r["is_implausible"])


def test_crafted_best_estimate_leaves_out_the_flagged_rows(crafted):
    got = [
        (r["as_of"].isoformat(), r["region"], r["victim_group"], r["value"], r["previous_value"], r["delta"], r["is_revision"],
         r["fact_ids"], [d.isoformat() for d in r["flagged_as_of"]])
        for r in crafted["best"]
    ]
    assert got == [
        ("2024-08-12", "gaza", "all", 39897, None, None, False, ["p01"], []),
        ("2024-08-14", "gaza", "all", 40000, 39897, 103, False, ["p02"], []),
        # the 45 of 2024-08-15 is left out: no plunge, and the estimate says what it skipped
        ("2024-08-17", "gaza", "all", 32000, 40000, -8000, True, ["p04"], ["2024-08-15"]),
        ("2024-08-20", "gaza", "all", 42100, 32000, 10100, False, ["p05"], []),
        ("2024-08-21", "gaza", "all", 42400, 42100, 300, False, ["p06"], []),
        ("2024-08-16", "gaza", "children", 16500, None, None, False, ["p07"], []),
        ("2024-08-22", "gaza", "children", 16550, 16500, 50, False, ["p08"], []),
        ("2024-08-12", "gaza", "journalists", 160, None, None, False, ["p41"], []),
        ("2023-10-26", "israel", "all", 1400, None, None, False, ["p11"], []),
        ("2024-01-10", "israel", "all", 1200, 1400, -200, True, ["p12"], []),
        ("2024-02-05", "israel", "all", 1139, 1200, -61, True, ["p13"], []),
        ("2024-04-01", "israel", "all", 1163, 1139, 24, False, ["p15"], ["2024-03-01"]),
        ("2023-10-10", "lebanon", "all", 10, None, None, False, ["p31"], []),
        ("2023-11-10", "lebanon", "all", 80, 10, 70, False, ["p32"], []),
        ("2023-12-10", "lebanon", "all", 120, 80, 40, False, ["p33"], []),
        ("2024-02-10", "lebanon", "all", 200, 120, 80, False, ["p35"], ["2024-01-10"]),
        ("2024-03-10", "lebanon", "all", 250, 200, 50, False, ["p36"], []),
        ("2024-01-03", "west_bank", "all", 330, None, None, False, ["p22"], ["2024-01-01"]),
        ("2024-02-01", "west_bank", "all", 380, 330, 50, False, ["p23"], []),
    ]
    best_days = {(r["as_of"], r["region"], r["victim_group"]) for r in crafted["best"]}
    flagged = {(r["as_of"], r["region"], r["victim_group"]) for r in crafted["trend"] if r["is_implausible"]}
    assert len(flagged) == 4 and not flagged & best_days


def test_the_best_estimate_test_names_a_lost_or_flagged_row(crafted, tmp_path):
    """rests_on_unflagged_rows (dbt_project/tests/generic) names each way the estimate can part
    from the trend: an unflagged row lost, a flagged row kept, a figure changed."""
    warehouse = tmp_path / crafted["warehouse"].name  # same file stem: the compiled test names it
    shutil.copy(crafted["warehouse"], warehouse)
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("delete from marts.casualty_best_estimate where fact_ids = ['p02']")
        conn.execute("update marts.casualty_best_estimate set value = 1165 where fact_ids = ['p15']")
        conn.execute(
            "insert into marts.casualty_best_estimate by name select as_of, region, metric, victim_group, value, "
            "is_revision, n_reports, n_articles, article_ids, fact_ids, agrees_with_reference, []::date[] as flagged_as_of "
            "from marts.casualty_trend where fact_ids = ['p03']"
        )
    compiled = next((crafted["work_dir"] / "target" / "compiled").rglob("casualty_best_estimate_rests_on_unflagged_trend_rows.sql"))
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        broken = dict(conn.sql(compiled.read_text()).fetchall())
    assert broken == {
        "a row resting on a flagged row (is_implausible)": 1,
        "value differs from its row in casualty_trend": 1,
        "an unflagged row of casualty_trend left out": 1,
    }


# ---------------------------------------------------------------------------------------------
# hostage_trend
# ---------------------------------------------------------------------------------------------


def test_hostage_trend(built):
    rows = built["first"]["marts.hostage_trend"]
    assert [row for row in rows] and list(rows[0]) == [
        "as_of", "status", "hostage_group", "value", "previous_value", "delta",
        "days_since_previous", "n_reports", "n_articles", "article_ids", "min_reported", "max_reported",
        "fact_ids", "as_of_bases", "published_on_bases",
    ]
    held = series(rows, status="held", hostage_group="all")
    assert [(r["as_of"], r["value"], r["previous_value"], r["delta"], r["days_since_previous"]) for r in held] == [
        (D("2023-10-26"), 224, None, None, None),
        (D("2023-11-22"), 236, 224, 12, 27),
        (D("2025-01-11"), 98, 236, -138, 416),
    ]
    assert (held[2]["n_reports"], held[2]["n_articles"], held[2]["article_ids"]) == (2, 2, ["a0", "a3"])
    assert (held[2]["min_reported"], held[2]["max_reported"]) == (94, 98)
    assert held[2]["fact_ids"] == ["h5", "h6"]
    assert (held[2]["as_of_bases"], held[2]["published_on_bases"]) == (["article_date"], ["header", "weekday_date"])
    assert (held[0]["fact_ids"], held[0]["published_on_bases"]) == (["h1"], ["reference_series"])
    # the undated to_be_released figure (30) is not in the trend
    to_be_released = sorted(series(rows, status="to_be_released"), key=lambda r: r["as_of"])
    assert [(r["as_of"], r["hostage_group"], r["value"]) for r in to_be_released] == [
        (D("2023-11-22"), "women_children", 50),
        (D("2025-01-15"), "all", 33),
    ]
    assert len(rows) == 5


# ---------------------------------------------------------------------------------------------
# negotiation_rounds
# ---------------------------------------------------------------------------------------------


def test_negotiation_rounds(built):
    rows = built["first"]["marts.negotiation_rounds"]
    assert list(rows[0]) == [
        "round_id", "round_number", "started_on", "ended_on", "locations", "mediators", "parties",
        "participants", "event_types", "hostages_on_table", "outcome", "n_events", "n_articles",
        "article_ids",
    ]
    assert [
        (r["round_number"], r["started_on"], r["ended_on"], r["outcome"], r["hostages_on_table"], r["n_events"])
        for r in rows
    ] == [
        (1, D("2023-11-15"), D("2023-11-22"), "agreed", 50, 2),
        (2, D("2024-05-06"), D("2024-05-16"), "rejected", None, 3),
        (3, D("2024-05-27"), D("2024-05-27"), "ongoing", None, 1),
        (4, D("2025-01-08"), D("2025-01-15"), "agreed", 33, 2),
        (5, D("2025-03-10"), D("2025-03-10"), "stalled", None, 2),
    ]
    first, second, third, fourth, fifth = rows
    assert first["locations"] == ["Doha"]
    assert first["mediators"] == ["Egypt", "Qatar", "United States"]
    assert first["parties"] == ["Hamas", "Israel"]
    assert first["participants"] == ["David Barnea"]
    assert first["event_types"] == ["deal_agreed", "talks_held"]
    assert (first["n_articles"], first["article_ids"]) == (2, ["a6", "a7"])

    assert second["locations"] == ["Cairo"]
    assert second["mediators"] == ["Egypt", "Qatar"]
    assert second["participants"] == ["David Barnea", "William Burns"]
    assert second["event_types"] == ["deal_rejected", "proposal_made", "stalled"]
    assert (second["n_articles"], second["article_ids"]) == (1, ["a8"])

    assert third["locations"] == [] and third["mediators"] == [] and third["participants"] == []
    assert third["parties"] == ["Israel"]

    assert fourth["article_ids"] == ["a0", "a3"]
    assert fifth["event_types"] == ["phone_call", "stalled"]

    round_ids = [r["round_id"] for r in rows]
    assert len(set(round_ids)) == 5 and all(len(rid) == 32 for rid in round_ids)


def test_round_id_is_a_hash_of_the_first_day(built):
    import hashlib

    rows = built["first"]["marts.negotiation_rounds"]
    for row in rows:
        expected = hashlib.md5(f"round:{row['started_on'].isoformat()}".encode()).hexdigest()
        assert row["round_id"] == expected


# ---------------------------------------------------------------------------------------------
# idempotency and schemas
# ---------------------------------------------------------------------------------------------


def test_second_build_gives_identical_marts(built):
    assert built["first"] == built["second"]


def test_exact_schema_names(built):
    with duckdb.connect(str(built["warehouse"]), read_only=True) as conn:
        objects = set(
            conn.sql(
                "select table_schema || '.' || table_name from information_schema.tables "
                "where table_schema not in ('raw', 'extracted')"
            ).fetchall()
        )
    objects = {name for (name,) in objects}
    assert {
        "reference.gaza_moh_daily",
        "staging.stg_articles",
        "staging.stg_casualty_facts",
        "staging.stg_hostage_facts",
        "staging.stg_negotiation_events",
        "staging.stg_entity_mentions",
        "intermediate.int_cumulative_casualty_reports",
        "intermediate.int_negotiation_events_clustered",
        "marts.casualty_trend",
        "marts.casualty_best_estimate",
        "marts.hostage_trend",
        "marts.negotiation_rounds",
    } <= objects
    assert not any(name.startswith("main_") for name in objects)


def test_build_on_empty_tables(tmp_path):
    warehouse = tmp_path / "empty.duckdb"
    with connect(warehouse) as conn:
        ensure_schema(conn)
    run_dbt(["build"], warehouse, tmp_path)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        for table in MARTS:
            assert conn.sql(f"select count(*) from {table}").fetchone()[0] == 0


def test_column_rules_name_every_broken_rule(tmp_path):
    """One `column_rules` test per model checks what the per-column dbt tests checked: rows that
    break the contract (a writer bypassing orchestration.warehouse's constraints) fail the build,
    and the test's query names each broken rule with its number of rows."""
    warehouse = tmp_path / "broken.duckdb"
    fill_warehouse(warehouse)
    with connect(warehouse) as conn:
        for table in ("extracted.casualty_facts", "extracted.negotiation_events"):
            conn.execute(f"create or replace table {table} as select * from {table}")  # no constraints
        conn.execute("update extracted.casualty_facts set metric = null where fact_id = 'c01'")
        conn.execute("update extracted.casualty_facts set region = 'mars' where fact_id in ('c02', 'c03')")
        conn.execute("update extracted.casualty_facts set fact_id = 'c05' where fact_id = 'c04'")
        conn.execute("update extracted.negotiation_events set mediators = ['Qatar', 'Atlantis'] where event_id = 'e01'")
        conn.execute("update extracted.negotiation_events set parties = ['Israel', null] where event_id = 'e02'")
    result = run_dbt(["build", "--select", "staging"], warehouse, tmp_path, check=False)
    assert result.returncode == 1
    assert "Failure in test column_rules_stg_casualty_facts" in result.stdout
    assert "Failure in test column_rules_stg_negotiation_events" in result.stdout
    assert "Failure in test column_rules_stg_articles" not in result.stdout
    compiled = {p.stem: p.read_text() for p in (tmp_path / "target" / "compiled").rglob("column_rules_*.sql")}
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        broken = {name: dict(conn.sql(compiled[name]).fetchall())
                  for name in ("column_rules_stg_casualty_facts", "column_rules_stg_negotiation_events", "column_rules_stg_articles")}
    assert broken["column_rules_stg_casualty_facts"] == {
        "metric is null": 1,
        "fact_id is not unique": 1,
        "region is not an accepted value": 2,
    }
    assert broken["column_rules_stg_negotiation_events"] == {
        "mediators has an element that is not an accepted value": 1,
        "parties has an element that is not an accepted value": 1,
    }
    assert broken["column_rules_stg_articles"] == {}


def test_row_conditions_catch_a_circular_gap(built, tmp_path):
    """The mart's row conditions name the row that shows a gap where every report was dated from
    the series, and a fact list that does not match its count."""
    warehouse = tmp_path / built["warehouse"].name  # same file stem: the compiled test names it
    shutil.copy(built["warehouse"], warehouse)
    with duckdb.connect(str(warehouse)) as conn:
        conn.execute("update marts.casualty_trend set reference_gap = 0 where fact_ids = ['c01']")
        conn.execute("update marts.casualty_trend set fact_ids = ['c03'] where fact_ids = ['c03', 'c04']")
    compiled = next((built["work_dir"] / "target" / "compiled").rglob("column_rules_casualty_trend.sql")).read_text()
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        broken = dict(conn.sql(compiled).fetchall())
    assert broken == {
        "not always true: len(fact_ids) = n_reports": 1,
        "not always true: (reference_gap is null) = (reference_value is null or "
        "n_reports_dated_from_reference = n_reports)": 1,
        # the gap is no longer the independent figure's distance from the series
        "not always true: reference_gap is null or reference_gap = independent_value - reference_value": 1,
    }


def test_a_parse_cache_serves_every_warehouse_of_the_same_name(tmp_path):
    """dbt keys its parse cache by the profile, which holds the warehouse path; the project re-keys
    the cache of a warehouse of the same name (the same dbt database) so that a new file skips
    the full parse. The hash must be the one dbt computes, or dbt parses everything again."""
    from types import SimpleNamespace

    import msgpack
    from dagster_dbt import DbtProject

    from orchestration.dbt.project import dbt_credentials, keep_partial_parse, profile_hash, seed_partial_parse

    project = DbtProject(project_dir=DBT_PROJECT, target_path=tmp_path / "kept")
    first, second = tmp_path / "a" / "warehouse.duckdb", tmp_path / "b" / "warehouse.duckdb"
    parsed = run_dbt(["parse"], first, tmp_path / "a")
    assert "Unable to do partial parsing" in parsed.stdout  # nothing cached yet
    cache = msgpack.unpackb((tmp_path / "a" / "target" / "partial_parse.msgpack").read_bytes(), strict_map_key=False)
    assert cache["state_check"]["profile_hash"]["checksum"] == profile_hash(dbt_credentials(project, str(first)))

    keep_partial_parse(SimpleNamespace(target_path=tmp_path / "a" / "target"), project, str(first))
    assert seed_partial_parse(project, str(second), tmp_path / "b" / "target")
    reparsed = run_dbt(["parse"], second, tmp_path / "b")
    assert "Unable to do partial parsing" not in reparsed.stdout
    assert "Partial parsing enabled" in (tmp_path / "b" / "logs" / "dbt.log").read_text()
