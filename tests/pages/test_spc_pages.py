"""SPC on the pages: the measure page's limits, signals, rebase, icons, commentary and golden
thread; the scorecard's order; the action page's verdicts; the overview's counts; query budgets."""

import datetime as dt
import json
import re
from decimal import Decimal as D

import pytest
from django.core.cache import cache

from core.cache import clear_local
from core.choices import Status
from improvement.models import TimelineEvent
from performance.judgement.services import commentary_approve, commentary_draft, commentary_save
from performance.models import Measure, MeasureRebase
from tests import factories as f
from tests.datasets import build_large_dataset

pytestmark = pytest.mark.django_db

WOBBLE = [20, 21, 19, 20, 22, 18, 20, 21, 19, 20, 21, 19]
MONTHS = [dt.date(2014 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(36)]  # Apr 2014 - Mar 2017
LATEST = MONTHS[-1]


def _measure(code: str, polarity: str, values: list[int], order: int, target: str | None = "25"):
    measure = f.MeasureFactory(
        code=code, name=code.title(), polarity=polarity, unit="rate_per_10k", order=order
    )
    if target is not None:
        f.TargetFactory(measure=measure, value=D(target), tolerance=D("1"), valid_from=MONTHS[0])
    for period, value in zip(MONTHS, values, strict=True):
        f.MeasureValueFactory(measure=measure, period=period, value=D(value))
    return measure


@pytest.fixture
def spc_pages(db):
    """Three measures: two rises that are good news (rebased after the first) and bad news, and a wobble."""
    risen = WOBBLE + [v + 10 for v in WOBBLE] + [v + 15 for v in WOBBLE]
    good = _measure("good-rise", "higher", risen, order=1)
    bad = _measure("bad-rise", "lower", risen, order=2)
    calm = _measure("calm", "higher", WOBBLE * 3, order=3, target="10")
    event = f.TimelineEventFactory(
        date=dt.date(2015, 4, 1), title="New operating model launched", kind="plan"
    )
    f.MeasureRebaseFactory(measure=good, event=event)
    action = f.ActionFactory(
        code="model", title="Launch the model", status=Status.COMPLETE, completed_on=dt.date(2015, 4, 1)
    )
    action.measures.set([good, calm])
    return {"good": good, "bad": bad, "calm": calm, "action": action, "event": event}


def _figure(html: str) -> dict:
    return json.loads(
        re.search(r'<script id="chart-[^"]+-data" type="application/json">(.*?)</script>', html).group(1)
    )


def test_the_measure_page_draws_the_average_limits_signals_and_the_rebase_step(client, spc_pages):
    html = client.get("/measures/good-rise/").content.decode()
    figure = _figure(html)
    names = {t["name"] for t in figure["data"]}
    assert {"Average", "Process limits", "Monthly value", "Target"} <= names
    assert "Special cause: improvement" in names
    average = next(t for t in figure["data"] if t["name"] == "Average")
    assert average["y"][0] == 20
    assert average["y"][-1] == 32.5
    assert any(a["text"] == "Limits recalculated" for a in figure["layout"]["annotations"])
    assert "limits recalculated from April 2015" in html
    assert "SPC on an XmR chart: the latest month" in html


def test_the_measure_page_shows_variation_and_assurance_as_icons_with_words(client, spc_pages):
    html = client.get("/measures/good-rise/").content.decode()
    assert '<span class="spc spc--improvement"' in html
    assert '<span class="spc__word">Improvement</span>' in html
    assert '<span class="spc__word">Consistently met</span>' in html
    assert 'aria-hidden="true"' in html  # the icon is decoration: the word carries the meaning
    bad = client.get("/measures/bad-rise/").content.decode()
    assert '<span class="spc__word">Concern</span>' in bad


def test_the_data_table_has_variation_average_and_limits_for_every_month(client, spc_pages):
    html = client.get("/measures/good-rise/").content.decode()
    assert re.search(r"<th scope=\"col\">Variation</th><th scope=\"col\" class=\"num\">Average</th>", html)
    assert '<th scope="col">Limits</th>' in html
    assert html.count("Improvement (shift)") >= 7
    assert "15.4 to 24.6" in html  # the first segment's limits: 20 +/- 2.66 x (19 / 11)
    assert "27.4 to 37.6" in html  # the second segment's: 32.5 +/- 2.66 x (19 + 6 + 19) / 23


def test_the_drafted_commentary_is_labelled_drafted_and_never_as_an_officers(client, spc_pages):
    html = client.get("/measures/good-rise/").content.decode()
    drafted = commentary_draft(measure=spc_pages["good"], period=LATEST)
    assert drafted
    for sentence in drafted:
        assert sentence.text.replace("'", "&#x27;") in html
    assert html.count("Drafted from the figures</strong>") == len(drafted)
    assert "Written by an officer" not in html


def test_an_officers_sentence_is_labelled_as_theirs_once_approved(client, spc_pages, superuser):
    measure = spc_pages["good"]
    pairs = [(s.key, s.text) for s in commentary_draft(measure=measure, period=LATEST)]
    pairs.append(("officer-1", "The new teams started in April."))
    saved = commentary_save(measure=measure, period=LATEST, sentences=pairs, user=superuser)
    commentary_approve(commentary=saved, user=superuser, version=saved.version)
    html = client.get("/measures/good-rise/").content.decode()
    assert html.count("Written by an officer</strong>") == 1
    assert re.search(r"Written by an officer</strong> The new teams started in April\.", html)
    assert html.count("Drafted from the figures</strong>") == len(pairs) - 1


def test_the_measure_page_lists_the_actions_that_should_move_it_with_their_verdict(client, spc_pages):
    html = client.get("/measures/good-rise/").content.decode()
    assert "Actions that should move this measure" in html
    assert "Launch the model" in html
    assert "Improvement signal after completion" in html
    assert (
        "No improvement action names this measure yet." in client.get("/measures/bad-rise/").content.decode()
    )


def test_the_scorecard_puts_what_needs_attention_first_and_says_why(client, spc_pages):
    html = client.get("/measures/").content.decode()
    order = [html.index(f'href="/measures/{code}/"') for code in ("bad-rise", "good-rise", "calm")]
    assert order == sorted(order)  # the concern first, though its usual place is second
    assert "Sorted by what needs attention" in html
    assert '<th scope="col">Variation</th>' in html
    assert '<th scope="col">Assurance</th>' in html
    assert '<span class="spc__word">Concern</span>' in html
    assert '<span class="spc__word">Common cause</span>' in html


def test_the_action_page_says_whether_each_measure_moved_after_completion(client, spc_pages):
    html = client.get("/actions/model/").content.decode()
    assert "Did the measures move?" in html
    table = html[html.index("Did the measures move?") : html.index("Progress updates")]
    good, calm = table.index(">Good-Rise</a>"), table.index(">Calm</a>")
    assert good < calm
    assert "Improvement signal after completion" in table[good:calm]
    assert "No detectable change yet" in table[calm:]


def test_the_overview_counts_measures_with_concern_and_improvement_signals(client, spc_pages):
    html = client.get("/").content.decode()
    assert "1 measure with a concern signal" in html
    assert "1 measure with an improvement signal" in html


@pytest.fixture
def forty_eight_months(db):
    """25 measures x 48 months, three rebased at an event, actions naming measures."""
    size = build_large_dataset(measures=25, years=4)
    event = TimelineEvent.objects.order_by("date")[len(TimelineEvent.objects.all()) // 2]
    for measure in Measure.objects.order_by("code")[:3]:
        MeasureRebase.objects.create(
            measure=measure, event=event, starts_on=event.date.replace(day=1), reason="Test"
        )
    return size


@pytest.mark.parametrize("url", ["/", "/measures/", "/measures/bench-01/", "/actions/bench-action-01/"])
def test_the_spc_pages_stay_within_the_query_budget_on_25_measures_by_48_months(
    client, forty_eight_months, django_assert_max_num_queries, url
):
    assert forty_eight_months.measures == 25
    assert forty_eight_months.months == 48
    cache.clear()
    clear_local()
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200


def test_the_measure_page_names_the_baseline_and_the_screening_and_shades_the_baseline(client, spc_pages):
    calm = spc_pages["calm"]
    calm.baseline_start, calm.baseline_end = MONTHS[0], MONTHS[11]
    calm.save()
    html = client.get("/measures/calm/").content.decode()
    assert "How the process limits are set" in html
    assert "Limits fixed on April 2014 to March 2015 (12 months)." in html
    assert "Moving ranges screened as NHSRplotthedots does" in html
    assert "limits fixed on April 2014 to March 2015" in html  # the chart's one-line summary
    figure = _figure(html)
    band = next(s for s in figure["layout"]["shapes"] if s["type"] == "rect")
    assert (band["x0"], band["x1"]) == ("2014-04-01", "2015-03-01")
    assert any(a["text"] == "Baseline" for a in figure["layout"]["annotations"])


def test_the_measure_page_gives_each_rebase_its_reason_and_the_excel_choice_in_words(client, spc_pages):
    good = spc_pages["good"]
    good.moving_ranges = "all"
    good.save()
    good.rebases.update(reason="The new operating model changed the way of working.")
    html = client.get("/measures/good-rise/").content.decode()
    assert (
        "Recalculated from April 2015 after New operating model launched: limits from all 24 months,"
        " April 2015 to March 2017. Reason: The new operating model changed the way of working." in html
    )
    assert "Every moving range counts towards the limits, as in NHS England&#x27;s Making Data Count" in html


def test_a_measure_with_too_few_months_says_how_many_more_are_needed(client, db):
    measure = f.MeasureFactory(code="new-measure", unit="count")
    for period, value in zip(MONTHS[:3], [10, 12, 11], strict=False):
        f.MeasureValueFactory(measure=measure, period=period, value=D(value))
    html = client.get("/measures/new-measure/").content.decode()
    assert "Not enough months yet: 9 more months needed before process limits are drawn." in html
    assert all(t["name"] != "Process limits" for t in _figure(html)["data"])
