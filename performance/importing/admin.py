"""The admin's import and export of monthly values (django-import-export), as one mixin.

MeasureValueAdmin takes ``MeasureValueImportExportMixin`` first in its bases. The import reads
any officer's CSV or XLSX through ``performance.importing.parsing`` (one format that sniffs the
file, so a renamed PDF is refused by what it is, not by its name). Its two steps call the
services in performance.importing.services, not the library's own: the preview
(``import_preview``) stores the file bound to its hash and to the state of the months it fills,
and the confirm (``import_confirm``) imports it once, all or nothing, and reports what was read
back. The library's ``process_result`` (its "Import finished" message and a log entry per row,
written even when the import was rolled back) is never called.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm

from performance.importing import services
from performance.importing.parsing import ImportRefused, check_size, read_upload, read_values_file
from performance.importing.resources import MeasureValueExportResource, MeasureValueResource


class ValuesFile(base_formats.Format):
    """An officer's CSV or XLSX of monthly values: read by performance.importing.parsing."""

    def __init__(self, encoding: str | None = None) -> None:
        self.encoding = encoding  # unused: the reader detects UTF-8 (with or without BOM) or Windows-1252

    def get_title(self) -> str:
        return "CSV or Excel (.xlsx)"

    def create_dataset(self, in_stream):
        return read_values_file(in_stream)

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def get_extension(self) -> str:
        return "csv"

    def can_import(self) -> bool:
        return True


class ValuesImportForm(ImportForm):
    """The import form, refusing an oversized file from its size before a byte is read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size)
        except ImportRefused as refusal:
            raise forms.ValidationError(str(refusal)) from refusal
        return upload


class ConfirmValuesForm(forms.Form):
    """The confirm step: which stored preview, and the hash of the file it was made from."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)


class MeasureValueImportExportMixin(ImportExportMixin):
    import_formats = [ValuesFile]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    import_form_class = ValuesImportForm
    import_template_name = "admin/performance/measurevalue/import_values.html"

    def get_import_resource_classes(self, request):
        return [MeasureValueResource]

    def get_export_resource_classes(self, request):
        return [MeasureValueExportResource]

    def get_import_data_kwargs(self, **kwargs):
        """Every import is all or nothing (services.ALL_OR_NOTHING)."""
        return {**super().get_import_data_kwargs(**kwargs), **services.ALL_OR_NOTHING}

    def import_action(self, request, **kwargs):
        """The preview: read and check the file, store it for one confirm, show what was understood."""
        if request.method != "POST":
            return super().import_action(request, **kwargs)
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        context: dict = {}
        if form.is_valid():
            upload = form.cleaned_data["import_file"]
            try:
                preview = services.import_preview(
                    data=read_upload(upload), user=request.user, name=upload.name
                )
            except ImportRefused as refusal:
                form.add_error("import_file", str(refusal))
            else:
                context["result"] = preview.result
                context["preview"] = preview
                if preview.stored is not None:
                    context["confirm_form"] = ConfirmValuesForm(
                        initial={"token": preview.stored.token, "sha256": preview.stored.sha256}
                    )
        return self._import_page(request, form, context)

    def _import_page(self, request, form, context: dict) -> TemplateResponse:
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            **context,
            "title": "Import monthly values",
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, [self.import_template_name], context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The confirm: one call to services.import_confirm; its message, then the values or the form."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ConfirmValuesForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request, "This confirmation is incomplete; nothing was imported.", messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:performance_measurevalue_import"))
        outcome = services.import_confirm(
            token=form.cleaned_data["token"], sha256=form.cleaned_data["sha256"], user=request.user
        )
        self.message_user(request, outcome.message, messages.SUCCESS if outcome.ok else messages.ERROR)
        for problem in outcome.problems[:20]:
            self.message_user(request, problem, messages.ERROR)
        if len(outcome.problems) > 20:
            self.message_user(request, f"… and {len(outcome.problems) - 20} more.", messages.ERROR)
        if not outcome.ok:
            return HttpResponseRedirect(reverse("admin:performance_measurevalue_import"))
        return HttpResponseRedirect(reverse("admin:performance_measurevalue_changelist"))

    def add_data_read_fail_error_to_form(self, form, e) -> None:
        if isinstance(e, ImportRefused):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)
