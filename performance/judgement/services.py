"""Drafting, saving and approving a measure's commentary.

An officer edits the drafted sentences before approval. ``commentary_save`` compares every
sentence with what the templates draft from the same facts now: a sentence whose text is
unchanged stays ``drafted=True``; one the officer changed or added is ``drafted=False``, so the
page can say which words are the officer's and drafted text is never passed off as theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from performance.judgement.commentary import CommentaryFacts, Sentence, draft
from performance.models import CommentaryStatus, Measure, MeasureCommentary
from performance.spc.selectors import commentary_facts

EDIT_PERMISSION = "performance.change_measurevalue"
APPROVE_PERMISSION = "performance.approve_measurevalue"


@dataclass(frozen=True)
class CommentaryView:
    """What a page shows: the sentences, and whether they are approved, saved or only drafted."""

    sentences: list[Sentence]
    status: str
    commentary: MeasureCommentary | None = None

    @property
    def approved(self) -> bool:
        return self.status == CommentaryStatus.APPROVED


def commentary_draft(*, measure: Measure, period: dt.date) -> list[Sentence]:
    """Return the sentences the templates draft for ``measure`` in ``period`` (no write).

    Empty when the month has no approved value.
    """
    facts = commentary_facts(measure, period)
    return draft(facts) if facts else []


def commentary_for(
    *,
    measure: Measure,
    period: dt.date,
    include_unapproved: bool = False,
    facts: CommentaryFacts | None = None,
) -> CommentaryView:
    """Return the commentary to show: the approved one, else (for officers) the saved draft,
    else the fresh automatic draft, marked "not saved". Changes nothing.

    ``facts`` (for ``period``), when the caller has them, save reading them again for the draft.
    """
    saved = MeasureCommentary.objects.filter(measure=measure, period=period).first()
    if saved and (saved.status == CommentaryStatus.APPROVED or include_unapproved):
        return CommentaryView([Sentence.from_dict(s) for s in saved.sentences], saved.status, saved)
    drafted = draft(facts) if facts is not None else commentary_draft(measure=measure, period=period)
    return CommentaryView(drafted, "not_saved")


def _where(measure: Measure, period: dt.date) -> str:
    return f"{measure.name}, {period:%B %Y}"


def _check_version(commentary: MeasureCommentary, version: int | None, where: str) -> None:
    if version is not None and commentary.version != version:
        message = f"{where}: someone else changed this commentary since you opened it; reload and edit again."
        raise ValidationError({"version": message})


def commentary_save(
    *,
    measure: Measure,
    period: dt.date,
    sentences: Sequence[tuple[str, str]],
    user: AbstractBaseUser,
    version: int | None = None,
) -> MeasureCommentary:
    """Save an officer's commentary as (key, text) pairs, in order, as a draft for approval.

    Blank texts are dropped. A sentence is ``drafted=True`` only if its key is a drafted one and
    its text is exactly what the templates draft now. ``version`` is the version the officer
    opened (None for a first save); a different stored version is refused, so nobody silently
    overwrites another's edit. Saving an approved commentary returns it to draft.
    Creates or updates one MeasureCommentary; raises PermissionDenied or ValidationError.
    """
    if not user.has_perm(EDIT_PERMISSION):
        raise PermissionDenied("Only officers can edit commentary.")
    where = _where(measure, period)
    fresh = {s.key: s.text for s in commentary_draft(measure=measure, period=period)}
    kept = [(key.strip(), " ".join(text.split())) for key, text in sentences if text.strip()]
    stored = [Sentence(key=k, text=t, drafted=fresh.get(k) == t).as_dict() for k, t in kept]
    with transaction.atomic():
        commentary = (
            MeasureCommentary.objects.select_for_update().filter(measure=measure, period=period).first()
        )
        if commentary is None:
            if version is not None:
                raise ValidationError({"version": f"{where}: this commentary no longer exists; reload."})
            commentary = MeasureCommentary(measure=measure, period=period)
        else:
            _check_version(commentary, version, where)
            commentary.version += 1
        commentary.sentences = stored
        commentary.status = CommentaryStatus.DRAFT
        commentary.edited_by = user
        commentary.approved_by = None
        commentary.approved_at = None
        commentary.full_clean()
        commentary.save()
    return commentary


def commentary_approve(
    *, commentary: MeasureCommentary, user: AbstractBaseUser, version: int
) -> MeasureCommentary:
    """Approve a saved commentary so councillors see it. Raises PermissionDenied or ValidationError."""
    if not user.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied("Only approvers can approve commentary.")
    where = _where(commentary.measure, commentary.period)
    with transaction.atomic():
        locked = MeasureCommentary.objects.select_for_update().get(pk=commentary.pk)
        _check_version(locked, version, where)
        if not locked.sentences:
            raise ValidationError({"sentences": f"{where}: there is nothing to approve."})
        locked.status = CommentaryStatus.APPROVED
        locked.approved_by = user
        locked.approved_at = timezone.now()
        locked.version += 1
        locked.full_clean()
        locked.save()
    return locked
