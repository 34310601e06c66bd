import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from performance.models import BenchmarkValue, Comparator, MeasureValue, Target, Unit
from tests.factories import (
    BenchmarkValueFactory,
    MeasureFactory,
    MeasureValueFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_value_for_the_same_measure_and_month():
    value = MeasureValueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureValue.objects.create(
            measure=value.measure, period=value.period, value=Decimal("1"), status="draft"
        )


def test_validation_names_the_measure_and_month_of_a_duplicate_value():
    value = MeasureValueFactory()
    duplicate = MeasureValue(measure=value.measure, period=value.period, value=Decimal("1"))
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "already exists" in str(caught.value)


def _saved(measure, period, value):
    from performance.entry.services import Entry, value_save

    return value_save(
        measure=measure, period=period, entry=Entry(value=Decimal(value)), user=UserFactory(is_superuser=True)
    )


def test_the_model_holds_no_second_copy_of_the_value_rules():
    # The rules live in the validator, which every write path runs; the model checks its fields.
    measure = MeasureFactory(unit=Unit.PERCENTAGE)
    MeasureValue(measure=measure, period=dt.date(2016, 4, 15), value=Decimal("101")).full_clean()


def test_a_percentage_outside_0_to_100_is_refused_with_the_measure_and_month_named():
    measure = MeasureFactory(name="Re-referrals within 12 months", unit=Unit.PERCENTAGE)
    with pytest.raises(ValidationError) as caught:
        _saved(measure, dt.date(2016, 4, 1), "101")
    message = caught.value.message_dict["value"][0]
    assert "Re-referrals within 12 months), April 2016" in message
    assert "between 0 and 100" in message


def test_a_negative_percentage_is_refused():
    with pytest.raises(ValidationError):
        _saved(MeasureFactory(), dt.date(2016, 4, 1), "-0.1")


def test_a_rate_above_100_is_accepted_because_only_percentages_are_capped():
    assert _saved(MeasureFactory(unit=Unit.RATE_PER_10K), dt.date(2016, 4, 1), "688.3").pk


def test_a_negative_count_is_refused():
    with pytest.raises(ValidationError) as caught:
        _saved(MeasureFactory(unit=Unit.COUNT), dt.date(2016, 4, 1), "-1")
    assert "cannot be negative" in caught.value.message_dict["value"][0]


def test_a_month_must_be_given_as_its_first_day():
    with pytest.raises(ValidationError) as caught:
        _saved(MeasureFactory(), dt.date(2016, 4, 15), "5")
    assert "first day" in caught.value.message_dict["period"][0]


def test_the_database_refuses_a_numerator_above_its_denominator():
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureValueFactory(numerator=Decimal("11"), denominator=Decimal("10"))


def test_the_database_refuses_a_zero_denominator():
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureValueFactory(numerator=Decimal("0"), denominator=Decimal("0"))


def test_the_database_refuses_an_approved_value_without_an_approval_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureValueFactory(status="approved", approved_at=None)


def test_the_database_refuses_a_negative_tolerance():
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(tolerance=Decimal("-1"))


def test_the_database_refuses_a_target_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(valid_from=dt.date(2016, 4, 1), valid_to=dt.date(2016, 3, 1))


def test_overlapping_targets_for_one_measure_are_refused():
    first = TargetFactory(valid_from=dt.date(2015, 4, 1), valid_to=None)
    second = Target(measure=first.measure, value=Decimal("70"), valid_from=dt.date(2016, 4, 1))
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert "overlap" in caught.value.message_dict["valid_from"][0]


def test_consecutive_targets_for_one_measure_are_accepted():
    first = TargetFactory(valid_from=dt.date(2015, 4, 1), valid_to=dt.date(2016, 3, 31))
    Target(measure=first.measure, value=Decimal("70"), valid_from=dt.date(2016, 4, 1)).full_clean()


def test_a_suppressed_benchmark_keeps_its_marker_instead_of_a_value():
    benchmark = BenchmarkValueFactory(value=None, suppressed="c", comparator=Comparator.LOCAL_AUTHORITY)
    assert benchmark.value is None


def test_the_database_refuses_a_missing_benchmark_without_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        BenchmarkValueFactory(value=None, suppressed="")


def test_the_database_refuses_a_second_benchmark_for_the_same_area_and_year():
    benchmark = BenchmarkValueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BenchmarkValue.objects.create(
            measure=benchmark.measure,
            comparator=benchmark.comparator,
            area_code=benchmark.area_code,
            area_name="England",
            year=benchmark.year,
            value=Decimal("1"),
        )
