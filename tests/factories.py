"""factory_boy factories for every model; tests build their own data from these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.choices import Provenance, Rag, Status
from improvement.models import Action, EventKind, Milestone, Priority, ProgressUpdate, Theme, TimelineEvent
from options.models import Appraisal, Criterion, Option, Score
from performance.models import (
    BenchmarkValue,
    Comparator,
    Measure,
    MeasureRebase,
    MeasureValue,
    Polarity,
    Target,
    Unit,
    ValueStatus,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    code = factory.Sequence(lambda n: f"measure-{n}")
    name = factory.Sequence(lambda n: f"Measure {n}")
    definition = "A test measure."
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    source = "Test"
    order = factory.Sequence(lambda n: n)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    measure = factory.SubFactory(MeasureFactory)
    value = Decimal("80")
    tolerance = Decimal("5")
    valid_from = dt.date(2015, 4, 1)


class MeasureValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureValue

    measure = factory.SubFactory(MeasureFactory)
    period = dt.date(2016, 4, 1)
    value = Decimal("50")
    status = ValueStatus.APPROVED
    provenance = Provenance.ILLUSTRATIVE
    approved_at = factory.LazyFunction(timezone.now)


class BenchmarkValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BenchmarkValue

    measure = factory.SubFactory(MeasureFactory)
    comparator = Comparator.ENGLAND
    area_code = "E92000001"
    area_name = "England"
    year = 2016
    value = Decimal("50")


class TimelineEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEvent

    slug = factory.Sequence(lambda n: f"event-{n}")
    date = dt.date(2014, 1, 1)
    kind = EventKind.INSPECTION
    title = factory.Sequence(lambda n: f"Event {n}")
    summary = "Something happened."
    source = "Test"


class MeasureRebaseFactory(factory.django.DjangoModelFactory):
    """A rebase at a timeline event: from the event's month, with the reason given."""

    class Meta:
        model = MeasureRebase

    measure = factory.SubFactory(MeasureFactory)
    event = factory.SubFactory(TimelineEventFactory)
    starts_on = factory.LazyAttribute(
        lambda o: o.event.date.replace(day=1) if o.event else dt.date(2016, 4, 1)
    )
    reason = "The way of working changed."


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    code = factory.Sequence(lambda n: f"theme-{n}")
    title = factory.Sequence(lambda n: f"Theme {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    code = factory.Sequence(lambda n: f"action-{n}")
    theme = factory.SubFactory(ThemeFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = "Executive Director"
    status = Status.ON_TRACK


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    date = dt.date(2016, 6, 1)
    rag = Rag.GREEN
    commentary = "Going well."


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    code = factory.Sequence(lambda n: f"priority-{n}")
    year = 2016
    title = factory.Sequence(lambda n: f"Priority {n}")
    lead = "Chief Social Work Officer"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    priority = factory.SubFactory(PriorityFactory)
    title = "A step"
    due_date = dt.date(2016, 9, 30)


class AppraisalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appraisal

    code = factory.Sequence(lambda n: f"appraisal-{n}")
    title = "Options appraisal"
    date = dt.date(2013, 12, 1)


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    appraisal = factory.SubFactory(AppraisalFactory)
    code = factory.Sequence(lambda n: f"option-{n}")
    name = factory.Sequence(lambda n: f"Option {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    appraisal = factory.SubFactory(AppraisalFactory)
    code = factory.Sequence(lambda n: f"criterion-{n}")
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = Decimal("2")


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    option = factory.SubFactory(OptionFactory)
    criterion = factory.SubFactory(CriterionFactory, appraisal=factory.SelfAttribute("..option.appraisal"))
    score = Decimal("3")


# --- Council report packs ------------------------------------------------
class CouncilReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reports.CouncilReport"

    meeting = "Full Council"
    meeting_date = None
    title = factory.Sequence(lambda n: f"Report to Council {n}")
    period_start = dt.date(2015, 5, 1)
    period_end = dt.date(2016, 4, 1)
