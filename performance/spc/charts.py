"""The SPC layer of a measure's trend chart: average, process limits, signals, baselines, rebases.

Pure functions from an ``SpcResult`` to Plotly trace and shape dicts, added to the figure that
``performance.measures.charts.trend_figure`` builds. The average and limits are drawn as steps (``hv``),
so a p-chart's limits move with each month's denominator and a rebase shows as a step.
Signals get a shape as well as a colour, so they read without colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.display import COLOURS, Figure, iso, number
from performance.measures.charts import vertical_line
from performance.spc import PointClass, SpcPoint, SpcResult

LIMIT_COLOUR = COLOURS["grey"]
REBASE_COLOUR = COLOURS["purple"]
BASELINE_FILL = "rgba(80, 90, 95, 0.08)"  # a faint band: the months the limits were fixed on
# point class: (legend name, colour, marker symbol)
SIGNAL_STYLE = {
    PointClass.IMPROVEMENT: ("Special cause: improvement", COLOURS["blue"], "circle"),
    PointClass.CONCERN: ("Special cause: concern", "#b25a00", "square"),
    PointClass.NEITHER_HIGH: ("Special cause: higher", COLOURS["purple"], "triangle-up"),
    PointClass.NEITHER_LOW: ("Special cause: lower", COLOURS["purple"], "triangle-down"),
}


def _line(points: Sequence[SpcPoint], pick) -> list[float | None]:
    return [number(pick(p.limits)) if p.limits is not None else None for p in points]


def spc_traces(result: SpcResult, value_suffix: str = "") -> list[dict]:
    """Return the average, the two process limits and one marker trace per signal class present.

    Empty when the result is not ready (too few points): no limits are drawn then.
    """
    if not result.ready:
        return []
    points = [p for p in result.points if p.limits is not None]
    x = [iso(p.period) for p in points]
    hover = "%{x|%B %Y}: %{y}" + value_suffix + "<extra>"
    traces: list[dict] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Average",
            "x": x,
            "y": _line(points, lambda lim: lim.mean),
            "line": {"color": LIMIT_COLOUR, "width": 2, "shape": "hv"},
            "hovertemplate": hover + "Average</extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Process limits",
            "legendgroup": "limits",
            "x": x,
            "y": _line(points, lambda lim: lim.upper),
            "line": {"color": LIMIT_COLOUR, "width": 1.5, "dash": "dash", "shape": "hv"},
            "hovertemplate": hover + "Upper process limit</extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Lower process limit",
            "legendgroup": "limits",
            "showlegend": False,
            "x": x,
            "y": _line(points, lambda lim: lim.lower),
            "line": {"color": LIMIT_COLOUR, "width": 1.5, "dash": "dash", "shape": "hv"},
            "hovertemplate": hover + "Lower process limit</extra>",
        },
    ]
    for klass, (name, colour, symbol) in SIGNAL_STYLE.items():
        marked = [p for p in points if p.rule is not None and p.klass is klass]
        if not marked:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": [iso(p.period) for p in marked],
                "y": [number(p.value) for p in marked],
                "text": [p.rule.label if p.rule else "" for p in marked],
                "marker": {
                    "color": colour,
                    "size": 11,
                    "symbol": symbol,
                    "line": {"color": "#ffffff", "width": 1},
                },
                "hovertemplate": "%{x|%B %Y}: %{y}" + value_suffix + "<br>%{text}<extra>" + name + "</extra>",
            }
        )
    return traces


def rebase_marks(result: SpcResult) -> tuple[list[dict], list[dict]]:
    """Return (shapes, annotations): a solid line and a label where each rebase took effect."""
    applied = [r for r in result.rebases if r.applied and r.start is not None]
    shapes = [vertical_line(r.start, {"color": REBASE_COLOUR, "width": 2}) for r in applied if r.start]
    annotations = [
        {
            "x": iso(r.start),
            "xref": "x",
            "y": 0,
            "yref": "paper",
            "yanchor": "bottom",
            "xanchor": "left",
            "text": "Limits recalculated",
            "hovertext": f"Limits recalculated from {r.start:%B %Y}: {r.label}",
            "showarrow": False,
            "bgcolor": "#ffffff",
            "font": {"size": 12, "color": REBASE_COLOUR},
        }
        for r in applied
    ]
    return shapes, annotations


def baseline_marks(result: SpcResult) -> tuple[list[dict], list[dict]]:
    """Return (shapes, annotations): a shaded band over each fixed baseline, labelled "Baseline"."""
    fixed = [s for s in result.segments if s.fixed and s.baseline_start and s.baseline_end]
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": iso(s.baseline_start),
            "x1": iso(s.baseline_end),
            "y0": 0,
            "y1": 1,
            "fillcolor": BASELINE_FILL,
            "line": {"width": 0},
            "layer": "below",
        }
        for s in fixed
        if s.baseline_start and s.baseline_end
    ]
    annotations = [
        {
            "x": iso(s.baseline_start),
            "xref": "x",
            "y": 1,
            "yref": "paper",
            "yanchor": "top",
            "xanchor": "left",
            "text": "Baseline",
            "hovertext": f"Limits fixed on {s.baseline_start:%B %Y} to {s.baseline_end:%B %Y}",
            "showarrow": False,
            "font": {"size": 12, "color": LIMIT_COLOUR},
        }
        for s in fixed
        if s.baseline_start and s.baseline_end
    ]
    return shapes, annotations


def with_spc(figure: Figure, result: SpcResult | None, value_suffix: str = "") -> Figure:
    """Return ``figure`` with the SPC layer added after the monthly values (a new dict).

    The average and limits go under the monthly line; the signal markers on top of it.
    """
    if result is None or not result.ready:
        return figure
    traces = spc_traces(result, value_suffix)
    lines = [t for t in traces if t["mode"] == "lines"]
    markers = [t for t in traces if t["mode"] == "markers"]
    data = [*lines, *figure["data"], *markers]
    shapes, annotations = rebase_marks(result)
    band, label = baseline_marks(result)
    shapes, annotations = [*band, *shapes], [*label, *annotations]
    layout = dict(figure["layout"])
    # Limits are read against the figures, so the axis fits them rather than starting at zero.
    layout["yaxis"] = {**layout.get("yaxis", {}), "rangemode": "normal"}
    layout["shapes"] = [*layout.get("shapes", []), *shapes]
    layout["annotations"] = [*layout.get("annotations", []), *annotations]
    return {"data": data, "layout": layout}
