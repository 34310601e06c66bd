"""The clerk's Word copy: real heading levels, tables, and charts as images with alt text."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from docx import Document
from docx.shared import Cm, Pt

from core.display import NO_FIGURE
from reports.render.html import CHART_WIDTH, SECTION_TITLES, contents

PngDrawer = Callable[..., bytes]
NO_IMAGE = "The chart is not drawn in this copy; its data table follows."


def _style_id(doc: Any, name: str) -> str:
    """Return a style's id, looked up once per document (python-docx's lookups are slow)."""
    cache = doc.__dict__.setdefault("_pack_styles", {})
    if name not in cache:
        cache[name] = doc.styles[name].style_id
    return cache[name]


def _para(doc: Any, text: str, style: str) -> Any:
    paragraph = doc.add_paragraph(text)
    paragraph._p.style = _style_id(doc, style)
    return paragraph


def _heading(doc: Any, text: str, level: int) -> Any:
    return _para(doc, text, "Title" if level == 0 else f"Heading {level}")


def _table(doc: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]], caption: str = "") -> None:
    if caption:
        _para(doc, caption, "Caption")
    table = doc.add_table(rows=1, cols=len(headers))
    table._tbl.tblStyle_val = _style_id(doc, "Table Grid")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = "" if text is None else str(text)
    doc.add_paragraph()


def _chart(doc: Any, chart: Mapping[str, Any] | None, images: PngDrawer | None) -> None:
    if not chart:
        return
    _para(doc, f"Chart: {chart['title']}", "Caption")
    if images is None:
        doc.add_paragraph(NO_IMAGE)
    else:
        png = images(chart["figure"], CHART_WIDTH, chart["height"])
        shape = doc.add_picture(io.BytesIO(png), width=Cm(16))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", f"{chart['title']}. {chart['summary']}")
        doc_pr.set("title", chart["title"])
    doc.add_paragraph(chart["summary"])
    table = chart["table"]
    _table(doc, table["headers"], table["rows"], table["caption"])


def _changes(doc: Any, c: Mapping[str, Any]) -> None:
    if c["message"]:
        doc.add_paragraph(c["message"])
        return
    p = c["previous"]
    doc.add_paragraph(
        f"Compared with the last published pack, {p['title']} ({p['period_label']}), "
        f"published {p['published_at']}."
    )
    parts = [
        (
            "Measures whose RAG rating changed",
            ["Measure", "Before", "Now"],
            [[r["name"], r["before"], r["after"]] for r in c["rag"]],
        ),
        (
            "Measures whose SPC signal changed",
            ["Measure", "Before", "Now"],
            [[r["name"], r["before"], r["after"]] for r in c["signals"]],
        ),
        (
            "Actions completed",
            ["Action", "Before", "Now"],
            [[a["title"], a["before"], a["after"]] for a in c["completed"]],
        ),
        (
            "Actions slipped",
            ["Action", "Before", "Now", "Due before", "Due now"],
            [[a["title"], a["before"], a["after"], a["due_before"], a["due_after"]] for a in c["slipped"]],
        ),
        (
            "New timeline events",
            ["Date", "Event", "Kind"],
            [[e["date"], e["title"], e["kind"]] for e in c["events"]],
        ),
        (
            "Figures restated since the last pack was published",
            ["Measure", "Month", "Old value", "New value", "Reason"],
            [
                [r["name"], r["month"], r["old_display"], r["new_display"], r["reason"] or "Not recorded"]
                for r in c["restated"]
            ],
        ),
    ]
    for title, headers, rows in parts:
        _heading(doc, title, level=2)
        if rows:
            _table(doc, headers, rows)
        else:
            doc.add_paragraph("None.")


def _measures(doc: Any, data: Mapping[str, Any], images: PngDrawer | None) -> None:
    if data["coverage"]["state"] == "empty":
        doc.add_paragraph(data["coverage"]["message"])
        return
    _chart(doc, data.get("overview"), images)
    _table(
        doc,
        ["Measure", "Latest", "Month", "Target", "RAG", "Direction", "Against England"],
        [
            [
                m["name"],
                m["latest"]["display"] if m["latest"] else NO_FIGURE,
                m["latest"]["month"] if m["latest"] else "",
                m["target"]["display"] if m["target"] else "No target",
                m["rag"]["text"],
                m["travel"]["text"],
                m["england"]["verdict"]["text"],
            ]
            for m in data["measures"]
        ],
        "Scorecard: each measure's latest approved value up to the end of the period",
    )
    if data.get("event_marks"):
        _heading(doc, "Events marked on the charts", level=2)
        doc.add_paragraph("Numbered dotted lines on each measure's chart mark these events:")
        for mark in data["event_marks"]:
            doc.add_paragraph(f"{mark['number']}. {mark['title']}")
    for m in data["measures"]:
        _heading(doc, m["name"], level=2)
        latest = f"{m['latest']['display']} ({m['latest']['month']})" if m["latest"] else "no approved value"
        target = m["target"]["display"] if m["target"] else "none"
        doc.add_paragraph(
            f"Latest: {latest}. Target: {target}. RAG: {m['rag']['text']}. Direction: {m['travel']['text']}."
        )
        _chart(doc, m["chart"], images)
        if m["values"]:
            _table(
                doc,
                ["Month", "Value", "Target", "RAG"],
                [[v["month"], v["display"], v["target"] or NO_FIGURE, v["rag"]] for v in m["values"]],
                f"{m['name']}: approved monthly values in the period",
            )
        _heading(doc, "Statistical process control", level=3)
        spc = m["spc"]
        if spc["ready"]:
            doc.add_paragraph(
                f"{spc['chart']}. Variation: {spc['variation'] or 'not judged'}. "
                f"Assurance: {spc['assurance'] or 'no target to judge against'}."
            )
            for s in spc["signals"]:
                _para(doc, f"{s['month']}: {s['class']} ({s['rule']})", "List Bullet")
        else:
            doc.add_paragraph(spc["reason"])
        _heading(doc, "Commentary", level=3)
        doc.add_paragraph(m["commentary"]["status_label"])
        for s in m["commentary"]["sentences"]:
            para = doc.add_paragraph(s["text"] + " ")
            label = para.add_run(f"[{s['label']}]")
            label.italic = True
            label.font.size = Pt(8)


def _update_text(update: Mapping[str, Any] | None) -> str:
    return f"{update['date']}, {update['rag']}: {update['commentary']}" if update else NO_FIGURE


def _actions(doc: Any, data: Mapping[str, Any]) -> None:
    for theme in data["actions"]:
        _heading(doc, theme["title"], level=2)
        _table(
            doc,
            ["Action", "Owner", "Status", "Due", "Latest update"],
            [
                [
                    a["title"],
                    a["owner"],
                    a["status_label"] + (f" ({a['completed']})" if a["completed"] else ""),
                    a["due"],
                    _update_text(a["latest_update"]),
                ]
                for a in theme["actions"]
            ],
        )
    if not data["actions"]:
        doc.add_paragraph("No improvement actions are recorded.")


def _priorities(doc: Any, data: Mapping[str, Any]) -> None:
    for p in data["priorities"]:
        _heading(doc, f"{p['title']} ({p['year']})", level=2)
        doc.add_paragraph(f"Lead: {p['lead']}. {p['description']}".strip())
        if p["milestones"]:
            _table(
                doc,
                ["Milestone", "Due", "Status"],
                [[ms["title"], ms["due"], ms["status"]["text"]] for ms in p["milestones"]],
            )
    if not data["priorities"]:
        doc.add_paragraph("No priorities are recorded for the financial years of this period.")


def _options(doc: Any, o: Mapping[str, Any], images: PngDrawer | None) -> None:
    doc.add_paragraph(f"{o['title']} ({o['date']}).")
    _table(
        doc,
        ["Rank", "Option", "Total", "Published total", "Acceptability"],
        [[r["rank"], r["name"], r["total"], r["published"], r["acceptability"]] for r in o["ranked"]],
        "Options ranked by weighted total",
    )
    _chart(doc, o["chart"], images)
    _table(doc, o["criteria"]["headers"], o["criteria"]["rows"], o["criteria"]["caption"])


def render(
    data: Mapping[str, Any],
    *,
    images: PngDrawer | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> bytes:
    """Return the pack as a .docx: Title, Heading 1 per section, Heading 2 per item, Heading 3 within."""
    doc = Document()
    doc.core_properties.title = f"{data['title']}: {data['period_label']}"
    doc.core_properties.author = data["council"]
    doc.add_paragraph(data["council"])
    _heading(doc, data["title"], level=0)
    if data.get("draft"):
        doc.add_paragraph("DRAFT: not published, figures may change")
    for label, value in (
        ("Meeting", data["meeting"]),
        ("Date of meeting", data["meeting_date_label"]),
        ("Period covered", data["period_label"]),
    ):
        doc.add_paragraph(f"{label}: {value}")
    if data["coverage"]["message"]:
        doc.add_paragraph(data["coverage"]["message"])
    _heading(doc, "Contents", level=1)
    items = contents(data)
    for item in items:
        _para(doc, f"{item['number']}. {item['title']}", "List Number")
    for item in items:
        doc.add_page_break()
        _heading(doc, f"{item['number']}. {item['title']}", level=1)
        key = item["key"]
        progress(f"docx: {SECTION_TITLES.get(key, item['title'])}")
        if key == "changes":
            _changes(doc, data["changes"])
        elif key == "measures":
            _measures(doc, data, images)
        elif key == "actions":
            _actions(doc, data)
        elif key == "timeline":
            rows = [
                [e["display_date"], e["kind"], e["title"], e["rating"] or NO_FIGURE] for e in data["timeline"]
            ]
            if rows:
                _table(doc, ["Date", "Kind", "Event", "Rating"], rows)
            else:
                doc.add_paragraph(f"No timeline events fall in {data['period_label']}.")
        elif key == "priorities":
            _priorities(doc, data)
        elif key == "options":
            _options(doc, data["options"], images)
        elif key == "definitions":
            _table(
                doc,
                ["Measure", "Definition", "Unit and polarity", "Source"],
                [
                    [m["name"], m["definition"], f"{m['unit_label']}; {m['polarity_label']}", m["source"]]
                    for m in data["measures"]
                ],
            )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
