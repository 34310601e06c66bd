"""Run by tests/ops/test_production.py in a subprocess with DJANGO_ENV=production: collect static
files, migrate a scratch SQLite database, make requests as a browser behind the TLS proxy would, and
print what the tests check as one JSON object."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.password_validation import validate_password  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import SystemCheckError  # noqa: E402
from django.templatetags.static import static  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

HOST = os.environ["ALLOWED_HOSTS"].split(",")[0]
PASSWORD = "a-Long-enough-passphrase-42"


def headers(response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items()}


def cookie(client: Client, name: str) -> dict[str, object]:
    morsel = client.cookies.get(name)
    if morsel is None:
        return {}
    return {
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "samesite": morsel["samesite"],
    }


def login(client: Client, username: str, password: str, address: str) -> int:
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        secure=True,
        HTTP_HOST=HOST,
        HTTP_X_FORWARDED_FOR=address,
    )
    return response.status_code


def main() -> None:
    call_command("collectstatic", "--no-input", "--clear", verbosity=0)
    call_command("migrate", "--no-input", verbosity=0)
    result: dict[str, object] = {}

    out = io.StringIO()
    try:
        call_command("check", deploy=True, fail_level="DEBUG", stdout=out, stderr=out)
        result["check_deploy"] = {"ok": True, "output": out.getvalue()}
    except SystemCheckError as exc:
        result["check_deploy"] = {"ok": False, "output": str(exc)}

    result["settings"] = {
        name: getattr(settings, name, None)
        for name in (
            "DEBUG",
            "SECURE_HSTS_SECONDS",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_SSL_REDIRECT",
            "SECURE_PROXY_SSL_HEADER",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "SESSION_IDLE_SECONDS",
            "SESSION_ABSOLUTE_SECONDS",
            "DEMO_USERS",
            "FILE_UPLOAD_HANDLERS",
            "REQUEST_MAX_BYTES",
        )
    }
    weak = []
    for password in ("password", "12345678901234", "short"):
        try:
            validate_password(password)
        except ValidationError:
            weak.append(password)
    result["weak_passwords_refused"] = weak

    client = Client()
    home = client.get("/", secure=True, HTTP_HOST=HOST)
    result["home"] = {"status": home.status_code, "headers": headers(home)}
    plain = client.get("/", HTTP_HOST=HOST)
    result["plain_http"] = {"status": plain.status_code, "location": plain.headers.get("Location", "")}
    proxied = client.get("/", HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    result["behind_proxy"] = {"status": proxied.status_code}
    missing = client.get("/no-such-page/", secure=True, HTTP_HOST=HOST)
    result["not_found"] = {"status": missing.status_code, "body": missing.content.decode()}
    probe = client.get("/health/", HTTP_HOST="10.0.0.5")
    result["health_from_balancer"] = {"status": probe.status_code, "body": probe.content.decode()}

    result["admin_path"] = reverse("admin:index")
    result["default_admin_path_status"] = client.get("/admin/", secure=True, HTTP_HOST=HOST).status_code

    css = static("css/site.css")
    for encoding in ("br", "gzip"):
        response = client.get(css, secure=True, HTTP_HOST=HOST, HTTP_ACCEPT_ENCODING=encoding)
        result[f"static_{encoding}"] = {
            "url": css,
            "status": response.status_code,
            "headers": headers(response),
        }

    user_model = get_user_model()
    for name in ("officer1", "approver1"):
        user_model.objects.create_user(name, password=PASSWORD, is_staff=True)
    browser = Client()
    browser.get(reverse("admin:login"), secure=True, HTTP_HOST=HOST)
    result["login"] = login(browser, "officer1", PASSWORD, "198.51.100.7")
    result["session_cookie"] = cookie(browser, settings.SESSION_COOKIE_NAME)
    result["csrf_cookie"] = cookie(browser, settings.CSRF_COOKIE_NAME)

    attacker = Client()
    failures = [
        login(attacker, "officer1", "wrong", "203.0.113.5") for _ in range(settings.AXES_FAILURE_LIMIT + 1)
    ]
    result["throttle"] = {
        "failures": failures,
        "right_password_same_address": login(Client(), "officer1", PASSWORD, "203.0.113.5"),
        "right_password_other_address": login(Client(), "officer1", PASSWORD, "203.0.113.6"),
        "other_user_same_address": login(Client(), "approver1", PASSWORD, "203.0.113.5"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
