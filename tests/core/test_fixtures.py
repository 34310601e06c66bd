"""The report's content loads on SQLite and PostgreSQL alike, and loading it again changes nothing."""

import pytest
from django.apps import apps
from django.core.management import call_command

from tests.conftest import REPORT_FIXTURES

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for label in ("performance", "improvement", "options")
        for m in apps.get_app_config(label).get_models()
    }


def test_the_fixtures_load_and_loading_them_twice_changes_nothing():
    call_command("loaddata", *REPORT_FIXTURES, verbosity=0)
    first = _counts()
    call_command("loaddata", *REPORT_FIXTURES, verbosity=0)
    second = {k: v for k, v in _counts().items() if not k.split(".")[1].startswith("Historical")}
    assert second == {k: v for k, v in first.items() if not k.split(".")[1].startswith("Historical")}
    assert first["performance.Measure"] >= 20
    assert first["improvement.TimelineEvent"] >= 25


def test_seed_demo_creates_one_user_per_role_and_can_run_again():
    from django.contrib.auth import get_user_model

    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    users = get_user_model().objects.order_by("username")
    assert [u.username for u in users] == ["admin", "approver", "councillor", "officer"]
    assert users.get(username="approver").groups.get().name == "Approver"


def test_seed_demo_refuses_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEMO_USERS = False
    with pytest.raises(CommandError, match="refuses to run in production"):
        call_command("seed_demo", verbosity=0)


def test_seed_demo_prints_the_admin_address_on_the_port_the_server_uses(settings):
    from io import StringIO

    settings.DEV_SERVER_URL = "http://127.0.0.1:9123/"
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert f"http://127.0.0.1:9123/{settings.ADMIN_URL}" in out.getvalue()
