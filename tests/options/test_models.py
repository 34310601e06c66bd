from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from options.models import Score
from options.selectors import options_with_totals
from tests.factories import AppraisalFactory, CriterionFactory, OptionFactory, ScoreFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_negative_weight():
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionFactory(weight=Decimal("-1"))


def test_the_database_refuses_two_scores_for_one_option_and_criterion():
    score = ScoreFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreFactory(option=score.option, criterion=score.criterion)


def test_a_score_above_the_appraisals_maximum_is_refused():
    option = OptionFactory()
    criterion = CriterionFactory(appraisal=option.appraisal)
    score = Score(option=option, criterion=criterion, score=Decimal("6"))
    with pytest.raises(ValidationError) as caught:
        score.full_clean()
    assert "above the maximum of 5" in caught.value.message_dict["score"][0]


def test_an_options_total_is_the_weighted_sum_of_its_scores():
    appraisal = AppraisalFactory()
    heavy = CriterionFactory(appraisal=appraisal, weight=Decimal("3"))
    light = CriterionFactory(appraisal=appraisal, weight=Decimal("2"))
    option = OptionFactory(appraisal=appraisal)
    ScoreFactory(option=option, criterion=heavy, score=Decimal("4"))
    ScoreFactory(option=option, criterion=light, score=Decimal("5"))
    empty = OptionFactory(appraisal=appraisal)

    totals = {o.pk: o.total for o in options_with_totals(appraisal=appraisal)}

    assert totals == {option.pk: Decimal("22"), empty.pk: Decimal("0")}


def test_options_are_ranked_by_computed_total_in_one_query(django_assert_num_queries):
    appraisal = AppraisalFactory()
    criterion = CriterionFactory(appraisal=appraisal, weight=Decimal("1"))
    low = OptionFactory(appraisal=appraisal, order=1)
    high = OptionFactory(appraisal=appraisal, order=2)
    ScoreFactory(option=low, criterion=criterion, score=Decimal("1"))
    ScoreFactory(option=high, criterion=criterion, score=Decimal("5"))
    with django_assert_num_queries(1):
        ranked = list(options_with_totals(appraisal=appraisal))
    assert ranked == [high, low]


def test_the_report_fixture_reproduces_every_published_total(report_content):
    from options.selectors import appraisal_current

    options = list(options_with_totals(appraisal=appraisal_current()))

    assert {o.name: o.total for o in options} == {o.name: o.published_total for o in options}
    assert sorted(o.published_total for o in options) == [46, 57, 64, 74, 82]
