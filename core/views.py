"""The health check a load balancer asks: the database and the cache."""

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse

HEALTH_KEY = "dashboard:health"


def health(request: HttpRequest) -> JsonResponse:
    """Answer 200 while the database answers, 503 when it does not (for a load balancer).

    The body says whether the shared cache answers too: with it down the site still serves
    every page from the database (slower), so the status is "degraded" and the answer stays 200,
    which keeps the instance in the balancer's pool. Never cached; answered by
    core.middleware.HealthCheckMiddleware before host checks and the HTTPS redirect, so a probe to
    the instance's own address works.
    """
    database, shared_cache = _database_up(), _cache_up()
    status = "ok" if database and shared_cache else "degraded" if database else "unavailable"
    body = {
        "status": status,
        "database": "up" if database else "down",
        "cache": "up" if shared_cache else "down",
    }
    response = JsonResponse(body, status=200 if database else 503)
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
    ping = getattr(cache, "ping", None)
    if ping is not None:  # core.cache.SharedRedisCache: ask Redis itself
        return ping()
    try:
        cache.set(HEALTH_KEY, "1", 10)
        return cache.get(HEALTH_KEY) == "1"
    except Exception:  # a cache that cannot be reached is down
        return False
