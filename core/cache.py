"""The data version, the cache of rendered public pages, and a shared cache that degrades.

Public pages are the same for every visitor and change only when the data does, so each is
rendered once per data version and served from Django's cache (Redis in production) after
that, already gzipped. ``data_version()`` is the one hook for invalidation: any write to the
performance, improvement or options data bumps it (see ``core.apps``), and writes that skip
model signals (``bulk_create``, ``bulk_update``, ``QuerySet.update``) call
``bump_data_version()``. Entries also expire after ``PAGE_CACHE_SECONDS``; 0 turns the cache off.

Each process also keeps the data version for ``DATA_VERSION_SECONDS`` and the pages it served
most recently in memory, so a busy page costs no round trip to Redis at all; another process's
write shows within ``DATA_VERSION_SECONDS`` (a write in this process shows at once). A page kept
in memory lives at most ``LOCAL_PAGE_SECONDS`` and never past the shared entry's own expiry, so
whatever is missed (a bump lost with Redis), no page is served stale for longer than that.

``SharedRedisCache`` is the backend used when ``REDIS_URL`` is set. With Redis down, a failed
read is a miss and a failed write is ignored: pages then render from the database on every
view (slower, never a 500). The first failure is logged as one line, then at most once every
``CACHE_LOG_SECONDS``; for ``CACHE_RETRY_SECONDS`` after a failure the process does not ask
Redis at all, so a dead server costs one connection timeout per interval, not per request.
A process that saw Redis fail moves to a new data version when it answers again, since a
write it made meanwhile could not bump the version.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from redis.exceptions import RedisError

logger = logging.getLogger("dashboard.cache")

VERSION_KEY = "dashboard:data-version"
LOCAL_PAGES = 128  # pages each process keeps in memory, most recently used

_lock = threading.Lock()
_local_version: tuple[float, int] | None = None  # (read again after, version)
_local_pages: OrderedDict[str, tuple[float, bytes]] = OrderedDict()  # key -> (expires, gzip)


class _Outage:
    """This process's view of the shared cache: down until when, last logged when, calls missed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.retry_at = 0.0  # monotonic: do not ask Redis before this
        self.logged_at: float | None = None
        self.failures = 0
        self.seen = False  # a failure since the cache last answered

    def skip(self) -> bool:
        return self.seen and time.monotonic() < self.retry_at

    def failed(self, error: BaseException) -> None:
        now = time.monotonic()
        with self.lock:
            self.seen, self.failures = True, self.failures + 1
            self.retry_at = now + settings.CACHE_RETRY_SECONDS
            due = self.logged_at is None or now - self.logged_at >= settings.CACHE_LOG_SECONDS
            if due:
                self.logged_at, failures, self.failures = now, self.failures, 0
        if due:
            first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
            logger.warning(
                "shared cache unavailable (%s: %s); %d call(s) missed, pages render from the database",
                type(error).__name__,
                first_line,
                failures,
            )

    def answered(self) -> bool:
        """Record a call that worked; return True if the cache was down until now."""
        if not self.seen:
            return False
        with self.lock:
            recovered, self.seen, self.failures, self.logged_at = self.seen, False, 0, None
        if recovered:
            logger.warning("shared cache answers again; moving to a new data version")
        return recovered


_outage = _Outage()


def cache_available() -> bool:
    """Return False while this process treats the shared cache as down (after a failed call)."""
    return not _outage.seen


class SharedRedisCache(RedisCache):
    """Django's Redis cache, where a call that fails (Redis down, a timeout) never raises.

    A failed ``get`` returns the default (a miss), ``get_many`` an empty dict, ``add``,
    ``touch``, ``delete`` and ``has_key`` False, ``incr`` raises ValueError as for a missing key;
    ``set``, ``set_many``, ``delete_many`` and ``clear`` do nothing. ``ping()`` asks Redis itself.
    """

    def _guard(self, default: Any, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if _outage.seen and (_outage.skip() or not self.ping()):
            return default
        try:
            return call(*args, **kwargs)
        except (RedisError, OSError) as error:  # the server failed: a miss, never a 500
            _outage.failed(error)
            return default

    def ping(self) -> bool:
        """Return True when Redis answers now (the health check; ignores the retry pause).

        The first answer after a failure moves to a new data version before anything is read.
        """
        try:
            answered = bool(self._cache.get_client(write=True).ping())  # type: ignore[attr-defined]
        except (RedisError, OSError) as error:  # a cache that cannot be reached is down
            _outage.failed(error)
            return False
        if _outage.answered():
            _bump()
        return answered

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guard(False, super().add, key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guard(default, super().get, key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._guard(None, super().set, key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guard(False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._guard(False, super().delete, key, version)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._guard({}, super().get_many, keys, version)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._guard(False, super().has_key, key, version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        result = self._guard(None, super().incr, key, delta, version)
        if result is None:  # Redis is down: as for a missing key, the caller starts afresh
            raise ValueError(f"Key '{key}' not found")
        return result

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._guard(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._guard(None, super().delete_many, keys, version)

    def clear(self) -> None:
        self._guard(None, super().clear)


def clear_local() -> None:
    """Forget this process's copy of the data version, of pages and of a cache outage (tests)."""
    global _local_version
    with _lock:
        _local_version = None
        _local_pages.clear()
    _outage.reset()


def data_version() -> int | None:
    """Return the current data version (set on first use), re-read at most every few seconds;
    None when the shared cache cannot say (it is down), so nothing is served from a cache.

    A fresh version starts from the clock, not from 1, so pages cached under an earlier
    version can never be mistaken for current ones after the cache loses the key.
    """
    global _local_version
    now = time.monotonic()
    known = _local_version
    if known is not None and known[0] > now:
        return known[1]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    if version is None:
        return None
    _local_version = (now + settings.DATA_VERSION_SECONDS, int(version))
    return int(version)


def bump_data_version() -> None:
    """Move to a new data version, so every cached page is rendered afresh on its next view.

    Bumps at once and again when the transaction commits: a page rendered by another process
    between the write and the commit (still showing the old data) is then never reused.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    global _local_version
    _local_version = None
    with _lock:
        _local_pages.clear()  # this process's own write shows at once, whatever Redis says
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key is missing: a new clock-based version starts
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def cached_page(request: HttpRequest, key: str, render: Callable[[], str]) -> HttpResponse:
    """Return the page for ``key`` from the cache, calling ``render`` only on a miss.

    Pages are stored gzipped with the time they expire: a browser that accepts gzip gets the
    stored bytes as they are (others get them unzipped). An ETag built from the key and the
    data version lets a repeat visit get a 304 with no body. With the shared cache down (no data
    version), the page is rendered afresh and nothing is stored.
    """
    seconds = settings.PAGE_CACHE_SECONDS
    version = data_version() if seconds else None
    if version is None:
        return _page_response(request, gzip.compress(render().encode(), compresslevel=6, mtime=0), None)
    full_key = f"dashboard:page:{version}:{key}"
    body = _page_from_cache(full_key)
    if body is None:
        body = gzip.compress(render().encode(), compresslevel=6, mtime=0)
        expires = time.time() + seconds
        cache.set(full_key, (expires, body), seconds)
        _keep_local(full_key, expires, body)
    etag = '"' + hashlib.blake2b(full_key.encode(), digest_size=12).hexdigest() + '"'
    return _page_response(request, body, etag)


def _page_response(request: HttpRequest, body: bytes, etag: str | None) -> HttpResponse:
    if etag and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    elif _accepts_gzip(request):
        response = HttpResponse(body)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(body))
    if etag:
        response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _page_from_cache(full_key: str) -> bytes | None:
    now = time.time()
    with _lock:
        kept = _local_pages.get(full_key)
        if kept is not None:
            if kept[0] > now:
                _local_pages.move_to_end(full_key)
                return kept[1]
            del _local_pages[full_key]
    shared = cache.get(full_key)
    if not isinstance(shared, tuple) or len(shared) != 2 or shared[0] <= now:
        return None
    _keep_local(full_key, *shared)
    return shared[1]


def _keep_local(full_key: str, expires: float, body: bytes) -> None:
    """Keep a page in this process for LOCAL_PAGE_SECONDS at most, never past the shared expiry."""
    expires = min(expires, time.time() + settings.LOCAL_PAGE_SECONDS)
    with _lock:
        _local_pages[full_key] = (expires, body)
        _local_pages.move_to_end(full_key)
        while len(_local_pages) > LOCAL_PAGES:
            _local_pages.popitem(last=False)


# --- Cached values: chart JSON and heavy selectors, shared by every app server ---------
_MISSING = object()
T = TypeVar("T")


def cached_value(key: str, compute: Callable[[], T], seconds: int | None = None) -> T:
    """Return ``compute()``'s result for ``key`` under the current data version, computing it at
    most once per data version across all processes (it lives in Django's cache: Redis when
    REDIS_URL is set). The result must pickle: plain data, dataclasses, figure JSON.

    For chart JSON and selectors that several pages or outputs share (the reports app's renderers
    can use it too); a write to any watched app moves to a new version, so nothing stale is read.
    ``seconds`` defaults to PAGE_CACHE_SECONDS; 0 turns this cache off with the page cache, and
    with the shared cache down every call computes afresh.
    """
    seconds = settings.PAGE_CACHE_SECONDS if seconds is None else seconds
    version = data_version() if seconds else None
    if version is None:
        return compute()
    full_key = f"dashboard:value:{version}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, seconds)
    return value
