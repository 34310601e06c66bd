"""Structured logs: one JSON object a line, each carrying the id of the request it belongs to.

``RequestIdFilter`` stamps every record with the current request's id (set by
``core.middleware.RequestLogMiddleware``), so a line logged deep in a service can be joined to
the request line the load balancer and the proxy also logged under the same id.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is logged.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class DatabaseUnavailableFilter(logging.Filter):
    """Drop Django's own "Service Unavailable" records (with their traceback) for a lost database.

    ``core.errors.unavailable`` logs the cause in one line and the request log has the 503, so
    Django's record (a full traceback when the database was lost outside a view) would only repeat
    them, at a line a request while the outage lasts. Attached to the ``django.request`` logger.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        from django.db import OperationalError

        if getattr(record, "status_code", None) == 503:
            return False
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, OperationalError)


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
