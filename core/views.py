import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone

from core.cache import cached_page, cached_value
from core.overview import build_overview, one_month_before
from improvement import presenters as improvement_presenters
from improvement import selectors as improvement_selectors
from performance import selectors as performance_selectors
from performance import spc_presenters, spc_selectors

HEALTH_KEY = "dashboard:health"


def home(request: HttpRequest) -> HttpResponse:
    """The overview: measures by RAG and direction, actions by status, the latest inspection, the
    next report to Council and what changed since last month."""
    today = timezone.localdate()

    def render() -> str:
        since = one_month_before(today)
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))

        def compute():
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
        return render_to_string("core/home.html", context, request)

    return cached_page(request, f"home:{today.isoformat()}", render)


def health(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database and the cache answer, 503 otherwise (for a load balancer).

    Never cached; answered by core.middleware.HealthCheckMiddleware before host checks and the
    HTTPS redirect, so a probe to the instance's own address works.
    """
    checks = {"database": _database_up(), "cache": _cache_up()}
    healthy = all(checks.values())
    body: dict[str, object] = {
        "status": "ok" if healthy else "unavailable",
        **{k: "up" if v else "down" for k, v in checks.items()},
    }
    if checks["database"]:
        body["queue"] = _queue()
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def _queue() -> dict[str, object]:
    """Return the jobs waiting and running and the oldest wait, after sweeping lost jobs."""
    from core.jobs import jobs_sweep, queue_state

    try:
        swept = len(jobs_sweep())
        state = queue_state()
    except Exception:  # a queue that cannot be read is reported, not fatal to the probe
        return {"state": "unreadable"}
    return {
        "waiting": state.waiting,
        "running": state.running,
        "oldest_waiting_seconds": state.oldest_waiting_seconds,
        "lost_jobs_swept": swept,
    }


def _database_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return False
    return True


def _cache_up() -> bool:
    try:
        cache.set(HEALTH_KEY, "1", 10)
        return cache.get(HEALTH_KEY) == "1"
    except Exception:  # a cache that cannot be reached means "not ready"
        return False
