"""Settings are read from the environment; production refuses unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "a-long-random-production-secret-0123456789abcdef-XYZ"


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _check({"DJANGO_ENV": "production", "ALLOWED_HOSTS": "dashboard.example.gov.uk"})
    assert result.returncode != 0
    assert "Production mode needs SECRET_KEY" in result.stderr


def test_production_refuses_the_development_secret_key():
    result = _check(
        {
            "DJANGO_ENV": "production",
            "ALLOWED_HOSTS": "dashboard.example.gov.uk",
            "SECRET_KEY": "dev-only-insecure-secret-key-never-use-in-production",
        }
    )
    assert result.returncode != 0
    assert "not the development default" in result.stderr
    assert "this one is refused: it is the development default" in result.stderr


@pytest.mark.parametrize(
    ("secret", "reason"),
    [
        ("k" * 32, "it has 32 characters; at least 50 are needed"),
        ("abcd" * 20, "it has only 4 distinct characters; at least 5 are needed"),
        ("x" * 64, "it has only 1 distinct characters"),
        ("django-insecure-" + "q8Zr2" * 10, "one Django generated for development"),
    ],
    ids=["short", "four-distinct", "one-repeated", "django-insecure"],
)
def test_production_refuses_a_weak_secret_key_saying_why(secret, reason):
    result = _check(
        {"DJANGO_ENV": "production", "ALLOWED_HOSTS": "dashboard.example.gov.uk", "SECRET_KEY": secret}
    )
    assert result.returncode != 0
    assert reason in result.stderr
    assert secret not in result.stderr  # the key itself is never printed


@pytest.mark.parametrize("hosts", ["*", "dashboard.example.gov.uk,*", "*.example.gov.uk"])
def test_production_refuses_a_wildcard_in_allowed_hosts(hosts):
    result = _check({"DJANGO_ENV": "production", "ALLOWED_HOSTS": hosts, "SECRET_KEY": GOOD_SECRET})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name this site's hosts in production" in result.stderr


def test_production_accepts_a_leading_dot_for_subdomains():
    result = _check(
        {"DJANGO_ENV": "production", "ALLOWED_HOSTS": ".example.gov.uk", "SECRET_KEY": GOOD_SECRET}
    )
    assert result.returncode == 0, result.stderr


def test_the_secret_key_rules_are_those_of_djangos_deployment_check():
    from config.env import weak_secret_key

    assert weak_secret_key("a1B2c" * 10) is None  # 50 characters, 5 distinct
    assert weak_secret_key("a1B2" * 13) is not None
    assert weak_secret_key("a1B2c" * 9 + "a1B2") is not None  # 49


def test_production_refuses_debug():
    result = _check(
        {
            "DJANGO_ENV": "production",
            "ALLOWED_HOSTS": "dashboard.example.gov.uk",
            "SECRET_KEY": GOOD_SECRET,
            "DEBUG": "true",
        }
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_starts_with_a_real_secret_and_hosts():
    result = _check(
        {"DJANGO_ENV": "production", "ALLOWED_HOSTS": "dashboard.example.gov.uk", "SECRET_KEY": GOOD_SECRET}
    )
    assert result.returncode == 0, result.stderr


def test_the_secret_can_come_from_a_file(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text(GOOD_SECRET + "\n")
    result = _check(
        {
            "DJANGO_ENV": "production",
            "ALLOWED_HOSTS": "dashboard.example.gov.uk",
            "SECRET_KEY_FILE": str(secret_file),
        }
    )
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG='maybe' is not a boolean"):
        env_bool("SOME_FLAG")


def test_a_bad_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("SOME_NUMBER", 1)


def test_lists_are_split_on_commas_without_blanks(monkeypatch):
    monkeypatch.setenv("SOME_LIST", " a.example , ,b.example")
    assert env_list("SOME_LIST") == ["a.example", "b.example"]


def test_unset_variables_take_their_defaults(monkeypatch):
    monkeypatch.delenv("UNSET_THING", raising=False)
    assert env_str("UNSET_THING", "x") == "x"
    assert env_bool("UNSET_THING", True) is True
    assert env_int("UNSET_THING", 3) == 3
