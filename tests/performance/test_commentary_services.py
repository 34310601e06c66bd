"""Saving and approving commentary: an officer's words are marked as theirs, drafts never are."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.choices import Provenance
from performance.judgement.services import (
    commentary_approve,
    commentary_draft,
    commentary_for,
    commentary_save,
)
from performance.models import CommentaryStatus, MeasureCommentary, Polarity, Unit
from tests.factories import BenchmarkValueFactory, MeasureFactory, TargetFactory
from tests.performance.spc_series import approved_values

pytestmark = pytest.mark.django_db

APRIL_2015 = dt.date(2015, 4, 1)
MARCH_2016 = dt.date(2016, 3, 1)
DRAFT = [
    "The latest figure, for March 2016, is 22.0%.",
    "This is 2.0 percentage points above the target of 20.0%, within the tolerance of 2.0 percentage points.",
    "This is better than England's figure of 22.5% for 2015/16.",
    "This is within the usual range: no sign of real change.",
    "The target lies within the process limits:"
    " it will be met in some months and missed in others, by chance.",
    "These monthly figures are illustrative: reconstructed, not the council's own.",
]


@pytest.fixture
def measure():
    measure = MeasureFactory(
        name="Re-referrals within 12 months", unit=Unit.PERCENTAGE, polarity=Polarity.LOWER_IS_BETTER
    )
    approved_values(measure, [20, 22] * 6, APRIL_2015, provenance=Provenance.ILLUSTRATIVE)
    TargetFactory(measure=measure, value=Decimal(20), tolerance=Decimal(2), valid_from=APRIL_2015)
    BenchmarkValueFactory(measure=measure, year=2016, value=Decimal("22.5"))
    return measure


def test_the_draft_is_drafted_from_the_approved_figures(measure):
    drafted = commentary_draft(measure=measure, period=MARCH_2016)
    assert [s.text for s in drafted] == DRAFT
    assert all(s.drafted for s in drafted)


def test_a_month_without_an_approved_value_has_no_draft(measure):
    assert commentary_draft(measure=measure, period=dt.date(2016, 4, 1)) == []


def test_an_officers_changed_or_added_sentences_are_marked_as_theirs(measure, officer):
    drafted = commentary_draft(measure=measure, period=MARCH_2016)
    pairs = [(s.key, s.text) for s in drafted]
    pairs[3] = ("variation", "Re-referrals are steady: the front door is holding.")
    pairs[4] = ("assurance", "")  # the officer deleted it
    pairs.append(("officer-1", "  A new screening team started in  March. "))
    saved = commentary_save(measure=measure, period=MARCH_2016, sentences=pairs, user=officer)
    assert [(s["key"], s["drafted"]) for s in saved.sentences] == [
        ("latest", True),
        ("target", True),
        ("england", True),
        ("variation", False),
        ("illustrative", True),
        ("officer-1", False),
    ]
    assert saved.sentences[-1]["text"] == "A new screening team started in March."
    assert (saved.status, saved.edited_by, saved.version) == (CommentaryStatus.DRAFT, officer, 1)


def test_drafted_text_moved_to_another_key_is_still_the_officers_choice(measure, officer):
    saved = commentary_save(
        measure=measure, period=MARCH_2016, sentences=[("officer-1", DRAFT[0])], user=officer
    )
    assert saved.sentences == [{"key": "officer-1", "text": DRAFT[0], "drafted": False}]


def test_a_councillor_cannot_edit_or_approve_and_an_officer_cannot_approve(measure, councillor, officer):
    with pytest.raises(PermissionDenied):
        commentary_save(measure=measure, period=MARCH_2016, sentences=[("latest", "x")], user=councillor)
    saved = commentary_save(
        measure=measure, period=MARCH_2016, sentences=[("latest", DRAFT[0])], user=officer
    )
    with pytest.raises(PermissionDenied):
        commentary_approve(commentary=saved, user=officer, version=saved.version)


def test_a_stale_edit_is_refused_rather_than_overwriting(measure, officer):
    first = commentary_save(
        measure=measure, period=MARCH_2016, sentences=[("latest", DRAFT[0])], user=officer
    )
    commentary_save(
        measure=measure, period=MARCH_2016, sentences=[("x", "Newer.")], user=officer, version=first.version
    )
    with pytest.raises(ValidationError, match="someone else changed this commentary"):
        commentary_save(
            measure=measure, period=MARCH_2016, sentences=[("x", "Older.")], user=officer, version=1
        )
    assert MeasureCommentary.objects.get().sentences[0]["text"] == "Newer."


def test_approval_publishes_it_and_a_later_edit_needs_approval_again(measure, officer, approver):
    saved = commentary_save(
        measure=measure, period=MARCH_2016, sentences=[("latest", DRAFT[0])], user=officer
    )
    assert commentary_for(measure=measure, period=MARCH_2016).status == "not_saved"
    assert commentary_for(measure=measure, period=MARCH_2016, include_unapproved=True).status == "draft"
    approved = commentary_approve(commentary=saved, user=approver, version=saved.version)
    assert (approved.status, approved.approved_by, approved.version) == (
        CommentaryStatus.APPROVED,
        approver,
        2,
    )
    shown = commentary_for(measure=measure, period=MARCH_2016)
    assert shown.approved
    assert [s.text for s in shown.sentences] == [DRAFT[0]]
    edited = commentary_save(
        measure=measure, period=MARCH_2016, sentences=[("latest", "Edited.")], user=officer, version=2
    )
    assert (edited.status, edited.approved_at) == (CommentaryStatus.DRAFT, None)


def test_approving_a_stale_or_empty_commentary_is_refused(measure, officer, approver):
    saved = commentary_save(
        measure=measure, period=MARCH_2016, sentences=[("latest", DRAFT[0])], user=officer
    )
    with pytest.raises(ValidationError, match="someone else changed"):
        commentary_approve(commentary=saved, user=approver, version=saved.version + 1)
    empty = commentary_save(measure=measure, period=MARCH_2016, sentences=[], user=officer, version=1)
    with pytest.raises(ValidationError, match="nothing to approve"):
        commentary_approve(commentary=empty, user=approver, version=empty.version)


def test_without_a_saved_commentary_the_page_gets_the_automatic_draft(measure):
    shown = commentary_for(measure=measure, period=MARCH_2016)
    assert shown.status == "not_saved"
    assert shown.commentary is None
    assert [s.text for s in shown.sentences] == DRAFT


def test_a_malformed_sentence_list_is_refused_with_the_month_named(measure):
    commentary = MeasureCommentary(measure=measure, period=MARCH_2016, sentences=[{"key": "a", "text": "b"}])
    with pytest.raises(
        ValidationError, match="Re-referrals within 12 months, March 2016: each sentence needs"
    ):
        commentary.full_clean()
    twice = [{"key": "a", "text": "b", "drafted": False}] * 2
    with pytest.raises(ValidationError, match="two sentences share a key"):
        MeasureCommentary(measure=measure, period=MARCH_2016, sentences=twice).full_clean()
