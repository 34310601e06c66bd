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
