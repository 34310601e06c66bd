"""Gunicorn settings for the dashboard (``gunicorn -c deploy/gunicorn.conf.py``).

Every value comes from an environment variable with a safe default, so the same file serves a
systemd unit, a Procfile platform and ``make serve``. Django writes one JSON line per request
(core.middleware.RequestLogMiddleware), so gunicorn's own access log is off.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


wsgi_app = "config.wsgi:application"
# PORT is what Procfile platforms set; GUNICORN_BIND wins when both are present.
bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle a worker after this many requests (with jitter, so they don't all restart together):
# a safety net, not a leak fix; 0 turns it off (bench/load.py does, to show memory stays flat).
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Load the app once in the master, then fork: less memory per worker, faster restarts. Django
# opens no database or Redis connection at import, so nothing is shared across the fork.
preload_app = True
# The heartbeat file in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Addresses allowed to set X-Forwarded-* (the reverse proxy); Django's TRUSTED_PROXIES decides
# which X-Forwarded-For hop is the client.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Refuse oversized request lines and headers early (Django limits bodies: REQUEST_MAX_BYTES).
limit_request_line = 8190
limit_request_fields = 100
