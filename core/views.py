from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from improvement.models import Action, TimelineEvent
from options.models import Option
from performance.models import Measure


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what the dashboard holds, with links into each part."""
    counts = {
        "events": TimelineEvent.objects.count(),
        "actions": Action.objects.count(),
        "measures": Measure.objects.filter(active=True).count(),
        "options": Option.objects.count(),
    }
    return render(request, "core/home.html", {"counts": counts})


def health(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database answers, 503 otherwise (for a load balancer)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})
