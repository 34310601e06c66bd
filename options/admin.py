from django.contrib import admin

from options.models import Appraisal, Criterion, Option, Score


class OptionInline(admin.TabularInline):
    model = Option
    fields = ["order", "name", "published_total", "acceptability_rank"]
    extra = 0
    show_change_link = True


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["order", "name", "weight", "provenance"]
    extra = 0


@admin.register(Appraisal)
class AppraisalAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "max_score"]
    inlines = [OptionInline, CriterionInline]
    prepopulated_fields = {"code": ["title"]}


class ScoreInline(admin.TabularInline):
    model = Score
    fields = ["criterion", "score", "rationale", "provenance"]
    extra = 0


@admin.register(Option)
class OptionAdmin(admin.ModelAdmin):
    list_display = ["name", "appraisal", "published_total", "acceptability_rank"]
    list_select_related = ["appraisal"]
    inlines = [ScoreInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "appraisal", "weight", "provenance"]
    list_select_related = ["appraisal"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["option", "criterion", "score", "provenance"]
    list_filter = ["option__appraisal", "option"]
    list_select_related = ["option", "criterion"]
