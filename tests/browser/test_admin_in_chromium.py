"""The admin pages an officer and an approver use, in Chromium at 1280 and 320 pixels: no axe
violation, no page wider than the screen, and every scrolling region reachable by keyboard."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe

from core import roles
from performance.models import MeasureValue, ValueStatus
from tests.browser.test_entry_in_chromium import _page_as, _user, month_of_measures  # noqa: F401
from tests.browser.test_pages_in_chromium import AXE_OPTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APRIL = dt.date(2016, 4, 1)
# Scrolling elements that are not reachable by keyboard: neither focusable nor holding a focusable.
UNREACHABLE_SCROLLERS = """() => [...document.querySelectorAll('body *')].filter(el => {
    const style = getComputedStyle(el);
    const scrolls = (el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(style.overflowX))
        || (el.scrollHeight > el.clientHeight + 1 && /auto|scroll/.test(style.overflowY));
    const focusable = 'a[href], button, input, select, textarea, [tabindex]';
    return scrolls && el.tabIndex < 0 && !el.querySelector(focusable);
}).map(el => el.outerHTML.slice(0, 120))"""


@pytest.fixture
def entered(month_of_measures):  # noqa: F811
    looked_after, _rereferrals = month_of_measures
    officer = _user(roles.OFFICER, "olivia")
    MeasureValue.objects.create(
        measure=looked_after,
        period=APRIL,
        value=Decimal("1912"),
        status=ValueStatus.SUBMITTED,
        entered_by=officer,
    )
    return officer, _user(roles.APPROVER, "arthur"), looked_after


def _violations(results) -> list:
    return [(v["id"], [n["target"] for n in v["nodes"]][:4]) for v in results.response["violations"]]


def _check(page, url: str, width: int) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, (url, width, _violations(results))
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (url, width)
    assert page.evaluate(UNREACHABLE_SCROLLERS) == [], (url, width)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_officers_and_approvers_admin_pages_pass_axe_and_reflow(browser, live_server, entered, width):
    officer, approver, looked_after = entered
    value = MeasureValue.objects.get(measure=looked_after, period=APRIL)
    base = live_server.url + "/admin/"
    login = browser.new_page(viewport={"width": width, "height": 900})
    _check(login, base + "login/", width)
    login.close()
    officer_pages = [
        "",
        "performance/measurevalue/",
        "performance/measurevalue/month/?month=2016-05",
        f"performance/measurevalue/{value.pk}/change/",
        "performance/measurevalue/import/",
        f"performance/measurevalue/{value.pk}/history/",
    ]
    page = _page_as(browser, live_server, officer, width=width)
    for path in officer_pages:
        _check(page, base + path, width)
    page.goto(base + "performance/measurevalue/month/?month=2016-05")
    page.get_by_label("Children looked after, value").fill("many")
    page.get_by_role("button", name="Save as drafts").click()
    page.wait_for_selector("#grid-errors")
    summary = page.locator("#grid-errors a").first
    assert summary.inner_text().startswith("Children looked after, May 2016, value:")
    field = page.locator(summary.get_attribute("href"))
    assert page.locator("#" + field.get_attribute("aria-describedby")).count() == 1
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, ("grid with errors", width, _violations(results))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    approver_page = _page_as(browser, live_server, approver, width=width)
    for path in ["", "performance/measurevalue/?status__exact=submitted", "audit/"]:
        _check(approver_page, base + path, width)


def test_the_admin_greets_people_by_name(browser, live_server, entered):
    officer, _approver, _ = entered
    page = _page_as(browser, live_server, officer)
    page.goto(live_server.url + "/admin/")
    assert "Olivia Tester" in page.locator("#user-tools").inner_text()
