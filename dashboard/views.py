"""Pages that gather several apps: the overview, a measure's page, and the jobs a person started."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from core.cache import cached_page, cached_value
from core.jobs import jobs_visible_to
from core.models import Job
from dashboard.overview import build_overview, one_month_before
from dashboard.presenters import job_display
from improvement import presenters as improvement_presenters
from improvement import selectors as improvement_selectors
from improvement.models import Action
from performance.benchmarks import presenters as benchmark_presenters
from performance.benchmarks.selectors import sources_and_neighbours
from performance.benchmarks.services import standings_by_year
from performance.judgement.selectors import judgements_for
from performance.judgement.services import commentary_for
from performance.measures import presenters, selectors
from performance.measures.charts import EventMark
from performance.models import Measure
from performance.spc import presenters as spc_presenters
from performance.spc import selectors as spc_selectors

JOBS_SHOWN = 50


def home(request: HttpRequest) -> HttpResponse:
    """The overview: measures by RAG and direction, actions by status, the latest inspection, the
    next report to Council and what changed since last month."""
    today = timezone.localdate()

    def render() -> str:
        since = one_month_before(today)
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))

        def compute():
            overview_measures = list(selectors.measures_active())
            judged = judgements_for(overview_measures)
            new_events, inspection = improvement_selectors.events_and_latest_inspection(since, today)
            overview = build_overview(
                measures=overview_measures,
                judged=judged,
                action_counts=improvement_selectors.action_status_counts(),
                since=since,
                values_approved=selectors.approved_count_since(start),
                status_changes=improvement_selectors.action_status_changes_since(start),
                new_events=new_events,
                updates_recorded=improvement_selectors.updates_recorded_since(since),
            )
            # How many measures' latest month is a concern or an improvement signal
            signals = spc_presenters.signal_counts({mid: j.spc for mid, j in judged.items()})
            return overview, signals, inspection

        overview, signals, inspection = cached_value(f"overview:{today.isoformat()}", compute)
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


def _sources_and_neighbours(measure: Measure, compared_year: int | None) -> dict[str, Any]:
    """Return the measure page's annual sources, its note on the neighbours and the compared
    year's coverage. One query."""
    sources, averaged = sources_and_neighbours(measure.id)
    if not averaged:
        return {"annual_sources": sources, "neighbours": None, "neighbours_compared": ""}
    named = settings.STATISTICAL_NEIGHBOURS
    return {
        "annual_sources": sources,
        "neighbours": benchmark_presenters.neighbours_note(
            averaged, named, lambda year: presenters.year_label(year, measure.year_basis)
        ),
        "neighbours_compared": benchmark_presenters.coverage_label(averaged[compared_year], named)
        if compared_year in averaged
        else "",
    }


def measure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One measure: trend chart with SPC limits and signals, target, tolerance, benchmarks and
    events; variation and assurance; commentary; the actions meant to move it; definition; data."""

    def render() -> str:
        measure = selectors.measure_by_code(code)
        if measure is None:
            raise Http404("No such measure")
        judged = judgements_for([measure])[measure.id]
        latest, series, spc = judged.latest, judged.points, judged.spc
        events = []
        commentary = None
        if latest is not None:
            found = improvement_selectors.events_between(series[0].period, series[-1].period)
            events = [EventMark(e.date, i, f"{e.display_date}: {e.title}") for i, e in enumerate(found, 1)]
            commentary = commentary_for(measure=measure, period=latest.period, judgement=latest)
        fmt = presenters.value_formatter(measure)
        thread = [
            spc_presenters.thread_row(
                action.code,
                action.title,
                improvement_presenters.completion_label(cast(Action, action)),
                result,
                fmt,
            )
            for action, result in spc_selectors.thread_for_measure(measure, judged.series)
        ]
        annual = judged.annual
        context = {
            "measure": measure,
            "latest": presenters.scorecard_row(measure, latest, series, judged.illustrative, spc),
            "chart": presenters.trend_chart(
                measure, series, judged.months, judged.targets, annual, events, judged.illustrative, spc
            ),
            "annual_table": presenters.annual_table(measure, annual, standings_by_year(measure)),
            "events": events,
            "illustrative": judged.illustrative,
            "targets_illustrative": any(presenters.is_illustrative({t.provenance}) for t in judged.targets),
            "spc": spc,
            "limits_basis": spc_presenters.limits_basis(
                spc, spc_selectors.PERIOD_WORD.get(measure.frequency, "month")
            ),
            "commentary": spc_presenters.commentary_lines(commentary.sentences) if commentary else [],
            "commentary_status": spc_presenters.COMMENTARY_STATUS.get(commentary.status, "")
            if commentary
            else "",
            "thread": thread,
            **_sources_and_neighbours(measure, latest.neighbours.year if latest else None),
        }
        return render_to_string("performance/measure_detail.html", context, request)

    return cached_page(request, f"measure:{code}", render)


def _job_for(request: HttpRequest, pk: int) -> Job:
    """Return the job if the reader may see it (theirs, followed, or any for administrators); else 404."""
    return get_object_or_404(jobs_visible_to(request.user), pk=pk)


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    """The reader's jobs (every job for administrators), newest first."""
    shown = [job_display(job) for job in jobs_visible_to(request.user)[:JOBS_SHOWN]]
    return render(request, "dashboard/jobs.html", {"jobs": shown, "limit": JOBS_SHOWN})


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """One job: state, progress in words and numbers, the error or the results. Updated by jobs.js."""
    return render(request, "dashboard/job.html", {"job": job_display(_job_for(request, pk))})


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The job's display values as JSON, polled by static/js/jobs.js while the job is under way."""
    response = JsonResponse(job_display(_job_for(request, pk)))
    response["Cache-Control"] = "no-store"
    return response
