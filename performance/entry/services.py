"""Writes to monthly values with the workflow's rules: save, submit, approve, return, change.

draft ──submit──▶ submitted ──approve──▶ approved ──change (with a reason)──▶ submitted
  ▲                  │ return (with a reason)
  └──── edit ◀── returned

Every write goes through ``core.concurrency.versioned_save``, so it is refused (``StaleEdit``)
when someone saved the value since the caller loaded it, and it writes one history record with
the user and the reason. Permissions come from the roles (core.roles): ``submit_measurevalue``
for officers, ``approve_measurevalue`` for approvers. Refusals raise ``PermissionDenied`` or
``ValidationError`` with a message naming the measure and the month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.cache import bump_data_version
from core.concurrency import StaleEdit, stale_message, versioned_save
from performance.models import Measure, MeasureValue, ValueStatus

CHANGE_PERMISSION = "performance.change_measurevalue"
ADD_PERMISSION = "performance.add_measurevalue"
SUBMIT_PERMISSION = "performance.submit_measurevalue"
APPROVE_PERMISSION = "performance.approve_measurevalue"

# The fields an officer enters; a save that changes none of them writes nothing.
ENTERED_FIELDS = ("value", "numerator", "denominator", "note", "outlier_reason")


def where(measure: Measure, period: dt.date) -> str:
    """Return "CODE Name, April 2016", the prefix of every message about one value."""
    return f"{measure.code} {measure.name}, {period:%B %Y}"


def _where_value(value: MeasureValue) -> str:
    return where(value.measure, value.period)


def _require(user: AbstractBaseUser, permission: str, doing: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(f"You do not have permission to {doing}.")


def _require_status(value: MeasureValue, allowed: Iterable[str], doing: str) -> None:
    if value.status not in allowed:
        raise ValidationError(
            {
                "status": f"{_where_value(value)}: a value that is {value.get_status_display().lower()} "
                f"cannot be {doing}."
            }
        )


def _reason(value: MeasureValue, reason: str, field: str, ask: str) -> str:
    """Return the stripped reason; raise a ValidationError on ``field`` with ``ask`` if blank."""
    if not reason.strip():
        raise ValidationError({field: f"{_where_value(value)}: {ask}."})
    return reason.strip()


PublishedMonthCheck = Callable[..., list[str]]
PUBLISHED_MONTH_CHECKS: list[PublishedMonthCheck] = []


def register_published_month_check(check: PublishedMonthCheck) -> None:
    """Add ``check(measure_id=, month=, reason=)``, asked before an approved value changes.

    A check returns the titles of published documents that show the month, and raises a
    ValidationError when they need a reason that is missing. The reports app registers one when
    it starts, so this module needs no knowledge of report packs.
    """
    if check not in PUBLISHED_MONTH_CHECKS:
        PUBLISHED_MONTH_CHECKS.append(check)


def _published_pack_titles(measure_id: int, month: dt.date, reason: str) -> list[str]:
    """Return the titles of published documents that show ``measure_id`` for ``month``.

    An approved value that changes after a pack was published is named in the change's history
    record, so the change can be reported.
    """
    return [
        title
        for check in PUBLISHED_MONTH_CHECKS
        for title in check(measure_id=measure_id, month=month, reason=reason)
    ]


@dataclass(frozen=True)
class Entry:
    """What an officer typed for one measure and month."""

    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""
    outlier_reason: str = ""

    def differs_from(self, stored: MeasureValue) -> bool:
        return any(getattr(self, f) != getattr(stored, f) for f in ENTERED_FIELDS)

    def apply_to(self, stored: MeasureValue) -> None:
        for name in ENTERED_FIELDS:
            setattr(stored, name, getattr(self, name))


def value_save(
    *,
    measure: Measure,
    period: dt.date,
    entry: Entry,
    user: AbstractBaseUser,
    instance: MeasureValue | None = None,
    opened: int | None = None,
    reason: str = "",
) -> MeasureValue | None:
    """Create or update the value of ``measure`` for ``period`` from an officer's ``entry``.

    ``instance`` is the stored value (None to create one) and ``opened`` the version the officer
    saw. A new value is a draft; an edited draft, returned or submitted value goes back to draft;
    an approved value needs ``reason`` and goes back for approval (``value_change_approved``).
    Returns the saved value, or None when the entry changes nothing (nothing is written).
    The caller validates the entry first (performance.entry.validation); the model's own checks
    (``full_clean``) run here as well.
    """
    if instance is None:
        _require(user, ADD_PERMISSION, "enter monthly values")
        stored = MeasureValue(measure=measure, period=period, entered_by=user)
        entry.apply_to(stored)
        stored.full_clean()
        return versioned_save(stored, user=user, reason=reason or "Entered")
    if not entry.differs_from(instance):
        return None
    if instance.status == ValueStatus.APPROVED:
        return value_change_approved(value=instance, entry=entry, user=user, reason=reason, opened=opened)
    _require(user, CHANGE_PERMISSION, "change monthly values")
    entry.apply_to(instance)
    instance.status = ValueStatus.DRAFT
    instance.entered_by = user
    instance.full_clean()
    return versioned_save(instance, opened=opened, user=user, reason=reason or "Edited")


def value_submit(*, value: MeasureValue, user: AbstractBaseUser, opened: int | None = None) -> MeasureValue:
    """Send a draft or returned value for approval. Changes its status; one history record."""
    _require(user, SUBMIT_PERMISSION, "submit values for approval")
    _require_status(value, {ValueStatus.DRAFT, ValueStatus.RETURNED}, "submitted")
    value.status = ValueStatus.SUBMITTED
    return versioned_save(value, opened=opened, user=user, reason="Submitted for approval")


def value_approve(*, value: MeasureValue, user: AbstractBaseUser, opened: int | None = None) -> MeasureValue:
    """Approve a submitted value, so councillors see it. Refused for the approver's own entry."""
    _require(user, APPROVE_PERMISSION, "approve values")
    _require_status(value, {ValueStatus.SUBMITTED}, "approved")
    if value.entered_by_id is not None and value.entered_by_id == user.pk:
        raise PermissionDenied(
            f"{_where_value(value)}: you entered this value, so another approver must approve it."
        )
    value.status = ValueStatus.APPROVED
    value.approved_by = user
    value.approved_at = timezone.now()
    value.return_reason = ""
    return versioned_save(value, opened=opened, user=user, reason="Approved")


def value_return(
    *, value: MeasureValue, user: AbstractBaseUser, reason: str, opened: int | None = None
) -> MeasureValue:
    """Return a submitted value to the officer for correction, saying why. Keeps the reason."""
    _require(user, APPROVE_PERMISSION, "return values")
    _require_status(value, {ValueStatus.SUBMITTED}, "returned")
    reason = _reason(value, reason, "return_reason", "say why it is returned, so it can be put right")
    value.status = ValueStatus.RETURNED
    value.return_reason = reason
    return versioned_save(value, opened=opened, user=user, reason=f"Returned: {reason}")


def value_change_approved(
    *,
    value: MeasureValue,
    entry: Entry,
    user: AbstractBaseUser,
    reason: str,
    opened: int | None = None,
) -> MeasureValue:
    """Change an approved value: needs a reason, and sends it back for approval.

    Councillors stop seeing the month until it is approved again. The history record keeps the
    reason and names any published report pack that already showed the old value.
    """
    _require(user, CHANGE_PERMISSION, "change monthly values")
    _require_status(value, {ValueStatus.APPROVED}, "changed this way")
    reason = _reason(value, reason, "change_reason", "this value is approved; say why it is being changed")
    entry.apply_to(value)
    value.status = ValueStatus.SUBMITTED
    value.change_reason = reason
    value.entered_by = user
    value.approved_by = None
    value.approved_at = None
    value.full_clean()
    history_reason = f"Approved value changed: {reason}"
    packs = _published_pack_titles(value.measure_id, value.period, reason)
    if packs:
        history_reason += f" (already published in: {'; '.join(packs)})"
    return versioned_save(value, opened=opened, user=user, reason=history_reason)


@dataclass
class Outcome:
    """What a bulk action did: how many values moved and the message of each refusal."""

    done: int = 0
    refused: list[str] = field(default_factory=list)


def values_apply(values: Iterable[MeasureValue], action, **kwargs) -> Outcome:
    """Apply a workflow ``action`` (e.g. ``value_submit``) to each value, each in its own
    transaction; a refusal leaves that value as it was and is reported, the rest go ahead."""
    outcome = Outcome()
    for value in values:
        try:
            with transaction.atomic():
                action(value=value, **kwargs)
        except (PermissionDenied, ValidationError) as refusal:
            outcome.refused.append(_message(refusal))
        else:
            outcome.done += 1
    return outcome


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@dataclass(frozen=True)
class MonthEntry:
    """One box of the month grid: the officer's entry, the stored value and the version opened."""

    measure: Measure
    entry: Entry
    stored: MeasureValue | None = None
    opened: int | None = None


def _claim_versions(entries: list[MonthEntry], month: dt.date) -> None:
    """Raise each stored value's version by one if still at the version opened; else StaleEdit.

    One conditional UPDATE for all the rows; the caller's transaction makes it all-or-nothing.
    """
    if not entries:
        return
    opened = Q()
    for item in entries:
        opened |= Q(pk=item.stored.pk, version=item.opened)
    claimed = MeasureValue.objects.filter(opened).update(version=F("version") + 1)
    if claimed == len(entries):
        return
    current = dict(
        MeasureValue.objects.filter(pk__in=[i.stored.pk for i in entries]).values_list("pk", "version")
    )
    errors = {
        f"m-{i.measure.id}-value": stale_message(i.stored, i.opened, current.get(i.stored.pk))
        for i in entries
        if current.get(i.stored.pk) != i.opened + 1
    }
    raise StaleEdit(errors or {NON_FIELD_ERRORS: f"{month:%B %Y}: the values changed while saving; reload."})


def values_save_month(
    *, month: dt.date, entries: Iterable[MonthEntry], user: AbstractBaseUser, submit: bool = False
) -> tuple[int, int]:
    """Save the month grid's entries in one transaction: all of them, or (on any refusal) none.

    New entries become drafts, changed drafts, returned and submitted values go back to draft;
    approved values are refused here (they change one at a time, with a reason). With ``submit``,
    every draft or returned value of the month is then sent for approval. The caller validates
    the entries first. Writes with a constant number of queries (bulk, with history records).
    Returns (values saved, values submitted); raises PermissionDenied, ValidationError, StaleEdit.
    """
    _require(user, ADD_PERMISSION, "enter monthly values")
    _require(user, CHANGE_PERMISSION, "change monthly values")
    if submit:
        _require(user, SUBMIT_PERMISSION, "submit values for approval")
    entries = list(entries)
    new = [i for i in entries if i.stored is None]
    changed = [i for i in entries if i.stored is not None and i.entry.differs_from(i.stored)]
    approved = [i for i in changed if i.stored.status == ValueStatus.APPROVED]
    if approved:
        raise ValidationError(
            {
                f"m-{i.measure.id}-value": f"{where(i.measure, month)}: this value is approved; change it "
                "on its own page, giving a reason."
                for i in approved
            }
        )
    with transaction.atomic():
        _claim_versions(changed, month)
        created = []
        for item in new:
            value = MeasureValue(
                measure=item.measure, period=month, entered_by=user, status=ValueStatus.DRAFT
            )
            item.entry.apply_to(value)
            created.append(value)
        bulk_create_with_history(created, MeasureValue, default_user=user, default_change_reason="Entered")
        updated = []
        for item in changed:
            item.entry.apply_to(item.stored)
            item.stored.status = ValueStatus.DRAFT
            item.stored.entered_by = user
            item.stored.version = item.opened + 1
            item.stored.updated_at = timezone.now()
            updated.append(item.stored)
        if updated:
            bulk_update_with_history(
                updated,
                MeasureValue,
                [*ENTERED_FIELDS, "status", "entered_by", "version", "updated_at"],
                default_user=user,
                default_change_reason="Edited",
            )
        submitted = _submit_month(month, user) if submit else 0
        bump_data_version()
    return len(created) + len(updated), submitted


def _submit_month(month: dt.date, user: AbstractBaseUser) -> int:
    """Send every draft or returned value of ``month`` for approval (rows locked while read)."""
    waiting = list(
        MeasureValue.objects.select_for_update().filter(
            period=month, status__in=[ValueStatus.DRAFT, ValueStatus.RETURNED]
        )
    )
    for value in waiting:
        value.status = ValueStatus.SUBMITTED
        value.version += 1
    if waiting:
        bulk_update_with_history(
            waiting,
            MeasureValue,
            ["status", "version"],
            default_user=user,
            default_change_reason="Submitted for approval",
        )
    return len(waiting)
