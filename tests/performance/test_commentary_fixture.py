"""The drafted commentary for measures in the report's fixtures, sentence by sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from performance.commentary_services import commentary_draft
from performance.models import Measure, MeasureCommentary

pytestmark = pytest.mark.django_db

APRIL_2016 = dt.date(2016, 4, 1)
ILLUSTRATIVE = "These monthly figures are illustrative: reconstructed, not the council's own."


def drafted(code: str) -> list[str]:
    sentences = commentary_draft(measure=Measure.objects.get(code=code), period=APRIL_2016)
    assert all(s.drafted for s in sentences)
    return [s.text for s in sentences]


def test_the_fixture_commentary_is_exactly_todays_draft_and_claims_no_officer_words(report_content):
    commentary = MeasureCommentary.objects.get(measure__code="re-referrals", period=APRIL_2016)
    assert [s["text"] for s in commentary.sentences] == drafted("re-referrals")
    assert all(s["drafted"] for s in commentary.sentences)
    assert commentary.status == "draft"


def test_the_drafts_for_fixture_measures_read_correctly(report_content):
    """Loading the fixtures takes seconds, so one test reads several measures' drafts."""
    assert drafted("re-referrals") == [
        "The latest figure, for April 2016, is 20.0%.",
        "This meets the target of 23.0%.",
        "This is better than England's figure of 21.9% for 2016/17.",
        "This is within the usual range: no sign of real change.",
        "The target lies outside the process limits, on the good side:"
        " it will be met every month unless something changes.",
        ILLUSTRATIVE,
    ]
    # A real improvement that still misses its target.
    assert drafted("sw-vacancy-rate") == [
        "The latest figure, for April 2016, is 21.0%.",
        "This misses the target of 17.0% by 4.0 percentage points.",
        "This is worse than England's figure of 17.0% for September 2015.",
        "This is the 7th month in a row below the average: a real shift, not chance, and an improvement.",
        "The target lies outside the process limits, on the wrong side:"
        " it will be missed every month unless the way the service works changes.",
        ILLUSTRATIVE,
    ]
    # Context-only measures say higher and lower, not better and worse.
    assert drafted("cla-rate") == [
        "The latest figure, for April 2016, is 64.0 per 10,000 children.",
        "This is higher than England's figure of 62.0 per 10,000 children for 2016/17.",
        "All 3 of the last 3 months are close to the lower process limit: unlikely to be chance.",
        ILLUSTRATIVE,
    ]
    assert drafted("cin-rate")[2] == "This is the 6th fall in a row: a real trend, not chance."
