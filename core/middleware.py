"""Middleware for running in production: request logs and ids, the health check, the 503 page
when the database is lost, refused oversized bodies, the Permissions-Policy header and session
timeouts. Each is small and stateless, so any number of app servers can run it."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse

from core import errors, logs

logger = logging.getLogger("dashboard.request")
Handler = Callable[[HttpRequest], HttpResponse]
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEALTH_PATH = "/health/"


def client_ip(request: HttpRequest) -> str:
    """Return the client's address: from X-Forwarded-For as set by our own TRUSTED_PROXIES
    (counted from the right, so a client cannot forge it), else REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXIES
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if hops <= 0 or not forwarded:
        return remote
    return forwarded[-hops] if len(forwarded) >= hops else forwarded[0]


def _user_id(request: HttpRequest) -> int | None:
    # Only a user the request already looked up is logged, so logging never costs a query.
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestLogMiddleware:
    """Give each request an id (the proxy's X-Request-ID when well formed) and log it once, as
    method, path, status, duration, user id and request id; echo the id in the response."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.header = "HTTP_" + settings.REQUEST_ID_HEADER.upper().replace("-", "_")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get(self.header, "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = logs.request_id_var.set(request_id)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - start) * 1000, 2)
            response[settings.REQUEST_ID_HEADER] = request_id
            logger.log(
                logging.ERROR if response.status_code >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": _user_id(request),
                    "client_ip": client_ip(request),
                },
            )
            return response
        finally:
            logs.request_id_var.reset(token)


class HealthCheckMiddleware:
    """Answer the load balancer's /health/ before host checks and the HTTPS redirect, which a
    probe to the instance's own address over plain HTTP would otherwise fail."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH and request.method in {"GET", "HEAD"}:
            from core.views import health

            return health(request)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Turn a lost database (OperationalError) into the friendly 503 page, with no stack trace."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError):
            return errors.unavailable(request, exception)
        return None


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than REQUEST_MAX_BYTES with a 413, before reading it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return errors.too_large(request)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send Permissions-Policy, refusing the browser features in PERMISSIONS_POLICY."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.value)
        return response


STARTED, SEEN = "_session_started", "_session_seen"
SEEN_GRANULARITY = 60  # seconds: the last-seen time is saved at most once a minute


def stamp_session_start(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """On sign-in, start the session's absolute and idle clocks (connected in core.apps)."""
    if request is not None and hasattr(request, "session"):
        request.session[STARTED] = request.session[SEEN] = int(time.time())


class SessionTimeoutMiddleware:
    """Sign a user out after SESSION_IDLE_SECONDS without a request, or SESSION_ABSOLUTE_SECONDS
    after the session began, whichever comes first. Visitors without a session cost nothing."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            session, now = request.session, int(time.time())
            started, seen = session.get(STARTED), session.get(SEEN)
            if started is None:
                session[STARTED] = session[SEEN] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS or now - (seen or started) > (
                settings.SESSION_IDLE_SECONDS
            ):
                logout(request)
            elif seen is None or now - seen >= SEEN_GRANULARITY:
                session[SEEN] = now
        return self.get_response(request)
