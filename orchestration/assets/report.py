"""Report: a chart of the casualty trend, written to a PNG and shown in the Dagster UI."""


import base64
from pathlib import Path

from dagster import MaterializeResult, MetadataValue, asset

from orchestration import settings
from orchestration.resources import WarehouseResource


def chart_path() -> Path:
    return settings.reports_dir() / "casualty_trend.png"


def draw_casualty_trend(rows: list[tuple], path: Path) -> Path:
    """rows: (as_of, region, metric, value, reference_value). One line per region/metric series.

    matplotlib is imported here, not with the module: loading the code location (`dagster dev`,
    every run) should not pay for it. A bare Figure renders with Agg and needs no pyplot state.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 5), dpi=100)
    ax = fig.subplots()
    series: dict[str, list[tuple]] = {}
    for as_of, region, metric, value, reference in rows:
        series.setdefault(f"{region} / {metric}", []).append((as_of, value, reference))
    for label, points in sorted(series.items()):
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
        refs = [(p[0], p[2]) for p in points if p[2] is not None]
        if refs and label.startswith("gaza / killed"):
            ax.scatter([r[0] for r in refs], [r[1] for r in refs], marker="x", color="black", label="MoH reference (killed)")
    ax.set_title("Cumulative casualty figures reported in articles (victim group: all)")
    ax.set_ylabel("people")
    ax.grid(alpha=0.3)
    if series:
        ax.legend(fontsize=8)
    else:
        ax.text(0.5, 0.5, "no cumulative figures yet", ha="center", transform=ax.transAxes)
    fig.autofmt_xdate()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    return path


@asset(
    key=["report", "casualty_trend_chart"],
    deps=[["marts", "casualty_trend"]],
    group_name="report",
    description="A line chart of `marts.casualty_trend` (victim group all), with the MoH reference for Gaza deaths; written to reports/casualty_trend.png.",
)
def casualty_trend_chart(warehouse: WarehouseResource) -> MaterializeResult:
    with warehouse.get_connection(read_only=True) as conn:
        rows = conn.execute(
            """
            select as_of, region, metric, value, reference_value
            from marts.casualty_trend
            where victim_group = 'all'
            order by region, metric, as_of
            """
        ).fetchall()
    path = draw_casualty_trend(rows, chart_path())
    encoded = base64.b64encode(path.read_bytes()).decode()
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(path)),
            "points": len(rows),
            "chart": MetadataValue.md(f"![casualty trend](data:image/png;base64,{encoded})"),
        }
    )


report_assets = [casualty_trend_chart]
"""Every report asset, as the code location registers them."""
