"""Typed readers for environment variables.

Each helper returns a value of one type and fails loudly (``ImproperlyConfigured``)
on a value it cannot read, so a typo in production never falls back silently.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """Return ``name`` from the environment, or from the file named by ``name_FILE``.

    The ``_FILE`` form lets a secret come from a mounted file (Docker or systemd
    credentials) instead of the process environment.
    """
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """Return ``name`` as a boolean; accepts 1/0, true/false, yes/no, on/off."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    """Return ``name`` as an integer."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return ``name`` split on commas, with blanks and surrounding spaces removed."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_date(name: str, default: dt.date | None = None) -> dt.date | None:
    """Return ``name`` as a date written YYYY-MM-DD, or ``default`` when unset or blank."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a date (use YYYY-MM-DD)") from exc


SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5


def weak_secret_key(value: str) -> str | None:
    """Return why ``value`` is too weak to sign production sessions and tokens, or None.

    The thresholds are Django's own deployment check (security.W009): at least 50 characters,
    at least 5 of them distinct, and not a key Django generated for development.
    """
    if not value:
        return "it is not set"
    if value.startswith("django-insecure-"):
        return "it is one Django generated for development (it starts with django-insecure-)"
    if len(value) < SECRET_KEY_MIN_LENGTH:
        return f"it has {len(value)} characters; at least {SECRET_KEY_MIN_LENGTH} are needed"
    if len(set(value)) < SECRET_KEY_MIN_DISTINCT:
        return (
            f"it has only {len(set(value))} distinct characters; at least {SECRET_KEY_MIN_DISTINCT} "
            "are needed"
        )
    return None


def wildcard_hosts(hosts: list[str]) -> list[str]:
    """Return the entries of ALLOWED_HOSTS that would accept any host name (``*`` in any form)."""
    return [host for host in hosts if "*" in host]
