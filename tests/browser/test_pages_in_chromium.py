"""Every public page in real Chromium: no console error, every chart drawn, no axe violation,
usable by keyboard and at 320 px."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Max
from django.urls import reverse

from core.cache import clear_local
from core.periods import months_between
from performance.models import MeasureValue
from reports import services
from reports.models import CouncilReport, ReportStatus
from tests.conftest import REPORT_FIXTURES
from tests.datasets import build_large_dataset
from tests.factories import CouncilReportFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTS = ["/", "/timeline/", "/themes/", "/measures/", "/priorities/", "/options/"]
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture(params=["synthetic", "report"])
def site(request, live_server):
    """The live server with either a small synthetic data set or the source report's content."""
    cache.clear()
    clear_local()
    if request.param == "synthetic":
        build_large_dataset(measures=6, years=3)
    else:
        call_command("loaddata", *REPORT_FIXTURES, verbosity=0)
    return live_server.url


def _published_report() -> str:
    """Publish a report on the last twelve approved months (once) and return its page's path."""
    published = CouncilReport.objects.filter(status=ReportStatus.PUBLISHED).first()
    if published is None:
        end = MeasureValue.objects.approved().aggregate(last=Max("period"))["last"]
        start = months_between(end.replace(year=end.year - 1), end)[1]
        published = CouncilReportFactory(title="Report to Council", period_start=start, period_end=end)
        services.report_publish(report=published, user=None)
    return reverse("reports:print", args=[published.pk])


def _pages(browser, base: str) -> list[str]:
    """Return every list page, the first action and measure linked from them, and a published report."""
    page = browser.new_page()
    page.goto(base + "/themes/")
    action = page.locator("a[href^='/actions/']").first.get_attribute("href")
    page.goto(base + "/measures/")
    measure = page.locator("main table a[href^='/measures/']").first.get_attribute("href")
    page.close()
    return [*LISTS, action, measure, reverse("reports:index"), _published_report()]


def _open(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors


def _charts_drawn(page) -> None:
    charts = page.locator("[data-chart]")
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.locator(".main-svg").first.wait_for(state="attached", timeout=10_000)
        assert chart.get_attribute("data-drawn") == "true" or chart.locator(".main-svg").count() > 0


def test_every_page_loads_draws_its_charts_and_passes_axe(browser, site):
    axe = Axe()
    for path in _pages(browser, site):
        page, errors = _open(browser, site + path)
        _charts_drawn(page)
        results = axe.run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, (path, results.generate_report())
        assert errors == [], (path, errors)
        page.close()


def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(browser, site):
    page, _ = _open(browser, site + "/measures/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()


def test_pages_fit_a_320_pixel_screen_without_sideways_scrolling(browser, site):
    for path in _pages(browser, site):
        page, errors = _open(browser, site + path, width=320)
        _charts_drawn(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        assert errors == [], (path, errors)
        page.close()


def test_the_timeline_filter_works_by_keyboard(browser, site):
    page, _ = _open(browser, site + "/timeline/")
    page.get_by_label("Inspection", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Show events").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/timeline/?kind=inspection")
    assert page.locator("tbody tr").count() > 0
    assert all(kind == "Inspection" for kind in page.locator("tbody tr td:nth-child(2)").all_inner_texts())
    page.close()
