"""The clerk's Word copy: A4, en-GB, the council report's shape, and every figure printed once.

Real heading levels, a contents field Word fills in with page numbers, a header and a footer
with "Page X of Y" fields, table header rows that repeat on every page, charts as pictures with
alt text, and illustrative figures marked where they appear.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from core.display import NO_FIGURE
from reports.render import html
from reports.render.html import CHART_WIDTH

PngDrawer = Callable[..., bytes]
NO_IMAGE = "The chart is not drawn in this copy; its data are in the appendix of monthly values."
LANGUAGE = "en-GB"
# A measure's chart in Word is drawn a little shorter than on screen: the page is narrower.
WORD_CHART_SAVING = 120
CONTENTS_FIELD = 'TOC \\o "1-2" \\h \\z \\u'


class Writer:
    """Adds the pack's parts to one document; looks each style up once (python-docx is slow at it)."""

    def __init__(self, data: Mapping[str, Any], images: PngDrawer | None) -> None:
        self.data = data
        self.images = images
        self.mark = data["illustrative_mark"]
        self.doc = Document()
        self._styles: dict[str, str] = {}

    def style(self, name: str) -> str:
        if name not in self._styles:
            self._styles[name] = self.doc.styles[name].style_id
        return self._styles[name]

    def para(self, text: str = "", style: str = "Normal") -> Any:
        paragraph = self.doc.add_paragraph(text)
        if style != "Normal":
            paragraph._p.style = self.style(style)
        return paragraph

    def heading(self, text: str, level: int) -> Any:
        return self.para(text, "Title" if level == 0 else f"Heading {level}")

    def small(self, text: str) -> Any:
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(text)
        run.font.size = Pt(8)
        return paragraph

    def marked(self, text: str, illustrative: bool) -> str:
        return f"{text}{self.mark}" if illustrative and text else text

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Any]], caption: str = "") -> None:
        """Add a table whose first row is a header row repeated on every page."""
        if caption:
            self.para(caption, "Caption")
        table = self.doc.add_table(rows=1, cols=len(headers))
        table._tbl.tblStyle_val = self.style("Table Grid")
        header = table.rows[0]
        properties = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        properties.append(repeat)
        for cell, text in zip(header.cells, headers, strict=True):
            cell.text = str(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = "" if text is None else str(text)
        self.doc.add_paragraph()

    def chart(self, chart: Mapping[str, Any] | None, illustrative: bool, saving: int = 0) -> None:
        if not chart:
            return
        title = f"Chart: {chart['title']}" + (f" (illustrative figures {self.mark})" if illustrative else "")
        self.para(title, "Caption")
        if self.images is None:
            self.para(NO_IMAGE)
        else:
            png = self.images(chart["figure"], CHART_WIDTH, chart["height"] - saving)
            shape = self.doc.add_picture(io.BytesIO(png), width=Cm(16))
            doc_pr = shape._inline.docPr
            alt = f"{chart['title']}. {chart['summary']}"
            doc_pr.set("descr", alt + (" Illustrative figures." if illustrative else ""))
            doc_pr.set("title", chart["title"])
        self.para(chart["summary"])
        if illustrative:
            self.small(self.data["illustrative_note"])


def _field_char(paragraph: Any, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        element.set(qn("w:dirty"), "true")
    paragraph.add_run()._r.append(element)


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) to ``paragraph``, showing ``shown`` until updated."""
    _field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _field_char(paragraph, "separate")
    paragraph.add_run(shown)
    _field_char(paragraph, "end")


def _language(doc: Any) -> None:
    """Make British English the language of every style and of the document's settings."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    for lang in rpr.findall(qn("w:lang")):
        rpr.remove(lang)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)
    for element in styles.iter(qn("w:lang")):
        element.set(qn("w:val"), LANGUAGE)
    settings = doc.settings.element
    for old in settings.findall(qn("w:themeFontLang")):
        settings.remove(old)
    theme = OxmlElement("w:themeFontLang")
    theme.set(qn("w:val"), LANGUAGE)
    settings.append(theme)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    doc.core_properties.language = LANGUAGE


def _page(w: Writer) -> None:
    """A4 portrait with 2 cm margins, Arial, a running header and a "Page X of Y" footer."""
    normal = w.doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    section = w.doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    header = section.header.paragraphs[0]
    header.text = f"{w.data['council']}: {w.data['title']} ({w.data['period_label']})"
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = 2  # right
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8)


def _cover(w: Writer, data: Mapping[str, Any], any_illustrative: bool) -> None:
    cover = data["cover"]
    w.para(data["council"])
    w.heading(data["title"], 0)
    if data.get("draft"):
        w.para("DRAFT: not published, figures may change")
    w.table(
        ["Item", "Detail"],
        [
            ["Meeting", data["meeting"]],
            ["Date of meeting", data["meeting_date_label"]],
            ["Report of", cover["report_of"]],
            ["Period covered", data["period_label"]],
            ["Wards affected", cover["wards_affected"]],
            ["Key decision", cover["key_decision_label"]],
            ["Open or exempt", cover["access_label"]],
            ["Contact officer", cover["contact"]],
            ["Status", "Draft" if data.get("draft") else "Published"],
        ],
    )
    if data["coverage"]["message"]:
        w.para(data["coverage"]["message"])
    if any_illustrative:
        w.small(
            f"Illustrative figures. {data['illustrative_note']} Every such figure is marked {w.mark} "
            "where it appears, and charts drawn from them are labelled."
        )
    if data["disclosure"]["note"]:
        w.small(data["disclosure"]["note"])
    w.small(
        "RAG ratings are always given in words. Each sentence drafted automatically from the figures "
        "is marked as drafted; an officer's own words are marked as written by an officer."
    )
    w.heading("Contents", 1)
    _contents(w, html.contents(data))


def _contents(w: Writer, items: Sequence[Mapping[str, Any]]) -> None:
    """Add a real contents field; until Word updates it (on opening), it shows the entries unpaged."""
    lines = [("    " if i["level"] == 2 else "") + f"{i['number']} {i['title']}" for i in items]
    first = w.para()
    _field_char(first, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {CONTENTS_FIELD} "
    first.add_run()._r.append(instr)
    _field_char(first, "separate")
    first.add_run(lines[0])
    last = first
    for line in lines[1:]:
        last = w.para(line)
        last.paragraph_format.space_after = Pt(0)
    first.paragraph_format.space_after = Pt(0)
    _field_char(last, "end")


def _opening(w: Writer, data: Mapping[str, Any]) -> None:
    w.doc.add_page_break()
    w.heading("1. Purpose of the report", 1)
    purpose = [line for line in data["purpose"].splitlines() if line.strip()]
    for line in purpose or ["No purpose has been written for this report."]:
        w.para(line)
    w.heading("2. Recommendations", 1)
    if data["recommendations"]:
        w.para("Council is recommended to:")
        for i, text in enumerate(data["recommendations"], 1):
            w.para(f"2.{i} {text}")
    else:
        w.para("No recommendations have been written for this report.")
    w.heading("3. Executive summary", 1)
    for i, s in enumerate(data["summary"], 1):
        paragraph = w.para(f"3.{i} {s['text']} ")
        label = paragraph.add_run(f"[{s['label']}]")
        label.italic = True
        label.font.size = Pt(8)


def _changes(w: Writer, c: Mapping[str, Any]) -> None:
    if c["message"]:
        w.para(c["message"])
        return
    p = c["previous"]
    w.para(
        f"Compared with the last published report, {p['title']} ({p['period_label']}), "
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
            "Figures restated since the last report was published",
            ["Measure", "Month", "Old value", "New value", "Reason"],
            [
                [r["name"], r["month"], r["old_display"], r["new_display"], r["reason"] or "Not recorded"]
                for r in c["restated"]
            ],
        ),
    ]
    for title, headers, rows in parts:
        w.heading(title, 3)
        if rows:
            w.table(headers, rows)
        else:
            w.para("None.")


def _measure(w: Writer, m: Mapping[str, Any], values_letter: str) -> None:
    w.heading(m["name"] + (" (illustrative figures)" if m["illustrative"] else ""), 3)
    latest = m["latest"]
    latest_text = (
        f"{w.marked(latest['display'], latest.get('illustrative', False))} ({latest['month']})"
        if latest
        else "no approved value"
    )
    target = (
        w.marked(m["target"]["display"], m["target"].get("illustrative", False)) if m["target"] else "none"
    )
    spc = m["spc"]
    spc_text = (
        f"SPC ({spc['chart']}): {spc['variation'] or 'variation not judged'}; "
        f"{spc['assurance'] or 'no target to judge against'}"
        + (f"; {html.signals_text(spc['signals'])}" if spc["signals"] else "")
        + "."
        if spc["ready"]
        else f"SPC: {spc['reason']}"
    )
    w.para(
        f"Latest: {latest_text}. Target: {target}. RAG: {m['rag']['text']}. "
        f"Direction: {m['travel']['text']}. Against England: {m['england']['verdict']['text']}. {spc_text}"
    )
    w.chart(m["chart"], m["illustrative"], WORD_CHART_SAVING)
    w.small(f"The data: Appendix {values_letter}.")
    commentary = m["commentary"]
    month = f" for {commentary['month']}" if commentary["month"] else ""
    w.para(f"Commentary{month}: {commentary['status_label']}")
    for s in commentary["sentences"]:
        paragraph = w.para(s["text"] + " ")
        label = paragraph.add_run(f"[{s['label']}]")
        label.italic = True
        label.font.size = Pt(8)
    annual = m["annual_table"]
    if annual["rows"]:
        w.table(annual["headers"], annual["rows"], annual["caption"])


def _progress(w: Writer, data: Mapping[str, Any], letters: Mapping[str, str], any_illustrative: bool) -> None:
    w.heading("4. Progress", 1)
    notes = data["progress"]
    for item in html.progress_items(data):
        w.heading(f"{item['number']} {item['title']}", 2)
        key = item["key"]
        if key == "changes":
            _changes(w, data["changes"])
        elif key == "measures":
            if data["coverage"]["state"] == "empty":
                w.para(data["coverage"]["message"])
                continue
            w.para(
                "Each measure's latest approved value is in the scorecard "
                f"(Appendix {letters['scorecard']}); every monthly value behind the charts is in "
                f"Appendix {letters['values']}."
            )
            overview = data.get("overview")
            if overview:
                w.chart(overview, any_illustrative)
                table = overview["table"]
                w.table(table["headers"], _marked_rows(w, table, any_illustrative), table["caption"])
            if data.get("event_marks"):
                w.para("Numbered dotted lines on each measure's chart mark these events:")
                for mark in data["event_marks"]:
                    w.para(f"{mark['number']}. {mark['title']}")
            for m in data["measures"]:
                _measure(w, m, letters["values"])
        elif key in notes:
            where = {
                "actions": "Each action, its owner, due date and latest update is in Appendix {}.",
                "timeline": "The events are listed in Appendix {}.",
                "priorities": "The priorities and their milestones are in Appendix {}.",
                "options": "The appraisal, its criteria and its sensitivity are in Appendix {}.",
            }[key]
            w.para(f"{notes[key]} {where.format(letters[key])}")


def _marked_rows(w: Writer, table: Mapping[str, Any], illustrative: bool) -> list[list[Any]]:
    numeric = set(table["numeric"])
    return [
        [w.marked(str(cell), illustrative and i in numeric) for i, cell in enumerate(row)]
        for row in table["rows"]
    ]


def _update_text(update: Mapping[str, Any] | None) -> str:
    return f"{update['date']}, {update['rag']}: {update['commentary']}" if update else NO_FIGURE


def _appendix(w: Writer, key: str, data: Mapping[str, Any], letters: Mapping[str, str], note: bool) -> None:
    measures = data["measures"]
    if key == "scorecard":
        w.table(
            ["Measure", "Latest", "Month", "Target", "RAG", "Direction", "Against England"],
            [
                [
                    m["name"],
                    w.marked(m["latest"]["display"], m["latest"].get("illustrative", False))
                    if m["latest"]
                    else NO_FIGURE,
                    m["latest"]["month"] if m["latest"] else "",
                    w.marked(m["target"]["display"], m["target"].get("illustrative", False))
                    if m["target"]
                    else "No target",
                    m["rag"]["text"],
                    m["travel"]["text"],
                    m["england"]["verdict"]["text"],
                ]
                for m in measures
            ],
            "Each measure's latest approved value up to the end of the period",
        )
        if note:
            w.small(data["illustrative_note"])
    elif key == "values":
        w.small(
            "The approved value of each month in the period, with the target in force and its RAG rating: "
            "the data behind each measure's chart in section 4."
            + (f" {data['illustrative_note']}" if note else "")
            + (
                ' "c": not shown under disclosure control; not zero.'
                if data["disclosure"]["suppressed"]
                else ""
            )
        )
        for m in measures:
            if not m["values"]:
                w.para(f"{m['name']}: no approved values in this period.")
                continue
            w.table(
                ["Month", "Value", "Target", "RAG"],
                [
                    [
                        v["month"],
                        w.marked(v["display"], v["illustrative"] and not v["suppressed"]),
                        w.marked(v["target_display"], v["target_illustrative"]) or NO_FIGURE,
                        v["rag"],
                    ]
                    for v in m["values"]
                ],
                m["name"],
            )
    elif key == "actions":
        for theme in data["actions"]:
            w.table(
                ["Action", "Owner", "Status", "Due", "Latest update"],
                [
                    [
                        a["title"] + (f" [{a['provenance']}]" if a["provenance"] else ""),
                        a["owner"],
                        a["status_label"] + (f" ({a['completed']})" if a["completed"] else ""),
                        a["due"],
                        _update_text(a["latest_update"]),
                    ]
                    for a in theme["actions"]
                ],
                theme["title"],
            )
        if not data["actions"]:
            w.para("No improvement actions are recorded.")
    elif key == "timeline":
        rows = [
            [e["display_date"], e["kind"], f"{e['title']}: {e['summary']}", e["rating"] or NO_FIGURE]
            for e in data["timeline"]
        ]
        if rows:
            w.table(["Date", "Kind", "Event", "Rating"], rows, f"Events from {data['period_label']}")
        else:
            w.para(f"No timeline events fall in {data['period_label']}.")
    elif key == "priorities":
        for p in data["priorities"]:
            w.heading(f"{p['title']} ({p['year']})", 2)
            w.para(
                f"Lead: {p['lead']}."
                + (f" [{p['provenance']}]" if p["provenance"] else "")
                + f" {p['description']}"
            )
            if p["milestones"]:
                w.table(
                    ["Milestone", "Due", "Status"],
                    [[ms["title"], ms["due"], ms["status"]["text"]] for ms in p["milestones"]],
                )
            if p["measures"]:
                names = "; ".join(f"{pm['name']} ({pm['rag'] or 'no RAG'})" for pm in p["measures"])
                w.para(
                    f"Measures: {names}; their latest values are in Appendix {letters.get('scorecard', '')}."
                )
        if not data["priorities"]:
            w.para("No priorities are recorded for the financial years of this period.")
    elif key == "options":
        _options(w, data["options"], data)
    elif key == "definitions":
        sources = list(dict.fromkeys(m["source"] for m in measures))
        w.para("Sources:")
        for i, source in enumerate(sources, 1):
            w.small(f"{i}. {source}")
        w.table(
            ["Measure", "Definition", "Unit and polarity", "Source"],
            [
                [
                    m["name"],
                    m["definition"],
                    f"{m['unit_label']}; {m['polarity_label']}"
                    + ("; disclosure control" if m.get("disclosure_control") else ""),
                    f"{sources.index(m['source']) + 1}"
                    + (f". Values: {', '.join(m['provenance_labels'])}" if m["provenance_labels"] else ""),
                ]
                for m in measures
            ],
            "Definitions in force when the report was built",
        )


def _options(w: Writer, o: Mapping[str, Any], data: Mapping[str, Any]) -> None:
    w.para(
        f"{o['title']} ({o['date']})."
        + (f" Chosen: {o['chosen']}." if o["chosen"] else "")
        + f" {o['description']}"
    )
    scores, ranks = o.get("scores_illustrative", False), o.get("acceptability_illustrative", False)
    w.table(
        ["Rank", "Option", "Weighted total", "Published total", "Acceptability rank"],
        [
            [
                r["rank"],
                r["name"],
                w.marked(r["total"], scores),
                r["published"],
                w.marked(r["acceptability"], ranks and r["acceptability"].isdigit()),
            ]
            for r in o["ranked"]
        ],
        "Options ranked by weighted total",
    )
    if scores or ranks:
        w.small(
            f"{data['illustrative_note']} The weighted totals are computed from reconstructed scores "
            "and reproduce the published totals."
        )
    w.chart(o["chart"], scores)
    table = o["chart"]["table"]
    w.table(table["headers"], _marked_rows(w, table, scores), table["caption"])
    criteria = o["criteria"]
    w.table(
        criteria["headers"],
        _marked_rows(w, criteria, o.get("criteria_illustrative", False)),
        criteria["caption"],
    )
    if o.get("criteria_illustrative"):
        w.small(data["illustrative_note"])
    if o.get("sensitivity_summary"):
        w.para(o["sensitivity_summary"])
    if o.get("reconstructed"):
        w.small(f"Reconstructed, not published: {'; '.join(o['reconstructed'])}.")


def render(
    data: Mapping[str, Any],
    *,
    images: PngDrawer | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> bytes:
    """Return the pack as a .docx: Title, Heading 1 per section and appendix, Heading 2 and 3 within."""
    data = html.upgraded(data)
    w = Writer(data, images)
    doc = w.doc
    doc.core_properties.title = f"{data['title']}: {data['period_label']}"
    doc.core_properties.author = data["council"]
    _language(doc)
    _page(w)
    any_illustrative = any(m["illustrative"] for m in data["measures"])
    letters = html.appendix_letters(data)
    _cover(w, data, any_illustrative)
    _opening(w, data)
    progress("docx: progress")
    _progress(w, data, letters, any_illustrative)
    w.heading("5. Contact officer", 1)
    w.para(data["cover"]["contact"])
    w.heading("6. Appendices", 1)
    appendices = html.appendix_items(data)
    for a in appendices:
        w.para(f"Appendix {a['number']} \N{EN DASH} {a['title']}")
    for a in appendices:
        doc.add_page_break()
        progress(f"docx: appendix {a['number']}")
        w.heading(f"Appendix {a['number']}: {a['title']}", 1)
        _appendix(w, a["key"], data, letters, any_illustrative)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
