"""From a mart row back to its facts, and the date basis behind it, on a warehouse built from
three tiny articles by the whole job.

- `a_header.txt` is dated by its header line (2024-02-29) and rounds the toll to 30,000.
- `b_undated.txt` has no date; its Gaza toll (30,631) and wounded (72,043) are the MoH figures
  of 2024-03-05, so the pipeline dates it from the series: comparing it with the series again
  would be circular.
- `c_header.txt` is dated by its header line to the same day and says "more than 30,000".
"""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.warehouse import connect
from tests.conftest import materialize_everything

pytestmark = pytest.mark.integration

ARTICLES = {
    "a_header.txt": (
        "date 2024-02-29\n"
        "Gaza toll passes a grim mark\n\n"
        "The Gaza Health Ministry said that 30,000 Palestinians have been killed in Gaza since the war began.\n"
    ),
    "b_undated.txt": (
        "Gaza death toll rises again\n\n"
        "The Gaza Health Ministry said the death toll in Gaza has risen to 30,631 Palestinians killed, "
        "with 72,043 others wounded. Hamas is still holding 134 hostages, Israeli officials said.\n"
    ),
    "c_header.txt": (
        "date 2024-03-05\n"
        "Aid trucks wait at Rafah crossing\n\n"
        "More than 30,000 Palestinians have been killed in Gaza since the war began, the Gaza Health "
        "Ministry said. Hamas is still holding 134 hostages, Israeli officials said.\n"
    ),
}

CASUALTY_COLUMNS = """as_of, metric, value, n_reports, n_articles, fact_ids, as_of_bases, published_on_bases,
                      n_reports_dated_from_reference, reference_value, reference_gap"""


@pytest.fixture(scope="module")
def ledger_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("provenance")
    mp = pytest.MonkeyPatch()
    mp.setenv("CEASEFIRE_REPORTS_DIR", str(tmp / "reports"))
    articles_dir = tmp / "articles"
    articles_dir.mkdir()
    for name, text in ARTICLES.items():
        (articles_dir / name).write_text(text, encoding="utf-8")
    path = tmp / "warehouse.duckdb"
    result = materialize_everything(articles_dir, path)
    assert result.success
    failed = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed]
    assert not failed, failed
    yield {"path": path, "checks": {e.check_name: e for e in result.get_asset_check_evaluations()}}
    mp.undo()


@pytest.fixture(scope="module")
def warehouse(ledger_run):
    return ledger_run["path"]


def query(path, sql: str) -> list[tuple]:
    with connect(path, read_only=True) as conn:
        return conn.execute(sql).fetchall()


def fact_id(path, kind: str, file_name: str, metric_or_status: str, value: int) -> str:
    """The id of the one fact of `file_name` with this measure and value."""
    measure = "metric" if kind == "casualty" else "status"
    (found,) = query(
        path,
        f"""select f.fact_id from extracted.{kind}_facts f
            join raw.articles a using (article_id)
            where a.source_path = '{file_name}' and f.{measure} = '{metric_or_status}' and f.value = {value}""",
    )
    return found[0]


def test_articles_are_dated_as_the_story_needs(warehouse):
    rows = query(warehouse, "select source_path, published_on, published_on_basis from raw.articles order by 1")
    assert rows == [
        ("a_header.txt", date(2024, 2, 29), "header"),
        ("b_undated.txt", date(2024, 3, 5), "reference_series"),
        ("c_header.txt", date(2024, 3, 5), "header"),
    ]


def test_casualty_rows_name_their_facts_and_date_bases(warehouse):
    rows = query(
        warehouse,
        f"select {CASUALTY_COLUMNS} from marts.casualty_trend where region = 'gaza' and victim_group = 'all' order by metric, as_of",
    )
    a_killed = fact_id(warehouse, "casualty", "a_header.txt", "killed", 30000)
    b_killed = fact_id(warehouse, "casualty", "b_undated.txt", "killed", 30631)
    b_injured = fact_id(warehouse, "casualty", "b_undated.txt", "injured", 72043)
    c_killed = fact_id(warehouse, "casualty", "c_header.txt", "killed", 30000)
    assert rows == [
        # only the series-dated report: the reference is shown, the (zero) gap is not
        (date(2024, 3, 5), "injured", 72043, 1, 1, [b_injured], ["article_date"], ["reference_series"], 1, 72043, None),
        # dated by its header alone: an honest gap (30,000 against 30,035)
        (date(2024, 2, 29), "killed", 30000, 1, 1, [a_killed], ["article_date"], ["header"], 0, 30035, -35),
        # mixed: the day's value is the series-dated 30,631, but the gap is measured from the one
        # independently dated report ("more than 30,000"), not the zero of the series-dated one
        (date(2024, 3, 5), "killed", 30631, 2, 2, sorted([b_killed, c_killed]), ["article_date"],
         ["header", "reference_series"], 1, 30631, -631),
    ]


def test_fact_ids_lead_to_facts_that_give_the_row(warehouse):
    """Every fact behind a row has the row's key, the largest of their values is the row's value,
    and each leads to its figure in the article body."""
    mismatched = query(
        warehouse,
        """with behind as (
               select t.as_of, t.region, t.metric, t.victim_group, t.value, t.article_ids, unnest(t.fact_ids) as fact_id
               from marts.casualty_trend t
           )
           select behind.as_of, behind.metric
           from behind
           left join extracted.casualty_facts f using (fact_id)
           left join raw.articles a on a.article_id = f.article_id
           group by behind.as_of, behind.region, behind.metric, behind.victim_group, behind.value, behind.article_ids
           having count(f.fact_id) <> count(*)
               or bool_or(f.as_of <> behind.as_of or f.region <> behind.region
                          or f.metric <> behind.metric or f.victim_group <> behind.victim_group)
               or max(f.value) <> behind.value
               or list_sort(list_distinct(list(f.article_id))) <> behind.article_ids
               or bool_or(regexp_replace(substr(a.body, f.char_start + 1, f.char_end - f.char_start), '[^0-9]', '', 'g')
                          <> cast(f.value as varchar))""",
    )
    assert mismatched == []
    (behind,) = query(warehouse, "select count(*) from marts.casualty_trend, unnest(fact_ids)")[0]
    (facts,) = query(warehouse, "select count(*) from extracted.casualty_facts where scope = 'cumulative' and as_of is not null")[0]
    assert behind == facts == 4


def test_hostage_rows_name_their_facts_and_date_bases(warehouse):
    rows = query(
        warehouse,
        """select as_of, status, hostage_group, value, n_reports, fact_ids, as_of_bases, published_on_bases
           from marts.hostage_trend order by status, hostage_group, as_of""",
    )
    b_held = fact_id(warehouse, "hostage", "b_undated.txt", "held", 134)
    c_held = fact_id(warehouse, "hostage", "c_header.txt", "held", 134)
    assert rows == [
        (date(2024, 3, 5), "held", "all", 134, 2, sorted([b_held, c_held]), ["article_date"], ["header", "reference_series"]),
    ]


def test_gaza_rows_agree_with_the_series_and_the_check_says_so(warehouse, ledger_run):
    """The rounded "30,000" of both header-dated articles agrees with the series (30,035 on
    2024-02-29; 30,631 on 2024-03-05, 2.1 % off); the row dated from the series alone is not
    compared (it agrees by construction). The asset check on casualty_trend counts the same rows."""
    rows = query(
        warehouse,
        """select as_of, metric, independent_value, reference_low, reference_high, reference_tolerance,
                  agrees_with_reference, is_implausible, plausibility_note
           from marts.casualty_trend where region = 'gaza' order by metric, as_of""",
    )
    assert rows == [
        (date(2024, 3, 5), "injured", None, 71920, 72156, 3608, None, False, None),
        (date(2024, 2, 29), "killed", 30000, 29954, 30228, 1512, True, False, None),
        (date(2024, 3, 5), "killed", 30000, 30534, 30717, 1536, True, False, None),
    ]
    best = query(warehouse, "select as_of, metric, value, fact_ids from marts.casualty_best_estimate order by metric, as_of")
    trend = query(warehouse, "select as_of, metric, value, fact_ids from marts.casualty_trend order by metric, as_of")
    assert best == trend  # nothing flagged: the estimate is the trend
    check = ledger_run["checks"]["casualty_trend_agrees_with_reference"]
    assert check.passed and check.asset_key.path == ["marts", "casualty_trend"]
    assert {k: check.metadata[k].value for k in ("share_agreeing", "rows_agreeing", "rows_compared", "gaza_rows", "threshold")} == {
        "share_agreeing": 1.0, "rows_agreeing": 2, "rows_compared": 2, "gaza_rows": 3, "threshold": 0.8,
    }
