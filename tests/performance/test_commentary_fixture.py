"""The drafted commentary for measures in the report's fixtures, sentence by sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from performance.judgement.services import commentary_draft
from performance.models import Measure, MeasureCommentary

pytestmark = pytest.mark.django_db

MARCH_2018 = dt.date(2018, 3, 1)  # the latest illustrative month
ILLUSTRATIVE = "These monthly figures are illustrative: reconstructed, not the council's own."
REBASED = "The average and limits were recalculated from September 2015 (New operating model launched)."


def drafted(code: str) -> list[str]:
    sentences = commentary_draft(measure=Measure.objects.get(code=code), period=MARCH_2018)
    assert all(s.drafted for s in sentences)
    return [s.text for s in sentences]


def test_the_fixture_commentary_is_exactly_todays_draft_and_claims_no_officer_words(report_content):
    commentary = MeasureCommentary.objects.get(measure__code="re-referrals", period=MARCH_2018)
    assert [s["text"] for s in commentary.sentences] == drafted("re-referrals")
    assert all(s["drafted"] for s in commentary.sentences)
    assert commentary.status == "draft"


def test_the_drafts_for_fixture_measures_read_correctly(report_content):
    """Loading the fixtures takes seconds, so one test reads several measures' drafts."""
    # A concern that also misses its target: two of the last three months close to the upper limit,
    # which outranks the 14-month run above the average.
    assert drafted("re-referrals") == [
        "The latest figure, for March 2018, is 25.1%.",
        "This misses the target of 23.0% by 2.1 percentage points.",
        "This is worse than England's figure of 21.9% for 2017/18.",
        "2 of the last 3 months are close to the upper process limit: unlikely to be chance, and a concern.",
        "The target lies within the process limits:"
        " it will be met in some months and missed in others, by chance.",
        ILLUSTRATIVE,
    ]
    # Rebased at the new operating model: an improvement that now meets its target reliably.
    assert drafted("assessments-45-days") == [
        "The latest figure, for March 2018, is 91.7%.",
        "This meets the target of 83.0%.",
        "This is better than England's figure of 82.7% for 2017/18.",
        "This is the 21st month in a row above the average: a real shift, not chance, and an improvement.",
        "The target lies outside the process limits, on the good side:"
        " it will be met every month unless something changes.",
        REBASED,
        ILLUSTRATIVE,
    ]
    # Missed every month unless the service changes.
    assert drafted("sw-vacancy-rate")[3:5] == [
        "This is within the usual range: no sign of real change.",
        "The target lies outside the process limits, on the wrong side:"
        " it will be missed every month unless the way the service works changes.",
    ]
    # Context-only measures say higher and lower, not better and worse.
    assert drafted("cin-rate") == [
        "The latest figure, for March 2018, is 309.0 per 10,000 children.",
        "This is lower than England's figure of 345.4 per 10,000 children for 2017/18.",
        "This is the 24th month in a row below the average: a real shift, not chance.",
        ILLUSTRATIVE,
    ]
