"""Every public page: it answers, shows what it must, stays within 10 queries on the large data
set, and shows approved values only."""

import datetime as dt
import json
import re
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.cache import clear_local
from core.choices import Provenance, Status
from performance.models import ValueStatus
from tests import factories as f
from tests.datasets import DRAFT_VALUE

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10
LARGE_PAGES = [
    "/",
    "/timeline/",
    "/timeline/?kind=inspection&kind=review",
    "/themes/",
    "/actions/bench-action-03/",
    "/measures/",
    "/measures/bench-01/",
    "/priorities/",
    "/priorities/2016/",
    "/options/",
]


@pytest.mark.parametrize("url", LARGE_PAGES)
def test_each_page_answers_within_the_query_budget_on_25_measures_by_20_years(
    client, large_dataset, django_assert_max_num_queries, url
):
    assert large_dataset.measures == 25
    assert large_dataset.months == 240
    cache.clear()
    clear_local()
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f"{DRAFT_VALUE}" not in html


@pytest.mark.parametrize("url", LARGE_PAGES)
def test_a_cached_page_is_served_without_touching_the_database(
    client, large_dataset, django_assert_num_queries, url
):
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content


def test_every_chart_has_its_json_a_summary_and_a_data_table(client, large_dataset):
    for url in ["/", "/timeline/", "/measures/bench-01/", "/options/"]:
        html = client.get(url).content.decode()
        chart_ids = re.findall(r'data-chart="([^"]+)"', html)
        assert chart_ids, url
        for data_id in chart_ids:
            figure = json.loads(
                re.search(rf'<script id="{data_id}" type="application/json">(.*?)</script>', html).group(1)
            )
            assert figure["data"], (url, data_id)
        assert html.count('class="chart__summary"') >= len(chart_ids)
        assert "<table" in html
        assert "<script>" not in html  # no inline script, only json_script data blocks and files
        assert "vendor/plotly/plotly-basic.min.js" in html


def test_pages_without_charts_do_not_load_plotly(client, large_dataset):
    for url in ["/measures/", "/themes/", "/priorities/"]:
        assert "plotly" not in client.get(url).content.decode()


def _measure_with_values():
    measure = f.MeasureFactory(code="re-referrals", name="Re-referrals", polarity="lower", decimal_places=1)
    f.TargetFactory(measure=measure, value=D("20"), tolerance=D("2"), provenance=Provenance.ILLUSTRATIVE)
    f.MeasureValueFactory(measure=measure, period=dt.date(2016, 3, 1), value=D("21.5"))
    f.MeasureValueFactory(measure=measure, period=dt.date(2016, 4, 1), value=D("19.3"))
    f.MeasureValueFactory(
        measure=measure,
        period=dt.date(2016, 5, 1),
        value=D("55.5"),
        status=ValueStatus.DRAFT,
        approved_at=None,
    )
    f.MeasureValueFactory(
        measure=measure,
        period=dt.date(2016, 6, 1),
        value=D("66.6"),
        status=ValueStatus.SUBMITTED,
        approved_at=None,
    )
    f.BenchmarkValueFactory(measure=measure, comparator="england", year=2016, value=D("22.5"))
    f.BenchmarkValueFactory(
        measure=measure, comparator="council", area_code="E08000025", year=2016, value=D("19.3")
    )
    # The year to March 2016 is published in November 2016, after April 2016: 2015 is compared.
    f.BenchmarkValueFactory(measure=measure, comparator="england", year=2015, value=D("22.0"))
    f.BenchmarkValueFactory(
        measure=measure, comparator="council", area_code="E08000025", year=2015, value=D("19.8")
    )
    return measure


def test_only_approved_values_appear_on_the_scorecard_and_the_measure_page(client):
    _measure_with_values()
    for url in ["/measures/", "/measures/re-referrals/", "/"]:
        html = client.get(url).content.decode()
        assert "55.5" not in html, url
        assert "66.6" not in html, url
    scorecard = client.get("/measures/").content.decode()
    assert "19.3%" in scorecard
    assert "April 2016" in scorecard


def test_the_scorecard_row_says_rag_direction_and_england_in_words(client):
    _measure_with_values()
    html = client.get("/measures/").content.decode()
    assert '<strong class="tag rag--green">Green</strong>' in html
    assert "Improving" in html
    assert "against March 2016" in html
    assert '<strong class="tag verdict--better">Better</strong>' in html
    assert "19.8% against 22.0%, year to March 2015" in html
    assert "Illustrative" in html


def test_the_measure_page_has_definition_summary_chart_data_and_table(client):
    _measure_with_values()
    f.TimelineEventFactory(date=dt.date(2016, 3, 15), title="Commissioner appointed")
    html = client.get("/measures/re-referrals/").content.decode()
    assert "From March 2016 to April 2016 the monthly value moved from 21.5% to 19.3%" in html
    assert "against a target of 20.0% (Green in April 2016)" in html
    assert "Lower is better" in html
    assert "A test measure." in html
    assert "Commissioner appointed" in html
    assert html.index("April 2016</th>") < html.index("March 2016</th>")  # latest first
    assert "The monthly values and the target are reconstructions" in html


def test_an_unknown_measure_or_action_is_a_404(client):
    assert client.get("/measures/nope/").status_code == 404
    assert client.get("/actions/nope/").status_code == 404
    assert client.get("/priorities/1999/").status_code == 404


def test_the_timeline_filters_by_kind_and_refuses_an_unknown_kind_with_a_message(client):
    f.TimelineEventFactory(
        kind="inspection", title="An inspection", rating="Inadequate", rating_level="inadequate"
    )
    f.TimelineEventFactory(kind="review", title="A review", date=dt.date(2014, 6, 1))
    html = client.get("/timeline/?kind=review").content.decode()
    assert "A review" in html
    assert "An inspection" not in html
    everything = client.get("/timeline/").content.decode()
    assert "An inspection" in everything
    assert '<strong class="tag rating--inadequate">Inadequate</strong>' in everything
    bad = client.get("/timeline/?kind=gossip")
    assert bad.status_code == 400
    assert "“gossip” is not a kind of event" in bad.content.decode()


def test_the_themes_page_lists_actions_with_status_owner_due_and_latest_update(client):
    action = f.ActionFactory(
        code="mash", title="Develop the MASH", owner="Head of MASH", due_date=dt.date(2016, 9, 30)
    )
    f.ProgressUpdateFactory(action=action, date=dt.date(2016, 5, 1), commentary="Older news")
    f.ProgressUpdateFactory(action=action, date=dt.date(2016, 6, 1), commentary="Latest news", rag="amber")
    html = client.get("/themes/").content.decode()
    assert "Develop the MASH" in html
    assert "Head of MASH" in html
    assert "30 September 2016" in html
    assert "Latest news" in html
    assert "Older news" not in html
    assert '<strong class="tag status--on-track">On track</strong>' in html


def test_the_action_page_shows_every_update_and_the_status_history(client):
    action = f.ActionFactory(code="mash", status=Status.ON_TRACK)
    f.ProgressUpdateFactory(action=action, date=dt.date(2016, 5, 1), commentary="Older news")
    f.ProgressUpdateFactory(action=action, date=dt.date(2016, 6, 1), commentary="Latest news")
    action.status = Status.AT_RISK
    action.save()
    html = client.get(reverse("improvement:action", args=["mash"])).content.decode()
    assert html.index("Latest news") < html.index("Older news")
    assert html.index(">On track<") < html.index(">At risk<", html.index("Status history"))


def test_the_priorities_page_shows_lead_milestones_and_linked_measure_status(client):
    measure = _measure_with_values()
    priority = f.PriorityFactory(year=2016, title="Reduce re-referrals", lead="Head of MASH")
    priority.measures.add(measure)
    f.MilestoneFactory(priority=priority, title="Audit re-referrals", status=Status.AT_RISK)
    html = client.get("/priorities/2016/").content.decode()
    assert "Priorities for 2016/17" in html
    assert "Head of MASH" in html
    assert "Audit re-referrals" in html
    assert "Derived from the report" in html
    assert '<strong class="tag rag--green">Green</strong>' in html


def test_priorities_without_a_year_falls_back_to_the_latest_year_with_priorities(client):
    f.PriorityFactory(year=2016, title="The 2016 priority")
    assert "The 2016 priority" in client.get("/priorities/").content.decode()


def test_the_options_page_ranks_by_computed_total_and_says_what_is_reconstructed(client):
    appraisal = f.AppraisalFactory()
    pace = f.CriterionFactory(appraisal=appraisal, name="Pace", weight=D(3))
    cost = f.CriterionFactory(appraisal=appraisal, name="Cost", weight=D(2))
    low = f.OptionFactory(appraisal=appraisal, name="Low option", published_total=10, order=1)
    high = f.OptionFactory(appraisal=appraisal, name="High option", published_total=17, order=2)
    for option, scores in ((low, (2, 2)), (high, (5, 1))):
        f.ScoreFactory(option=option, criterion=pace, score=scores[0], provenance=Provenance.ILLUSTRATIVE)
        f.ScoreFactory(option=option, criterion=cost, score=scores[1], provenance=Provenance.ILLUSTRATIVE)
    html = client.get("/options/").content.decode()
    assert html.index("High option") < html.index("Low option")
    assert "Every computed total matches the published total." in html
    assert (
        "Each option&#x27;s score on each criterion" in html
        or "each option&#x27;s score on each criterion" in html
    )
    # Cost: High 1 vs Low 2, gap 7: tie when the weight rises by 7 to 9.
    assert "They tie when the weight rises to 9.00 (+7.00, +350%)" in html
    # Pace: High 5 vs Low 2: tie when the weight falls by 7/3, to 0.67.
    assert "They tie when the weight falls to 0.67 (-2.33, -78%)" in html


def test_the_options_page_without_an_appraisal_says_so(client):
    assert "No options appraisal is recorded yet." in client.get("/options/").content.decode()


def test_the_overview_shows_rag_status_inspection_and_report_date_when_set(client, settings):
    _measure_with_values()
    f.ActionFactory(status=Status.COMPLETE, completed_on=dt.date(2016, 1, 1))
    f.TimelineEventFactory(title="Ofsted inspection", rating="Inadequate", rating_level="inadequate")
    settings.NEXT_COUNCIL_REPORT_DATE = dt.date(2016, 12, 6)
    html = client.get("/").content.decode()
    assert "6 December 2016" in html
    assert "Ofsted inspection" in html
    assert "Of 1 measures, 1 green; 1 improving and 0 worsening" in html
    assert "Of 1 actions, 1 complete." in html


def test_the_overview_says_when_no_report_date_is_set(client):
    assert "has not been set yet" in client.get("/").content.decode()
