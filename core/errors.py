"""Friendly error pages: 400, 403, 404, 413, 429, 500 and 503.

They render without the database (no user, no messages, no query), so the 503 page still
shows when PostgreSQL is gone, and never a stack trace. ``server_error`` also answers 503 when
the failure was a lost database raised outside a view (in a middleware, say).
"""

from __future__ import annotations

import logging
import sys

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from core.context_processors import site

logger = logging.getLogger("dashboard.errors")

PAGES = {
    400: ("Bad request", "The request could not be understood. Check the address and try again."),
    403: ("You do not have access to this page", "Sign in with an account that has access, or go back."),
    404: ("Page not found", "If you typed the address, check it is correct. The page may have moved."),
    413: (
        "The file is too large",
        "Uploads are limited in size. Split the file into smaller ones and upload each in turn.",
    ),
    429: (
        "Too many attempts",
        "Sign-in is paused after repeated failures. Wait a few minutes and try again, or ask an "
        "administrator to unlock the account.",
    ),
    500: ("Sorry, something went wrong", "The problem has been logged. Try again in a few minutes."),
    503: (
        "Sorry, the service is unavailable",
        "The dashboard cannot reach its database just now. Try again in a few minutes.",
    ),
}


def error_page(request: HttpRequest, status: int) -> HttpResponse:
    """Return the friendly page for ``status``, rendered without touching the database."""
    title, advice = PAGES[status]
    context = {**site(request), "status": status, "title": title, "advice": advice}
    context["request_id"] = getattr(request, "request_id", "")
    response = HttpResponse(render_to_string("errors/error.html", context), status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


def unavailable(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 503 page; logs the database error in one line, without a stack trace."""
    first_line = (str(exception or "").strip().splitlines() or ["no detail"])[0]
    logger.error("database unavailable: %s", first_line)
    return error_page(request, 503)


def too_large(request: HttpRequest) -> HttpResponse:
    return error_page(request, 413)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or the 503 page when the exception being handled is a lost database."""
    handled = sys.exc_info()[1]
    if isinstance(handled, OperationalError):
        return unavailable(request, handled)
    return error_page(request, 500)


def lockout(request: HttpRequest, response: object = None, credentials: object = None) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: the 429 page."""
    return error_page(request, 429)
