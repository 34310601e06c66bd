from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from performance.admin_import import MeasureValueImportExportMixin
from performance.models import BenchmarkValue, Measure, MeasureCommentary, MeasureValue, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "polarity", "frequency", "active"]
    list_filter = ["unit", "polarity", "topic", "active"]
    search_fields = ["code", "name", "definition", "lait_code"]
    prepopulated_fields = {"code": ["name"]}
    filter_horizontal = ["rebase_events"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "value", "tolerance", "valid_from", "valid_to", "provenance"]
    list_filter = ["provenance"]
    list_select_related = ["measure"]
    autocomplete_fields = ["measure"]


@admin.register(MeasureValue)
class MeasureValueAdmin(MeasureValueImportExportMixin, SimpleHistoryAdmin):
    list_display = ["measure", "period", "value", "status", "provenance"]
    list_filter = ["status", "provenance", "measure"]
    list_select_related = ["measure"]
    search_fields = ["measure__name", "measure__code"]
    autocomplete_fields = ["measure"]
    date_hierarchy = "period"
    readonly_fields = ["entered_by", "approved_by", "approved_at", "version", "updated_at"]


@admin.register(BenchmarkValue)
class BenchmarkValueAdmin(admin.ModelAdmin):
    list_display = ["measure", "year", "comparator", "area_name", "value", "suppressed", "provenance"]
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
