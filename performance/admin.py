from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.versioned_admin import VersionedAdmin
from performance.entry.admin import MeasureValueAdmin
from performance.measures.admin_display import MeasureFiguresMixin
from performance.models import (
    BenchmarkValue,
    ChildPopulation,
    Measure,
    MeasureCommentary,
    MeasureRebase,
    MeasureValue,
    Target,
    ValueImport,
)


class TargetInline(admin.TabularInline):
    """Read-only here: targets change on their own page, which guards against lost updates."""

    model = Target
    extra = 0
    fields = ["value", "tolerance", "basis", "valid_from", "valid_to", "provenance"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class MeasureRebaseInline(admin.TabularInline):
    """Each recalculation of the limits, with the reason for it (a rebase needs one)."""

    model = MeasureRebase
    extra = 0
    fields = ["starts_on", "reason", "event"]
    autocomplete_fields = ["event"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "polarity", "basis", "frequency", "moving_ranges", "active"]
    list_filter = ["unit", "polarity", "basis", "topic", "moving_ranges", "active"]
    search_fields = ["code", "name", "definition", "lait_code"]
    prepopulated_fields = {"code": ["name"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code", "name", "short_name", "definition", "unit", "polarity", "decimal_places",
                    "frequency", "basis", "year_basis", "topic", "source", "lait_code",
                    "started_on", "active", "order",
                ]
            },
        ),
        (
            "Process limits (SPC)",
            {
                "description": (
                    "How the limits are computed: screened moving ranges or all of them, and a baseline"
                    " that fixes them (a number of months, or a period) until a rebase below."
                ),
                "fields": ["moving_ranges", "baseline_points", ("baseline_start", "baseline_end")],
            },
        ),
    ]  # fmt: skip
    inlines = [TargetInline, MeasureRebaseInline]


@admin.register(MeasureRebase)
class MeasureRebaseAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "starts_on", "reason", "event"]
    list_select_related = ["measure", "event"]
    list_filter = ["measure"]
    search_fields = ["measure__name", "reason"]
    autocomplete_fields = ["measure", "event"]


@admin.register(Target)
class TargetAdmin(MeasureFiguresMixin, VersionedAdmin):
    list_display = [
        "measure",
        "shown_value",
        "shown_tolerance",
        "basis",
        "valid_from",
        "valid_to",
        "provenance",
    ]
    list_filter = ["basis", "provenance"]
    list_select_related = ["measure"]
    autocomplete_fields = ["measure"]


admin.site.register(MeasureValue, MeasureValueAdmin)


@admin.register(ValueImport)
class ValueImportAdmin(admin.ModelAdmin):
    """The record of previewed files and what their confirmation wrote; read only."""

    list_display = ["file_name", "user", "status", "written", "created_at", "finished_at"]
    list_filter = ["status"]
    fields = [
        "file_name",
        "user",
        "status",
        "written",
        "outcome",
        "sha256",
        "created_at",
        "expires_at",
        "finished_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BenchmarkValue)
class BenchmarkValueAdmin(MeasureFiguresMixin, admin.ModelAdmin):
    list_display = [
        "measure",
        "year",
        "comparator",
        "area_name",
        "shown_value",
        "suppressed",
        "published_on",
        "provenance",
    ]
    list_filter = ["comparator", "year", "provenance"]
    list_select_related = ["measure"]
    search_fields = ["measure__name", "area_name", "area_code"]
    autocomplete_fields = ["measure"]


@admin.register(MeasureCommentary)
class MeasureCommentaryAdmin(SimpleHistoryAdmin):
    """Read-only sentences: edits go through commentary_save, which marks an officer's words."""

    list_display = ["measure", "period", "status", "edited_by", "approved_at"]
    list_filter = ["status", "measure"]
    list_select_related = ["measure", "edited_by"]
    autocomplete_fields = ["measure"]
    readonly_fields = [
        "sentences",
        "status",
        "edited_by",
        "approved_by",
        "approved_at",
        "version",
        "updated_at",
    ]


@admin.register(ChildPopulation)
class ChildPopulationAdmin(admin.ModelAdmin):
    list_display = ["area_name", "year", "children", "provenance"]
    list_filter = ["area_name", "provenance"]
    search_fields = ["area_name", "area_code"]
