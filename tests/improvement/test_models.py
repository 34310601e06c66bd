import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from core.choices import DatePrecision
from tests.factories import ActionFactory, MilestoneFactory, ProgressUpdateFactory, TimelineEventFactory

pytestmark = pytest.mark.django_db


def test_a_year_only_event_shows_only_its_year():
    event = TimelineEventFactory(date=dt.date(1999, 1, 1), date_precision=DatePrecision.YEAR)
    assert event.display_date == "1999"


def test_a_dated_event_shows_its_day():
    event = TimelineEventFactory(date=dt.date(2016, 5, 26), date_precision=DatePrecision.DAY)
    assert event.display_date == "26 May 2016"


def test_a_seasonal_event_shows_its_season():
    event = TimelineEventFactory(date=dt.date(2013, 6, 1), date_precision=DatePrecision.SEASON)
    assert event.display_date == "Summer 2013"


def test_the_database_refuses_a_rating_level_without_the_rating_in_words():
    with pytest.raises(IntegrityError), transaction.atomic():
        TimelineEventFactory(rating="", rating_level="inadequate")


def test_the_database_refuses_an_officers_complete_action_without_a_completion_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(status="complete", completed_on=None, provenance="officer")


def test_an_action_the_source_calls_complete_may_stay_undated():
    action = ActionFactory(status="complete", completed_on=None, provenance="source_report")
    assert action.completed_on is None


def test_the_database_refuses_a_completion_date_on_an_unfinished_action():
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionFactory(status="in_progress", completed_on=dt.date(2016, 7, 1))


def test_an_update_may_carry_no_rating_but_never_an_unknown_one():
    assert ProgressUpdateFactory(rag="").get_rag_display() == ""


def test_the_database_refuses_two_updates_to_one_action_on_the_same_day():
    update = ProgressUpdateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdateFactory(action=update.action, date=update.date)


def test_the_database_refuses_an_unknown_rag():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdateFactory(rag="pink")


def test_the_database_refuses_a_completion_date_on_an_unfinished_milestone():
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneFactory(status="on_track", completed_on=dt.date(2016, 7, 1))
