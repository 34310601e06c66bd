"""Admin change forms that carry the version they opened and a reason for every change.

The form holds the version as a hidden field. A form posted from an older version is shown again
with the refusal (naming who changed the record and when) above the officer's own typing; a
race lost after that check (the conditional UPDATE in ``core.concurrency``) rolls the whole
admin transaction back and returns to the form with the same message, never a 500.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from core.concurrency import StaleEdit, stale_message, versioned_save


class VersionedForm(forms.ModelForm):
    """A ModelForm with the version the editor opened and the reason for the change."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_note = forms.CharField(
        label="Reason for this change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the record's history with your name and the time.",
    )
    # Set by the admin: whether a change to an existing record must say why.
    reason_required = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["opened_version"].initial = self.instance.version

    def needs_reason(self) -> bool:
        """Return whether this save must say why (an existing record, by default)."""
        return self.reason_required and self.instance.pk is not None and self.has_changed()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is not None:
            opened = cleaned.get("opened_version")
            if opened is None:
                raise ValidationError("This form did not say which version it opened; reload the page.")
            # self.instance was read from the database for this request: its version is current.
            if opened != self.instance.version:
                raise StaleEdit(stale_message(self.instance, opened, self.instance.version))
        if self.needs_reason() and not cleaned.get("change_note", "").strip():
            self.add_error("change_note", f"{self.instance}: say why you are changing it.")
        return cleaned


class _Diff(HistoricalRecordContextHelper):
    """Show an empty before or after as a dash, not "None" or "Deleted user (pk=None)"."""

    def prepare_delta_change_value(self, change: Any, value: Any) -> Any:
        if value is None or value == "" or (isinstance(value, DeletedObject) and value.pk is None):
            return "—"
        return super().prepare_delta_change_value(change, value)


class VersionedAdmin(SimpleHistoryAdmin):
    """History (with the before/after diff) plus lost-update protection and change reasons."""

    form = VersionedForm
    object_history_template = "admin/versioned/object_history.html"

    def revert_disabled(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        """Reverting would skip the version check and the workflow: change the record instead."""
        return True

    def get_historical_record_context_helper(self, request: HttpRequest, historical_record: Any) -> _Diff:
        return _Diff(self.model, historical_record)

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> list[str]:
        return [*super().get_readonly_fields(request, obj), "version"]

    def save_model(self, request: HttpRequest, obj: models.Model, form: VersionedForm, change: bool) -> None:
        reason = form.cleaned_data.get("change_note", "").strip()
        versioned_save(
            obj,
            opened=form.cleaned_data.get("opened_version") if change else None,
            user=request.user,
            reason=reason or ("Created" if not change else "Changed"),
        )

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refused:
            # Raised by save_model after the form checks passed (a lost race, StaleEdit): the
            # admin's transaction has rolled back, so nothing was written.
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
