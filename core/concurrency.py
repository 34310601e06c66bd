"""No lost updates: optimistic locking on a model's ``version`` field.

Every versioned save is a conditional ``UPDATE ... SET version = N + 1 WHERE pk = ... AND
version = N`` (N being the version the editor opened) followed, in the same transaction, by the
ordinary ``save()`` that writes the fields and the django-simple-history record. When the update
touches no row, someone else saved first: the save is refused with a ``StaleEdit`` (a
``ValidationError``) naming who changed the record and when. The conditional update is what
catches a race lost *after* a form compared versions; on PostgreSQL it also holds the row lock
until the transaction ends, so the two saves cannot interleave.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone


class StaleEdit(ValidationError):
    """The record changed after the editor opened it; nothing was saved."""


def _who_and_when(model: type[models.Model], pk: Any) -> str:
    """Return "Jane Smith (jsmith) at 14:05 on 3 May 2016", from the newest history record."""
    history = getattr(model, "history", None)
    record = (
        history.filter(**{model._meta.pk.attname: pk}).select_related("history_user").first()
        if history is not None
        else None
    )
    if record is None:
        return "someone else"
    user = record.history_user
    who = "someone unknown"
    if user is not None:
        full = user.get_full_name() if hasattr(user, "get_full_name") else ""
        who = f"{full} ({user.get_username()})" if full else user.get_username()
    when = timezone.localtime(record.history_date)
    return f"{who} at {when:%H:%M} on {when.day} {when:%B %Y}"


def stale_message(instance: models.Model, opened: int, current: int | None) -> str:
    """Return the refusal message for an edit opened at version ``opened``."""
    label = f"{instance._meta.verbose_name} “{instance}”"
    if current is None:
        return f"{label} was deleted after you opened it; nothing was saved."
    who = _who_and_when(type(instance), instance.pk)
    return (
        f"{label} was changed by {who} after you opened it (you had version {opened}, it is now "
        f"version {current}). Your changes were not saved: reload the page to see theirs, then "
        "make yours again."
    )


def current_version(instance: models.Model) -> int | None:
    """Return the stored version of ``instance`` (None when the row is gone). One query."""
    return type(instance)._default_manager.filter(pk=instance.pk).values_list("version", flat=True).first()


def check_version(instance: models.Model, opened: int) -> None:
    """Raise StaleEdit when the stored version is not ``opened`` (the form-time check)."""
    current = current_version(instance)
    if current != opened:
        raise StaleEdit({"version": stale_message(instance, opened, current)})


def versioned_save(
    instance: models.Model,
    *,
    opened: int | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    reason: str = "",
) -> models.Model:
    """Save ``instance`` if nobody saved it since version ``opened`` (default: its own version).

    A new instance is simply inserted at version 1. Sets the history user and change reason, raises
    the version by one and writes one history record. Raises StaleEdit, writing nothing, on a
    lost update. Returns the instance.
    """
    # Versioned models carry ``version`` and simple-history's per-save attributes.
    record: Any = instance
    if user is not None:
        record._history_user = user
    record._change_reason = reason or None
    if record._state.adding:
        record.version = 1
        record.save()
        return instance
    opened = record.version if opened is None else opened
    model = type(instance)
    with transaction.atomic():
        claimed = model._default_manager.filter(pk=instance.pk, version=opened).update(version=opened + 1)
        if claimed != 1:
            raise StaleEdit({"version": stale_message(instance, opened, current_version(instance))})
        record.version = opened + 1
        record.save()
    return instance
