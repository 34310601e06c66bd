"""Charts in Chromium: hover still works, but a drag, a double click or a legend click changes
nothing, and every chart links to its figures as a table."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command

from core.cache import clear_local
from tests.conftest import REPORT_FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RANGES = """el => ({
    x: el._fullLayout.xaxis.range.slice(),
    y: el._fullLayout.yaxis.range.slice(),
    visible: el._fullData.map(t => t.visible),
})"""


@pytest.fixture
def site(live_server):
    cache.clear()
    clear_local()
    call_command("loaddata", *REPORT_FIXTURES, verbosity=0)
    return live_server.url


def _chart(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(url)
    chart = page.locator("[data-chart]").first
    page.wait_for_selector("[data-chart][data-drawn='true']")
    return page, chart


def test_a_drag_a_double_click_and_a_legend_click_leave_the_measure_chart_unchanged(browser, site):
    page, chart = _chart(browser, site + "/measures/re-referrals/")
    before = chart.evaluate(RANGES)
    box = page.locator(".nsewdrag").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.7, steps=8)
    page.mouse.up()
    page.mouse.dblclick(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.locator(".legend .traces").first.click()
    page.locator(".legend .traces").nth(1).dblclick()
    assert chart.evaluate(RANGES) == before
    assert all(v is True for v in before["visible"])
    page.close()


def test_hovering_over_the_measure_chart_still_names_a_point(browser, site):
    page, _ = _chart(browser, site + "/measures/re-referrals/")
    point = page.locator(".scatterlayer .trace .points path").first
    point.hover(force=True)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=5_000)
    page.close()


def test_every_chart_links_to_a_table_of_its_figures(browser, site):
    for path in ["/", "/measures/re-referrals/", "/timeline/", "/options/"]:
        page, _ = _chart(browser, site + path)
        links = page.locator(".chart__table-link a")
        assert links.count() == page.locator("[data-chart]").count() > 0, path
        for i in range(links.count()):
            target = links.nth(i).get_attribute("href")
            assert page.locator(f"{target} table").count() == 1, (path, target)
        page.close()


def test_the_measure_chart_fits_a_320_pixel_screen_with_its_legend_below_the_axis(browser, site):
    page, chart = _chart(browser, site + "/measures/re-referrals/", width=320)
    legend = page.locator(".legend").first.bounding_box()
    axis = page.locator(".xtick").last.bounding_box()
    plot = chart.bounding_box()
    assert legend["y"] >= axis["y"] + axis["height"]
    assert legend["y"] + legend["height"] <= plot["y"] + plot["height"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()
