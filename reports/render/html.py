"""The pack as HTML, from the snapshot alone: the printable page and the PDF's source.

``mode="web"`` draws charts in the reader's browser from the figures (static charts.js);
``mode="pdf"`` inlines each chart as SVG drawn beforehand, so the PDF keeps them as vectors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from reports.models import Section

SECTION_TITLES = dict(Section.choices)
CSS = "css/report-pack.css"
SvgDrawer = Callable[[dict[str, Any], int, int], str]
CHART_WIDTH = 680


def contents(data: Mapping[str, Any]) -> list[dict[str, str]]:
    """Return the pack's numbered sections, in print order: ``[{"id", "number", "title"}]``."""
    shown = [s for s in data["sections"] if s != Section.OPTIONS or data.get("options")]
    return [
        {"id": f"section-{s}", "number": str(i), "title": SECTION_TITLES[s], "key": s}
        for i, s in enumerate(shown, 1)
    ] + [
        {
            "id": "section-definitions",
            "number": str(len(shown) + 1),
            "title": "Measure definitions",
            "key": "definitions",
        }
    ]


def _with_drawn(chart: dict[str, Any] | None, draw: SvgDrawer | None) -> dict[str, Any] | None:
    if chart is None:
        return None
    drawn = dict(chart, data_id=f"{chart['id']}-data")
    if draw is not None:
        drawn["svg"] = draw(chart["figure"], CHART_WIDTH, chart["height"])
    return drawn


def chart_count(data: Mapping[str, Any]) -> int:
    """Return how many charts the pack draws: the overview, each measure's, the options'."""
    options = data.get("options")
    return (
        (1 if data.get("overview") else 0)
        + sum(1 for m in data["measures"] if m.get("chart"))
        + (1 if options and options.get("chart") else 0)
    )


def context(data: Mapping[str, Any], *, draw: SvgDrawer | None = None, draft: bool = False) -> dict[str, Any]:
    """Return the template context: the snapshot plus contents and (for the PDF) drawn charts."""
    measures = [dict(m, chart=_with_drawn(m["chart"], draw)) for m in data["measures"]]
    options = data.get("options")
    if options:
        options = dict(options, chart=_with_drawn(options["chart"], draw))
    return {
        "pack": data,
        "draft": draft,
        "contents": contents(data),
        "shown": set(data["sections"]),
        "overview": _with_drawn(data.get("overview"), draw),
        "measures": measures,
        "options": options,
    }


def inline_css() -> str:
    with open(finders.find(CSS), encoding="utf-8") as handle:
        return handle.read()


def render(
    data: Mapping[str, Any], *, mode: str = "web", draw: SvgDrawer | None = None, draft: bool = False
) -> str:
    """Return the pack as an HTML document."""
    ctx = context(data, draw=draw, draft=draft)
    ctx["mode"] = mode
    ctx["css"] = inline_css() if mode == "pdf" else ""
    return render_to_string("reports/pack.html", ctx)
