"""Build a pack's snapshot: plain JSON of everything the pack shows, from the pages' own selectors.

The snapshot reads the same selectors, analysis and presenters as the public pages (approved
values only), so a pack and a page for the same period can never disagree. Decimals are stored
as strings so nothing is lost to floating point; dates as ISO strings. A published pack renders
from this JSON alone (see ``reports.render``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from core.choices import ILLUSTRATIVE_PROVENANCES, Provenance
from core.display import Chart, Table
from core.periods import month_end, months_between
from improvement import presenters as improvement_presenters
from improvement import selectors as improvement_selectors
from options import presenters as options_presenters
from options import selectors as options_selectors
from performance import disclosure
from performance.benchmarks.areas import LIST_SOURCE
from performance.benchmarks.presenters import coverage_label
from performance.benchmarks.selectors import neighbours_averaged
from performance.judgement.basis import dfe_year
from performance.judgement.commentary import DRAFTED_NOTE, OFFICER_NOTE, Sentence
from performance.judgement.judgement import Judgement
from performance.judgement.selectors import MeasureJudgements, judgements_for
from performance.judgement.services import draft_for
from performance.measures import presenters, selectors
from performance.measures.charts import EventMark
from performance.measures.selectors import PublishedSeries, ValueDetail
from performance.models import Basis, CommentaryStatus, Measure, MeasureCommentary, Unit
from performance.spc import SpcResult
from reports.changes import changes_since
from reports.models import Section
from reports.summary import drafted_summary, officer_summary, progress_notes

SCHEMA = 2
ILLUSTRATIVE_MARK = "\N{DAGGER}"
ILLUSTRATIVE_NOTE = (
    f"{ILLUSTRATIVE_MARK} Illustrative: reconstructed or derived for this demonstration, "
    "not the council's own figure."
)
NOT_SHOWN = "Not shown (c)"


def dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def table_dict(table: Table) -> dict[str, Any]:
    return {
        "caption": table.caption,
        "headers": list(table.headers),
        "rows": [list(r) for r in table.rows],
        "numeric": sorted(table.numeric),
    }


PRINT_WIDTH = 680  # the width charts are drawn at for paper (reports.render.html.CHART_WIDTH)


def print_figure(figure: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Return the figure laid out for paper, and how many pixels taller it must be drawn.

    On paper a chart is drawn at one fixed width and often shorter than on screen, where a
    horizontal legend placed below the plot would wrap onto several rows and overprint the
    x-axis labels and title. Such a legend is anchored to the foot of the figure with room made
    for its rows; the data and everything else stay as on the page.
    """
    layout = figure.get("layout", {})
    legend = layout.get("legend", {})
    if legend.get("orientation") != "h" or legend.get("y", 0) > 0:
        return figure, 0
    names = [t.get("name", "") for t in figure.get("data", []) if t.get("showlegend", True)]
    if not names:
        return figure, 0
    # Plotly lays a wrapping legend out in columns as wide as its longest entry.
    per_row = max(1, (PRINT_WIDTH - 60) // (40 + 6 * max((len(n) for n in names), default=0)))
    rows = max(1, math.ceil(len(names) / per_row))
    margin = dict(layout.get("margin", {}))
    extra = 20 * rows + (16 if layout.get("xaxis", {}).get("title") else 8)
    margin["b"] = margin.get("b", 48) + extra
    legend = {**legend, "yref": "container", "y": 0, "yanchor": "bottom", "font": {"size": 10}}
    return {**figure, "layout": {**layout, "legend": legend, "margin": margin}}, extra


def chart_dict(chart: Chart) -> dict[str, Any]:
    figure, extra = print_figure(chart.figure)
    return {
        "id": chart.id,
        "title": chart.title,
        "summary": chart.summary,
        "figure": figure,
        "table": table_dict(chart.table),
        "height": chart.height + extra,
        "illustrative": chart.illustrative,
    }


def _status_dict(
    measure: Measure, judgement: Judgement | None, row: presenters.ScorecardRow, stored: Decimal | None
) -> dict[str, Any]:
    unit, places = measure.unit, measure.decimal_places
    target = judgement.target if judgement else None
    return {
        "latest": (
            {
                "period": judgement.period.isoformat(),
                "month": presenters.month_label(judgement.period),
                "value": dec(stored),
                "display": row.latest,
            }
            if judgement
            else None
        ),
        "target": (
            {
                "value": dec(target.value),
                "tolerance": dec(target.tolerance),
                "basis": target.basis,
                "display": presenters.format_value(target.value, unit, places),
                "judged": presenters.format_value(target.figure, unit, places),
                "judged_label": target.figure_label,
                "provenance": target.provenance,
                "illustrative": target.provenance in ILLUSTRATIVE_PROVENANCES,
            }
            if target
            else None
        ),
        "rag": asdict(row.rag),
        "travel": {**asdict(row.travel), "compared_month": row.compared_month},
        "england": {"verdict": asdict(row.england.verdict), "detail": row.england.detail},
        "neighbours": {"verdict": asdict(row.neighbours.verdict), "detail": row.neighbours.detail},
        "tension": row.tension,
    }


def _spc_dict(spc: SpcResult | None, start: dt.date) -> dict[str, Any]:
    if spc is None:
        return {"ready": False, "reason": "No SPC for this measure.", "chart": "", "signals": []}
    return {
        "ready": spc.ready,
        "reason": spc.reason,
        "chart": spc.chart.label,
        "variation": spc.variation.label if spc.variation else None,
        "variation_code": spc.variation.value if spc.variation else None,
        "assurance": spc.assurance.label if spc.assurance else None,
        "assurance_code": spc.assurance.value if spc.assurance else None,
        "signals": [
            {
                "period": p.period.isoformat(),
                "month": presenters.month_label(p.period),
                "rule": p.rule.label if p.rule else "",
                "class": p.klass.label if p.klass else "",
            }
            for p in spc.signals
            if p.period >= start
        ],
    }


def _commentary_dict(
    latest: Judgement | None, approved: list[dict] | None, drafted: Callable[[], list]
) -> dict:
    """Return the month's approved commentary, else the automatic draft, each sentence labelled."""
    if latest is None:
        return {
            "status": "none",
            "status_label": "No commentary: no approved value",
            "month": "",
            "sentences": [],
        }
    sentences = [Sentence.from_dict(s) for s in approved] if approved is not None else drafted()
    return {
        "status": CommentaryStatus.APPROVED if approved is not None else "not_saved",
        "status_label": "Approved" if approved is not None else "Drafted automatically, not yet approved",
        "month": presenters.month_label(latest.period),
        "sentences": [
            {
                "key": s.key,
                "text": s.text,
                "drafted": s.drafted,
                "label": DRAFTED_NOTE if s.drafted else OFFICER_NOTE,
            }
            for s in sentences
        ],
    }


def approved_commentaries(measure_ids: Sequence[int]) -> dict[tuple[int, dt.date], list[dict]]:
    """Return approved commentary sentences by (measure id, month). One query."""
    rows = MeasureCommentary.objects.filter(status=CommentaryStatus.APPROVED, measure_id__in=measure_ids)
    return {(m, p): sentences for m, p, sentences in rows.values_list("measure_id", "period", "sentences")}


def _annual_as_at(published: PublishedSeries, as_at: dt.date) -> dict:
    """Keep the annual figures published by the pack's "as at" date."""
    return {
        comparator: {y: p.value for y, p in years.items() if p.value is not None and p.published_on <= as_at}
        for comparator, years in published.items()
    }


def suppressed_months(
    measure: Measure,
    points: Sequence[Any],
    details: Mapping[dt.date, ValueDetail],
    year_totals: Mapping[int, Decimal],
) -> set[dt.date]:
    """Return the months a public output shows as "c" under the measure's disclosure rule.

    Counts are grouped by the DfE year they add up to; a group whose published total is shown
    gets secondary suppression. A percentage or rate is suppressed when its counts are small.
    """
    if not measure.disclosure_control:
        return set()
    if measure.unit != Unit.COUNT:
        return {
            p.period
            for p in points
            if p.period in details
            and disclosure.ratio_suppressed(details[p.period].numerator, details[p.period].denominator)
        }
    years: dict[int, list[Any]] = {}
    for point in points:
        years.setdefault(dfe_year(point.period, measure.year_basis), []).append(point)
    hidden: set[dt.date] = set()
    for year, group in years.items():
        total_shown = measure.basis == Basis.COUNT and year in year_totals
        flags = disclosure.group_suppressed([p.value for p in group], total_shown=total_shown)
        hidden.update(p.period for p, flag in zip(group, flags, strict=True) if flag)
    return hidden


def _value_row(
    measure: Measure, stored: Decimal, judgement: Judgement, detail: ValueDetail | None, hidden: bool
) -> dict[str, Any]:
    unit, places = measure.unit, measure.decimal_places
    target = judgement.target
    provenance = detail.provenance if detail else ""
    return {
        "period": judgement.period.isoformat(),
        "month": presenters.month_label(judgement.period),
        "value": None if hidden else dec(stored),
        "display": disclosure.SYMBOL if hidden else presenters.format_value(judgement.value, unit, places),
        "comparable": None if hidden or not judgement.comparable else dec(judgement.comparable.value),
        "suppressed": hidden,
        "provenance": provenance,
        "provenance_label": Provenance(provenance).label if provenance in Provenance.values else "",
        "illustrative": provenance in ILLUSTRATIVE_PROVENANCES,
        "target": dec(target.value) if target else None,
        "target_display": presenters.format_value(target.value, unit, places) if target else "",
        "target_illustrative": target is not None and target.provenance in ILLUSTRATIVE_PROVENANCES,
        "rag": NOT_SHOWN if hidden else presenters.rag_badge(judgement).text,
    }


def _measure_entry(
    judged: MeasureJudgements,
    *,
    provenances: set[str],
    events: Sequence[EventMark],
    start: dt.date,
    end: dt.date,
    commentaries: Mapping[tuple[int, dt.date], list[dict]],
    details: Mapping[dt.date, ValueDetail],
    public: bool,
) -> dict[str, Any]:
    measure = judged.measure
    unit, places = measure.unit, measure.decimal_places
    latest = judged.latest
    in_period = [p for p in judged.points if p.period >= start]
    judgements = [j for j in judged.months if j.period >= start]
    annual = _annual_as_at(judged.published, month_end(end))
    row = presenters.scorecard_row(measure, latest, judged.points, judged.illustrative)
    illustrative = presenters.is_illustrative(provenances)
    up_to_end = [p for p in judged.points if p.period <= end]
    # Every total DfE has published counts, not only those published by the "as at" date: a total
    # published later would still give a suppressed month back.
    totals = {y: p.value for y, p in judged.published.get("council", {}).items() if p.value is not None}
    hidden = suppressed_months(measure, up_to_end, details, totals) if public else set()
    shown = [p for p in in_period if p.period not in hidden]
    chart = presenters.trend_chart(
        measure,
        shown,
        [j for j in judgements if j.period not in hidden],
        judged.targets,
        annual,
        events,
        illustrative,
    )
    stored = {p.period: p.value for p in in_period}
    values = [
        _value_row(measure, stored[j.period], j, details.get(j.period), j.period in hidden)
        for j in judgements
    ]
    entry = {
        "id": measure.pk,
        "code": measure.code,
        "name": measure.name,
        "short_name": measure.short_name,
        "topic": measure.topic,
        "definition": measure.definition,
        "unit": unit,
        "unit_label": measure.get_unit_display(),
        "polarity": measure.polarity,
        "polarity_label": measure.get_polarity_display(),
        "decimal_places": places,
        "frequency_label": measure.get_frequency_display(),
        "basis_label": measure.get_basis_display(),
        "source": measure.source,
        "lait_code": measure.lait_code,
        "provenances": sorted(provenances),
        "provenance_labels": [Provenance(p).label for p in sorted(provenances) if p in Provenance.values],
        "illustrative": illustrative,
        "values": values,
        "months_missing": 0,
        "annual": {c: {str(y): dec(v) for y, v in sorted(f.items())} for c, f in annual.items() if f},
        "annual_table": table_dict(presenters.annual_table(measure, annual)),
        "spc": _spc_dict(judged.spc, start),
        "commentary": _commentary_dict(
            latest,
            commentaries.get((measure.pk, latest.period)) if latest else None,
            lambda: draft_for(measure, latest) if latest else [],
        ),
        "chart": chart_dict(chart),
        "disclosure_control": measure.disclosure_control,
        "suppressed_count": len(hidden & {p.period for p in in_period}),
        **_status_dict(measure, latest, row, judged.points[-1].value if judged.points else None),
    }
    shown_latest = entry["latest"]
    if shown_latest is not None and latest is not None:
        detail = details.get(latest.period)
        shown_latest["illustrative"] = detail is not None and detail.provenance in ILLUSTRATIVE_PROVENANCES
        shown_latest["suppressed"] = latest.period in hidden
        if shown_latest["suppressed"]:
            shown_latest.update(value=None, display=disclosure.SYMBOL)
            entry["rag"] = {**entry["rag"], "text": NOT_SHOWN}
            entry["commentary"] = {
                "status": "suppressed",
                "status_label": "No commentary: the latest figure is shown as c",
                "month": "",
                "sentences": [],
            }
    return entry


def _measures_section(
    start: dt.date, end: dt.date, *, public: bool
) -> tuple[list[dict], dict | None, list[dict]]:
    measures = list(selectors.measures_active())
    ids = [m.pk for m in measures]
    provenances = selectors.approved_values(ids)
    judged = judgements_for(measures, up_to=end, as_at=month_end(end)) if measures else {}
    found = list(improvement_selectors.events_between(start, month_end(end)))
    events = [EventMark(e.date, i, f"{e.display_date}: {e.title}") for i, e in enumerate(found, 1)]
    entries = []
    months = len(months_between(start, end))
    commentaries = approved_commentaries(ids)
    averaged = neighbours_averaged(ids)
    for measure in measures:
        entry = _measure_entry(
            judged[measure.pk],
            provenances=provenances.provenances_of(measure.pk),
            events=events,
            start=start,
            end=end,
            commentaries=commentaries,
            details=provenances.details_of(measure.pk),
            public=public,
        )
        entry["months_missing"] = months - len(entry["values"])
        shown = judged[measure.pk].latest
        compared = averaged.get(measure.pk, {}).get(shown.neighbours.year if shown else None)
        entry["neighbours"]["coverage"] = (
            coverage_label(compared, settings.STATISTICAL_NEIGHBOURS) if compared is not None else ""
        )
        entries.append(entry)
    latest = {m.pk: judged[m.pk].latest for m in measures}
    overview = (
        chart_dict(presenters.rag_chart(presenters.rag_direction_counts(measures, latest), len(measures)))
        if measures
        else None
    )
    marks = [{"number": e.number, "title": e.title} for e in events]
    return entries, overview, marks


def coverage(entries: Sequence[Mapping[str, Any]], start: dt.date, end: dt.date) -> dict[str, Any]:
    """Return whether the period is empty, partial or complete, with the message the pack prints."""
    period = f"{start:%B %Y} to {end:%B %Y}"
    expected = months_between(start, end)
    seen = sorted({v["period"] for e in entries for v in e["values"]})
    if not seen:
        return {
            "state": "empty",
            "months_expected": len(expected),
            "months_with_values": 0,
            "message": f"There are no approved figures for {period}, so this pack has no performance "
            "figures to show. Check the period, or approve the months' values first.",
        }
    first, last = dt.date.fromisoformat(seen[0]), dt.date.fromisoformat(seen[-1])
    gaps = sum(1 for e in entries if e["months_missing"])
    if len(seen) == len(expected) and not gaps:
        return {
            "state": "complete",
            "months_expected": len(expected),
            "months_with_values": len(seen),
            "message": "",
        }
    message = (
        f"Partial period: approved figures cover {len(seen)} of the {len(expected)} months of {period} "
        f"(from {first:%B %Y} to {last:%B %Y})"
    )
    if gaps:
        message += f"; {gaps} of {len(entries)} measures have months with no approved value"
    return {
        "state": "partial",
        "months_expected": len(expected),
        "months_with_values": len(seen),
        "message": message + ". Missing months are shown as gaps, never filled in.",
    }


def _actions_section(end: dt.date) -> list[dict[str, Any]]:
    as_at = month_end(end)
    themes = []
    for theme in improvement_selectors.themes_with_actions():
        actions = []
        for action in theme.actions.all():
            row = improvement_presenters.action_row(action)
            updates = [u for u in action.updates.all() if u.date <= as_at]
            latest = improvement_presenters.update_row(updates[0]) if updates else None
            actions.append(
                {
                    "code": action.code,
                    "title": action.title,
                    "owner": action.owner,
                    "status": action.status,
                    "status_label": row.status.text,
                    "due": row.due,
                    "due_date": action.due_date.isoformat() if action.due_date else None,
                    "completed": row.completed,
                    "provenance": row.provenance,
                    "latest_update": (
                        {
                            "date": latest.date,
                            "rag": latest.rag.text,
                            "commentary": latest.commentary,
                            "author": latest.author,
                            "provenance": latest.provenance,
                        }
                        if latest
                        else None
                    ),
                }
            )
        themes.append(
            {"code": theme.code, "title": theme.title, "description": theme.description, "actions": actions}
        )
    return themes


def event_dict(event: Any) -> dict[str, Any]:
    return {
        "slug": event.slug,
        "date": event.date.isoformat(),
        "display_date": event.display_date,
        "kind": event.get_kind_display(),
        "title": event.title,
        "body": event.body,
        "rating": event.rating,
        "summary": event.summary,
        "source": event.source,
    }


def _timeline_section(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    return [event_dict(e) for e in improvement_selectors.events_between(start, month_end(end))]


def _financial_year(day: dt.date) -> int:
    return improvement_presenters.current_financial_year(day)


def _priorities_section(start: dt.date, end: dt.date, measures: Sequence[Mapping[str, Any]]) -> list[dict]:
    by_code = {m["code"]: m for m in measures}
    years = [
        y
        for y in improvement_selectors.priority_years()
        if _financial_year(start) <= y <= _financial_year(end)
    ]
    found = []
    for year in sorted(years):
        for priority in improvement_selectors.priorities_for_year(year):
            found.append(
                {
                    "code": priority.code,
                    "year": improvement_presenters.financial_year(year),
                    "title": priority.title,
                    "description": priority.description,
                    "lead": priority.lead,
                    "provenance": improvement_presenters.provenance_note(priority.provenance),
                    "milestones": [
                        asdict(improvement_presenters.milestone_row(m)) for m in priority.milestones.all()
                    ],
                    "measures": [
                        {
                            "name": m.name,
                            "latest": by_code[m.code]["latest"]["display"]
                            if by_code.get(m.code, {}).get("latest")
                            else "",
                            "rag": by_code[m.code]["rag"]["text"] if m.code in by_code else "",
                        }
                        for m in priority.measures.all()
                    ],
                }
            )
    return found


def _options_section() -> dict[str, Any] | None:
    current = options_selectors.appraisal_current()
    if current is None:
        return None
    options = list(options_selectors.options_with_totals(appraisal=current))
    criteria, scores = options_selectors.appraisal_matrix(appraisal=current)
    page = options_presenters.appraisal_page(options, criteria, scores)
    return {
        "title": current.title,
        "date": current.display_date,
        "description": current.description,
        "chosen": current.chosen_option.name if current.chosen_option else "",
        "ranked": [asdict(r) for r in page.ranked],
        "totals": {o.name: dec(o.total) for o in options},
        "chart": chart_dict(page.chart),
        "criteria": table_dict(page.criteria),
        "sensitivity": [asdict(r) for r in page.sensitivity],
        "sensitivity_summary": page.sensitivity_summary,
        "acceptability": [[rank, name] for rank, name in page.acceptability],
        "acceptability_illustrative": page.acceptability_illustrative,
        "scores_illustrative": page.chart.illustrative,
        "criteria_illustrative": "The criteria and their weights" in page.reconstructed_items,
        "reconstructed": page.reconstructed_items,
    }


COVER_FIELDS = (
    "report_of",
    "wards_affected",
    "key_decision",
    "exempt",
    "contact_name",
    "contact_role",
    "contact_details",
)


def cover_dict(cover: Mapping[str, Any]) -> dict[str, Any]:
    """Return the cover's facts as the pack prints them (blank fields say "not stated")."""
    facts = {name: cover.get(name, "") for name in COVER_FIELDS}
    return {
        **facts,
        "report_of": facts["report_of"] or "not stated",
        "wards_affected": facts["wards_affected"] or "not stated",
        "key_decision_label": "Yes" if facts["key_decision"] else "No: the report is for noting",
        "access_label": "Exempt from publication" if facts["exempt"] else "Open: a public report",
        "contact": ", ".join(
            part for part in (facts["contact_name"], facts["contact_role"], facts["contact_details"]) if part
        )
        or "not stated",
    }


def build_snapshot(
    *,
    title: str,
    meeting: str,
    meeting_date: dt.date | None,
    period_start: dt.date,
    period_end: dt.date,
    sections: Sequence[str],
    previous: Any = None,
    cover: Mapping[str, Any] | None = None,
    purpose: str = "",
    recommendations: Sequence[str] = (),
    summary: str = "",
    public: bool = False,
) -> dict[str, Any]:
    """Return the pack's content as JSON-ready data. Reads only; writes nothing.

    ``previous`` is the last published ``ReportSnapshot`` (or None), for "what changed".
    ``public`` applies each measure's disclosure rule, as a published pack must; an officer's
    draft shows the figures as stored. ``summary`` is the officers' own text; when blank, the
    pack carries the summary drafted from the figures, each sentence marked as drafted.
    """
    measures, overview, marks = _measures_section(period_start, period_end, public=public)
    suppressed = sum(m["suppressed_count"] for m in measures)
    controlled = [m["name"] for m in measures if m["disclosure_control"]]
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "council": settings.COUNCIL_NAME,
        "title": title,
        "meeting": meeting,
        "meeting_date": meeting_date.isoformat() if meeting_date else None,
        "meeting_date_label": f"{meeting_date.day} {meeting_date:%B %Y}" if meeting_date else "not stated",
        "period_start": period_start.isoformat(),
        "period_end": period_end.isoformat(),
        "period_label": f"{period_start:%B %Y} to {period_end:%B %Y}",
        "sections": [s for s in Section.values if s in sections],
        "built_at": timezone.now().isoformat(),
        "cover": cover_dict(cover or {}),
        "purpose": purpose.strip(),
        "recommendations": [r.strip() for r in recommendations if r.strip()],
        "illustrative_note": ILLUSTRATIVE_NOTE,
        "illustrative_mark": ILLUSTRATIVE_MARK,
        "disclosure": {
            "applied": public,
            "measures": controlled,
            "suppressed": suppressed,
            "note": disclosure_note(public=public, controlled=controlled, suppressed=suppressed),
        },
        "coverage": coverage(measures, period_start, period_end),
        "overview": overview,
        "event_marks": marks,
        "measures": measures,
        "neighbours": {
            "names": list(settings.STATISTICAL_NEIGHBOURS.values()),
            "source": LIST_SOURCE,
        },
        "actions": _actions_section(period_end) if Section.ACTIONS in sections else [],
        "timeline": _timeline_section(period_start, period_end) if Section.TIMELINE in sections else [],
        "priorities": _priorities_section(period_start, period_end, measures)
        if Section.PRIORITIES in sections
        else [],
        "options": _options_section() if Section.OPTIONS in sections else None,
    }
    data["changes"] = changes_since(previous, data) if Section.CHANGES in sections else None
    data["summary"] = officer_summary(summary) or drafted_summary(data)
    data["progress"] = progress_notes(data)
    return data


def disclosure_note(*, public: bool, controlled: Sequence[str], suppressed: int) -> str:
    """Return the sentence the pack prints about disclosure control."""
    if not controlled:
        return "No measure in this pack counts children in numbers small enough to need disclosure control."
    which = f"{len(controlled)} measure{'s' if len(controlled) != 1 else ''} ({', '.join(controlled)})"
    if not public:
        return (
            f"Draft for officers: figures are shown as stored. On publishing, disclosure control is "
            f"applied to {which}."
        )
    shown = (
        f"{suppressed} figure{'s are' if suppressed != 1 else ' is'} shown as c"
        if suppressed
        else "no figure in the period needed suppressing"
    )
    return f"{disclosure.NOTE} Applied to {which}: {shown}."
