"""The page cache: one render per data version, gzip served as stored, 304 for a repeat visit."""

import gzip

import pytest
from django.test import RequestFactory

from core.cache import bump_data_version, cached_page, data_version
from tests import factories as f

pytestmark = pytest.mark.django_db


def _render_counter():
    calls = []

    def render():
        calls.append(1)
        return f"<p>page {len(calls)}</p>"

    return render, calls


def test_a_page_is_rendered_once_per_data_version():
    render, calls = _render_counter()
    request = RequestFactory().get("/")
    assert cached_page(request, "k", render).content == b"<p>page 1</p>"
    assert cached_page(request, "k", render).content == b"<p>page 1</p>"
    bump_data_version()
    assert cached_page(request, "k", render).content == b"<p>page 2</p>"
    assert len(calls) == 2


def test_saving_any_watched_model_moves_to_a_new_data_version():
    before = data_version()
    f.MeasureFactory()
    middle = data_version()
    f.TimelineEventFactory()
    assert before < middle < data_version()


def test_a_browser_that_accepts_gzip_gets_the_stored_gzip_and_a_vary_header():
    render, _ = _render_counter()
    response = cached_page(RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip, br"), "k", render)
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == b"<p>page 1</p>"
    assert "Accept-Encoding" in response["Vary"]


def test_a_repeat_visit_with_the_etag_gets_304_until_the_data_changes():
    render, _ = _render_counter()
    etag = cached_page(RequestFactory().get("/"), "k", render)["ETag"]
    repeat = cached_page(RequestFactory().get("/", HTTP_IF_NONE_MATCH=etag), "k", render)
    assert repeat.status_code == 304
    assert repeat.content == b""
    bump_data_version()
    assert cached_page(RequestFactory().get("/", HTTP_IF_NONE_MATCH=etag), "k", render).status_code == 200


def test_with_the_cache_off_every_view_renders_afresh(settings):
    settings.PAGE_CACHE_SECONDS = 0
    render, calls = _render_counter()
    cached_page(RequestFactory().get("/"), "k", render)
    cached_page(RequestFactory().get("/"), "k", render)
    assert len(calls) == 2


class Clock:
    """Stands in for the time module in core.cache: wall and monotonic time moved by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    def time_ns(self) -> int:
        return int(self.now * 1e9)


@pytest.fixture
def clock(monkeypatch):
    import core.cache

    clock = Clock()
    monkeypatch.setattr(core.cache, "time", clock)
    return clock


def test_a_page_kept_in_memory_is_dropped_after_local_page_seconds(settings, clock):
    from django.core.cache import cache

    settings.LOCAL_PAGE_SECONDS, settings.PAGE_CACHE_SECONDS = 30, 600
    render, calls = _render_counter()
    request = RequestFactory().get("/")
    cached_page(request, "k", render)
    cache.delete(f"dashboard:page:{data_version()}:k")  # only this process's copy is left
    clock.now += 29
    assert cached_page(request, "k", render).content == b"<p>page 1</p>"
    clock.now += 2
    assert cached_page(request, "k", render).content == b"<p>page 2</p>"
    assert len(calls) == 2


def test_a_page_kept_in_memory_never_outlives_the_shared_entry(settings, clock):
    settings.LOCAL_PAGE_SECONDS, settings.PAGE_CACHE_SECONDS = 30, 10
    render, _ = _render_counter()
    request = RequestFactory().get("/")
    cached_page(request, "k", render)
    clock.now += 9
    assert cached_page(request, "k", render).content == b"<p>page 1</p>"
    clock.now += 2
    assert cached_page(request, "k", render).content == b"<p>page 2</p>"


def test_a_page_fetched_from_the_shared_cache_keeps_the_time_it_was_rendered(settings, clock):
    from core.cache import clear_local

    settings.LOCAL_PAGE_SECONDS, settings.PAGE_CACHE_SECONDS = 30, 20
    render, _ = _render_counter()
    request = RequestFactory().get("/")
    cached_page(request, "k", render)
    clock.now += 15
    clear_local()  # another process, with nothing in memory, reads the shared copy
    assert cached_page(request, "k", render).content == b"<p>page 1</p>"
    clock.now += 6  # 21 seconds after it was rendered: past the shared expiry
    assert cached_page(request, "k", render).content == b"<p>page 2</p>"
