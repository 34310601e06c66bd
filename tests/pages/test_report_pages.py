"""The pages with the source report's own content loaded from the fixtures."""

import re

import pytest
from django.core.cache import cache

from core.cache import clear_local

pytestmark = pytest.mark.django_db


def _action_and_measure(client) -> tuple[str, str]:
    action = re.search(r'href="(/actions/[^"]+/)"', client.get("/themes/").content.decode()).group(1)
    measure = re.search(r'href="(/measures/[^"]+/)"', client.get("/measures/").content.decode()).group(1)
    return action, measure


def test_every_page_answers_with_the_report_content_within_the_budget(
    client, report_content, django_assert_max_num_queries
):
    action, measure = _action_and_measure(client)
    for url in ["/", "/timeline/", "/themes/", action, "/measures/", measure, "/priorities/", "/options/"]:
        clear_local()
        cache.clear()
        with django_assert_max_num_queries(10):
            response = client.get(url)
        assert response.status_code == 200, url


def test_the_options_page_reproduces_the_published_totals_and_labels_the_reconstruction(
    client, report_content
):
    html = client.get("/options/").content.decode()
    assert "Every computed total matches the published total." in html
    totals = re.findall(r'<td class="num">(\d+)</td><td class="num">(\d+)</td><td>Matches</td>', html)
    assert totals == [("82", "82"), ("74", "74"), ("64", "64"), ("57", "57"), ("46", "46")]
    assert "Reconstructed</strong>, not the council's own" in html


def test_the_timeline_names_ratings_and_the_overview_shows_the_latest_inspection(client, report_content):
    timeline = client.get("/timeline/").content.decode()
    assert timeline.count("rating--inadequate") >= 3
    assert "1999" in timeline
    overview = client.get("/").content.decode()
    assert "Latest inspection" in overview
    assert "rating--inadequate" in overview


def test_the_priorities_page_shows_2016_17_marked_as_derived(client, report_content):
    html = client.get("/priorities/").content.decode()
    assert "Priorities for 2016/17" in html
    assert "Derived from the report" in html
