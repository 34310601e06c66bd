"""Plain data to Plotly figure dicts for the options appraisal."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from decimal import Decimal

from core.display import Figure, base_layout, number

# Eight distinguishable colours (Okabe-Ito and GOV.UK), repeated past eight criteria, each with
# its own fill pattern so neighbouring segments differ by more than colour.
CRITERION_COLOURS = (
    "#1d70b8",
    "#b25a00",
    "#00703c",
    "#4c2c92",
    "#d4351c",
    "#003078",
    "#6f777b",
    "#912b88",
)
CRITERION_PATTERNS = ("", "/", ".", "x", "\\", "-", "+", "|")
# Option names longer than this wrap onto further lines, so the bars keep room on a phone.
LABEL_WIDTH = 18


def weighted_score_figure(
    *,
    options: Sequence[tuple[str, str]],
    criteria: Sequence[tuple[str, str]],
    parts: Mapping[str, Mapping[str, Decimal]],
    totals: Mapping[str, Decimal],
) -> Figure:
    """Return a horizontal stacked bar: one bar per option (highest total at the top), one
    segment per criterion's weighted score, and the total written at the end of each bar.

    ``options`` and ``criteria`` are (code, name) pairs, options in ranked order.
    """
    names = [_wrapped(name) for _, name in reversed(options)]
    codes = [code for code, _ in reversed(options)]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": names,
            "x": [number(parts[code].get(criterion, Decimal(0))) for code in codes],
            "marker": {
                "color": CRITERION_COLOURS[i % len(CRITERION_COLOURS)],
                "pattern": {"shape": CRITERION_PATTERNS[i % len(CRITERION_PATTERNS)], "solidity": 0.3},
                "line": {"color": "#ffffff", "width": 1},
            },
            "hovertemplate": "%{y}<br>" + name + ": %{x}<extra></extra>",
        }
        for i, (criterion, name) in enumerate(criteria)
    ]
    annotations = [
        {
            "x": number(totals[code]),
            "y": name,
            "text": f"<b>{number(totals[code]):g}</b>",
            "showarrow": False,
            "xanchor": "left",
            "xshift": 4,
        }
        for code, name in zip(codes, names, strict=True)
    ]
    layout = base_layout(
        barmode="stack",
        xaxis={"title": {"text": "Weighted score"}, "gridcolor": "#e5e5e5", "rangemode": "tozero"},
        yaxis={"automargin": True},
        annotations=annotations,
        margin={"l": 16, "r": 40, "t": 8, "b": 48},
        legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top", "traceorder": "normal"},
    )
    return {"data": data, "layout": layout}


def _wrapped(name: str) -> str:
    """Return ``name`` broken onto lines of about ``LABEL_WIDTH`` characters with ``<br>``."""
    return "<br>".join(textwrap.wrap(name, LABEL_WIDTH)) or name
