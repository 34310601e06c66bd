"""The data annex: one sheet per section plus a metadata sheet; numbers as numbers.

Text that a spreadsheet would read as a formula (starting = + - @, a tab or a carriage
return) is written with a leading apostrophe, so a value typed by an officer can never run.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports.render.html import upgraded

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ILLUSTRATIVE = "Illustrative: reconstructed, not the council's own figure"
DERIVED = "Derived from illustrative figures"
PUBLISHED = "Not illustrative"


def safe(value: Any) -> Any:
    """Return ``value`` ready for a cell: formula-like text escaped with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def num(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(text)


def month(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def figure(value: Mapping[str, Any]) -> Any:
    """Return a monthly value for its cell: a number, or "c" when disclosure control hides it."""
    return value.get("display") if value.get("suppressed") else num(value["value"])


def provenance(*flags: tuple[str, bool]) -> str:
    """Return a row's provenance cell: which of its figures are illustrative, in words."""
    marked = [name for name, illustrative in flags if illustrative]
    if not marked:
        return PUBLISHED
    return f"{ILLUSTRATIVE} ({', '.join(marked)})"


def _sheet(wb: Workbook, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    ws = wb.create_sheet(title[:31])
    ws.append([safe(h) for h in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, 2):
        ws.append([safe(v) for v in row])
        for column, value in enumerate(row, 1):
            if isinstance(value, dt.date):
                ws.cell(row=number, column=column).number_format = "mmm yyyy"
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(60, len(str(header)) + 4))


def render(data: Mapping[str, Any], *, progress: Callable[[str], None] = lambda _: None) -> bytes:
    """Return the pack's figures as an .xlsx workbook; each sheet with an illustrative figure says so."""
    data = upgraded(data)
    wb = Workbook()
    about = wb.active
    about.title = "About"
    for label, value in (
        ("Council", data["council"]),
        ("Title", data["title"]),
        ("Meeting", data["meeting"]),
        ("Date of meeting", data["meeting_date_label"]),
        ("Period covered", data["period_label"]),
        ("Status", "Draft: figures may change" if data.get("draft") else "Published"),
        ("Coverage", data["coverage"]["message"] or "Every month of the period has approved figures."),
        ("Report of", data["cover"]["report_of"]),
        ("Contact officer", data["cover"]["contact"]),
        ("Purpose", data["purpose"] or "not written"),
        ("Recommendations", "; ".join(data["recommendations"]) or "not written"),
        ("Illustrative figures", "Each sheet holding one has a Provenance column saying so on its row."),
        ("Disclosure control", data["disclosure"]["note"] or "not recorded"),
    ):
        about.append([label, safe(value)])
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 90
    measures = data["measures"]
    shown = set(data["sections"])
    by_name = {m["name"]: m for m in measures}

    def illustrative(name: str, what: str = "derived from the monthly values") -> str:
        if by_name.get(name, {}).get("illustrative"):
            return DERIVED if what.startswith("derived") else f"{ILLUSTRATIVE} ({what})"
        return PUBLISHED

    if "changes" in shown and data.get("changes"):
        c = data["changes"]
        _sheet(
            wb,
            "Changes",
            ["Kind", "Item", "Month", "Before", "After", "Old value", "New value", "Reason", "Provenance"],
            [
                [
                    "RAG changed",
                    r["name"],
                    None,
                    r["before"],
                    r["after"],
                    None,
                    None,
                    None,
                    illustrative(r["name"]),
                ]
                for r in c["rag"]
            ]
            + [
                [
                    "Signal changed",
                    r["name"],
                    None,
                    r["before"],
                    r["after"],
                    None,
                    None,
                    None,
                    illustrative(r["name"]),
                ]
                for r in c["signals"]
            ]
            + [
                ["Action completed", a["title"], None, a["before"], a["after"], None, None, None, None]
                for a in c["completed"]
            ]
            + [
                ["Action slipped", a["title"], None, a["before"], a["after"], None, None, None, None]
                for a in c["slipped"]
            ]
            + [["New event", e["title"], None, None, e["date"], None, None, None, None] for e in c["events"]]
            + [
                [
                    "Figure restated",
                    r["name"],
                    month(r["period"]),
                    None,
                    None,
                    num(r["old"]),
                    num(r["new"]),
                    r["reason"],
                    illustrative(r["name"], "old value, new value"),
                ]
                for r in c["restated"]
            ]
            + ([["Note", c["message"], None, None, None, None, None, None, None]] if c["message"] else []),
        )
    if "measures" in shown:
        progress("xlsx: measures")
        _sheet(
            wb,
            "Scorecard",
            [
                "Code",
                "Measure",
                "Latest month",
                "Latest value",
                "Target",
                "RAG",
                "Direction",
                "Against England",
                "Against neighbours",
                "Variation (SPC)",
                "Assurance (SPC)",
                "Provenance",
            ],
            [
                [
                    m["code"],
                    m["name"],
                    month(m["latest"]["period"]) if m["latest"] else None,
                    figure(m["latest"]) if m["latest"] else None,
                    num(m["target"]["value"]) if m["target"] else None,
                    m["rag"]["text"],
                    m["travel"]["text"],
                    m["england"]["verdict"]["text"],
                    " ".join(
                        filter(None, [m["neighbours"]["verdict"]["text"], m["neighbours"].get("coverage")])
                    ),
                    m["spc"].get("variation") or "",
                    m["spc"].get("assurance") or "",
                    provenance(
                        ("latest value", bool(m["latest"] and m["latest"].get("illustrative"))),
                        ("target", bool(m["target"] and m["target"].get("illustrative"))),
                        ("RAG, direction and SPC derived from them", m["illustrative"]),
                    ),
                ]
                for m in measures
            ],
        )
        _sheet(
            wb,
            "Monthly values",
            ["Code", "Measure", "Month", "Value", "Target", "RAG", "Provenance"],
            [
                [
                    m["code"],
                    m["name"],
                    month(v["period"]),
                    figure(v),
                    num(v["target"]),
                    v["rag"],
                    provenance(
                        ("value", bool(v.get("illustrative")) and not v.get("suppressed")),
                        ("target", bool(v.get("target_illustrative"))),
                    ),
                ]
                for m in measures
                for v in m["values"]
            ],
        )
        _sheet(
            wb,
            "Benchmarks",
            ["Code", "Measure", "Comparator", "Year (DfE)", "Value"],
            [
                [m["code"], m["name"], comparator, int(year), num(value)]
                for m in measures
                for comparator, years in m["annual"].items()
                for year, value in years.items()
            ],
        )
        _sheet(
            wb,
            "SPC signals",
            ["Code", "Measure", "Month", "Signal", "Rule", "Provenance"],
            [
                [m["code"], m["name"], month(s["period"]), s["class"], s["rule"], illustrative(m["name"])]
                for m in measures
                for s in m["spc"]["signals"]
            ],
        )
        _sheet(
            wb,
            "Commentary",
            ["Code", "Measure", "Month", "Status", "Sentence", "Written by", "Provenance"],
            [
                [
                    m["code"],
                    m["name"],
                    m["commentary"]["month"],
                    m["commentary"]["status_label"],
                    s["text"],
                    s["label"],
                    illustrative(m["name"]),
                ]
                for m in measures
                for s in m["commentary"]["sentences"]
            ],
        )
    if "actions" in shown:
        _sheet(
            wb,
            "Actions",
            [
                "Theme",
                "Code",
                "Action",
                "Owner",
                "Status",
                "Due",
                "Completed",
                "Latest update date",
                "Latest update RAG",
                "Latest update",
                "Provenance",
            ],
            [
                [t["title"], a["code"], a["title"], a["owner"], a["status_label"], a["due"], a["completed"]]
                + (
                    [a["latest_update"]["date"], a["latest_update"]["rag"], a["latest_update"]["commentary"]]
                    if a["latest_update"]
                    else [None, None, None]
                )
                + [a["provenance"] or PUBLISHED]
                for t in data["actions"]
                for a in t["actions"]
            ],
        )
    if "timeline" in shown:
        _sheet(
            wb,
            "Timeline",
            ["Date", "Kind", "Event", "Rating", "Summary", "Source"],
            [
                [e["display_date"], e["kind"], e["title"], e["rating"], e["summary"], e["source"]]
                for e in data["timeline"]
            ],
        )
    if "priorities" in shown:
        _sheet(
            wb,
            "Priorities",
            ["Year", "Priority", "Lead", "Milestone", "Due", "Status", "Provenance"],
            [
                [
                    p["year"],
                    p["title"],
                    p["lead"],
                    ms["title"],
                    ms["due"],
                    ms["status"]["text"],
                    p["provenance"] or PUBLISHED,
                ]
                for p in data["priorities"]
                for ms in p["milestones"]
            ]
            + [
                [p["year"], p["title"], p["lead"], None, None, None, p["provenance"] or PUBLISHED]
                for p in data["priorities"]
                if not p["milestones"]
            ],
        )
    if "options" in shown and data.get("options"):
        o = data["options"]
        _sheet(
            wb,
            "Options",
            ["Rank", "Option", "Weighted total", "Published total", "Acceptability rank", "Provenance"],
            [
                [
                    r["rank"],
                    r["name"],
                    num(o["totals"].get(r["name"])),
                    int(r["published"]) if r["published"].isdigit() else None,
                    int(r["acceptability"]) if r["acceptability"].isdigit() else None,
                    provenance(
                        ("weighted total, from reconstructed scores", o.get("scores_illustrative", False)),
                        (
                            "acceptability rank",
                            o.get("acceptability_illustrative", False) and r["acceptability"].isdigit(),
                        ),
                    ),
                ]
                for r in o["ranked"]
            ],
        )
    _sheet(
        wb,
        "Metadata",
        [
            "Code",
            "Measure",
            "Definition",
            "Unit",
            "Polarity",
            "Decimal places",
            "Frequency",
            "Basis: how the months make the year",
            "Source",
            "DfE LAIT code",
            "Provenance of values",
        ],
        [
            [
                m["code"],
                m["name"],
                m["definition"],
                m["unit_label"],
                m["polarity_label"],
                m["decimal_places"],
                m["frequency_label"],
                m["basis_label"],
                m["source"],
                m["lait_code"],
                "; ".join(m["provenance_labels"]),
            ]
            for m in measures
        ],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
