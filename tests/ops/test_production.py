"""Every security setting and header, checked under production settings.

One subprocess runs tests/ops/production_probe.py with DJANGO_ENV=production (static files
collected, a scratch SQLite database migrated) and reports what it saw; each test checks one thing.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.ops.helpers import ROOT, run_django

HOST = "dashboard.example.gov.uk"


@pytest.fixture(scope="module")
def seen(tmp_path_factory) -> dict:
    scratch = tmp_path_factory.mktemp("production")
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "probe-" + "x7Kq2" * 10,
        "ALLOWED_HOSTS": HOST,
        "ADMIN_URL": "manage-7f3k/",
        "DATABASE_URL": f"sqlite:///{scratch / 'db.sqlite3'}",
        "STATIC_ROOT": str(scratch / "static"),
        "LOG_LEVEL": "ERROR",
        "REQUEST_LOG_LEVEL": "ERROR",
    }
    result = run_django([sys.executable, str(ROOT / "tests/ops/production_probe.py")], env)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing(seen):
    assert seen["check_deploy"]["ok"], seen["check_deploy"]["output"]
    assert "no issues" in seen["check_deploy"]["output"]


def test_debug_is_off(seen):
    assert seen["settings"]["DEBUG"] is False


def test_hsts_is_a_year_with_subdomains(seen):
    assert seen["home"]["headers"]["strict-transport-security"] == "max-age=31536000; includeSubDomains"


def test_plain_http_is_redirected_to_https(seen):
    assert seen["plain_http"]["status"] == 301
    assert seen["plain_http"]["location"] == f"https://{HOST}/"


def test_the_proxys_forwarded_proto_counts_as_https(seen):
    assert seen["settings"]["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert seen["behind_proxy"]["status"] == 200


def test_the_session_cookie_is_secure_http_only_and_host_prefixed(seen):
    assert seen["login"] == 302
    assert seen["session_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_the_csrf_cookie_is_secure(seen):
    assert seen["csrf_cookie"]["secure"] is True
    assert seen["settings"]["CSRF_COOKIE_SECURE"] is True


def test_the_csp_allows_scripts_from_our_origin_only(seen):
    policy = dict(
        part.strip().split(" ", 1) for part in seen["home"]["headers"]["content-security-policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in seen["home"]["headers"]["content-security-policy"]


def test_frames_are_refused(seen):
    assert seen["home"]["headers"]["x-frame-options"] == "DENY"


def test_the_referrer_policy_is_same_origin(seen):
    assert seen["home"]["headers"]["referrer-policy"] == "same-origin"


def test_content_types_are_not_sniffed(seen):
    assert seen["home"]["headers"]["x-content-type-options"] == "nosniff"


def test_the_permissions_policy_refuses_unused_features(seen):
    policy = seen["home"]["headers"]["permissions-policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_the_cross_origin_opener_policy_is_same_origin(seen):
    assert seen["home"]["headers"]["cross-origin-opener-policy"] == "same-origin"


def test_every_response_carries_a_request_id(seen):
    assert len(seen["home"]["headers"]["x-request-id"]) == 32


def test_the_admin_is_at_the_configured_path_only(seen):
    assert seen["admin_path"] == "/manage-7f3k/"
    assert seen["default_admin_path_status"] == 404


def test_weak_passwords_are_refused_by_djangos_validators(seen):
    assert seen["weak_passwords_refused"] == ["password", "12345678901234", "short"]


def test_sign_in_locks_the_user_at_that_address_after_repeated_failures(seen):
    throttle = seen["throttle"]
    limit = throttle["failure_limit"]
    assert throttle["failures"][: limit - 1] == [200] * (limit - 1)
    assert throttle["failures"][-1] == 429
    assert throttle["right_password_same_address"] == 429


def test_the_lock_is_on_the_pair_so_others_are_not_locked_out(seen):
    assert seen["throttle"]["right_password_other_address"] == 302
    assert seen["throttle"]["other_user_same_address"] == 302


def test_sessions_have_an_idle_and_an_absolute_timeout(seen):
    assert seen["settings"]["SESSION_IDLE_SECONDS"] == 30 * 60
    assert seen["settings"]["SESSION_ABSOLUTE_SECONDS"] == 8 * 3600


def test_seed_demo_users_are_off(seen):
    assert seen["settings"]["DEMO_USERS"] is False


def test_static_files_are_hashed_brotli_compressed_and_cached_for_ever(seen):
    static = seen["static_br"]
    assert static["status"] == 200
    assert static["url"].startswith("/static/css/site.")
    assert static["url"] != "/static/css/site.css"
    assert static["headers"]["content-encoding"] == "br"
    assert "immutable" in static["headers"]["cache-control"]
    assert "max-age=315360000" in static["headers"]["cache-control"]


def test_static_files_are_gzipped_for_browsers_without_brotli(seen):
    assert seen["static_gzip"]["headers"]["content-encoding"] == "gzip"


def test_a_missing_page_is_the_friendly_404(seen):
    assert seen["not_found"]["status"] == 404
    assert "Page not found" in seen["not_found"]["body"]
    assert "Traceback" not in seen["not_found"]["body"]


def test_the_balancer_probe_reaches_health_by_address_over_plain_http(seen):
    assert seen["health_from_balancer"]["status"] == 200
    assert json.loads(seen["health_from_balancer"]["body"]) == {
        "status": "ok",
        "database": "up",
        "cache": "up",
    }


def test_uploads_spool_to_temporary_files_and_bodies_are_limited(seen):
    assert seen["settings"]["FILE_UPLOAD_HANDLERS"][-1].endswith("TemporaryFileUploadHandler")
    assert seen["settings"]["REQUEST_MAX_BYTES"] > 0
