"""Chart geometry from suppressed tables; the SVG itself is drawn by the report template.

Charts only ever see :class:`review.disclosure.Table` cells, so a hidden number cannot reach
a bar length: hidden cells are drawn as a marker with no length.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from review.disclosure import Table, TableRow

# calm, print-safe colours that stay distinct in greyscale; dashes separate lines without colour
PALETTE = ("#2f6f8f", "#c9843b", "#6b8f4e", "#8a5a8c", "#5f6b73", "#b5524b")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
LABEL_WIDTH = 230
ROW_GAP = 10
BAR_HEIGHT = 14
PLOT_WIDTH = 420
LINE_HEIGHT = 240
MAX_LABEL = 34


@dataclass(frozen=True, slots=True)
class Tick:
    """A gridline at ``pos`` (pixels along the value axis) labelled ``text``."""

    pos: float
    text: str


@dataclass(frozen=True, slots=True)
class Series:
    """A legend entry: name, colour and dash pattern."""

    name: str
    colour: str
    dash: str


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar; a hidden bar has zero width and shows the marker instead of a length."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    text: str
    hidden: bool
    aria: str


@dataclass(frozen=True, slots=True)
class AxisLabel:
    """A category label on a chart axis; ``full`` goes in a tooltip when ``text`` is cut."""

    x: float
    y: float
    text: str
    full: str


@dataclass(frozen=True, slots=True)
class BarChart:
    """A horizontal (optionally grouped) bar chart."""

    key: str
    title: str
    desc: str
    width: float
    height: float
    plot_x: float
    plot_bottom: float
    series: tuple[Series, ...]
    labels: tuple[AxisLabel, ...]
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


@dataclass(frozen=True, slots=True)
class Point:
    """A plotted value on a line chart."""

    x: float
    y: float
    aria: str


@dataclass(frozen=True, slots=True)
class Line:
    """One series: SVG path data (gaps where values are hidden) and its points."""

    series: Series
    path: str
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class LineChart:
    """Counts per period for a few themes."""

    key: str
    title: str
    desc: str
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    labels: tuple[AxisLabel, ...]
    lines: tuple[Line, ...]
    ticks: tuple[Tick, ...]


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    """Cut a label to fit beside a bar, marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _series(index: int, name: str) -> Series:
    """The legend entry for the ``index``-th series: palette and dash cycle together."""
    return Series(name, PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)])


def _largest(rows: Sequence[TableRow]) -> int:
    """The largest shown value in ``rows`` (hidden cells count as 0, so they set no scale)."""
    return max((c.value or 0 for r in rows for c in r.cells), default=0)


def nice_ticks(top: int, span: float, count: int = 5) -> tuple[float, list[Tick]]:
    """A rounded axis maximum and evenly spaced ticks over ``span`` pixels."""
    if top <= 0:
        return 1.0, [Tick(0.0, "0")]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    maximum = step * math.ceil(top / step)
    ticks = [Tick(span * v / maximum, f"{v:,}") for v in range(0, maximum + 1, step)]
    return float(maximum), ticks


def bar_chart(table: Table, *, title: str, desc: str, max_rows: int = 10) -> BarChart:
    """Bars for each row of ``table``, one bar per column (the series)."""
    rows = table.rows[:max_rows]
    n_series = len(table.columns)
    series = tuple(_series(i, name) for i, name in enumerate(table.columns))
    maximum, ticks = nice_ticks(_largest(rows), PLOT_WIDTH)
    group = n_series * BAR_HEIGHT + ROW_GAP
    top_pad = 10.0
    bars: list[Bar] = []
    labels: list[AxisLabel] = []
    for i, row in enumerate(rows):
        y0 = top_pad + i * group
        labels.append(
            AxisLabel(
                LABEL_WIDTH - 8, y0 + n_series * BAR_HEIGHT / 2, shorten(row.label), row.label
            )
        )
        for j, cell in enumerate(row.cells):
            width = 0.0 if cell.value is None else PLOT_WIDTH * cell.value / maximum
            bars.append(
                Bar(
                    x=LABEL_WIDTH,
                    y=y0 + j * BAR_HEIGHT,
                    width=width,
                    height=BAR_HEIGHT - 2,
                    colour=series[j].colour,
                    text=cell.text,
                    hidden=cell.hidden,
                    aria=f"{row.label}, {table.columns[j]}: {cell.text}",
                )
            )
    plot_bottom = top_pad + len(rows) * group
    return BarChart(
        key=table.key,
        title=title,
        desc=desc,
        width=LABEL_WIDTH + PLOT_WIDTH + 60,
        height=plot_bottom + 30,
        plot_x=LABEL_WIDTH,
        plot_bottom=plot_bottom,
        series=series,
        labels=tuple(labels),
        bars=tuple(bars),
        ticks=tuple(ticks),
    )


def line_chart(table: Table, *, title: str, desc: str, max_lines: int = 5) -> LineChart:
    """One line per row of ``table`` across its columns (the periods)."""
    rows = table.rows[:max_lines]
    left, right, top_y, bottom = 50.0, 50.0 + PLOT_WIDTH + LABEL_WIDTH - 50, 15.0, LINE_HEIGHT
    n = len(table.columns)
    step = (right - left) / max(n - 1, 1)
    maximum, ticks = nice_ticks(_largest(rows), bottom - top_y)
    ticks = [Tick(bottom - t.pos, t.text) for t in ticks]
    every = max(1, math.ceil(n / 12))  # keep period labels legible on long spans
    labels = tuple(
        AxisLabel(left + k * step, bottom + 16, name, name)
        for k, name in enumerate(table.columns)
        if k % every == 0
    )
    lines: list[Line] = []
    for i, row in enumerate(rows):
        series = _series(i, row.label)
        parts: list[str] = []
        points: list[Point] = []
        pen_down = False
        for k, cell in enumerate(row.cells):
            if cell.value is None:
                pen_down = False  # a hidden value breaks the line rather than guessing it
                continue
            x = left + k * step
            y = bottom - (bottom - top_y) * cell.value / maximum
            parts.append(f"{'L' if pen_down else 'M'}{x:.1f} {y:.1f}")
            pen_down = True
            points.append(Point(x, y, f"{row.label}, {table.columns[k]}: {cell.text}"))
        lines.append(Line(series, " ".join(parts), tuple(points)))
    return LineChart(
        key=table.key,
        title=title,
        desc=desc,
        width=right + 30,
        height=bottom + 30,
        plot_left=left,
        plot_right=right,
        plot_top=top_y,
        plot_bottom=bottom,
        labels=labels,
        lines=tuple(lines),
        ticks=tuple(ticks),
    )
