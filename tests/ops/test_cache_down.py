"""With Redis down the site keeps working from the database: pages render, signed-in pages work,
/health/ says the cache is down, a failed read is a miss, a failed write is ignored, the outage
is logged once per interval, and the data version moves when Redis answers again."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from core import cache as page_cache
from core.cache import cached_page, cached_value, data_version
from tests import factories as f

pytestmark = pytest.mark.django_db

CLOSED_PORT = {
    "default": {
        "BACKEND": "core.cache.SharedRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}
PAGES = [
    "/",
    "/measures/",
    "/measures/re-referrals/",
    "/timeline/",
    "/themes/",
    "/priorities/",
    "/options/",
]


@pytest.fixture
def redis_down(settings):
    settings.CACHE_RETRY_SECONDS = 5
    settings.CACHE_LOG_SECONDS = 60
    with override_settings(CACHES=CLOSED_PORT):
        page_cache.clear_local()
        yield
    page_cache.clear_local()


@pytest.fixture
def measure():
    measure = f.MeasureFactory(code="re-referrals", name="Re-referrals within 12 months")
    f.MeasureValueFactory(measure=measure, period=dt.date(2016, 3, 1), value=Decimal("21.5"))
    return measure


@pytest.mark.parametrize("path", PAGES)
def test_with_redis_down_every_public_page_renders_from_the_database(redis_down, client, measure, path):
    first, second = client.get(path), client.get(path)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content


def test_with_redis_down_a_new_value_shows_on_the_next_view(redis_down, client, measure):
    assert "19.3%" not in client.get("/measures/re-referrals/").content.decode()
    f.MeasureValueFactory(measure=measure, period=dt.date(2016, 4, 1), value=Decimal("19.3"))
    assert "19.3%" in client.get("/measures/re-referrals/").content.decode()


def test_with_redis_down_officers_sign_in_and_work_with_cached_sessions(redis_down, client, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    user = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    user.set_password("a long passphrase 42")
    user.save()
    signed_in = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": "a long passphrase 42"}
    )
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/performance/measure/").status_code == 200
    assert client.get("/reports/").status_code == 200
    assert client.post("/admin/logout/").status_code == 200


def test_health_says_the_cache_is_down_and_keeps_the_instance_in_the_pool(redis_down, client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("status", "database", "cache")} == {
        "status": "degraded",
        "database": "up",
        "cache": "down",
    }
    assert body["queue"]["waiting"] == 0


def test_a_failed_read_is_a_miss_and_a_failed_write_is_ignored(redis_down):
    cache.set("k", "v")
    assert cache.get("k") is None
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["k"]) == {}
    assert cache.add("k", "v") is False
    assert cache.delete("k") is False
    assert data_version() is None


def test_with_redis_down_cached_pages_and_values_are_computed_each_time(redis_down):
    calls = []

    def render():
        calls.append(1)
        return f"<p>{len(calls)}</p>"

    request = RequestFactory().get("/")
    assert cached_page(request, "k", render).content == b"<p>1</p>"
    assert cached_page(request, "k", render).content == b"<p>2</p>"
    assert "ETag" not in cached_page(request, "k", render)
    assert cached_value("v", lambda: len(calls)) == 3


def test_the_outage_is_logged_in_one_line_per_interval_not_per_request(redis_down, client, caplog, settings):
    settings.CACHE_RETRY_SECONDS = 0  # ask Redis on every call, as a busy server would over time
    with caplog.at_level(logging.WARNING, logger="dashboard.cache"):
        for _ in range(10):
            assert client.get("/timeline/").status_code == 200
    lines = [r for r in caplog.records if r.name == "dashboard.cache"]
    assert len(lines) == 1
    assert "shared cache unavailable" in lines[0].getMessage()
    assert lines[0].exc_info is None
    assert "\n" not in lines[0].getMessage()


class FlakyRedis:
    """Stands in for django's Redis client: a dict that raises while ``down``."""

    def __init__(self) -> None:
        self.data: dict[str, object] = {}
        self.down = False

    def _check(self) -> None:
        if self.down:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    def get(self, key, default):
        self._check()
        return self.data.get(key, default)

    def set(self, key, value, timeout):
        self._check()
        self.data[key] = value

    def add(self, key, value, timeout):
        self._check()
        return self.data.setdefault(key, value) is value

    def incr(self, key, delta):
        self._check()
        if key not in self.data:
            raise ValueError(key)
        self.data[key] += delta
        return self.data[key]

    def delete(self, key):
        self._check()
        return self.data.pop(key, None) is not None

    def get_client(self, key=None, *, write=False):
        self._check()
        return self

    def ping(self) -> bool:
        return True


@pytest.fixture
def flaky(settings):
    settings.CACHE_RETRY_SECONDS = 0
    settings.DATA_VERSION_SECONDS = 0
    with override_settings(CACHES=CLOSED_PORT):
        page_cache.clear_local()
        redis = FlakyRedis()
        cache._cache = redis  # the backend's client, replaced for this thread's backend
        yield redis
    page_cache.clear_local()


def test_a_write_while_redis_was_down_moves_the_data_version_when_it_answers_again(flaky, caplog):
    before = data_version()
    assert before is not None
    flaky.down = True
    f.MeasureFactory()  # its bump is lost with Redis
    flaky.down = False
    with caplog.at_level(logging.WARNING, logger="dashboard.cache"):
        after = data_version()
    assert after is not None
    assert after > before
    assert "answers again" in caplog.records[-1].getMessage()


def test_health_reports_the_cache_up_again_once_redis_answers(flaky, client):
    flaky.down = True
    assert client.get("/health/").json()["cache"] == "down"
    flaky.down = False
    body = client.get("/health/").json()
    assert {k: body[k] for k in ("status", "database", "cache")} == {
        "status": "ok",
        "database": "up",
        "cache": "up",
    }
