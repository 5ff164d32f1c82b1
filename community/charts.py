"""Charts laid out on the server: the admin dashboard's activity (two daily series become
points, axis ticks and labels) and the funders' report's bars, which the templates draw as
inline SVG (no script, no style attribute: the Content-Security-Policy forbids both)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, format_number

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 36, 16, 64  # room for the value labels and the axis titles
X_LABELS = 5  # about this many dates under the axis (room for Arabic month names on a phone)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    anchor: str = "middle"  # the last date ends at the axis end rather than past the edge


@dataclass(frozen=True)
class Series:
    key: str
    points: list[tuple[float, float]]

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    series: list[Series]
    first_day: str
    last_day: str


def axis_top(highest: int) -> tuple[int, int]:
    """A round top for the value axis and its step (1, 2 or 5 times a power of ten), so that
    at most five steps reach `highest`."""
    highest = max(highest, 1)
    magnitude = 10 ** max(0, math.floor(math.log10(highest)) - 1)
    step = next(base * magnitude * scale for scale in (1, 10, 100) for base in (1, 2, 5)
                if base * magnitude * scale * 5 >= highest)
    return step * math.ceil(highest / step), step


def activity_chart(series: dict[str, list[tuple[date, int]]]) -> Chart:
    """Lay out daily series sharing the same days (`{"posts": [(day, count)], ...}`)."""
    days = [day for day, _count in next(iter(series.values()))]
    top, step = axis_top(max(count for values in series.values() for _day, count in values))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    bottom = TOP + plot_height

    def x(index: int) -> float:
        return LEFT + (plot_width * index / (len(days) - 1) if len(days) > 1 else plot_width / 2)

    def y(value: int) -> float:
        return bottom - plot_height * value / top

    every = max(1, math.ceil(len(days) / X_LABELS))
    x_ticks = [Tick(x(i), format_date(day, "d MMM"), "end" if i == len(days) - 1 else "middle")
               for i, day in enumerate(days) if (len(days) - 1 - i) % every == 0]  # today too
    y_ticks = [Tick(y(value), format_number(value)) for value in range(0, top + 1, step)]
    return Chart(width=WIDTH, height=HEIGHT, left=LEFT, right=WIDTH - RIGHT, top=TOP,
                 bottom=bottom, x_ticks=x_ticks, y_ticks=y_ticks,
                 series=[Series(key, [(x(i), y(count)) for i, (_day, count) in enumerate(values)])
                         for key, values in series.items()],
                 first_day=format_date(days[0], "long"), last_day=format_date(days[-1], "long"))


# --- Horizontal bar charts (the funders' report) --------------------------------------------

BAR_WIDTH, BAR_ROW, BAR_LABELS, BAR_VALUES = 720, 34, 260, 70  # room for names and numbers


@dataclass(frozen=True)
class Bar:
    label: str
    value_label: str
    label_x: float
    label_anchor: str
    x: float  # the bar's left edge, whichever way it grows
    width: float
    value_x: float
    value_anchor: str
    y: float  # the row's top


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    row: int
    bars: list[Bar]
    axis_x: float


def bar_chart(bars: list[tuple[str, float, str]], rtl: bool = False) -> BarChart:
    """Lay out labelled horizontal bars (`(label, value, value shown)`): labels on the
    reading side (the right in Arabic), bars growing away from them, values at their ends."""
    top = max([value for _label, value, _shown in bars] + [0]) or 1
    plot = BAR_WIDTH - BAR_LABELS - BAR_VALUES
    axis = BAR_WIDTH - BAR_LABELS if rtl else BAR_LABELS
    laid = []
    for index, (label, value, shown) in enumerate(bars):
        length = plot * value / top
        end = axis - length if rtl else axis + length
        laid.append(Bar(
            label=label, value_label=shown,
            label_x=axis + 10 if rtl else axis - 10, label_anchor="start" if rtl else "end",
            x=min(axis, end), width=length,
            value_x=end - 6 if rtl else end + 6, value_anchor="end" if rtl else "start",
            y=index * BAR_ROW))
    return BarChart(width=BAR_WIDTH, height=max(len(bars), 1) * BAR_ROW, row=BAR_ROW,
                    bars=laid, axis_x=axis)
