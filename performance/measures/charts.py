"""Plain data to Plotly figure dicts for the performance pages, and the scorecard's sparklines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from core.display import COLOURS, Figure, base_layout, iso, number
from performance.judgement.analysis import Point, TargetSpan, target_for

HIGHER, LOWER = "higher", "lower"

COMPARATOR_STYLE = {
    # comparator: (legend name, colour, dash)
    "council": ("Council annual outturn", COLOURS["black"], "solid"),
    "england": ("England", COLOURS["dark_blue"], "dash"),
    "region": ("Region", COLOURS["purple"], "dot"),
    "neighbours": ("Statistical neighbours", COLOURS["grey"], "dashdot"),
}


# The event markers' own axis: 0 at the foot of the plot, 1 at its top, never drawn.
EVENT_AXIS = {"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True}


@dataclass(frozen=True)
class EventMark:
    """A timeline event to mark on a measure's time axis."""

    date: dt.date
    number: int
    title: str


def year_end(year: int, year_basis: str) -> dt.date:
    """Return the date an annual figure refers to: 31 March, or 30 September for workforce years."""
    return dt.date(year, 9, 30) if year_basis == "workforce" else dt.date(year, 3, 31)


def _target_traces(
    periods: list[str], spans: Sequence[TargetSpan | None], polarity: str, suffix: str, axis: str, name: str
) -> list[dict]:
    if not any(spans):
        return []
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": name,
            "x": periods,
            "y": [number(s.value) if s else None for s in spans],
            "line": {"color": COLOURS["green"], "width": 2, "shape": "hv"},
            "hovertemplate": name + " %{y}" + suffix + "<extra></extra>",
            "yaxis": axis,
        }
    ]
    if polarity in (HIGHER, LOWER) and any(s and s.tolerance for s in spans):
        sign = -1 if polarity == HIGHER else 1
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "Amber: within tolerance of the target",
                "x": periods,
                "y": [number(s.value + sign * s.tolerance) if s else None for s in spans],
                "line": {"color": COLOURS["amber"], "width": 1, "dash": "dot", "shape": "hv"},
                "fill": "tonexty",
                "fillcolor": "rgba(255, 221, 0, 0.25)",
                "hovertemplate": "Edge of tolerance %{y}" + suffix + "<extra></extra>",
                "yaxis": axis,
            }
        )
    return traces


def _annual_traces(
    annual: Mapping[str, Mapping[int, Decimal]],
    year_basis: str,
    window: tuple[dt.date, dt.date] | None,
    suffix: str,
    axis: str,
) -> list[dict]:
    traces = []
    for comparator, (name, colour, dash) in COMPARATOR_STYLE.items():
        figures = annual.get(comparator) or {}
        years = [y for y in sorted(figures) if _within(year_end(y, year_basis), window)]
        if not years:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": [iso(year_end(y, year_basis)) for y in years],
                "y": [number(figures[y]) for y in years],
                "line": {"color": colour, "width": 2, "dash": dash},
                "marker": {"size": 8, "symbol": "diamond"},
                "hovertemplate": name + " %{x|%Y}: %{y}" + suffix + "<extra></extra>",
                "yaxis": axis,
            }
        )
    return traces


def trend_figure(
    *,
    series: Sequence[Point],
    targets: Sequence[TargetSpan],
    polarity: str,
    annual: Mapping[str, Mapping[int, Decimal]],
    year_basis: str,
    events: Sequence[EventMark] = (),
    value_suffix: str = "",
    rolling: Sequence[Point] | None = None,
) -> Figure:
    """Return the measure page's figure, every line on one basis per panel.

    Without ``rolling`` (a position or an average, where a month is on the year's scale): one
    panel with the monthly values, the target, its tolerance band and the published years at
    their year end. With ``rolling`` (the figure comparable with the year for each month):
    two panels sharing the time axis, the months with their monthly targets above, and below
    the rolling 12-month figure with the yearly targets and the published years, so a month
    is never drawn beside a yearly figure on one axis. Timeline events are dotted vertical
    lines, each named by a marker's hover text along the top and numbered in the list beside it.
    """
    periods = [iso(p.period) for p in series]
    spans = [target_for(targets, p.period) for p in series]
    split = rolling is not None
    monthly_spans = [s if s and (not split or s.basis != "year") else None for s in spans]
    data: list[dict] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Monthly value",
            "x": periods,
            "y": [number(p.value) for p in series],
            "line": {"color": COLOURS["blue"], "width": 3},
            "marker": {"size": 5},
            "hovertemplate": "%{x|%B %Y}: %{y}" + value_suffix + "<extra></extra>",
        }
    ]
    data += _target_traces(periods, monthly_spans, polarity, value_suffix, "y", "Target")
    window = _annual_window(series)
    axis = "y2" if split else "y"
    if split:
        by_period = {p.period: p for p in rolling or []}
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": "12 months to the month",
                "x": periods,
                "y": [number(by_period[p.period].value) if p.period in by_period else None for p in series],
                "line": {"color": COLOURS["dark_blue"], "width": 3},
                "hovertemplate": "12 months to %{x|%B %Y}: %{y}" + value_suffix + "<extra></extra>",
                "yaxis": "y2",
            }
        )
        yearly = [s if s and s.basis == "year" else None for s in spans]
        data += _target_traces(periods, yearly, polarity, value_suffix, "y2", "Yearly target")
    data += _annual_traces(annual, year_basis, window, value_suffix, axis)
    shapes, event_traces = _event_marks(events)
    data.extend(event_traces)
    y_style = {"gridcolor": "#e5e5e5", "ticksuffix": value_suffix, "zeroline": False, "rangemode": "tozero"}
    panels: dict = {"yaxis": y_style}
    if split:
        panels = {
            "yaxis": {**y_style, "domain": [0.56, 1], "title": {"text": "Each month"}},
            "yaxis2": {**y_style, "domain": [0, 0.44], "title": {"text": "12 months to the month"}},
        }
    if events:
        panels["yaxis3"] = EVENT_AXIS
    x_style = {"type": "date", "showgrid": False, "linecolor": COLOURS["grey"], "ticks": "outside"}
    layout = base_layout(
        xaxis={**x_style, "anchor": "y2"} if split else x_style,
        **panels,
        shapes=shapes,
        hovermode="closest",
        margin={"l": 64 if split else 56, "r": 16, "t": 24 if events else 16, "b": 48},
        legend={"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top", "traceorder": "normal"},
    )
    return {"data": data, "layout": layout}


def _annual_window(series: Sequence[Point]) -> tuple[dt.date, dt.date] | None:
    """Return the dates within which annual figures are drawn: the monthly span plus a year each side.

    Annual figures far from the monthly values would squeeze the months into a sliver of the
    axis; the page's annual table shows every year.
    """
    if not series:
        return None
    first, last = series[0].period, series[-1].period
    return first.replace(year=first.year - 1), last.replace(year=last.year + 1)


def _within(day: dt.date, window: tuple[dt.date, dt.date] | None) -> bool:
    return window is None or window[0] <= day <= window[1]


def vertical_line(day: dt.date, line: dict) -> dict:
    """Return a Plotly shape: a vertical line at ``day`` across the whole plot, styled by ``line``."""
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": iso(day),
        "x1": iso(day),
        "y0": 0,
        "y1": 1,
        "line": line,
    }


def _event_marks(events: Sequence[EventMark]) -> tuple[list[dict], list[dict]]:
    """Return (shapes, traces): a dotted vertical line at each event, and one marker trace along
    the top of the plot whose hover text names each event. The events are numbered and listed in
    words beside the chart, so no number is printed on it (close events would overprint)."""
    if not events:
        return [], []
    shapes = [vertical_line(e.date, {"color": COLOURS["grey"], "width": 1, "dash": "dot"}) for e in events]
    marker = {
        "type": "scatter",
        "mode": "markers",
        "name": "Timeline event (numbered in the list)",
        "x": [iso(e.date) for e in events],
        "y": [1] * len(events),
        "yaxis": "y3",
        "cliponaxis": False,
        "text": [f"{e.number}. {e.title}" for e in events],
        "hovertemplate": "%{text}<extra></extra>",
        "marker": {"color": COLOURS["grey"], "size": 10, "symbol": "triangle-down"},
    }
    return shapes, [marker]


RAG_ROWS = ("Red", "Amber", "Green", "No RAG")
DIRECTION_STYLE = {
    # direction group: (colour, fill pattern); patterns tell the groups apart without colour
    "Improving": (COLOURS["blue"], "/"),
    "No change": (COLOURS["light_grey"], ""),
    "Worsening": ("#942514", "x"),
    "Not judged": ("#f3f2f1", "."),
}


def rag_direction_figure(counts: Mapping[str, Mapping[str, int]]) -> Figure:
    """Return a stacked bar of measures by RAG rating (rows) and direction of travel (colours
    and fill patterns).

    ``counts`` is ``{rag label: {direction group: count}}`` with the labels of ``RAG_ROWS`` and
    ``DIRECTION_STYLE``.
    """
    rows = list(reversed(RAG_ROWS))  # Plotly draws the first category at the bottom
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": direction,
            "y": rows,
            "x": [counts.get(rag, {}).get(direction, 0) for rag in rows],
            "marker": {
                "color": colour,
                "pattern": {"shape": pattern, "solidity": 0.3},
                "line": {"color": COLOURS["grey"], "width": 1},
            },
            "hovertemplate": "%{y}, " + direction.lower() + ": %{x}<extra></extra>",
        }
        for direction, (colour, pattern) in DIRECTION_STYLE.items()
    ]
    layout = base_layout(
        barmode="stack",
        xaxis={"title": {"text": "Number of measures"}, "dtick": 1 if _total(counts) <= 12 else None},
        yaxis={"automargin": True},
        margin={"l": 80, "r": 16, "t": 8, "b": 48},
        legend={"orientation": "h", "x": 0, "y": -0.3, "yanchor": "top", "traceorder": "normal"},
    )
    return {"data": data, "layout": layout}


def _total(counts: Mapping[str, Mapping[str, int]]) -> int:
    return max((sum(row.values()) for row in counts.values()), default=0)


STATUS_COLOURS = {
    "Not started": COLOURS["grey"],
    "On track": COLOURS["green"],
    "At risk": COLOURS["amber"],
    "Off track": COLOURS["red"],
    "Complete": COLOURS["blue"],
}


def status_figure(counts: Mapping[str, int]) -> Figure:
    """Return a bar chart of actions by status, each bar labelled with its count."""
    labels = [label for label in STATUS_COLOURS if label in counts]
    data = [
        {
            "type": "bar",
            "x": labels,
            "y": [counts[label] for label in labels],
            "text": [str(counts[label]) for label in labels],
            "textposition": "outside",
            "marker": {"color": [STATUS_COLOURS[label] for label in labels]},
            "hovertemplate": "%{x}: %{y}<extra></extra>",
            "name": "Actions",
        }
    ]
    layout = base_layout(
        showlegend=False,
        yaxis={"title": {"text": "Number of actions"}, "rangemode": "tozero", "gridcolor": "#e5e5e5"},
        margin={"l": 56, "r": 16, "t": 24, "b": 48},
    )
    return {"data": data, "layout": layout}


def sparkline_points(values: Sequence[Decimal], width: int = 120, height: int = 28, pad: int = 3) -> str:
    """Return SVG polyline points ("x,y x,y ...") for a small trend line, or "" for under two values.

    A flat series draws a line across the middle.
    """
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = high - low
    step = (width - 2 * pad) / (len(values) - 1)
    points = []
    for i, value in enumerate(values):
        share = float((value - low) / span) if span else 0.5
        y = pad + (1 - share) * (height - 2 * pad)
        points.append(f"{pad + i * step:.1f},{y:.1f}")
    return " ".join(points)
