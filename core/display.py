"""What every chart shares: the house layout, colours, and the block a page renders.

Figures are plain dicts in Plotly's figure schema (tests check each against
``plotly.graph_objects.Figure`` once); building them directly keeps Plotly's slow validators
off the request path. A page shows each figure with a one-sentence summary and the same data
as an HTML table (``templates/includes/chart.html``); ``static/js/charts.js`` draws it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Figure = dict[str, Any]
# Shown in a cell that has no figure (an en dash, as GOV.UK tables do).
NO_FIGURE = "\u2013"

FONT = {"family": "Arial, Helvetica, sans-serif", "size": 14, "color": "#0b0c0c"}
# GOV.UK palette colours, each at least 3:1 against white for graphical objects.
COLOURS = {
    "red": "#d4351c",
    "amber": "#b25a00",
    "green": "#00703c",
    "blue": "#1d70b8",
    "dark_blue": "#003078",
    "purple": "#4c2c92",
    "grey": "#505a5f",
    "light_grey": "#b1b4b6",
    "black": "#0b0c0c",
}


def base_layout(**overrides: Any) -> dict[str, Any]:
    """Return the layout every chart starts from; keyword arguments replace its entries."""
    layout: dict[str, Any] = {
        "font": FONT,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 56, "r": 16, "t": 16, "b": 48},
        "hoverlabel": {"font": {"family": FONT["family"], "size": 14}},
        "legend": {"orientation": "h", "x": 0, "y": -0.18, "yanchor": "top"},
        "autosize": True,
    }
    layout.update(overrides)
    return layout


def with_number_format(figure: Figure, places: int) -> Figure:
    """Return ``figure`` (a new dict) printing numbers as the page's tiles and tables do: the value
    axis's ticks with thousands separated ("1,921"), and every hover label's value to ``places``
    decimal places (a plain ``%{y}`` in a hover template becomes ``%{y:,.1f}``)."""
    layout = dict(figure["layout"])
    layout["yaxis"] = {**layout.get("yaxis", {}), "tickformat": ","}
    shown = f"%{{y:,.{places}f}}"
    data = [
        {**trace, "hovertemplate": trace["hovertemplate"].replace("%{y}", shown)}
        if "hovertemplate" in trace
        else trace
        for trace in figure["data"]
    ]
    return {"data": data, "layout": layout}


def number(value: Decimal | float | int | None) -> float | None:
    """Return a JSON-ready float for a Decimal (None stays None, for gaps in a line)."""
    return None if value is None else float(value)


def iso(day: dt.date) -> str:
    return day.isoformat()


@dataclass(frozen=True)
class Table:
    """A data table: headers, rows of display strings, and which columns hold numbers."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = field(default_factory=frozenset)

    @property
    def cells(self) -> list[list[tuple[str, bool]]]:
        """Return each row as (text, is_number) pairs, so the template aligns numbers right."""
        return [[(cell, i in self.numeric) for i, cell in enumerate(row)] for row in self.rows]

    @property
    def header_cells(self) -> list[tuple[str, bool]]:
        return [(h, i in self.numeric) for i, h in enumerate(self.headers)]


@dataclass(frozen=True)
class Chart:
    """A figure with its element id, heading, summary in words and data table."""

    id: str
    title: str
    summary: str
    figure: Figure
    table: Table
    height: int = 360
    illustrative: bool = False

    @property
    def data_id(self) -> str:
        """Return the id of the ``json_script`` element that carries the figure."""
        return f"{self.id}-data"

    @property
    def table_id(self) -> str:
        """Return the id of the element that holds the chart's data table (the chart links to it)."""
        return f"{self.id}-table"
