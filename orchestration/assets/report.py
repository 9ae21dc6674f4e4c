"""Report: charts of the casualty and hostage trends, written to PNG files under the reports
folder and shown in the Dagster UI.

The assets only read the marts and hand plain frames to the drawing code in
orchestration/reporting/charts.py, which imports matplotlib when it draws (loading the code
location does not pay for it).
"""

import base64
import threading
from pathlib import Path

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from orchestration import settings
from orchestration.failpoints import failpoint
from orchestration.progress import report
from orchestration.reporting import charts
from orchestration.resources import WarehouseResource

VICTIM_GROUP = "all"
"""The casualty chart draws the totals; the breakdowns by victim group stay in the mart."""

MOH_SOURCE = (
    "the Gaza Ministry of Health (a few days of Oct-Nov 2023 by the Government Media Office), from "
    "TechForPalestine/palestine-datasets casualties_daily.json (reference.gaza_moh_daily; see "
    "dbt_project/seeds/gaza_moh_daily.SOURCE.md)"
)
"""Where the reference series comes from, as dbt_project/seeds/gaza_moh_daily.SOURCE.md tells it."""

CASUALTY_QUERY = """
    select as_of, region, metric, value, is_revision, is_implausible, article_ids
    from marts.casualty_trend
    where victim_group = ?
    order by region, metric, as_of
"""

BEST_ESTIMATE_QUERY = """
    select as_of, region, metric, value, is_revision
    from marts.casualty_best_estimate
    where victim_group = ?
    order by region, metric, as_of
"""

# The seed's columns of the whole of Gaza, as casualty metrics. Days marked 'missing' only carry
# the last figures forward: they are no report. UNPIVOT leaves out blank (null) cells.
REFERENCE_QUERY = """
    select report_date, metric, value
    from (
        unpivot (
            select report_date, killed_cum as killed, injured_cum as injured, famine_cum as starvation_deaths
            from reference.gaza_moh_daily
            where report_source is distinct from 'missing'
        )
        on killed, injured, starvation_deaths
        into name metric value value
    )
    order by metric, report_date
"""

HOSTAGE_QUERY = """
    select as_of, status, hostage_group, value, article_ids
    from marts.hostage_trend
    order by status, hostage_group, as_of
"""


def chart_path() -> Path:
    """The casualty chart's file."""
    return settings.reports_dir() / "casualty_trend.png"


def hostage_chart_path() -> Path:
    return settings.reports_dir() / "hostage_trend.png"


def chart_paths() -> list[Path]:
    """Every chart file the report assets write."""
    return [chart_path(), hostage_chart_path()]


def load_matplotlib_meanwhile() -> None:
    """Import what drawing needs (about 0.7 s) in a background thread. The dbt step calls this
    when it has started dbt, whose build it then only waits for; the charts come next."""
    threading.Thread(target=_import_matplotlib, name="load-matplotlib", daemon=True).start()


def _import_matplotlib() -> None:
    import matplotlib.backends.backend_agg  # noqa: F401  (PNG output)
    import matplotlib.dates  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import matplotlib.ticker  # noqa: F401


def _metadata(summary: charts.ChartSummary, name: str) -> dict:
    """The file, the counts of what was drawn, and the picture itself for the UI."""
    encoded = base64.b64encode(summary.path.read_bytes()).decode()
    return {
        "path": MetadataValue.path(str(summary.path)),
        "dagster/row_count": summary.points,
        "panels": summary.panels,
        "articles": summary.articles,
        **{f"{kind}_points": count for kind, count in summary.points_by_kind.items() if kind != "reported"},
        "chart": MetadataValue.md(f"![{name}](data:image/png;base64,{encoded})"),
    }


def _warehouse_name(warehouse: WarehouseResource) -> str:
    return Path(warehouse.database).name


@asset(
    key=["report", "casualty_trend_chart"],
    deps=[["marts", "casualty_trend"], ["marts", "casualty_best_estimate"], ["reference", "gaza_moh_daily"]],
    group_name="report",
    description=(
        "Small multiples of the casualty trend (victim group all), one panel per region and metric: the best "
        "estimate (`marts.casualty_best_estimate`) as a line with revisions marked, the rows of `marts.casualty_trend` "
        "flagged implausible as red crosses, and the whole Gaza MoH daily series as a line in the Gaza panels; written to "
        "`<reports>/casualty_trend.png`. `dagster/row_count` is the number of mart rows drawn."
    ),
)
def casualty_trend_chart(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    with warehouse.get_connection(read_only=True) as conn:
        trend = conn.execute(CASUALTY_QUERY, [VICTIM_GROUP]).pl()
        best_estimate = conn.execute(BEST_ESTIMATE_QUERY, [VICTIM_GROUP]).pl()
        reference = conn.execute(REFERENCE_QUERY).pl()
    summary = charts.draw_casualty_chart(
        trend,
        reference,
        chart_path(),
        articles_source=f"the warehouse (marts.casualty_trend of {_warehouse_name(warehouse)})",
        reference_source=MOH_SOURCE,
        victim_group=VICTIM_GROUP,
        best_estimate=best_estimate,
    )
    report(context, f"report: {chart_path()} ({trend.height:,} points)")
    failpoint("report.between_charts")
    return MaterializeResult(metadata=_metadata(summary, "casualty trend"))


@asset(
    key=["report", "hostage_trend_chart"],
    deps=[["marts", "hostage_trend"]],
    group_name="report",
    description=(
        "Small multiples of `marts.hostage_trend`, one panel per hostage status and one line per hostage group; "
        "written to `<reports>/hostage_trend.png`. `dagster/row_count` is the number of mart rows drawn."
    ),
)
def hostage_trend_chart(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    with warehouse.get_connection(read_only=True) as conn:
        trend = conn.execute(HOSTAGE_QUERY).pl()
    summary = charts.draw_hostage_chart(
        trend, hostage_chart_path(), articles_source=f"the warehouse (marts.hostage_trend of {_warehouse_name(warehouse)})"
    )
    report(context, f"report: {hostage_chart_path()} ({trend.height:,} points)")
    return MaterializeResult(metadata=_metadata(summary, "hostage trend"))


report_assets = [casualty_trend_chart, hostage_trend_chart]
"""Every report asset, as the code location registers them."""
