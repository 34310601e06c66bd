from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.versioned_admin import VersionedAdmin
from improvement.models import Action, Milestone, Priority, ProgressUpdate, Theme, TimelineEvent


@admin.register(TimelineEvent)
class TimelineEventAdmin(SimpleHistoryAdmin):
    list_display = ["display_date", "kind", "title", "body", "rating"]
    list_filter = ["kind", "rating_level", "body"]
    search_fields = ["title", "summary", "body", "rating"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "date"


class ActionInline(admin.TabularInline):
    model = Action
    fields = ["title", "owner", "due_date", "status"]
    extra = 0
    show_change_link = True
    # Actions change on their own page, which carries the version and asks for a reason.
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "order"]
    inlines = [ActionInline]
    prepopulated_fields = {"code": ["title"]}


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    extra = 0


@admin.register(Action)
class ActionAdmin(VersionedAdmin):
    list_display = ["title", "theme", "owner", "due_date", "status"]
    list_filter = ["status", "theme", "provenance"]
    list_select_related = ["theme"]
    search_fields = ["title", "description", "owner"]
    autocomplete_fields = ["measures"]
    prepopulated_fields = {"code": ["title"]}
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["action", "date", "rag", "author"]
    list_filter = ["rag"]
    list_select_related = ["action"]
    search_fields = ["commentary", "action__title"]
    date_hierarchy = "date"


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["title", "financial_year", "lead", "provenance"]
    list_filter = ["year", "provenance"]
    search_fields = ["title", "description", "lead"]
    autocomplete_fields = ["measures"]
    prepopulated_fields = {"code": ["title"]}
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "priority", "due_date", "status"]
    list_filter = ["status", "priority__year"]
    list_select_related = ["priority"]
    search_fields = ["title"]
