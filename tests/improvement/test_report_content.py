"""The 2016 Council report's timeline, Le Grand actions and 2016/17 priorities, as loaded from fixtures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command

from improvement.models import (
    Action,
    DatePrecision,
    Milestone,
    Priority,
    ProgressUpdate,
    Theme,
    TimelineEvent,
)
from tests.conftest import REPORT_FIXTURES

pytestmark = pytest.mark.django_db

# A phrase from each progress item of section 3, and the action that records it.
SECTION_3_ITEMS = {
    "creation of additional posts": "investment-additional-posts",
    "recruitment package that assists the employment and retention": "recruitment-package",
    "new joint commissioning panel": "stakeholder-engagement",
    "focus solely on children's social care": "executive-director-and-cswo",
    "risk assessment on senior management capacity": "senior-management-risk-assessment",
    '"unidentified risk"': "unidentified-risk",
    '"Quartet" arrangement': "improvement-quartet",
    "single improvement plan": "single-improvement-plan",
    "MASH development": "mash",
    "independent assessment exercise": "management-capacity-review",
    "previous PDR system": "employment-review",
    "procurement of a replacement system": "it-strategy",
    "itemised three year budget": "budget-finance-strategy",
    "review of placement mix": "placement-mix-review",
    "Commissioning Centre of Excellence": "commissioning-capacity",
    "Priory Group": "residential-homes-priory",
    "Birmingham Education Partnership": "partnership-approaches",
    "Independent Review service for 10 months": "independent-review-service",
    "review the Safeguarding Board": "safeguarding-board-review",
    "Early Help and Children's Social Care plan 2015-17": "early-help-csc-plan-2015-17",
    "new operating model was launched in September 2015": "new-operating-model",
    "Essex County Council Children's Services": "essex-improvement-support",
}


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("improvement").get_models()
    }


def test_the_timeline_starts_with_the_1999_joint_review(report_content):
    first = TimelineEvent.objects.first()
    assert first.slug == "1999-joint-review"
    assert first.date == dt.date(1999, 1, 1)
    assert first.display_date == "1999"


def test_the_timeline_includes_the_dispatches_programme_to_the_day(report_content):
    event = TimelineEvent.objects.get(slug="2016-dispatches-programme")
    assert event.date == dt.date(2016, 5, 26)
    assert event.date_precision == DatePrecision.DAY
    assert event.display_date == "26 May 2016"


def test_andrew_christie_is_one_event_dated_december_2015(report_content):
    events = TimelineEvent.objects.filter(title__icontains="Andrew Christie")
    assert events.count() == 1
    assert events.get().display_date == "December 2015"
    assert events.get().kind == "intervention"


def test_the_summer_2013_dfe_case_review_is_dated_by_its_season(report_content):
    event = TimelineEvent.objects.get(slug="2013-dfe-case-review")
    assert event.display_date == "Summer 2013"


def test_year_only_events_are_stored_as_the_first_of_january(report_content):
    for event in TimelineEvent.objects.filter(date_precision=DatePrecision.YEAR):
        assert (event.date.month, event.date.day) == (1, 1), event.slug


def test_a_rating_appears_only_where_the_report_gives_one(report_content):
    zero_star = TimelineEvent.objects.get(slug="2001-ssi-inspection-zero-star")
    assert zero_star.rating == "Inadequate with poor prospects; zero star rating"
    assert zero_star.rating_level == "inadequate"
    assert TimelineEvent.objects.get(slug="2012-ofsted-protection-of-children").rating == ""
    assert TimelineEvent.objects.get(slug="2005-ssi-reinspection-one-star").rating_level == "adequate"


def test_every_progress_item_of_section_3_is_an_action(report_content):
    actions = {a.code: a for a in Action.objects.filter(source="Council report 2016, section 3")}
    assert set(actions) == set(SECTION_3_ITEMS.values())
    for phrase, code in SECTION_3_ITEMS.items():
        assert phrase.lower() in actions[code].description.lower(), code


def test_every_action_has_one_update_from_the_report_dated_only_to_the_month_it_is_derived(report_content):
    for action in Action.objects.all():
        update = action.updates.get()
        assert (update.date, update.date_precision) == (dt.date(2016, 6, 1), DatePrecision.MONTH)
        assert "26 May 2016" in update.date_note
        assert update.provenance == "source_report"
        assert update.commentary
    assert ProgressUpdate.objects.count() == Action.objects.count()


def test_no_update_carries_a_rating_since_the_report_gives_none(report_content):
    assert set(ProgressUpdate.objects.values_list("rag", flat=True)) == {""}


def test_no_action_has_an_owner_or_a_due_date_since_the_report_names_none(report_content):
    assert set(Action.objects.values_list("owner", flat=True)) == {""}
    assert not Action.objects.filter(due_date__isnull=False).exists()


def test_only_the_two_completions_the_report_dates_have_a_date_kept_to_its_precision(report_content):
    dated = {
        a.code: (a.completed_on, a.completed_precision)
        for a in Action.objects.filter(completed_on__isnull=False)
    }
    assert dated == {
        "new-operating-model": (dt.date(2015, 9, 1), DatePrecision.MONTH),
        "early-help-csc-plan-2015-17": (dt.date(2015, 5, 1), DatePrecision.BY_MONTH),
    }
    assert Action.objects.filter(status="complete", completed_on__isnull=True).count() == 13


def test_work_the_report_calls_underway_or_commenced_is_in_progress_not_judged_on_track(report_content):
    for code in ("it-strategy", "safeguarding-board-review", "mash"):
        action = Action.objects.get(code=code)
        assert action.status == "in_progress"
        assert action.completed_on is None
    assert not Action.objects.filter(status__in=["on_track", "at_risk", "off_track"]).exists()


def test_the_themes_are_labelled_as_derived_since_the_report_does_not_name_them(report_content):
    assert set(Theme.objects.values_list("provenance", flat=True)) == {"derived"}


def test_actions_are_linked_to_the_measures_they_should_move(report_content):
    mash = Action.objects.get(code="mash")
    assert set(mash.measures.values_list("code", flat=True)) == {"re-referrals", "referrals-nfa"}
    iro = Action.objects.get(code="independent-review-service")
    assert list(iro.measures.values_list("code", flat=True)) == ["cp-reviews-in-time"]
    assert not Action.objects.get(code="budget-finance-strategy").measures.exists()


def test_the_2016_17_priorities_are_derived_and_their_milestones_fall_in_the_year(report_content):
    priorities = Priority.objects.filter(year=2016)
    assert 6 <= priorities.count() <= 8
    for priority in priorities:
        assert priority.provenance == "derived"
        assert priority.financial_year == "2016/17"
        assert 2 <= priority.milestones.count() <= 4
    for milestone in Milestone.objects.all():
        assert dt.date(2016, 4, 1) <= milestone.due_date <= dt.date(2017, 3, 31)
        assert milestone.status in {"not_started", "on_track"}
        assert milestone.completed_on is None


def test_loading_the_fixtures_twice_changes_no_counts(report_content):
    first = _counts()
    call_command("loaddata", *REPORT_FIXTURES, verbosity=0)
    assert _counts() == first


def test_each_action_keeps_the_status_its_source_states_as_the_start_of_its_history(report_content):
    for action in Action.objects.all():
        assert action.source_status == action.status, action.code
