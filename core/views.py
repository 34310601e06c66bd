"""The health check a load balancer asks: the database and the cache."""

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse

HEALTH_KEY = "dashboard:health"


def health(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database and the cache answer, 503 otherwise (for a load balancer).

    Never cached; answered by core.middleware.HealthCheckMiddleware before host checks and the
    HTTPS redirect, so a probe to the instance's own address works.
    """
    checks = {"database": _database_up(), "cache": _cache_up()}
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        **{k: "up" if v else "down" for k, v in checks.items()},
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


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
