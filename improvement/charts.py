"""Plain data to Plotly figure dicts for the improvement pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from core.display import COLOURS, Figure, base_layout, iso

# Rating level: (legend name, colour, marker symbol). Shapes differ as well as colours.
RATING_STYLE = {
    "inadequate": ("Inadequate", COLOURS["red"], "x"),
    "poor": ("Poor", "#942514", "triangle-down"),
    "adequate": ("Adequate", COLOURS["amber"], "square"),
    "good": ("Good", COLOURS["green"], "triangle-up"),
    "outstanding": ("Outstanding", COLOURS["dark_blue"], "star"),
    "": ("No rating given", COLOURS["grey"], "circle"),
}


HOVER = "%{customdata[0]}: %{customdata[1]}<br>%{customdata[2]}"


@dataclass(frozen=True)
class TimelinePoint:
    """One event as the timeline chart needs it."""

    date: dt.date
    kind_label: str
    title: str
    display_date: str
    rating: str
    rating_level: str


def timeline_figure(events: Sequence[TimelinePoint], kinds: Sequence[str]) -> Figure:
    """Return a dot plot of events over time: one row per kind of event (in ``kinds`` order),
    markers coloured and shaped by rating level, and each rating level written beside its marker
    (above and below in turn); the inspectors' own words are in the hover text and the table."""
    data = []
    for level, (name, colour, symbol) in RATING_STYLE.items():
        chosen = [e for e in events if e.rating_level == level]
        if not chosen:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers+text" if level else "markers",
                "name": name,
                "x": [iso(e.date) for e in chosen],
                "y": [e.kind_label for e in chosen],
                "text": [name] * len(chosen) if level else None,
                "textposition": [_text_position(events, e) for e in chosen] if level else None,
                "textfont": {"size": 11, "color": COLOURS["black"]},
                "customdata": [[e.display_date, e.title, e.rating] for e in chosen],
                "hovertemplate": HOVER + "<extra>" + name + "</extra>",
                "marker": {
                    "color": colour,
                    "size": 12,
                    "symbol": symbol,
                    "line": {"color": "#ffffff", "width": 1},
                },
            }
        )
    layout = base_layout(
        xaxis={"type": "date", "gridcolor": "#e5e5e5", "ticks": "outside"},
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": list(reversed(kinds)),
            "automargin": True,
        },
        margin={"l": 16, "r": 24, "t": 24, "b": 48},
        legend={"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top", "title": {"text": "Rating: "}},
        hovermode="closest",
        # static/js/charts.js drops the marker labels on screens narrower than this (pixels).
        meta={"hide_text_below": 700},
    )
    return {"data": data, "layout": layout}


def _text_position(events: Sequence[TimelinePoint], event: TimelinePoint) -> str:
    """Alternate rating labels above and below their markers, so neighbours do not overprint."""
    rated = [e for e in events if e.rating_level]
    return "top center" if rated.index(event) % 2 == 0 else "bottom center"
