"""The admin's audit page and its CSV export (dashboard.audit), filtered by kind of record and date."""

from __future__ import annotations

from itertools import islice

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from dashboard import audit

SHOWN = 500


def _viewable(request: HttpRequest) -> dict[str, str]:
    """Return the kinds of record this user may see the history of, with their names."""
    return {
        key: str(model._meta.verbose_name_plural).capitalize()
        for key, model in audit.AUDITED.items()
        if request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    }


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Records", required=False)
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, kinds: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "All"), *kinds.items()]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError("The “From” date is after the “To” date.")
        return cleaned


def audit_view(request: HttpRequest) -> HttpResponse:
    """Every change (who, when, field before and after, reason); ``?format=csv`` downloads it."""
    kinds = _viewable(request)
    if not kinds:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, kinds=kinds)
    chosen = form.cleaned_data if form.is_valid() else {}
    selected = [chosen["kind"]] if chosen.get("kind") else list(kinds)
    rows = audit.audit_rows(selected, chosen.get("since"), chosen.get("until"))
    if request.GET.get("format") == "csv" and (form.is_valid() or not request.GET.get("kind")):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        audit.write_csv(rows, response)
        return response
    shown = list(islice(rows, SHOWN + 1))
    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        **admin.site.each_context(request),
        "title": "Audit trail",
        "form": form,
        "rows": shown[:SHOWN],
        "more": len(shown) > SHOWN,
        "limit": SHOWN,
        "csv_query": query.urlencode(),
    }
    return TemplateResponse(request, "admin/audit.html", context)
