"""The data version and the cache of rendered public pages.

Public pages are the same for every visitor and change only when the data does, so each is
rendered once per data version and served from Django's cache (Redis in production) after
that, already gzipped. ``data_version()`` is the one hook for invalidation: any write to the
performance, improvement or options data bumps it (see ``core.apps``), and writes that skip
model signals (``bulk_create``, ``QuerySet.update``) must call ``bump_data_version()``.
Entries also expire after ``PAGE_CACHE_SECONDS`` as a safety net; 0 turns the cache off.

Each process also keeps the data version for ``DATA_VERSION_SECONDS`` and the pages it served
most recently in memory, so a busy page costs no round trip to Redis at all; another process's
write shows within ``DATA_VERSION_SECONDS`` (a write in this process shows at once).
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

VERSION_KEY = "dashboard:data-version"
LOCAL_PAGES = 128  # pages each process keeps in memory, most recently used

_lock = threading.Lock()
_local_version: tuple[float, int] | None = None  # (read again after, version)
_local_pages: OrderedDict[str, bytes] = OrderedDict()


def clear_local() -> None:
    """Forget this process's copy of the data version and of pages (tests call this)."""
    global _local_version
    with _lock:
        _local_version = None
        _local_pages.clear()


def data_version() -> int:
    """Return the current data version (set on first use), re-read at most every few seconds.

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
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key is missing: a new clock-based version starts
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def cached_page(request: HttpRequest, key: str, render: Callable[[], str]) -> HttpResponse:
    """Return the page for ``key`` from the cache, calling ``render`` only on a miss.

    Pages are stored gzipped: a browser that accepts gzip gets the stored bytes as they are
    (others get them unzipped). An ETag built from the key and the data version lets a
    repeat visit get a 304 with no body.
    """
    seconds = settings.PAGE_CACHE_SECONDS
    full_key = f"dashboard:page:{data_version()}:{key}"
    etag = '"' + hashlib.blake2b(full_key.encode(), digest_size=12).hexdigest() + '"'
    body = _page_from_cache(full_key) if seconds else None
    if body is None:
        body = gzip.compress(render().encode(), compresslevel=6, mtime=0)
        if seconds:
            cache.set(full_key, body, seconds)
            _keep_local(full_key, body)
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    elif _accepts_gzip(request):
        response = HttpResponse(body)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(body))
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _page_from_cache(full_key: str) -> bytes | None:
    with _lock:
        body = _local_pages.get(full_key)
        if body is not None:
            _local_pages.move_to_end(full_key)
            return body
    body = cache.get(full_key)
    if body is not None:
        _keep_local(full_key, body)
    return body


def _keep_local(full_key: str, body: bytes) -> None:
    with _lock:
        _local_pages[full_key] = body
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
    ``seconds`` defaults to PAGE_CACHE_SECONDS; 0 turns this cache off with the page cache.
    """
    seconds = settings.PAGE_CACHE_SECONDS if seconds is None else seconds
    if not seconds:
        return compute()
    full_key = f"dashboard:value:{data_version()}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, seconds)
    return value
