"""The pack as HTML, from the snapshot alone: the pack's web page and the PDF's source.

``mode="web"`` draws charts in the reader's browser from the figures (static charts.js);
``mode="pdf"`` inlines each chart as SVG drawn beforehand, so the PDF keeps them as vectors.

The pack has the shape of an English council report: a cover, 1 Purpose, 2 Recommendations,
3 Executive summary, 4 the progress sections, 5 Contact officer, 6 the list of appendices, then
the appendices (scorecard, monthly values, actions, timeline, priorities, options appraisal,
definitions). Each figure is printed once.
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
# A measure's chart is drawn shorter on paper than on screen, so a measure fits half a page.
MEASURE_CHART_SAVING = 290

PROGRESS: dict[str, str] = {
    Section.CHANGES: "What changed since the last report",
    Section.MEASURES: "Performance measures",
    Section.ACTIONS: "Improvement actions",
    Section.TIMELINE: "Events in the period",
    Section.PRIORITIES: "Priorities",
    Section.OPTIONS: "Options appraisal",
}
APPENDICES = (
    ("scorecard", "Scorecard", Section.MEASURES),
    ("values", "Monthly values of each measure", Section.MEASURES),
    ("actions", "Improvement actions", Section.ACTIONS),
    ("timeline", "Timeline of events", Section.TIMELINE),
    ("priorities", "Priorities and milestones", Section.PRIORITIES),
    ("options", "Options appraisal", Section.OPTIONS),
    ("definitions", "Measure definitions", Section.MEASURES),
)
SCHEMA_1_DEFAULTS: dict[str, Any] = {
    "cover": {
        "report_of": "not stated",
        "wards_affected": "not stated",
        "key_decision_label": "not stated",
        "access_label": "Open: a public report",
        "contact": "not stated",
    },
    "purpose": "",
    "recommendations": [],
    "summary": [],
    "progress": {},
    "illustrative_mark": "\N{DAGGER}",
    "illustrative_note": "\N{DAGGER} Illustrative: reconstructed, not the council's own figure.",
    "disclosure": {"applied": False, "measures": [], "suppressed": 0, "note": ""},
}


def upgraded(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``data`` with the fields a pack published before they existed prints as blank."""
    return {**SCHEMA_1_DEFAULTS, **data}


def _has(data: Mapping[str, Any], section: str) -> bool:
    if section not in data["sections"]:
        return False
    if section == Section.OPTIONS:
        return bool(data.get("options"))
    if section == Section.CHANGES:
        return bool(data.get("changes"))
    return True


def progress_items(data: Mapping[str, Any]) -> list[dict[str, str]]:
    """Return section 4's parts in print order: ``[{"id", "number", "title", "key"}]``."""
    shown = [s for s in Section.values if _has(data, s)]
    return [
        {"id": f"progress-{s}", "number": f"4.{i}", "title": PROGRESS[s], "key": s}
        for i, s in enumerate(shown, 1)
    ]


def appendix_items(data: Mapping[str, Any]) -> list[dict[str, str]]:
    """Return the appendices, lettered A onwards: ``[{"id", "number", "title", "key"}]``."""
    empty = data["coverage"]["state"] == "empty"
    shown = [
        (key, title)
        for key, title, section in APPENDICES
        if _has(data, section) and not (empty and key in ("scorecard", "values"))
    ]
    return [
        {"id": f"appendix-{key}", "number": chr(ord("A") + i), "title": title, "key": key}
        for i, (key, title) in enumerate(shown)
    ]


def contents(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return every entry of the contents in print order, with its level (1 or 2)."""
    appendices = appendix_items(data)
    main = [
        {"id": "purpose", "number": "1", "title": "Purpose of the report", "key": "purpose"},
        {"id": "recommendations", "number": "2", "title": "Recommendations", "key": "recommendations"},
        {"id": "summary", "number": "3", "title": "Executive summary", "key": "summary"},
        {"id": "progress", "number": "4", "title": "Progress", "key": "progress"},
    ]
    items = [dict(i, level=1) for i in main] + [dict(i, level=2) for i in progress_items(data)]
    items += [
        {"id": "contact", "number": "5", "title": "Contact officer", "key": "contact", "level": 1},
        {"id": "appendices", "number": "6", "title": "Appendices", "key": "appendices", "level": 1},
    ]
    return items + [dict(a, number=f"Appendix {a['number']}", level=1) for a in appendices]


def appendix_letters(data: Mapping[str, Any]) -> dict[str, str]:
    """Return each appendix's letter by key, for cross-references ("see Appendix B")."""
    return {a["key"]: a["number"] for a in appendix_items(data)}


def signals_text(signals: list[Mapping[str, Any]]) -> str:
    """Return a measure's special-cause points in the period in one phrase, by kind of signal."""
    kinds: dict[str, list[str]] = {}
    for signal in signals:
        kinds.setdefault(signal["class"], []).append(signal["month"])
    parts = []
    for kind, months in kinds.items():
        span = months[0] if len(months) == 1 else f"{len(months)} months from {months[0]} to {months[-1]}"
        parts.append(f"{kind.lower()} in {span}")
    return "special-cause points: " + "; ".join(parts)


def _with_drawn(
    chart: dict[str, Any] | None, draw: SvgDrawer | None, saving: int = 0
) -> dict[str, Any] | None:
    if chart is None:
        return None
    drawn = dict(chart, data_id=f"{chart['id']}-data")
    if draw is not None:
        drawn["svg"] = draw(chart["figure"], CHART_WIDTH, chart["height"] - saving)
    return drawn


def chart_count(data: Mapping[str, Any]) -> int:
    """Return how many charts the pack draws: the overview, each measure's, the options'."""
    options = data.get("options")
    return (
        (1 if data.get("overview") else 0)
        + sum(1 for m in data["measures"] if m.get("chart"))
        + (1 if options and options.get("chart") else 0)
    )


def context(
    data: Mapping[str, Any],
    *,
    draw: SvgDrawer | None = None,
    draft: bool = False,
    page_numbers: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Return the template context: the snapshot plus contents and (for the PDF) drawn charts."""
    data = upgraded(data)
    sources = list(dict.fromkeys(m["source"] for m in data["measures"]))
    measures = [
        dict(
            m,
            chart=_with_drawn(m["chart"], draw, MEASURE_CHART_SAVING),
            source_number=sources.index(m["source"]) + 1,
            signals_text=signals_text(m["spc"]["signals"]),
        )
        for m in data["measures"]
    ]
    options = data.get("options")
    if options:
        options = dict(options, chart=_with_drawn(options["chart"], draw))
    numbers = page_numbers or {}
    entries = [dict(item, page=numbers.get(item["id"], "")) for item in contents(data)]
    return {
        "pack": data,
        "draft": draft,
        "contents": entries,
        "progress": progress_items(data),
        "appendices": appendix_items(data),
        "letters": appendix_letters(data),
        "shown": set(data["sections"]),
        "overview": _with_drawn(data.get("overview"), draw),
        "measures": measures,
        "options": options,
        "any_illustrative": any(m["illustrative"] for m in data["measures"]),
        "mark": data["illustrative_mark"],
        "sources": sources,
    }


def inline_css() -> str:
    with open(finders.find(CSS), encoding="utf-8") as handle:
        return handle.read()


def render(
    data: Mapping[str, Any],
    *,
    mode: str = "web",
    draw: SvgDrawer | None = None,
    draft: bool = False,
    page_numbers: Mapping[str, int] | None = None,
    links: Mapping[str, Any] | None = None,
) -> str:
    """Return the pack as an HTML document.

    ``page_numbers`` (contents id to page) fills the printed contents' page column; ``links``
    (the web page only) gives the address of the list of packs and of each file.
    """
    ctx = context(data, draw=draw, draft=draft, page_numbers=page_numbers)
    ctx["mode"] = mode
    ctx["css"] = inline_css() if mode == "pdf" else ""
    ctx["links"] = links or {}
    return render_to_string("reports/pack.html", ctx)
