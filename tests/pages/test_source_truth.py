"""The themes, action and measure pages state only what their sources state: no invented owner,
rating or completion date reads as the Council report's, dates keep their source's precision,
and the neighbours' average names its neighbours and how many of them it covers."""

from __future__ import annotations

import html as html_text
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.choices import Status
from improvement.models import Action

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html_text.unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_themes_page_shows_no_invented_date_rating_or_owner_as_the_reports(client, report_content):
    html = client.get("/themes/").content.decode()
    text = _text(html)
    for invented in ("1 May 2016", "1 May 2015", "1 June 2016", "On track", "Executive Director, Children"):
        assert invented not in text, invented
    assert "rag--green" not in html
    assert "rag--amber" not in html
    assert text.count("Not named in the source") == Action.objects.count()
    assert text.count("No rating") == Action.objects.count()
    assert text.count("Completed: date not given") == 13
    assert "Completed: September 2015" in text
    assert "Completed: by May 2015" in text


def test_the_themes_page_dates_the_reports_updates_to_the_month_and_says_how_it_was_derived(
    client, report_content
):
    text = _text(client.get("/themes/").content.decode())
    assert text.count("June 2016 The report gives no date; June 2016 is derived from its text") == 22


def test_the_themes_are_labelled_as_derived_from_the_reports_text(client, report_content):
    text = _text(client.get("/themes/").content.decode())
    assert text.count("Derived from the report's text") == 6


def test_the_action_page_states_its_status_from_the_source_without_the_day_it_was_loaded(
    client, report_content
):
    # A history row for every action, dated the day it is written, as loading or restoring writes.
    call_command("populate_history", "improvement.Action", verbosity=0)
    assert Action.history.filter(code="independent-review-service").exists()
    html = client.get(reverse("improvement:action", args=["independent-review-service"])).content.decode()
    history = _text(
        html[html.index('id="history-title"') : html.index("</section>", html.index('id="history-title"'))]
    )
    assert history.startswith(
        'id="history-title">Status history As the source states it (Council report 2016'
    )
    assert re.findall(r"\d{1,2} \w+ \d{4}", history) == []
    assert "Complete, but with no completion date to judge from" in _text(html)


def test_a_status_change_made_since_the_source_is_dated_when_it_was_made(client, report_content):
    action = Action.objects.get(code="mash")
    action.status = Status.AT_RISK
    action.save()
    html = client.get(reverse("improvement:action", args=["mash"])).content.decode()
    history = _text(
        html[html.index('id="history-title"') : html.index("</section>", html.index('id="history-title"'))]
    )
    assert history.index("As the source states it") < history.index("In progress") < history.index("At risk")
    assert len(re.findall(r"\d{1,2} \w+ \d{4}: At risk", history)) == 1


def test_the_measure_page_names_the_neighbours_says_the_list_is_configured_and_gives_coverage(
    client, report_content
):
    text = _text(client.get(reverse("dashboard:measure", args=["referrals-nfa"])).content.decode())
    names = "Sandwell, Manchester, Bradford, Wolverhampton, Walsall, Leicester, Nottingham, Luton, Enfield"
    assert f"{names}, Coventry" in text
    assert "The council's configured list of statistical neighbours, not DfE's own" in text
    assert "Average of 8 of 10 neighbours" in text
    assert "Average of 9 of 10 neighbours" in text
    assert re.search(r"Against neighbours .*?; average of \d+ of 10 neighbours", text)


def test_the_measure_page_of_a_count_has_no_neighbours_note(client, report_content):
    html = client.get(reverse("dashboard:measure", args=["referrals"])).content.decode()
    assert 'id="neighbours-title"' not in html


def test_the_measure_page_says_an_undated_completion_cannot_be_judged(client, report_content):
    text = _text(client.get(reverse("dashboard:measure", args=["cp-reviews-in-time"])).content.decode())
    assert "date not given Complete, but with no completion date to judge from" in text
