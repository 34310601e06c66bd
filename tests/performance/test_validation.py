"""The value rules (performance.entry.validation): one test per rule, and the batch memory."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from performance.entry.validation import Problem, ValueValidator
from performance.models import Unit, ValueStatus
from performance.spc import MovingRanges
from tests.factories import MeasureFactory, MeasureRebaseFactory, MeasureValueFactory

TODAY = dt.date(2016, 5, 15)
APRIL = dt.date(2016, 4, 1)

pytestmark = pytest.mark.django_db


def check(measure, month=APRIL, value="50", numerator=None, denominator=None, **kwargs):
    return ValueValidator(today=TODAY).check(measure, month, value, numerator, denominator, **kwargs)


def only(problems: list[Problem], field: str) -> Problem:
    assert [p.field for p in problems] == [field], problems
    return problems[0]


def assert_names_everything(problem: Problem, measure, field_label: str) -> None:
    assert measure.code in problem.message
    assert measure.name in problem.message
    assert "April 2016" in problem.message
    assert f", {field_label}:" in problem.message


def test_it_accepts_a_good_value():
    assert check(MeasureFactory(), value="45.5", numerator="91", denominator="200") == []


def test_problem_is_a_frozen_dataclass():
    problem = Problem("value", "x")
    with pytest.raises(AttributeError):
        problem.field = "period"  # type: ignore[misc]
    assert problem.needs_reason is False


@pytest.mark.parametrize("value", ["-0.1", "100.01", "250"])
def test_it_rejects_a_percentage_outside_0_to_100(value):
    measure = MeasureFactory(unit=Unit.PERCENTAGE)
    problem = only(check(measure, value=value), "value")
    assert "between 0 and 100" in problem.message
    assert_names_everything(problem, measure, "value")


@pytest.mark.parametrize("value", ["0", "100"])
def test_it_accepts_a_percentage_at_either_end(value):
    assert check(MeasureFactory(unit=Unit.PERCENTAGE), value=value) == []


def test_it_rejects_a_numerator_above_its_denominator():
    measure = MeasureFactory(unit=Unit.PERCENTAGE)
    problem = only(check(measure, value="50", numerator="60", denominator="50"), "numerator")
    assert "above the denominator" in problem.message
    assert_names_everything(problem, measure, "numerator")


def test_it_rejects_a_numerator_above_its_denominator_for_a_ratio_too():
    # The database forbids it for every unit, so the validator does as well.
    measure = MeasureFactory(unit=Unit.RATIO)
    only(check(measure, value="1.2", numerator="12", denominator="10"), "numerator")


def test_it_rejects_a_percentage_that_disagrees_with_its_parts():
    measure = MeasureFactory(unit=Unit.PERCENTAGE, decimal_places=1)
    problem = only(check(measure, value="19.4", numerator="193", denominator="1000"), "value")
    assert "disagrees with 193 / 1000, which gives 19.3" in problem.message
    assert_names_everything(problem, measure, "value")


def test_it_allows_a_percentage_rounded_to_the_measures_decimal_places():
    measure = MeasureFactory(unit=Unit.PERCENTAGE, decimal_places=1)
    assert check(measure, value="33.3", numerator="1", denominator="3") == []
    assert check(measure, value="19.3", numerator="193", denominator="1000", month=dt.date(2016, 3, 1)) == []


def test_it_rejects_a_rate_per_10k_that_disagrees_with_its_parts():
    measure = MeasureFactory(unit=Unit.RATE_PER_10K, decimal_places=0)
    assert check(measure, value="64", numerator="1500", denominator="234000") == []
    problem = only(
        check(measure, value="60", numerator="1500", denominator="234000", month=dt.date(2016, 3, 1)), "value"
    )
    assert "which gives 64" in problem.message


def test_it_ignores_parts_for_a_count():
    assert check(MeasureFactory(unit=Unit.COUNT), value="12", numerator="3", denominator="4") == []


def test_it_wants_both_parts_or_neither():
    measure = MeasureFactory()
    only(check(measure, value="50", numerator="5"), "denominator")


def test_it_rejects_a_zero_denominator():
    problems = check(MeasureFactory(), value="50", numerator="0", denominator="0")
    assert "denominator" in [p.field for p in problems]


@pytest.mark.parametrize("unit", [Unit.COUNT, Unit.RATE_PER_10K, Unit.DAYS, Unit.RATIO])
def test_it_rejects_a_negative_value_for_every_unit(unit):
    measure = MeasureFactory(unit=unit)
    problem = only(check(measure, value="-1"), "value")
    assert "cannot be negative" in problem.message
    assert_names_everything(problem, measure, "value")


def test_it_rejects_a_negative_numerator():
    only(check(MeasureFactory(unit=Unit.COUNT), value="1", numerator="-1", denominator="5"), "numerator")


def test_it_rejects_a_future_month():
    measure = MeasureFactory()
    problem = only(check(measure, month=dt.date(2016, 6, 1)), "period")
    assert "June 2016 has not happened yet" in problem.message
    assert measure.code in problem.message
    assert ", month:" in problem.message


def test_it_allows_the_current_month():
    assert check(MeasureFactory(), month=dt.date(2016, 5, 1)) == []


def test_it_rejects_a_month_before_the_measure_existed():
    measure = MeasureFactory(started_on=dt.date(2016, 5, 1))
    problem = only(check(measure), "period")
    assert "first collected in May 2016" in problem.message
    assert_names_everything(problem, measure, "month")


def test_it_rejects_a_day_that_is_not_the_first():
    only(check(MeasureFactory(), month=dt.date(2016, 4, 2)), "period")


def test_it_rejects_a_second_value_for_a_month_in_the_database():
    existing = MeasureValueFactory(period=APRIL)
    problem = only(check(existing.measure), "period")
    assert "already a value for April 2016" in problem.message
    assert_names_everything(problem, existing.measure, "month")


def test_it_lets_a_value_be_edited_in_its_own_month():
    existing = MeasureValueFactory(period=APRIL)
    assert check(existing.measure, instance_pk=existing.pk) == []


def test_it_rejects_a_second_value_for_a_month_in_the_same_batch():
    measure = MeasureFactory()
    validator = ValueValidator(today=TODAY)
    assert validator.check(measure, APRIL, "50") == []
    problem = only(validator.check(measure, APRIL, "51"), "period")
    assert "earlier in this batch" in problem.message


def test_it_does_not_remember_a_refused_value():
    measure = MeasureFactory()
    validator = ValueValidator(today=TODAY)
    assert validator.check(measure, APRIL, "150") != []
    assert validator.check(measure, APRIL, "50") == []


def test_it_rejects_text_where_a_number_belongs():
    measure = MeasureFactory()
    problem = only(check(measure, value="abc"), "value")
    assert "'abc' is not a number" in problem.message


def _steady_history(measure, months=12, value="50", **parts):
    for i in range(months):
        year, month = divmod(2015 * 12 + 3 + i - 12, 12)  # twelve months to March 2016
        MeasureValueFactory(
            measure=measure,
            period=dt.date(year, month + 1, 1),
            value=Decimal(value) + (i % 2),
            status=ValueStatus.APPROVED,
            **parts,
        )


def test_an_outlier_needs_a_reason_once_there_are_enough_points():
    measure = MeasureFactory(unit=Unit.COUNT)
    _steady_history(measure)
    problem = only(check(measure, value="90"), "outlier_reason")
    assert problem.needs_reason
    assert "outside the usual range" in problem.message
    assert_names_everything(problem, measure, "reason")
    assert check(measure, value="90", reason="A new team counted twice.") == []
    assert check(measure, value="50") == []


def test_an_outlier_is_not_flagged_with_too_few_points():
    measure = MeasureFactory(unit=Unit.COUNT)
    _steady_history(measure, months=11)
    assert check(measure, value="90") == []


def test_drafts_do_not_count_towards_the_limits():
    measure = MeasureFactory(unit=Unit.COUNT)
    _steady_history(measure, months=11)
    MeasureValueFactory(measure=measure, period=dt.date(2014, 1, 1), status=ValueStatus.DRAFT, value=50)
    assert check(measure, value="90") == []


def test_a_percentage_with_parts_uses_p_chart_limits_at_its_own_denominator():
    measure = MeasureFactory(unit=Unit.PERCENTAGE)
    _steady_history(measure, value="20", numerator=Decimal("20"), denominator=Decimal("100"))
    # p-bar is 20%; with 10,000 children 25% is far outside, with 10 children it is not.
    assert only(check(measure, value="25", numerator="2500", denominator="10000"), "outlier_reason")
    assert check(measure, value="30", numerator="3", denominator="10") == []


def test_it_loads_everything_in_a_few_queries(django_assert_max_num_queries):
    measures = MeasureFactory.create_batch(5)
    for measure in measures:
        _steady_history(measure)
    with django_assert_max_num_queries(4):
        validator = ValueValidator(today=TODAY)
        for measure in measures:
            for month in range(1, 6):
                validator.check(measure, dt.date(2016, month, 1), "50")


def test_the_limits_come_from_the_months_since_the_latest_rebase():
    measure = MeasureFactory(unit=Unit.COUNT)
    for i in range(24):
        year, month = divmod(2014 * 12 + 3 + i, 12)  # April 2014 to March 2016
        value = (10 if i < 12 else 50) + i % 2
        MeasureValueFactory(
            measure=measure, period=dt.date(year, month + 1, 1), value=value, status=ValueStatus.APPROVED
        )
    # Without a rebase the limits straddle both years (the step itself is screened out): 50 is outside.
    assert only(check(measure, value="50"), "outlier_reason")
    MeasureRebaseFactory(measure=measure, event=None, starts_on=dt.date(2015, 4, 1), reason="New service.")
    assert check(measure, value="50") == []
    assert only(check(measure, value="12"), "outlier_reason")


def test_the_limits_screen_moving_ranges_unless_the_measure_keeps_them_all():
    screened = MeasureFactory(unit=Unit.COUNT)
    kept = MeasureFactory(unit=Unit.COUNT, moving_ranges=MovingRanges.ALL)
    for measure in (screened, kept):
        _steady_history(measure, months=11)
        MeasureValueFactory(
            measure=measure, period=APRIL.replace(month=3), value=80, status=ValueStatus.APPROVED
        )
    validator = ValueValidator(today=TODAY)
    narrow, wide = validator.limits_for(screened), validator.limits_for(kept)
    assert narrow.upper - narrow.lower < wide.upper - wide.lower
    assert only(check(screened, value="60"), "outlier_reason")
    assert check(kept, value="60") == []
