"""The report charts: the pure drawing code (orchestration/reporting/charts.py) and the two
report assets materialized against a small DuckDB file."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date, timedelta

import duckdb
import polars as pl
import pytest

from orchestration.reporting import charts
from orchestration.settings import PROJECT_ROOT, REFERENCE_SERIES_CSV

D0 = date(2024, 1, 1)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def casualty_trend(rows: list[tuple]) -> pl.DataFrame:
    """rows: (day offset, region, metric, value, is_revision, article ids[, is_implausible])."""
    return pl.DataFrame(
        [(day(n), region, metric, value, revision, ids, *(flagged or [False])) for n, region, metric, value, revision, ids, *flagged in rows],
        schema={
            "as_of": pl.Date, "region": pl.String, "metric": pl.String, "value": pl.Int64, "is_revision": pl.Boolean,
            "article_ids": pl.List(pl.String), "is_implausible": pl.Boolean,
        },
        orient="row",
    )


def best_estimate(rows: list[tuple]) -> pl.DataFrame:
    """rows: (day offset, region, metric, value, is_revision), as marts.casualty_best_estimate has them."""
    return pl.DataFrame(
        [(day(n), region, metric, value, revision) for n, region, metric, value, revision in rows],
        schema={"as_of": pl.Date, "region": pl.String, "metric": pl.String, "value": pl.Int64, "is_revision": pl.Boolean},
        orient="row",
    )


def moh_reference(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        [(day(n), metric, value) for n, metric, value in rows],
        schema={"report_date": pl.Date, "metric": pl.String, "value": pl.Int64},
        orient="row",
    )


def hostage_trend(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        [(day(n), status, group, value, ids) for n, status, group, value, ids in rows],
        schema={"as_of": pl.Date, "status": pl.String, "hostage_group": pl.String, "value": pl.Int64, "article_ids": pl.List(pl.String)},
        orient="row",
    )


CASUALTIES = casualty_trend(
    [
        (0, "gaza", "killed", 20_000, False, ["a1"]),
        (10, "gaza", "killed", 19_500, True, ["a2"]),
        (50, "gaza", "killed", 45, True, ["a5"], True),  # a period figure read as the toll: flagged
        (100, "gaza", "killed", 30_000, False, ["a3", "a1"]),
        (5, "israel", "killed", 1_200, False, ["a4"]),
        (30, "gaza", "missing", 7_000, False, ["a2"]),
    ]
)
BEST = best_estimate(  # the trend without the flagged row, as the mart has it
    [
        (0, "gaza", "killed", 20_000, False),
        (10, "gaza", "killed", 19_500, True),
        (100, "gaza", "killed", 30_000, False),
        (5, "israel", "killed", 1_200, False),
        (30, "gaza", "missing", 7_000, False),
    ]
)
REFERENCE = moh_reference(
    [
        (-200, "killed", 5_000),  # long before the first article: drawn too (the whole series)
        (0, "killed", 20_100),
        (50, "killed", 25_000),
        (100, "killed", 30_100),
        (50, "injured", 60_000),
    ]
)


# -- gaps ----------------------------------------------------------------------------------------


def test_split_at_gaps_breaks_only_where_points_are_more_than_45_days_apart():
    points = [(day(100), 4), (day(0), 1), (day(10), 2), (day(56), 3)]  # out of order on purpose
    assert charts.split_at_gaps(points) == [[(day(0), 1), (day(10), 2)], [(day(56), 3), (day(100), 4)]]


def test_split_at_gaps_joins_a_gap_of_exactly_the_limit_and_splits_one_day_more():
    assert len(charts.split_at_gaps([(day(0), 1), (day(45), 2)])) == 1
    assert charts.split_at_gaps([(day(0), 1), (day(46), 2)]) == [[(day(0), 1)], [(day(46), 2)]]
    assert charts.split_at_gaps([(day(0), 1), (day(20), 2)], max_gap_days=10) == [[(day(0), 1)], [(day(20), 2)]]


def test_split_at_gaps_of_nothing_is_nothing():
    assert charts.split_at_gaps([]) == []


def test_broken_line_lifts_the_pen_between_segments():
    xs, ys = charts.broken_line([[(day(0), 1), (day(1), 2)], [(day(90), 3)]])
    assert xs == [day(0), day(1), day(1), day(90)]
    assert ys[:2] == [1.0, 2.0] and math.isnan(ys[2]) and ys[3] == 3.0


# -- axis labels ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (950, "950"), (12_345, "12,345"), (1_000_000.0, "1,000,000"), (-1_500, "-1,500"), (2.5, "2.5"), (2_999.9999999, "3,000")],
)
def test_thousands_separates_thousands(value, text):
    assert charts.thousands(value) == text


def test_every_contract_value_has_a_label_and_a_place():
    labels = charts._labels()
    assert list(labels["region"]) == ["gaza", "israel", "west_bank", "lebanon", "other"]
    assert set(labels["metric"]) == {"killed", "injured", "missing", "displaced", "starvation_deaths"}
    assert set(labels["status"]) == {"taken", "held", "released", "dead", "to_be_released"}
    assert set(labels["hostage_group"]) == {"all", "women_children", "other"}
    assert charts.label("region", "west_bank") == "West Bank"
    assert charts.label("region", "mars_colony") == "mars colony"  # unknown values keep their name
    assert charts.vocabulary_rank("region", "mars_colony") > charts.vocabulary_rank("region", "other")


# -- panels --------------------------------------------------------------------------------------


def test_casualty_panels_one_per_region_and_metric_in_contract_order():
    panels = charts.casualty_panels(CASUALTIES, REFERENCE, BEST)
    assert [p.title for p in panels] == ["Gaza: killed", "Gaza: missing", "Israel: killed"]


def test_gaza_killed_panel_holds_the_estimate_revisions_flagged_points_and_the_whole_reference():
    gaza_killed = charts.casualty_panels(CASUALTIES, REFERENCE, BEST)[0]
    layers = {layer.kind: layer for layer in gaza_killed.layers}
    assert list(layers) == ["estimate", "revision", "implausible", "reference"]
    assert layers["estimate"].points == ((day(0), 20_000), (day(10), 19_500), (day(100), 30_000))  # no 45
    assert layers["revision"].points == ((day(10), 19_500),)
    assert layers["implausible"].points == ((day(50), 45),)
    # every report of the series, also those long before or between the articles
    assert layers["reference"].points == ((day(-200), 5_000), (day(0), 20_100), (day(50), 25_000), (day(100), 30_100))


def test_without_a_best_estimate_frame_the_unflagged_trend_rows_are_the_estimate():
    derived = charts.casualty_panels(CASUALTIES, REFERENCE)
    assert derived == charts.casualty_panels(CASUALTIES, REFERENCE, BEST)
    # a trend from before the flag (no is_implausible column) draws every row
    old = charts.casualty_panels(CASUALTIES.drop("is_implausible"), REFERENCE)
    assert [layer.kind for layer in old[0].layers] == ["estimate", "revision", "reference"]
    assert len(old[0].layers[0].points) == 4


def test_reference_only_in_gaza_panels_of_a_metric_it_reports():
    panels = {p.title: p for p in charts.casualty_panels(CASUALTIES, REFERENCE, BEST)}
    assert [layer.kind for layer in panels["Gaza: missing"].layers] == ["estimate"]
    assert [layer.kind for layer in panels["Israel: killed"].layers] == ["estimate"]


def test_hostage_panels_every_status_one_line_per_group():
    trend = hostage_trend(
        [
            (0, "held", "all", 240, ["h1"]),
            (60, "held", "all", 130, ["h2"]),
            (0, "held", "women_children", 100, ["h1"]),
            (3, "released", "all", 4, ["h3"]),
        ]
    )
    panels = charts.hostage_panels(trend)
    assert [p.title for p in panels] == ["held", "released", "dead", "taken", "to be released"]
    held = panels[0]
    assert [(layer.label, len(layer.points)) for layer in held.layers] == [("all hostages", 2), ("women and children", 1)]
    assert held.layers[0].color != held.layers[1].color
    assert panels[2].is_empty() and not panels[1].is_empty()


def test_no_rows_no_panels():
    assert charts.casualty_panels(CASUALTIES.clear(), REFERENCE) == []
    assert charts.hostage_panels(hostage_trend([])) == []


# -- drawing -------------------------------------------------------------------------------------


def test_revisions_are_their_own_artist_and_named_in_the_legend():
    fig = charts.render(charts.casualty_panels(CASUALTIES, REFERENCE, BEST), "title", "caption")
    gaza_killed = fig.axes[0]
    revisions = [c for c in gaza_killed.collections if c.get_gid() == "revision"]
    assert len(revisions) == 1 and len(revisions[0].get_offsets()) == 1
    assert revisions[0].get_offsets()[0][1] == 19_500
    legend = fig.subfigs[0].legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [
        charts.ESTIMATE_LABEL,
        "Gaza Ministry of Health daily report",
        "revision: lower than the figure before it",
        charts.IMPLAUSIBLE_LABEL,
    ]


def test_flagged_points_are_red_crosses_off_the_line():
    from matplotlib.colors import to_hex

    fig = charts.render(charts.casualty_panels(CASUALTIES, REFERENCE, BEST), "title", "caption")
    gaza_killed = fig.axes[0]
    (crosses,) = [c for c in gaza_killed.collections if c.get_gid() == "implausible"]
    assert [tuple(map(float, xy)) for xy in crosses.get_offsets()][0][1] == 45
    assert len(crosses.get_offsets()) == 1
    assert {to_hex(c) for c in crosses.get_edgecolors()} | {to_hex(c) for c in crosses.get_facecolors()} == {"#d62728"}
    assert charts.LAYER_KINDS["implausible"].style["marker"] == "x"
    # the line of the estimate does not go down to the flagged figure: no plunge
    (estimate,) = [line for line in gaza_killed.lines if line.get_gid() == "estimate"]
    assert min(y for y in estimate.get_ydata() if not math.isnan(y)) == 19_500


def test_the_estimate_line_breaks_at_the_gap_and_the_whole_reference_line_does_not():
    from matplotlib import dates

    fig = charts.render(charts.casualty_panels(CASUALTIES, REFERENCE, BEST), "title", "caption")
    lines = {line.get_gid(): line for line in fig.axes[0].lines}
    estimate = list(lines["estimate"].get_ydata())
    assert len(estimate) == 4 and math.isnan(estimate[2])  # days 0, 10 | 100 are 90 days apart
    reference = lines["reference"]
    assert list(reference.get_ydata()) == [5_000, 20_100, 25_000, 30_100] and not any(math.isnan(y) for y in reference.get_ydata())
    # the date axis shows the whole series, from its first report on
    low, high = fig.axes[0].get_xlim()
    assert dates.num2date(low).date() <= day(-200) and dates.num2date(high).date() >= day(100)


def test_panels_share_dates_and_label_people_with_thousands():
    fig = charts.render(charts.casualty_panels(CASUALTIES, REFERENCE, BEST), "title", "caption")
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 3
    assert len({ax.get_xlim() for ax in axes}) == 1
    assert axes[0].yaxis.get_major_formatter()(25_000, 0) == "25,000"


def test_no_panels_draw_one_that_says_no_figures_yet(tmp_path):
    fig = charts.render([], "title", "caption")
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 1
    assert [t.get_text() for t in visible[0].texts] == ["no figures yet"]


def test_draw_casualty_chart_writes_a_png_and_counts_what_it_drew(tmp_path):
    path = tmp_path / "out" / "casualties.png"
    summary = charts.draw_casualty_chart(CASUALTIES, REFERENCE, path, articles_source="w", reference_source="r", best_estimate=BEST)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (summary.points, summary.articles, summary.panels) == (6, 5, 3)  # 5 estimated and 1 flagged figure
    assert summary.points_by_kind == {"estimate": 5, "implausible": 1, "revision": 1, "reference": 4}
    assert list(path.parent.iterdir()) == [path]  # no partial file left behind


def test_empty_marts_draw_a_chart_not_a_crash(tmp_path):
    casualties = charts.draw_casualty_chart(CASUALTIES.clear(), REFERENCE, tmp_path / "c.png", articles_source="w", reference_source="r")
    hostages = charts.draw_hostage_chart(hostage_trend([]), tmp_path / "h.png", articles_source="w")
    for summary in (casualties, hostages):
        assert summary.path.read_bytes()[:4] == b"\x89PNG"
        assert (summary.points, summary.panels, summary.articles) == (0, 0, 0)


# -- sources and import cost ---------------------------------------------------------------------


def test_the_caption_names_the_reference_as_its_source_file_does():
    from orchestration.assets.report import MOH_SOURCE

    source_md = REFERENCE_SERIES_CSV.with_name("gaza_moh_daily.SOURCE.md")
    for name in ("TechForPalestine/palestine-datasets", "casualties_daily.json"):
        assert name in MOH_SOURCE and name in source_md.read_text(encoding="utf-8")
    assert str(source_md.relative_to(PROJECT_ROOT)) in MOH_SOURCE


def test_loading_the_report_assets_does_not_import_matplotlib():
    code = "import sys, orchestration.assets.report; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT).returncode == 0


# -- the assets ----------------------------------------------------------------------------------


def build_warehouse(path, with_rows: bool) -> None:
    """The three tables the report reads, with the mart columns the charts use."""
    conn = duckdb.connect(str(path))
    conn.execute("create schema marts; create schema reference")
    conn.execute(
        "create table marts.casualty_trend (as_of date, region varchar, metric varchar, victim_group varchar, value bigint, is_revision boolean, "
        "is_implausible boolean, article_ids varchar[])"
    )
    conn.execute(
        "create table marts.casualty_best_estimate (as_of date, region varchar, metric varchar, victim_group varchar, value bigint, is_revision boolean)"
    )
    conn.execute("create table marts.hostage_trend (as_of date, status varchar, hostage_group varchar, value bigint, article_ids varchar[])")
    conn.execute(
        "create table reference.gaza_moh_daily (report_date date, killed_cum integer, injured_cum integer, children_killed_cum integer, "
        "women_killed_cum integer, famine_cum integer, child_famine_cum integer, report_source varchar)"
    )
    if with_rows:
        conn.execute(
            """insert into marts.casualty_trend values
            ('2024-01-01', 'gaza', 'killed', 'all', 22000, false, false, ['a1']),
            ('2024-01-03', 'gaza', 'killed', 'all', 40, true, true, ['a4']),
            ('2024-01-05', 'gaza', 'killed', 'all', 21900, false, false, ['a2']),
            ('2024-01-05', 'gaza', 'killed', 'children', 9000, false, false, ['a2']),
            ('2024-03-01', 'lebanon', 'killed', 'all', 230, false, false, ['a3'])"""
        )
        conn.execute(
            """insert into marts.casualty_best_estimate values
            ('2024-01-01', 'gaza', 'killed', 'all', 22000, false),
            ('2024-01-05', 'gaza', 'killed', 'all', 21900, true),
            ('2024-01-05', 'gaza', 'killed', 'children', 9000, false),
            ('2024-03-01', 'lebanon', 'killed', 'all', 230, false)"""
        )
        conn.execute(
            """insert into reference.gaza_moh_daily values
            ('2023-01-01', 1, 2, null, null, null, null, 'mohtel'),
            ('2024-01-01', 22100, 57000, null, null, null, null, 'mohtel'),
            ('2024-01-02', 22100, 57000, null, null, null, null, 'missing'),
            ('2024-01-03', 22300, 57500, 9100, null, 3, null, 'gmotel')"""
        )
        conn.execute(
            """insert into marts.hostage_trend values
            ('2024-01-01', 'held', 'all', 136, ['a1']),
            ('2024-01-05', 'released', 'all', 105, ['a2', 'a3'])"""
        )
    conn.close()


@pytest.mark.parametrize("with_rows", [True, False], ids=["figures", "empty_marts"])
def test_the_report_assets_write_both_charts_and_show_them(tmp_path, monkeypatch, with_rows):
    from dagster import AssetKey, materialize

    from orchestration.assets.report import chart_path, chart_paths, report_assets
    from orchestration.resources import WarehouseResource

    monkeypatch.setenv("CEASEFIRE_REPORTS_DIR", str(tmp_path / "reports"))
    database = tmp_path / "warehouse.duckdb"
    build_warehouse(database, with_rows)
    result = materialize(report_assets, resources={"warehouse": WarehouseResource(database=str(database))})
    assert result.success
    assert chart_paths() == [tmp_path / "reports" / "casualty_trend.png", tmp_path / "reports" / "hostage_trend.png"]
    assert chart_path() == chart_paths()[0]
    for path in chart_paths():
        assert path.read_bytes()[:4] == b"\x89PNG"
    metadata = {m.asset_key: m.metadata for m in result.get_asset_materialization_events() for m in [m.materialization]}
    casualties = metadata[AssetKey(["report", "casualty_trend_chart"])]
    hostages = metadata[AssetKey(["report", "hostage_trend_chart"])]
    assert casualties["chart"].value.startswith("![casualty trend](data:image/png;base64,iVBOR")
    assert hostages["chart"].value.startswith("![hostage trend](data:image/png;base64,iVBOR")
    assert casualties["path"].value == str(chart_paths()[0])
    if with_rows:
        # victim group all only: 3 rows of the estimate and 1 flagged; every MoH day with a report ('missing' is none)
        keys = ("dagster/row_count", "panels", "articles", "estimate_points", "implausible_points", "revision_points", "reference_points")
        assert {k: casualties[k].value for k in keys} == {
            "dagster/row_count": 4,
            "panels": 2,
            "articles": 4,
            "estimate_points": 3,
            "implausible_points": 1,
            "revision_points": 1,  # the estimate's own: 21,900 after 22,000 (the 40 left out)
            "reference_points": 3,
        }
        assert {k: v.value for k, v in hostages.items() if k not in ("chart", "path")} == {"dagster/row_count": 2, "panels": 5, "articles": 3}
    else:
        assert casualties["dagster/row_count"].value == 0 and hostages["dagster/row_count"].value == 0
