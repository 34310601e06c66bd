"""The scorecard in Chromium: one table that fits a desktop screen, one card per measure on a
phone, and the sparkline told in words."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command

from core.cache import clear_local
from tests.conftest import REPORT_FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scorecard(live_server):
    cache.clear()
    clear_local()
    call_command("loaddata", *REPORT_FIXTURES, verbosity=0)
    return live_server.url + "/measures/"


def _open(browser, url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(url)
    return page


def test_at_1280_pixels_the_whole_table_shows_without_scrolling(browser, scorecard):
    page = _open(browser, scorecard, 1280)
    region = page.locator(".scorecard-wide")
    assert region.is_visible()
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert not page.locator(".scorecard-cards").is_visible()
    page.close()


def test_on_a_phone_each_measure_is_one_card_with_every_status_in_words(browser, scorecard):
    page = _open(browser, scorecard, 390)
    assert not page.locator(".scorecard-wide").is_visible()
    cards = page.locator(".score-card")
    assert cards.count() == 24
    first = cards.first
    labels = ["Latest", "Target", "RAG", "Direction of travel", "Variation", "Assurance", "Against England"]
    for label in labels:
        assert first.get_by_text(label, exact=True).is_visible()
    assert first.locator(".score-card__trend .hint").inner_text().startswith(("Rising", "Falling", "Level"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.close()


def test_the_tables_sparklines_carry_their_words_for_screen_readers(browser, scorecard):
    page = _open(browser, scorecard, 1280)
    words = page.locator(".scorecard tbody tr").first.locator("td").last.inner_text()
    assert words.startswith(("Rising from", "Falling from", "Level, from"))
    page.close()
