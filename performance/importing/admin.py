"""The admin's import and export of monthly values (django-import-export), as one mixin.

MeasureValueAdmin takes ``MeasureValueImportExportMixin`` first in its bases. The import reads
any officer's CSV or XLSX through ``performance.importing.parsing`` (one format that sniffs the file,
so a renamed PDF is refused by what it is, not by its name), previews it, and on confirm imports
it all or nothing: ``rollback_on_validation_errors`` is passed on both steps, because the
library's confirm step otherwise commits the rows that passed.
"""

from __future__ import annotations

from django import forms
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm

from performance.importing.parsing import ImportRefused, check_size, read_values_file
from performance.importing.resources import MeasureValueExportResource, MeasureValueResource
from performance.importing.services import ALL_OR_NOTHING


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
        """Both steps are all or nothing (the confirm step's trap: see the module docstring)."""
        return {**super().get_import_data_kwargs(**kwargs), **ALL_OR_NOTHING}

    def add_data_read_fail_error_to_form(self, form, e) -> None:
        if isinstance(e, ImportRefused):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)
