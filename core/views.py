import datetime as dt

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone

from core.cache import cached_page
from core.overview import build_overview, one_month_before
from improvement import presenters as improvement_presenters
from improvement import selectors as improvement_selectors
from performance import selectors as performance_selectors
from performance import spc_presenters, spc_selectors


def home(request: HttpRequest) -> HttpResponse:
    """The overview: measures by RAG and direction, actions by status, the latest inspection, the
    next report to Council and what changed since last month."""
    today = timezone.localdate()

    def render() -> str:
        since = one_month_before(today)
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
        overview_measures = list(performance_selectors.measures_active())
        # spcpages: one read of the values serves the overview and the SPC signals
        targets = performance_selectors.targets_by_measure()
        spc, values = spc_selectors.spc_with_values(overview_measures, targets=targets)
        overview = build_overview(
            measures=overview_measures,
            values=values,
            targets=targets,
            action_counts=improvement_selectors.action_status_counts(),
            since=since,
            values_approved=performance_selectors.approved_count_since(start),
            status_changes=improvement_selectors.action_status_changes_since(start),
            new_events=list(improvement_selectors.events_between(since, today)),
            updates_recorded=improvement_selectors.updates_recorded_since(since),
        )
        # spcpages: how many measures' latest month is a concern or an improvement signal
        signals = spc_presenters.signal_counts(spc)
        inspection = improvement_selectors.latest_inspection()
        next_report = settings.NEXT_COUNCIL_REPORT_DATE
        context = {
            "overview": overview,
            "signals": signals,
            "inspection": inspection,
            "inspection_rating": improvement_presenters.rating_badge(inspection) if inspection else None,
            "next_report": improvement_presenters.date_label(next_report) if next_report else "",
        }
        return render_to_string("core/home.html", context, request)

    return cached_page(request, f"home:{today.isoformat()}", render)


def health(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database answers, 503 otherwise (for a load balancer)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})
