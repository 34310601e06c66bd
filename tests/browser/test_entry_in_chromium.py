"""In Chromium: an officer enters a month in the grid and submits it, an approver approves it,
and the councillor's measure page then shows it. Screenshots of the grid and the history views
at 1280 and 390 px go to ``screenshots/``."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect

from core import roles
from performance.models import MeasureValue, Unit, ValueStatus
from tests.factories import MeasureFactory, MeasureValueFactory, TargetFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.BASE_DIR) / "screenshots"
APRIL = dt.date(2016, 4, 1)


def _user(role: str, username: str):
    # A transactional test before this one may have flushed the groups the migration made.
    if not Group.objects.filter(name=role).exists():
        roles.sync_roles(django_apps)
    user = UserFactory(username=username, first_name=username.capitalize(), last_name="Tester")
    user.groups.set([Group.objects.get(name=role)])
    return user


def _page_as(browser, live_server, user, width: int = 1280):
    """Return a page whose browser holds ``user``'s session (no password form: see TEAM rule 7)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


@pytest.fixture
def month_of_measures():
    looked_after = MeasureFactory(
        code="looked-after",
        name="Children looked after",
        unit=Unit.COUNT,
        aggregation="last",
        decimal_places=0,
    )
    rereferrals = MeasureFactory(
        code="re-referrals", name="Re-referrals within 12 months", aggregation="ratio"
    )
    TargetFactory(measure=rereferrals, value=Decimal("22"))
    TargetFactory(measure=looked_after, value=Decimal("1800"), tolerance=Decimal("50"))
    MeasureValueFactory(measure=looked_after, period=dt.date(2016, 3, 1), value=Decimal("1888"))
    MeasureValueFactory(
        measure=rereferrals,
        period=dt.date(2016, 3, 1),
        value=Decimal("23.1"),
        numerator=Decimal("231"),
        denominator=Decimal("1000"),
    )
    return looked_after, rereferrals


def test_an_officer_enters_and_submits_a_month_an_approver_approves_and_councillors_see_it(
    browser, live_server, month_of_measures
):
    looked_after, _rereferrals = month_of_measures
    officer = _user(roles.OFFICER, "olivia")
    approver = _user(roles.APPROVER, "arthur")
    grid = f"{live_server.url}/admin/performance/measurevalue/month/?month=2016-04"

    page = _page_as(browser, live_server, officer)
    page.goto(grid)
    expect(page.get_by_role("heading", name="Enter a month: April 2016")).to_be_visible()
    page.get_by_label("Children looked after, value").fill("1912")
    page.get_by_label("Re-referrals within 12 months, value").fill("140")  # not a percentage
    page.get_by_role("button", name="Save and submit for approval").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.locator("#grid-errors")).to_contain_text("Re-referrals within 12 months")
    _shoot(page, "month-grid-errors-1280.png")
    assert not MeasureValue.objects.filter(period=APRIL).exists()

    page.get_by_label("Re-referrals within 12 months, value").fill("21.5")
    page.get_by_label("Re-referrals within 12 months, numerator").fill("215")
    page.get_by_label("Re-referrals within 12 months, denominator").fill("1000")
    page.get_by_role("button", name="Save and submit for approval").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "April 2016: 2 value(s) saved, 2 submitted for approval."
    )
    _shoot(page, "month-grid-1280.png")
    narrow = _page_as(browser, live_server, officer, width=390)
    narrow.goto(grid)
    _shoot(narrow, "month-grid-390.png")
    assert set(MeasureValue.objects.filter(period=APRIL).values_list("status", flat=True)) == {"submitted"}

    page = _page_as(browser, live_server, approver)
    page.goto(f"{live_server.url}/admin/performance/measurevalue/?status__exact=submitted")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("approve_selected")
    page.get_by_role("button", name=re.compile("Go|Run")).click()
    expect(page.locator(".messagelist")).to_contain_text("2 value(s) approved.")
    value = MeasureValue.objects.get(measure=looked_after, period=APRIL)
    assert value.status == ValueStatus.APPROVED
    assert value.approved_by == approver

    page.goto(f"{live_server.url}/admin/performance/measurevalue/{value.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("Approved")
    _shoot(page, "value-history-1280.png")
    page.goto(f"{live_server.url}/admin/audit/?kind=value")
    expect(page.locator("table.audit")).to_contain_text("Submitted for approval")
    _shoot(page, "audit-1280.png")
    for name, url in (
        ("value-history", f"/admin/performance/measurevalue/{value.pk}/history/"),
        ("audit", "/admin/audit/?kind=value"),
    ):
        narrow = _page_as(browser, live_server, approver, width=390)
        narrow.goto(live_server.url + url)
        _shoot(narrow, f"{name}-390.png")

    public = browser.new_page()
    public.goto(f"{live_server.url}/measures/looked-after/")
    expect(public.locator("main")).to_contain_text("1,912")
