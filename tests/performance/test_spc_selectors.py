"""SPC, golden thread and commentary facts read from the database: approved values only, few queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.choices import Provenance, Status
from performance.models import Frequency, Polarity, Unit, ValueStatus, YearBasis
from performance.spc import Assurance, Chart, MovingRanges, Rule, ThreadVerdict, Variation
from performance.spc.selectors import (
    commentary_facts,
    england_label,
    england_year,
    golden_thread,
    golden_thread_for_measure,
    spc_for_measure,
    spc_for_measures,
)
from tests.factories import (
    ActionFactory,
    BenchmarkValueFactory,
    MeasureFactory,
    MeasureRebaseFactory,
    MeasureValueFactory,
    TargetFactory,
    TimelineEventFactory,
)
from tests.performance.spc_series import approved_values, month

pytestmark = pytest.mark.django_db

APRIL_2015 = dt.date(2015, 4, 1)
STEP = [10, 12] * 6 + [20, 22] * 6  # mean 11 for a year, then mean 21


def values_for(measure, values, **fields):
    approved_values(measure, values, APRIL_2015, **fields)


def test_only_approved_values_go_into_the_chart():
    measure = MeasureFactory(unit=Unit.COUNT)
    values_for(measure, [10, 14] * 6)
    MeasureValueFactory(measure=measure, period=month(12, APRIL_2015), value=99, status=ValueStatus.SUBMITTED)
    MeasureValueFactory(measure=measure, period=month(13, APRIL_2015), value=99, status=ValueStatus.DRAFT)
    result = spc_for_measure(measure)
    assert len(result.points) == 12
    assert result.variation is Variation.COMMON_CAUSE


def test_a_measures_rebases_with_their_reasons_and_target_in_force_are_used():
    measure = MeasureFactory(unit=Unit.COUNT, polarity=Polarity.HIGHER_IS_BETTER)
    values_for(measure, STEP)
    event = TimelineEventFactory(date=dt.date(2016, 4, 1), title="Children's Trust starts")
    MeasureRebaseFactory(measure=measure, event=event, reason="A new provider runs the service.")
    TargetFactory(measure=measure, value=15, valid_from=APRIL_2015, valid_to=dt.date(2016, 3, 31))
    TargetFactory(measure=measure, value=30, valid_from=dt.date(2016, 4, 1))
    result = spc_for_measure(measure)
    assert [(s.start, s.label, s.reason) for s in result.segments] == [
        (APRIL_2015, "", ""),
        (dt.date(2016, 4, 1), "Children's Trust starts", "A new provider runs the service."),
    ]
    assert result.target == 30
    assert result.assurance is Assurance.CONSISTENTLY_MISSED


def test_the_minimum_number_of_points_comes_from_the_setting(settings):
    measure = MeasureFactory(unit=Unit.COUNT)
    values_for(measure, [10, 14] * 4)
    assert not spc_for_measure(measure).ready
    settings.SPC_MIN_POINTS = 8
    assert spc_for_measure(measure).ready


def test_a_percentage_with_numerators_and_denominators_gets_a_p_chart():
    measure = MeasureFactory(unit=Unit.PERCENTAGE)
    for i in range(12):
        MeasureValueFactory(
            measure=measure, period=month(i, APRIL_2015), value=20, numerator=20, denominator=100
        )
    assert spc_for_measure(measure).chart is Chart.P


def test_a_quarterly_measure_does_not_count_the_months_between_quarters_as_gaps():
    measure = MeasureFactory(unit=Unit.COUNT, frequency=Frequency.QUARTERLY)
    for i, value in enumerate([10, 14] * 6):
        MeasureValueFactory(measure=measure, period=month(3 * i, APRIL_2015), value=value)
    result = spc_for_measure(measure)
    assert result.latest.limits.upper == Decimal(12) + Decimal("2.66") * 4


def test_spc_for_many_measures_takes_three_queries(django_assert_num_queries):
    measures = [MeasureFactory(unit=Unit.COUNT) for _ in range(6)]
    event = TimelineEventFactory(date=dt.date(2016, 4, 1))
    for measure in measures:
        values_for(measure, STEP)
        MeasureRebaseFactory(measure=measure, event=event)
        TargetFactory(measure=measure)
    with django_assert_num_queries(3):
        results = spc_for_measures(measures)
    assert {len(r.segments) for r in results.values()} == {2}


def test_spc_up_to_a_month_leaves_out_later_months():
    measure = MeasureFactory(unit=Unit.COUNT)
    values_for(measure, STEP)
    result = spc_for_measure(measure, up_to=month(11, APRIL_2015))
    assert len(result.points) == 12
    assert result.signals == ()


# --- golden thread ----------------------------------------------------------------------------


def test_the_golden_thread_says_whether_a_signal_followed_each_actions_completion():
    rising = MeasureFactory(unit=Unit.COUNT, polarity=Polarity.HIGHER_IS_BETTER)
    flat = MeasureFactory(unit=Unit.COUNT, polarity=Polarity.HIGHER_IS_BETTER)
    values_for(rising, STEP)
    values_for(flat, [10, 12] * 12)
    done = ActionFactory(status=Status.COMPLETE, completed_on=dt.date(2016, 4, 1))
    done.measures.set([rising, flat])
    open_action = ActionFactory(status=Status.ON_TRACK)
    open_action.measures.set([rising])
    verdicts = golden_thread([done, open_action])
    assert verdicts[done.pk, rising.pk].verdict is ThreadVerdict.IMPROVEMENT
    assert verdicts[done.pk, flat.pk].verdict is ThreadVerdict.NO_CHANGE
    assert verdicts[open_action.pk, rising.pk].verdict is ThreadVerdict.NOT_COMPLETE


def test_the_golden_thread_for_many_actions_takes_two_queries(django_assert_num_queries):
    measures = [MeasureFactory(unit=Unit.COUNT) for _ in range(3)]
    for measure in measures:
        values_for(measure, STEP)
    actions = [ActionFactory(status=Status.COMPLETE, completed_on=dt.date(2016, 4, 1)) for _ in range(5)]
    for action in actions:
        action.measures.set(measures)
    with django_assert_num_queries(2):
        verdicts = golden_thread(actions)
    assert len(verdicts) == 15


def test_a_measure_lists_the_actions_that_should_move_it_with_their_verdicts(django_assert_num_queries):
    measure = MeasureFactory(unit=Unit.COUNT)
    values_for(measure, STEP)
    first = ActionFactory(status=Status.COMPLETE, completed_on=dt.date(2016, 4, 1), order=1)
    second = ActionFactory(status=Status.NOT_STARTED, order=2)
    for action in (first, second):
        action.measures.add(measure)
    with django_assert_num_queries(3):
        listed = golden_thread_for_measure(measure)
    assert [(a, r.verdict) for a, r in listed] == [
        (first, ThreadVerdict.IMPROVEMENT),
        (second, ThreadVerdict.NOT_COMPLETE),
    ]


# --- commentary facts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "basis", "year", "label"),
    [
        (dt.date(2016, 3, 1), YearBasis.FINANCIAL, 2016, "2015/16"),
        (dt.date(2016, 4, 1), YearBasis.FINANCIAL, 2017, "2016/17"),
        (dt.date(2016, 9, 1), YearBasis.WORKFORCE, 2016, "September 2016"),
        (dt.date(2016, 8, 1), YearBasis.WORKFORCE, 2015, "September 2015"),
    ],
)
def test_the_england_figure_is_for_the_dfe_year_covering_the_month(period, basis, year, label):
    assert england_year(period, basis) == year
    assert england_label(year, basis) == label


def test_commentary_facts_gather_value_target_england_and_spc(django_assert_num_queries):
    measure = MeasureFactory(unit=Unit.PERCENTAGE, polarity=Polarity.LOWER_IS_BETTER, decimal_places=1)
    values_for(measure, [20, 22] * 6, provenance=Provenance.ILLUSTRATIVE)
    TargetFactory(measure=measure, value=Decimal(20), tolerance=Decimal(2), valid_from=APRIL_2015)
    BenchmarkValueFactory(measure=measure, year=2016, value=Decimal("22.5"))
    BenchmarkValueFactory(measure=measure, year=2017, value=Decimal("21.9"))
    with django_assert_num_queries(4):
        facts = commentary_facts(measure, dt.date(2016, 3, 1))
    assert (facts.value, facts.target, facts.tolerance) == (22, 20, 2)
    assert (facts.england, facts.england_label) == (Decimal("22.5"), "2015/16")
    assert facts.illustrative
    assert facts.spc.ready
    assert facts.period_word == "month"


def test_there_are_no_commentary_facts_for_a_month_without_an_approved_value():
    measure = MeasureFactory()
    values_for(measure, [20] * 3)
    MeasureValueFactory(measure=measure, period=month(3, APRIL_2015), status=ValueStatus.DRAFT)
    assert commentary_facts(measure, month(3, APRIL_2015)) is None
    assert commentary_facts(measure, month(2, APRIL_2015)) is not None


def test_officer_entered_figures_are_not_called_illustrative():
    measure = MeasureFactory()
    values_for(measure, [20] * 3, provenance=Provenance.OFFICER)
    assert not commentary_facts(measure, month(2, APRIL_2015)).illustrative


def test_a_shift_shows_up_as_the_rule_of_the_latest_point():
    measure = MeasureFactory(unit=Unit.COUNT)
    values_for(measure, [10, 12] * 6 + [13, 15] * 6)  # twelve months above the mean of 12.5
    assert spc_for_measure(measure).latest.rule is Rule.SHIFT


def test_keeping_every_moving_range_widens_the_limits_over_a_step():
    screened, kept = (
        MeasureFactory(unit=Unit.COUNT),
        MeasureFactory(unit=Unit.COUNT, moving_ranges=MovingRanges.ALL),
    )
    values_for(screened, STEP)
    values_for(kept, STEP)
    assert spc_for_measure(kept).latest.limits.upper > spc_for_measure(screened).latest.limits.upper


def test_the_measures_screening_and_baseline_are_used():
    # Screened, the step's moving range of 8 is left out, so the latest 22 is beyond the limit.
    screened = MeasureFactory(unit=Unit.COUNT)
    values_for(screened, STEP)
    assert spc_for_measure(screened).latest.rule is Rule.BEYOND_LIMIT
    fixed = MeasureFactory(unit=Unit.COUNT, baseline_points=12)
    values_for(fixed, STEP)
    result = spc_for_measure(fixed)
    assert result.latest.limits.mean == 11
    assert result.fix_after == 12
    assert result.segments[0].baseline_points == 12
    period = MeasureFactory(unit=Unit.COUNT, baseline_start=APRIL_2015, baseline_end=month(11, APRIL_2015))
    values_for(period, STEP)
    assert spc_for_measure(period).latest.limits.mean == 11
