"""Pages that gather several apps: the overview and a measure's page."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from core.cache import cached_page, cached_value
from dashboard.overview import build_overview, one_month_before
from improvement import presenters as improvement_presenters
from improvement import selectors as improvement_selectors
from performance.benchmarks.services import standings_by_year
from performance.judgement.analysis import Point
from performance.judgement.services import commentary_for
from performance.measures import presenters, selectors
from performance.measures.charts import EventMark
from performance.spc import presenters as spc_presenters
from performance.spc import selectors as spc_selectors


def home(request: HttpRequest) -> HttpResponse:
    """The overview: measures by RAG and direction, actions by status, the latest inspection, the
    next report to Council and what changed since last month."""
    today = timezone.localdate()

    def render() -> str:
        since = one_month_before(today)
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))

        def compute():
            overview_measures = list(selectors.measures_active())
            # One read of the values serves the overview and the SPC signals
            targets = selectors.targets_by_measure()
            spc, values = spc_selectors.spc_with_values(overview_measures, targets=targets)
            overview = build_overview(
                measures=overview_measures,
                values=values,
                targets=targets,
                action_counts=improvement_selectors.action_status_counts(),
                since=since,
                values_approved=selectors.approved_count_since(start),
                status_changes=improvement_selectors.action_status_changes_since(start),
                new_events=list(improvement_selectors.events_between(since, today)),
                updates_recorded=improvement_selectors.updates_recorded_since(since),
            )
            # How many measures' latest month is a concern or an improvement signal
            return overview, spc_presenters.signal_counts(spc)

        overview, signals = cached_value(f"overview:{today.isoformat()}", compute)
        inspection = improvement_selectors.latest_inspection()
        next_report = settings.NEXT_COUNCIL_REPORT_DATE
        context = {
            "overview": overview,
            "signals": signals,
            "inspection": inspection,
            "inspection_rating": improvement_presenters.rating_badge(inspection) if inspection else None,
            "next_report": improvement_presenters.date_label(next_report) if next_report else "",
        }
        return render_to_string("dashboard/home.html", context, request)

    return cached_page(request, f"home:{today.isoformat()}", render)


def measure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One measure: trend chart with SPC limits and signals, target, tolerance, benchmarks and
    events; variation and assurance; commentary; the actions meant to move it; definition; data."""

    def render() -> str:
        measure = selectors.measure_by_code(code)
        if measure is None:
            raise Http404("No such measure")
        targets = selectors.targets_by_measure([measure.id]).get(measure.id, [])
        annual = selectors.annual_figures([measure.id]).get(measure.id, {})
        bundle = spc_selectors.measure_spc(measure, targets=targets, england=annual.get("england", {}))
        spc, series = bundle.spc, [Point(o.period, o.value) for o in bundle.series.observations]
        illustrative = bundle.series.illustrative
        status = presenters.status_for(measure, series, targets, annual)
        events = []
        commentary = None
        if series:
            found = improvement_selectors.events_between(series[0].period, series[-1].period)
            events = [EventMark(e.date, i, f"{e.display_date}: {e.title}") for i, e in enumerate(found, 1)]
            commentary = commentary_for(measure=measure, period=series[-1].period, facts=bundle.facts)
        fmt = presenters.value_formatter(measure)
        thread = [
            spc_presenters.thread_row(
                action.code, action.title, presenters.month_label(action.completed_on), result, fmt
            )
            for action, result in bundle.thread
        ]
        context = {
            "measure": measure,
            "latest": presenters.scorecard_row(measure, status, series, set(), spc),
            "chart": presenters.trend_chart(
                measure, series, targets, annual, status, events, illustrative, spc
            ),
            "annual_table": presenters.annual_table(measure, annual, standings_by_year(measure)),
            "annual_sources": selectors.annual_sources(measure.id),
            "events": events,
            "illustrative": illustrative,
            "targets_illustrative": any(presenters.is_illustrative({t.provenance}) for t in targets),
            "spc": spc,
            "limits_basis": spc_presenters.limits_basis(
                spc, spc_selectors.PERIOD_WORD.get(measure.frequency, "month")
            ),
            "commentary": spc_presenters.commentary_lines(commentary.sentences) if commentary else [],
            "commentary_status": spc_presenters.COMMENTARY_STATUS.get(commentary.status, "")
            if commentary
            else "",
            "thread": thread,
        }
        return render_to_string("performance/measure_detail.html", context, request)

    return cached_page(request, f"measure:{code}", render)
