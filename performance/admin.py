from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.versioned_admin import VersionedAdmin
from performance.entry.admin import MeasureValueAdmin
from performance.measures.admin_display import MeasureFiguresMixin
from performance.models import BenchmarkValue, Measure, MeasureCommentary, MeasureValue, Target


class TargetInline(admin.TabularInline):
    """Read-only here: targets change on their own page, which guards against lost updates."""

    model = Target
    extra = 0
    fields = ["value", "tolerance", "valid_from", "valid_to", "provenance"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "polarity", "frequency", "active"]
    list_filter = ["unit", "polarity", "topic", "active"]
    search_fields = ["code", "name", "definition", "lait_code"]
    prepopulated_fields = {"code": ["name"]}
    filter_horizontal = ["rebase_events"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(MeasureFiguresMixin, VersionedAdmin):
    list_display = ["measure", "shown_value", "shown_tolerance", "valid_from", "valid_to", "provenance"]
    list_filter = ["provenance"]
    list_select_related = ["measure"]
    autocomplete_fields = ["measure"]


admin.site.register(MeasureValue, MeasureValueAdmin)


@admin.register(BenchmarkValue)
class BenchmarkValueAdmin(MeasureFiguresMixin, admin.ModelAdmin):
    list_display = ["measure", "year", "comparator", "area_name", "shown_value", "suppressed", "provenance"]
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
