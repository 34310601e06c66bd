"""The December 2013 options appraisal, as loaded from fixtures: the scores reproduce the published totals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from options.models import Appraisal, Criterion, Option, Score
from options.selectors import options_with_totals
from tests.conftest import REPORT_FIXTURES

pytestmark = pytest.mark.django_db

PUBLISHED = {
    "Break Up Birmingham": 46,
    "Outsource to the private sector": 57,
    "Trust model with accountability to the DfE": 64,
    "Trust model with accountability to BCC": 74,
    "Integrated Transformation": 82,
}


@pytest.fixture
def appraisal(report_content) -> Appraisal:
    return Appraisal.objects.get(code="le-grand-2013")


def test_the_five_options_are_in_the_reports_order_with_their_published_totals(appraisal):
    options = list(appraisal.options.order_by("order"))
    assert [(o.name, o.published_total) for o in options] == list(PUBLISHED.items())


def test_the_weighted_scores_reproduce_the_published_total_of_every_option(appraisal):
    for option in appraisal.options.all():
        total = sum(s.criterion.weight * s.score for s in option.scores.select_related("criterion"))
        assert total == PUBLISHED[option.name], option.name


def test_the_selector_computes_the_same_totals(appraisal):
    totals = {o.name: o.total for o in options_with_totals(appraisal=appraisal)}
    assert totals == {name: Decimal(total) for name, total in PUBLISHED.items()}


def test_there_are_eight_criteria_weighted_2_or_3_summing_to_20(appraisal):
    weights = list(appraisal.criteria.values_list("weight", flat=True))
    assert len(weights) == 8
    assert set(weights) <= {Decimal(2), Decimal(3)}
    assert sum(weights) == 20


def test_every_option_has_a_whole_score_from_1_to_5_on_every_criterion(appraisal):
    assert Score.objects.filter(option__appraisal=appraisal).count() == 5 * 8
    for score in Score.objects.filter(option__appraisal=appraisal):
        assert score.score == score.score.to_integral_value()
        assert 1 <= score.score <= appraisal.max_score


def test_the_criteria_scores_and_acceptability_are_marked_illustrative(appraisal):
    assert set(Criterion.objects.values_list("provenance", flat=True)) == {"illustrative"}
    assert set(Score.objects.values_list("provenance", flat=True)) == {"illustrative"}
    assert set(Option.objects.values_list("acceptability_provenance", flat=True)) == {"illustrative"}
    for score in Score.objects.all():
        assert score.rationale.startswith("Reconstructed")
    for criterion in Criterion.objects.all():
        assert "Reconstructed" in criterion.description


def test_the_acceptability_ranks_run_from_1_to_5_with_integrated_transformation_first(appraisal):
    ranks = dict(appraisal.options.values_list("name", "acceptability_rank"))
    assert sorted(ranks.values()) == [1, 2, 3, 4, 5]
    assert ranks["Integrated Transformation"] == 1


def test_no_option_is_recorded_as_chosen(appraisal):
    assert appraisal.chosen_option is None


def test_loading_the_fixtures_twice_changes_no_counts(report_content):
    def counts() -> dict[str, int]:
        models = apps.get_app_config("options").get_models()
        return {model._meta.label: model._default_manager.count() for model in models}

    first = counts()
    call_command("loaddata", *REPORT_FIXTURES, verbosity=0)
    assert counts() == first
