"""The monthly values' admin: one-value entry, workflow actions, the month grid and the audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from core.display import NO_FIGURE
from core.versioned_admin import VersionedAdmin
from performance.entry import month_grid, services
from performance.entry.forms import MeasureValueForm
from performance.importing.admin import MeasureValueImportExportMixin
from performance.judgement.basis import add_months
from performance.measures.admin_display import MeasureFiguresMixin, in_measure_format
from performance.models import MeasureValue, Target


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Why are these values returned?",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="The officer sees this beside each value; it is kept in the history.",
    )


class MeasureValueAdmin(MeasureFiguresMixin, MeasureValueImportExportMixin, VersionedAdmin):
    form = MeasureValueForm
    list_display = [
        "measure",
        "period",
        "shown_value",
        "shown_previous",
        "shown_target",
        "reason",
        "status",
        "entered_by",
    ]
    ordering = ["-updated_at", "-pk"]  # newest first, so an import's or a month's drafts head the list
    list_filter = ["status", "provenance", "measure"]
    list_select_related = ["measure", "entered_by"]
    search_fields = ["measure__name", "measure__code"]
    autocomplete_fields = ["measure"]
    date_hierarchy = "period"
    readonly_fields = [
        "status",
        "provenance",
        "return_reason",
        "change_reason",
        "entered_by",
        "approved_by",
        "approved_at",
        "updated_at",
    ]
    actions = ["submit_selected", "approve_selected", "return_selected"]
    change_list_template = "admin/performance/measurevalue/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[MeasureValue]:
        """Each value with the one before it and the target in force, for the approver's list
        (two subqueries, so the list stays one query)."""
        earlier = MeasureValue.objects.filter(measure=OuterRef("measure"), period__lt=OuterRef("period"))
        in_force = Target.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("period")),
            measure=OuterRef("measure"),
            valid_from__lte=OuterRef("period"),
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                previous_value=Subquery(earlier.order_by("-period").values("value")[:1]),
                previous_period=Subquery(earlier.order_by("-period").values("period")[:1]),
                target_value=Subquery(in_force.order_by("-valid_from").values("value")[:1]),
            )
        )

    @admin.display(description="Previous month")
    def shown_previous(self, obj: MeasureValue) -> str:
        previous = getattr(obj, "previous_value", None)
        if previous is None:
            return "None entered"
        return f"{in_measure_format(previous, obj.measure)} ({obj.previous_period:%b %Y})"

    @admin.display(description="Target")
    def shown_target(self, obj: MeasureValue) -> str:
        target = getattr(obj, "target_value", None)
        return in_measure_format(target, obj.measure) if target is not None else "No target"

    @admin.display(description="Reason given")
    def reason(self, obj: MeasureValue) -> str:
        """The officer's reason for an unusual value or for changing an approved one."""
        return obj.outlier_reason or obj.change_reason or NO_FIGURE

    def get_readonly_fields(self, request: HttpRequest, obj: MeasureValue | None = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "measure", "period"] if obj is not None else fields

    # --- one value at a time, through the same services as the grid ---------------------------

    def save_model(
        self, request: HttpRequest, obj: MeasureValue, form: MeasureValueForm, change: bool
    ) -> None:
        stored = MeasureValue.objects.select_related("measure").get(pk=obj.pk) if change else None
        saved = services.value_save(
            measure=obj.measure,
            period=obj.period,
            entry=form.entry(),
            user=request.user,
            instance=stored,
            opened=form.cleaned_data.get("opened_version"),
            reason=form.cleaned_data.get("change_note", "").strip(),
        )
        if saved is not None:
            obj.pk, obj.version, obj.status = saved.pk, saved.version, saved.status

    # --- workflow actions ----------------------------------------------------------------------

    def has_submit_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(services.SUBMIT_PERMISSION)

    def has_approve_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(services.APPROVE_PERMISSION)

    def _report(self, request: HttpRequest, outcome: services.Outcome, done: str) -> None:
        if outcome.done:
            self.message_user(request, f"{outcome.done} value(s) {done}.", messages.SUCCESS)
        for refusal in outcome.refused:
            self.message_user(request, refusal, messages.ERROR)

    @admin.action(description="Submit the selected values for approval", permissions=["submit"])
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[MeasureValue]) -> None:
        outcome = services.values_apply(
            queryset.select_related("measure"), services.value_submit, user=request.user
        )
        self._report(request, outcome, "submitted for approval")

    @admin.action(description="Approve the selected values", permissions=["approve"])
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[MeasureValue]) -> HttpResponse | None:
        """Approve the selection; when it holds an unusual value, first show each value beside the
        month before, the target and the officer's reason, and ask once more."""
        values = list(queryset.select_related("measure").order_by("measure__name", "period"))
        unusual = [v for v in values if v.outlier_reason]
        if unusual and "confirm_approve" not in request.POST:
            context = {
                **self.admin_site.each_context(request),
                "title": f"Approve {len(values)} value(s), {len(unusual)} of them unusual?",
                "opts": self.model._meta,
                "rows": [
                    (v, self.shown_value(v), self.shown_previous(v), self.shown_target(v), self.reason(v))
                    for v in values
                ],
                "unusual": len(unusual),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/performance/measurevalue/approve.html", context)
        outcome = services.values_apply(values, services.value_approve, user=request.user)
        self._report(request, outcome, "approved")
        return None

    @admin.action(description="Return the selected values for correction…", permissions=["approve"])
    def return_selected(self, request: HttpRequest, queryset: QuerySet[MeasureValue]) -> HttpResponse | None:
        form = ReturnForm(request.POST if "confirm_return" in request.POST else None)
        if form.is_valid():
            outcome = services.values_apply(
                queryset.select_related("measure"),
                services.value_return,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
            self._report(request, outcome, "returned")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Return values for correction",
            "opts": self.model._meta,
            "values": queryset.select_related("measure"),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/performance/measurevalue/return.html", context)

    # --- the month grid ------------------------------------------------------------------------

    def get_urls(self) -> list:
        custom = [
            path(
                "month/", self.admin_site.admin_view(self.month_view), name="performance_measurevalue_month"
            ),
        ]
        return custom + super().get_urls()

    def month_view(self, request: HttpRequest) -> HttpResponse:
        """Every active measure for one month, saved all-or-nothing."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        today = timezone.localdate()
        chooser = month_grid.MonthForm(request.GET or None)
        month = chooser.cleaned_data["month"] if chooser.is_valid() else month_grid.opening_month(today)
        posted = request.method == "POST"
        rows = month_grid.build_grid(month, request.POST if posted else None)
        result = None
        if posted:
            submit = "_submit" in request.POST
            if submit and not self.has_submit_permission(request):
                raise PermissionDenied
            result = month_grid.save_grid(month, rows, request.user, submit=submit)
            if result.ok:
                text = f"{month:%B %Y}: {result.saved} value(s) saved"
                text += f", {result.submitted} submitted for approval." if submit else " as drafts."
                self.message_user(request, text, messages.SUCCESS)
                return _redirect_to_month(request, month)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Enter a month: {month:%B %Y}",
            "opts": self.model._meta,
            "month": month,
            "last_month": add_months(month, -1),
            "chooser": month_grid.MonthForm(initial={"month": month}),
            "rows": rows,
            "errors": _error_summary(rows, result, month),
            "can_submit": self.has_submit_permission(request),
        }
        return TemplateResponse(request, "admin/performance/measurevalue/month.html", context)


def _redirect_to_month(request: HttpRequest, month: dt.date) -> HttpResponse:
    return HttpResponseRedirect(f"{request.path}?month={month:%Y-%m}")


def _error_summary(rows: list[month_grid.Row], result: Any, month: dt.date) -> list[tuple[str, str]]:
    """Return (anchor id, message) for every problem on the page, for the summary at the top;
    each message names the measure, the month and the box, so every link says where it goes."""
    summary = [("", message) for message in (result.errors if result else [])]
    for row in rows:
        for name, errors in row.form.errors.items():
            where = f"{row.measure.name}, {month:%B %Y}"
            if name in row.form.fields:
                anchor, where = row.form[name].auto_id, f"{where}, {str(row.form[name].label).lower()}"
            else:
                anchor = f"row-{row.measure.id}"
            # A message from the unusual-value check names the measure and month already.
            summary.extend(
                (anchor, str(message) if row.measure.code in str(message) else f"{where}: {message}")
                for message in errors
            )
    return summary
