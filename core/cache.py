"""The data version and the cache of rendered public pages.

Public pages are the same for every visitor and change only when the data does, so each is
rendered once per data version and served from Django's cache (Redis in production) after
that, already gzipped. ``data_version()`` is the one hook for invalidation: any write to the
performance, improvement or options data bumps it (see ``core.apps``), and writes that skip
model signals (``bulk_create``, ``QuerySet.update``) must call ``bump_data_version()``.
Entries also expire after ``PAGE_CACHE_SECONDS`` as a safety net; 0 turns the cache off.
"""

from __future__ import annotations

import gzip
import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

VERSION_KEY = "dashboard:data-version"


def data_version() -> int:
    """Return the current data version (one cache read; set on first use).

    A fresh version starts from the clock, not from 1, so pages cached under an earlier
    version can never be mistaken for current ones after the cache loses the key.
    """
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return int(version)


def bump_data_version() -> None:
    """Move to a new data version, so every cached page is rendered afresh on its next view.

    Bumps at once and again when the transaction commits: a page rendered by another process
    between the write and the commit (still showing the old data) is then never reused.
    """
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key is missing: a new clock-based version starts
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def cached_page(request: HttpRequest, key: str, render: Callable[[], str]) -> HttpResponse:
    """Return the page for ``key`` from the cache, calling ``render`` only on a miss.

    The entry holds the HTML and its gzip form; a browser that accepts gzip gets the
    compressed bytes without compressing again. An ETag built from the key and the data
    version lets a repeat visit get a 304 with no body.
    """
    seconds = settings.PAGE_CACHE_SECONDS
    full_key = f"dashboard:page:{data_version()}:{key}"
    etag = '"' + hashlib.blake2b(full_key.encode(), digest_size=12).hexdigest() + '"'
    entry = cache.get(full_key) if seconds else None
    if entry is None:
        html = render().encode()
        entry = (html, gzip.compress(html, compresslevel=6, mtime=0))
        if seconds:
            cache.set(full_key, entry, seconds)
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    elif _accepts_gzip(request):
        response = HttpResponse(entry[1])
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(entry[0])
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
