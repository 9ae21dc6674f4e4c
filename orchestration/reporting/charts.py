"""Charts of the trend marts as small multiples, written to PNG files.

Pure drawing code: the functions take polars frames and a path and know nothing of Dagster or
the warehouse (orchestration/assets/report.py reads the marts and calls them).

A chart is a list of `Panel`s (one series: a region and metric, or a hostage status), each
holding `Layer`s. A layer is one kind of series and is drawn as its `LayerKind` says:
- `reported`: the figures of the articles, a line with a marker per day, broken at gaps;
- `estimate`: the best estimate of a cumulative count (marts.casualty_best_estimate: the
  articles' figures without those flagged implausible), drawn as `reported` is;
- `reference`: an outside series (the Gaza MoH daily reports), one unbroken line, every point;
- `revision`: markers on the days a cumulative count fell;
- `implausible`: red crosses on the figures flagged implausible (marts.casualty_trend
  is_implausible), which the estimate leaves out: a misread figure shows, but the line does not
  plunge to it.
A new kind of series is one more `LayerKind` and the code that builds its layers; `render` draws
any mix of them, with one legend for the figure.

Every panel has its own y scale, so a series of dozens is as legible as one of millions, and
all panels share the date axis, so the same day sits at the same place in every panel.

matplotlib is imported inside the functions that draw: loading the code location (`dagster
dev`, every run) should not pay for it. A bare `Figure` renders with Agg and needs no pyplot.
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import polars as pl
import yaml

GAP_DAYS = 45
"""Consecutive points of a series more than this many days apart are not joined by a line."""

REFERENCE_REGION = "gaza"
"""The region whose panels carry the reference series (the Gaza MoH reports only Gaza)."""

LABELS_FILE = Path(__file__).with_name("chart_labels.yaml")

DATE_MARGIN = timedelta(days=20)
PANEL_WIDTH, PANEL_HEIGHT = 2.9, 2.3  # inches: four panels across fit a laptop screen at 100 dpi
LEGEND_COLUMNS = 4
NARROW_LEGEND_COLUMNS = 2  # figures narrower than WIDE_FIGURE inches: four entries do not fit in a row
WIDE_FIGURE = 11.0
MIN_WIDTH = 7.0  # inches: room for the title and the caption above and below a single panel
DPI = 100
CAPTION_CHARS = 185  # characters of caption per line in a figure 12 inches wide

Point = tuple[date, float]


@dataclass(frozen=True)
class LayerKind:
    """How one kind of series is drawn: as a line (`breaks_at_gaps` or not) or as bare markers."""

    name: str
    draw: str  # "line" or "markers"
    breaks_at_gaps: bool
    style: dict


LAYER_KINDS: dict[str, LayerKind] = {
    kind.name: kind
    for kind in (
        LayerKind("reported", "line", True, {"marker": "o", "markersize": 3, "linewidth": 1.4, "zorder": 3}),
        LayerKind("estimate", "line", True, {"marker": "o", "markersize": 3, "linewidth": 1.4, "zorder": 3}),
        # a thin dark line over the articles' points: it runs through them where they agree
        LayerKind("reference", "line", False, {"color": "black", "linewidth": 1.0, "zorder": 3.5}),
        LayerKind(
            "revision",
            "markers",
            False,
            {"marker": "v", "s": 40, "color": "#d62728", "edgecolors": "black", "linewidths": 0.6, "zorder": 4},
        ),
        LayerKind("implausible", "markers", False, {"marker": "x", "s": 45, "color": "#d62728", "linewidths": 1.8, "zorder": 5}),
    )
}
"""Every kind of layer, in the order the legend lists them."""


@dataclass(frozen=True)
class Layer:
    kind: str  # a key of LAYER_KINDS
    label: str  # its legend entry
    points: tuple[Point, ...]
    color: str | None = None  # overrides the kind's colour (one colour per hostage group)


@dataclass(frozen=True)
class Panel:
    title: str
    layers: tuple[Layer, ...] = ()

    def is_empty(self) -> bool:
        return not any(layer.points for layer in self.layers)


@dataclass(frozen=True)
class ChartSummary:
    """What a chart shows, for the asset's metadata."""

    path: Path
    panels: int
    articles: int
    points_by_kind: dict[str, int]

    @property
    def points(self) -> int:
        """Figures from the articles drawn (rows of the mart): reported, or estimated and flagged."""
        return sum(self.points_by_kind.get(kind, 0) for kind in ARTICLE_KINDS)


ARTICLE_KINDS = ("reported", "estimate", "implausible")
"""The kinds of layer whose points are the articles' figures (one per mart row)."""


# -- pure helpers ------------------------------------------------------------------------------


def split_at_gaps(points: Sequence[Point], max_gap_days: int = GAP_DAYS) -> list[list[Point]]:
    """The points in date order, cut into segments wherever two consecutive points are more than
    `max_gap_days` days apart; a line is drawn within a segment, never between two.

    A straight line across months with no report would show a steady trend nobody reported.
    45 days keeps a series quoted once a month as one line and breaks it at a season of silence.
    """
    segments: list[list[Point]] = []
    for point in sorted(points, key=lambda p: p[0]):
        if segments and (point[0] - segments[-1][-1][0]).days <= max_gap_days:
            segments[-1].append(point)
        else:
            segments.append([point])
    return segments


def broken_line(segments: Sequence[Sequence[Point]]) -> tuple[list[date], list[float]]:
    """One line's coordinates for several segments: a NaN between two segments lifts the pen."""
    xs: list[date] = []
    ys: list[float] = []
    for segment in segments:
        if xs:
            xs.append(xs[-1])
            ys.append(math.nan)
        xs.extend(p[0] for p in segment)
        ys.extend(float(p[1]) for p in segment)
    return xs, ys


def thousands(value: float, _position: int | None = None) -> str:
    """An axis label with thousands separators (12,345); a fraction keeps one decimal (2.5)."""
    rounded = round(value)
    if math.isclose(value, rounded, abs_tol=1e-6):
        return f"{rounded:,}"
    return f"{value:,.1f}"


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def label(vocabulary: str, value: str) -> str:
    """The display name of a contract value (chart_labels.yaml), else the value itself."""
    return _labels()[vocabulary].get(value, value.replace("_", " "))


def vocabulary_rank(vocabulary: str, value: str) -> tuple[int, str]:
    """Sort key: the order of chart_labels.yaml, values it does not list after, by name."""
    listed = list(_labels()[vocabulary])
    return (listed.index(value) if value in listed else len(listed), value)


def _points(rows: pl.DataFrame, day: str, value: str) -> tuple[Point, ...]:
    return tuple(rows.select(day, value).iter_rows())


def article_count(trend: pl.DataFrame) -> int:
    """Distinct articles behind the rows of a trend mart (its `article_ids` lists)."""
    if trend.is_empty() or "article_ids" not in trend.columns:
        return 0
    return trend["article_ids"].explode().drop_nulls().n_unique()


# -- panels ------------------------------------------------------------------------------------


ESTIMATE_LABEL = "best estimate: the largest plausible figure of the day in articles"
IMPLAUSIBLE_LABEL = "implausible figure, left out of the estimate"


def casualty_panels(trend: pl.DataFrame, reference: pl.DataFrame, best_estimate: pl.DataFrame | None = None) -> list[Panel]:
    """One panel per (region, metric) series of `trend` (as_of, region, metric, value,
    is_revision, and is_implausible when the mart has it: rows of marts.casualty_trend for one
    victim group), in the order of chart_labels.yaml. Each holds the best estimate (rows of
    `best_estimate`, marts.casualty_best_estimate: as_of, region, metric, value, is_revision),
    the days it fell (revisions), the figures flagged implausible as crosses and, in the Gaza
    panels, every report of the reference series of the same metric.

    Without `best_estimate`, the trend's rows not flagged implausible are the estimate.
    `reference`: report_date, metric, value; only days with a report (no carried-forward days).
    """
    if trend.is_empty():
        return []
    flagged = pl.col("is_implausible").fill_null(False) if "is_implausible" in trend.columns else pl.lit(False)
    if best_estimate is None:
        best_estimate = trend.filter(~flagged)
    series = sorted(
        set(trend.select("region", "metric").iter_rows()),
        key=lambda s: (vocabulary_rank("region", s[0]), vocabulary_rank("metric", s[1])),
    )
    panels = []
    for region, metric in series:
        in_series = (pl.col("region") == region) & (pl.col("metric") == metric)
        kept = best_estimate.filter(in_series).sort("as_of")
        layers = [Layer("estimate", ESTIMATE_LABEL, _points(kept, "as_of", "value"), "C0")]
        revised = kept.filter(pl.col("is_revision"))
        if not revised.is_empty():
            layers.append(Layer("revision", "revision: lower than the figure before it", _points(revised, "as_of", "value")))
        implausible = trend.filter(in_series & flagged).sort("as_of")
        if not implausible.is_empty():
            layers.append(Layer("implausible", IMPLAUSIBLE_LABEL, _points(implausible, "as_of", "value")))
        if region == REFERENCE_REGION:
            moh = reference.filter(pl.col("metric") == metric).sort("report_date")
            if not moh.is_empty():
                layers.append(Layer("reference", "Gaza Ministry of Health daily report", _points(moh, "report_date", "value")))
        panels.append(Panel(f"{label('region', region)}: {label('metric', metric)}", tuple(layers)))
    return panels


def hostage_panels(trend: pl.DataFrame) -> list[Panel]:
    """One panel per hostage status (every status of the contract, and any other found), one
    line per hostage group in a colour of its own. A status without figures keeps its panel,
    empty, so that the absence shows."""
    if trend.is_empty():
        return []
    statuses = sorted(set(_labels()["status"]) | set(trend["status"]), key=lambda s: vocabulary_rank("status", s))
    groups = sorted(set(trend["hostage_group"]), key=lambda g: vocabulary_rank("hostage_group", g))
    colours = {group: f"C{vocabulary_rank('hostage_group', group)[0] % 10}" for group in groups}
    panels = []
    for status in statuses:
        rows = trend.filter(pl.col("status") == status)
        layers = tuple(
            Layer("reported", label("hostage_group", group), _points(rows.filter(pl.col("hostage_group") == group).sort("as_of"), "as_of", "value"), colours[group])
            for group in groups
            if not rows.filter(pl.col("hostage_group") == group).is_empty()
        )
        panels.append(Panel(label("status", status), layers))
    return panels


# -- drawing -----------------------------------------------------------------------------------


def render(panels: Sequence[Panel], title: str, caption: str, columns: int = 4, empty_text: str = "no figures yet"):
    """A matplotlib Figure in three bands: the title and one legend for every panel; the panels
    in a grid on one shared date axis; the caption. No panels at all gives one panel that says
    `empty_text`. The bands are sub-figures of fixed height, so the legend and the caption never
    overlap the panels whatever their number."""
    from matplotlib.figure import Figure

    panels = list(panels) or [Panel("")]
    ncols = min(columns, len(panels))
    nrows = math.ceil(len(panels) / ncols)
    width = max(ncols * PANEL_WIDTH + 0.4, MIN_WIDTH)
    caption_lines = textwrap.wrap(caption, width=int(CAPTION_CHARS * width / 12))
    legend_columns = LEGEND_COLUMNS if width >= WIDE_FIGURE else NARROW_LEGEND_COLUMNS
    legend_rows = math.ceil(len(_legend_labels(panels)) / legend_columns)
    heights = [0.45 + 0.28 * legend_rows, nrows * PANEL_HEIGHT, 0.15 + 0.16 * len(caption_lines)]
    fig = Figure(figsize=(width, sum(heights)), dpi=DPI, layout="constrained")
    header, body, footer = fig.subfigures(3, 1, height_ratios=heights)
    axes = list(body.subplots(nrows, ncols, sharex=True, squeeze=False).flat)
    for ax, panel in zip(axes, panels):
        _draw_panel(ax, panel, empty_text)
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    if all(panel.is_empty() for panel in panels):
        axes[0].set_xticks([])  # no dates to show (the axes are shared: ticks of one are of all)
    _set_date_range(axes[0], panels)
    header.text(0.5, 0.92, title, ha="center", va="top", fontsize=12.5)
    _figure_legend(header, axes, legend_columns)
    footer.text(0.01, 0.9, "\n".join(caption_lines), fontsize=8, va="top", ha="left", color="0.25")
    return fig


def _draw_panel(ax, panel: Panel, empty_text: str) -> None:
    from matplotlib import dates, ticker

    ax.set_title(panel.title, fontsize=9.5, loc="left")
    ax.tick_params(labelsize=7.5, labelbottom=True)  # dates under every panel, not only the last row
    ax.grid(alpha=0.3, linewidth=0.6)
    if panel.is_empty():
        ax.text(0.5, 0.5, empty_text, ha="center", va="center", transform=ax.transAxes, color="0.4", fontsize=10)
        ax.set_yticks([])
        return
    for layer in panel.layers:
        _draw_layer(ax, layer)
    ax.yaxis.set_major_locator(ticker.MaxNLocator(nbins=4, integer=True))
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(thousands))
    low, high = ax.get_ylim()
    if low < 0:  # counts of people: no negative axis below a small series
        ax.set_ylim(0, high)
    locator = dates.AutoDateLocator(minticks=3, maxticks=6)
    # a yearly tick for the three years of the whole MoH series (the default monthly steps stop at 6)
    locator.intervald[dates.MONTHLY] = [1, 2, 3, 4, 6, 12]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))


def _draw_layer(ax, layer: Layer) -> None:
    """One artist per layer, its gid the layer's kind (the legend orders entries by kind)."""
    if not layer.points:
        return
    kind = LAYER_KINDS[layer.kind]
    style = dict(kind.style, **({"color": layer.color} if layer.color else {}))
    if kind.draw == "markers":
        artist = ax.scatter([p[0] for p in layer.points], [p[1] for p in layer.points], label=layer.label, **style)
    else:
        segments = split_at_gaps(layer.points) if kind.breaks_at_gaps else [sorted(layer.points)]
        xs, ys = broken_line(segments)
        (artist,) = ax.plot(xs, ys, label=layer.label, **style)
    artist.set_gid(layer.kind)


def _set_date_range(ax, panels: Sequence[Panel]) -> None:
    """Every date drawn, with a margin: the reference series is drawn whole, so the panels show
    how the articles' figures sit in it (and where the articles are silent)."""
    days = [p[0] for panel in panels for layer in panel.layers for p in layer.points]
    if days:
        ax.set_xlim(min(days) - DATE_MARGIN, max(days) + DATE_MARGIN)


def _legend_labels(panels: Sequence[Panel]) -> set[str]:
    return {layer.label for panel in panels for layer in panel.layers if layer.points}


def _figure_legend(header, axes, columns: int = LEGEND_COLUMNS) -> None:
    """One legend for the figure, under its title: every label once, in the order of LAYER_KINDS."""
    order = list(LAYER_KINDS)
    entries: dict[str, object] = {}
    for ax in axes:
        for handle, text in zip(*ax.get_legend_handles_labels()):
            entries.setdefault(text, handle)
    if entries:
        ranked = sorted(entries.items(), key=lambda item: order.index(item[1].get_gid()))
        header.legend(
            [handle for _, handle in ranked],
            [text for text, _ in ranked],
            loc="lower center",
            ncols=min(columns, len(ranked)),
            frameon=False,
            fontsize=8.5,
        )


def save(fig, path: Path) -> Path:
    """Write the PNG atomically: a reader (the UI, a browser) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fig.savefig(partial, format="png")
    os.replace(partial, path)
    return path


def _summary(path: Path, panels: Sequence[Panel], articles: int, kinds: Sequence[str]) -> ChartSummary:
    """Points drawn per kind of layer, for every kind this chart can draw (also when none is)."""
    counts = {kind: 0 for kind in kinds}
    for panel in panels:
        for layer in panel.layers:
            counts[layer.kind] += len(layer.points)
    return ChartSummary(path=path, panels=len(panels), articles=articles, points_by_kind=counts)


# -- the two charts ----------------------------------------------------------------------------

CASUALTY_KINDS = ("estimate", "implausible", "revision", "reference")
HOSTAGE_KINDS = ("reported",)


def draw_casualty_chart(
    trend: pl.DataFrame,
    reference: pl.DataFrame,
    path: Path,
    *,
    articles_source: str,
    reference_source: str,
    victim_group: str = "all",
    best_estimate: pl.DataFrame | None = None,
) -> ChartSummary:
    """The casualty chart: `casualty_panels` of `trend` (as_of, region, metric, value,
    is_revision, is_implausible, article_ids), `reference` (report_date, metric, value) and
    `best_estimate` (as_of, region, metric, value, is_revision), written to `path`. The caption
    names both sources and what was drawn from each."""
    panels = casualty_panels(trend, reference, best_estimate)
    summary = _summary(path, panels, article_count(trend), CASUALTY_KINDS)
    counts = summary.points_by_kind
    if panels:
        caption = (
            f"Sources: {summary.points:,} daily figures in {len(panels)} series (victim group {victim_group}; the largest "
            f"cumulative figure reported each day) from {summary.articles:,} articles in {articles_source}. "
            f"The line is the best estimate ({counts['estimate']:,} figures; revisions marked: {counts['revision']:,}, a count "
            f"lower than the one before, i.e. corrected, not fewer people). Red crosses: {counts['implausible']:,} figures "
            f"flagged implausible (far from the MoH series, or from the figures around them: e.g. a period figure read as a "
            f"total), left out of the estimate. The black line: all {counts['reference']:,} daily reports of {reference_source}. "
            f"Each panel has its own scale. A line breaks where two reports are more than {GAP_DAYS} days apart."
        )
    else:
        caption = f"No cumulative figures for victim group {victim_group} in {articles_source} yet."
    fig = render(panels, f"Cumulative casualty figures reported in articles (victim group: {victim_group})", caption)
    save(fig, path)
    return summary


def draw_hostage_chart(trend: pl.DataFrame, path: Path, *, articles_source: str) -> ChartSummary:
    """The hostage chart: `hostage_panels` of `trend` (as_of, status, hostage_group, value,
    article_ids), written to `path`."""
    panels = hostage_panels(trend)
    summary = _summary(path, panels, article_count(trend), HOSTAGE_KINDS)
    if panels:
        caption = (
            f"Source: {summary.points:,} daily figures from {summary.articles:,} articles in {articles_source} "
            f"(the largest figure reported for each day, status and group), {len(panels)} statuses. "
            f"Each panel has its own scale. A line breaks where two reports are more than {GAP_DAYS} days apart."
        )
    else:
        caption = f"No dated hostage figures in {articles_source} yet."
    fig = render(panels, "Hostage figures reported in articles, by status", caption, columns=3)
    save(fig, path)
    return summary
