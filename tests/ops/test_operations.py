"""Operations: health, request logs and ids, error pages, the 503 page with the database gone,
upload limits and temporary files, session timeouts, seed_demo in production, no secrets."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client

from core.logs import JsonFormatter, RequestIdFilter
from core.middleware import SEEN, STARTED
from tests import factories as f
from tests.ops import urls as test_urls
from tests.ops.helpers import run_django

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_urls_on(settings):
    settings.ROOT_URLCONF = "tests.ops.urls"
    test_urls.SEEN_UPLOADS.clear()


def test_health_answers_ok_when_the_database_and_cache_answer(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "up",
        "cache": "up",
        "queue": {"waiting": 0, "running": 0, "oldest_waiting_seconds": None, "lost_jobs_swept": 0},
    }
    assert response["Cache-Control"] == "no-store"


def test_health_says_the_cache_is_down_but_answers_200_while_the_database_serves(client, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("redis is gone")

    monkeypatch.setattr(cache, "set", broken)
    if hasattr(cache, "ping"):  # the shared Redis cache asks Redis itself
        monkeypatch.setattr(cache, "ping", lambda: False)
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("status", "database", "cache")} == {
        "status": "degraded",
        "database": "up",
        "cache": "down",
    }


def test_each_request_is_logged_once_with_its_fields(client, caplog, superuser):
    client.force_login(superuser)
    with caplog.at_level(logging.INFO, logger="dashboard.request"):
        response = client.get("/admin/", HTTP_X_REQUEST_ID="lb-0123456789abcdef")
    records = [r for r in caplog.records if r.name == "dashboard.request"]
    assert len(records) == 1
    record = records[0]
    assert (record.method, record.path, record.status) == ("GET", "/admin/", 200)
    assert record.user_id == superuser.pk
    assert record.duration_ms >= 0
    assert response["X-Request-ID"] == "lb-0123456789abcdef"


def test_a_malformed_request_id_is_replaced_by_a_fresh_one(client):
    response = client.get("/health/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_log_lines_are_json_with_the_request_id_and_extras():
    record = logging.LogRecord("dashboard.request", logging.INFO, __file__, 1, "GET / 200", None, None)
    record.status = 200
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET / 200"
    assert line["status"] == 200
    assert line["level"] == "INFO"
    assert line["request_id"] == "-"
    assert line["time"].endswith("+00:00")


def test_a_missing_page_is_the_friendly_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_bug_is_the_friendly_500_page_without_a_stack_trace(test_urls_on):
    response = Client(raise_request_exception=False).get("/test/crash/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong" in body
    assert "Traceback" not in body
    assert "secret" not in body


def test_a_lost_database_in_a_view_is_the_503_page(test_urls_on, client):
    response = client.get("/test/lost-database/")
    body = response.content.decode()
    assert response.status_code == 503
    assert "cannot reach its database" in body
    assert "Connection refused" not in body
    assert response["Retry-After"] == "30"


def test_a_failed_csrf_check_is_the_friendly_403_page():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403
    assert "You do not have access" in response.content.decode()


DEAD_DATABASE_SCRIPT = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
out = {}
for path in ["/", "/measures/", "/timeline/", "/health/"]:
    response = client.get(path)
    out[path] = [response.status_code, response.content.decode()]
print(json.dumps(out))
"""


@pytest.mark.parametrize(
    "database_url",
    ["postgres://postgres@127.0.0.1:1/nothing", "sqlite:////nonexistent-dir/db.sqlite3"],
    ids=["postgresql-refused", "sqlite-unopenable"],
)
def test_with_the_database_unreachable_pages_are_the_503_page_and_health_says_down(database_url):
    env = {"DJANGO_ENV": "test", "DATABASE_URL": database_url, "LOG_LEVEL": "CRITICAL"}
    result = run_django([sys.executable, "-c", DEAD_DATABASE_SCRIPT], env)
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    for path in ["/", "/measures/", "/timeline/"]:
        status, body = seen[path]
        assert status == 503, (path, body[:300])
        assert "Sorry, the service is unavailable" in body
        assert "Traceback" not in body
        assert "OperationalError" not in body
    status, body = seen["/health/"]
    assert status == 503
    assert json.loads(body)["database"] == "down"


def test_a_body_over_the_limit_is_refused_with_the_413_page(test_urls_on, client, settings):
    settings.REQUEST_MAX_BYTES = 1000
    response = client.post("/test/upload/", {"file": SimpleUploadedFile("big.csv", b"x" * 5000)})
    assert response.status_code == 413
    assert "The file is too large" in response.content.decode()
    assert test_urls.SEEN_UPLOADS == []


def test_an_uploaded_file_is_spooled_to_a_temporary_file_deleted_after_the_request(
    test_urls_on, client, settings
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post("/test/upload/", {"file": SimpleUploadedFile("values.csv", b"a,b\n" * 500)})
    assert response.json() == {"files": 1}
    [spooled] = test_urls.SEEN_UPLOADS
    assert spooled
    assert not Path(spooled).exists()


def test_import_files_wait_for_confirmation_in_the_shared_cache_and_expire():
    from core.uploads import SharedCacheStorage

    storage = SharedCacheStorage()
    storage.save(b"measure,period,value\n")
    assert storage.read() == b"measure,period,value\n"
    assert SharedCacheStorage.CACHE_LIFETIME <= 3600
    storage.remove()
    assert storage.read() is None


def _signed_in(client, user):
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    return client.session


def test_a_session_idle_past_the_limit_is_signed_out(client, superuser, settings):
    session = _signed_in(client, superuser)
    session[SEEN] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_active_session_still_ends_at_the_absolute_limit(client, superuser, settings):
    session = _signed_in(client, superuser)
    session[STARTED] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 5
    session[SEEN] = int(time.time())
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_active_session_within_both_limits_stays_signed_in(client, superuser):
    _signed_in(client, superuser)
    assert client.get("/admin/").status_code == 200


def test_public_pages_send_the_security_headers_in_development_too(client):
    f.MeasureFactory()
    response = client.get("/measures/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_seed_demo_refuses_to_run_in_production():
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "seed-" + "Zq9w" * 12,
        "ALLOWED_HOSTS": "dashboard.example.gov.uk",
        "DATABASE_URL": "sqlite:////nonexistent-dir/db.sqlite3",
    }
    result = run_django([sys.executable, "manage.py", "seed_demo"], env)
    assert result.returncode != 0
    assert "seed_demo refuses to run in production" in result.stderr


def _lost_database_in_middleware(get_response):
    def middleware(request):
        raise OperationalError("could not connect to server: Connection refused\n\tIs the server running?")

    return middleware


@pytest.mark.parametrize("where", ["view", "middleware"])
def test_a_503_logs_one_line_naming_the_cause_and_no_traceback(test_urls_on, settings, caplog, where):
    if where == "middleware":  # the database lost while the session or the user is read
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.ops.test_operations._lost_database_in_middleware"]
    with caplog.at_level(logging.INFO):
        response = Client(raise_request_exception=False).get("/test/lost-database/")
    assert response.status_code == 503
    assert not [r.getMessage() for r in caplog.records if r.exc_info or r.exc_text]
    causes = [r for r in caplog.records if r.name == "dashboard.errors"]
    assert [r.getMessage() for r in causes] == [
        "database unavailable: could not connect to server: Connection refused"
    ]
    others = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name != "dashboard.errors"]
    assert [(r.name, r.status) for r in others] == [("dashboard.request", 503)]  # the request's own line
